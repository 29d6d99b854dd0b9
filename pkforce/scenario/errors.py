"""Turn pydantic's validation errors into pkforce findings a non-programmer can act on."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import codes
from .hints import did_you_mean
from .model import Scenario
from .types import _describe
from .vocab import STEP_KINDS

__all__ = ["SchemaProblem", "schema_problems"]

Loc = tuple[str | int, ...]


class SchemaProblem(typing.NamedTuple):
    code: str
    name: str
    path: Loc
    message: str
    fix: str | None
    at: str  # value | key


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _tag_of(tp: Any) -> str | None:
    if typing.get_origin(tp) is typing.Annotated:
        for meta in typing.get_args(tp)[1:]:
            tag = getattr(meta, "tag", None)
            if isinstance(tag, str):
                return tag
    return None


def _descend(tp: Any, part: str | int) -> Any:
    """The type found at `part` inside `tp` (None when the path leaves the model)."""
    tp = _unwrap(tp)
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = typing.get_args(tp)
        for m in members:
            if _tag_of(m) == part:
                return _unwrap(m)
            um = _unwrap(m)
            if isinstance(um, type) and issubclass(um, BaseModel) and "step" in um.model_fields:
                ann = um.model_fields["step"].annotation
                if part in typing.get_args(ann):
                    return um
        non_none = [m for m in members if m is not type(None)]
        if len(non_none) == 1:
            return _descend(non_none[0], part)
        return None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(part))
        return field.annotation if field is not None else None
    if origin is list and isinstance(part, int):
        return typing.get_args(tp)[0]
    if origin is dict:
        return typing.get_args(tp)[1]
    return None


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model at `loc` (list positions do not change it: remembered by shape, so 100,000 errors
    in 100,000 units look it up once)."""
    return _model_at_shape(tuple(0 if isinstance(p, int) else p for p in loc))


@functools.lru_cache(maxsize=512)
def _model_at_shape(loc: Loc) -> type[BaseModel] | None:
    tp: Any = Scenario
    for part in loc:
        tp = _descend(tp, part)
        if tp is None:
            return None
    tp = _unwrap(tp)
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        models = [m for m in typing.get_args(tp) if isinstance(m, type) and issubclass(m, BaseModel)]
        tp = models[0] if len(models) == 1 else None
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def _where(loc: Loc, data: Any) -> str:
    """'unit `kaz-bn`', 'step 2 (council_decision)', or a dotted path."""
    inner = [p for p in loc[2:] if not (isinstance(p, str) and _is_tag(p))]
    head = _where_head(loc, data)
    if head is not None and inner:
        return f"`{'.'.join(str(p) for p in inner)}` of {head}"
    return head if head is not None else _dotted(loc)


