"""Languages: the catalogues are complete and compiled, and a Russian document has no English message."""

from __future__ import annotations

import html
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkforce.diagnostics import ValidationReport
from pkforce.i18n import default_language, rule_title
from pkforce.i18n.catalog import check, extract
from pkforce.i18n.messages import Message, localise
from pkforce.rules import RULES
from pkforce.simulation import simulate
from pkforce.validation import validate_file, validate_text
from tests.helpers import SCENARIOS
from tests.i18n_record import values_of


def test_catalogues_are_complete_and_compiled() -> None:
    assert check() == []


def test_default_language_from_the_locale() -> None:
    assert default_language({"LANG": "ru_RU.UTF-8"}) == "ru"
    assert default_language({"LC_ALL": "en_GB.UTF-8", "LANG": "ru_RU.UTF-8"}) == "en"
    assert default_language({"LANGUAGE": "de:ru", "LANG": "C"}) == "ru"
    assert default_language({"LANG": "fr_FR.UTF-8"}) == "en"
    assert default_language({}) == "en"


def test_rule_titles_in_russian_for_every_rule() -> None:
    for rule in RULES.values():
        title = rule_title(rule, "ru")
        assert title != rule.summary, rule.code
        assert re.search("[а-яА-Я]", title), rule.code
    assert rule_title(RULES["PKF106"], "en") == RULES["PKF106"].summary


def _fragments(msgid: str) -> list[str]:
    """The parts of an English message a reader would recognise (placeholders and `code` cut out: YAML
    the user types, such as `after: council_decision`, stays as written in every language)."""
    parts = re.split(r"%\(\w+\)s|`[^`]*`", msgid)
    return [p.strip(" .,:;()") for p in parts if len(p.strip(" .,:;()").split()) >= 2]


def _in(fragment: str, text: str) -> bool:
    """`fragment` appears in `text` as whole words ("or a" is not in "for a")."""
    return re.search(rf"(?<!\w){re.escape(fragment)}(?!\w)", text) is not None


def _scenario_words(value: object) -> list[str]:
    """Every text the scenario's author wrote (unit names, notes, objectives...): not ours to translate."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for k, v in value.items() for w in (*_scenario_words(k), *_scenario_words(v))]
    if isinstance(value, list | tuple):
        return [w for v in value for w in _scenario_words(v)]
    return []


@pytest.mark.parametrize("name", ["exercise-kyrgyzstan", "broken/consensus-not-reached"])
def test_russian_documents_have_no_untranslated_english_message(name: str) -> None:
    from pkforce.exercise import build_kit, render_sitrep, sitrep

    report = validate_file(SCENARIOS / f"{name}.yaml")
    det = simulate(report.scenario, deterministic=True)
    docs = build_kit(report, det, simulate(report.scenario, runs=20), "ru")
    texts = {
        name: html.unescape(re.sub(r"<pre>.*?</pre>", "", data.decode("utf-8"), flags=re.S))
        for name, data in docs.items()
    }  # (the <pre> is the scenario file itself)
    texts["sitrep"] = render_sitrep(sitrep(report.scenario, det, 6), "ru")
    authored = _scenario_words(report.scenario.model_dump(mode="json"))
    # findings whose rule is not translated yet (not made with i18n.messages.tr) stay in English
    authored += [t for d in report.diagnostics for t in (d.message, d.fix or "") if not isinstance(t, Message)]
    for key, text in texts.items():
        for words in sorted(authored, key=len, reverse=True):
            text = text.replace(words, "")
        texts[key] = text
    messages = list(extract())
    assert len(messages) > 80
    for doc_name, text in texts.items():
        for msgid in messages:
            for fragment in _fragments(msgid):
                assert not _in(fragment, text), f"{doc_name}: untranslated English: {fragment!r} (from {msgid!r})"
    assert "Сводный перечень событий" in texts["facilitator.html"]


EXERCISE_FINDINGS = """\
injects:
  - {day: 400, action: withdraw, unit: kaz-coy}
