"""Exercise rules (PKF5xx): what a trainer's scenario needs before `pkforce exercise` writes its kit.

The Master Events List, the handout and the situation reports are built from the injects and the
procedure; an inject that names no step, falls outside the simulated period or contradicts itself
would give the players a wrong picture. An inject on the procedure names its step as the simulator
reads it (`pkforce.simulation.compile.inject_steps`): a step's `id`, or its kind (and `state`).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Severity
from ..i18n.messages import hint, tr
from .registry import Context, Finding, rule

__all__ = ["inject_after_horizon", "inject_block_duration", "inject_unknown_step", "learning_incomplete"]


def inject_day(ctx: Context, k: int) -> float | None:
    """The day of inject `k` (None when it has no usable day or date)."""
    inj = ctx.scenario.injects[k]
    if inj.day is not None:
        return float(inj.day)
    if inj.date is not None:
        return ctx.scenario.day_of(inj.date)
    return None


def _step_names(ctx: Context) -> dict[str, list[int]]:
    """Every name an inject may use for a step (its `id`, and its kind) -> the steps it names."""
    names: dict[str, list[int]] = {}
    for i, s in enumerate(ctx.scenario.procedure):
        names.setdefault(s.step, []).append(i)
        if s.id is not None and s.id != s.step:
            names.setdefault(s.id, []).append(i)
    return names


def _step_state(step: object) -> str | None:
    return getattr(step, "state", None) or getattr(step, "by", None)


@rule("PKF501", "inject-unknown-step")
def inject_unknown_step(ctx: Context) -> Iterator[Finding]:
    """
    An inject on the procedure names a step that the procedure does not have.

    ## What it checks
    That the `step:` of an inject is the `id` or the kind of a step in `procedure:`, and that its
    `state:` (for an application or a national approval) is the state of such a step.

    ## Why
    The trainer's inject ("the parliament misses its quorum", "the Council session is postponed")
    would change nothing, and the Master Events List would announce an event that never happens.

    ## Example
    ```yaml
    injects:
      - {day: 3, action: delay, step: national_aproval, state: KGZ, duration: P7D}
    ```

    ## Fix
    Write the step's `id` or kind as the procedure spells it (`national_approval`), and the state of
    one of its approvals.
    """
    names = _step_names(ctx)
    for k, inj in enumerate(ctx.scenario.injects):
        target = inj.step
        if target is None:
            continue
        if target not in names:
            yield Finding(
                ("injects", k, "step"),
                tr(
                    "the %(action)s inject names the step `%(step)s`, but the procedure has no step "
                    "with that id or kind%(hint)s",
                    action=inj.action,
                    step=target,
                    hint=hint(target, names),
                ),
                tr("write the `id` or the kind of a step in `procedure:`"),
            )
            continue
        state = inj.state
        if state is None:
            continue
        states = {_step_state(ctx.scenario.procedure[i]) for i in names[target]}
        if state not in states:
            known = sorted(s for s in states if s)
            yield Finding(
                ("injects", k, "state"),
                tr(
                    "the %(action)s inject names the %(step)s step of `%(state)s`, but the procedure has none%(hint)s",
                    action=inj.action,
                    step=target,
                    state=state,
                    hint=hint(state, known),
                ),
                tr("write one of: %(states)s", states=", ".join(known)) if known else tr("remove `state:`"),
            )


@rule("PKF502", "inject-block-duration")
def inject_block_duration(ctx: Context) -> Iterator[Finding]:
    """
    A `block` inject has a `duration`.

    ## What it checks
    That an inject with `action: block` has no `duration`.

    ## Why
    A block means the step never happens (a parliament votes no, a Council session fails): there is
    no "how long". A duration suggests the trainer meant a delay, and the players would be briefed on
    the wrong event.

    ## Example
    ```yaml
    injects:
      - {day: 5, action: block, step: national_approval, state: KGZ, duration: P10D}
    ```

    ## Fix
    Remove `duration:` to block the step, or write `action: delay` to postpone it.
    """
    for k, inj in enumerate(ctx.scenario.injects):
        if inj.action == "block" and inj.duration is not None:
            yield Finding(
                ("injects", k, "duration"),
                tr("a block inject has a `duration`, but a blocked step never happens"),
                tr("remove `duration:` to block the step, or write `action: delay` to postpone it"),
            )


@rule("PKF503", "inject-after-horizon", Severity.WARNING)
def inject_after_horizon(ctx: Context) -> Iterator[Finding]:
    """
    An inject falls after the end of the simulated period.

    ## What it checks
    That every inject's `day` (or `date`) is within `simulation.horizon` (default `P180D`).

    ## Why
    The simulator stops at the horizon, so the inject changes nothing; the Master Events List and
    the situation reports would list an event whose effect no one can see.

    ## Example
    ```yaml
    injects:
      - {day: 200, action: withdraw, unit: kgz-coy}
    simulation: {horizon: P180D}
    ```

    ## Fix
    Move the inject into the simulated period, or set a longer `simulation.horizon`.
    """
    horizon = ctx.scenario.simulation.horizon.days
    for k, inj in enumerate(ctx.scenario.injects):
        day = inject_day(ctx, k)
        if day is not None and day > horizon:
            field = "day" if inj.day is not None else "date"
            shown = {
                "day": format(day, "g"),
                "horizon": format(horizon, "g"),
                "duration": "P" + str(int(day) + 1) + "D",
            }
            yield Finding(
                ("injects", k, field),
                tr(
                    "the %(action)s inject is on day %(day)s, after the simulation's horizon "
                    "(day %(horizon)s): it never takes effect",
                    action=inj.action,
                    **shown,
                ),
                tr("move it to day %(horizon)s or earlier, or set `simulation: {horizon: %(duration)s}`", **shown),
            )


@rule("PKF504", "learning-incomplete", Severity.WARNING)
def learning_incomplete(ctx: Context) -> Iterator[Finding]:
    """
    The `learning:` section has no objectives or no debrief questions.

    ## What it checks
    That a scenario with a `learning:` section gives at least one objective and one question, and
    that none of them is empty.

    ## Why
    `pkforce exercise` puts the objectives at the head of the facilitator's guide and the questions
    in its debrief; an exercise without them has no stated purpose and no way to check it was met
    (a training session plans both before it starts).

    ## Example
    ```yaml
    learning: {level: staff, objectives: []}
    ```

    ## Fix
    Write what the players should be able to do afterwards, and the questions the trainer asks:
    `objectives: [Check that an operation rests on the host state's application]`,
    `questions: [Who must apply, and to whom?]`.
    """
    learning = ctx.scenario.learning
    if learning is None:
        return
    for name in ("objectives", "questions"):
        items = getattr(learning, name)
        if not items:
            yield Finding(
                ("learning", name) if name in learning.model_fields_set else ("learning",),
                tr("the learning section has no objectives")
                if name == "objectives"
                else tr("the learning section has no questions"),
                tr("add `%(field)s:` with at least one sentence", field=name),
            )
        for i, text in enumerate(items):
            if not text.strip():
                yield Finding(
                    ("learning", name, i),
                    tr("objectives item %(n)s is empty", n=i + 1)
                    if name == "objectives"
                    else tr("questions item %(n)s is empty", n=i + 1),
                    tr("write it, or remove it"),
                )
