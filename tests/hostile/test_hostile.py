"""The hostile-input corpus: every case of cases.toml through the command line, with its expected
exit code and message; then the API-level cases (types, CSV formulas, signals during a write)."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import BASE
from tests.test_cli import run, run_installed

PAD_CHARS = 256 * 1024
"""`pad` makes a file this long: a large file gets the verdict a small one gets (issue 11 found
them differ when a second parser read large files)."""

HERE = Path(__file__).parent
CASES: list[dict[str, Any]] = tomllib.loads((HERE / "cases.toml").read_text(encoding="utf-8"))["case"]


def _setup(step: str, d: Path) -> threading.Thread | None:
    """One setup step; a writer into a named pipe runs beside the command (the thread returned)."""
    verb, _, rest = step.partition(" ")
    if verb == "feed":
        pipe, source, delay = rest.split()
        writer = threading.Thread(target=_feed, args=(d / pipe, (d / source).read_bytes(), float(delay)))
        writer.start()
        return writer
    if verb == "write":
        name, _, text = rest.partition(" ")
        (d / name).write_text(text + "\n", encoding="utf-8")
        return None
    args = rest.split()
    if verb == "symlink":
        (d / args[0]).symlink_to(args[1])
    elif verb == "hardlink":
        os.link(d / args[1], d / args[0])
    elif verb == "chmod":
        os.chmod(d / args[1], int(args[0], 8))
    elif verb == "mkdir":
        (d / args[0]).mkdir(parents=True)
    elif verb == "pad":
        line = "# " + "padding " * 12 + "\n"
        with open(d / args[0], "a", encoding="utf-8") as fh:
            fh.write("\n" + line * (PAD_CHARS // len(line) + 1))
    elif verb == "nest":
        (d / args[0]).write_text("x = " + "[" * 5000 + "]" * 5000 + "\n")
    elif verb == "fifo":
        os.mkfifo(d / args[0])
    else:
        raise AssertionError(f"unknown setup step {step!r}")
    return None


def _feed(pipe: Path, data: bytes, delay: float, patience: float = 60.0) -> None:
    """Open `pipe` for writing after `delay` seconds (once a reader has it open: never blocking,
    so a test that fails cannot hang here) and write `data` into it."""
    time.sleep(delay)
    deadline = time.monotonic() + patience
    while True:
        try:
            fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            break
        except OSError as exc:  # ENXIO: no reader yet
            if exc.errno != errno.ENXIO or time.monotonic() > deadline:
                return
            time.sleep(0.02)
    os.set_blocking(fd, True)
    try:
        os.write(fd, data)
    except BrokenPipeError:
        pass  # the reader gave up: the test's assertions say why
    finally:
        os.close(fd)


@pytest.fixture(scope="module")
def corpus() -> Path:
    return HERE / "files"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case(case: dict[str, Any], corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    d = tmp_path / "files"
    shutil.copytree(corpus, d, symlinks=True)
    for name, value in case.get("env", {}).items():
        monkeypatch.setenv(name, value)
    writers = [t for t in (_setup(step, d) for step in case.get("setup", [])) if t is not None]
    before = {name: (d / name).read_bytes() for name in case.get("unchanged", [])}
    args = [a.replace("{d}", str(d)) for a in case["args"]]
    try:
        proc = run_installed(*args, cwd=d) if case.get("installed") else run(*args, cwd=d)
    finally:
        for writer in writers:
            writer.join()
    output = proc.stdout + proc.stderr
    expected = case["exit"] if isinstance(case["exit"], list) else [case["exit"]]
    assert proc.returncode in expected, output
    assert case.get("message", "").replace("{d}", str(d)) in output, output
    for fragment in case.get("absent", []):
        assert fragment not in output, output
    assert "internal error" not in output and "Traceback" not in output
    for name, data in before.items():
        assert (d / name).read_bytes() == data, f"{name} was changed"
    assert not list(d.rglob(".*.tmp")), "a temporary file was left behind"
    for p in d.rglob("*"):  # chmod'ed folders would stop the temporary folder's removal
        if p.is_dir():
            p.chmod(0o755)


def test_symlink_output_stays_a_link(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(BASE)
    (tmp_path / "real.csv").write_text("old\n")
    (tmp_path / "link.csv").symlink_to("real.csv")
    assert run("simulate", "s.yaml", "-n", "10", "-f", "csv", "-o", "link.csv", cwd=tmp_path).returncode == 0
    assert (tmp_path / "link.csv").is_symlink()
    assert (tmp_path / "real.csv").read_text().startswith("day,date,by,group")


def test_an_endless_pipe_is_read_only_to_the_limit() -> None:
    # `yes` never ends: the reader must stop at --max-bytes + 1
    yes = subprocess.Popen(["yes", "pkforce: 1"], stdout=subprocess.PIPE)
    try:
        proc = subprocess.run(
            [*_pkforce(), "validate", "--max-bytes", "100000", "/dev/stdin"],
            stdin=yes.stdout,
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        yes.kill()
        yes.wait()
    assert proc.returncode == 1 and "PKF003" in proc.stdout, proc.stdout + proc.stderr


def _pkforce() -> list[str]:
    from tests.test_cli import pkforce_command

    return pkforce_command()


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_during_a_write_leaves_no_temporary_file(tmp_path: Path, signum: int) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"before")
    code = f"""
import os, signal, sys
import pkforce._io as io
real_fsync = os.fsync
def fsync(fd):  # the signal arrives while the temporary file is being written
    os.kill(os.getpid(), {int(signum)})
    real_fsync(fd)
