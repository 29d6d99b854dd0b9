"""Benchmark of `pkforce report` on the generated 1,000-unit scenario.

    .venv/bin/python benchmarks/bench_report.py

Target (issue 9): under 15 s wall for the whole command (a fresh process: load, validate, simulate with
the scenario's runs, charts, HTML). Prints the figure and the ratio target / measured.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_S = 15.0

sys.path.insert(0, str(HERE))
from bench_sweep import medium_scenario  # noqa: E402  (a sibling script, not a package)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, help="a scenario to use instead of the generated one")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("pkforce")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.scenario or medium_scenario(Path(tmp))
        if path is None:
            return 0
        out = Path(tmp) / "brief.html"
        walls, cpus = [], []
        for _ in range(args.repeat):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            t0 = time.perf_counter()
            subprocess.run([str(exe), "report", str(path), "-o", str(out)], check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        size = out.stat().st_size
    best = min(walls)
    print(
        f"pkforce report, 1,000-unit scenario: best of {args.repeat} {best:.2f} s "
        f"(all: {', '.join(f'{w:.2f}' for w in walls)}); HTML {size / 1e6:.2f} MB"
    )
    print(f"  CPU time of the command: best {min(cpus):.2f} s (a loaded machine inflates the wall time, not this)")
    print(
        f"  target {TARGET_S:.0f} s; ratio target / measured {TARGET_S / best:.2f} (wall), "
        f"{TARGET_S / min(cpus):.2f} (CPU)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
