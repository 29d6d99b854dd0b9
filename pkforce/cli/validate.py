"""`pkforce validate`: check scenarios against the format, the Agreement's rules and force structure."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ConfigOpt,
    FilesArg,
    IgnoreOpt,
    LangOpt,
    SelectOpt,
    language,
    load_configuration,
    out,
)


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


MaxBytesOpt = Annotated[int | None, typer.Option("--max-bytes", min=1, help="Largest file accepted (bytes).")]
MaxNodesOpt = Annotated[int | None, typer.Option("--max-nodes", min=1, help="Largest node count after aliases.")]
MaxDepthOpt = Annotated[int | None, typer.Option("--max-depth", min=1, help="Deepest nesting accepted.")]


def validate(
    files: FilesArg,
    format: Annotated[ReportFormat, typer.Option("--format", "-f", help="Output format.")] = ReportFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too (exit 1).")] = False,
    select: SelectOpt = None,
    ignore: IgnoreOpt = None,
    config: ConfigOpt = None,
    max_bytes: MaxBytesOpt = None,
    max_nodes: MaxNodesOpt = None,
    max_depth: MaxDepthOpt = None,
    lang: LangOpt = None,
) -> None:
    """Check scenarios against the format, the Agreement's rules and sound force structure."""
    from ..render import render
    from ..validation import validate_file

    cfg = load_configuration(config, select, ignore, max_bytes, max_nodes, max_depth)
    reports = [validate_file(f, cfg) for f in files]
    shown = language(lang)
    if shown != "en":  # the findings' messages and fixes (translated rule by rule, see i18n/messages.py)
        from ..i18n.messages import localise_report

        reports = [localise_report(r, shown) for r in reports]
    out(render(reports, format.value))
    if any(r.unreadable for r in reports):
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK if all(r.passed(strict=strict) for r in reports) else EXIT_FINDINGS)
