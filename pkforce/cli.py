"""The `pkforce` command: parse options, call the API, render, choose the exit code.

Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 2 usage problems, unreadable
input or an internal error. Nothing here validates or computes: that is the API's job.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from . import __version__

if TYPE_CHECKING:
    from .config import Config
    from .scenario.model import Scenario

app = typer.Typer(
    name="pkforce",
    help="Model, validate, simulate and chart collective peacekeeping forces.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
_debug = False


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class SummaryFormat(StrEnum):
    text = "text"
    json = "json"


def _out(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def _usage(message: str) -> NoReturn:
    _err(f"pkforce: error: {message}")
    raise typer.Exit(EXIT_USAGE)


def _version(value: bool) -> None:
    if value:
        _out(f"pkforce {__version__}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
) -> None:
    """pkforce: collective peacekeeping forces, from scenario to briefing."""
    global _debug
    _debug = debug


def _config(config: Path | None, select: list[str] | None, ignore: list[str] | None, max_bytes: int | None,
            max_nodes: int | None, max_depth: int | None) -> Config:
    from .config import ConfigError, load_config

    if config is not None and not config.is_file():
        _usage(f"configuration file {config} not found")
    try:
        cfg = load_config(config)
    except ConfigError as exc:
        _usage(str(exc))
    from .rules import RULES

    names = {r.name for r in RULES.values()}
    for sel in [*(select or []), *(ignore or [])]:
        if not (sel.upper() == "ALL" or any(c.startswith(sel.upper()) for c in RULES) or sel in names):
            _usage(f"--select/--ignore: `{sel}` matches no rule code or name (see `pkforce rules`)")
    cfg = cfg.with_cli(select, ignore)
    limits = cfg.limits
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    if max_nodes is not None:
        limits = replace(limits, max_nodes=max_nodes)
    if max_depth is not None:
        limits = replace(limits, max_depth=max_depth)
    return replace(cfg, limits=limits)


FilesArg = Annotated[list[Path], typer.Argument(help="Scenario files (YAML).", show_default=False, metavar="FILE")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="pkforce.toml or pyproject.toml to use.")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rule codes/prefixes/names.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule codes/prefixes/names.")]
MaxBytesOpt = Annotated[int | None, typer.Option("--max-bytes", min=1, help="Largest file accepted (bytes).")]
MaxNodesOpt = Annotated[int | None, typer.Option("--max-nodes", min=1, help="Largest node count after aliases.")]
MaxDepthOpt = Annotated[int | None, typer.Option("--max-depth", min=1, help="Deepest nesting accepted.")]


@app.command()
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
) -> None:
    """Check scenarios against the format, the Agreement's rules and sound force structure."""
    from .render import render
    from .validation import validate_file

    cfg = _config(config, select, ignore, max_bytes, max_nodes, max_depth)
    reports = [validate_file(f, cfg) for f in files]
    _out(render(reports, format.value))
    if any(r.unreadable for r in reports):
        raise typer.Exit(EXIT_USAGE)
    raise typer.Exit(EXIT_OK if all(r.passed(strict=strict) for r in reports) else EXIT_FINDINGS)


def _load_valid(file: Path, cfg_opts: tuple[Path | None, list[str] | None, list[str] | None] = (None, None, None)
                ) -> Scenario:
    """Validate `file`; on errors print them to stderr and exit (1, or 2 if unreadable)."""
    from .render import render
    from .validation import validate_file

    cfg = _config(cfg_opts[0], cfg_opts[1], cfg_opts[2], None, None, None)
    report = validate_file(file, cfg)
    if report.unreadable or not report.ok or report.scenario is None:
        only_errors = replace(report, diagnostics=report.errors)
        _err(render([only_errors], "text").rstrip("\n"))
        _err(f"pkforce: {file} has errors; fix them first (`pkforce validate {file}`).")
        raise typer.Exit(EXIT_USAGE if report.unreadable else EXIT_FINDINGS)
    scenario: Scenario = report.scenario
    return scenario


@app.command()
def summary(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False, metavar="FILE")],
    format: Annotated[SummaryFormat, typer.Option("--format", "-f", help="Output format.")] = SummaryFormat.text,
    config: ConfigOpt = None,
) -> None:
    """Totals by nation and category: units, military, police, civilian personnel, equipment."""
    from .summary import summarize

    scenario = _load_valid(file, (config, None, None))
    result = summarize(scenario)
    _out(result.to_json() if format is SummaryFormat.json else result.to_text())


class SimFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


@app.command()
def simulate(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False, metavar="FILE")],
    runs: Annotated[int | None, typer.Option("--runs", "-n", min=1, max=1_000_000,
                                             help="Monte Carlo runs (default: the scenario's).")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Random seed (default: the scenario's).")] = None,
    workers: Annotated[int, typer.Option("--workers", "-w", min=1, max=64, help="Processes to use.")] = 1,
    horizon: Annotated[str | None, typer.Option("--horizon", help="How far to simulate, e.g. P180D.")] = None,
    step: Annotated[str | None, typer.Option("--step", help="Sampling step of the series, e.g. PT6H.")] = None,
    deterministic: Annotated[bool, typer.Option("--deterministic", help="One run with the most likely "
                                                "value of every duration: exact dates.")] = False,
    format: Annotated[SimFormat, typer.Option("--format", "-f", help="Output format.")] = SimFormat.text,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Simulate the procedure and force generation: key dates, readiness, gaps, what delays FOC."""
    from .scenario.types import parse_duration

    for name, value in (("--horizon", horizon), ("--step", step)):
        if value is not None:
            try:
                parse_duration(value)
            except ValueError as exc:
                _usage(f"{name}: {exc}")
    if output is not None:
        _check_output(output)
    scenario = _load_valid(file, (config, None, None))
    from .simulation import render_text
    from .simulation import simulate as run_simulation

    progress = _progress_bar() if format is SimFormat.text and sys.stderr.isatty() else None
    try:
        result = run_simulation(scenario, runs=runs, seed=seed, horizon=horizon, step=step,
                                deterministic=deterministic, workers=workers,
                                progress=progress.update if progress else None)
    except ValueError as exc:
        _usage(str(exc))
    finally:
        if progress is not None:
            progress.close()
    text = {SimFormat.text: render_text, SimFormat.json: lambda r: r.to_json(),
            SimFormat.csv: lambda r: r.to_csv()}[format](result)
    if output is None:
        _out(text)
    else:
        _write_atomic(output, text.encode("utf-8"))
        _err(f"pkforce: wrote {output}")


class _progress_bar:
    """A rich progress bar on stderr, for long runs at a terminal."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TimeRemainingColumn

        self._bar = Progress("simulating", BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                             transient=True, console=None)
        self._task: TaskID | None = None

    def update(self, done: int, total: int) -> None:
        if self._task is None:
            self._bar.start()
            self._task = self._bar.add_task("simulate", total=total)
        self._bar.update(self._task, completed=done)

    def close(self) -> None:
        if self._task is not None:
            self._bar.stop()


class ChartKindOpt(StrEnum):
    org = "org"
    composition = "composition"
    buildup = "buildup"
    timeline = "timeline"


class ColorBy(StrEnum):
    nation = "nation"
    category = "category"


@app.command()
def chart(
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False, metavar="FILE")],
    kind: Annotated[ChartKindOpt | None, typer.Option("--kind", "-k", help="Which chart.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Output file: .svg, .png or .pdf.")] = None,
    all_kinds: Annotated[bool, typer.Option("--all", help="Every chart, into --out-dir.")] = False,
    out_dir: Annotated[Path | None, typer.Option("--out-dir", help="Folder for --all.")] = None,
    image_format: Annotated[str, typer.Option("--image-format", help="svg, png or pdf (for --all).")] = "svg",
    dpi: Annotated[float | None, typer.Option("--dpi", min=10, max=1200, help="Resolution of PNG output.")] = None,
    color_by: Annotated[ColorBy, typer.Option("--color-by", help="Org chart: colour units by.")] = ColorBy.nation,
    depth: Annotated[str | None, typer.Option("--depth", help="Org chart: levels to show, or an echelon "
                                              "(battalion: battalions and larger).")] = None,
    by: Annotated[ColorBy, typer.Option("--by", help="Build-up chart: split by category or nation.")]
        = ColorBy.category,
    runs: Annotated[int | None, typer.Option("--runs", "-n", min=1, max=1_000_000,
                                             help="Simulation runs for build-up and timeline.")] = None,
    seed: Annotated[int | None, typer.Option("--seed", min=0, help="Random seed.")] = None,
    config: ConfigOpt = None,
) -> None:
    """Draw the force-structure, composition, build-up or procedure-timeline chart."""
    from .charts import FORMATS

    if all_kinds == (kind is not None):
        _usage("give either --kind KIND with -o FILE, or --all with --out-dir DIR")
    if kind is not None:
        if output is None:
            _usage("--kind needs -o FILE (.svg, .png or .pdf)")
        if output.suffix.lower() not in FORMATS:
            _usage(f"-o {output}: the suffix must be one of {', '.join(FORMATS)}")
        _check_output(output)
    else:
        if out_dir is None:
            _usage("--all needs --out-dir DIR")
        if "." + image_format.lower().lstrip(".") not in FORMATS:
            _usage(f"--image-format must be one of {', '.join(f[1:] for f in FORMATS)}")
        if out_dir.exists() and not out_dir.is_dir():
            _usage(f"--out-dir {out_dir} is a file")
    scenario = _load_valid(file, (config, None, None))
    from .charts import make_chart, save_all, save_figure

    options: dict[str, Any] = {"color_by": color_by.value, "depth": depth, "by": by.value, "runs": runs, "seed": seed}
    try:
        if kind is not None and output is not None:
            fig = make_chart(kind.value, scenario, **options)
            save_figure(fig, output, dpi=dpi)
            _err(f"pkforce: wrote {output}")
        elif out_dir is not None:
            for path in save_all(scenario, out_dir, fmt=image_format, dpi=dpi, stem=None, **options):
                _err(f"pkforce: wrote {path}")
    except ValueError as exc:
        _usage(str(exc))


