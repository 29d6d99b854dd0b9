"""`pkforce report FILE -o brief.html`: a self-contained HTML briefing (and a PDF through Chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    EXIT_USAGE,
    ConfigOpt,
    FileArg,
    LangOpt,
    RunsOpt,
    SeedOpt,
    check_output,
    err,
    language,
    load_valid,
    usage,
)


def report(
    file: FileArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    runs: RunsOpt = None,
    seed: SeedOpt = None,
    lang: LangOpt = None,
    pdf: Annotated[Path | None, typer.Option("--pdf", help="Also print it to this PDF (needs Chromium).")] = None,
    config: ConfigOpt = None,
) -> None:
    """Write a briefing: situation, findings, the force, charts, key dates, delays, cost, sources."""
    from ..report import BrowserMissing, find_browser

    check_output(output)
    if pdf is not None:
        check_output(pdf)
        if find_browser() is None:
            err(
                "pkforce: error: --pdf needs Chromium or Google Chrome, and none is installed (e.g. "
                "`apt-get install chromium`); or open the HTML report in a browser and print it to PDF"
            )
            raise typer.Exit(EXIT_USAGE)
    from ..validation import validate_file
    from ._common import load_configuration, write_output

    validated = validate_file(file, load_configuration(config))  # once: its warnings go into the briefing
    scenario = validated.scenario if validated.ok and not validated.unreadable else None
    if scenario is None:
        scenario = load_valid(file, config)  # reports the errors and exits
    findings = validated.diagnostics
    from ..report import build_report, print_pdf

    try:
        html = build_report(scenario, runs=runs, seed=seed, findings=findings, lang=language(lang))
    except ValueError as exc:
        usage(str(exc))
    write_output(output, html.encode("utf-8"))
    err(f"pkforce: wrote {output}")
    if pdf is not None:
        try:
            print_pdf(html, pdf.expanduser())
        except BrowserMissing as exc:
            usage(str(exc))
        except (RuntimeError, OSError) as exc:
            err(f"pkforce: error: could not print the PDF: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
        err(f"pkforce: wrote {pdf}")