def _where_head(loc: Loc, data: Any) -> str | None:
    if len(loc) >= 2 and loc[0] == "units" and isinstance(loc[1], int):
        try:
            uid = data["units"][loc[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            uid = None
        return f"unit `{uid}`" if isinstance(uid, str | int) else f"unit #{loc[1] + 1}"
    if len(loc) >= 2 and loc[0] == "procedure" and isinstance(loc[1], int):
        try:
            kind = data["procedure"][loc[1]].get("step")
        except (KeyError, IndexError, TypeError, AttributeError):
            kind = None
        return f"procedure step {loc[1] + 1}" + (f" ({kind})" if isinstance(kind, str) else "")
    return None


def _dotted(loc: Loc) -> str:
    parts = [p for p in loc if not (isinstance(p, str) and _is_tag(p))]
    text = ""
    for p in parts:
        text += f"[{p + 1}]" if isinstance(p, int) else (("." if text else "") + str(p))
    return f"`{text}`" if text else "the top level"


_TAGS = {"fixed", "random", "profile", "inline", "ref", "unit", "code", "member", "list", "from_step"}


def _is_tag(part: str) -> bool:
    return part in _TAGS or part in STEP_KINDS


def _clean(loc: Loc, data: Any) -> Loc:
    """Drop pydantic's union tags from a location so it follows the document."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict):
            if part in node:
                out.append(part)
                node = node[part]
            continue
        if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            out.append(part)
            node = node[part]
            continue
        if node is None or not isinstance(node, dict | list):
            break
    # a missing field: keep its name so messages can say which
    if loc and loc[-1] not in out and isinstance(loc[-1], str) and not _is_tag(loc[-1]):
        out.append(loc[-1])
    return tuple(out)


@functools.lru_cache(maxsize=128)
def _field_names(model: type[BaseModel] | None) -> tuple[str, ...]:
    return tuple(model.model_fields) if model else ()


def _choices(expected: str) -> list[str]:
    return [c.strip().strip("'\"") for c in expected.replace(" or ", ",").split(",") if c.strip()]


def schema_problems(error: ValidationError, data: Any) -> Iterator[SchemaProblem]:
    """One problem per pydantic error, with a clean path, a message and a fix."""
    seen: set[tuple[Loc, str]] = set()
    wheres: dict[Loc, str] = {}  # per place, and did-you-means per word and place: errors repeat
    hints: dict[tuple[Loc, str], str] = {}
    for err in error.errors(include_url=False):
        loc: Loc = tuple(err["loc"])
        etype = err["type"]
        value = err.get("input")
        ctx = err.get("ctx") or {}
        path = _clean(loc, data)
        parent = loc[:-1]
        field = str(loc[-1]) if loc else ""
        at = parent if etype in ("extra_forbidden", "missing") else loc
        where = wheres.get(at) or wheres.setdefault(at, _where(at, data))
        if etype == "extra_forbidden":
            model = _model_at(parent)
            names = _field_names(model)
            hint = hints.get((parent, field))
            if hint is None:
                hint = hints[(parent, field)] = did_you_mean(field, names)
            allowed = ", ".join(names)
            yield SchemaProblem(
                *codes.UNKNOWN_FIELD,
                path,
                f"unknown field `{field}` in {where}{hint}",
                f"remove it, or use one of: {allowed}" if allowed else "remove it",
                "key",
            )
        elif etype == "missing":
            yield SchemaProblem(
                *codes.MISSING_FIELD,
                path[:-1] if path and path[-1] == field else path,
                f"{where} is missing the required field `{field}`",
                f"add `{field}:` to {where}",
                "key" if len(path) > 1 else "value",
            )
        elif etype == "literal_error":
            choices = _choices(str(ctx.get("expected", "")))
            hint = did_you_mean(str(value), choices)
            yield SchemaProblem(
                *codes.INVALID_VALUE,
                path,
                f"{_describe(value)} is not allowed for `{field}` in {_where(parent, data)}{hint}",
                f"use one of: {', '.join(choices)}",
                "value",
            )
        elif etype == "union_tag_invalid":
            choices = _choices(str(ctx.get("expected_tags", "")))
            tag = str(ctx.get("tag", value))
            hint = did_you_mean(tag, choices)
            yield SchemaProblem(
                *codes.INVALID_VALUE,
                (*path, "step"),
                f"unknown step kind `{tag}` in procedure step {int(loc[1]) + 1}{hint}"
                if len(loc) > 1 and isinstance(loc[1], int)
                else f"unknown step kind `{tag}`{hint}",
                f"use one of: {', '.join(choices)}",
                "value",
            )
        elif etype == "union_tag_not_found":
            yield SchemaProblem(
                *codes.MISSING_FIELD,
                path,
                f"{where} has no `step:` saying what kind of step it is",
                "add e.g. `step: council_decision`",
                "value",
            )
        else:
            msg = _plain_message(etype, err["msg"], value, ctx)
            key = (path, msg)
            if key in seen:
                continue
            seen.add(key)
            yield SchemaProblem(*codes.INVALID_VALUE, path, f"{msg} (at {where})", _fix_for(etype, field), "value")


def _plain_message(etype: str, msg: str, value: Any, ctx: dict[str, Any]) -> str:
    got = _describe(value)
    table = {
        "int_type": f"expected a whole number, got {got}",
        "int_parsing": f"expected a whole number, got {got}",
        "int_from_float": f"expected a whole number, got {got}",
        "float_type": f"expected a number, got {got}",
        "float_parsing": f"expected a number, got {got}",
        "finite_number": f"expected a finite number, got {got}",
        "string_type": f"expected text, got {got}",
        "bool_type": f"expected true or false, got {got}",
        "bool_parsing": f"expected true or false, got {got}",
        "dict_type": f"expected a mapping (`key: value` lines), got {got}",
        "model_type": f"expected a mapping (`key: value` lines), got {got}",
        "model_attributes_type": f"expected a mapping (`key: value` lines), got {got}",
        "list_type": f"expected a list (`- item` lines or [a, b]), got {got}",
    }
    if etype in table:
        return table[etype]
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    return msg[0].lower() + msg[1:] if msg else etype


def _fix_for(etype: str, field: str) -> str | None:
    if etype.startswith("int"):
        return f"write `{field}` as a whole number, e.g. {field}: 120"
    if etype == "deadline_spec":
        return "write a duration from the start such as P60D, or {after: council_decision, duration: P30D}"
    if etype == "host_states":
        return "write a state code such as KGZ, or a list of codes such as [KGZ, TJK]"
    if etype.startswith("duration") or etype == "duration_spec":
        return "write a duration such as P14D or PT6H, or {min: P7D, mode: P14D, max: P30D}"
    if etype.startswith("timestamp"):
        return "write a date as YYYY-MM-DD, or a date-time such as 2027-03-01T22:00:00+06:00"
    if etype in ("dict_type", "model_type"):
        return "indent the fields under this key as `name: value` lines"
    if etype == "list_type":
        return "write each item on its own line starting with `- `"
    if etype == "string_type":
        return "quote the value to make it text"
    return None
