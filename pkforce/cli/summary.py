"""`pkforce summary`: the force totalled by nation and category."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import ConfigOpt, FileArg, LangOpt, TextOrJson, language, load_valid, out


def summary(
    file: FileArg,
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format.")] = TextOrJson.text,
    config: ConfigOpt = None,
    lang: LangOpt = None,
) -> None:
    """Totals by nation and category: units, military, police, civilian personnel, equipment."""
    from ..summary import summarize

    result = summarize(load_valid(file, config))
    out(result.to_json() if format is TextOrJson.json else result.to_text(language(lang)))
