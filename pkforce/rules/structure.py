"""Command-structure rules (PKF3xx): the command tree that `parent:` builds.

The units form one tree under the combined command (2007 Agreement). These rules check that the
ids are unique, that every `parent` names a unit, that the chain of command has no loops and one
top, and that larger units do not serve under smaller ones.
"""

from __future__ import annotations

import operator
from collections.abc import Iterator

from ..diagnostics import Severity
from ..i18n.messages import Joined, hint, tr
from ..scenario.vocab import ECHELON_RANK
from .registry import Context, Finding, Option, rule

__all__ = ["main_root", "roots"]


def _first_index(ctx: Context) -> dict[str, int]:
    """unit id -> index of its first use in `units:` (later uses are PKF301's); built once."""
    found = ctx.memo.get("first_index")
    if not isinstance(found, dict):
        found = ctx.memo["first_index"] = {uid: u.index for uid, u in ctx.force.by_id.items() if u.index is not None}
    return found


def roots(ctx: Context) -> list[int]:
    """Indices of the units without a parent (first uses of an id only): the force's tree roots."""
    first = _first_index(ctx)
    return [first[uid] for uid in ctx.force.roots]


def main_root(ctx: Context) -> int | None:
    """The top of the command tree: the first parentless unit of category `command`, else the first
    parentless unit (None when every unit has a parent)."""
    found = roots(ctx)
    units = ctx.force.units
    return next((i for i in found if units[i].category == "command"), found[0] if found else None)


@rule("PKF301", "duplicate-unit-id")
def duplicate_unit_id(ctx: Context) -> Iterator[Finding]:
    """
    Two units have the same id.

    ## What it checks
    That every unit's `id` is used once in `units:` (reinforcements are checked by PKF408).

    ## Why
    `parent:`, injects and reports name units by id: with two units of one id, the chain of command
    and a `withdraw` inject would be ambiguous. The second unit is left out of the command tree.

    ## Example
    ```yaml
    - id: kaz-coy
      nation: KAZ
    - id: kaz-coy
      nation: KAZ
    ```

    ## Fix
    Give the second unit its own id, e.g. `kaz-coy-2`.
    """
    first = _first_index(ctx)
    if len(first) == len(ctx.scenario.units):
        return  # as many ids as units: each used once
    for i, u in enumerate(ctx.scenario.units):
        j = first[u.id]
        if j != i:
            yield Finding(
                ("units", i, "id"),
                tr("the unit id `%(id)s` is also used by unit #%(n)s in `units:`", id=u.id, n=j + 1),
                tr("give this unit its own id, e.g. `%(id)s-%(n)s`", id=u.id, n=i + 1),
            )


@rule("PKF302", "unknown-parent")
def unknown_parent(ctx: Context) -> Iterator[Finding]:
    """
    A unit's `parent` names no unit.

    ## What it checks
    That every `parent:` in `units:` is the id of a unit in `units:`.

    ## Why
    `parent` places the unit in the chain of command under the combined command (2007 Agreement).
    A unit whose parent does not exist is cut off from the tree: it is missing from the roll-ups
    and the organisation chart.

    ## Example
    ```yaml
    - id: kgz-coy
      parent: kaz_bn      # the battalion's id is kaz-bn
    ```

    ## Fix
    Write the id of an existing unit (the message suggests the nearest one).
    """
    ids = _first_index(ctx)
    if set(ctx.unit_values("parent")).difference(ids) <= {None}:
        return  # every parent names a unit (the usual scenario)
    for i, u in enumerate(ctx.scenario.units):
        p = u.parent
        if p is not None and p != u.id and p not in ids:
            yield Finding(
                ("units", i, "parent"),
                tr(
                    "unit `%(id)s` has the parent `%(parent)s`, but no unit has that id%(hint)s",
                    id=u.id,
                    parent=p,
                    hint=hint(p, ids),
                ),
                tr("write the id of the unit that commands it, or add that unit to `units:`"),
            )