learning: {level: basic, questions: ['  ']}
"""


def test_exercise_findings_in_russian_in_the_answer_key_and_validate() -> None:
    """PKF5xx messages and fixes (made with `tr`) are translated wherever findings are shown."""
    from pkforce.exercise import build_kit
    from tests.helpers import BASE
    from tests.test_cli import run

    report = validate_text(BASE + EXERCISE_FINDINGS, "exercise.yaml")
    found = [d for d in report.diagnostics if d.code.startswith("PKF5")]
    assert {d.code for d in found} == {"PKF503", "PKF504"} and all(isinstance(d.message, Message) for d in found)
    det = simulate(report.scenario, deterministic=True)
    page = html.unescape(build_kit(report, det, det, "ru")["facilitator.html"].decode("utf-8"))
    english = build_kit(report, det, det, "en")["facilitator.html"].decode("utf-8")
    for d in found:
        assert html.unescape(english).count(d.message) and d.message not in page
        assert localise(d.message, "ru") in page and localise(d.fix, "ru") in page
    templates = [m for m, where in extract().items() if any("rules/exercise.py" in w for w in where)]
    assert len(templates) >= 12
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "exercise.yaml"
        path.write_text(BASE + EXERCISE_FINDINGS, encoding="utf-8")
        text = run("validate", str(path), "--lang", "ru").stdout
        assert "вводная `withdraw` приходится на день 400" in text and "нет вопросов" not in text
        assert "вопрос для разбора № 1 пуст" in text
        for msgid in templates:
            for fragment in _fragments(msgid):
                assert not _in(fragment, text), f"untranslated English: {fragment!r}"
        assert run("validate", str(path), "--lang", "en").stdout == run("validate", str(path)).stdout


def test_simulate_summary_and_rules_text_in_russian() -> None:
    from tests.test_cli import run

    target = str(SCENARIOS / "vocabulary-example.yaml")
    english = run("simulate", target, "--runs", "50").stdout
    assert english == run("simulate", target, "--runs", "50", "--lang", "en").stdout
    russian = run("simulate", target, "--runs", "50", "--lang", "ru").stdout
    assert "Ключевые даты" in russian and "Key dates" not in russian and "Requirements" not in russian
    det = run("simulate", target, "--deterministic", "--lang", "ru").stdout
    assert "детерминированный прогон" in det and "ПОГ (полная оперативная готовность)" in det
    summary = run("summary", target, "--lang", "ru").stdout
    assert "ИТОГО" in summary and "TOTAL" not in summary
    rules = run("rules", "--lang", "ru").stdout
    assert RULES["PKF106"].summary not in rules and rule_title(RULES["PKF106"], "ru") in rules


def test_language_defaults_to_the_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_cli import run

    monkeypatch.setenv("LANGUAGE", "ru")
    assert "ИТОГО" in run("summary", str(SCENARIOS / "vocabulary-example.yaml")).stdout
    monkeypatch.setenv("LANGUAGE", "en")
    assert "TOTAL" in run("summary", str(SCENARIOS / "vocabulary-example.yaml")).stdout


def test_translated_findings_of_the_teaching_files_have_no_english_left() -> None:
    """Every finding made with `tr` (the rule modules converted so far), in every teaching file and
    shipped scenario, comes out in Russian without a fragment of an English template."""
    from pkforce.i18n.messages import localise_report

    templates = [m for m, where in extract().items() if any("pkforce/rules/" in w for w in where)]
    checked = 0
    for path in sorted(SCENARIOS.glob("**/*.yaml")):
        report = localise_report(validate_file(path), "ru")
        english = validate_file(path)
        for ru, en in zip(report.diagnostics, english.diagnostics, strict=True):
            for text, source in ((ru.message, en.message), (ru.fix or "", en.fix or "")):
                if not isinstance(source, Message):
                    continue
                checked += 1
                for msgid in templates:
                    for fragment in _fragments(msgid):
                        assert not _in(fragment, text), f"{path.name} {en.code}: {fragment!r} in {text!r}"
    assert checked >= 4


# --- procedure and law findings (PKF100-PKF128) ---------------------------------------------------

STEP_SOURCES = ("pkforce/rules/", "pkforce/scenario/timeline.py")
"""where the templates of findings and of the step words come from"""
SAME_IN_RUSSIAN = {"%(step)s (`%(id)s`)"}
"""templates whose Russian is the English (a step's phrase with its id)"""


def _rule_fixture_reports(monkeypatch: pytest.MonkeyPatch) -> list[ValidationReport]:
    """The reports of every scenario the procedure and law rule tests build (tests/rules/): those
    tests are run again with the validation they call watched."""
    import inspect

    import tests.helpers
    from tests.rules import test_law, test_procedure

    reports: list[ValidationReport] = []

    def watched(text: str, name: str = "<scenario>", *args: Any, **kwargs: Any) -> ValidationReport:
        report = validate_text(text, name, *args, **kwargs)
        reports.append(report)
        return report

    monkeypatch.setattr(tests.helpers, "validate_text", watched)
    for module in (test_procedure, test_law):
        for name, test in sorted(vars(module).items()):
            if not name.startswith("test_") or not inspect.isfunction(test):
                continue
            cases: list[tuple[object, ...]] = [()]
            for mark in getattr(test, "pytestmark", []):
                if mark.name == "parametrize":
                    cases = [c if isinstance(c, tuple) else (c,) for c in mark.args[1]]
            for case in cases:
                test(*case)
    return reports


def _nested(text: object) -> list[Message]:
    """A message and every message among its values, at any depth."""
    if not isinstance(text, Message):
        return []
    inner = [x for v in text.params.values() for x in (v if isinstance(v, list) else [v])]
    return [text, *(m for v in inner for m in _nested(v))]


def test_procedure_and_law_findings_are_translated_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every PKF1xx finding of the teaching files, the shipped scenarios and the procedure and law rule
    tests is a Message; in Russian it has no fragment of an English template, and every template in
    it (step phrases, roles, durations, hints) has its own Russian."""
    from pkforce.i18n import translations

    reports = [validate_file(path) for path in sorted(SCENARIOS.glob("**/*.yaml"))]
    reports += _rule_fixture_reports(monkeypatch)
    extracted = extract()
    ours = {m for m, where in extracted.items() if any(src in w for w in where for src in STEP_SOURCES)}
    fragments = sorted({f for m in ours for f in _fragments(m)}, key=len, reverse=True)
    ru = translations("ru")
    codes = set()
    for report in reports:
        for d in report.diagnostics:
            if not d.code.startswith("PKF1"):
                continue
            codes.add(d.code)
            for text in (d.message, d.fix):
                assert isinstance(text, Message), f"{d.code}: not made with tr(): {text!r}"
                russian = localise(text, "ru") or ""
                assert re.search("[а-яА-Я]", russian), f"{d.code}: {russian!r}"
                for fragment in fragments:
                    assert not _in(fragment, russian), f"{d.code}: untranslated English {fragment!r} in {russian!r}"
                for part in _nested(text):
                    if part.template in ours and part.template not in SAME_IN_RUSSIAN:
                        assert ru.gettext(part.template) != part.template, f"{d.code}: {part.template!r}"
    rules = {code for code, r in RULES.items() if r.family in ("procedure", "law")}
    assert codes == rules, f"never seen in the fixtures: {sorted(rules - codes)}"


def test_step_words_as_messages_keep_the_english_and_have_russian() -> None:
    """i18n.steps gives the timeline's step phrases and titles as Messages: the same English, and Russian."""
    from pkforce.i18n.steps import step_phrase, step_title
    from pkforce.scenario import model, timeline

    steps = [
        model.Application(step="application", by="KGZ"),
        model.CouncilDecision(step="council_decision"),
        model.CouncilDecision(step="council_decision", outcome="not_adopted", id="first"),
        model.UNNotification(step="un_notification"),
        model.UNMandate(step="un_mandate"),
        model.UNMandate(step="un_mandate", resolution="S/RES/2999 (2027)"),
        model.CoordinatingStateStep(step="coordinating_state", state="KAZ"),
        model.NationalApproval(step="national_approval", state="RUS", body="Federation Council"),
        model.NationalApproval(step="national_approval", state="KAZ"),
        model.UNAgreement(step="un_agreement"),
        model.ContributorAgreement(step="contributor_agreement", state="KGZ"),
        model.PCRSAssignment(step="pcrs_assignment", state="BLR"),
    ]
    council = "Collective Security Council"
    for step in steps:
        phrase, title = step_phrase(step), step_title(step, council)
        assert phrase == timeline.step_phrase(step) and title == timeline.step_title(step, council)
        for english in (phrase, title):
            russian = localise(english, "ru") or ""
            assert re.search("[а-яА-Я]", russian) and not re.search(r"\b(the|of|with|by)\b", russian), russian
    assert localise(step_title(steps[1], council), "ru") == "Совет коллективной безопасности: решение"
    assert localise(step_phrase(steps[2]), "ru") == "решение Совета (`first`)"


def test_procedure_teaching_file_validates_in_russian() -> None:
    """`pkforce validate --lang ru` on a procedure teaching file: Russian findings, English unchanged."""
    from tests.test_cli import run

    target = str(SCENARIOS / "broken" / "consensus-not-reached.yaml")
    russian = run("validate", target, "--lang", "ru").stdout
    assert "проголосовало «против»" in russian and "принимает решения консенсусом" in russian
    assert "voted" not in russian and "decides by" not in russian
    assert run("validate", target, "--lang", "en").stdout == run("validate", target).stdout


def test_counts_in_findings_are_grouped_the_russian_way() -> None:
    """PKF127's counts: 1,035 in English; in Russian a comma would read as a decimal point."""
    from pkforce.rules.law import _grouped

    assert [_grouped(n) for n in (7, 1035, 1234567)] == ["7", "1,035", "1,234,567"]
    assert localise(_grouped(1234567), "ru") == "1\u00a0234\u00a0567"


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    council=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30),
    ident=st.text(
        st.characters(whitelist_categories=("L", "N"), whitelist_characters="%-_()"), min_size=1, max_size=20
    ),
)
def test_names_and_ids_the_user_writes_stay_as_written_in_russian(council: str, ident: str) -> None:
    """A council's name and a step's id go into procedure findings as written, whatever they hold
    (`%`, brackets, Cyrillic): the Russian text keeps them, and the English is the message itself."""
    import json

    from tests.rules.test_procedure import inline_org, votes

    text = votes(inline_org("unanimity"), "{KAZ: yes, KGZ: abstain, UZB: yes}")
    quoted = {"council": json.dumps(council, ensure_ascii=False), "id": json.dumps(ident, ensure_ascii=False)}
    text = text.replace("council: Test Council", f"council: {quoted['council']}")
    text = text.replace("  - step: council_decision\n", f"  - step: council_decision\n    id: {quoted['id']}\n")
    text = text.replace("    after: council_decision\n    duration: P7D\n", "    date: 2026-12-20\n")
    found = [d for d in validate_text(text, "names.yaml").diagnostics if d.code.startswith("PKF1")]
    assert {"PKF106", "PKF107", "PKF115"} <= {d.code for d in found}
    for d in found:
        for english in (d.message, d.fix):
            russian = localise(english, "ru") or ""
            assert localise(english, "en") == english and re.search("[а-яА-Я]", russian)
            if f"`{ident}`" in (english or ""):
                assert f"`{ident}`" in russian, (english, russian)


