"""The `pkforce` command: parse options, call the API, render, choose the exit code.

Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 2 usage problems, unreadable
input or an internal error. Nothing here validates or computes: that is the API's job.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

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


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class SummaryFormat(str, Enum):
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


FilesArg = Annotated[list[Path], typer.Argument(help="Scenario files (YAML).", show_default=False)]
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
    from .validate import validate_file

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
    from .validate import validate_file

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
    file: Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False)],
    format: Annotated[SummaryFormat, typer.Option("--format", "-f", help="Output format.")] = SummaryFormat.text,
    config: ConfigOpt = None,
) -> None:
    """Totals by nation and category: units, military, police, civilian personnel, equipment."""
    from .summary import summarize

    scenario = _load_valid(file, (config, None, None))
    result = summarize(scenario)
    _out(result.to_json() if format is SummaryFormat.json else result.to_text())


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


def _write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file and rename, so no half-written output is ever left."""
    import os
    import tempfile

    target = path.resolve()
    if target.is_dir():
        _usage(f"{path} is a folder; give a file name")
    if not target.parent.is_dir():
        _usage(f"folder {target.parent} does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".pkforce-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
