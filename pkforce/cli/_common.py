"""What every command shares: output, usage errors, exit codes, configuration and loading.

Nothing here validates or computes: that is the API's job. A command module imports these helpers
and the option types, parses its own options, calls the API, renders and picks the exit code.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from ..config import Config
    from ..scenario.model import Scenario

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class State:
    """Options of the top-level callback that the entry point reads after a command has failed."""

    debug = False
    quiet = False


def _show_version(value: bool) -> None:
    if value:
        from .._version import __version__

        out(f"pkforce {__version__}\n")
        raise typer.Exit()


def top_level(
    version: Annotated[
        bool, typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and exit.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on internal errors.")] = False,
) -> None:
    """pkforce: collective peacekeeping forces, from scenario to briefing."""
    State.debug = debug


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


def out(text: str, *, raw: bool = False) -> None:
    """Write to standard output at once (the result of a command). Scenario text and file names
    never reach the terminal or a CI log raw: control characters are escaped (see
    :func:`pkforce._io.printable`). `raw=True` only for text whose scenario parts were escaped
    already and that carries escapes of our own (colours added after rendering)."""
    from .._io import printable

    sys.stdout.write(text if raw else printable(text))
    sys.stdout.flush()


def err(text: str) -> None:
    """Write one message to standard error (progress, notes, errors), escaped like :func:`out`."""
    from .._io import printable

    text = printable(text)
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def usage(message: str) -> NoReturn:
    """A usage problem: one line on standard error, exit 2."""
    err(f"pkforce: error: {message}")
    raise typer.Exit(EXIT_USAGE)


FileArg = Annotated[Path, typer.Argument(help="Scenario file (YAML).", show_default=False, metavar="FILE")]
FilesArg = Annotated[list[Path], typer.Argument(help="Scenario files (YAML).", show_default=False, metavar="FILE")]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="pkforce.toml or pyproject.toml to use.")]
SelectOpt = Annotated[list[str] | None, typer.Option("--select", help="Only these rule codes/prefixes/names.")]
IgnoreOpt = Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rule codes/prefixes/names.")]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file.")]
RunsOpt = Annotated[
    int | None, typer.Option("--runs", "-n", min=1, max=1_000_000, help="Monte Carlo runs (default: the scenario's).")
]
SeedOpt = Annotated[int | None, typer.Option("--seed", min=0, help="Random seed (default: the scenario's).")]


class LangChoice(StrEnum):
    en = "en"
    ru = "ru"


LangOpt = Annotated[
    LangChoice | None, typer.Option("--lang", help="Language: en or ru (default: the locale's, else English).")
]


def language(choice: LangChoice | None) -> str:
    """The language to use: the option, else the user's locale, else English."""
    from ..i18n import default_language

    return choice.value if choice is not None else default_language()


def load_configuration(
    config: Path | None,
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    max_bytes: int | None = None,
    max_nodes: int | None = None,
    max_depth: int | None = None,
    *,
    near: Path | None = None,
) -> Config:
    """The configuration in force: the file (given, or found from the folder of `near`, a scenario,
    upward), then the command line's choices; any problem is a usage error (exit 2)."""
    from ..config import ConfigError, check_limits, check_selectors, load_config

    if config is not None and not config.is_file():
        usage(f"configuration file {config} not found")
    try:
        cfg = load_config(config, near=near)
        check_selectors(select or [], "--select")
        check_selectors(ignore or [], "--ignore", ignoring=True)
        cli_limits = {
            k: v
            for k, v in (("max-bytes", max_bytes), ("max-nodes", max_nodes), ("max-depth", max_depth))
            if v is not None
        }
        check_limits(cli_limits, "--")
    except ConfigError as exc:
        usage(str(exc))
    cfg = cfg.with_cli(select, ignore)
    limits = cfg.limits
    if max_bytes is not None:
        limits = replace(limits, max_bytes=max_bytes)
    if max_nodes is not None:
        limits = replace(limits, max_nodes=max_nodes)
    if max_depth is not None:
        limits = replace(limits, max_depth=max_depth)
    return replace(cfg, limits=limits)


