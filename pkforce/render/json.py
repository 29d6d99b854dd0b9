"""Machine-readable diagnostics: a stable, versioned JSON document."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache, lru_cache
from json.encoder import encode_basestring  # json's own string encoder (C) for ensure_ascii=False
from typing import Any

from .._version import __version__
from ..diagnostics import Diagnostic, Location, Severity, ValidationReport

__all__ = ["render_json"]


def render_json(reports: Sequence[ValidationReport]) -> str:
    files = []
    error, warning = Severity.ERROR, Severity.WARNING  # (an enum's attribute costs 0.1 us)
    for r in reports:
        errors = warnings = 0
        for d in r.diagnostics:  # one pass for both counts (each property builds a list)
            errors += d.severity is error
            warnings += d.severity is warning
        files.append(
            {
                "file": r.file,
                "config": r.config,
                "ok": not errors,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": list(r.diagnostics),  # each written by _diagnostic, as its to_dict() would be
            }
        )
    out: list[str] = []
    _write({"pkforce_validation": 1, "version": __version__, "files": files}, "", out)
    out.append("\n")
    return "".join(out)


def _indented(value: Any, pad: str = "") -> str:
    """``json.dumps(value, indent=2, ensure_ascii=False)``, byte for byte, for a document of dicts
    with text keys, lists and plain values (tests/test_render_json_indented.py compares the two); a
    :class:`Diagnostic` is written as its :meth:`~Diagnostic.to_dict` would be.

    json.dumps with an indent runs json's pure-Python encoder, which took 1 to 2 s for 100,000
    findings; this writes the same text with a fraction of the calls, as pieces joined once at the
    end (joined level by level, a 50 MB report was copied into fresh memory at each level)."""
    out: list[str] = []
    _write(value, pad, out)
    return "".join(out)


def _write(value: Any, pad: str, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = pad + "  "
        sep = "{\n"
        for k, v in value.items():
            out.append(f"{sep}{inner}{encode_basestring(k)}: ")
            _write(v, inner, out)
            sep = ",\n"
        out.append(f"\n{pad}}}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = pad + "  "
        sep = "[\n" + inner
        for v in value:
            out.append(sep)
            if type(v) is Diagnostic:
                out.append(_diagnostic(v, inner))
            else:
                _write(v, inner, out)
            sep = ",\n" + inner
        out.append(f"\n{pad}]")
    else:
        out.append(_plain(value))


def _plain(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    return json.dumps(value, ensure_ascii=False)  # floats and anything rarer: json's own text


def _diagnostic(d: Diagnostic, pad: str) -> str:
    """``_indented(d.to_dict(), pad)``, as one template filled in: the keys and indents are the same
    for every finding, and the code, name and severity lines repeat (made once per code). Built as
    a dict and walked, 100,000 findings took about 1.5 s; tests/test_render_json_indented.py
    compares the two."""
    inner = pad + "  "
    return _template(pad) % (
        _head(d.code, d.name, d.severity, inner),
        encode_basestring(d.message),
        "null" if d.fix is None else encode_basestring(d.fix),
        "null" if d.file is None else _file(d.file),
        _location(d.location, inner),
        _path(d.path, inner),
    )


_KEYS = ("message", "fix", "file", "line", "path")
"""the keys after the first three, each followed by its value; "line" stands for the four of the
location, which come as one piece"""


@cache
def _template(pad: str) -> str:
    """The text of a finding at indent `pad`: a ``%s`` for the code, name and severity lines, for
    the location's four lines, and for each other value."""
    inner = pad + "  "
    return "{\n" + inner + "%s" + "".join(f",\n{inner}{encode_basestring(k)}: %s" for k in _KEYS) + "\n" + pad + "}"


@cache
def _head(code: str, name: str, severity: Severity, inner: str) -> str:
    return _lines(inner, {"code": code, "name": name, "severity": severity.value})


@lru_cache(maxsize=64)
def _file(file: str) -> str:
    return encode_basestring(file)


def _location(loc: Location | None, inner: str) -> str:
    """The values of line, column, end_line and end_column, with the keys between them."""
    if loc is None:
        return _place(inner) % (("null",) * 4)
    line, column, end_line, end_column = loc.line, loc.column, loc.end_line, loc.end_column
    return _place(inner) % (  # %s writes a whole number as json does
        line if type(line) is int else _plain(line),
        column if type(column) is int else _plain(column),
        end_line if type(end_line) is int else _plain(end_line),
        end_column if type(end_column) is int else _plain(end_column),
    )


@cache
def _place(inner: str) -> str:
    keys = ("column", "end_line", "end_column")
    return "%s" + "".join(f",\n{inner}{encode_basestring(k)}: %s" for k in keys)


def _lines(inner: str, items: dict[str, Any]) -> str:
    """``"key": value`` lines at indent `inner` (the first without it)."""
    return f",\n{inner}".join(f"{encode_basestring(k)}: {_indented(v, inner)}" for k, v in items.items())


def _path(path: tuple[str | int, ...], pad: str) -> str:
    return _path_template(len(path), pad) % tuple(map(encode_basestring, map(str, path)))


@cache
def _path_template(length: int, pad: str) -> str:
    """A list of `length` strings at indent `pad`, one ``%s`` for each."""
    if not length:
        return "[]"
    inner = pad + "  "
    return "[\n" + ",\n".join([inner + "%s"] * length) + "\n" + pad + "]"
