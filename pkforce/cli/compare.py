"""`pkforce compare A.yaml B.yaml`: what differs between two scenarios, and with --simulate the outcome."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ._common import ConfigOpt, OutputOpt, RunsOpt, SeedOpt, TextOrJson, check_output, err, load_valid, out, usage


def compare(
    a: Annotated[Path, typer.Argument(help="The reference scenario (YAML).", show_default=False, metavar="A")],
    b: Annotated[Path, typer.Argument(help="The scenario compared with it.", show_default=False, metavar="B")],
    simulate: Annotated[
        bool,
        typer.Option(
            "--simulate", help="Also simulate both (same seed, common random numbers) and compare the outcome."
        ),
    ] = False,
    runs: RunsOpt = None,
    seed: SeedOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Processes to use.")] = 1,
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format.")] = TextOrJson.text,
    output: OutputOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Compare two scenarios: units added, removed and changed, personnel, procedure steps."""
    if output is not None:
        check_output(output)
    first = load_valid(a, config)
    second = load_valid(b, config)
    from ..analysis.compare import compare as run_compare

    try:
        result = run_compare(
            first, second, a_name=str(a), b_name=str(b), simulate=simulate, runs=runs, seed=seed, workers=workers
        )
    except ValueError as exc:
        usage(str(exc))
    text = result.to_json() if format is TextOrJson.json else result.to_text()
    if output is None:
        out(text)
    else:
        from ._common import write_output

        write_output(output, text.encode("utf-8"))
        err(f"pkforce: wrote {output}")
