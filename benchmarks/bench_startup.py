"""Start-up of `pkforce validate` and `pkforce simulate` against the bare imports they cannot avoid.

    .venv/bin/python benchmarks/bench_startup.py            # 9 rounds (about half a minute)
    .venv/bin/python benchmarks/bench_startup.py --rounds 5

Targets (issue 12, item 5), CPU time (user + system) of a whole process, medians, measured
alternately in one run so that both sides see the same machine:
  - `pkforce validate scenarios/vocabulary-example.yaml` within 2.0x `python -c "import yaml, pydantic"`;
  - `pkforce simulate ... --runs 10000 --format json` within 1.5x `python -c "import numpy, yaml, pydantic"`.

Each is also compared with what the stack imports before pkforce runs (pydantic's models, which
the bare `import pydantic` does not load, and typer). Then the same command is taken apart in one
process, printed after the ratios: the time of each import and stage, so that what stands between
the figures and the targets is named.
Run it from a regular install (`pip install .`): an editable install adds its import finder to
every start. Byte-code caches are written by a warm-up run (an installed package has its .pyc).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "scenarios" / "vocabulary-example.yaml"
PYTHON = sys.executable
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

CASES = (
    # name, command after `pkforce`, the bare imports it is compared with, target ratio, and the
    # imports the stack itself needs before pkforce runs (pydantic's models, which the bare
    # `import pydantic` leaves out: it is lazy; typer)
    (
        "validate",
        ["validate", str(EXAMPLE)],
        "import yaml, pydantic",
        2.0,
        "import yaml, typer; from pydantic import BaseModel",
    ),
    (
        "simulate --runs 10000 --format json",
        ["simulate", str(EXAMPLE), "--runs", "10000", "--format", "json", "-o", os.devnull],
        "import numpy, yaml, pydantic",
        1.5,
        "import numpy, yaml, typer; from pydantic import BaseModel",
    ),
)

STAGES = r"""
import os, sys, time
clock = time.process_time
marks = [("python start-up", clock())]
def mark(name):
    marks.append((name, clock()))
import yaml, pydantic
{numpy}mark("bare imports ({bare})")
import pydantic.main, pydantic.types
mark("pydantic's models (imported lazily by the bare `import pydantic`)")
import typer
mark("typer")
import pkforce.cli._common, pkforce.config, pkforce.loader
mark("pkforce: command-line helpers, configuration, loader")
import pkforce.scenario.model
mark("pkforce: scenario model (classes, validators deferred)")
import pkforce.validation
mark("pkforce: rules and validation")
sys.argv = ["pkforce", *sys.argv[1:]]
from pkforce.cli import main
shown, sys.stdout = sys.stdout, open(os.devnull, "w")
try:
    main()
except SystemExit:
    pass
sys.stdout = shown
mark("the command (typer's parameter adapters, validating, simulating, writing)")
for (_, a), (name, b) in zip(marks, marks[1:]):
    print(f"{{(b - a) * 1000:7.1f}} ms  {{name}}")
print(f"{{marks[-1][1] * 1000:7.1f}} ms  whole process, CPU (python's own start-up included)")
"""


def _cpu(cmd: list[str]) -> float:
    """CPU time (user + system) of one child process, in seconds."""
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0 and "validate" not in cmd:
        raise SystemExit(f"{' '.join(cmd)} failed (status {status})")
    return usage.ru_utime + usage.ru_stime


def ratios(rounds: int) -> None:
    exe = str(Path(PYTHON).with_name("pkforce"))
    for name, args, bare, target, stack in CASES:
        cmds = {"ours": [exe, *args], "bare": [PYTHON, "-c", bare], "stack": [PYTHON, "-c", stack]}
        for cmd in cmds.values():
            _cpu(cmd)  # warm the file cache and write the byte-code
        times: dict[str, list[float]] = {k: [] for k in cmds}
        for _ in range(rounds):  # in turn, so that all see the same machine
            for k, cmd in cmds.items():
                times[k].append(_cpu(cmd))
        o, b, st = (statistics.median(times[k]) for k in ("ours", "bare", "stack"))
        mark = "ok" if o <= target * b else "MISS"
        print(
            f"pkforce {name}: {o:.3f} s CPU vs `{bare}` {b:.3f} s -> {o / b:.2f}x "
            f"(target <= {target}x: {mark}; median of {rounds}, in turn)\n"
            f"    vs what the stack imports first, `{stack}` {st:.3f} s -> {o / st:.2f}x"
        )


def decompose() -> None:
    for name, args, bare, _target, _stack in CASES:
        code = STAGES.format(numpy="import numpy\n" if "numpy" in bare else "", bare=bare)
        print(f"\n== pkforce {name}, stage by stage (one process, CPU) ==")
        sys.stdout.flush()
        subprocess.run([PYTHON, "-c", code, *args], env=ENV, check=False, stderr=subprocess.DEVNULL)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=9, help="processes per side (default 9)")
    args = parser.parse_args(argv)
    site = Path(PYTHON).parent.parent.glob("lib/*/site-packages/*")
    editable = any(p.name.startswith("__editable__") and "pkforce" in p.name for p in site)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}"
        + ("  [editable install: its import finder adds to every start]" if editable else "")
    )
    t0 = time.perf_counter()
    ratios(args.rounds)
    decompose()
    print(f"\n({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main(sys.argv[1:])
