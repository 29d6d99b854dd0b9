"""Benchmark `pkforce validate`: cold start, a 20,000-unit scenario against a bare PyYAML load,
and a billion-laughs document. Run on demand:

    python benchmarks/bench_validate.py            # generates its input with benchmarks/gen_large.py
    python benchmarks/bench_validate.py --findings # only the many-findings part
    python benchmarks/bench_validate.py --valid    # only the valid-file part

Each measurement runs in its own process so peak memory (ru_maxrss) is that of the measured work.
Targets: cold start <= 0.25 s; large validation <= 1.5x a bare CSafeLoader load and
<= 600 MB; billion laughs rejected in < 0.1 s with < 50 MB extra memory. Locating and
rendering N findings is linear, and `pkforce validate` takes under 3 s for 100,000 findings
(unknown keys, bad state codes in a council's votes, 100,000 units with a bad state code each) or
20,000 units with one finding each (`--findings` runs only that part). The large-scenario lines
also compare the line reader (pkforce/blockread.py) with libyaml's reading of the same file.
The machine is small and noisy: compare the ratios measured in one run (and CPU time with wall).
"""

from __future__ import annotations

import json
import os
import re
import resource
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
if mode in ("pkforce", "pkforce-libyaml"):
    from pkforce import loader
    from pkforce.validation import validate_file
t0 = time.perf_counter()
if mode == "bare":
    with open(path, encoding="utf-8") as fh:
        yaml.load(fh, Loader=yaml.CSafeLoader)
    ok = True
elif mode == "pkforce":
    report = validate_file(path)
    ok = report.ok
    codes = sorted({d.code for d in report.diagnostics})
