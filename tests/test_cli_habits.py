"""What users of ruff, yamllint and check-jsonschema expect of a command line: stdin, folders, --quiet,
colour control, completion, -o, GitHub annotations under Actions, help without Python type hints."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from pkforce.cli import COMMANDS
from tests.helpers import ROOT, SCENARIOS
from tests.test_cli import pkforce_command, run

BROKEN = SCENARIOS / "broken" / "consensus-not-reached.yaml"


def feed(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin_is_dash(monkeypatch: pytest.MonkeyPatch) -> None:
    feed(monkeypatch, BROKEN.read_bytes())
    proc = run("validate", "-")
    assert proc.returncode == 1 and "\n<stdin>:18:57: PKF106" in "\n" + proc.stdout
    feed(monkeypatch, (SCENARIOS / "un-operation.yaml").read_bytes())
    assert "TOTAL" in run("summary", "-").stdout


def test_folders_give_their_yaml_files_sorted(tmp_path: Path) -> None:
    for name in ("b.yml", "a.yaml", "sub/c.yaml", ".hidden/d.yaml", "notes.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes((SCENARIOS / "un-operation.yaml").read_bytes())
    doc = json.loads(run("validate", "-f", "json", str(tmp_path)).stdout)
    assert [Path(f["file"]).relative_to(tmp_path).as_posix() for f in doc["files"]] == ["a.yaml", "b.yml", "sub/c.yaml"]
    (tmp_path / "empty").mkdir()
    assert run("validate", str(tmp_path / "empty")).returncode == 2
    assert run("summary", str(tmp_path)).returncode == 2


def test_quiet_prints_only_findings(tmp_path: Path) -> None:
    clean = run("validate", "-q", "scenarios/un-operation.yaml")
    assert clean.returncode == 0 and "All good" not in clean.stdout and "Found" not in clean.stdout
    noisy = run("validate", "-q", str(BROKEN))
    assert noisy.returncode == 1 and "PKF106" in noisy.stdout and "Found 1 error" not in noisy.stdout
    proc = run("export", "-q", "scenarios/un-operation.yaml", "-f", "msdl", "-o", str(tmp_path / "x.xml"))
    assert proc.returncode == 0 and proc.stderr == ""


def test_color_always_never_and_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    assert "\033[" in run("validate", "--color", "always", str(BROKEN)).stdout
    assert "\033[" not in run("validate", "--color", "never", str(BROKEN)).stdout
    assert "\033[" not in run("validate", str(BROKEN)).stdout  # auto, not a terminal (and NO_COLOR set)
    from pkforce.cli._common import ColorChoice, use_color

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert use_color(ColorChoice.auto, Tty())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color(ColorChoice.auto, Tty()) and use_color(ColorChoice.always, Tty())


def test_validate_output_file(tmp_path: Path) -> None:
    report = tmp_path / "report.sarif"
    proc = run("validate", "-f", "sarif", "-o", str(report), str(BROKEN))
    assert proc.returncode == 1 and proc.stdout == ""
    assert json.loads(report.read_text())["version"] == "2.1.0"
    assert run("validate", "-o", str(tmp_path / "no" / "r.txt"), str(BROKEN)).returncode == 2


def test_github_format_by_default_under_actions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert "::error file=" in run("validate", str(BROKEN)).stdout
    assert "::error" not in run("validate", "-f", "text", str(BROKEN)).stdout


def test_shell_completion_completes_commands() -> None:
    env = {**os.environ, "_PKFORCE_COMPLETE": "complete_bash", "COMP_WORDS": "pkforce exp", "COMP_CWORD": "1"}
    proc = subprocess.run(pkforce_command(), capture_output=True, text=True, env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == 0 and "export" in proc.stdout and "validate" not in proc.stdout


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_shows_no_python_type_hints(command: str | None) -> None:
    proc = run(*([command] if command else []), "--help")
    assert proc.returncode == 0
    assert not re.search(r"<(bool|path|text|int|float|list\[[^>]*\])>", proc.stdout), proc.stdout


def test_progress_goes_to_stderr() -> None:
    from pkforce.cli.simulate import ProgressBar

    bar = ProgressBar()
    assert bar._bar.console.stderr