@rule("PKF303", "command-cycle")
def command_cycle(ctx: Context) -> Iterator[Finding]:
    """
    The chain of command loops: following `parent:` leads back to where it started.

    ## What it checks
    Each chain of `parent:` links, once per loop. A unit that is its own parent is PKF307.

    ## Why
    A chain of command ends at the combined command (2007 Agreement). Units on a loop never reach
    it: they are missing from the tree, the roll-ups and the chart.

    ## Example
    ```yaml
    - {id: a, parent: b, ...}
    - {id: b, parent: a, ...}
    ```

    ## Fix
    Give one unit of the loop the parent that really commands it (usually the combined command).
    """
    first = _first_index(ctx)
    for loop in _loops(ctx):
        links = [
            tr("`%(unit)s` under `%(parent)s`", unit=a, parent=b)
            for a, b in zip(loop, loop[1:] + loop[:1], strict=True)
        ]
        said = links[0] if len(links) == 1 else tr("%(links)s, and %(last)s", links=Joined(links[:-1]), last=links[-1])
        yield Finding(
            ("units", first[loop[0]], "parent"),
            tr("the chain of command loops: %(links)s again, so none of them reaches the combined command", links=said),
            tr(
                "give one of %(units)s the parent that really commands it (usually the combined command)",
                units=", ".join(f"`{x}`" for x in loop),
            ),
        )


def _loops(ctx: Context) -> list[list[str]]:
    """Each loop of `parent:` links once, as ids in parent order from its first-listed unit.
    Self-parents (PKF307) are not loops here. Found once (two rules ask)."""
    found = ctx.memo.get("loops")
    if not isinstance(found, list):
        found = ctx.memo["loops"] = _find_loops(ctx)
    return found


def _find_loops(ctx: Context) -> list[list[str]]:
    first = _first_index(ctx)
    units = ctx.scenario.units
    loops = []
    state: dict[str, int] = {}  # 1: on the chain being followed, 2: done
    for i, u in enumerate(units):
        uid, parent = u.id, u.parent
        if uid in state or first[uid] != i:
            continue  # on a chain followed already, or a second use of the id (PKF301)
        if parent is None or parent == uid or parent not in first or state.get(parent) == 2:
            state[uid] = 2  # the usual unit: its chain ends at once, or joins one that ended
            continue
        chain: list[str] = []
        cur: str | None = u.id
        while cur is not None and cur in first and cur not in state:
            state[cur] = 1
            chain.append(cur)
            parent = units[first[cur]].parent
            cur = None if parent == cur else parent
        if cur is not None and state.get(cur) == 1:
            loop = chain[chain.index(cur) :]
            start = min(range(len(loop)), key=lambda k: first[loop[k]])
            loops.append(loop[start:] + loop[:start])
        for x in chain:
            state[x] = 2
    return loops


@rule("PKF304", "multiple-roots")
def multiple_roots(ctx: Context) -> Iterator[Finding]:
    """
    More than one unit has no parent: the force has several tops of command.

    ## What it checks
    That exactly one unit has no `parent:` (the combined command). Each other parentless unit is
    reported.

    In a `un_operation` each national contingent may have one top of its own: the contingents
    serve under the UN force commander, not a CSTO combined command (2021 Protocol).

    ## Why
    The 2007 Agreement forms the Collective Peacekeeping Forces under one combined command. A
    second top means a contingent outside the chain of command.

    ## Example
    ```yaml
    - {id: cc, type: headquarters, nation: KAZ}
    - {id: rus-fpu, type: formed_police_unit, nation: RUS}    # no parent
    ```

    ## Fix
    Give the unit `parent: cc` (the combined command's id), or the unit that commands it.
    """
    top = main_root(ctx)
    if top is None:
        return
    units = ctx.scenario.units
    top_id = units[top].id
    un = ctx.scenario.operation.kind == "un_operation"
    heads: set[str] = set()  # in a UN operation, each contingent may have its own top
    for i in roots(ctx):
        if un and units[i].nation not in heads and units[i].nation != units[top].nation:
            heads.add(units[i].nation)
            continue
        if i != top:
            yield Finding(
                ("units", i, "id"),
                tr(
                    "unit `%(id)s` has no parent, so it stands beside `%(top)s` as a second top of "
                    "command: the force has one combined command over all its units",
                    id=units[i].id,
                    top=top_id,
                ),
                tr("add `parent: %(top)s` (or the id of the unit that commands it)", top=top_id),
            )