@app.command()
def schema(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema of the scenario format (for YAML editors)."""
    from .scenario.schema import json_schema_text

    text = json_schema_text()
    if output is None:
        _out(text)
    else:
        _write_atomic(output, text.encode("utf-8"))


@app.command()
def rules(
    format: Annotated[SummaryFormat, typer.Option("--format", "-f", help="Output format.")] = SummaryFormat.text,
) -> None:
    """List every rule: code, name, default severity and summary."""
    import json

    from .rules import RULES

    items = sorted(RULES.values(), key=lambda r: r.code)
    if format is SummaryFormat.json:
        _out(json.dumps([{"code": r.code, "name": r.name, "severity": r.severity.value, "family": r.family,
                          "summary": r.summary} for r in items], indent=2) + "\n")
        return
    width = max(len(r.name) for r in items)
    lines = [f"{r.code}  {r.name.ljust(width)}  {r.severity.value.ljust(7)}  {r.summary}" for r in items]
    _out("\n".join(lines) + "\n")


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A rule code (PKF106) or name.", show_default=False)]) -> None:
    """Show a rule's documentation: what it checks, why, an example and the fix."""
    from .rules import RULES, did_you_mean

    wanted = code.strip()
    rule = RULES.get(wanted.upper()) or next((r for r in RULES.values() if r.name == wanted), None)
    if rule is None:
        hint = did_you_mean(wanted.upper(), RULES) or did_you_mean(wanted, [r.name for r in RULES.values()])
        _usage(f"no rule `{wanted}`{hint}; `pkforce rules` lists them")
    _out(f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n\n{rule.doc}\n")


def _check_output(path: Path) -> None:
    """A usage error (exit 2) for an output path that cannot be written, before any work is done."""
    target = path.expanduser()
    if target.is_dir():
        _usage(f"{path} is a folder; give a file name")
    if not target.resolve().parent.is_dir():
        _usage(f"folder {target.resolve().parent} does not exist")


def _write_atomic(path: Path, data: bytes) -> None:
    """Write all or nothing (see :func:`pkforce._io.write_atomic`)."""
    from ._io import write_atomic

    _check_output(path)
    write_atomic(path.expanduser(), data)


def main() -> None:
    """Entry point of the `pkforce` console script: never a traceback unless --debug."""
    try:
        app(standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        _err("pkforce: interrupted")
        sys.exit(130)
    except Exception as exc:  # an internal error: say so plainly
        if _debug or "--debug" in sys.argv:
            raise
        _err(f"pkforce: internal error: {type(exc).__name__}: {exc}\n"
             "This is a bug in pkforce, not in your scenario. Run again with --debug for the traceback "
             "and report it.")
        sys.exit(EXIT_USAGE)
