"""`pkforce rules`, `pkforce explain` and `pkforce schema`: the reference material, from the code."""

from __future__ import annotations

from typing import Annotated

import typer

from ._common import LangOpt, OutputOpt, TextOrJson, language, out, usage, write_output


def rules(
    format: Annotated[TextOrJson, typer.Option("--format", "-f", help="Output format.")] = TextOrJson.text,
    lang: LangOpt = None,
) -> None:
    """List every rule: code, name, default severity and summary."""
    import json

    from ..rules import RULES

    items = sorted(RULES.values(), key=lambda r: r.code)
    if format is TextOrJson.json:
        out(
            json.dumps(
                [
                    {
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity.value,
                        "family": r.family,
                        "summary": r.summary,
                    }
                    for r in items
                ],
                indent=2,
            )
            + "\n"
        )
        return
    from ..i18n import rule_title

    width = max(len(r.name) for r in items)
    chosen = language(lang)
    lines = [f"{r.code}  {r.name.ljust(width)}  {r.severity.value.ljust(7)}  {rule_title(r, chosen)}" for r in items]
    out("\n".join(lines) + "\n")


def explain(code: Annotated[str, typer.Argument(help="A rule code (PKF106) or name.", show_default=False)]) -> None:
    """Show a rule's documentation: what it checks, why, an example and the fix."""
    from ..rules import RULES, did_you_mean

    wanted = code.strip()
    rule = RULES.get(wanted.upper()) or next((r for r in RULES.values() if r.name == wanted), None)
    if rule is None:
        hint = did_you_mean(wanted.upper(), RULES) or did_you_mean(wanted, [r.name for r in RULES.values()])
        usage(f"no rule `{wanted}`{hint}; `pkforce rules` lists them")
    out(f"{rule.code} {rule.name} (default severity: {rule.severity.value})\n\n{rule.doc}\n")


def schema(output: OutputOpt = None) -> None:
    """Print the JSON Schema of the scenario format (for YAML editors)."""
    from ..scenario.schema import shipped_schema_text

    text = shipped_schema_text()
    if output is None:
        out(text)
    else:
        write_output(output, text.encode("utf-8"))
