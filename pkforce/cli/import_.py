"""`pkforce import`: a pledges spreadsheet (.xlsx or .csv, one row per unit) to a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import EXIT_FINDINGS, QuietOpt, State, check_output, err, is_stdin, note, out, usage, write_output


def import_(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Pledges workbook (.xlsx) or table (.csv); - for stdin (CSV).", show_default=False, metavar="FILE"
        ),
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="The scenario file to write (YAML).")] = None,
    template: Annotated[
        Path | None, typer.Option("--template", help="Write the template (.xlsx or .csv) to this file and stop.")
    ] = None,
    host_state: Annotated[
        str | None,
        typer.Option("--host-state", help="Where the force deploys, e.g. KGZ (else the workbook's Scenario sheet)."),
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="member_territory or un_operation.")] = None,
    organization: Annotated[str | None, typer.Option("--organization", help="Built-in profile (default csto).")] = None,
    title: Annotated[str | None, typer.Option("--title", help="The scenario's title.")] = None,
    start: Annotated[str | None, typer.Option("--start", help="Day 0, e.g. 2027-03-01.")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Turn a pledges spreadsheet into a scenario that validates (`--template FILE` writes an example)."""
    from ..pledges import PledgeError, read_pledges, write_template

    State.quiet = quiet
    if template is not None:
        if file is not None or output is not None:
            usage("--template FILE writes the template only; run the import separately")
        if template.suffix.lower() not in (".xlsx", ".csv"):
            usage(f"--template {template}: the suffix must be .xlsx or .csv")
        write_output(template, write_template(template))
        note(f"pkforce: wrote {template}; fill in one row per unit, then `pkforce import {template} -o scenario.yaml`")
        return
    if file is None:
        usage("give the pledges file (pkforce import pledges.xlsx -o scenario.yaml), or --template FILE")
    if output is None:
        usage("-o FILE is required: the scenario to write (use -o - for standard output)")
    if str(output) != "-":
        check_output(output)
    data: bytes | None = None
    if is_stdin(file):
        import sys

        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode("utf-8")
        path = Path("stdin.csv")
    elif not file.is_file():
        usage(f"{file} is not a file" if file.exists() else f"{file} not found")
    else:
        path = file
    name = str(path)
    try:
        pledges = read_pledges(
            path, data, kind=kind, host_state=host_state, organization=organization, title=title, start=start
        )
    except PledgeError as exc:
        for problem in exc.problems:
            err(str(problem))
        err(f"pkforce: {len(exc.problems)} problem(s) in {name}; nothing written.")
        raise typer.Exit(EXIT_FINDINGS) from None
    for warning in pledges.warnings:
        err(f"{warning} [warning]")
    if str(output) == "-":
        out(pledges.yaml)
    else:
        write_output(output, pledges.yaml.encode("utf-8"))
        note(f"pkforce: wrote {output} ({len(pledges.warnings)} warning(s)); check it with `pkforce validate {output}`")
