"""Writing scenarios as YAML: a new file, or an edit of an existing one that keeps its comments.

    >>> import pkforce
    >>> scenario = pkforce.load("scenarios/un-operation.yaml")               # doctest: +SKIP
    >>> text = pkforce.dump(scenario)                                        # YAML text  # doctest: +SKIP
    >>> pkforce.loads(text) == scenario                                      # doctest: +SKIP
    True
    >>> pkforce.dump(variant, "scenarios/un-operation.yaml")   # edits the file in place   # doctest: +SKIP

The YAML holds what the scenario's author wrote (pydantic's ``exclude_unset``), in the model's field
order. Editing an existing file goes through ruamel.yaml's round-trip mode, which keeps comments,
key order, flow style (``{min: P7D, ...}``) and quoting of everything the edit does not touch: a
staff officer's annotated file stays annotated. Units are matched by `id` and procedure steps by
position, so a changed unit keeps its comments and a removed one takes its own with it.

ruamel.yaml writes YAML 1.2, which is also how pkforce reads scenarios (``yes`` stays text).
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .scenario.model import Scenario

__all__ = ["dump", "scenario_data"]


def scenario_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as plain YAML-ready data: what was written, in the model's order."""
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_unset=True)
    # a step reads best with its kind first (the model lists the fields steps share first)
    data["procedure"] = [{"step": s["step"], **s} for s in data.get("procedure", [])] if "procedure" in data else None
    if data["procedure"] is None:
        del data["procedure"]
    return data


def _short(values: Any) -> bool:
    return sum(len(str(v)) + 2 for v in values) <= 72 and all(not isinstance(v, dict | list) for v in values)


def _yaml() -> Any:
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    yaml.width = 4096  # never fold a long text: folding leaves trailing spaces
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _flow(value: Any) -> Any:
    """New data in the house style: short mappings of scalars (durations, personnel) in flow style."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    if isinstance(value, dict):
        out = CommentedMap((k, _flow(v)) for k, v in value.items())
        if value and _short([*value, *value.values()]):
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_flow(v) for v in value)
        if value and _short(value):
            seq.fa.set_flow_style()
        return seq
    if (
        isinstance(value, str)
        and "\n" in value.rstrip("\n")
        and all(c.isprintable() or c == "\n" for c in value)
        and value == value.lstrip()
    ):
        return LiteralScalarString(value)
    if isinstance(value, str) and any(c in _SEPARATORS for c in value):
        from ruamel.yaml.scalarstring import DoubleQuotedScalarString

        return DoubleQuotedScalarString(value)  # written as \N, \L, \P: raw, they read back as spaces
    return value


_SEPARATORS = frozenset("\x85\u2028\u2029")
"""Characters the loader reads as a space where they stand raw (YAML 1.1 line breaks, see loader.py)."""


def _merge(old: Any, new: Any) -> Any:
    """`old` (ruamel round-trip data) changed in place to equal `new`, keeping what did not change."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(old, CommentedMap) and isinstance(new, dict):
        for key in [k for k in old if k not in new]:
            del old[key]
        for key, value in new.items():
            if key in old:
                old[key] = _merge(old[key], value)
            else:
                old[key] = _flow(value)
        return old
    if isinstance(old, CommentedSeq) and isinstance(new, list):
        if (
            new
            and all(isinstance(x, dict) and "id" in x for x in new)
            and all(isinstance(x, dict) and "id" in x for x in old)
        ):
            by_id = {str(x["id"]): x for x in old}
            items = [_merge(by_id[str(x["id"])], x) if str(x["id"]) in by_id else _flow(x) for x in new]
            _replace_items(old, items)
            return old
        for i, value in enumerate(new):
            if i < len(old):
                old[i] = _merge(old[i], value)
            else:
                old.append(_flow(value))
        del old[len(new) :]
        return old
    if _same_scalar(old, new):
        return old  # keeps its quoting and style
    return _flow(new)


def _replace_items(seq: Any, items: list[Any]) -> None:
    """Set a sequence's items, keeping the comments of the items that stay (ruamel keys them by index)."""
    keep = {id(x): i for i, x in enumerate(seq)}
    comments = {i: seq.ca.items.get(i) for i in range(len(seq))}
    seq.ca.items.clear()
    seq[:] = items
    for j, x in enumerate(items):
        i = keep.get(id(x))
        if i is not None and comments.get(i) is not None:
            seq.ca.items[j] = comments[i]


def _same_scalar(old: Any, new: Any) -> bool:
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if isinstance(old, int | float) and isinstance(new, int | float):
        return float(old) == float(new)
    return str(old) == str(new) if isinstance(new, str) else False


def dump(scenario: Scenario, path: str | Path | None = None, *, keep_comments: bool = True) -> str:
    """The scenario as YAML text; with `path`, also written there (all or nothing).

    When `path` is an existing scenario file (and ``keep_comments``), it is edited rather than
    replaced: comments, key order and styles of whatever did not change are kept.
    The text loads back (:func:`pkforce.loads`) to a scenario equal to `scenario`.
    """
    yaml = _yaml()
    data = scenario_data(scenario)
    target = Path(path) if path is not None else None
    doc: Any = None
    if target is not None and keep_comments and target.is_file():
        doc = yaml.load(target.read_text(encoding="utf-8"))
    doc = _merge(doc, data) if doc is not None else _flow(data)
    buf = io.StringIO()
    yaml.dump(doc, buf)
    text = buf.getvalue()
    if target is not None:
        from ._io import write_atomic

        write_atomic(target, text.encode("utf-8"))
    return text
