"""The scenario JSON Schema as editors and CI users see it: check-jsonschema on the shipped scenarios,
word lists that flag misspellings, the parser's own durations, and the copy in the package."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pkforce.scenario.schema import SCHEMA_ID, json_schema_text
from pkforce.scenario.types import DURATION_PATTERN, parse_duration
from tests.helpers import ROOT, SCENARIOS
from tests.test_cli import run

PACKAGED = ROOT / "pkforce" / "data" / "scenario.schema.json"


def check_jsonschema(*files: Path) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("check-jsonschema")
    if not exe.exists():
        found = shutil.which("check-jsonschema")
        if found is None:
            pytest.skip("check-jsonschema is not installed (it is in the test extra)")
        exe = Path(found)
    return subprocess.run(
        [str(exe), "--schemafile", str(PACKAGED), *map(str, files)], capture_output=True, text=True, timeout=120
    )


def test_check_jsonschema_accepts_every_shipped_scenario_and_rejects_a_misspelt_category(tmp_path: Path) -> None:
    shipped = sorted(SCENARIOS.glob("*.yaml"))
    good = check_jsonschema(*shipped)
    assert good.returncode == 0, good.stdout + good.stderr
    text = (SCENARIOS / "un-operation.yaml").read_text(encoding="utf-8")
    assert "    category: observers\n" in text
    misspelt = tmp_path / "misspelt.yaml"
    misspelt.write_text(text.replace("    category: observers\n", "    category: observer\n", 1), encoding="utf-8")
    bad = check_jsonschema(misspelt)
    assert bad.returncode == 1 and "'observer' is not one of" in bad.stdout


def test_the_command_prints_the_packaged_schema_with_its_id() -> None:
    printed = run("schema").stdout
    assert printed == PACKAGED.read_text(encoding="utf-8") == json_schema_text()
    doc = json.loads(printed)
    assert doc["$id"] == SCHEMA_ID


def test_word_lists_reach_every_field_that_names_them() -> None:
    doc = json.loads(json_schema_text())
    unit = doc["definitions"]["Unit"]["properties"]
    assert "combat" in json.dumps(unit["category"]) and "battalion" in json.dumps(unit["echelon"])
    assert "medical_role_2" in json.dumps(unit["capabilities"]) and "infantry_battalion" in json.dumps(unit["type"])
    assert "multinational" in json.dumps(unit["nation"]) and '"KAZ"' in json.dumps(unit["nation"])
    assert "KGZ" in json.dumps(doc["definitions"]["Operation"]["properties"]["host_state"])
    assert "propertyNames" in doc["definitions"]["CouncilDecision"]["properties"]["votes"]


@given(st.text(alphabet="P0123456789.,YMWDTHS ", max_size=14))
def test_duration_pattern_equals_the_parser(text: str) -> None:
    try:
        parse_duration(text)
        parsed = True
    except ValueError:
        parsed = False
    assert bool(re.search(DURATION_PATTERN, text)) == parsed, text


def test_durations_the_parser_accepts_are_valid_in_the_schema() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    doc = json.loads(json_schema_text())
    unit = {"id": "a", "nation": "KAZ"}
    for text in ("P1.5D", "P14D", "PT6H", "P1,5D", "P12M", "P2W"):
        jsonschema.validate(
            {**unit, "readiness": text}, {**doc["definitions"]["Unit"], "definitions": doc["definitions"]}
        )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {**unit, "readiness": "14 days"}, {**doc["definitions"]["Unit"], "definitions": doc["definitions"]}
        )
