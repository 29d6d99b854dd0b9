"""Turn pydantic's validation errors into pkforce findings a non-programmer can act on."""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Iterator
from functools import cache
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import codes
from .._messages import Message, num, tr
from .._suggest import Pool
from .hints import did_you_mean
from .model import Scenario
from .types import MAX_COUNT, _describe
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
        return tr("`%(field)s` of %(head)s", field=".".join(str(p) for p in inner), head=head)
    return head if head is not None else _dotted(loc)


def _where_head(loc: Loc, data: Any) -> str | None:
    if len(loc) >= 2 and loc[0] == "units" and isinstance(loc[1], int):
        try:
            uid = data["units"][loc[1]].get("id")
        except (KeyError, IndexError, TypeError, AttributeError):
            uid = None
        return tr("unit `%(id)s`", id=uid) if isinstance(uid, str | int) else tr("unit #%(n)s", n=loc[1] + 1)
    if len(loc) >= 2 and loc[0] == "procedure" and isinstance(loc[1], int):
        try:
            kind = data["procedure"][loc[1]].get("step")
        except (KeyError, IndexError, TypeError, AttributeError):
            kind = None
        if isinstance(kind, str):
            return tr("procedure step %(n)s (%(kind)s)", n=loc[1] + 1, kind=kind)
        return tr("procedure step %(n)s", n=loc[1] + 1)
    return None


def _dotted(loc: Loc) -> str:
    parts = [p for p in loc if not (isinstance(p, str) and _is_tag(p))]
    text = ""
    for p in parts:
        text += f"[{p + 1}]" if isinstance(p, int) else (("." if text else "") + str(p))
    return f"`{text}`" if text else _TOP_LEVEL


_TOP_LEVEL = tr("the top level")


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


def _choices(expected: str) -> list[str]:
    return [c.strip().strip("'\"") for c in expected.replace(" or ", ",").split(",") if c.strip()]


def schema_problems(error: ValidationError, data: Any) -> Iterator[SchemaProblem]:
    """One problem per pydantic error, with a clean path, a message and a fix."""
    seen: set[tuple[Loc, str]] = set()
    wheres: dict[Loc, str] = {}  # per place, and did-you-means per word and place: errors repeat
    hints: dict[tuple[Loc, str], str] = {}
    models: dict[Loc, tuple[tuple[str, ...], str]] = {}  # the field names and the fix, per place
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
            fields = models.get(parent)
            if fields is None:
                fields = models[parent] = _fields_of(_model_at(parent))
            names, fix = fields
            hint = hints.get((parent, field))
            if hint is None:
                hint = hints[(parent, field)] = did_you_mean(field, names)
            yield SchemaProblem(
                *codes.UNKNOWN_FIELD,
                path,
                tr("unknown field `%(field)s` in %(where)s%(hint)s", field=field, where=where, hint=hint),
                fix,
                "key",
            )
        elif etype == "missing":
            yield SchemaProblem(
                *codes.MISSING_FIELD,
                path[:-1] if path and path[-1] == field else path,
                tr("%(where)s is missing the required field `%(field)s`", where=where, field=field),
                tr("add `%(field)s:` to %(where)s", field=field, where=where),
                "key" if len(path) > 1 else "value",
            )
        elif etype == "literal_error":
            choices = _choices(str(ctx.get("expected", "")))
            hint = did_you_mean(str(value), choices)
            yield SchemaProblem(
                *codes.INVALID_VALUE,
                path,
                tr(
                    "%(got)s is not allowed for `%(field)s` in %(where)s%(hint)s",
                    got=_describe(value),
                    field=field,
                    where=_where(parent, data),
                    hint=hint,
                ),
                tr("use one of: %(choices)s", choices=", ".join(choices)),
                "value",
            )
        elif etype == "union_tag_invalid":
            choices = _choices(str(ctx.get("expected_tags", "")))
            tag = str(ctx.get("tag", value))
            hint = did_you_mean(tag, choices)
            yield SchemaProblem(
                *codes.INVALID_VALUE,
                (*path, "step"),
                tr("unknown step kind `%(tag)s` in procedure step %(n)s%(hint)s", tag=tag, n=int(loc[1]) + 1, hint=hint)
                if len(loc) > 1 and isinstance(loc[1], int)
                else tr("unknown step kind `%(tag)s`%(hint)s", tag=tag, hint=hint),
                tr("use one of: %(choices)s", choices=", ".join(choices)),
                "value",
            )
        elif etype == "union_tag_not_found":
            yield SchemaProblem(
                *codes.MISSING_FIELD,
                path,
                tr("%(where)s has no `step:` saying what kind of step it is", where=where),
                tr("add e.g. `step: council_decision`"),
                "value",
            )
        else:
            msg = _plain_message(etype, err["msg"], value, ctx)
            key = (path, msg)
            if key in seen:
                continue
            seen.add(key)
            said = tr("%(message)s (at %(where)s)", message=msg, where=where)
            yield SchemaProblem(*codes.INVALID_VALUE, path, said, _fix_for(etype, field), "value")


@cache
def _fields_of(model: type[BaseModel] | None) -> tuple[tuple[str, ...], str]:
    """A model's field names and the fix that lists them, made once (100,000 unknown keys share it;
    a Pool, which did-you-mean takes as it is and hashes once, where a list is copied and a tuple
    hashed per unknown key)."""
    names = Pool(model.model_fields) if model else Pool()
    allowed = ", ".join(names)
    return names, tr("remove it, or use one of: %(allowed)s", allowed=allowed) if allowed else tr("remove it")