# --------------------------------------------------------------------------------------------------
# Charts, the briefing report, the simulation's notes and labels (issue 8, item 7)


def _english_left(text: str, messages: list[str], authored: list[str]) -> list[str]:
    """Fragments of English catalogue messages still in `text`, once the scenario's own words are cut."""
    for words in sorted(authored, key=len, reverse=True):
        text = text.replace(words, "")
    return [f"{f!r} (from {m!r})" for m in messages for f in _fragments(m) if _in(f, text)]


def _svg_text(svg: bytes) -> str:
    """Every text of a chart (SVG keeps text as text: `svg.fonttype: none`), one per line."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    return "\n".join("".join(e.itertext()) for e in root.iter("{http://www.w3.org/2000/svg}text"))


def _authored(scenario: object) -> list[str]:
    from pkforce.data import iso_codes

    words = _scenario_words(scenario.model_dump(mode="json"))  # type: ignore[attr-defined]
    return words + list(iso_codes().values())


@pytest.fixture(scope="module")
def kgz() -> object:
    return validate_file(SCENARIOS / "exercise-kyrgyzstan.yaml").scenario


def test_every_chart_in_russian_has_no_english_message_left(kgz: object) -> None:
    """Each chart kind's SVG text, in Russian, has no fragment of a catalogue message; in English it
    is the chart it always was (`lang="en"` is the default, byte for byte)."""
    from pkforce.analysis.sweep import sweep
    from pkforce.charts import CHART_KINDS, figure_bytes, make_chart
    from pkforce.charts.tornado import tornado_chart
    from tests.analysis.conftest import VARIANTS

    messages = list(extract())
    result = simulate(kgz, runs=40, seed=1)  # type: ignore[arg-type]
    det = simulate(kgz, deterministic=True)  # type: ignore[arg-type]
    authored = _authored(kgz)
    for kind, spec in CHART_KINDS.items():
        for source in (result, det) if spec.simulates else (result,):  # one run, or a band over runs
            ru = _svg_text(figure_bytes(make_chart(kind, source, lang="ru"), "svg"))
            assert re.search("[а-яА-Я]{4}", ru), kind
            assert not _english_left(ru, messages, authored), (kind, _english_left(ru, messages, authored))
        en = figure_bytes(make_chart(kind, result, lang="en"), "svg")
        assert en == figure_bytes(make_chart(kind, result), "svg"), kind
    assert "Д+" in ru and "Days from the start" not in ru
    variants = validate_file(VARIANTS).scenario
    table = sweep(variants, runs=40, seed=1)
    ru = _svg_text(figure_bytes(tornado_chart(table, lang="ru"), "svg"))
    assert "Что сдвигает срок" in ru
    assert not _english_left(ru, messages, _authored(variants) + [c.name for c in table.cases])
    assert figure_bytes(tornado_chart(table, lang="en"), "svg") == figure_bytes(tornado_chart(table), "svg")


def test_chart_command_lang(tmp_path: Path) -> None:
    from tests.test_cli import run

    target = str(SCENARIOS / "exercise-kyrgyzstan.yaml")
    paths = {lang: tmp_path / f"{lang or 'default'}.svg" for lang in ("en", "ru", None)}
    for lang, path in paths.items():
        args = ("chart", target, "-k", "composition", "-o", str(path), *(("--lang", lang) if lang else ()))
        assert run(*args).returncode == 0
    assert paths["en"].read_bytes() == paths[None].read_bytes()
    assert "Состав сил" in paths["ru"].read_text(encoding="utf-8")
    proc = run("chart", target, "-k", "org", "-o", str(tmp_path / "x.svg"), "--lang", "fr")
    assert proc.returncode == 2 and not (tmp_path / "x.svg").exists()


def test_russian_report_has_no_english_message_left(tmp_path: Path) -> None:
    """The briefing in Russian: template, charts, findings (those made with `tr`), key dates, the
    chain and the drivers; `--lang en` is the default report, byte for byte."""
    from pkforce.data import organization_profile
    from pkforce.report import build_report
    from tests.analysis.conftest import VARIANTS
    from tests.test_cli import run

    report = validate_file(VARIANTS)
    scenario = report.scenario
    assert scenario is not None
    page = build_report(scenario, runs=40, seed=3, findings=report.diagnostics, lang="ru")
    text = html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", "\n", page, flags=re.S))
    profile = organization_profile(scenario.organization) if isinstance(scenario.organization, str) else None
    authored = _authored(scenario) + list(profile.sources if profile else [])
    authored += [t for d in report.diagnostics for t in (d.message, d.fix or "") if not isinstance(t, Message)]
    left = _english_left(text, list(extract()), authored)
    assert not left, left
    for words in ("2. Силы", "Критическая цепочка", "Что если", "Стоимость", "внутригосударственное решение"):
        assert words in text, words
    out = {lang: tmp_path / f"{lang}.html" for lang in ("en", "default")}
    for lang, path in out.items():
        args = ("--lang", lang) if lang == "en" else ()
        assert run("report", str(VARIANTS), "-o", str(path), "--runs", "40", "--seed", "3", *args).returncode == 0
    assert out["en"].read_bytes() == out["default"].read_bytes()


def test_report_cost_excludes_is_the_data_file_text() -> None:
    """The report translates the reimbursement table's `excludes:` through a catalogue entry."""
    from pkforce.analysis.cost import _rates
    from pkforce.report import COST_EXCLUDES

    assert _rates()[1] == COST_EXCLUDES


