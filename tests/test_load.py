"""The safe loader: YAML 1.2 scalars, positions, and every kind of bad input as a located finding."""

from __future__ import annotations

import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pkforce.loader import Limits, load_bytes, load_file, load_text
from pkforce.validation import validate_text
from tests.helpers import BASE


def codes(loaded) -> list[str]:  # type: ignore[no-untyped-def]
    return [d.code for d in loaded.diagnostics]


def test_yaml12_scalars_keep_yes_no_on_as_text() -> None:
    loaded = load_text("a: yes\nb: no\nc: on\nd: NO\ne: true\nf: 007\ng: 1.5\nh: ~\ni: 2027-03-01\nj: 0x1f\n")
    assert loaded.data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "NO",
        "e": True,
        "f": 7,
        "g": 1.5,
        "h": None,
        "i": "2027-03-01",
        "j": 31,
    }


def test_quoted_values_stay_text() -> None:
    assert load_text("a: '12'\nb: \"true\"\n").data == {"a": "12", "b": "true"}


def test_positions_follow_the_document() -> None:
    loaded = load_text("a:\n  b: [1, 2, {c: x}]\n")
    loc = loaded.source_map.locate(("a", "b", 2, "c"))
    assert (loc.line, loc.column) == (2, 17)  # type: ignore[union-attr]
    key = loaded.source_map.locate(("a", "b"), key=True)
    assert (key.line, key.column) == (2, 3)  # type: ignore[union-attr]


def test_duplicate_key_is_located() -> None:
    loaded = load_text("a: 1\nb: 2\na: 3\n")
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("PKF002", 3, 1)]
    assert "first on line 1" in loaded.diagnostics[0].message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system [echo hi]\n",
        "a: !!python/name:os.system\n",
        "a: !custom 3\n",
        "a: !!binary aGk=\n",
        "a: !!set {x, y}\n",
    ],
)
def test_unsafe_tags_are_refused(text: str) -> None:
    assert "PKF006" in codes(load_text(text))


def test_merge_keys_are_refused() -> None:
    assert "PKF006" in codes(load_text("base: &b {x: 1}\nother:\n  <<: *b\n"))


def test_tabs_get_a_hint() -> None:
    loaded = load_text("a:\n\tb: 1\n")
    d = loaded.diagnostics[0]
    assert (d.code, d.line) == ("PKF001", 2)
    assert "tab" in d.message and "spaces" in (d.fix or "")


@pytest.mark.parametrize("text", ['a: 1\nname: "Kazakh company\nb: 2\n', "a: 1\nname: 'it is\n"])
def test_an_unclosed_quote_is_placed_where_it_opens(text: str) -> None:
    """libyaml reports the end of the file; the user's mistake is the quote on line 2."""
    d = load_text(text).diagnostics[0]
    assert (d.code, d.line, d.column) == ("PKF001", 2, 7)
    assert "not closed" in d.message and "quote" in (d.fix or "")


def test_invalid_utf8_is_located() -> None:
    loaded = load_bytes(b"title: ok\nname: caf\xe9\n")
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("PKF007", 2, 10)]


def test_binary_input() -> None:
    loaded = load_bytes(bytes(range(256)) * 4)
    assert codes(loaded) and codes(loaded)[0] in ("PKF007", "PKF001")


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n"])
def test_empty_document(text: str) -> None:
    assert codes(load_text(text)) == ["PKF008"]


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_not_a_mapping(text: str) -> None:
    assert codes(load_text(text)) == ["PKF009"]


def test_two_documents() -> None:
    assert codes(load_text("a: 1\n---\nb: 2\n")) == ["PKF001"]


def test_huge_numbers_are_findings() -> None:
    assert "PKF013" in codes(load_text("a: " + "9" * 5000 + "\n"))
    assert load_text("a: 1e999\n").data == {"a": float("inf")}


def test_deep_nesting_is_refused_quickly() -> None:
    for depth in (100, 5000, 200_000):
        t0 = time.perf_counter()
        loaded = load_text("a: " + "[" * depth + "]" * depth + "\n")
        assert codes(loaded) == ["PKF005"], depth
        assert time.perf_counter() - t0 < 5


def test_block_nesting_is_refused() -> None:
    text = "".join(" " * i + f"k{i}:\n" for i in range(100)) + " " * 100 + "v: 1\n"
    assert codes(load_text(text)) == ["PKF005"]


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_billion_laughs_is_refused_without_expanding() -> None:
    tracemalloc.start()
    loaded = load_text(BILLION_LAUGHS)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert codes(loaded) == ["PKF004"]
    assert peak < 50 * 1024 * 1024


def test_recursive_alias_is_refused() -> None:
    assert codes(load_text("a: &a [1, *a]\n")) == ["PKF004"]


def test_shared_aliases_within_limits_are_fine() -> None:
    loaded = load_text("x: &p {military: 10}\na: *p\nb: *p\n")
    assert loaded.data == {"x": {"military": 10}, "a": {"military": 10}, "b": {"military": 10}}


