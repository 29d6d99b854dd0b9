"""The help screens without Python type hints: typer 0.29 prints `<bool>` after every flag and
`<list[Path]>`, `<int range>` after options; a staff officer reading `pkforce validate --help`
wants the option, a word for its value and the explanation.

:func:`tidy_help` gives every parameter an explicit metavar (flags none at all), which every typer
version since the floor in pyproject.toml shows as is.
"""

from __future__ import annotations

from typing import Any

__all__ = ["tidy_help"]


_WORDS = {"path": "PATH", "int": "N", "integer": "N", "integer range": "N", "float": "NUMBER", "float range": "NUMBER"}


def _metavar(param: Any) -> str | None:
    """A word for the value, or None to keep typer's own hint (the list of choices)."""
    from typing import get_args

    descriptor = getattr(param, "type_descriptor", None)  # typer >= 0.2x keeps the annotation
    if descriptor is not None:
        if descriptor.is_choice:
            return None
        annotation = descriptor.annotation
        if descriptor.is_list:
            annotation = (get_args(annotation) or (str,))[0]
        name = getattr(annotation, "__name__", "text").lower()
    else:  # older typer: a click parameter type
        kind = getattr(param, "type", None)
        if kind is None or hasattr(kind, "choices"):
            return None
        name = str(getattr(kind, "name", "text")).lower()
    return _WORDS.get(name, "TEXT")


def _tidy(param: Any) -> None:
    flag = bool(getattr(param, "is_flag", False) or getattr(param, "count", False))
    if flag:
        param.metavar = ""
    elif param.metavar is None:
        param.metavar = _metavar(param)
    if getattr(param, "default", 0) is None and hasattr(param, "show_default"):
        param.show_default = False  # older typer prints "[default: None]"
    if hasattr(param, "display_type_rich") and (flag or getattr(param, "param_type_name", "") == "argument"):
        # typer >= 0.29 prints a type column even for flags and named arguments: nothing to add there
        param.display_type_rich = lambda ctx: None


def tidy_help(command: Any) -> None:
    """Set plain metavars on `command` and its subcommands (a click command built by typer)."""
    for param in command.params:
        _tidy(param)
    get_help_option = getattr(command, "get_help_option", None)
    if get_help_option is not None:

        def help_option(ctx: Any, _get: Any = get_help_option) -> Any:
            option = _get(ctx)
            if option is not None:
                _tidy(option)
            return option

        command.get_help_option = help_option
    for sub in getattr(command, "commands", {}).values():
        tidy_help(sub)
