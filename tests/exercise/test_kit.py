"""The exercise kit: Master Events List, handout, facilitator's guide, events.csv, all-or-nothing."""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from pkforce.exercise import build_kit, master_events, player_source
from pkforce.exercise.kit import CSV_COLUMNS, _cell
from pkforce.simulation import simulate
from pkforce.validation import validate_file, validate_text
from tests.helpers import BASE, ROOT, SCENARIOS
from tests.test_cli import run

KYRGYZSTAN = SCENARIOS / "exercise-kyrgyzstan.yaml"
BROKEN = sorted((SCENARIOS / "broken").glob("*.yaml"))


def kit(path: Path, lang: str = "en", runs: int = 50) -> dict[str, str]:
    report = validate_file(path)
    det = simulate(report.scenario, deterministic=True)
    mc = simulate(report.scenario, runs=runs, seed=1)
    return {k: v.decode("utf-8") for k, v in build_kit(report, det, mc, lang).items()}


def text_of(page: str) -> str:
    """The visible text of an HTML page, unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(r"<style.*?</style>", "", page, flags=re.S)))


def test_master_events_list_every_step_and_inject_at_hand_computed_days() -> None:
    scenario = validate_file(KYRGYZSTAN).scenario
    events = master_events(scenario, simulate(scenario, deterministic=True))
    assert len(events) == len(scenario.procedure) + len(scenario.injects)
    assert [e.serial for e in events] == list(range(1, len(events) + 1))
    assert [e.day for e in events] == sorted(e.day for e in events)
    first = [(e.kind, round(e.day, 4), e.when) for e in events[:4]]
    # start 2027-03-01 22:00 +06:00; decision 14:00 next day (16 h); UN told PT6H later; the delay
    # inject is dated 2027-03-03, i.e. midnight local time, 26 hours after the start
    assert first == [
        ("step", 0.0, "2027-03-01 22:00 (UTC+06:00)"),
        ("step", 0.6667, "2027-03-02 14:00 (UTC+06:00)"),
        ("step", 0.9167, "2027-03-02 20:00 (UTC+06:00)"),
        ("inject", 1.0833, "2027-03-03 00:00 (UTC+06:00)"),
    ]
    assert {e.event for e in events if e.inject} == {inj.note for inj in scenario.injects}
    assert all(e.expected and e.source and e.recipient for e in events)


def test_handout_has_no_answers_no_codes_no_injects() -> None:
    scenario = validate_file(KYRGYZSTAN).scenario
    docs = kit(KYRGYZSTAN)
    handout = text_of(docs["handout.html"])
    for inj in scenario.injects:
        assert inj.note not in handout
    for secret in (*scenario.learning.questions, *scenario.learning.objectives, "injects:", "learning:"):
        assert secret not in handout
    assert "rus-coy-2" not in handout  # the reinforcement is a future inject
    assert not re.search(r"PKF\d{3}", handout)
    facilitator = text_of(docs["facilitator.html"])
    for text in (*scenario.learning.objectives, *scenario.learning.questions, *(i.note for i in scenario.injects)):
        assert text in facilitator


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in BROKEN
        if p.stem
        in (
            "application-missing",
            "consensus-not-reached",
            "un-notification-late",
            "police-without-police",
            "command-cycle",
            "coordinating-state-missing",
            "readiness-out-of-order",
        )
    ],
    ids=lambda p: p.stem,
)
def test_teaching_case_answer_key_and_clean_handout(path: Path) -> None:
    report = validate_file(path)
    docs = kit(path, runs=20)
    handout, facilitator = docs["handout.html"], text_of(docs["facilitator.html"])
    assert "# &lt;-" not in handout and "the mistake" not in handout and "expect:" not in handout
    assert not re.search(r"PKF\d{3}", handout)
    assert "Teaching case:" not in handout  # the header comment tells the answer
    assert report.diagnostics
    for d in report.diagnostics:
        assert d.code in facilitator and d.name in facilitator and f"rules.md#{d.code.lower()}-{d.name}" in facilitator
    for q in report.scenario.learning.questions:
        assert q in facilitator


def test_events_csv_columns_and_formulas_neutralised() -> None:
    evil = BASE + (
        "injects:\n  - {day: 3, action: withdraw, unit: kaz-coy, note: '=HYPERLINK(\"http://x\")'}\n"
        "  - {day: 4, action: delay, unit: cc, duration: P1D, note: '@SUM(A1)'}\n"
    )
    report = validate_text(evil, "evil.yaml")
    docs = build_kit(report, simulate(report.scenario, deterministic=True), simulate(report.scenario, runs=5))
    rows = list(csv.reader(io.StringIO(docs["events.csv"].decode("utf-8"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    notes = [r[6] for r in rows[1:] if r[5] == "inject"]
    assert notes == ['\'=HYPERLINK("http://x")', "'@SUM(A1)"]
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@given(st.text(max_size=40))
def test_csv_cells_never_start_a_formula(text: str) -> None:
    cell = _cell(text)
    assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert cell.removeprefix("'") == text or cell == text


PLAIN = st.text(st.sampled_from("abc #:'\"-{}[],xyz"), max_size=12)


@given(comment=PLAIN, value=PLAIN, note=PLAIN)
@example(comment="", value="' #", note="")  # a quoted quote before ` #` once cut the title short
def test_player_source_keeps_the_data_and_drops_comments_and_hidden_sections(
    comment: str, value: str, note: str
) -> None:
    source = (
        f"title: {yaml.safe_dump(value, default_style=None).splitlines()[0]}   # {comment}\n"
        f"# {comment}\n"
        f"description: |\n  keep # this {comment}\n"
        f"injects:\n  - {{day: 1, note: {yaml.safe_dump(note).splitlines()[0]}}}   # {comment}\n"
        "learning: {questions: [secret]}\n"
        "units: []\n"
    )
    try:
        original = yaml.safe_load(source)
    except yaml.YAMLError:
        return
    if not isinstance(original, dict) or "\n" in value or "..." in yaml.safe_dump(value):
        return
    shown = player_source(source)
    assert yaml.safe_load(shown) == {k: v for k, v in original.items() if k not in ("injects", "learning")}
    assert "secret" not in shown


def test_cli_writes_all_three_documents(tmp_path: Path) -> None:
    out = tmp_path / "kit"
    proc = run("exercise", str(KYRGYZSTAN), "--out-dir", str(out), "--runs", "20", "--lang", "en")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["events.csv", "facilitator.html", "handout.html"]
    assert "wrote" in proc.stderr


@pytest.mark.parametrize(
    "inject",
    [
        "  - {day: 3, action: withdraw, unit: kaz-coyy}",
        "  - {day: -2, action: withdraw, unit: kaz-coy}",
        "  - {day: 3, action: delay, unit: kaz-coy}",
        "  - {day: 3, action: withdraw, step: council_decision}",
    ],
    ids=["unknown-unit", "before-start", "delay-without-duration", "step-not-yet-in-format"],
)
def test_bad_injects_stop_the_kit_and_write_nothing(tmp_path: Path, inject: str) -> None:
    src = tmp_path / "bad.yaml"
    src.write_text(BASE + "injects:\n" + inject + "\n", encoding="utf-8")
    out = tmp_path / "kit"
    proc = run("exercise", str(src), "--out-dir", str(out))
    assert proc.returncode == 1
    assert re.search(r"bad\.yaml:36:\d+: PKF\d{3}", proc.stderr), proc.stderr
    assert "Nothing was written" in proc.stderr
    assert not out.exists()


def test_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert run("exercise", str(KYRGYZSTAN)).returncode == 2  # no --out-dir
    assert run("exercise", "grade", str(KYRGYZSTAN)).returncode == 2
    assert run("exercise", str(KYRGYZSTAN), "--out-dir", str(tmp_path), "--lang", "fr").returncode == 2
    afile = tmp_path / "file.txt"
    afile.write_text("x")
    assert run("exercise", str(KYRGYZSTAN), "--out-dir", str(afile)).returncode == 2
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "pdf"
    proc = run("exercise", str(KYRGYZSTAN), "--out-dir", str(out), "--pdf")
    assert proc.returncode == 2 and "Chromium" in proc.stderr and not out.exists()


def test_all_shipped_scenarios_build(tmp_path: Path) -> None:
    for path in sorted(SCENARIOS.glob("*.yaml")):
        proc = run("exercise", str(path.relative_to(ROOT)), "--out-dir", str(tmp_path / path.stem), "--runs", "10")
        assert proc.returncode == 0, (path, proc.stderr)


def test_master_events_list_shows_injects_on_the_procedure() -> None:
    """A postponed step at its new day, a blocked one last and without a day, both injects listed."""
    text = (
        BASE
        + """injects:
  - {day: 2, action: block, step: national_approval, state: KAZ}
  - {day: 0, action: delay, step: council_decision, duration: P1D, note: The Council session is postponed}
