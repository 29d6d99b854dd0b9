"""SARIF output against the official OASIS SARIF 2.1.0 schema (draft-04, with its formats checked)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote

import pytest

from tests.helpers import SCENARIOS
from tests.test_cli import run

SCHEMA = Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json"
NAMES = ["with space.yaml", "Кыргызстан сценарий.yaml", "issue#10.yaml", "plain.yaml"]


@pytest.fixture(scope="module")
def validator() -> object:
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("rfc3987")  # without it the format checker skips uri-reference silently
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    # every known format, not draft-04's own list: SARIF uses uri-reference, which draft-04 lacks
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def sarif_for(tmp_path: Path, names: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    broken = (SCENARIOS / "broken" / "consensus-not-reached.yaml").read_bytes()
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub dir").mkdir()
    for name in names:
        (tmp_path / "sub dir" / name).write_bytes(broken)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    proc = run("validate", "--format", "sarif", *names, cwd=tmp_path / "sub dir")  # root found upward
    assert proc.returncode == 1, proc.stderr
    doc: dict[str, object] = json.loads(proc.stdout)
    return doc


def test_sarif_is_valid_and_uris_are_relative_and_encoded(
    tmp_path: Path, validator: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc = sarif_for(tmp_path, NAMES, monkeypatch)
    errors = list(validator.iter_errors(doc))  # type: ignore[attr-defined]
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]
    run_ = doc["runs"][0]  # type: ignore[index]
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.resolve().as_uri() + "/"
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"] for r in run_["results"]]
    assert {u["uriBaseId"] for u in uris} == {"SRCROOT"}
    # one result per finding, in file order (a file may have several findings)
    assert list(dict.fromkeys(unquote(u["uri"]) for u in uris)) == [f"sub dir/{n}" for n in NAMES]
    assert "sub%20dir/issue%2310.yaml" in [u["uri"] for u in uris]
    assert all(u["uri"].isascii() for u in uris)


def test_rules_carry_help(tmp_path: Path, validator: object, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = sarif_for(tmp_path, ["a.yaml"], monkeypatch)
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}  # type: ignore[index]
    rule = rules["PKF106"]
    assert rule["helpUri"].endswith("docs/rules.md#pkf106-consensus-not-reached")
    assert "## Fix" in rule["help"]["markdown"]


def test_invalid_uri_is_caught_by_the_schema_check(
    tmp_path: Path, validator: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The check this file relies on does catch an unencoded name (the bug the issue reports).
    doc = sarif_for(tmp_path, ["a.yaml"], monkeypatch)
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]  # type: ignore[index]
    loc["uri"] = "sub dir/a#b c.yaml"
    assert list(validator.iter_errors(doc))  # type: ignore[attr-defined]


def test_github_workspace_is_the_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "x.yaml").write_bytes((SCENARIOS / "broken" / "consensus-not-reached.yaml").read_bytes())
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    doc = json.loads(run("validate", "--format", "sarif", str(tmp_path / "x.yaml")).stdout)
    for result in doc["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc == {"uri": "x.yaml", "uriBaseId": "SRCROOT"}


def test_standard_input_has_no_uri(validator: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.setattr(
        "sys.stdin", io.TextIOWrapper(io.BytesIO((SCENARIOS / "broken" / "consensus-not-reached.yaml").read_bytes()))
    )
    doc = json.loads(run("validate", "--format", "sarif", "-").stdout)
    assert not list(validator.iter_errors(doc))  # type: ignore[attr-defined]
    for result in doc["runs"][0]["results"]:
        loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc == {"description": {"text": "standard input"}}