def _plain_message(etype: str, msg: str, value: Any, ctx: dict[str, Any]) -> str:
    """pydantic's error in words: ours (translated) for the types and checks pkforce knows, else
    pydantic's own English text."""
    got = _describe(value)
    if etype in ("int_type", "int_parsing", "int_from_float"):
        return tr("expected a whole number, got %(got)s", got=got)
    if etype in ("float_type", "float_parsing"):
        return tr("expected a number, got %(got)s", got=got)
    if etype == "finite_number":
        return tr("expected a finite number, got %(got)s", got=got)
    if etype == "string_type":
        return tr("expected text, got %(got)s", got=got)
    if etype in ("bool_type", "bool_parsing"):
        return tr("expected true or false, got %(got)s", got=got)
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        return tr("expected a mapping (`key: value` lines), got %(got)s", got=got)
    if etype == "list_type":
        return tr("expected a list (`- item` lines or [a, b]), got %(got)s", got=got)
    custom = _custom_message(etype, ctx, got)
    if custom is not None:
        return custom
    error = ctx.get("error")
    if isinstance(error, ValueError) and error.args and isinstance(error.args[0], Message):
        return error.args[0]  # a model check's own message (made with tr)
    if msg.startswith("Value error, "):
        return msg.removeprefix("Value error, ")
    plain = msg[0].lower() + msg[1:] if msg else etype
    ours = _pydantic_message(etype, ctx)
    return ours if ours is not None and ours == plain else plain  # ours only where it says the same


def _pydantic_message(etype: str, ctx: dict[str, Any]) -> str | None:
    """pydantic's own messages for the constraints the model uses (`ge=0`, a list of one or more),
    as templates: the caller keeps pydantic's text unless this one reads the same in English."""
    if etype == "greater_than_equal":
        return tr("input should be greater than or equal to %(ge)s", ge=str(ctx.get("ge")))
    if etype == "too_short" and ctx.get("min_length") == 1:
        return tr(
            "list should have at least 1 item after validation, not %(actual)s", actual=str(ctx.get("actual_length"))
        )
    return None


def _custom_message(etype: str, ctx: dict[str, Any], got: str) -> str | None:
    """The model's own error types (scenario/types.py, model.py), rebuilt as translatable messages
    with the same English as the model gives pydantic."""
    if etype == "duration_type":
        return tr("expected an ISO 8601 duration such as P14D or PT6H, got %(got)s", got=got)
    if etype == "duration_format":
        text, hint, iso = str(ctx.get("text", "")), str(ctx.get("hint", "")), str(ctx.get("iso", ""))
        if iso:
            return tr("%(text)s is not an ISO 8601 duration such as P14D or PT6H (write %(iso)s)", text=text, iso=iso)
        if hint:
            days = hint[len(" (write P") : hint.index("D for ")]
            return tr(
                "%(text)s is not an ISO 8601 duration such as P14D or PT6H (write P%(days)sD for %(days)s days)",
                text=text,
                days=days,
            )
        return tr("%(text)s is not an ISO 8601 duration such as P14D or PT6H", text=text)
    if etype == "duration_range":
        return tr(
            "%(text)s is longer than any scenario can use (the most is about 2.7 million years)",
            text=str(ctx.get("text", "")),
        )
    if etype == "count_bool":
        return tr("expected a number, got %(value)s: true and false are not counts", value=str(ctx.get("value", "")))
    if etype == "count_range":
        value = str(ctx.get("value", ""))
        return tr(
            "%(value)s is more than any force can hold (the most is %(most)s)",
            value=tr("the number") if value == "the number" else num(int(value.replace(",", ""))),
            most=num(MAX_COUNT),
        )
    if etype == "timestamp_type":
        return tr("expected an ISO 8601 date such as 2027-03-01, got %(got)s", got=got)
    if etype == "timestamp_format" and isinstance(ctx.get("message"), Message):
        return ctx["message"]  # made with tr in parse_timestamp
    if etype == "duration_spec":
        return tr("expected a duration such as P14D, or a random one {min: P7D, mode: P14D, max: P30D}")
    if etype == "deadline_spec":
        return tr("expected a duration from the start such as P60D, or {after: council_decision, duration: P30D}")
    if etype == "host_states":
        return tr("expected a state code such as KGZ, or a list such as [KGZ, TJK]")
    if etype == "member_entry":
        return tr("expected a state code such as KAZ, or {state: ARM, status: suspended}")
    if etype == "organization_ref":
        return tr("expected a built-in profile name such as csto, or a mapping with id and members")
    if etype == "unit_ref":
        return tr("expected a unit id, or (for reinforce) a unit definition mapping")
    return None


def _fix_for(etype: str, field: str) -> str | None:
    if etype.startswith("int"):
        return tr("write `%(field)s` as a whole number, e.g. %(field)s: 120", field=field)
    if etype == "deadline_spec":
        return tr("write a duration from the start such as P60D, or {after: council_decision, duration: P30D}")
    if etype == "host_states":
        return tr("write a state code such as KGZ, or a list of codes such as [KGZ, TJK]")
    if etype.startswith("duration") or etype == "duration_spec":
        return tr("write a duration such as P14D or PT6H, or {min: P7D, mode: P14D, max: P30D}")
    if etype.startswith("timestamp"):
        return tr("write a date as YYYY-MM-DD, or a date-time such as 2027-03-01T22:00:00+06:00")
    if etype in ("dict_type", "model_type"):
        return tr("indent the fields under this key as `name: value` lines")
    if etype == "list_type":
        return tr("write each item on its own line starting with `- `")
    if etype == "string_type":
        return tr("quote the value to make it text")
    return None
