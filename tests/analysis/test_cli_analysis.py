"""The new commands end to end: golden text output, the installed script, and hostile variant input."""

from __future__ import annotations

import json

import pydantic
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import pkforce
from pkforce import variants as v
from pkforce.scenario.model import Scenario
from tests.analysis.conftest import VARIANTS
from tests.test_cli import check_golden, run, run_installed

REL = "scenarios/un-operation-variants.yaml"


def test_sweep_text_golden() -> None:
    proc = run("sweep", REL, "--runs", "1000", "--seed", "4")
    assert proc.returncode == 0
    check_golden("analysis/sweep.txt", proc.stdout)


def test_compare_text_golden(tmp_path) -> None:
    changed = v.variant(
        pkforce.load(VARIANTS),
        {"drop_contributor": "BLR"},
        {"set_readiness": "kazbat", "readiness": "P20D"},
        {"set_lift": "RUS", "per_day": 900},
    )
    other = tmp_path / "b.yaml"
    pkforce.dump(changed, other)
    proc = run("compare", REL, str(other))
    assert proc.returncode == 0
    check_golden("analysis/compare.txt", proc.stdout.replace(str(other), "B.yaml"))


def test_installed_script_sweeps_compares_and_refuses(tmp_path) -> None:
    proc = run_installed("sweep", REL, "--runs", "300", "-v", "double-russian-lift", "-f", "json")
    assert proc.returncode == 0 and json.loads(proc.stdout)["cases"][1]["case"] == "double-russian-lift"
    proc = run_installed("compare", REL, REL)
    assert proc.returncode == 0 and "are the same" in proc.stdout
    proc = run_installed("report", REL, "-o", str(tmp_path / "b.html"), "--lang", "xx")
    assert proc.returncode == 2 and "--lang" in proc.stderr and "xx" in proc.stderr  # in-process tests: the rest


OPS = st.sampled_from(
    [
        "drop_contributor",
        "remove_unit",
        "scale_personnel",
        "set_lift",
        "set_readiness",
        "set_duration",
        "shift_step",
        "add_unit",
        "replace_unit",
    ]
)
HOSTILE = st.one_of(
    st.text(max_size=20),
    st.integers(-(10**100), 10**100),
    st.floats(allow_nan=True),
    st.sampled_from(["KAZ", "kazbat", "cc", "national_approval TJK", "council_decision", "P9999Y", "default", "PT0S"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    op=OPS,
    value=HOSTILE,
    extra=st.dictionaries(
        st.sampled_from(["factor", "per_day", "days", "readiness", "duration", "subordinates"]), HOSTILE
    ),
)
def test_any_change_applies_or_says_why(base: Scenario, op: str, value: object, extra: dict[str, object]) -> None:
    change = {op: {"id": value, "nation": "KAZ"} if op in ("add_unit", "replace_unit") else value, **extra}
    try:
        result = v.variant(base, change, validate=False)
    except (v.VariantError, pydantic.ValidationError):
        return  # a finding with a message, as validate shows it
    assert isinstance(result, Scenario) and result.variants == []


def test_validate_reports_a_hostile_change_without_a_traceback(tmp_path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(
        VARIANTS.read_text() + "  - name: odd\n    changes:\n      - scale_personnel: kazbat\n"
        "        factor: 1e308\n      - shift_step: un_mandate\n        days: 1e300\n"
    )
    proc = run("validate", str(path))
    assert proc.returncode in (0, 1) and "internal error" not in proc.stderr
    assert "variant `odd`" in proc.stdout, proc.stdout
