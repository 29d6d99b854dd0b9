"""`pkforce simulate`: the procedure and force generation over time."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from ._common import (
    ConfigOpt,
    FileArg,
    LangOpt,
    OutputOpt,
    QuietOpt,
    RunsOpt,
    SeedOpt,
    State,
    check_output,
    language,
    load_valid,
    note,
    out,
    usage,
    write_output,
)


class SimFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


def simulate(
    file: FileArg,
    runs: RunsOpt = None,
    seed: SeedOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Processes to use.")] = 1,
    horizon: Annotated[str | None, typer.Option("--horizon", help="How far to simulate, e.g. P180D.")] = None,
    step: Annotated[str | None, typer.Option("--step", help="Sampling step of the series, e.g. PT6H.")] = None,
    deterministic: Annotated[
        bool, typer.Option("--deterministic", help="One run with the most likely value of every duration: exact dates.")
    ] = False,
    format: Annotated[SimFormat, typer.Option("--format", "-f", help="Output format.")] = SimFormat.text,
    output: OutputOpt = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
    max_memory: Annotated[
        str | None,
        typer.Option(
            "--max-memory",
            help="Refuse a simulation needing more memory than this, e.g. 4G (default: half of the RAM).",
        ),
    ] = None,
    quiet: QuietOpt = False,
) -> None:
    """Simulate the procedure and force generation: key dates, readiness, gaps, what delays FOC."""
    from ..scenario.types import parse_duration

    State.quiet = quiet
    for name, value in (("--horizon", horizon), ("--step", step)):
        if value is not None:
            try:
                parse_duration(value)
            except ValueError as exc:
                usage(f"{name}: {exc}")
    memory_limit = None
    if max_memory is not None:
        from ..simulation.budget import parse_size

        try:
            memory_limit = parse_size(max_memory)
        except ValueError as exc:
            usage(f"--max-memory: {exc}")
    if output is not None:
        check_output(output, [file])
    scenario = load_valid(file, config)
    from ..simulation import render_text
    from ..simulation import simulate as run_simulation

    # progress goes to stderr, so it shows whenever stderr is a terminal, wherever stdout goes
    progress = ProgressBar() if not quiet and sys.stderr.isatty() else None
    try:
        result = run_simulation(
            scenario,
            runs=runs,
            seed=seed,
            horizon=horizon,
            step=step,
            deterministic=deterministic,
            workers=workers,
            max_memory=memory_limit,
            progress=progress.update if progress else None,
        )
    except ValueError as exc:
        usage(str(exc))
    finally:
        if progress is not None:
            progress.close()
    text = {
        SimFormat.text: lambda r: render_text(r, language(lang)),
        SimFormat.json: lambda r: r.to_json(),
        SimFormat.csv: lambda r: r.to_csv(),
    }[format](result)
    if output is None:
        out(text)
    else:
        write_output(output, text.encode("utf-8"), [file])
        note(f"pkforce: wrote {output}")


class ProgressBar:
    """A rich progress bar on stderr, for long runs at a terminal."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

        self._bar = Progress(
            "simulating",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            transient=True,
            console=Console(stderr=True),
        )
        self._task: TaskID | None = None

    def update(self, done: int, total: int) -> None:
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("simulate", total=total)
        self._bar.update(self._task, completed=done)

    def close(self) -> None:
        if self._task is not None:
            self._bar.stop()