@rule("PKF305", "echelon-inversion", Severity.WARNING, options=(Option("warn_equal", bool, False),))
def echelon_inversion(ctx: Context) -> Iterator[Finding]:
    """
    A unit serves under a smaller unit (a brigade under a battalion).

    ## What it checks
    Each unit's echelon against its parent's (their own or their types'), except on a loop of
    `parent:` links (PKF303). A unit under one of its own size (a company attached to a company) is
    accepted, as attachments are common in multinational forces; set the option `warn_equal = true`
    (`[options.PKF305]` in pkforce.toml) to report those too.

    In a `un_operation`, a unit under a `command` unit is not checked: a national contingent's
    headquarters at a small echelon (a section, say) commands the contingent's company.

    ## Why
    A commander's echelon marks the size of what they command: a company commander does not command
    a battalion. An inversion usually means a wrong `parent:` or a wrong `echelon:`; the chart would
    draw the larger symbol beneath the smaller.

    ## Example
    ```yaml
    - {id: kaz-coy, type: infantry_company, nation: KAZ, parent: cc}
    - {id: kaz-bn, type: infantry_battalion, nation: KAZ, parent: kaz-coy}
    ```

    ## Fix
    Put the unit under a larger one (`parent: cc`), or correct the echelons.
    """
    allow_equal = ctx.option("warn_equal") is not True
    first = _first_index(ctx)
    looped = {uid for loop in _loops(ctx) for uid in loop}  # a loop's links are PKF303's
    units = ctx.force.units
    un = ctx.scenario.operation.kind == "un_operation"
    for i, u in enumerate(units):
        if u.parent is None or u.parent == u.id or u.parent not in first or u.id in looped:
            continue
        boss = units[first[u.parent]]
        if un and boss.category == "command":
            continue  # a contingent's own headquarters, small as it is, commands the contingent
        mine, theirs = ECHELON_RANK.get(u.echelon or ""), ECHELON_RANK.get(boss.echelon or "")
        if mine is None or theirs is None or theirs > mine or (theirs == mine and allow_equal):
            continue
        if theirs == mine:
            what = tr(
                "`%(id)s` (%(echelon)s) serves under `%(boss)s`, also a %(boss_echelon)s",
                id=u.id,
                echelon=u.echelon,
                boss=boss.id,
                boss_echelon=boss.echelon,
            )
        else:
            what = tr(
                "`%(id)s` (%(echelon)s) serves under `%(boss)s`, which is only a %(boss_echelon)s",
                id=u.id,
                echelon=u.echelon,
                boss=boss.id,
                boss_echelon=boss.echelon,
            )
        yield Finding(
            ("units", i, "parent"),
            tr("%(what)s: a unit is normally commanded by a larger echelon", what=what),
            tr(
                "put the unit under a larger unit (e.g. the combined command), or correct the echelons; "
                "or drop the PKF305 option `warn_equal` to accept attachments of equal size"
            )
            if theirs == mine
            else tr("put the unit under a larger unit (e.g. the combined command), or correct the echelons"),
        )


@rule("PKF306", "no-units")
def no_units(ctx: Context) -> Iterator[Finding]:
    """
    The scenario has no units.

    ## What it checks
    That `units:` lists at least one unit.

    ## Why
    A force of nobody cannot be generated, counted against the mandate or simulated. The 2007
    Agreement sets the composition and strength of the CPF for each operation.

    ## Example
    ```yaml
    units: []
    ```

    ## Fix
    List the combined command and the contingents' units under `units:`.
    """
    if not ctx.scenario.units:
        yield Finding(
            ("units",),
            tr("the scenario has no units: there is no force to generate"),
            tr(
                "add `units:` with the combined command and the contingents, e.g. "
                "`- {id: cc, type: headquarters, nation: KAZ}`"
            ),
            at="key",
        )


@rule("PKF307", "self-parent")
def self_parent(ctx: Context) -> Iterator[Finding]:
    """
    A unit is its own parent.

    ## What it checks
    That no unit's `parent:` is its own `id`.

    ## Why
    A unit cannot command itself; it is cut off from the chain of command under the combined
    command (2007 Agreement) and missing from the tree.

    ## Example
    ```yaml
    - {id: kaz-bn, parent: kaz-bn, ...}
    ```

    ## Fix
    Write the id of the unit that commands it, or remove `parent:` from the combined command.
    """
    if not any(map(operator.eq, ctx.unit_values("id"), ctx.unit_values("parent"))):
        return  # no unit is its own parent (the usual scenario)
    for i, u in enumerate(ctx.scenario.units):
        if u.parent is not None and u.parent == u.id:
            yield Finding(
                ("units", i, "parent"),
                tr("unit `%(id)s` is its own parent: a unit cannot command itself", id=u.id),
                tr("write the id of the unit that commands it (remove `parent:` if it is the combined command)"),
            )