def test_simulation_notes_labels_and_chain_in_russian() -> None:
    """simulate's and sitrep's text in Russian for every shipped scenario: requirement labels,
    drivers, notes, the critical chain; the labels keep their English text where no language is
    chosen (JSON, CSV, English text)."""
    from pkforce.exercise import render_sitrep, sitrep
    from pkforce.simulation.report import render_text

    sources = ("pkforce/simulation/", "pkforce/analysis/graph.py", "pkforce/exercise/")
    messages = [m for m, where in extract().items() if any(s in w for w in where for s in sources)]
    checked = 0
    for path in sorted(SCENARIOS.glob("*.yaml")):
        report = validate_file(path)
        if report.scenario is None or not report.ok:
            continue
        sc = report.scenario
        det = simulate(sc, deterministic=True)
        texts = [render_text(simulate(sc, runs=30, seed=2), "ru"), render_text(det, "ru")]
        texts.append(render_sitrep(sitrep(sc, det, 10), "ru"))
        for text in texts:
            left = _english_left(text, messages, _authored(sc))
            assert not left, (path.name, left)
            checked += 1
        assert render_text(det, "en") == render_text(det)
    assert checked >= 20
    sc = validate_file(SCENARIOS / "kyrgyzstan-2022-blocked.yaml").scenario
    assert sc is not None  # every Council session fails: nothing deploys, and the notes say why
    failed = [
        s.model_copy(update={"outcome": "not_adopted"}) if s.step == "council_decision" else s for s in sc.procedure
    ]
    text = render_text(simulate(sc.model_copy(update={"procedure": failed}), deterministic=True), "ru")
    assert "РЕШЕНИЕ О РАЗВЁРТЫВАНИИ НЕ ПРИНЯТО: ни одно заседание Совета" in text
    assert not _english_left(text, messages, _authored(sc))


