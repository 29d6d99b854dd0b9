"""Benchmark the charts on a generated 1,000-unit scenario. Run on demand:

    python benchmarks/bench_charts.py            # generates its input with benchmarks/gen_large.py

Each measurement runs in its own process, from a validated scenario to a file on disk, so the
figures include drawing and writing and peak memory (ru_maxrss) is that of the measured work.
"Cold" figures include importing matplotlib and loading milsymbol's symbol data (once per process,
about a second); "warm" ones draw the same chart a second time in the same process.

Targets: org chart of a 1,000-unit scenario to SVG <= 5 s; composition and timeline
charts <= 2 s each; memory <= 1 GB. A title of a million characters is cut before it is measured,
so its chart takes as long as with a short one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "benchmarks" / "gen_large.py"

CHILD = r"""
import json, os, resource, sys, time
kind, path, out, extra = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
from pkforce.validation import validate_file
scenario = validate_file(path).scenario
result = None
t_sim = 0.0
if extra.get("result_runs"):
    from pkforce.simulation import simulate
    t0 = time.perf_counter()
    result = simulate(scenario, runs=extra["result_runs"], seed=1)
    t_sim = time.perf_counter() - t0
if extra.get("long_title"):
    scenario = scenario.model_copy(update={"title": "A very long title " * (extra["long_title"] // 18)})
from pkforce.charts import CHART_KINDS, save_figure
options = {k: v for k, v in extra.items() if k not in ("result_runs", "long_title")}
spec = CHART_KINDS[kind]
if result is not None and not spec.simulates:
    options["result"] = result
    result = None
walls = []
for _ in range(2):
    t0 = time.perf_counter()
    fig = spec.function(result if result is not None else scenario, **options)
    save_figure(fig, out)
    walls.append(time.perf_counter() - t0)
size = fig.get_size_inches().tolist()
print(json.dumps({"cold": walls[0], "warm": walls[1], "sim": t_sim, "bytes": os.path.getsize(out),
                  "inches": size, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

CASES = [
    ("org", "org.svg", {}, 5.0, "default: fitted to 48 in (stacked, 2 levels)"),
    ("org", "org-whole.svg", {"max_width": None, "max_height": None}, 5.0, "every unit, no fitting"),
    ("org", "org.png", {}, None, "PNG at 150 dpi"),
    ("org", "org-title.svg", {"long_title": 1_000_000}, 5.0, "a 1,000,000-character title (cut)"),
    ("composition", "composition.svg", {}, 2.0, ""),
    ("composition", "composition-r.svg", {"result_runs": 1000}, 2.0, "with a 1,000-run result"),
    ("composition", "comp-title.svg", {"long_title": 1_000_000}, 2.0, "a 1,000,000-character title (cut)"),
    ("timeline", "timeline.svg", {"result_runs": 1000}, 2.0, "from a 1,000-run result"),
    ("timeline", "timeline-sim.svg", {"runs": 1000, "seed": 1}, None, "simulating 1,000 runs first"),
    ("buildup", "buildup.svg", {"result_runs": 1000}, None, "from a 1,000-run result"),
]


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        scenario = Path(tmp) / "medium.yaml"
        subprocess.run([sys.executable, str(GEN), str(scenario), "medium"], check=True, capture_output=True)
        print(f"scenario: {scenario.name} (gen_large.py medium, 1,033 units)")
        print(
            f"{'chart':<12} {'output':<18} {'cold s':>7} {'warm s':>7} {'sim s':>6} {'MB peak':>8} {'size':>10}  target"
        )
        worst_mb = 0.0
        failed = []
        for kind, name, options, target, note in CASES:
            out = Path(tmp) / name
            proc = subprocess.run(
                [sys.executable, "-c", CHILD, kind, str(scenario), str(out), json.dumps(options)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            info = json.loads(proc.stdout.strip().splitlines()[-1])
            worst_mb = max(worst_mb, info["rss_mb"])
            verdict = ""
            if target is not None:
                ok = info["cold"] <= target
                verdict = f"<= {target:.0f} s: {'ok' if ok else 'MISSED'}"
                if not ok:
                    failed.append(name)
            w, h = info["inches"]
            print(
                f"{kind:<12} {name:<18} {info['cold']:7.2f} {info['warm']:7.2f} {info['sim']:6.2f} "
                f"{info['rss_mb']:8.0f} {w:4.0f}x{h:<4.0f}in  {verdict} {note}"
            )
        print(
            f"peak memory of any chart process: {worst_mb:.0f} MB (target <= 1024 MB: "
            f"{'ok' if worst_mb <= 1024 else 'MISSED'})"
        )
        if failed:
            print(f"missed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
