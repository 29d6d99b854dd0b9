"""`pkforce export`: the force in another tool's format (MSDL, ORBAT Mapper)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ..export import EXPORTS
from ._common import ConfigOpt, FileArg, OutputOpt, QuietOpt, State, check_output, load_valid, note, usage, write_output


def _formats() -> list[str]:
    return list(EXPORTS)


# The help lists the table's formats, so a format added to pkforce.export.EXPORTS shows up here.
_FORMAT_HELP = "; ".join(f"{name}: {exporter.summary}" for name, exporter in EXPORTS.items()) + "."


def export(
    file: FileArg,
    format: Annotated[
        str,
        typer.Option(
            "--format", "-f", help=_FORMAT_HELP, autocompletion=_formats, show_default=False, metavar="FORMAT"
        ),
    ],
    output: OutputOpt = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write the force in another tool's format: MSDL, ORBAT Mapper JSON, or a graph (GraphML, GEXF, JSON)."""
    State.quiet = quiet
    if format not in EXPORTS:
        usage(f"--format {format}: choose from {', '.join(EXPORTS)}")
    if output is not None:
        check_output(output)
    scenario = load_valid(file, config)
    data = EXPORTS[format](scenario)
    if output is None:
        if hasattr(sys.stdout, "buffer"):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:  # a text stream (tests capture output this way)
            sys.stdout.write(data.decode("utf-8"))
    else:
        write_output(output, data)
        note(f"pkforce: wrote {output}")