# --- file, schema, composition, structure, requirement and variant findings; validate's frame ------

MY_FAMILIES = ("PKF0", "PKF2", "PKF3", "PKF4", "PKF8")
"""The findings translated here: file and schema (PKF0xx), composition, structure, requirements and
settings, variants. (PKF1xx are the procedure's and the law's, PKF5xx the exercise's.)"""
MY_SOURCES = (
    "pkforce/loader.py",
    "pkforce/validation.py",
    "pkforce/changes.py",
    "pkforce/scenario/",
    "pkforce/rules/composition.py",
    "pkforce/rules/structure.py",
    "pkforce/rules/requirements.py",
    "pkforce/rules/variants.py",
    "pkforce/render/text.py",
)
HOSTILE = Path(__file__).parent / "hostile" / "files"
CORPUS = sorted(
    p
    for p in [*SCENARIOS.glob("**/*.yaml"), *HOSTILE.iterdir()]
    if p.suffix == ".yaml" and p.stat().st_size < 100_000  # larger ones test size, not words (20,000 alike findings)
)


@cache
def _my_templates() -> list[str]:
    return [m for m, where in extract().items() if any(w.startswith(MY_SOURCES) for w in where)]


def _prose_left(text: str, values: list[str], templates: list[str]) -> list[str]:
    """The fragments of English prose of `templates` in `text` once its values are cut out (YAML in
    backticks or braces, such as `{id: cc, type: ...}`, is what the user types: not prose)."""
    for value in sorted(values, key=len, reverse=True):
        if value:
            text = text.replace(value, "")
    return [f for f in _prose_fragments(tuple(templates)) if f in text]


