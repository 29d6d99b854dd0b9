"""The JSON Schema of the scenario format, draft-07 flavoured so YAML editors complete it.

It is built from the pydantic model, then the format's word lists are laid over the fields that
name them, by field name, so a field the model gains later gets them too:

- closed lists become ``enum``: categories and echelons (``scenario/vocab.py``), capabilities
  (the catalogue);
- lists a scenario may extend become enum-plus-pattern: state codes are the ISO 3166-1 list or a
  user-assigned code (XAA-XZZ and the other ranges ISO leaves to users, declared under ``states:``),
  unit types are the catalogue's names or any name the scenario defines under ``unit_types:``.

The schema ships in the wheel (``pkforce/data/scenario.schema.json``) with a stable ``$id``, and
``pkforce schema`` prints it. Editors that run yaml-language-server (VS Code's YAML extension, for
one) pick it up from a modeline at the top of a scenario::

    # yaml-language-server: $schema=https://raw.githubusercontent.com/pkforce/pkforce/main/docs/pkforce.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from .._version import REPOSITORY
from .model import Scenario

__all__ = ["SCHEMA_ID", "json_schema", "json_schema_text", "shipped_schema_text"]

SCHEMA_ID = REPOSITORY.replace("github.com", "raw.githubusercontent.com") + "/main/docs/pkforce.schema.json"
"""The schema's `$id`: it names format 1 and stays the same across pkforce releases."""

USER_ASSIGNED_STATE = "^(AA[A-Z]|Q[M-Z][A-Z]|X[A-Z][A-Z]|ZZ[A-Z])$"
"""ISO 3166-1 alpha-3 codes left to users (the same ranges as :func:`pkforce.data.is_user_assigned`)."""


def _rewrite(node: Any) -> Any:
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$defs":
                out["definitions"] = _rewrite(value)
            elif key == "$ref" and isinstance(value, str):
                out[key] = value.replace("#/$defs/", "#/definitions/")
            elif key == "discriminator":
                continue  # an OpenAPI keyword; draft-07 validators ignore or reject it
            else:
                out[key] = _rewrite(value)
        return out
    if isinstance(node, list):
        return [_rewrite(v) for v in node]
    return node


def _vocabularies() -> dict[str, dict[str, Any]]:
    """Word list name -> the schema of one such word."""
    from ..data import catalogue, iso_codes
    from .vocab import CATEGORIES, ECHELONS, MULTINATIONAL

    states = sorted(iso_codes())
    return {
        "category": {"type": "string", "enum": list(CATEGORIES)},
        "echelon": {"type": "string", "enum": list(ECHELONS)},
        "capability": {"type": "string", "enum": sorted(catalogue().capabilities)},
        "unit_type": {"type": "string", "anyOf": [{"enum": sorted(catalogue().types)}, {"type": "string"}]},
        "state": {"type": "string", "anyOf": [{"enum": states}, {"pattern": USER_ASSIGNED_STATE}]},
        "nation": {"type": "string", "anyOf": [{"enum": [MULTINATIONAL, *states]}, {"pattern": USER_ASSIGNED_STATE}]},
    }


# (definition, field) -> word list. A definition of None means the field in every definition.
_FIELDS: dict[tuple[str | None, str], str] = {
    (None, "category"): "category",
    (None, "echelon"): "echelon",
    (None, "capability"): "capability",
    (None, "capabilities"): "capability",
    (None, "nation"): "nation",
    (None, "host_state"): "state",
    (None, "host_states"): "state",
    (None, "state"): "state",
    (None, "states"): "state",
    ("Application", "by"): "state",
    ("Unit", "type"): "unit_type",
}
# Mappings keyed by state code: their keys (propertyNames) take the word list.
_KEYS: dict[tuple[str | None, str], str] = {
    (None, "votes"): "state",
    (None, "states"): "state_key",
    (None, "national_approval"): "state",
    (None, "lift_per_day"): "lift_key",
}


def _is_text(node: Any) -> bool:
    return (
        isinstance(node, dict)
        and node.get("type") == "string"
        and not {"pattern", "enum", "$ref", "format", "const"} & node.keys()
    )


def _lay_over(prop: dict[str, Any], word: dict[str, Any]) -> bool:
    """Give a text field (or a list of text, or either of them or null) the word list; False if it is neither."""
    if _is_text(prop):
        extra = {k: v for k, v in prop.items() if k != "type"}
        prop.clear()
        prop.update(word, **extra)
        return True
    if prop.get("type") == "array" and _is_text(prop.get("items")):
        prop["items"] = dict(word)
        return True
    branches = prop.get("anyOf") or prop.get("oneOf")
    if isinstance(branches, list):
        laid = [_lay_over(b, word) for b in branches if isinstance(b, dict)]  # every branch, not the first
        return any(laid)
    return False


def _pick(table: dict[tuple[str | None, str], str], definition: str, field: str) -> str | None:
    return table.get((definition, field)) or table.get((None, field))


def _apply_vocabularies(schema: dict[str, Any]) -> None:
    words = _vocabularies()
    words["state_key"] = {"pattern": "^[A-Z]{3}$"}
    words["lift_key"] = {"anyOf": [{"const": "default"}, words["nation"]]}
    places: list[tuple[str, dict[str, Any]]] = [("Scenario", schema), *schema.get("definitions", {}).items()]
    for definition, node in places:
        for field, prop in node.get("properties", {}).items():
            name = _pick(_FIELDS, definition, field)
            if name is not None and isinstance(prop, dict):
                _lay_over(prop, words[name])
            key = _pick(_KEYS, definition, field)
            if key is not None and isinstance(prop, dict) and prop.get("type") == "object":
                prop["propertyNames"] = dict(words[key])


def json_schema() -> dict[str, Any]:
    """The scenario format as a JSON Schema (draft-07)."""
    schema = _rewrite(Scenario.model_json_schema(mode="validation"))
    _apply_vocabularies(schema)
    head = {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": SCHEMA_ID,
        "title": "pkforce scenario (format 1)",
        "description": (
            "A pkforce scenario: organisation, operation, decision procedure, units, requirements, "
            "logistics, injects and simulation settings. See docs/scenario.md."
        ),
    }
    schema.pop("title", None)
    schema.pop("description", None)
    return {**head, **schema}


def json_schema_text() -> str:
    """:func:`json_schema` as the text `pkforce schema` prints."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def shipped_schema_text() -> str:
    """The schema as shipped in the package (``pkforce/data/scenario.schema.json``); built if missing."""
    from importlib import resources

    try:
        return resources.files("pkforce.data").joinpath("scenario.schema.json").read_text(encoding="utf-8")
    except OSError:  # a source tree where the file was not generated yet
        return json_schema_text()
