"""Benchmark `pkforce validate`: cold start, a 20,000-unit scenario against a bare PyYAML load,
and a billion-laughs document. Run on demand:

    python benchmarks/bench_validate.py            # generates its input with benchmarks/gen_large.py

Each measurement runs in its own process so peak memory (ru_maxrss) is that of the measured work.
Targets: cold start <= 0.25 s; large validation <= 1.5x a bare CSafeLoader load and
<= 600 MB; billion laughs rejected in < 0.1 s with < 50 MB extra memory. Locating and
rendering N findings is linear (100,000 findings in under 3 s; `--findings` runs only that part).
The machine is small and noisy: compare the ratios measured in one run (and CPU time with wall).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GEN = ROOT / "benchmarks" / "gen_large.py"
SHIPPED = ROOT / "scenarios" / "un-operation.yaml"

CHILD = r"""
import json, resource, sys, time
mode, path = sys.argv[1], sys.argv[2]
import yaml
if mode in ("pkforce", "pkforce-full"):
    from pkforce.config import Config
    from pkforce.loader import read_file
    from pkforce.validation import _validate_source, validate_file
t0 = time.perf_counter()
if mode == "bare":
    with open(path, encoding="utf-8") as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)
    ok = True
elif mode == "pkforce":
    report = validate_file(path)
    ok = report.ok
    codes = sorted({d.code for d in report.diagnostics})
elif mode == "pkforce-full":  # the libyaml loader alone, as without the `fast` extra
    read = read_file(path)
    report = _validate_source(read.text, path, Config(), fast_min_chars=10**12)
    ok = report.ok
    codes = sorted({d.code for d in report.diagnostics})
else:
    raise SystemExit(mode)
wall = time.perf_counter() - t0
heavy = sorted(m for m in ("matplotlib", "networkx", "numpy", "pandas") if m in sys.modules)
print(json.dumps({"wall": wall, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "ok": ok, "heavy": heavy, "codes": codes if mode != "bare" else []}))
"""

BOMB = "".join(
    f"{c}: &{c} [" + ",".join([f"*{p}"] * 9 if p else ['"lol"'] * 9) + "]\n"
    for p, c in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def child(mode: str, path: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(path)], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(out.stdout)


def cold_start(runs: int = 9) -> tuple[float, float, int]:
    """A new `pkforce validate` process each time: median and best wall time.

    Byte-code caching is allowed (an installed package has its .pyc files; some sandboxes set
    PYTHONDONTWRITEBYTECODE, which would make every start recompile pkforce) and one warm-up run
    writes the caches first.
    """
    exe = Path(sys.executable).with_name("pkforce")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pkforce"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([*cmd, "validate", str(SHIPPED)], capture_output=True, check=False, env=env)
    walls = []
    code = 0
    for _ in range(runs):
        t0 = time.perf_counter()
        code = subprocess.run([*cmd, "validate", str(SHIPPED)], capture_output=True, check=False, env=env).returncode
        walls.append(time.perf_counter() - t0)
    return statistics.median(walls), min(walls), code


MANY = r"""
import json, sys, time
from pkforce.render import render
from pkforce.validation import validate_text
kind, n = sys.argv[1], int(sys.argv[2])
head = open(sys.argv[3], encoding="utf-8").read()
if kind == "unknown top-level keys":
    text = head + "".join(f"extra_{i}: 1\n" for i in range(n))
elif kind == "bad state codes":
    text = head + "".join(f"  - id: u{i}\n    nation: Q{i % 26:02d}X\n    parent: cc\n    type: infantry_company\n"
                    for i in range(n))
