"""Benchmark for `pkforce exercise`: wall time of the whole command (a fresh process, start-up,
validation, a deterministic and a Monte Carlo simulation, the three documents written).

    .venv/bin/python benchmarks/bench_exercise.py            # shipped scenarios and the 1,000-unit one
    .venv/bin/python benchmarks/bench_exercise.py --large    # also the 19,549-unit one (slow)

Target (issue 8): the largest shipped scenario in under 10 s on this machine; report the time for a
generated 1,000-unit scenario (benchmarks/gen_large.py OUT medium). Timings are printed,
not enforced; the figures for a run are in docs/exercises.md.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GENERATOR = HERE / "gen_large.py"  # the benchmark scenario generator, shipped beside the benchmarks
TARGET = 10.0


def pkforce() -> list[str]:
    exe = Path(sys.executable).with_name("pkforce")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pkforce"]


def timed(scenario: Path, out: Path, repeat: int, *extra: str) -> tuple[float, float, int]:
    """Best and median wall time over `repeat` runs, and the units in the scenario."""
    times = []
    for _ in range(repeat):
        shutil.rmtree(out, ignore_errors=True)
        t0 = time.perf_counter()
        proc = subprocess.run(
            [*pkforce(), "exercise", str(scenario), "--out-dir", str(out), *extra],
            capture_output=True,
            text=True,
            check=False,
        )
        times.append(time.perf_counter() - t0)
        if proc.returncode != 0:
            raise SystemExit(f"pkforce exercise {scenario} failed ({proc.returncode}): {proc.stderr}")
    units = scenario.read_text(encoding="utf-8").count("\n  - id:")
    return min(times), statistics.median(times), units


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", action="store_true", help="also the 19,549-unit scenario")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="pkforce-bench-") as tmp:
        out = Path(tmp) / "kit"
        shipped = sorted((ROOT / "scenarios").glob("*.yaml"), key=lambda p: p.stat().st_size)
        for path in shipped:
            best, median, units = timed(path, out, args.repeat)
            rows.append((path.name, units, "scenario's", best, median))
        generated = [("medium", 1)] + ([("", 1)] if args.large else [])
        if GENERATOR.exists():
            for size, repeat in generated:
                path = Path(tmp) / f"gen-{size or 'large'}.yaml"
                subprocess.run(
                    [sys.executable, str(GENERATOR), str(path), *([size] if size else [])],
                    check=True,
                    capture_output=True,
                )
                for runs in ("1000", "100"):
                    best, median, units = timed(path, out, repeat, "--runs", runs)
                    rows.append((f"generated {size or 'large'}", units, runs, best, median))
        else:
            print(f"({GENERATOR} not found: generated scenarios skipped)")
    print(f"{'scenario':<38} {'units':>6} {'runs':>10} {'best s':>8} {'median s':>9}  vs {TARGET:g} s")
    for name, units, runs, best, median in rows:
        print(f"{name:<38} {units:>6} {runs:>10} {best:>8.2f} {median:>9.2f}  {best / TARGET:.0%}")
    largest = max((r for r in rows if not r[0].startswith("generated")), key=lambda r: r[1])
    print(
        f"largest shipped scenario ({largest[0]}, {largest[1]} units): {largest[3]:.2f} s, "
        f"target {TARGET:g} s: {'met' if largest[3] < TARGET else 'NOT met'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
