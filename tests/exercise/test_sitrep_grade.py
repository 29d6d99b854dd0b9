"""Situation reports (nothing later than day N leaks) and grading a trainee's answer."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from pkforce.exercise import render_sitrep, sitrep
from pkforce.simulation import simulate
from pkforce.validation import validate_file
from tests.helpers import SCENARIOS
from tests.test_cli import run, run_installed

KYRGYZSTAN = SCENARIOS / "exercise-kyrgyzstan.yaml"
CONSENSUS = SCENARIOS / "broken" / "consensus-not-reached.yaml"


def situation(day: float) -> dict[str, object]:
    scenario = validate_file(KYRGYZSTAN).scenario
    return sitrep(scenario, simulate(scenario, deterministic=True), day).to_dict()


def test_sitrep_shows_only_what_happened_by_day_n() -> None:
    early = situation(5)
    status = {u["id"]: u["status"] for u in early["units"]}
    assert "rus-coy-2" not in status  # offered on day 8: not yet known
    assert status["kaz-coy"] != "withdrawn"  # recalled on day 6
    assert [(i["action"], i["target"]) for i in early["injects"]] == [
        ("delay", "tjk-coy"),
        ("delay", "national_approval TJK"),
    ]
    assert {s["label"] for s in early["steps"]} == {
        "application KGZ",
        "council_decision",
        "un_notification",
        "national_approval RUS",
        "national_approval BLR",
        "national_approval KAZ",
    }
    # the quorum inject postpones TJK's approval from day 5.67 to 8.67: within day 8, after day 7
    assert "national_approval TJK" not in {s["label"] for s in situation(7)["steps"]}
    late = situation(8)
    assert "national_approval TJK" in {s["label"] for s in late["steps"]}
    status = {u["id"]: u["status"] for u in late["units"]}
    assert status["kaz-coy"] == "withdrawn" and "rus-coy-2" in status
    assert [i["action"] for i in late["injects"]] == ["delay", "delay", "withdraw", "reinforce"]


def test_sitrep_shows_a_procedure_inject_on_its_day_and_not_before() -> None:
    # the quorum inject is on 2027-03-03 00:00 (+06:00), day 1.08: unknown at the end of day 0
    assert [i["target"] for i in situation(0)["injects"]] == []
    assert "national_approval TJK" in [i["target"] for i in situation(1)["injects"]]


def test_sitrep_requirements_follow_units_in_theatre() -> None:
    day0, day30 = situation(0), situation(30)
    assert not any(r["met"] for r in day0["requirements"]) and day0["in_theatre_personnel"] == 0
    command = day30["requirements"][0]
    assert command["met"] and command["have"] == {"units": 1.0}
    total = sum(u["personnel"] for u in day30["units"] if u["status"] == "in_theatre")
    assert day30["in_theatre_personnel"] == total > 0


def test_sitrep_cli_text_json_and_russian() -> None:
    text = run("sitrep", str(KYRGYZSTAN), "--day", "5", "--lang", "en")
    assert text.returncode == 0 and text.stdout.startswith("SITUATION REPORT as of the end of day 5")
    assert "Russian reinforcement company" not in text.stdout
    doc = json.loads(run("sitrep", str(KYRGYZSTAN), "--day", "5", "--format", "json").stdout)
    assert doc["pkforce_sitrep"] == 1 and doc["day"] == 5
    ru = run("sitrep", str(KYRGYZSTAN), "--day", "5", "--lang", "ru").stdout
    assert ru.startswith("ДОНЕСЕНИЕ ОБ ОБСТАНОВКЕ на конец дня 5") and "Requirements" not in ru
    assert run("sitrep", str(KYRGYZSTAN), "--day", "-1").returncode == 2
    assert run("sitrep", str(CONSENSUS), "--day", "1").returncode == 1  # errors: fix them first


def test_render_sitrep_lists_statuses_in_english_by_default() -> None:
    scenario = validate_file(KYRGYZSTAN).scenario
    text = render_sitrep(sitrep(scenario, simulate(scenario, deterministic=True), 8))
    assert "withdrawn: 1" in text and "in theatre:" in text and "Injects so far" in text


def _answer(tmp_path: Path, text: str, name: str = "answer.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_grade_fixed_remaining_and_new(tmp_path: Path) -> None:
    original = CONSENSUS.read_text(encoding="utf-8")
    fixed = _answer(tmp_path, original.replace("RUS: no", "RUS: yes"))
    proc = run("exercise", "grade", str(CONSENSUS), fixed)
    assert proc.returncode == 0, proc.stdout
    assert "fixed: 1" in proc.stdout and "remaining: 0" in proc.stdout and "new: 0" in proc.stdout
    # moving every line down (a comment on top) fixes and breaks nothing: findings match by anchor
    shifted = _answer(tmp_path, "# my answer\n# second line\n" + original, "shifted.yaml")
    doc = json.loads(run("exercise", "grade", str(CONSENSUS), shifted, "--format", "json").stdout)
    assert (len(doc["fixed"]), len(doc["remaining"]), len(doc["new"])) == (0, 1, 0) and not doc["passed"]
    broke = _answer(
        tmp_path, original.replace("RUS: no", "RUS: yes").replace("parent: cc", "parent: ccc", 1), "broke.yaml"
    )
    proc = run("exercise", "grade", str(CONSENSUS), broke)
    assert proc.returncode == 1 and "new: 1" in proc.stdout and "PKF302" in proc.stdout
    assert run("exercise", "grade", str(CONSENSUS), str(tmp_path / "missing.yaml")).returncode == 2


def test_installed_exercise(tmp_path: Path) -> None:
    proc = run_installed("exercise", str(KYRGYZSTAN), "--out-dir", str(tmp_path), "--runs", "10", "--lang", "ru")
    assert proc.returncode == 0, proc.stderr
    assert '<html lang="ru">' in (tmp_path / "handout.html").read_text(encoding="utf-8")


def test_sitrep_golden() -> None:
    from tests.test_cli import check_golden

    proc = run("sitrep", str(KYRGYZSTAN.relative_to(SCENARIOS.parent)), "--day", "8", "--lang", "en")
    check_golden("sitrep/exercise-kyrgyzstan-day-8.txt", proc.stdout)


def test_docs_sitrep_excerpt_is_real_output() -> None:
    import re

    doc = (SCENARIOS.parent / "docs" / "exercises.md").read_text(encoding="utf-8")
    block = re.search(r"exercise-kyrgyzstan-day-8\.txt.*?```text\n(.*?)```", doc, flags=re.S)
    assert block
    golden = (
        (Path(__file__).parent.parent / "golden" / "sitrep" / "exercise-kyrgyzstan-day-8.txt")
        .read_text(encoding="utf-8")
        .splitlines()
    )
    shown = [line for line in block.group(1).splitlines() if line.strip() != "..."]
    assert shown and all(line in golden for line in shown), [line for line in shown if line not in golden]


_SCENARIO = validate_file(KYRGYZSTAN).scenario
_RESULT = simulate(_SCENARIO, deterministic=True)


@given(st.floats(min_value=0, max_value=60, allow_nan=False))
def test_sitrep_never_shows_the_future(day: float) -> None:
    from pkforce.exercise.events import inject_day

    rep = sitrep(_SCENARIO, _RESULT, day)
    assert all(i["day"] < day + 1 for i in rep.injects)
    assert all(s["day"] < day + 1 for s in rep.steps)
    offered = {inj.unit.id: inject_day(_SCENARIO, inj) for inj in _SCENARIO.injects if inj.action == "reinforce"}
    listed = {u.id for u in rep.units}
    assert all((uid in listed) == (when < day + 1) for uid, when in offered.items())
    gone = {inj.unit: inject_day(_SCENARIO, inj) for inj in _SCENARIO.injects if inj.action == "withdraw"}
    assert all((u.status == "withdrawn") == (gone[u.id] < day + 1) for u in rep.units if u.id in gone)
