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


@pytest.mark.parametrize("text, words", [
    ("colour = 1\n", "unknown setting"),
    ("[severity]\nno-such-rule = 'error'\n", "names no rule"),
    ("[severity]\nPKF106 = 'fatal'\n", "error, warning or info"),
    ("select = 'PKF1'\n", "must be a list"),
    ("[limits]\nmax-bytes = 'big'\n", "[limits]"),
    ("select = [\n", "invalid TOML"),
])
def test_bad_configuration_is_a_clear_error(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "pkforce.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=words.replace("[", r"\[").replace("]", r"\]")):
        load_config(path)


def test_severity_override_and_rule_options_apply() -> None:
    no_approval = BASE.replace("  - step: national_approval\n    state: KAZ\n    after: council_decision\n"
                               "    duration: P7D\n", "")
    plain = [d for d in validate_text(no_approval).diagnostics if d.code == "PKF117"]
    assert [d.severity for d in plain] == [Severity.WARNING]
    strict = Config(severity={"PKF117": Severity.ERROR})
    found = validate_text(no_approval, config=strict).diagnostics
    assert [d.severity for d in found if d.severity is not Severity.INFO] == [Severity.ERROR]
    huge = BASE.replace("    type: infantry_company\n", "    type: infantry_company\n    personnel: {military: 5000}\n")
    assert [d.code for d in validate_text(huge, config=Config(options={"PKF207": {"max_unit_personnel": 1000}})
                                          ).diagnostics if d.severity is not Severity.INFO] == ["PKF207"]
