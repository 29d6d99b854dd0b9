"""Benchmark of `pkforce report` on the generated 1,000-unit scenario.

    .venv/bin/python benchmarks/bench_report.py

Target (issue 9): under 15 s wall for the whole command (a fresh process: load, validate, simulate with
the scenario's runs, charts, HTML). Prints the figure and the ratio target / measured.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the shared benchmark generator, beside the checkout (or a worktree's parents)
GENERATOR = next((p / "shared" / "bench" / "gen_large.py" for p in HERE.parents
                  if (p / "shared" / "bench" / "gen_large.py").is_file()), HERE / "gen_large.py")
TARGET_S = 15.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", type=Path, help="a scenario to use instead of the generated one")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    exe = Path(sys.executable).with_name("pkforce")
    with tempfile.TemporaryDirectory() as tmp:
        path = args.scenario
        if path is None:
            if not GENERATOR.is_file():
                print(f"the generator {GENERATOR} is missing: pass --scenario FILE")
                return 0
            path = Path(tmp) / "medium.yaml"
            subprocess.run([sys.executable, str(GENERATOR), str(path), "medium"], check=True, capture_output=True)
        out = Path(tmp) / "brief.html"
        walls = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            subprocess.run([str(exe), "report", str(path), "-o", str(out)], check=True, capture_output=True)
            walls.append(time.perf_counter() - t0)
        size = out.stat().st_size
    best = min(walls)
    print(f"pkforce report, 1,000-unit scenario: best of {args.repeat} {best:.2f} s "
          f"(all: {', '.join(f'{w:.2f}' for w in walls)}); HTML {size / 1e6:.2f} MB")
    print(f"  target {TARGET_S:.0f} s; ratio target / measured {TARGET_S / best:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
