"""Benchmarks for `pkforce.simulation`: wall time, peak memory, agreement with the reference, speed ratios.

    .venv/bin/python benchmarks/bench_simulate.py            # everything (about a minute)
    .venv/bin/python benchmarks/bench_simulate.py --quick    # fewer repetitions and reference runs

Targets (issue 3):
  - 10,000 runs of the shared example scenario: at most 1.0 s wall, start-up included (a whole
    process: `pkforce simulate` once the command exists, else `python -c ...` doing the same);
  - 10,000 runs of a generated 1,000-unit scenario (benchmarks/gen_large.py OUT medium):
    at most 10 s wall and 2 GB peak memory;
  - the event-by-event reference (benchmarks/reference_sim.py, plain Python) gives the same
    deterministic dates and statistically the same distributions (two-sample Kolmogorov-Smirnov
    statistics below their 1% critical values; quantiles side by side);
  - speed ratio reference / pkforce: at least 50x, on the 7-unit example too.
The start-up ratio (`pkforce simulate --runs 10000 --format json` against the bare imports) is in
benchmarks/bench_startup.py, with validate's.

The reference needs nothing beyond pkforce itself (no SimPy). Exit status 1 if a deterministic
date disagrees with the reference, 0 otherwise (timings are printed, not enforced).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLE = ROOT / "scenarios" / "vocabulary-example.yaml"  # the shared example scenario, as shipped
GENERATOR = HERE / "gen_large.py"
PYTHON = sys.executable
REFERENCE_TARGET = 50.0

CHILD = """
import resource, sys, time
t0 = time.perf_counter()
from pkforce.validation import validate_file
from pkforce.simulation import simulate, render_text
scenario = validate_file(sys.argv[1]).scenario
result = simulate(scenario, runs=int(sys.argv[2]), workers=int(sys.argv[4]) or None)
text = result.to_json() if sys.argv[3] == "json" else render_text(result)
sys.stdout.write(text[:0])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{time.perf_counter() - t0:.4f} {peak:.1f}", file=sys.stderr)
"""


def _load_reference() -> Any:
    """The event-by-event reference, test support in tests/simulation (imported, not loaded by path)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.simulation import reference_sim

    return reference_sim