io.os.fsync = fsync
io.write_atomic(sys.argv[1], b"x" * 1_000_000)
"""
    proc = subprocess.run([sys.executable, "-c", code, str(target)], capture_output=True, timeout=60)
    assert proc.returncode == -signum, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]
    assert target.read_bytes() == b"before"


def test_loads_bytes_is_a_type_error() -> None:
    import pkforce

    with pytest.raises(TypeError, match=r"takes the YAML text as str, not bytes \(decode it first"):
        pkforce.loads(BASE.encode())  # type: ignore[arg-type]


def test_api_simulate_refuses_10_to_the_20_runs() -> None:
    import pkforce
    from pkforce.simulation import MemoryBudgetError

    with pytest.raises(MemoryBudgetError, match="would need about"):
        pkforce.simulate(pkforce.loads(BASE), runs=10**20)


def test_csv_cells_are_never_formulas() -> None:
    import csv

    from pkforce.scenario.model import Scenario
    from pkforce.simulation import simulate

    formula = 'nation: "=HYPERLINK(\\"x\\")"\n    parent: cc'
    data = pkforce_data(BASE.replace("nation: KAZ\n    parent: cc", formula))
    csv_text = simulate(Scenario.model_validate(data), runs=5).to_csv()  # the API does not validate first

    groups = [row[3] for row in list(csv.reader(csv_text.splitlines()))[1:]]
    assert any(g.startswith("'=HYPERLINK") for g in groups)
    assert not any(g.startswith(("=", "+", "@")) for g in groups)


def pkforce_data(text: str) -> Any:
    from pkforce.loader import load_text

    return load_text(text).data


@pytest.mark.parametrize(
    "text, shown",
    [
        ("a\x1b[31mb", "a\\u001b[31mb"),  # escape sequences
        ("line\roverwritten", "line\\u000doverwritten"),  # a lone CR rewrites the line
        ("kept\r\nlines\n\ttab", "kept\r\nlines\n\ttab"),
        ("\u202eevil", "\\u202eevil"),  # a bidirectional override
        ("\u2028\x85\x9b", "\\u2028\\u0085\\u009b"),
    ],
)
def test_printable_escapes_what_a_terminal_would_obey(text: str, shown: str) -> None:
    from pkforce._io import printable

    assert printable(text) == shown


@pytest.mark.parametrize(
    "cell, safe",
    [
        ("=1+1", "'=1+1"),
        ("+7", "'+7"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("KAZ", "KAZ"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(cell: str, safe: str) -> None:
    from pkforce._io import spreadsheet_safe

    assert spreadsheet_safe(cell) == safe


def test_the_garbage_collector_is_restored_after_validation() -> None:
    import gc
    import threading

    from pkforce.validation import validate_text

    assert gc.isenabled()
    threads = [threading.Thread(target=validate_text, args=(BASE,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert gc.isenabled()
    gc.disable()
    try:
        validate_text(BASE)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_a_named_pipe_without_a_writer_is_an_error_not_a_hang(tmp_path: Path) -> None:
    from pkforce._io import NothingToRead, read_bounded

    os.mkfifo(tmp_path / "p")
    with pytest.raises(NothingToRead, match=r"nothing is writing to the named pipe .*p \(waited 0.2 s for data\)"):
        read_bounded(tmp_path / "p", 1000, wait=0.2)


def test_a_named_pipe_is_read_when_its_writer_comes_late(tmp_path: Path) -> None:
    from pkforce._io import read_bounded

    os.mkfifo(tmp_path / "p")
    writer = threading.Thread(target=_feed, args=(tmp_path / "p", b"x" * 300_000, 0.3))
    writer.start()
    try:
        assert read_bounded(tmp_path / "p", 1_000_000, wait=30) == b"x" * 300_000  # more than a pipe holds
    finally:
        writer.join()


def test_a_writer_that_stalls_is_not_waited_for_for_ever(tmp_path: Path) -> None:
    from pkforce._io import NothingToRead, read_bounded

    os.mkfifo(tmp_path / "p")
    fd = os.open(tmp_path / "p", os.O_RDWR)  # a writer that wrote a little and holds the pipe open
    try:
        os.write(fd, b"pkforce: 1\n")
        with pytest.raises(NothingToRead, match=r"sent 11 bytes, then nothing for 0.2 s"):
            read_bounded(tmp_path / "p", 1000, wait=0.2)
    finally:
        os.close(fd)


def test_a_named_pipe_without_a_writer_through_the_api(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pkforce.validation import validate_file

    monkeypatch.setenv("PKFORCE_PIPE_WAIT", "0.2")
    os.mkfifo(tmp_path / "p.yaml")
    report = validate_file(tmp_path / "p.yaml")
    assert report.unreadable and [d.code for d in report.diagnostics] == ["PKF000"]
    assert report.diagnostics[0].message.startswith("nothing is writing to the named pipe")
    assert "PKFORCE_PIPE_WAIT" in (report.diagnostics[0].fix or "")


@pytest.mark.parametrize(
    "value, wait", [("2.5", 2.5), ("0", 10.0), ("-1", 10.0), ("nan", 10.0), ("inf", 10.0), ("x", 10.0)]
)
def test_the_pipe_wait_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str, wait: float) -> None:
    from pkforce._io import PIPE_WAIT_SECONDS, pipe_wait

    assert PIPE_WAIT_SECONDS == 10.0
    monkeypatch.setenv("PKFORCE_PIPE_WAIT", value)
    assert pipe_wait() == wait


def test_every_character_shown_as_a_picture_is_unprintable() -> None:
    # the text renderer translates a quoted line only when it holds an unprintable character
    from pkforce.render.text import _PICTURES

    assert not [hex(c) for c in _PICTURES if chr(c).isprintable()]