@cache
def _prose_fragments(templates: tuple[str, ...]) -> list[str]:
    prose = [re.sub(r"`[^`]*`|\{[^}]*\}", "%(code)s", msgid) for msgid in templates]
    return sorted({f for msgid in prose for f in _fragments(msgid)})


def test_file_schema_and_force_findings_of_the_corpus_are_messages_in_russian() -> None:
    """Every PKF0/2/3/4/8xx finding of every shipped scenario and of the hostile corpus is made with
    `tr`, and its Russian text holds no fragment of an English template. Values stay as written:
    ids, numbers, and the words of libyaml (a YAML syntax error's detail) and of the system (why a
    file cannot be read), which the message passes on as it got them."""
    templates = _my_templates()
    assert len(templates) > 250
    codes: set[str] = set()
    for path in CORPUS:
        for d in validate_file(path).diagnostics:
            if not d.code.startswith(MY_FAMILIES):
                continue
            codes.add(d.code)
            for text in (d.message, d.fix):
                if text is None:
                    continue
                assert isinstance(text, Message), f"{path.name} {d.code}: not translatable: {text!r}"
                russian = localise(text, "ru") or ""
                assert russian != text or not _fragments(text.template), f"{path.name} {d.code}: {text!r}"
                left = _prose_left(russian, values_of(text), templates)
                assert not left, f"{path.name} {d.code}: {left} in {russian!r}"
    assert {"PKF001", "PKF004", "PKF011", "PKF012", "PKF013", "PKF206", "PKF303", "PKF406"} <= codes


