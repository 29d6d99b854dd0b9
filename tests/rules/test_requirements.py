"""Requirement and settings rules (PKF4xx): bad and good cases per rule, asserting code and line:column."""

from pkforce.diagnostics import Severity
from pkforce.validation import validate_file
from tests.helpers import BASE, SCENARIOS, assert_clean, findings, positions

VOCABULARY = SCENARIOS / "vocabulary-example.yaml"
CODES = tuple(f"PKF4{n:02d}" for n in range(1, 11))
REQ = "    - {category: combat, personnel: 150, by: P60D}"  # line 9 of BASE
READY = "    readiness: P10D"  # line 34 of BASE (kaz-coy)


def requirement(text: str) -> str:
    return BASE.replace(REQ, f"    - {text}")


def inject(text: str) -> str:
    """BASE with one inject (its first line is line 36)."""
    return BASE + "injects:\n" + text


def test_base_and_vocabulary_have_no_requirement_errors() -> None:
    assert_clean(BASE, *CODES)
    report = validate_file(VOCABULARY)
    mine = [d for d in report.diagnostics if d.code in CODES]
    # the vocabulary's force is short of its combat and police requirements on purpose
    assert [(d.code, d.severity) for d in mine] == [("PKF404", Severity.WARNING)] * 2


def test_pkf401_requirement_invalid() -> None:
    both = requirement("{category: combat, capability: infantry, personnel: 150}")
    assert positions(both, "PKF401") == [(9, 38)]
    assert positions(requirement("{personnel: 150}"), "PKF401") == [(9, 7)]
    assert positions(requirement("{category: combat}"), "PKF401") == [(9, 7)]
    assert positions(requirement("{category: combat, personnel: -150}"), "PKF401") == [(9, 37)]
    assert_clean(requirement("{capability: infantry, units: 1}"), "PKF401")


def test_pkf402_requirement_unknown_category() -> None:
    bad = requirement("{category: comabt, personnel: 150}")
    assert positions(bad, "PKF402") == [(9, 18)]
    assert "(did you mean `combat`?)" in findings(bad, "PKF402")[0].message
    capability = requirement("{category: infantry, personnel: 150}")
    assert "write `capability: infantry`" in (findings(capability, "PKF402")[0].fix or "")
    assert_clean(BASE, "PKF402")


def test_pkf403_requirement_unknown_capability() -> None:
    bad = requirement("{capability: medical_role2, units: 1}")
    assert positions(bad, "PKF403") == [(9, 20)]
    assert "(did you mean `medical_role_2`?)" in findings(bad, "PKF403")[0].message
    assert_clean(requirement("{capability: infantry, units: 1}"), "PKF403")


def test_pkf404_requirement_unreachable() -> None:
    bad = requirement("{category: combat, personnel: 1600}")
    assert positions(bad, "PKF404") == [(9, 37)]
    assert findings(bad, "PKF404")[0].message == "requires 1,600 combat personnel; the whole force has 170"
    police = requirement("{category: police, units: 1}")
    assert findings(police, "PKF404")[0].message == "requires 1 police unit; the whole force has none"
    medical = requirement("{capability: medical_role_2, units: 2}")
    assert "requires 2 units with the capability `medical_role_2`" in findings(medical, "PKF404")[0].message
    # unknown names are PKF402/PKF403's, not reported again as unreachable
    assert findings(requirement("{category: comabt, personnel: 1600}"), "PKF404") == []
    assert_clean(requirement("{capability: infantry, units: 1, personnel: 170}"), "PKF404")


def test_pkf404_counts_reinforcements() -> None:
    text = requirement("{category: combat, personnel: 1000}") + (
        "injects:\n  - {day: 30, action: reinforce, unit: {id: bn, type: infantry_battalion, nation: KAZ, "
        "parent: cc}}\n"
    )
    assert_clean(text, "PKF404")


def test_pkf405_requirement_after_duration() -> None:
    bad = requirement("{category: combat, personnel: 150, by: P200D}")
    assert positions(bad, "PKF405") == [(9, 46)]
    assert "after the simulation horizon (P180D, 180 days)" in findings(bad, "PKF405")[0].message
    short = BASE.replace("  host_state: KGZ\n", "  host_state: KGZ\n  duration: P30D\n")
    assert positions(short, "PKF405") == [(10, 46)]
    assert_clean(BASE, "PKF405")


