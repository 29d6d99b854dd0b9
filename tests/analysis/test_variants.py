"""Variants: each operation through the API, the `variants:` section, and its findings."""

from __future__ import annotations

import textwrap

import pytest

import pkforce
from pkforce import variants as v
from pkforce.scenario.model import Scenario
from pkforce.variants import VariantError
from tests.analysis.conftest import VARIANTS
from tests.helpers import BASE, SCENARIOS
from tests.test_cli import run


def ids(s: Scenario) -> list[str]:
    return [u.id for u in s.units]


def test_drop_contributor_removes_its_units_approval_and_lift(base: Scenario) -> None:
    s = v.drop_contributor(base, "RUS")
    assert "rus-fpu" not in ids(s)
    assert not [p for p in s.procedure if getattr(p, "state", None) == "RUS"]
    assert "RUS" not in s.logistics.lift_per_day
    assert len(ids(base)) == 7, "the base is left alone"


@pytest.mark.parametrize(("subordinates", "expected"), [("reparent", {"kgz-coy": "cc"}), ("remove", {})])
def test_remove_unit_reparents_or_removes_subordinates(
    base: Scenario, subordinates: str, expected: dict[str, str]
) -> None:
    s = v.remove_unit(base, "kazbat", subordinates=subordinates)
    assert "kazbat" not in ids(s)
    assert {u.id: u.parent for u in s.units if u.id == "kgz-coy"} == expected


def test_add_and_replace_unit(base: Scenario) -> None:
    s = v.add_unit(base, {"id": "rus-bn", "type": "infantry_battalion", "nation": "RUS", "parent": "cc"})
    assert ids(s)[-1] == "rus-bn"
    s = v.replace_unit(base, {"id": "kazbat", "type": "infantry_company", "nation": "KAZ", "parent": "cc"})
    assert s.units[1].type == "infantry_company" and s.units[1].readiness is None
    with pytest.raises(VariantError, match="already exists"):
        v.add_unit(base, {"id": "cc", "nation": "KAZ"})


def test_scale_personnel_uses_the_resolved_figures(base: Scenario) -> None:
    from pkforce.force import Force

    before = Force.from_scenario(base).units[1].military
    s = v.scale_personnel(base, "kazbat", 0.5)
    assert s.units[1].personnel is not None and s.units[1].personnel.military == round(before * 0.5)


def test_lift_readiness_duration_and_shift(base: Scenario) -> None:
    assert v.set_lift(base, "RUS", 1200).logistics.lift_per_day["RUS"] == 1200
    assert str(v.set_readiness(base, "cc", "P20D").units[0].readiness) == "P20D"
    tjk = "national_approval TJK"
    assert str(v.set_duration(base, tjk, "P30D").procedure[-1].duration) == "P30D"
    assert str(v.shift_step(base, tjk, 3).procedure[-1].duration) == "{min: P13D, mode: P23D, max: P48D}"
    assert v.shift_step(base, "un_mandate", -3).procedure[0].date.isoformat() == "2027-02-17"
    with pytest.raises(VariantError, match="has a date"):
        v.set_duration(base, "un_mandate", "P3D")
    with pytest.raises(VariantError, match="negative"):
        v.shift_step(base, tjk, -20)


def test_unknown_names_say_what_exists(base: Scenario) -> None:
    with pytest.raises(VariantError, match="did you mean `kazbat`"):
        v.set_readiness(base, "kazbatt", "P3D")
    with pytest.raises(VariantError, match="national_approval"):
        v.shift_step(base, "national_approval", 3)  # five of them: ambiguous
    with pytest.raises(VariantError, match="no unit of the force is from `ARM`"):
        v.drop_contributor(base, "ARM")


def test_a_named_variant_from_the_file_and_a_broken_one_raises(base: Scenario) -> None:
    s = v.apply_variant(base, "no-belarus")
    assert "blr-med" not in ids(s) and "rus-med" in ids(s) and s.variants == []
    article3 = pkforce.load(SCENARIOS / "article3-kyrgyzstan.yaml")  # one combined command, Russia's
    with pytest.raises(pkforce.ScenarioError, match="PKF304"):
        v.drop_contributor(article3, "RUS")  # the combined command's nation
    with pytest.raises(VariantError, match="no variant `nope`"):
        v.apply_variant(base, "nope")


def broken_file(tmp_path, changes: str) -> str:
    text = (
        BASE
        + "  - id: kgz-coy\n    type: infantry_company\n    nation: KGZ\n    parent: cc\n"
        + "variants:\n  - name: broken\n    changes:\n"
        + textwrap.indent(textwrap.dedent(changes), "      ")
    )
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_validate_locates_findings_in_a_variant_and_names_it(tmp_path) -> None:
    path = broken_file(tmp_path, "- drop_contributor: KAZ\n")
    proc = run("validate", path)
    assert proc.returncode == 1
    # the combined command's nation is gone: the Kyrgyz company is left at the top of the tree,
    # reported at that unit's line in the base file
    assert (
        "s.yaml:36:11: PKF802 [error] variant-breaks-scenario: variant `broken`: PKF201 "
        "combined-command-missing" in proc.stdout
    ), proc.stdout


def test_a_change_naming_nothing_is_located_at_the_change(tmp_path) -> None:
    path = broken_file(tmp_path, "- set_lift: RUS\n  per_day: 900\n- set_readiness: kaz-coyy\n  readiness: P3D\n")
    proc = run("validate", path)
    assert proc.returncode == 1
    assert (
        "s.yaml:44:9: PKF801 [error] variant-change-invalid: variant `broken`: there is no unit `kaz-coyy`"
        in proc.stdout
    ), proc.stdout


def test_a_change_with_two_operations_is_a_schema_error(tmp_path) -> None:
    path = broken_file(tmp_path, "- set_lift: RUS\n  remove_unit: cc\n  per_day: 3\n")
    proc = run("validate", path)
    assert proc.returncode == 1 and "exactly one operation" in proc.stdout, proc.stdout


def test_an_operation_with_no_value_is_a_located_schema_error(tmp_path) -> None:
    """`- set_readiness:` with nothing after it (found by the mutation property test): a finding at
    the change, not an internal error from a change that names no operation at all."""
    path = broken_file(tmp_path, "- set_readiness:\n  readiness: P3D\n")
    proc = run("validate", path)
    assert proc.returncode == 1 and "internal error" not in proc.stderr, proc.stderr
    assert "PKF013 [error] invalid-value: `set_readiness` has no value" in proc.stdout, proc.stdout


@pytest.mark.parametrize("change", ["shift_step", "set_duration"])
def test_a_step_change_on_a_scenario_without_procedure_is_a_finding(change: str) -> None:
    """A scenario with no `procedure:` and a variant that moves a step (found by the mutation
    property test): the change's finding, not an internal error."""
    text = VARIANTS.read_text(encoding="utf-8")
    text = text[: text.index("\nprocedure:")] + text[text.index("\nunits:") :]
    if change == "set_duration":
        text = text.replace(
            "shift_step: national_approval TJK\n        days: 30",
            "set_duration: national_approval TJK\n        duration: P3D",
        )
    assert f"{change}: national_approval TJK" in text
    found = [d.message for d in pkforce.validate_text(text, "s.yaml").diagnostics if d.code == "PKF801"]
    assert found == ["variant `tajik-parliament-stalls`: there is no procedure step `national_approval TJK`"], found


def test_the_shipped_variants_file_is_clean() -> None:
    assert run("validate", str(VARIANTS)).returncode == 0