RULE_TESTS = [
    "tests/rules/test_composition.py",
    "tests/rules/test_structure.py",
    "tests/rules/test_requirements.py",
    "tests/analysis/test_variants.py",
    "tests/test_load.py",
]
SKIP = ["-k", "not never_raises and not devices"]
"""the property tests of the loader (random text, many findings) and the device reads add time, not cases"""


def test_the_rule_tests_fixtures_give_russian_findings(tmp_path: Path) -> None:
    """The per-rule unit tests of these families, run again with every finding recorded
    (tests/i18n_record.py): each finding is a Message and its Russian has no English template left."""
    import json
    import os
    import subprocess
    import sys

    record = tmp_path / "found.json"
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-qx", "-pno:cacheprovider", "-p", "tests.i18n_record", *RULE_TESTS, *SKIP],
        cwd=Path(__file__).parent.parent,
        env={**os.environ, "PKFORCE_I18N_RECORD": str(record), "LANGUAGE": "en"},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:]
    found = [f for f in json.loads(record.read_text(encoding="utf-8")) if f["code"].startswith(MY_FAMILIES)]
    templates = _my_templates()
    codes = {f["code"] for f in found}
    assert {"PKF201", "PKF206", "PKF208", "PKF301", "PKF401", "PKF404", "PKF409", "PKF801", "PKF802"} <= codes
    for f in found:
        assert f["message_tr"] and f["fix_tr"], f"{f['code']}: not translatable: {f['message']!r} / {f['fix']!r}"
        for russian in (f["ru_message"], f["ru_fix"]):
            left = _prose_left(russian or "", f["values"], templates)
            assert not left, f"{f['code']}: {left} in {russian!r}"


def test_validate_in_russian_has_no_english_frame_or_template_left() -> None:
    """`validate --lang ru` over the whole corpus: the frame is Russian, and once the quoted source
    lines, the values and the findings of rules not translated yet are cut out, no fragment of an
    English template of these families is left."""
    from tests.test_cli import run

    paths = [str(p) for p in CORPUS]
    russian = run("validate", *paths, "--lang", "ru").stdout
    for english in ("[error]", "[warning]", "[info]", "= fix:", "Found ", "Run `pkforce explain"):
        assert english not in russian
    assert "= исправление:" in russian and "[ошибка]" in russian and "Найдено: ошибок — " in russian
    cut: list[str] = []
    for path in CORPUS:
        for d in validate_file(path).diagnostics:
            for text in (d.message, d.fix):
                cut += values_of(text) if isinstance(text, Message) else [text or ""]
    text = "\n".join(
        line for line in russian.splitlines() if not re.match(r"\s*\d*\s*\|", line)
    )  # the source lines (with the teaching files' English comments) and the carets
    left = _prose_left(text, cut, _my_templates())
    assert not left, left


@pytest.mark.parametrize("name", ["police-without-police", "typing-mistakes"])
def test_validate_in_russian_golden(name: str) -> None:
    """Two teaching files in Russian, as a trainer's class sees them (the English goldens are
    tests/golden/validate/)."""
    from tests.snapshots import assert_snapshot
    from tests.test_cli import GOLDEN, run

    proc = run("validate", f"scenarios/broken/{name}.yaml", "--lang", "ru")
    assert proc.returncode == 1
    assert_snapshot(GOLDEN / "validate-ru" / f"{name}.txt", proc.stdout)