"""
    )
    report = validate_text(text, "base.yaml")
    assert report.scenario is not None and not report.errors
    base = simulate(validate_text(BASE, "base.yaml").scenario, deterministic=True)
    det = simulate(report.scenario, deterministic=True)
    events = master_events(report.scenario, det)
    injects = [e for e in events if e.inject]
    assert [(e.day, e.event) for e in injects] == [
        (0.0, "The Council session is postponed"),
        (2.0, "national_approval KAZ does not take place"),
    ]
    assert all("Council" in e.expected for e in injects)
    decision = base.step_labels.index("council_decision")
    session = next(e for e in events if e.event.startswith("Decision of"))
    assert session.day == base.step_days[0, decision] + 1.0
    last = events[-1]
    assert not last.inject and last.event.endswith(": does not take place") and "KAZ" in last.event
    assert not math.isfinite(last.day) and last.expected.startswith("None: the step does not take place")


@given(st.text(min_size=1, max_size=30))
def test_scenario_text_is_escaped_in_the_pages(name: str) -> None:
    hostile = "<script>alert(1)</script>" + name
    text = BASE.replace("title: Base case", f"title: {json.dumps(hostile)}").replace(
        "name: Kazakh company", f"name: {json.dumps(hostile)}"
    )
    report = validate_text(text, "hostile.yaml")
    if report.scenario is None:
        return
    docs = build_kit(report, _DET_BASE, _MC_BASE)
    for page in ("facilitator.html", "handout.html"):
        assert "<script>" not in docs[page].decode("utf-8")


_BASE_SCENARIO = validate_text(BASE, "base.yaml").scenario
_DET_BASE = simulate(_BASE_SCENARIO, deterministic=True)
_MC_BASE = simulate(_BASE_SCENARIO, runs=5)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_every_teaching_case_says_what_it_teaches(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    learning = yaml.safe_load(text[text.index("\nlearning:") :])["learning"]  # tabs.yaml: only this part parses
    assert learning["level"] in ("basic", "staff", "senior")
    assert learning["objectives"] and learning["questions"]
    assert all(isinstance(x, str) and x.strip() for x in (*learning["objectives"], *learning["questions"]))


@pytest.mark.parametrize("name", ["exercise-kyrgyzstan", "exercise-brotherhood-2024"])
def test_exercise_scenarios_are_clean_with_injects_and_teaching_content(name: str) -> None:
    report = validate_file(SCENARIOS / f"{name}.yaml")
    # the only note allowed: no dated ratification act recorded for the 2007 Agreement (PKF124)
    assert [d.code for d in report.diagnostics if d.code != "PKF124" or d.severity != "info"] == []
    assert report.scenario.operation.kind in ("member_territory", "exercise") and len(report.scenario.injects) >= 3
    assert report.scenario.learning.objectives and report.scenario.learning.questions