def test_pkf406_triangular_order() -> None:
    mode = BASE.replace(READY, "    readiness: {min: P20D, mode: P10D, max: P60D}")
    assert positions(mode, "PKF406") == [(34, 34)]
    assert findings(mode, "PKF406")[0].fix == ("put the values in order, e.g. `{min: P10D, mode: P20D, max: P60D}`")
    maximum = BASE.replace("duration: P7D", "duration: {min: P7D, mode: P7D, max: P5D}")
    assert positions(maximum, "PKF406") == [(22, 42)]
    delay = inject("  - {day: 5, action: delay, unit: kaz-coy, duration: {min: P1D, mode: P9D, max: P3D}}\n")
    assert positions(delay, "PKF406") == [(36, 71)]
    assert_clean(BASE.replace(READY, "    readiness: {min: P10D, mode: P10D, max: P60D}"), "PKF406")


def test_pkf406_inline_organisation_delays() -> None:
    org = (
        "organization:\n  id: CSTO\n  members: [KAZ, KGZ]\n  national_approval:\n"
        "    KAZ: {body: Parliament, delay: {min: P7D, mode: P3D, max: P45D}}\n"
    )
    bad = BASE.replace("organization: csto\n", org)
    assert positions(bad, "PKF406") == [(8, 53)]


def test_pkf407_inject_unknown_unit() -> None:
    bad = inject("  - {day: 40, action: withdraw, unit: kaz-coyy}\n")
    assert positions(bad, "PKF407") == [(36, 39)]
    assert "(did you mean `kaz-coy`?)" in findings(bad, "PKF407")[0].message
    assert_clean(inject("  - {day: 40, action: withdraw, unit: kaz-coy}\n"), "PKF407")


def test_pkf408_inject_invalid() -> None:
    def at(entry: str) -> list[tuple[int | None, int | None]]:
        return positions(inject(f"  - {{{entry}}}\n"), "PKF408")

    assert at("day: 20, action: delay, unit: kaz-coy") == [(36, 23)]
    assert at("day: 20, action: reinforce, unit: kaz-bn") == [(36, 40)]
    assert at("day: 20, action: withdraw, unit: {id: x, nation: KAZ}") == [(36, 39)]
    assert at("action: withdraw, unit: kaz-coy") == [(36, 5)]
    assert at("day: 3, date: 2027-01-05, action: withdraw, unit: kaz-coy") == [(36, 20)]
    assert at("day: -3, action: withdraw, unit: kaz-coy") == [(36, 11)]
    assert at("date: 2026-12-01, action: withdraw, unit: kaz-coy") == [(36, 12)]
    reinforce = "day: 20, action: reinforce, unit: {id: %s, type: infantry_company, nation: KAZ, parent: %s}"
    assert at(reinforce % ("kaz-coy", "cc")) == [(36, 45)]
    assert at(reinforce % ("coy-2", "hq")) == [(36, 97)]
    assert at((reinforce % ("coy-2", "cc")).replace(", parent: cc", "")) == [(36, 45)]
    [warning] = findings(inject("  - {day: 20, action: withdraw, unit: kaz-coy, duration: P5D}\n"), "PKF408")
    assert warning.severity is Severity.WARNING
    good = inject(
        "  - {day: 20, action: delay, unit: kaz-coy, duration: P10D}\n"
        f"  - {{{reinforce % ('bn', 'cc')}}}\n"
        "  - {day: 60, action: withdraw, unit: bn}\n"
    )
    assert_clean(good, "PKF408", "PKF407")


def test_pkf409_simulation_settings() -> None:
    bad = BASE + "simulation: {runs: 0, horizon: P10D, step: P20D, ioc_share: 50}\n"
    assert positions(bad, "PKF409") == [(35, 20), (35, 44), (35, 61)]
    assert "(for 50% write 0.5)" in findings(bad, "PKF409")[-1].message
    assert positions(BASE + "simulation: {horizon: P0D}\n", "PKF409") == [(35, 23)]
    assert_clean(BASE + "simulation: {runs: 500, horizon: P90D, step: PT12H, ioc_share: 1}\n", "PKF409")


def test_pkf410_lift_invalid() -> None:
    bad = BASE + "logistics:\n  lift_per_day: {kaz: 0, default: 100}\n"
    assert positions(bad, "PKF410") == [(36, 18), (36, 23)]
    assert "(did you mean `KAZ`?)" in findings(bad, "PKF410")[0].message
    assert_clean(BASE + "logistics:\n  lift_per_day: {KAZ: 200}\n", "PKF410")
    assert_clean(BASE + "logistics:\n  lift_per_day: {default: 200}\n", "PKF410")
    assert_clean(BASE + "logistics:\n  lift_per_day: {KAZ: 200, multinational: 50}\n", "PKF410")


def test_pkf410_contributor_without_lift_is_a_warning() -> None:
    [found] = findings(BASE + "logistics:\n  lift_per_day: {RUS: 600}\n", "PKF410")
    assert (found.line, found.column, found.severity) == (36, 3, Severity.WARNING)
    assert "`KAZ` has no lift entry" in found.message and "built-in default" in found.message
