"""`pkforce validate`: check scenarios against the format, the Agreement's rules and force structure."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .._cost import collector_paused
from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    STDIN_NAME,
    ColorChoice,
    ColorOpt,
    ConfigOpt,
    FilesArg,
    IgnoreOpt,
    LangChoice,
    LangOpt,
    QuietOpt,
    SelectOpt,
    State,
    check_output,
    err,
    expand_inputs,
    is_stdin,
    language,
    load_configuration,
    note,
    out,
    read_stdin_text,
    use_color,
    write_output,
)


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


MaxBytesOpt = Annotated[int | None, typer.Option("--max-bytes", min=1, help="Largest file accepted (bytes).")]
MaxNodesOpt = Annotated[int | None, typer.Option("--max-nodes", min=1, help="Largest node count after aliases.")]
MaxDepthOpt = Annotated[int | None, typer.Option("--max-depth", min=1, help="Deepest nesting accepted.")]


def default_format() -> ReportFormat:
    """GitHub annotations under GitHub Actions (as yamllint does), text elsewhere."""
    return ReportFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" else ReportFormat.text


def validate(
    files: FilesArg,
    format: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: github under GitHub Actions, else text).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to this file.")] = None,
    quiet: QuietOpt = False,
    color: ColorOpt = ColorChoice.auto,
    max_bytes: MaxBytesOpt = None,
    max_nodes: MaxNodesOpt = None,
    max_depth: MaxDepthOpt = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say which configuration file applied.")] = False,
    lang: LangOpt = None,
) -> None:
    """Check scenarios (files, folders, or - for standard input) against the format and the rules."""
    State.quiet = quiet
    fmt = format or default_format()
    inputs = expand_inputs(files)
    if output is not None:
        check_output(output, [f for f in inputs if not is_stdin(f)])
    # Validating and rendering many findings allocate millions of objects and almost no cycles: the
    # cyclic garbage collector is paused, and the reports are gone before it resumes (resuming with
    # them alive cost a walk over each of their objects, 0.4 s for 100,000 findings).
    with collector_paused():
        text, unreadable, passed = _reports_rendered(
            inputs, fmt, config, select, ignore, max_bytes, max_nodes, max_depth, verbose, lang, quiet, strict
        )
    if output is not None:
        write_output(output, text.encode("utf-8"), [f for f in inputs if not is_stdin(f)])
        note(f"pkforce: wrote {output}")
    elif fmt is ReportFormat.text and use_color(color):
        from ._style import colorize_report

        out(colorize_report(text), raw=True)  # the report is escaped already; the colours are ours
    else:
        out(text)
    if unreadable:
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK if passed else EXIT_FINDINGS)


def _reports_rendered(
    inputs: list[Path],
    fmt: ReportFormat,
    config: Path | None,
    select: list[str] | None,
    ignore: list[str] | None,
    max_bytes: int | None,
    max_nodes: int | None,
    max_depth: int | None,
    verbose: bool,
    lang: LangChoice | None,
    quiet: bool,
    strict: bool,
) -> tuple[str, bool, bool]:
    """Validate the inputs, each with its configuration, and render the reports: the text, whether a
    file was unreadable, and whether all passed."""
    from ..config import Config, discover
    from ..render import render
    from ..validation import validate_file, validate_text

    # each scenario's own configuration: the nearest pkforce.toml or [tool.pkforce] above it
    configs: dict[Path | None, Config] = {}
    reports = []
    for f in inputs:
        near = None if is_stdin(f) else f
        found = config if config is not None else discover(near)
        if found not in configs:
            configs[found] = load_configuration(found, select, ignore, max_bytes, max_nodes, max_depth, near=near)
        cfg = configs[found]
        if verbose:
            err(f"pkforce: {f}: configuration: {cfg.source or 'none found, the defaults apply'}")
        reports.append(
            validate_text(read_stdin_text(cfg.limits.max_bytes), STDIN_NAME, cfg)
            if near is None
            else validate_file(f, cfg)
        )
    # Text follows --lang, else the locale. The machine formats (JSON, SARIF, GitHub annotations)
    # keep their keys, codes and names in English always, and their messages in English unless
    # --lang is given: a script's output must not change with the locale of the machine it runs on.
    shown = language(lang) if fmt is ReportFormat.text or lang is not None else "en"
    if shown != "en":  # the findings' messages and fixes (translated rule by rule, see i18n/messages.py)
        from ..i18n.messages import localise_report

        reports = [localise_report(r, shown) for r in reports]
    from ..i18n import language as in_language

    with in_language(shown):  # the text report's frame: severities, "fix:", the closing count
        if quiet and fmt is ReportFormat.text:
            reports_with_findings = [r for r in reports if r.diagnostics]
            text = render(reports_with_findings, "text") if reports_with_findings else ""
            text = text.rsplit("\n\n", 1)[0] + "\n" if text else ""  # the findings without the closing count
        else:
            text = render(reports, fmt.value)
    return text, any(r.unreadable for r in reports), all(r.passed(strict=strict) for r in reports)
