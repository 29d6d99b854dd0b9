"""The `pkforce` command: one module per command, built only when asked for.

Exit codes: 0 clean, 1 findings (errors; warnings too with --strict), 2 usage problems, unreadable
input or an internal error. A command parses its options, calls the API, renders and picks the exit
code; nothing here validates or computes.

Start-up matters (`pkforce validate` runs in editors and pre-commit hooks), and typer builds every
registered command's parameters before it runs one. :func:`main` therefore registers only the command
named on the command line; `pkforce --help` and an unknown command get them all.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

__all__ = ["COMMANDS", "build_app", "main"]

#: Every command, in workflow order (as `pkforce --help` lists them), and the module that defines it.
COMMANDS: dict[str, str] = {
    "validate": "validate",
    "summary": "summary",
    "simulate": "simulate",
    "chart": "chart",
    "sweep": "sweep",
    "compare": "compare",
    "report": "report",
    "exercise": "exercise",
    "sitrep": "sitrep",
    "import": "import_",
    "export": "export",
    "rules": "reference",
    "explain": "reference",
    "schema": "reference",
}


def build_app(only: str | None = None) -> typer.Typer:
    """The typer application with every command, or with only the command `only`."""
    import typer

    from ._common import top_level

    app = typer.Typer(
        name="pkforce",
        help="Model, validate, simulate and chart collective peacekeeping forces.",
        no_args_is_help=True,
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    app.callback()(top_level)
    for name, module in COMMANDS.items():
        if only is None or name == only:
            commands = importlib.import_module(f".{module}", __name__)
            # a command named like a Python keyword (import) is defined with a trailing underscore
            app.command(name)(getattr(commands, name, None) or getattr(commands, f"{name}_"))
    return app


def _command_named(argv: Sequence[str]) -> str | None:
    """The command on a command line, if it names a known one before any help option."""
    for arg in argv:
        if arg in ("-h", "--help"):
            return None
        if not arg.startswith("-"):
            return arg if arg in COMMANDS else None
    return None


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `pkforce` console script: never a traceback unless --debug."""
    args = list(sys.argv[1:] if argv is None else argv)
    # pydantic would otherwise scan every installed package's metadata for plugins at first use;
    # the command line needs none (library users keep theirs: only this entry point sets it).
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    from ._common import EXIT_USAGE, State, err

    try:
        from typer.main import get_command

        from ._help import tidy_help

        command = get_command(build_app(_command_named(args)))
        tidy_help(command)
        command(args=args, prog_name="pkforce", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        err("pkforce: interrupted")
        sys.exit(130)
    except Exception as exc:  # an internal error: say so plainly
        if State.debug or "--debug" in args:
            raise
        err(
            f"pkforce: internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in pkforce, not in your scenario. Run again with --debug for the traceback "
            "and report it."
        )
        sys.exit(EXIT_USAGE)


def __getattr__(name: str) -> Any:
    if name == "app":  # the whole application, e.g. for typer.testing.CliRunner
        return build_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
