"""The quickstart and the README work verbatim from a clean clone.

The tests copy the repository's files (tracked and new, not ignored: what a clone has) to a fresh
folder and link `.venv` there to the environment running the tests. The quickstart test runs the
page's shell blocks line by line, each after `. .venv/bin/activate` as in the reader's terminal,
checks every `$ command` of its console blocks prints what the page shows, and runs its Python
blocks; it takes some 15 s of CPU (charts, a 10,000-run simulation), so it runs in CI (CI=true) or
with PKFORCE_DOCS=1. The install lines (`python3 -m venv`, `pip install`) are what CI and the `.venv`
link already did, so they are the only lines not run. The README test runs the README's first
command and its console example, and checks its benchmark commands need nothing outside the clone
(they generate their input with benchmarks/gen_large.py; running them takes minutes).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

INSTALL = re.compile(r"^(python3 -m venv \.venv|\.venv/bin/pip install)")


def blocks(text: str, lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", text, flags=re.M | re.S)


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout to list the repository's files")
    files = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    target = tmp_path_factory.mktemp("clone")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    return target


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "VIRTUAL_ENV")}
    env.update(COLUMNS="100", NO_COLOR="1")
    return env


def bash(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True, timeout=300, env=_env())


def shell_lines(text: str) -> list[str]:
    lines = [ln for block in blocks(text, "sh") for ln in block.splitlines() if ln.strip()]
    return [ln for ln in lines if not INSTALL.match(ln)]


def console_commands(text: str) -> list[tuple[str, str]]:
    found = []
    for block in blocks(text, "console"):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, shown = chunk.partition("\n")
            found.append((command, shown))
    return found


@pytest.mark.skipif(
    not (os.environ.get("CI") or os.environ.get("PKFORCE_DOCS")),
    reason="about 15 s of CPU (charts, a 10,000-run simulation): runs in CI (CI=true) or with PKFORCE_DOCS=1",
)
def test_quickstart_runs_verbatim(clone: Path) -> None:
    text = (clone / "docs" / "quickstart.md").read_text(encoding="utf-8")
    lines = shell_lines(text)
    assert any(ln.startswith(". .venv/bin/activate") for ln in lines) and "pkforce --version" in lines
    for line in lines:
        # each after the activation, as in the reader's terminal, in order (import needs the template)
        proc = bash("set -e\n. .venv/bin/activate\n" + line, clone)
        expected = 1 if "exit 1" in line else 0
        assert proc.returncode == expected, (line, proc.stdout[-2000:], proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr, line
    for command, shown in console_commands(text):
        proc = bash(". .venv/bin/activate\n" + command, clone)
        assert proc.stdout == shown, command
    for code in blocks(text, "python"):
        proc = subprocess.run(
            [str(clone / ".venv" / "bin" / "python"), "-c", code],
            cwd=clone,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, (code, proc.stderr[-2000:])


def test_readme_commands_run_verbatim(clone: Path) -> None:
    text = (clone / "README.md").read_text(encoding="utf-8")
    install_and_check = blocks(text, "sh")[0].splitlines()[0]  # the second line runs this test suite
    runnable = " && ".join(part for part in install_and_check.split(" && ") if not INSTALL.match(part))
    proc = bash(runnable, clone)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for command, shown in console_commands(text):
        assert bash(command, clone).stdout == shown, command
    scripts = re.findall(r"`\.venv/bin/python (benchmarks/\S+\.py)`", text)
    assert scripts
    for script in scripts:
        # a benchmark generates its input from the clone, never from a folder beside it
        assert "ROOT.parent" not in (clone / script).read_text(encoding="utf-8"), script
