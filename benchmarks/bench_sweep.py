"""Benchmark of `pkforce sweep`: 20 variants x 10,000 runs of the generated 1,000-unit scenario.

    .venv/bin/python benchmarks/bench_sweep.py            # the target: 20 variants x 10,000 runs
    .venv/bin/python benchmarks/bench_sweep.py --quick    # 5 variants x 2,000 runs

Target (issue 9): under 60 s wall on 2 cores (workers=2), the whole sweep (compile, apply and check the
variants, simulate base and variants with common random numbers, summarise). Prints the figures and
the ratio target / measured (above 1: within the target). Also checks that workers=1 and workers=2
give the same table. Timings are printed, not enforced (exit 0), as the suite's other benchmarks do.
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
GENERATOR = HERE / "gen_large.py"  # the benchmark scenario generator, shipped beside the benchmarks
TARGET_S = 60.0


def variants(n: int) -> list[dict[str, object]]:
    """A mix of every kind of change, on the generated scenario's nations and units."""
    nations = ["RUS", "KAZ", "BLR", "KGZ", "TJK", "ARM"]
    out: list[dict[str, object]] = []
    for k in nations:
        out.append({"name": f"{k.lower()}-lift-x2", "changes": [{"set_lift": k, "per_day": 600}]})
    for k in ("ARM", "BLR"):
        out.append({"name": f"no-{k.lower()}", "changes": [{"drop_contributor": k}]})
    for uid in ("rus-b0", "kaz-b0", "blr-b0", "kgz-b0", "tjk-b0", "arm-b0"):
        out.append(
            {
                "name": f"{uid}-slow",
                "changes": [{"set_readiness": uid, "readiness": {"min": "P20D", "mode": "P40D", "max": "P80D"}}],
            }
        )
    for uid in ("rus-b0", "kaz-b0", "blr-b0", "kgz-b0"):
        out.append({"name": f"{uid}-half", "changes": [{"scale_personnel": uid, "factor": 0.5}]})
    out.append({"name": "default-lift-x2", "changes": [{"set_lift": "default", "per_day": 300}]})
    out.append({"name": "no-rus-b0", "changes": [{"remove_unit": "rus-b0"}]})
    return out[:n]


def medium_scenario(folder: Path) -> Path | None:
    """The generated 1,033-unit benchmark scenario, written into `folder` (None without the generator)."""
    if not GENERATOR.is_file():
        print(f"the generator {GENERATOR} is missing: pass --scenario FILE")
        return None
    path = folder / "medium.yaml"
    subprocess.run([sys.executable, str(GENERATOR), str(path), "medium"], check=True, capture_output=True)
    return path


def _cpu() -> float:
    """CPU seconds used by this process and its finished children (the pool's workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--scenario", type=Path, help="a scenario to use instead of the generated one")
    args = parser.parse_args()
    n_variants, runs = (5, 2_000) if args.quick else (20, 10_000)

    import pkforce
    from pkforce.analysis.sweep import sweep
    from pkforce.scenario.model import Scenario

    with tempfile.TemporaryDirectory() as tmp:
        path = args.scenario or medium_scenario(Path(tmp))
        if path is None:
            return 0
        t0 = time.perf_counter()
        base = pkforce.load(path)
        data = base.model_dump(mode="json", exclude_unset=True)
        data["variants"] = variants(n_variants)
        scenario = Scenario.model_validate(data)
        report = pkforce.check(scenario)  # PKF801/PKF802 apply and check every variant
        t_check = time.perf_counter() - t0
        errors = [d for d in report if d.severity.value == "error"]
        assert not errors, [f"{d.code} {d.message}" for d in errors[:3]]
        t1 = time.perf_counter()
        cpu0 = _cpu()
        two = sweep(scenario, runs=runs, seed=1, workers=2)
        t_two = time.perf_counter() - t1
        cpu_two = _cpu() - cpu0
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        t2 = time.perf_counter()
        one = sweep(scenario, runs=runs, seed=1, workers=1)
        t_one = time.perf_counter() - t2

    total = t_check + t_two
    print(f"scenario: {len(base.units):,} units; {n_variants} variants x {runs:,} runs (and the base)")
    print(f"  load + check the variants:   {t_check:7.2f} s")
    print(
        f"  sweep, workers=2:            {t_two:7.2f} s   (CPU {cpu_two:.2f} s in this process and its workers; "
        f"peak memory of this process {peak:,.0f} MB)"
    )
    print(f"  sweep, workers=1:            {t_one:7.2f} s   (ratio 1 / 2 workers: {t_one / t_two:.2f})")
    print(f"  same table with 1 and 2 workers: {one.to_json() == two.to_json()}")
    print(
        f"  total on 2 cores: {total:.2f} s; target {TARGET_S:.0f} s; ratio target / measured "
        f"{TARGET_S / total:.2f}" + ("" if not args.quick else " (quick run: a fifth of the runs)")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