def test_all_good_in_russian_and_the_machine_formats_follow_only_an_explicit_lang(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import json

    from tests.test_cli import run

    clean = str(SCENARIOS / "vocabulary-example.yaml")
    broken = str(SCENARIOS / "broken" / "police-without-police.yaml")
    text = run("validate", clean, "--lang", "ru", "--select", "PKF2").stdout
    assert text == "Всё в порядке: проверено файлов — 1, замечаний нет.\n"
    assert run("validate", broken, "--lang", "en").stdout == run("validate", broken).stdout
    monkeypatch.setenv("LANGUAGE", "ru")  # a Russian locale: the text follows it, JSON does not
    assert "[ошибка]" in run("validate", broken).stdout
    default = json.loads(run("validate", broken, "-f", "json").stdout)["files"][0]["diagnostics"]
    assert any(d["message"].startswith("unit `kaz-police` is a police unit") for d in default)
    asked = json.loads(run("validate", broken, "-f", "json", "--lang", "ru").stdout)["files"][0]["diagnostics"]
    assert any(d["message"].startswith("подразделение `kaz-police` — полицейское") for d in asked)
    assert {d["code"] for d in asked} == {d["code"] for d in default}


SCHEMA_MISTAKES = [
    ("  host_state: KGZ\n", "  host_state: []\n"),
    ("  - step: council_decision\n", "  - step: council_decision\n    authorised: {personnel: -5}\n"),
    ("  - step: application\n", "  - step: aplication\n"),
    ("    date: 2027-01-01\n", "    date: 2027-13-01\n"),
    ("    duration: P7D\n", "    duration: 7 days\n"),
    ("    duration: P7D\n", "    duration: true\n"),
    ("units:\n  - id: cc\n", "units:\n  - name: cc\n"),
    ("title: Base case\n", "title: Base case\ntitel: x\n"),
]


@pytest.mark.parametrize(("old", "new"), SCHEMA_MISTAKES, ids=[m[1].strip() for m in SCHEMA_MISTAKES])
def test_schema_findings_in_russian(old: str, new: str) -> None:
    """The schema's findings (pydantic's errors in plain words), pydantic's own constraint messages
    included, are messages with no English left in Russian."""
    from tests.helpers import BASE

    assert old in BASE
    found = [d for d in validate_text(BASE.replace(old, new, 1), "x.yaml").diagnostics if d.code.startswith("PKF0")]
    assert found
    for d in found:
        for text in (d.message, d.fix):
            if text is not None:
                assert isinstance(text, Message), f"{d.code}: {text!r}"
                russian = localise(text, "ru") or ""
                assert re.search("[а-я]", russian), russian
                assert not _prose_left(russian, values_of(text), _my_templates()), russian


def test_translatable_findings_survive_pickling_and_copying() -> None:
    """A report may cross to another process (workers) or be deep-copied: its messages keep their
    templates and values, so they can still be shown in Russian."""
    import copy
    import pickle

    report = validate_file(SCENARIOS / "broken" / "police-without-police.yaml")
    for clone in (pickle.loads(pickle.dumps(report.diagnostics)), copy.deepcopy(report.diagnostics)):
        assert [d.message for d in clone] == [d.message for d in report.diagnostics]
        assert [localise(d.message, "ru") for d in clone] == [localise(d.message, "ru") for d in report.diagnostics]
        assert all(isinstance(d.message, Message) for d in clone)


def test_the_terminal_colours_know_the_russian_report() -> None:
    from pkforce.cli._style import colorize_report
    from tests.test_cli import run

    text = run("validate", "scenarios/broken/readiness-out-of-order.yaml", "--lang", "ru").stdout
    coloured = colorize_report(text)
    assert "\033[1;31m[ошибка]\033[0m" in coloured and "\033[1;36m[примечание]\033[0m" in coloured
    assert "\033[1m= исправление:\033[0m" in coloured


def test_sweep_text_in_russian() -> None:
    """`pkforce sweep --lang ru`: the table's words in Russian, the variants' names as written;
    `--lang en` is the default byte for byte."""
    from tests.test_cli import run

    target = str(SCENARIOS / "un-operation-variants.yaml")
    english = run("sweep", target, "--runs", "200").stdout
    assert english == run("sweep", target, "--runs", "200", "--lang", "en").stdout
    russian = run("sweep", target, "--runs", "200", "--lang", "ru").stdout
    assert "Серия вариантов" in russian and "Требования: вероятность выполнения к сроку" in russian
    assert "no-belarus" in russian  # a variant's name, as the scenario writes it
    messages = [m for m, where in extract().items() if any("analysis/sweep.py" in w for w in where)]
    assert len(messages) >= 10
    for msgid in messages:
        for fragment in _fragments(msgid):
            assert not _in(fragment, russian), f"untranslated English: {fragment!r}"
