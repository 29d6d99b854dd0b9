"""`pkforce sitrep`: the situation on day N as the players know it (nothing later)."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import ConfigOpt, FileArg, LangOpt, OutputOpt, TextOrJson, err, language, load_valid, out, write_output


def sitrep(
    file: FileArg,
    day: Annotated[float, typer.Option("--day", min=0, max=100_000, help="The day (days from day 0).")],
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format.")] = TextOrJson.text,
    lang: LangOpt = None,
    output: OutputOpt = None,
    config: ConfigOpt = None,
) -> None:
    """The situation on day N as the players know it: steps taken, units, requirements, injects so far."""
    scenario = load_valid(file, config)
    from ..exercise import render_sitrep
    from ..exercise import sitrep as build
    from ..simulation import simulate

    result = simulate(scenario, deterministic=True)
    rep = build(scenario, result, day)
    text = rep.to_json() if format is TextOrJson.json else render_sitrep(rep, language(lang))
    if output is None:
        out(text)
    else:
        write_output(output, text.encode("utf-8"))
        err(f"pkforce: wrote {output}")
