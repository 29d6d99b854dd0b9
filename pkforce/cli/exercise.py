"""`pkforce exercise`: the trainer's kit for a command-post exercise, and grading a trainee's answer.

Two spellings share one command (as the issue writes them):

    pkforce exercise FILE --out-dir DIR [--lang en|ru] [--runs N] [--seed S] [--pdf]
    pkforce exercise grade ORIGINAL.yaml ANSWER.yaml [--format text|json]

A scenario file named `grade` is written `./grade`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ConfigOpt,
    LangOpt,
    RunsOpt,
    SeedOpt,
    TextOrJson,
    err,
    language,
    load_configuration,
    out,
    usage,
)

ArgsArg = Annotated[
    list[str],
    typer.Argument(
        help="FILE, or `grade ORIGINAL ANSWER`.", show_default=False, metavar="FILE | grade ORIGINAL ANSWER"
    ),
]


def exercise(
    args: ArgsArg,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir", "-d", help="Folder for facilitator.html, handout.html and events.csv (created if missing)."
        ),
    ] = None,
    lang: LangOpt = None,
    runs: RunsOpt = None,
    seed: SeedOpt = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print both pages to A4 PDF (needs Chromium).")] = False,
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="grade: output format.")] = TextOrJson.text,
    config: ConfigOpt = None,
) -> None:
    """Write an exercise kit (facilitator's guide, players' handout, events list), or grade an answer."""
    if args and args[0] == "grade":
        if len(args) != 3:
            usage("grade takes two files: `pkforce exercise grade ORIGINAL.yaml ANSWER.yaml`")
        _grade(Path(args[1]), Path(args[2]), format, config)
        return
    if len(args) != 1:
        usage(
            "give one scenario file: `pkforce exercise FILE --out-dir DIR` "
            "(or `pkforce exercise grade ORIGINAL ANSWER`)"
        )
    if out_dir is None:
        usage("--out-dir is required: the folder to write the exercise documents to")
    _kit(Path(args[0]), out_dir, language(lang), runs, seed, pdf, config)


def _kit(
    file: Path, out_dir: Path, lang: str, runs: int | None, seed: int | None, pdf: bool, config: Path | None
) -> None:
    from ..exercise import blocking, browser, build_kit, html_to_pdf
    from ..render import render
    from ..validation import validate_file

    target = out_dir.expanduser()
    if target.exists() and not target.is_dir():
        usage(f"--out-dir {out_dir} is a file; give a folder")
    exe = browser() if pdf else None
    if pdf and exe is None:
        usage(
            "--pdf needs Chromium, which is not installed (e.g. `apt-get install chromium`); "
            "or run without --pdf and print the HTML pages from a browser"
        )
    report = validate_file(file, load_configuration(config))
    stop = blocking(report)
    if report.unreadable or report.scenario is None or stop:
        from dataclasses import replace

        err(render([replace(report, diagnostics=stop or report.errors)], "text").rstrip("\n"))
        err(
            f"pkforce: {file}: the exercise cannot be built from this file; fix these first. "
            f"Nothing was written to {out_dir}."
        )
        raise typer.Exit(EXIT_USAGE if report.unreadable else EXIT_FINDINGS)
    from ..simulation import simulate

    try:
        det = simulate(report.scenario, deterministic=True)
        mc = simulate(report.scenario, runs=runs, seed=seed)
    except ValueError as exc:
        usage(str(exc))
    docs = build_kit(report, det, mc, lang)
    if exe is not None:
        for name in ("facilitator", "handout"):
            try:
                docs[f"{name}.pdf"] = html_to_pdf(docs[f"{name}.html"], exe)
            except (OSError, RuntimeError, TimeoutError) as exc:
                err(f"pkforce: error: could not print {name}.html to PDF with {exe}: {exc}. Nothing was written.")
                raise typer.Exit(EXIT_USAGE) from None
    from .._io import write_atomic

    try:
        target.mkdir(parents=True, exist_ok=True)
        for name, data in docs.items():
            write_atomic(target / name, data)
    except OSError as exc:
        usage(f"cannot write to {out_dir}: {exc.strerror or exc}")
    err(f"pkforce: wrote {', '.join(sorted(docs))} to {out_dir}")


def _grade(original: Path, answer: Path, format: TextOrJson, config: Path | None) -> None:
    from ..exercise import grade
    from ..validation import validate_file

    cfg = load_configuration(config)
    before, after = validate_file(original, cfg), validate_file(answer, cfg)
    for rep in (before, after):
        if rep.unreadable:
            usage(f"{rep.file} cannot be read: {rep.diagnostics[0].message if rep.diagnostics else 'unreadable'}")
    result = grade(before, after)
    if format is TextOrJson.json:
        import json

        out(json.dumps(result.to_dict(), indent=1, ensure_ascii=False) + "\n")
    else:
        lines = [f"Grading {answer} against {original}"]
        for title, items in (("fixed", result.fixed), ("remaining", result.remaining), ("new", result.new)):
            lines.append(f"{title}: {len(items)}")
            for d in items:
                where = f"{d.file}:{d.location.line}:{d.location.column}" if d.location else d.file
                lines.append(f"  {where}: {d.code} {d.name}: {d.message}")
        lines.append(
            "PASS: every finding fixed, none new" if result.passed else "NOT YET: fix the remaining and new findings"
        )
        out("\n".join(lines) + "\n")
    raise typer.Exit(EXIT_OK if result.passed else EXIT_FINDINGS)