def load_valid(file: Path, config: Path | None = None) -> Scenario:
    """Validate `file`; on errors print them to stderr and exit (1, or 2 if unreadable)."""
    from ..render import render
    from ..validation import validate_file, validate_text

    if is_stdin(file):
        cfg = load_configuration(config)
        report = validate_text(read_stdin_text(cfg.limits.max_bytes), STDIN_NAME, cfg)
    else:
        if file.is_dir():
            usage(f"{file} is a folder; give one scenario file")
        report = validate_file(file, load_configuration(config, near=file))
    if report.unreadable or not report.ok or report.scenario is None:
        only_errors = replace(report, diagnostics=report.errors)
        err(render([only_errors], "text").rstrip("\n"))
        err(f"pkforce: {file} has errors; fix them first (`pkforce validate {file}`).")
        raise typer.Exit(EXIT_USAGE if report.unreadable else EXIT_FINDINGS)
    scenario: Scenario = report.scenario
    return scenario


def check_output(path: Path, inputs: Sequence[Path] = ()) -> Path:
    """A usage error (exit 2) for an output path that must not or cannot be written (one of the
    `inputs`, a folder, read-only, a missing folder...), before any work is done. Every command that
    writes calls it (see :func:`pkforce._io.check_output`)."""
    from .._io import OutputError
    from .._io import check_output as check

    try:
        return check(path, inputs)
    except OutputError as exc:
        usage(str(exc))


def check_output_dir(folder: Path, names: Sequence[str] = (), inputs: Sequence[Path] = ()) -> Path:
    """The same for a folder that will receive the files `names`."""
    from .._io import OutputError
    from .._io import check_output_dir as check

    try:
        return check(folder, names, inputs)
    except OutputError as exc:
        usage(str(exc))


def write_output(path: Path, data: bytes, inputs: Sequence[Path] = ()) -> None:
    """Write all or nothing (see :func:`pkforce._io.write_atomic`); a failed write is a usage error."""
    from .._io import describe_os_error, write_atomic

    check_output(path, inputs)
    try:
        write_atomic(path.expanduser(), data)
    except OSError as exc:
        usage(describe_os_error(exc, path))


# --- inputs: standard input and folders --------------------------------------------------------

STDIN = "-"
STDIN_NAME = "<stdin>"


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def read_stdin_text(limit: int) -> str:
    """Standard input as text (UTF-8; a usage error otherwise), read up to `limit` + 1 bytes: more
    than `limit` is then reported as too large by the loader, and an endless pipe is never read whole."""
    from .._io import read_bounded

    if hasattr(sys.stdin, "buffer"):
        data = read_bounded(sys.stdin.buffer, limit)
    else:  # a text stream (tests)
        data = sys.stdin.read(limit + 1).encode("utf-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        usage("standard input is not UTF-8 text")


def expand_inputs(paths: list[Path]) -> list[Path]:
    """Folders become the *.yaml and *.yml files under them (sorted, hidden folders skipped); `-` and
    files stay as given, in order, each once."""
    found: list[Path] = []
    for path in paths:
        if not is_stdin(path) and path.is_dir():
            inside = sorted(
                p
                for p in path.rglob("*")
                if p.suffix.lower() in (".yaml", ".yml")
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not inside:
                usage(f"{path} is a folder with no *.yaml or *.yml files")
            found.extend(inside)
        else:
            found.append(path)
    return list(dict.fromkeys(found))


# --- output style: quiet, colour ---------------------------------------------------------------


class ColorChoice(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print only findings and errors: no summary, no progress, no notes.")
]
ColorOpt = Annotated[
    ColorChoice,
    typer.Option("--color", help="Colour the output: auto (at a terminal, unless NO_COLOR is set), always or never."),
]


def use_color(choice: ColorChoice, stream: object | None = None) -> bool:
    """Whether to colour: `always`/`never` as said; `auto` at a terminal unless NO_COLOR is set."""
    import os

    if choice is ColorChoice.always:
        return True
    if choice is ColorChoice.never or os.environ.get("NO_COLOR"):
        return False
    target = stream if stream is not None else sys.stdout
    isatty = getattr(target, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def note(text: str) -> None:
    """A note on standard error (`wrote FILE`), which --quiet silences."""
    if not State.quiet:
        err(text)
