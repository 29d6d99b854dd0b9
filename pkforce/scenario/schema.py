"""The JSON Schema of the scenario format, draft-07 flavoured so YAML editors complete it.

Editors that run yaml-language-server (VS Code's YAML extension, for one) pick it up from the
modeline at the top of a scenario::

    # yaml-language-server: $schema=../docs/pkforce.schema.json
"""

from __future__ import annotations

import json
from typing import Any

from .model import Scenario

__all__ = ["json_schema", "json_schema_text"]


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


def json_schema() -> dict[str, Any]:
    """The scenario format as a JSON Schema (draft-07)."""
    schema = _rewrite(Scenario.model_json_schema(mode="validation"))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    schema["title"] = "pkforce scenario (format 1)"
    schema["description"] = (
        "A pkforce scenario: organisation, operation, decision procedure, units, requirements, "
        "logistics, injects and simulation settings. See docs/scenario.md."
    )
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
