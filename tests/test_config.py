"""Configuration: where it is found, how selectors combine, and bad settings as usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from pkforce.config import Config, ConfigError, enabled, find_config, load_config, severity_for
from pkforce.diagnostics import Severity
from pkforce.validation import validate_text
from tests.helpers import BASE


def test_more_specific_selector_wins() -> None:
    cfg = Config(select=("PKF1",), ignore=("PKF10",))
    assert enabled(cfg, "PKF117", "approval-missing")
    assert not enabled(cfg, "PKF106", "consensus-not-reached")
    assert not enabled(cfg, "PKF201", "combined-command-missing")
    assert enabled(Config(ignore=("PKF1",), select=("PKF106",)), "PKF106", "consensus-not-reached")
    assert not enabled(Config(ignore=("consensus-not-reached",)), "PKF106", "consensus-not-reached")


def test_pyproject_table_is_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.pkforce]\nignore = ["PKF305"]\n\n'
        '[tool.pkforce.severity]\napproval-missing = "error"\n'
    )
    sub = tmp_path / "scenarios" / "deep"
    sub.mkdir(parents=True)
    found = find_config(sub)
    assert found == tmp_path / "pyproject.toml"
    cfg = load_config(found)
    assert cfg.ignore == ("PKF305",)
    assert severity_for(cfg, "PKF117", "approval-missing", Severity.WARNING) is Severity.ERROR


def test_pkforce_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.pkforce]\nignore = []\n")
    (tmp_path / "pkforce.toml").write_text("ignore = []\n")
    assert find_config(tmp_path) == tmp_path / "pkforce.toml"


@pytest.mark.parametrize(
    "text, words",
    [
        ("colour = 1\n", ":1: colour: unknown setting"),
        ("[severity]\nno-such-rule = 'error'\n", ":2: severity.no-such-rule: names no rule"),
        ("[severity]\nPKF106 = 'fatal'\n", ':2: severity.PKF106: must be "error", "warning" or "info"'),
        ("select = 'PKF1'\n", ":1: select: must be a list"),
        ("[limits]\nmax-bytes = 'big'\n", ":2: limits.max-bytes"),
        ("select = [\n", "invalid TOML"),
        # the typo that switched every rule off: letter O for zero
        ('select = ["PKF1O0"]\n', "select: `PKF1O0` matches no rule code or name"),
        ('ignore = ["PKF99"]\n', "ignore: `PKF99` matches no rule"),
        ('ignore = ["PKF012"]\n', "cannot be ignored"),
        ('ignore = ["missing-field"]\n', "cannot be ignored"),
        ('ignore = ["PKF0"]\n', "cannot be ignored"),
        ("[severity]\nPKF001 = 'info'\n", "cannot be demoted"),
        ("[severity]\nyaml-syntax = 'warning'\n", "cannot be demoted"),
        ("severity = 'error'\n", ":1: severity: must be a table"),
        ("limits = [1, 2]\n", ":1: limits: must be a table"),
        ("options = 'PKF207'\n", "options: must be a table"),
        ("[options]\nPKF207 = 5\n", "options.PKF207: must be a table"),
        ("[limits]\nmax-bytes = inf\n", "limits.max-bytes: must be a whole number"),
        ("[limits]\nmax-bytes = nan\n", "whole number"),
        ("[limits]\nmax-bytes = true\n", "whole number"),
        ("[limits]\nmax-nodes = 9223372036854775807\n", "out of range"),
        ("[limits]\nmax-nodes = -9223372036854775808\n", "out of range"),
        ("[limits]\nmax-digits = 5000\n", ":2: limits.max-digits: 5,000 is out of range"),
        ("[limits]\nmax-depth = 100000\n", "out of range"),
        ("[limits]\nmax-width = 3\n", "unknown limit"),
        ("[options.PKF999]\nx = 1\n", "options.PKF999: names no rule"),
        ("[options.PKF106]\nx = 1\n", "has no options"),
        ("[options.PKF207]\nmax_people = 1\n", "options.PKF207.max_people: unknown option"),
        ("[options.PKF207]\nmax_unit_personnel = '5'\n", "whole number"),
        ("[options.PKF207]\nmax_unit_personnel = 1e400\n", "whole number"),
        ("[options.personnel-invalid]\nmax_unit_personnel = 0\n", "whole number from 1"),
        ("[options.PKF305]\nwarn_equal = 1\n", "true or false"),
        ("x = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
        ('select = ["\\u001b[31mred"]\n', "\\x1b[31mred"),
        ("[tool]\n", "unknown setting"),
    ],
)
def test_bad_configuration_is_a_clear_error(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "pkforce.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert words in str(info.value)
    assert str(info.value).startswith(str(path))


def test_pyproject_errors_name_the_tool_table(tmp_path: Path) -> None:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[project]\nname = "x"\n\n[tool.pkforce]\nselect = ["PKF1"]\n\n[tool.pkforce.severity]\nPKF012 = "info"\n'
    )
    with pytest.raises(ConfigError, match=r"pyproject.toml:8: tool.pkforce.severity.PKF012: .*cannot be demoted"):
        load_config(path)
    path.write_text("[tool.pkforce]\nlimits = 3\n")
    with pytest.raises(ConfigError, match=r":2: tool.pkforce.limits: must be a table"):
        load_config(path)


def test_names_are_stored_as_codes_and_options_checked(tmp_path: Path) -> None:
    path = tmp_path / "pkforce.toml"
    path.write_text(
        '[severity]\napproval-missing = "error"\nPKF001 = "error"\n'
        "[options.personnel-invalid]\nmax-unit-personnel = 500\n"
    )
    cfg = load_config(path)
    assert cfg.severity == {"PKF117": Severity.ERROR, "PKF001": Severity.ERROR}
    assert cfg.options == {"PKF207": {"max_unit_personnel": 500}}


def test_file_and_schema_findings_cannot_be_switched_off_from_the_api() -> None:
    missing = BASE.replace("organization: csto\n", "")
    cfg = Config(ignore=("PKF0",), severity={"PKF012": Severity.INFO})
    codes = {(d.code, d.severity) for d in validate_text(missing, config=cfg).diagnostics}
    assert ("PKF012", Severity.ERROR) in codes


def test_configuration_is_found_from_the_scenario_folder(tmp_path: Path) -> None:
    (tmp_path / "pkforce.toml").write_text('ignore = ["PKF305"]\n')
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    scenario = sub / "s.yaml"
    scenario.write_text(BASE)
    assert find_config(scenario) == tmp_path / "pkforce.toml"
    assert load_config(near=scenario).source == str(tmp_path / "pkforce.toml")


def test_severity_override_and_rule_options_apply() -> None:
    no_approval = BASE.replace(
        "  - step: national_approval\n    state: KAZ\n    after: council_decision\n    duration: P7D\n", ""
    )
    plain = [d for d in validate_text(no_approval).diagnostics if d.code == "PKF117"]
    assert [d.severity for d in plain] == [Severity.WARNING]
    strict = Config(severity={"PKF117": Severity.ERROR})
    found = validate_text(no_approval, config=strict).diagnostics
    assert [d.severity for d in found if d.severity is not Severity.INFO] == [Severity.ERROR]
    huge = BASE.replace("    type: infantry_company\n", "    type: infantry_company\n    personnel: {military: 5000}\n")
    assert [
        d.code
        for d in validate_text(huge, config=Config(options={"PKF207": {"max_unit_personnel": 1000}})).diagnostics
        if d.severity is not Severity.INFO
    ] == ["PKF207"]


def test_rule_options_are_declared_by_their_rule() -> None:
    """A rule names its options once, in its decorator: the configuration accepts exactly those, and
    a rule reading an option it did not declare is a programming error, not a silent default."""
    from pkforce.rules import RULES
    from pkforce.rules.registry import Context, run

    declared = {code: {o.name for o in r.options} for code, r in RULES.items() if r.options}
    assert declared == {"PKF207": {"max_unit_personnel"}, "PKF305": {"warn_equal"}}
    ctx = Context(validate_text(BASE, "s.yaml").scenario, options={"PKF207": {"max_unit_personnel": 5}})
    list(run(ctx, ["PKF207"]))
    ctx.rule = RULES["PKF207"]
    assert ctx.option("max_unit_personnel") == 5
    ctx.rule = RULES["PKF305"]
    assert ctx.option("warn_equal") is False
    with pytest.raises(KeyError, match="PKF305 declares no option 'max_unit_personnel'"):
        ctx.option("max_unit_personnel")