t0, c0 = time.perf_counter(), time.process_time()
report = validate_text(text, "many.yaml")
t1 = time.perf_counter()
render([report], "text")
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"findings": len(report.diagnostics), "validate": t1 - t0, "render": t2 - t1, "cpu": c2 - c0}))
"""

MANY_HEAD = ROOT / "tests" / "hostile" / "files" / "ok.yaml"


def many_findings() -> None:
    """N findings of one kind at 10,000 and 100,000: the ratio of the times shows linearity (10x)."""
    for kind in ("unknown top-level keys", "bad state codes"):
        rows = []
        for n in (10_000, 100_000):
            out = subprocess.run(
                [sys.executable, "-c", MANY, kind, str(n), str(MANY_HEAD)],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            rows.append(json.loads(out.stdout))
        small, big = rows
        t_small = small["validate"] + small["render"]
        t_big = big["validate"] + big["render"]
        print(
            f"{big['findings']:,} findings ({kind}): validate {big['validate']:.2f} s + render "
            f"{big['render']:.2f} s = {t_big:.2f} s wall, {big['cpu']:.2f} s CPU (target < 3 s); "
            f"x{t_big / t_small:.1f} the time of "
            f"{small['findings']:,} (linear: ~10)"
        )


def main() -> None:
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    if "--findings" in sys.argv:
        many_findings()
        return
    wall, best, code = cold_start()
    site = Path(sys.executable).parent.parent.glob("lib/*/site-packages/*")
    editable = any(p.name.startswith("__editable__.pkforce") for p in site)
    print(
        f"cold start  pkforce validate {SHIPPED.name}: median {wall:.3f} s, best {best:.3f} s of 9 "
        f"(exit {code}); target <= 0.25 s" + ("  [editable install: adds its import finder]" if editable else "")
    )
    info = child("pkforce", SHIPPED)
    print(f"heavy modules imported on the validate path: {info['heavy'] or 'none'}")

    with tempfile.TemporaryDirectory() as tmp:
        large = Path(tmp) / "large.yaml"
        subprocess.run([sys.executable, str(GEN), str(large)], check=True, capture_output=True)
        size = large.stat().st_size / 1e6
        bare = [child("bare", large) for _ in range(2)]
        ours = [child("pkforce", large) for _ in range(2)]
        full = [child("pkforce-full", large) for _ in range(2)]
        b = min(float(r["wall"]) for r in bare)  # type: ignore[arg-type]
        o = min(float(r["wall"]) for r in ours)  # type: ignore[arg-type]
        print(f"large scenario ({size:.1f} MB, 19,549 units):")
        print(f"  bare yaml.load(CSafeLoader): {b:6.2f} s  peak {max(float(r['rss_mb']) for r in bare):6.0f} MB")  # type: ignore[arg-type]
        print(
            f"  pkforce validate           : {o:6.2f} s  peak {max(float(r['rss_mb']) for r in ours):6.0f} MB"  # type: ignore[arg-type]
            f"  findings {ours[0]['codes'] or 'none'}"
        )
        f = min(float(r["wall"]) for r in full)  # type: ignore[arg-type]
        try:
            import yaml_rs  # noqa: F401

            fast = "on (yaml-rs installed)"
        except ImportError:
            fast = "off: pip install 'pkforce[fast]'"
        print(f"  ratio pkforce / bare load  : {o / b:.2f}x  (target <= 1.5x, peak <= 600 MB; fast path {fast})")
        print(
            f"  libyaml loader only        : {f:6.2f} s  peak {max(float(r['rss_mb']) for r in full):6.0f} MB"  # type: ignore[arg-type]
            f"  ratio {f / b:.2f}x (what a plain install does)"
        )

        bomb = Path(tmp) / "bomb.yaml"
        bomb.write_text(BOMB)
        trivial = Path(tmp) / "trivial.yaml"
        trivial.write_text("a: 1\n")
        base = child("pkforce", trivial)
        res = child("pkforce", bomb)
        print(
            f"billion laughs ({bomb.stat().st_size} bytes): rejected in {float(res['wall']) * 1000:.1f} ms "  # type: ignore[arg-type]
            f"with {res['codes']}, peak {res['rss_mb']:.0f} MB vs {base['rss_mb']:.0f} MB for a trivial file "
            f"(target < 0.1 s, < 50 MB extra)"
        )
    many_findings()


if __name__ == "__main__":
    main()
