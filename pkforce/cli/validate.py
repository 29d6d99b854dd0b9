"""`pkforce validate`: check scenarios against the format, the Agreement's rules and force structure."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_USAGE,
    ConfigOpt,
    FilesArg,
    IgnoreOpt,
    SelectOpt,
    err,
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
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say which configuration file applied.")]
        = False,
) -> None:
    """Check scenarios against the format, the Agreement's rules and sound force structure."""
    from ..config import Config, discover
    from ..render import render
    from ..validation import validate_file

    # each scenario's own configuration: the nearest pkforce.toml or [tool.pkforce] above it
    configs: dict[Path | None, Config] = {}
    reports = []
    for f in files:
        found = config if config is not None else discover(f)
        if found not in configs:
            configs[found] = load_configuration(found, select, ignore, max_bytes, max_nodes, max_depth, near=f)
        cfg = configs[found]
        if verbose:
            err(f"pkforce: {f}: configuration: {cfg.source or 'none found, the defaults apply'}")
        reports.append(validate_file(f, cfg))
    out(render(reports, format.value))
    if any(r.unreadable for r in reports):
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK if all(r.passed(strict=strict) for r in reports) else EXIT_FINDINGS)
