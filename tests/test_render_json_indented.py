"""The JSON renderer writes its indented document itself (json.dumps(indent=2) is pure Python and
slow on 100,000 findings): the text must stay byte for byte what json.dumps writes."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from pkforce.render.json import _indented

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