def _timed(cmd: list[str]) -> tuple[float, float, float]:
    """Wall time, CPU time (user + system) and peak RSS in MB of one child process."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)  # the rusage of this child alone
    wall = time.perf_counter() - t0
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed (status {status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def _cli_has_simulate() -> bool:
    exe = shutil.which("pkforce", path=str(Path(PYTHON).parent)) or shutil.which("pkforce")
    if exe is None:
        return False
    done = subprocess.run([exe, "simulate", "--help"], capture_output=True, text=True)
    return done.returncode == 0


def process(path: Path, runs: int, fmt: str, workers: int = 0, repeat: int = 5) -> tuple[float, float, str]:
    """Median wall of a whole process and its peak RSS in MB."""
    walls, peaks = [], []
    use_cli = _cli_has_simulate()
    for _ in range(repeat):
        if use_cli:
            cmd = [
                str(Path(PYTHON).parent / "pkforce"),
                "simulate",
                str(path),
                "--runs",
                str(runs),
                "--format",
                fmt,
                "-o",
                os.devnull,
            ]
            if workers:
                cmd += ["--workers", str(workers)]
            t0 = time.perf_counter()
            child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, usage = os.wait4(child.pid, 0)  # the rusage of this child alone
            walls.append(time.perf_counter() - t0)
            peaks.append(usage.ru_maxrss / 1024)
        else:
            t0 = time.perf_counter()
            done = subprocess.run(
                [PYTHON, "-c", CHILD, str(path), str(runs), fmt, str(workers)],
                check=True,
                capture_output=True,
                text=True,
            )
            walls.append(time.perf_counter() - t0)
            peaks.append(float(done.stderr.split()[-1]))
    how = "pkforce simulate" if use_cli else "python -c (validate_file + simulate + render)"
    return statistics.median(walls), max(peaks), how


def ks(a: np.ndarray, b: np.ndarray) -> float:
    """Two-sample Kolmogorov-Smirnov statistic (never -> a large finite value)."""
    a = np.sort(np.where(np.isinf(a), 1e12, a))
    b = np.sort(np.where(np.isinf(b), 1e12, b))
    x = np.concatenate([a, b])
    fa = np.searchsorted(a, x, side="right") / a.size
    fb = np.searchsorted(b, x, side="right") / b.size
    return float(np.abs(fa - fb).max())


def ks_critical(n: int, m: int, alpha_coefficient: float = 1.628) -> float:
    """Critical value of the two-sample KS statistic at the 1% level (c(0.01) = 1.628)."""
    return alpha_coefficient * float(np.sqrt((n + m) / (n * m)))


def _fmt_day(x: float) -> str:
    return "never" if not np.isfinite(x) else f"{x:8.2f}"


def compare(name: str, path: Path, ref_runs: int, reference: Any) -> bool:
    from pkforce.simulation import simulate
    from pkforce.simulation.compile import compile_scenario
    from pkforce.simulation.engine import run_batch
    from pkforce.validation import validate_file

    scenario = validate_file(path).scenario
    assert scenario is not None
    print(f"\n== {name}: {path.name}, {len(scenario.units)} units ==")

    # deterministic dates
    det = simulate(scenario, deterministic=True)
    ref_det = reference.simulate(scenario, 1, 0, det.horizon, deterministic=True)[0]
    pairs = {
        "ready": (det.unit_ready[0], ref_det["ready"]),
        "arrival": (det.unit_arrival[0], ref_det["arrival"]),
        "requirements": (det.requirement_days[0], ref_det["requirements"]),
    }
    for key in ("ioc", "foc", "complete"):
        pairs[key] = (getattr(det, f"{key}_day"), [ref_det[key]])
    worst = 0.0
    for a, b in pairs.values():
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        same_inf = np.array_equal(np.isinf(a), np.isinf(b))
        diff = np.abs(a[np.isfinite(a)] - b[np.isfinite(b)]).max(initial=0.0) if same_inf else np.inf
        worst = max(worst, float(diff))
    agree = worst <= 1e-9
    print(
        f"deterministic dates vs reference: largest difference {worst:.2e} days -> {'SAME' if agree else 'DIFFERENT'}"
    )

    # speed: the reference (one run at a time) against pkforce (warm, in this process)
    runs = 10_000
    simulate(scenario, runs=1000, seed=1)
    t0 = time.perf_counter()
    ref = reference.simulate(scenario, ref_runs, 123, det.horizon)
    ref_per_run = (time.perf_counter() - t0) / ref_runs

    def best(func: Any, repeat: int = 3) -> float:
        """Best of `repeat` wall times (the machine's other work only ever adds time)."""
        walls = []
        for _ in range(repeat):
            t0 = time.perf_counter()
            func()
            walls.append(time.perf_counter() - t0)
        return min(walls)

    result = simulate(scenario, runs=runs, seed=1)
    sim_wall = best(lambda: simulate(scenario, runs=runs, seed=1))
    model = compile_scenario(scenario)
    seeds = np.random.SeedSequence(1).spawn(runs // 1000)
    engine_wall = best(lambda: [run_batch(model, 1000, s, det.horizon) for s in seeds])
    pool_wall = best(lambda: simulate(scenario, runs=runs, seed=1, workers=2), repeat=1)
    t0 = time.perf_counter()
    _ = result.sensitivity
    sens_wall = time.perf_counter() - t0
    ref_wall = ref_per_run * runs
    print(f"reference: {ref_per_run * 1e3:.3f} ms per run ({ref_runs} runs) -> {ref_wall:.1f} s for {runs:,}")
    print(
        f"pkforce simulate(), {runs:,} runs, 1 process (best of 3): {sim_wall:.3f} s -> "
        f"{ref_wall / sim_wall:5.0f}x faster"
    )
    print(
        f"pkforce engine batches only (best of 3):        {engine_wall:.3f} s -> {ref_wall / engine_wall:5.0f}x faster"
    )
    print(f"pkforce simulate(), workers=2 (process pool):   {pool_wall:.3f} s -> {ref_wall / pool_wall:5.0f}x faster")
    print(f"sensitivity ranking (lazy, on first use):        {sens_wall:.3f} s")
    ratio = ref_wall / engine_wall
    print(
        f"reference / engine: {ratio:.0f}x (target >= {REFERENCE_TARGET:.0f}x: "
        f"{'ok' if ratio >= REFERENCE_TARGET else 'MISS'})"
    )

    # distributions
    print(
        f"distributions, pkforce {runs:,} runs vs reference {ref_runs} runs "
        f"(KS 1% critical value {ks_critical(runs, ref_runs):.4f}):"
    )
    print(f"  {'date':<10} {'pkforce P10/P50/P90':>30}   {'reference P10/P50/P90':>30}   KS")
    ok = True
    for key in ("ioc", "foc", "complete"):
        a = getattr(result, f"{key}_day")
        b = np.array([r[key] for r in ref])
        stat = ks(a, b)
        ok &= stat <= ks_critical(runs, ref_runs)
        qa = np.quantile(np.where(np.isinf(a), np.inf, a), [0.1, 0.5, 0.9], method="inverted_cdf")
        qb = np.quantile(b, [0.1, 0.5, 0.9], method="inverted_cdf")
        ours, theirs = " ".join(_fmt_day(x) for x in qa), " ".join(_fmt_day(x) for x in qb)
        print(f"  {key:<10} {ours:>30}   {theirs:>30}   {stat:.4f}")
    arrivals = np.array([r["arrival"] for r in ref])
    stats = [ks(result.unit_arrival[:, j], arrivals[:, j]) for j in range(arrivals.shape[1])]
    # with many units some KS statistics exceed a 1% critical value by chance: compare the share
    over = float(np.mean(np.array(stats) > ks_critical(runs, ref_runs)))
    print(
        f"  unit arrivals: largest KS {max(stats, default=0):.4f}, median {np.median(stats):.4f}, "
        f"{over:.1%} above the 1% critical value (about 1% expected by chance)"
    )
    print(f"  distributions {'AGREE' if ok and over <= 0.05 else 'DIFFER (check)'}")
    return agree


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and reference runs")
    parser.add_argument(
        "--generator",
        type=Path,
        default=GENERATOR,
        help="gen_large.py, for the 1,000-unit scenario (default: benchmarks/gen_large.py)",
    )
    args = parser.parse_args(argv)
    generator: Path = args.generator
    repeat = 3 if args.quick else 7
    reference = _load_reference()

    print(
        f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print("\n== whole process, start-up included (median of runs) ==")
    for fmt in ("text", "json"):
        wall, peak, how = process(EXAMPLE, 10_000, fmt, repeat=repeat)
        mark = "ok" if wall <= 1.0 else "MISS"
        print(
            f"vocabulary example, 10,000 runs, {fmt:<4}: {wall:.3f} s (target <= 1.0 s: {mark}), "
            f"peak {peak:.0f} MB  [{how}]"
        )
    agree = compare("vocabulary example", EXAMPLE, 500 if args.quick else 3000, reference)
    if not generator.exists():
        print(f"\n(no {generator}: the generated 1,000-unit scenario is left out; see --generator)")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            medium = Path(tmp) / "medium.yaml"
            subprocess.run([PYTHON, str(generator), str(medium), "medium"], check=True, capture_output=True)
            for fmt in ("text", "json"):
                wall, peak, how = process(medium, 10_000, fmt, repeat=max(1, repeat // 3))
                mark = "ok" if wall <= 10.0 and not peak > 2048 else "MISS"
                print(
                    f"1,033-unit scenario, 10,000 runs, {fmt:<4}: {wall:.2f} s, peak {peak:.0f} MB "
                    f"(target <= 10 s and <= 2 GB: {mark})  [{how}]"
                )
            wall, peak, how = process(medium, 10_000, "text", workers=2, repeat=1)
            print(
                f"1,033-unit scenario, 10,000 runs, text, workers=2: {wall:.2f} s, peak {peak:.0f} MB "
                "(parent process only)"
            )
            agree &= compare("generated medium scenario", medium, 30 if args.quick else 200, reference)
    print(json.dumps({"deterministic_dates_agree": agree}))
    return 0 if agree else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