elif mode == "pkforce-libyaml":  # the line reader switched off: libyaml composes every node
    loader._read_block = lambda *args: None
    report = validate_file(path)
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
text = open(sys.argv[1], encoding="utf-8").read()
t0, c0 = time.perf_counter(), time.process_time()
report = validate_text(text, "many.yaml")
t1 = time.perf_counter()
render([report], "text")
t2, c2 = time.perf_counter(), time.process_time()
print(json.dumps({"findings": len(report.diagnostics), "validate": t1 - t0, "render": t2 - t1, "cpu": c2 - c0}))
"""

MANY_HEAD = ROOT / "tests" / "hostile" / "files" / "ok.yaml"
TARGET = 3.0
"""Seconds for `pkforce validate` on each of the many-findings files, start to end (issue 11)."""


def many_text(kind: str, n: int, large: str = "") -> str:
    """A scenario with `n` findings of one `kind` (the 20,000-unit kinds edit `large`, the output of
    gen_large.py: one finding per unit)."""
    head = MANY_HEAD.read_text(encoding="utf-8")
    if kind == "unknown top-level keys":
        return head + "".join(f"extra_{i}: 1\n" for i in range(n))
    if kind == "bad state codes":
        return head + "".join(
            f"  - id: u{i}\n    nation: Q{i % 26:02d}X\n    parent: cc\n    type: infantry_company\n" for i in range(n)
        )
    if kind == "bad state codes in a council's votes":  # the 2 MB shape: no unit behind each
        members = "".join(f"      {state}: yes\n" for state in ("BLR", "KAZ", "KGZ", "RUS", "TJK"))
        votes = "    votes:\n" + members + "".join(f"      Q{i:05d}: yes\n" for i in range(n))
        return re.sub(r"    votes: \{[^}]*\}\n", lambda _: votes, head, count=1)
    if kind == "units, an unknown echelon each":  # a did-you-mean each, positions from the fast parser
        for right, wrong in (("platoon", "platon"), ("company", "compnay"), ("battalion", "batalion")):
            large = large.replace(f"    echelon: {right}\n", f"    echelon: {wrong}\n")
        return large
    if kind == "units, an unknown parent each":  # a did-you-mean over 20,000 unit ids each
        return large.replace("\n    parent: ", "\n    parent: zz-")
    if kind == "units, an unknown field each":  # pydantic's errors, positions from the full loader
        return large.replace("\n    category: combat\n", "\n    category: combat\n    strenght: 30\n")
    raise ValueError(kind)


def _command(path: Path, fmt: str) -> tuple[float, float]:
    """Wall and CPU seconds of `pkforce validate -f FMT PATH` in its own process (output discarded)."""
    exe = Path(sys.executable).with_name("pkforce")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "pkforce"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run([*cmd, "validate", "-f", fmt, str(path)], stdout=subprocess.DEVNULL, check=False, cwd=ROOT)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def many_findings(runs: int = 2) -> None:
    """N findings through the `pkforce validate` command, text and JSON, best of `runs`, against the
    3 s target; and, in one process, N = 10,000 against 100,000: the ratio shows linearity (~10)."""
    with tempfile.TemporaryDirectory() as tmp:
        large_file = Path(tmp) / "large.yaml"
        subprocess.run([sys.executable, str(GEN), str(large_file)], check=True, capture_output=True)
        large = large_file.read_text(encoding="utf-8")
        cases = [
            ("unknown top-level keys", 100_000),
            ("bad state codes", 100_000),
            ("bad state codes in a council's votes", 100_000),
            ("units, an unknown echelon each", 20_000),
            ("units, an unknown parent each", 20_000),
            ("units, an unknown field each", 20_000),
        ]
        print(f"many findings through `pkforce validate` (best of {runs}; target < {TARGET:g} s for text):")
        for kind, n in cases:
            path = Path(tmp) / "many.yaml"
            path.write_text(many_text(kind, n, large), encoding="utf-8")
            text = min((_command(path, "text") for _ in range(runs)), key=lambda r: r[0])
            as_json = min((_command(path, "json") for _ in range(runs)), key=lambda r: r[0])
            print(
                f"  {n:,} {kind}: text {text[0]:.2f} s (CPU {text[1]:.2f} s), x{text[0] / TARGET:.2f} the target; "
                f"json {as_json[0]:.2f} s (CPU {as_json[1]:.2f} s)"
            )
        print("linearity, in one process (validate + text render):")
        for kind in ("unknown top-level keys", "bad state codes"):
            rows = []
            for n in (10_000, 100_000):
                path = Path(tmp) / "many.yaml"
                path.write_text(many_text(kind, n), encoding="utf-8")
                out = subprocess.run(
                    [sys.executable, "-c", MANY, str(path)], capture_output=True, text=True, check=True, cwd=ROOT
                )
                rows.append(json.loads(out.stdout))
            small, big = rows
            t_small = small["validate"] + small["render"]
            t_big = big["validate"] + big["render"]
            print(
                f"  {big['findings']:,} findings ({kind}): validate {big['validate']:.2f} s + render "
                f"{big['render']:.2f} s = {t_big:.2f} s wall, {big['cpu']:.2f} s CPU; "
                f"x{t_big / t_small:.1f} the time of {small['findings']:,} (linear: ~10)"
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
        full = [child("pkforce-libyaml", large) for _ in range(2)]
        b = min(float(r["wall"]) for r in bare)  # type: ignore[arg-type]
        o = min(float(r["wall"]) for r in ours)  # type: ignore[arg-type]
        print(f"large scenario ({size:.1f} MB, 19,549 units):")
        print(f"  bare yaml.load(CSafeLoader): {b:6.2f} s  peak {max(float(r['rss_mb']) for r in bare):6.0f} MB")  # type: ignore[arg-type]
        print(
            f"  pkforce validate           : {o:6.2f} s  peak {max(float(r['rss_mb']) for r in ours):6.0f} MB"  # type: ignore[arg-type]
            f"  findings {ours[0]['codes'] or 'none'}"
        )
        f = min(float(r["wall"]) for r in full)  # type: ignore[arg-type]
        print(f"  ratio pkforce / bare load  : {o / b:.2f}x  (target <= 1.5x, peak <= 600 MB)")
        print(
            f"  line reader off (libyaml)  : {f:6.2f} s  peak {max(float(r['rss_mb']) for r in full):6.0f} MB"  # type: ignore[arg-type]
            f"  ratio {f / b:.2f}x; the line reader saves x{f / o:.1f}"
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
    if "--valid" not in sys.argv:  # --valid: the valid-file figures only
        many_findings()


if __name__ == "__main__":
    main()
