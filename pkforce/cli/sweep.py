"""`pkforce sweep`: the base scenario and its variants side by side, with common random numbers."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ._common import (
    ConfigOpt,
    FileArg,
    LangOpt,
    OutputOpt,
    RunsOpt,
    SeedOpt,
    check_output,
    err,
    language,
    load_valid,
    out,
    usage,
)
from .simulate import SimFormat

if TYPE_CHECKING:
    import concurrent.futures


SCHEDULER_TIMEOUT = "10s"
"""How long to try to reach a Dask scheduler before saying it cannot be reached."""


def _dask_executor(address: str) -> tuple[concurrent.futures.Executor, object]:
    """A Dask client's executor (the `pkforce[dask]` extra), or a usage error that says what to do."""
    try:
        from distributed import Client
    except ImportError:
        usage("--scheduler needs Dask: pip install 'pkforce[dask]'")
    try:
        client = Client(address, timeout=SCHEDULER_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        usage(f"--scheduler {address}: cannot reach the Dask scheduler ({exc})")
    return client.get_executor(), client


def sweep(
    file: FileArg,
    variant: Annotated[
        list[str] | None,
        typer.Option("--variant", "-v", help="A variant to run (repeat; default: every variant in the file)."),
    ] = None,
    runs: RunsOpt = None,
    seed: SeedOpt = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Processes to use.")] = 1,
    scheduler: Annotated[
        str | None,
        typer.Option("--scheduler", help="Run on a Dask cluster: its scheduler's address, e.g. tcp://10.0.0.5:8786."),
    ] = None,
    horizon: Annotated[str | None, typer.Option("--horizon", help="How far to simulate, e.g. P180D.")] = None,
    format: Annotated[SimFormat, typer.Option("--format", "-f", help="Output format.")] = SimFormat.text,
    output: OutputOpt = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", help="Also draw the tornado chart: .svg, .png or .pdf.")
    ] = None,
    config: ConfigOpt = None,
    lang: LangOpt = None,
) -> None:
    """Simulate the base scenario and its variants with common random numbers; compare them."""
    from ..charts import FORMATS

    if horizon is not None:
        from ..scenario.types import parse_duration

        try:
            parse_duration(horizon)
        except ValueError as exc:
            usage(f"--horizon: {exc}")
    for path in (output, chart):
        if path is not None:
            check_output(path)
    if chart is not None and chart.suffix.lower() not in FORMATS:
        usage(f"--chart {chart}: the suffix must be one of {', '.join(FORMATS)}")
    scenario = load_valid(file, config)
    names = [v.name for v in scenario.variants]
    if not names:
        usage(f"{file} has no `variants:` to sweep; see docs/analysis.md for how to write one")
    for name in variant or []:
        if name not in names:
            from ..rules.registry import did_you_mean

            usage(
                f"--variant {name}: {file} has no such variant{did_you_mean(name, names)}; "
                f"its variants: {', '.join(names)}"
            )

    from ..analysis.sweep import sweep as run_sweep

    executor, client = _dask_executor(scheduler) if scheduler else (None, None)
    try:
        result = run_sweep(
            scenario, variant or None, runs=runs, seed=seed, horizon=horizon, workers=workers, executor=executor
        )
    except ValueError as exc:
        usage(str(exc))
    finally:
        if client is not None:
            client.close()  # type: ignore[attr-defined]
    shown = language(lang)  # the text table and the chart; JSON and CSV are for programs: English
    text = {
        SimFormat.text: lambda: result.to_text(shown),
        SimFormat.json: result.to_json,
        SimFormat.csv: result.to_csv,
    }[format]()
    if chart is not None:
        from ..charts import save_figure
        from ..charts.tornado import tornado_chart

        save_figure(tornado_chart(result, lang=shown), chart)
        err(f"pkforce: wrote {chart}")
    if output is None:
        out(text)
    else:
        from ._common import write_output

        write_output(output, text.encode("utf-8"))
        err(f"pkforce: wrote {output}")
