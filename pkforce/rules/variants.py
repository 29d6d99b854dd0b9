"""Variant rules (PKF8xx): the `variants:` section.

Each variant is applied to a copy of the scenario (:mod:`pkforce.changes`) and the other rules run
on the result. A finding that the base scenario does not have is reported at the change (or the
unit a change added) that caused it, naming the variant.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..diagnostics import Severity
from ..i18n.messages import tr
from .registry import RULES, Context, Finding, Rule, rule, run

if TYPE_CHECKING:
    from ..changes import Applied

__all__ = ["applied_variants"]

FAMILY = "variants"


def applied_variants(ctx: Context) -> list[tuple[int, Applied | Exception]]:
    """Each variant applied (or the error that stopped it), once per context."""
    cached: list[tuple[int, Applied | Exception]] | None = ctx.__dict__.get("_variants_applied")
    if cached is None:
        from ..changes import VariantError, apply_changes

        cached = []
        for i, v in enumerate(ctx.scenario.variants):
            try:
                cached.append((i, apply_changes(ctx.scenario, v.changes, variant_index=i, name=v.name)))
            except VariantError as exc:
                cached.append((i, exc))
            except ValueError as exc:  # the result does not fit the model (pydantic's ValidationError)
                cached.append((i, exc))
        ctx.__dict__["_variants_applied"] = cached
    return cached


@rule("PKF801", "variant-change-invalid")
def variant_change_invalid(ctx: Context) -> Iterator[Finding]:
    """
    A variant's change cannot be applied, or two variants share a name.

    ## What it checks
    That every change of every variant names a unit, nation or procedure step the scenario has, with
    the parameter its operation needs (`factor`, `per_day`, `readiness`, `duration`, `days`), and
    that variant names are unique (`pkforce sweep --variant NAME` picks one by name).

    ## Why
    A variant is a question about this scenario ("what if Belarus does not come?"). A change that
    names nothing would silently answer another question.

    ## Example
    ```yaml
    variants:
      - name: slow-kaz
        changes:
          - set_readiness: kazbatt      # no such unit
            readiness: P60D
    ```

    ## Fix
    Name an existing unit id, state code or step (`id`, kind, or kind and state such as
    `national_approval KAZ`), and give the operation's parameter.
    """
    from ..changes import VariantError

    seen: dict[str, int] = {}
    for i, v in enumerate(ctx.scenario.variants):
        if v.name in seen:
            yield Finding(
                ("variants", i, "name"),
                tr("variant name `%(name)s` is also used by variant #%(n)s", name=v.name, n=seen[v.name] + 1),
                tr("give this variant its own name, e.g. `%(name)s-2`", name=v.name),
            )
        seen.setdefault(v.name, i)
    for i, outcome in applied_variants(ctx):
        name = ctx.scenario.variants[i].name
        if isinstance(outcome, VariantError):
            path = ("variants", i, "changes", outcome.change) if outcome.change is not None else ("variants", i)
            yield Finding(path, tr("variant `%(name)s`: %(message)s", name=name, message=outcome.message), outcome.fix)
        elif isinstance(outcome, Exception):
            # pydantic's own text (English, like a YAML parser's): passed as a value, not translated
            first = str(outcome).splitlines()
            yield Finding(
                ("variants", i),
                tr(
                    "variant `%(name)s`: the changed scenario is not valid: %(detail)s",
                    name=name,
                    detail=" ".join(first[:3]),
                ),
                tr("check the units the changes add or replace"),
            )


def _other_rules() -> list[Rule]:
    return [r for c, r in sorted(RULES.items()) if r.check is not None and r.family != FAMILY]


@rule("PKF802", "variant-breaks-scenario")
def variant_breaks_scenario(ctx: Context) -> Iterator[Finding]:
    """
    A variant's changes make the scenario wrong in a way the base scenario is not.

    ## What it checks
    Runs every other rule on each variant (the base scenario with the variant's changes) and reports
    each error or warning that the base scenario does not have (info notes are left out), naming the
    variant, at the change that
    caused it when that can be told (a unit it added or replaced), else at the variant.

    ## Why
    A sweep compares the base with its variants; a variant that, say, drops the nation of the
    combined command leaves a force without a top of command, and its simulated dates would mean
    nothing.

    ## Example
    ```yaml
    variants:
      - name: no-kazakhstan
        changes:
          - drop_contributor: KAZ     # KAZ provides the combined command
    ```

    ## Fix
    Add the changes the variant needs to stay whole (for instance `add_unit` a new combined command
    and reparent to it), or choose another variant. The message gives the underlying rule's code:
    `pkforce explain CODE` explains it.
    """
    from ..changes import Applied

    applied = [(i, a) for i, a in applied_variants(ctx) if isinstance(a, Applied)]
    if not applied:
        return
    others = _other_rules()
    codes = [r.code for r in others]
    plain = Context(ctx.scenario, options=ctx.options)  # the base without its variants' rule running
    base = {(r.code, f.message) for r, f in run(plain, codes)}
    for i, outcome in applied:
        name = ctx.scenario.variants[i].name
        for r, f in run(Context(outcome.scenario, options=ctx.options), codes):
            severity = f.severity or r.severity
            if (r.code, f.message) in base or severity is Severity.INFO:
                continue  # notes are context, not breakage (and their wording follows the force)
            path = outcome.base_path(f.path, ("variants", i, "name"))
            said = tr(
                "variant `%(name)s`: %(code)s %(rule)s: %(message)s",
                name=name,
                code=r.code,
                rule=r.name,
                message=f.message,
            )
            yield Finding(path, said, f.fix, severity=severity)
