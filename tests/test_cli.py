"""Tests of the `pkforce` command, with golden files for the text output.

Most tests call the entry point in-process (:func:`run`): the same `main()` the console script
calls, with its exit code and both streams captured, and no interpreter start per test. A few
(:func:`run_installed`) run the installed `pkforce` script end to end. Refresh the golden files after
an intended change of wording with `PKFORCE_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_cli.py`
and review the diff (tests/snapshots.py).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pkforce.cli import main
from tests.helpers import BASE, ROOT, SCENARIOS
from tests.snapshots import assert_snapshot

GOLDEN = Path(__file__).parent / "golden"
BROKEN = sorted((SCENARIOS / "broken").glob("*.yaml"))


def pkforce_command() -> list[str]:
    exe = Path(sys.executable).with_name("pkforce")
    if exe.exists():
        return [str(exe)]
    found = shutil.which("pkforce")
    assert found, "the pkforce console script is not installed"
    return [found]


def run_installed(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The installed console script, in its own process."""
    proc = subprocess.run(
        [*pkforce_command(), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1"},
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`pkforce ARGS` in this process, through the console script's entry point."""
    stdout, stderr = io.StringIO(), io.StringIO()
    code = 0
    old_cwd, old_env = Path.cwd(), dict(os.environ)
    os.environ.update({"COLUMNS": "100", "NO_COLOR": "1"})
    try:
        os.chdir(cwd)
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(old_cwd)
        os.environ.clear()
        os.environ.update(old_env)
    proc = subprocess.CompletedProcess(["pkforce", *args], code, stdout.getvalue(), stderr.getvalue())
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    return proc


def check_golden(name: str, text: str) -> None:
    assert_snapshot(GOLDEN / name, text)


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_validate_broken_scenarios_golden(path: Path) -> None:
    proc = run("validate", str(path.relative_to(ROOT)))
    assert proc.returncode == (1 if "[error]" in proc.stdout else 0)  # warnings alone do not fail
    check_golden(f"validate/{path.stem}.txt", proc.stdout)


def test_installed_command_matches_the_in_process_entry_point() -> None:
    target = "scenarios/broken/consensus-not-reached.yaml"
    installed, here = run_installed("validate", target), run("validate", target)
    assert (installed.returncode, installed.stdout, installed.stderr) == (here.returncode, here.stdout, here.stderr)


def test_validate_clean_scenarios_exit_0() -> None:
    files = [str(p.relative_to(ROOT)) for p in sorted(SCENARIOS.glob("*.yaml"))]
    proc = run("validate", *files)
    assert proc.returncode == 0, proc.stdout
    # notes say what pkforce cannot tell (PKF124: no ratification on record); only the vocabulary warns
    assert all(
        "[error]" not in line and ("[warning]" not in line or "vocabulary-example" in line)
        for line in proc.stdout.splitlines()
    ), proc.stdout


def test_strict_fails_on_warnings() -> None:
    assert run("validate", "scenarios/vocabulary-example.yaml").returncode == 0
    assert run("validate", "--strict", "scenarios/vocabulary-example.yaml").returncode == 1


def test_json_github_and_sarif_formats() -> None:
    target = "scenarios/broken/consensus-not-reached.yaml"
    doc = json.loads(run("validate", "--format", "json", target).stdout)
    diag = next(d for d in doc["files"][0]["diagnostics"] if d["severity"] == "error")
    assert doc["pkforce_validation"] == 1 and diag["code"] == "PKF106" and diag["line"] == 18
    gh = run("validate", "--format", "github", target).stdout.splitlines()
    assert any(line.startswith(f"::error file={target},line=18,col=") for line in gh)
    sarif = json.loads(run("validate", "--format", "sarif", target).stdout)
    assert sarif["version"] == "2.1.0"
    assert "PKF106" in [r["ruleId"] for r in sarif["runs"][0]["results"]]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    missing = run("validate", "no/such/file.yaml")
    assert missing.returncode == 2 and "PKF000" in missing.stdout
    assert run("validate", str(tmp_path)).returncode == 2
    assert run("validate", "--format", "xml", "scenarios/un-operation.yaml").returncode == 2
    assert run("validate", "--select", "PKF999x", "scenarios/un-operation.yaml").returncode == 2
    assert run("explain", "PKF9999").returncode == 2
    assert run().returncode in (0, 2)


def test_select_ignore_and_config(tmp_path: Path) -> None:
    target = str(SCENARIOS / "broken" / "consensus-not-reached.yaml")
    assert run("validate", "--ignore", "PKF106", target).returncode == 0
    assert run("validate", "--ignore", "consensus-not-reached", target).returncode == 0
    assert run("validate", "--select", "PKF2", target).returncode == 0
    (tmp_path / "pkforce.toml").write_text('[severity]\nconsensus-not-reached = "warning"\n')
    proc = run("validate", target, cwd=tmp_path)
    assert proc.returncode == 0 and "PKF106 [warning]" in proc.stdout
    (tmp_path / "pkforce.toml").write_text("select = 3\n")
    bad = run("validate", target, cwd=tmp_path)
    assert bad.returncode == 2 and "must be a list" in bad.stderr


def test_summary_text_and_json() -> None:
    proc = run("summary", "scenarios/un-operation.yaml")
    assert proc.returncode == 0 and "TOTAL" in proc.stdout
    check_golden("summary/un-operation.txt", proc.stdout)
    doc = json.loads(run("summary", "--format", "json", "scenarios/un-operation.yaml").stdout)
    assert doc["total"]["personnel"] == sum(r["personnel"] for r in doc["rows"])


def test_summary_refuses_a_broken_scenario() -> None:
    proc = run("summary", "scenarios/broken/command-cycle.yaml")
    assert proc.returncode == 1 and "PKF303" in proc.stderr and proc.stdout == ""


def test_rules_and_explain() -> None:
    listing = run("rules").stdout
    for code in ("PKF001", "PKF106", "PKF201", "PKF303", "PKF406"):
        assert code in listing
    page = run("explain", "pkf106").stdout
    for heading in ("## What it checks", "## Why", "## Example", "## Fix"):
        assert heading in page
    near = run("explain", "consensus-not-reachd")
    assert near.returncode == 2 and "consensus-not-reached" in near.stderr


def test_schema_validates_the_shipped_scenarios(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from pkforce.loader import load_file

    out = tmp_path / "schema.json"
    assert run("schema", "-o", str(out)).returncode == 0
    schema = json.loads(out.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    for path in sorted(SCENARIOS.glob("*.yaml")):
        errors = list(validator.iter_errors(load_file(path).data))
        assert not errors, (path.name, [e.message for e in errors[:3]])
    bad = load_file(SCENARIOS / "broken" / "typing-mistakes.yaml").data
    assert list(validator.iter_errors(bad))


def test_version_and_module_entry_point() -> None:
    assert run_installed("--version").stdout.startswith("pkforce ")
    proc = subprocess.run([sys.executable, "-m", "pkforce", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0 and proc.stdout.startswith("pkforce ")


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01\x02binary",
        b"pkforce: 1\nunits: [\n",
        b"a: &a [*a]\n",
        b"- just\n- a list\n",
        b"pkforce: 1\norganization: csto\noperation: {kind: member_territory, host_state: KGZ}\nunits: 5\n",
        BASE.replace("P10D", "!!python/object:os.system").encode(),
        b"pkforce: 1\ntitle: \xff\xfe\n",
    ],
)
def test_bad_input_never_shows_a_traceback(tmp_path: Path, content: bytes) -> None:
    f = tmp_path / "bad.yaml"
    f.write_bytes(content)
    proc = run_installed("validate", str(f))
    assert proc.returncode == 1
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(str(f))]
    assert lines and all(":" in ln and "PKF" in ln for ln in lines)


def test_simulate_text_json_csv(tmp_path: Path) -> None:
    target = "scenarios/exercise-brotherhood.yaml"
    text = run("simulate", target, "--runs", "300", "--seed", "5")
    assert text.returncode == 0
    assert "FOC" in text.stdout and "P50" in text.stdout and "300 runs, seed 5" in text.stdout
    one = run("simulate", target, "--runs", "300", "--seed", "5", "-f", "json").stdout
    two = run("simulate", target, "--runs", "300", "--seed", "5", "-f", "json", "--workers", "2").stdout
    assert one == two and json.loads(one)["pkforce_simulation"] == 1
    out = tmp_path / "buildup.csv"
    proc = run("simulate", target, "--deterministic", "-f", "csv", "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    assert out.read_text().startswith("day,date,by,group,p10,p50,p90,mean")


def test_simulate_refuses_bad_input_without_writing(tmp_path: Path) -> None:
    out = tmp_path / "result.json"
    broken = run("simulate", "scenarios/broken/consensus-not-reached.yaml", "-f", "json", "-o", str(out))
    assert broken.returncode == 1 and "PKF106" in broken.stderr and not out.exists()
    assert run("simulate", "scenarios/un-operation.yaml", "--horizon", "30 days").returncode == 2
    assert run("simulate", "scenarios/un-operation.yaml", "--runs", "0").returncode == 2
    assert run("simulate", "scenarios/un-operation.yaml", "-o", str(tmp_path / "no" / "x.json")).returncode == 2
    assert list(tmp_path.iterdir()) == []


def test_chart_one_kind_and_all(tmp_path: Path) -> None:
    svg = tmp_path / "org.svg"
    proc = run("chart", "scenarios/un-operation.yaml", "--kind", "org", "-o", str(svg), "--color-by", "category")
    assert proc.returncode == 0 and svg.read_text().lstrip().startswith("<?xml")
    assert "KAZBAT" in svg.read_text()
    folder = tmp_path / "charts"
    proc = run(
        "chart",
        "scenarios/exercise-brotherhood.yaml",
        "--all",
        "--out-dir",
        str(folder),
        "--image-format",
        "png",
        "--runs",
        "100",
        "--dpi",
        "60",
    )
    assert proc.returncode == 0
    stem = "exercise-brotherhood-2027"  # the scenario's id: several scenarios can share a folder
    assert sorted(p.name for p in folder.iterdir()) == [
        f"{stem}-{k}.png" for k in ("buildup", "composition", "org", "timeline")
    ]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in folder.iterdir())


def test_chart_usage_errors(tmp_path: Path) -> None:
    target = "scenarios/un-operation.yaml"
    assert run("chart", target, "--kind", "org", "-o", str(tmp_path / "x.txt")).returncode == 2
    assert run("chart", target, "-o", str(tmp_path / "x.svg")).returncode == 2
    assert run("chart", target, "--kind", "org", "--depth", "banana", "-o", str(tmp_path / "x.svg")).returncode == 2
    assert run("chart", "scenarios/broken/tabs.yaml", "--kind", "org", "-o", str(tmp_path / "x.svg")).returncode == 1
    assert list(tmp_path.iterdir()) == []


def test_output_to_a_device_is_written_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    import threading

    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    proc = run_installed("simulate", "scenarios/un-operation.yaml", "--runs", "50", "-f", "json", "-o", str(fifo))
    reader.join(timeout=60)
    assert proc.returncode == 0 and fifo.is_fifo()
    assert json.loads(got[0])["pkforce_simulation"] == 1
