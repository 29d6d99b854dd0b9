"""The CI kit: the pre-commit hook and the example GitHub workflow run the commands they name."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from tests.helpers import ROOT, SCENARIOS
from tests.test_cli import run


def test_pre_commit_hook_runs_on_scenarios_only() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "pkforce-validate")
    assert hook["language"] == "python" and hook["types"] == ["yaml"]
    files = re.compile(hook["files"])
    assert files.search("scenarios/un-operation.yaml") and files.search("plans/kgz.pkforce.yaml")
    assert not files.search(".github/workflows/ci.yml")
    entry = shlex.split(hook["entry"])
    assert entry[0] == "pkforce"
    # pre-commit appends the changed files to the entry
    assert run(*entry[1:], "scenarios/un-operation.yaml").returncode == 0
    broken = run(*entry[1:], str(SCENARIOS / "broken" / "tabs.yaml"))
    assert broken.returncode == 1 and "PKF001" in broken.stdout


def test_example_workflow_uploads_sarif_and_its_commands_work(tmp_path: Path) -> None:
    workflow = yaml.safe_load((ROOT / "examples" / "github-workflow.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["validate"]["steps"]
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert upload["with"]["sarif_file"] == "pkforce.sarif" and upload["if"] == "always()"
    assert workflow["permissions"]["security-events"] == "write"
    commands = [shlex.split(s["run"].split("#")[0]) for s in steps if s.get("run", "").startswith("pkforce ")]
    assert len(commands) == 2
    target = tmp_path / "scenarios"
    target.mkdir()
    (target / "a.yaml").write_bytes((SCENARIOS / "un-operation.yaml").read_bytes())
    for command in commands:
        assert run(*command[1:], cwd=tmp_path).returncode == 0
    assert (tmp_path / "pkforce.sarif").read_text().startswith("{")