def test_size_limit(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "big.yaml"
    f.write_text("a: " + "x" * 2000 + "\n")
    assert codes(load_file(f, Limits(max_bytes=1000))) == ["PKF003"]


def test_unreadable_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    loaded = load_file(tmp_path / "missing.yaml")
    assert codes(loaded) == ["PKF000"] and loaded.unreadable
    assert load_file(tmp_path).unreadable


def test_version_is_checked() -> None:
    assert [d.code for d in validate_text(BASE.replace("pkforce: 1", "pkforce: 2")).diagnostics] == ["PKF010"]
    assert [d.code for d in validate_text(BASE.replace("pkforce: 1\n", "")).diagnostics] == ["PKF010"]


# --- properties: the loader and the validator never raise, whatever the input -------------------

yaml_ish = st.lists(
    st.sampled_from([*"ab:- \n\t[]{},&*!|>'\"#%@`?19.", "yes", "P1D", "units", "  ", "\n- "]), max_size=80
).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(yaml_ish, st.text(max_size=200)))
def test_loader_never_raises_on_text(text: str) -> None:
    loaded = load_text(text)
    assert loaded.data is None or isinstance(loaded.data, dict)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_loader_never_raises_on_bytes(raw: bytes) -> None:
    load_bytes(raw)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_validator_never_raises_on_text(text: str) -> None:
    report = validate_text(text)
    assert all(d.location is None or d.location.line >= 1 for d in report.diagnostics)


# --- hostile input (issue 11) --------------------------------------------------------------------


def test_keys_one_and_true_are_two_keys() -> None:
    loaded = load_text("m: {1: a, true: b, ~: c, 1.5: d}\n")
    assert codes(loaded) == []
    assert loaded.data == {"m": {"1": "a", "true": "b", "~": "c", "1.5": "d"}}


@pytest.mark.parametrize(
    "char, name",
    [
        ("\x1b", "U+001B"),
        ("\x07", "U+0007"),
        ("\x9b", "U+009B"),
        ("\x7f", "U+007F"),
        ("\x00", "U+0000"),
        ("\ufffe", "U+FFFE"),
    ],
)
def test_control_characters_are_located(char: str, name: str) -> None:
    loaded = load_text(f"a: 1\r\nb: x{char}y\n")
    assert [(d.code, d.line, d.column) for d in loaded.diagnostics] == [("PKF001", 2, 5)]
    assert name in loaded.diagnostics[0].message and char not in loaded.diagnostics[0].message


@pytest.mark.parametrize("sep", ["\u2028", "\u2029", "\x85"])
def test_line_separators_do_not_shift_lines(sep: str) -> None:
    loaded = load_text(f"a: 1 # note{sep}still the comment\nb: x{sep}y\nc: [\n")
    assert [(d.code, d.line) for d in loaded.diagnostics] == [("PKF001", 4)]  # the line an editor shows
    ok = load_text(f"a: 1 # note{sep}b: 2\nc: x{sep}y\n")
    assert ok.data == {"a": 1, "c": "x y"}
    assert ok.source_map.locate(("c",)).line == 2  # type: ignore[union-attr]


def test_split_lines_breaks_only_where_editors_do() -> None:
    from pkforce.loader import split_lines

    assert split_lines("a\u2028b\x0cc\x85d\r\ne\rf\ng\n") == ["a\u2028b\x0cc\x85d", "e", "f", "g"]


def test_long_floats_are_findings_not_internal_errors() -> None:
    loaded = load_text("a: -" + "9" * 60 + "." + "9" * 45 + "\n")
    assert codes(loaded) == ["PKF013"] and loaded.data == {"a": None}


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_read_only_to_the_limit(device: str) -> None:
    loaded = load_file(device, Limits(max_bytes=10_000))
    assert codes(loaded) == ["PKF003"]


def test_read_bounded_requests_at_most_limit_plus_one(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pkforce._io import read_bounded

    (tmp_path / "f").write_bytes(b"x" * 100)
    assert len(read_bounded(tmp_path / "f", 10)) == 11
    assert len(read_bounded(tmp_path / "f", 1000)) == 100


def test_read_bounded_reads_streams_too() -> None:
    import io

    from pkforce._io import read_bounded

    assert len(read_bounded(io.BytesIO(b"x" * 100), 10)) == 11  # standard input, an endless pipe


def test_a_hurried_duration_gets_its_iso_form_in_the_fix() -> None:
    """`readiness: 5 days` (or `2w`, `12 hours`) is refused, and the message says what to write."""
    from pkforce.scenario.types import parse_duration

    for text, iso in (("5 days", "P5D"), ("2w", "P2W"), ("12 hours", "PT12H"), ("3 months", "P3M")):
        with pytest.raises(Exception, match=rf"\(write {iso}\)"):
            parse_duration(text)
        assert parse_duration(iso).days > 0  # and what it says to write is a duration
    with pytest.raises(Exception, match=r"\(write P5D for 5 days\)"):
        parse_duration("5")
