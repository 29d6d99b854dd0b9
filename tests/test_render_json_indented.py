"""The JSON renderer writes its indented document itself (json.dumps(indent=2) is pure Python and
slow on 100,000 findings): the text must stay byte for byte what json.dumps writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from pkforce._messages import tr
from pkforce._version import __version__
from pkforce.diagnostics import Diagnostic, Location, Severity, ValidationReport
from pkforce.render.json import _indented, render_json

plain = st.none() | st.booleans() | st.integers() | st.floats() | st.text()
documents = st.recursive(
    plain, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4), max_leaves=20
)


@given(documents)
def test_indented_is_json_dumps_indent_2(doc: object) -> None:
    assert _indented(doc) == json.dumps(doc, indent=2, ensure_ascii=False)


def test_a_finding_as_the_report_holds_it() -> None:
    doc = {"files": [{"config": None, "ok": False, "diagnostics": [{"line": 3, "path": ["units", "0"]}, {"path": []}]}]}
    assert _indented(doc) == json.dumps(doc, indent=2, ensure_ascii=False)


texts = st.text() | st.sampled_from(["", "units", "x\ny", '"quoted"', "\u2028", "тип"])
numbers = st.none() | st.integers(min_value=-5, max_value=10**12)
locations = st.none() | st.builds(Location, st.integers(0, 10**9), st.integers(0, 10**6), numbers, numbers)
diagnostics = st.builds(
    Diagnostic,
    code=texts,
    name=texts,
    severity=st.sampled_from(Severity),
    message=texts | st.builds(lambda v: tr("unit `%(id)s` has %(v)s", id="x", v=v), texts),
    fix=st.none() | texts,
    file=st.none() | texts,
    location=locations,
    path=st.lists(texts | st.integers(), max_size=4).map(tuple),
)
reports = st.builds(
    ValidationReport,
    file=texts,
    diagnostics=st.lists(diagnostics, max_size=4),
    config=st.none() | texts,
)


@given(st.lists(reports, max_size=3))
def test_findings_are_written_as_their_dicts_would_be(found: list[ValidationReport]) -> None:
    # the renderer writes each Diagnostic from a template, not from Diagnostic.to_dict()
    expected = {
        "pkforce_validation": 1,
        "version": __version__,
        "files": [
            {
                "file": r.file,
                "config": r.config,
                "ok": r.ok,
                "errors": len(r.errors),
                "warnings": len(r.warnings),
                "diagnostics": [d.to_dict() for d in r.diagnostics],
            }
            for r in found
        ],
    }
    assert render_json(found) == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
