"""Composition rules (PKF2xx): what the force is made of, after the 2007 Agreement.

The Agreement on Peacekeeping Activities (2007) forms the Collective Peacekeeping Forces from
military, police and civilian personnel, as a combined command, combat units, police units, a group
of military observers, combat, technical and rear support units, and other bodies. These rules give
the plain strings of the scenario (categories, echelons, types, nations, capabilities) that meaning.

Units added by a `reinforce` inject are checked like the units of the list, at their place in
`injects:`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import NamedTuple

from ..data import catalogue
from ..diagnostics import Severity
from ..force import ResolvedUnit
from ..i18n.messages import Joined, Message, num, tr
from ..scenario.model import Personnel, Unit
from ..scenario.vocab import CATEGORIES, ECHELONS, MULTINATIONAL
from .registry import Context, Finding, Option, Path, did_you_mean, rule, state_hint

__all__ = ["UnitEntry", "capability_hint", "category_noun", "unit_entries"]

# Words planners write for a category or an echelon; difflib would not find these.
_CATEGORY_WORDS = {
    "hq": "command",
    "headquarters": "command",
    "staff": "command",
    "infantry": "combat",
    "observer": "observers",
    "military_observers": "observers",
    "logistics": "rear_support",
    "logistic": "rear_support",
    "medical": "rear_support",
    "transport": "rear_support",
    "engineer": "combat_support",
    "engineers": "combat_support",
    "signals": "combat_support",
    "maintenance": "technical_support",
    "civil": "civilian",
    "civilians": "civilian",
}
_ECHELON_WORDS = {
    "bn": "battalion",
    "btn": "battalion",
    "coy": "company",
    "co": "company",
    "bde": "brigade",
    "pl": "platoon",
    "plt": "platoon",
    "div": "division",
    "regt": "regiment",
    "rgt": "regiment",
    "sect": "section",
    "sqd": "squad",
    "tm": "team",
}

# Personnel kind a category is formed from (2007 Agreement: police units, a group of *military*
# observers, civilian personnel). Categories not listed take any kind.
_REQUIRED_KIND = {"police": "police", "civilian": "civilian", "observers": "military"}
_NOUNS = {
    "observers": "observer",
    "combat_support": "combat support",
    "technical_support": "technical support",
    "rear_support": "rear support",
}


def category_noun(category: str) -> str:
    """`rear_support` -> "rear support", `observers` -> "observer" (as in "an observer unit")."""
    return _NOUNS.get(category, category.replace("_", " "))


_A_UNIT = {
    "command": tr("a command unit"),
    "combat": tr("a combat unit"),
    "police": tr("a police unit"),
    "observers": tr("an observer unit"),
    "combat_support": tr("a combat support unit"),
    "technical_support": tr("a technical support unit"),
    "rear_support": tr("a rear support unit"),
    "civilian": tr("a civilian unit"),
    "other": tr("a unit of category `other`"),
}
"""Each category as "a ... unit", translated whole (Russian has no article and its own word order)"""


def _a_unit(category: str) -> str:
    return _A_UNIT.get(category) or tr("a unit of category `%(category)s`", category=category)


def _suggest(word: str, choices: tuple[str, ...], words: dict[str, str]) -> str:
    hint = did_you_mean(word, choices)
    if not hint and isinstance(word, str):
        key = word.strip().lower().replace(" ", "_").replace("-", "_")
        if key in words:
            hint = tr(" (did you mean `%(name)s`?)", name=words[key])
        elif key in choices:
            hint = tr(" (did you mean `%(name)s`?)", name=key)
    return hint


def capability_hint(word: str) -> str:
    """Did-you-mean for a capability: the nearest name, or the names that contain the word
    (`medical` -> the three medical roles)."""
    caps = catalogue().capabilities
    hint = did_you_mean(word, caps)
    if hint or not isinstance(word, str) or len(word) < 3:
        return hint
    key = word.lower().replace(" ", "_").replace("-", "_")
    near = [c for c in caps if key in c][:3]
    if not near:
        return ""
    if len(near) == 1:
        return tr(" (did you mean `%(name)s`?)", name=near[0])
    names, last = ", ".join(f"`{c}`" for c in near[:-1]), f"`{near[-1]}`"
    return tr(" (did you mean %(names)s or %(last)s?)", names=names, last=last)


class UnitEntry(NamedTuple):
    """A unit as written (`unit`), with its type's defaults applied (`resolved`) and its place.
    (A named tuple: made for every unit, three times faster than a frozen dataclass.)"""

    path: Path
    """("units", 3) for the list, ("injects", 2, "unit") for a reinforcement"""
    unit: Unit
    resolved: ResolvedUnit

    def label(self) -> Message:
        """`unit `x`` or `reinforcement `x``: the subject of a message (made only for a finding: the
        checks pass this method, not its result, since most units have nothing to report)"""
        if self.path[0] == "units":
            return tr("unit `%(id)s`", id=self.unit.id)
        return tr("reinforcement `%(id)s`", id=self.unit.id)


def unit_entries(ctx: Context, *, reinforcements: bool = True) -> list[UnitEntry]:
    """The scenario's units in list order, then the units of `reinforce` injects (built once per
    scenario: a dozen rules read them, and on 100,000 units building them took more than the rules)."""
    found = ctx.memo.get(("unit_entries", reinforcements))
    if isinstance(found, list):
        return found
    force = ctx.force
    pairs = zip(ctx.scenario.units, force.units, strict=True)
    out = [UnitEntry(("units", i), u, resolved) for i, (u, resolved) in enumerate(pairs)]
    ctx.memo[("unit_entries", False)] = out
    with_reinforcements = [
        *out,
        *(
            UnitEntry(("injects", k, "unit"), inj.unit, force.resolve(inj.unit))
            for k, inj in enumerate(ctx.scenario.injects)
            if inj.action == "reinforce" and isinstance(inj.unit, Unit)
        ),
    ]
    ctx.memo[("unit_entries", True)] = with_reinforcements  # the same entries, then the reinforcements
    return with_reinforcements if reinforcements else out


def _category_path(e: UnitEntry) -> Path:
    """Where a unit's category comes from: its own `category`, else its `type`."""
    if e.unit.category is not None:
        return (*e.path, "category")
    return (*e.path, "type") if e.unit.type is not None else e.path


def _personnel_path(e: UnitEntry, kind: str | None = None) -> Path:
    """Where a unit's personnel come from: its own `personnel` (or one kind of it), else its `type`."""
    p = e.unit.personnel
    if p is not None:
        return (*e.path, "personnel", kind) if kind and kind in p.model_fields_set else (*e.path, "personnel")
    return (*e.path, "type") if e.unit.type is not None else e.path


def _type_known(ctx: Context, e: UnitEntry) -> bool:
    return e.unit.type is None or e.unit.type in ctx.force.types


# --- the combined command -----------------------------------------------------------------------


@rule("PKF201", "combined-command-missing")
def combined_command_missing(ctx: Context) -> Iterator[Finding]:
    """
    The top of the command tree is not a combined command.

    ## What it checks
    That the unit without a `parent` (the root of the command tree) has the category `command`
    (its own `category:` or its `type`'s), and that the force has a command unit at all. When
    several units have no parent, the first of category `command` is taken as the top; PKF304
    reports the others.

    Not checked in a `un_operation`: there the contingents serve under the UN force commander, so a
    national contingent's headquarters (or its largest unit) may head the tree.

    ## Why
    The 2007 Agreement on Peacekeeping Activities forms the Collective Peacekeeping Forces with a
    **combined command** over the combat, police, observer and support units. One combined command
    sits at the top; national contingents serve under it.

    ## Example
    ```yaml
    units:
      - id: kaz-bn
        type: infantry_battalion      # the battalion is the top of the tree
        nation: KAZ
      - id: kgz-coy
        type: infantry_company
        nation: KGZ
        parent: kaz-bn
    ```

    ## Fix
    Add a combined command and put the other units under it:
    `- {id: cc, type: headquarters, nation: KAZ}` and `parent: cc` on the battalion.
    """
    from .structure import main_root

    entries = unit_entries(ctx, reinforcements=False)
    if not entries or ctx.scenario.operation.kind == "un_operation":
        return  # PKF306; in a UN operation the contingents serve under the UN force commander
    root = main_root(ctx)
    if root is None:
        if not any(e.resolved.category == "command" for e in entries):
            yield Finding(
                ("units",),
                tr("the force has no combined command: no unit has the category `command`"),
                tr(
                    "add a unit with `type: headquarters` (or `category: command`) and make it the "
                    "parent of the force's top units"
                ),
                at="key",
            )
        return
    e = entries[root]
    category = e.resolved.category
    if category is None or category not in CATEGORIES or category == "command":
        return  # missing or unknown categories are PKF205 / PKF202 / PKF204
    uid = e.unit.id
    yield Finding(
        _category_path(e),
        tr(
            "the top of the command tree, `%(id)s`, is %(a_unit)s, not a combined command: the CPF's "
            "units serve under one combined command (2007 Agreement)",
            id=uid,
            a_unit=_a_unit(category),
        ),
        tr(
            "add a unit with `type: headquarters` (or `category: command`), e.g. "
            "`- {id: cc, type: headquarters, nation: %(nation)s}`, and give `%(id)s` `parent: cc`",
            nation=e.unit.nation,
            id=uid,
        ),
    )


# --- names ---------------------------------------------------------------------------------------


@rule("PKF202", "unknown-category")
def unknown_category(ctx: Context) -> Iterator[Finding]:
    """
    A unit's category is not one of the CPF's components.

    ## What it checks
    Each unit's `category:` against the list: `command`, `combat`, `police`, `observers`,
    `combat_support`, `technical_support`, `rear_support`, `civilian`, `other`. (Categories inside
    `unit_types:` are checked by PKF210.)

    ## Why
    The categories follow the composition of the Collective Peacekeeping Forces in the 2007
    Agreement: a combined command, combat units, police units, a group of military observers,
    combat, technical and rear (logistic) support units, and other bodies. Requirements, totals
    and charts count units by category; an unknown one is counted nowhere.

    ## Example
    ```yaml
    - id: tjk-log
      category: logistics
    ```

    ## Fix
    Use a listed category: logistics, supply, transport and medical units are `rear_support`.
    """
    for e in unit_entries(ctx):
        if e.unit.category is not None:  # most units take theirs from their type
            yield from _bad_word(e.path, e.label, "category", e.unit.category)


@rule("PKF203", "unknown-echelon")
def unknown_echelon(ctx: Context) -> Iterator[Finding]:
    """
    A unit's echelon is not a known size mark.

    ## What it checks
    Each unit's `echelon:` against `team`, `squad`, `section`, `platoon`, `company`, `battalion`,
    `regiment`, `brigade`, `division`. (Echelons inside `unit_types:` are checked by PKF210.)

    ## Why
    The echelon is the size mark of the APP-6 / MIL-STD-2525 unit symbol that staff officers read,
    and pkforce compares echelons along the chain of command (PKF305). Abbreviations such as `bn`
    or `coy` are not read.

    ## Example
    ```yaml
    - id: kgz-coy
      echelon: coy
    ```

    ## Fix
    Write the echelon in full: `echelon: company`.
    """
    for e in unit_entries(ctx):
        if e.unit.echelon is not None:  # most units take theirs from their type
            yield from _bad_word(e.path, e.label, "echelon", e.unit.echelon)


@rule("PKF204", "unknown-unit-type")
def unknown_unit_type(ctx: Context) -> Iterator[Finding]:
    """
    A unit names a `type` that is in neither the catalogue nor the scenario's `unit_types`.

    ## What it checks
    Each unit's `type:` against the built-in unit catalogue and the scenario's `unit_types:`.

    ## Why
    A type gives the unit its category, echelon, personnel and capabilities. With an unknown type
    the unit has no personnel and counts towards no requirement.

    ## Example
    ```yaml
    - id: kaz-bn
      type: infantry_batallion
    ```

    ## Fix
    Correct the name (docs/data.md lists the catalogue), or define the type under `unit_types:`.
    """
    types = ctx.force.types
    for e in unit_entries(ctx):
        t = e.unit.type
        if t is not None and t not in types:
            yield Finding(
                (*e.path, "type"),
                tr(
                    "%(label)s has the type `%(type)s`, which is neither in the unit catalogue nor under "
                    "`unit_types:`%(hint)s",
                    label=e.label(),
                    type=t,
                    hint=did_you_mean(t, types),
                ),
                tr(
                    "use a catalogue type such as `infantry_battalion`, or define `%(type)s` under `unit_types:` "
                    "with its category, echelon and personnel",
                    type=t,
                ),
            )


@rule("PKF205", "category-missing")
def category_missing(ctx: Context) -> Iterator[Finding]:
    """
    A unit has no category: neither its own `category:` nor a `type` that gives one.

    ## What it checks
    That every unit has a category, written on the unit or taken from its catalogue `type`.

    ## Why
    The 2007 Agreement forms the Collective Peacekeeping Forces from distinct components (combined
    command, combat, police, observers, support, other bodies). Without a category a unit cannot be
    counted against the mandate's requirements, and its symbol cannot be drawn.

    ## Example
    ```yaml
    - id: tjk-log
      nation: TJK
      personnel: {military: 120}
    ```

    ## Fix
    Add `category: rear_support` (or the fitting category), or a catalogue `type:`.
    """
    types = ctx.force.types
    for e in unit_entries(ctx):
        t = e.unit.type
        if e.unit.category is not None or (t is not None and t not in types):
            continue  # an unknown type is PKF204's
        if t is None:
            yield Finding(
                e.path,
                tr("%(label)s has no category and no `type` to give one", label=e.label()),
                tr("add `category:` (e.g. `category: combat`) or a catalogue `type:` (e.g. `type: infantry_company`)"),
            )
        elif types[t].category is None:
            yield Finding(
                (*e.path, "type"),
                tr("%(label)s has no category: its type `%(type)s` does not give one", label=e.label(), type=t),
                tr("add `category:` to the unit, or to `%(type)s` under `unit_types:`", type=t),
            )


# --- personnel -----------------------------------------------------------------------------------


def _kinds(u: ResolvedUnit) -> Joined | Message:
    """ "military 120, police 4" (or "none"), each kind translated"""
    counts = (
        (u.military, lambda n: tr("military %(n)s", n=n)),
        (u.police, lambda n: tr("police %(n)s", n=n)),
        (u.civilian, lambda n: tr("civilian %(n)s", n=n)),
    )
    parts = Joined(say(num(n)) for n, say in counts if n)
    return parts if parts else tr("none")


@rule("PKF206", "personnel-mismatch")
def personnel_mismatch(ctx: Context) -> Iterator[Finding]:
    """
    A unit's personnel are not of the kind its category is formed from.

    ## What it checks
    - a police unit without police personnel, or a civilian unit without civilian personnel (error);
    - a group of observers with neither military personnel (military observers) nor police
      personnel (individual police monitors) (warning);
    - police or civilian personnel in a combat unit (warning).

    A combined command may mix all three kinds; support and other units are not checked.

    ## Why
    The 2007 Agreement forms the Collective Peacekeeping Forces from military, police and
    civilian personnel: police units from police, the group of *military* observers from the
    military, combat units from soldiers. A mismatch usually means a wrong `category` or a
    personnel count under the wrong key.

    ## Example
    ```yaml
    - id: rus-fpu
      category: police
      personnel: {military: 140}
    ```

    ## Fix
    Put the count under the right kind (`personnel: {police: 140}`) or correct the category.
    """
    for e in unit_entries(ctx):
        u, cat = e.resolved, e.resolved.category
        if cat is None:
            continue
        need = _REQUIRED_KIND.get(cat)
        mixed = cat == "combat" and (u.police > 0 or u.civilian > 0)
        if (need is None and not mixed) or not _type_known(ctx, e):
            continue  # nothing to compare (most units), or no type to take the personnel from
        police_observers = cat == "observers" and u.police > 0  # individual police monitors observe too
        if need is not None and getattr(u, need) <= 0 and not police_observers:
            has = {"label": e.label(), "a_unit": _a_unit(cat), "kinds": _kinds(u)}
            if cat == "police":
                said = tr(
                    "%(label)s is %(a_unit)s but has no police personnel (it has: %(kinds)s): "
                    "police units are formed from police personnel",
                    **has,
                )
            elif cat == "civilian":
                said = tr(
                    "%(label)s is %(a_unit)s but has no civilian personnel (it has: %(kinds)s): "
                    "civilian units are formed from civilian personnel",
                    **has,
                )
            else:
                said = tr(
                    "%(label)s is %(a_unit)s but has no military personnel (it has: %(kinds)s): "
                    "observers are military observers or police monitors",
                    **has,
                )
            example = f"`personnel: {{{need}: {max(u.personnel, 1)}}}`"
            yield Finding(
                _personnel_path(e),
                said,
                tr(
                    "write the count under `military:` (military observers) or `police:` (police monitors) "
                    "(e.g. %(example)s), or correct the unit's `category:`",
                    example=example,
                )
                if cat == "observers"
                else tr(
                    "write the count under `%(kind)s:` (e.g. %(example)s), or correct the unit's `category:`",
                    kind=need,
                    example=example,
                ),
                severity=Severity.WARNING if cat == "observers" else None,
            )
        if mixed:
            for kind in ("police", "civilian"):
                n = getattr(u, kind)
                if n > 0:
                    yield Finding(
                        _personnel_path(e, kind),
                        tr(
                            "%(label)s is a combat unit with %(n)s police personnel: combat units are formed "
                            "from military personnel; police personnel belong in police units or the combined command",
                            label=e.label(),
                            n=num(n),
                        )
                        if kind == "police"
                        else tr(
                            "%(label)s is a combat unit with %(n)s civilian personnel: combat units are formed "
                            "from military personnel; civilian personnel belong in civilian units or the combined "
                            "command",
                            label=e.label(),
                            n=num(n),
                        ),
                        tr(
                            "move the police personnel to a unit of category `police` or `command`, or correct "
                            "the counts"
                        )
                        if kind == "police"
                        else tr(
                            "move the civilian personnel to a unit of category `civilian` or `command`, or correct "
                            "the counts"
                        ),
                        severity=Severity.WARNING,
                    )


@rule("PKF207", "personnel-invalid", options=(Option("max_unit_personnel", int, 100_000, 1, 10**9),))
def personnel_invalid(ctx: Context) -> Iterator[Finding]:
    """
    Negative or implausible personnel or equipment counts, or a unit with nobody in it.

    ## What it checks
    - personnel and equipment counts below zero, on units and under `unit_types:` (error);
    - a unit with more personnel than the option `max_unit_personnel` (default 100,000) (error);
    - a unit with no personnel at all, from its own fields or its type (warning). Police, civilian
      and observer units without their kind of personnel are reported by PKF206 instead.

    ## Why
    Counts feed the totals, the requirements and the simulation. The whole CPF numbered about
    3,600 to 4,000 personnel (2011-2024); a single unit of more than 100,000 is a typing slip
    (an extra zero, a year in the wrong field). A unit of nobody adds nothing to the force.

    ## Example
    ```yaml
    - id: kaz-bn
      personnel: {military: 8500000}
    ```

    ## Fix
    Correct the count. Raise the limit for a legitimate very large unit with
    `[tool.pkforce.options.PKF207] max_unit_personnel = 250000`.
    """
    limit = ctx.option("max_unit_personnel")  # a whole number in range: the configuration checks it
    assert isinstance(limit, int)
    for name, entry in ctx.scenario.unit_types.items():
        label = partial(_type_label, name)
        yield from _negative(("unit_types", name), label, entry.personnel, entry.equipment)
        yield from _too_many(("unit_types", name), label, entry.personnel, limit)
    for e in unit_entries(ctx):
        p = e.unit.personnel
        if p is not None or e.unit.equipment:  # most units take their counts from their type
            yield from _negative(e.path, e.label, p, e.unit.equipment)
            yield from _too_many(e.path, e.label, p, limit)
        u = e.resolved
        if (
            u.personnel == 0
            and _type_known(ctx, e)
            and _REQUIRED_KIND.get(u.category or "") is None
            and (p is None or all(getattr(p, k) >= 0 for k in ("military", "police", "civilian")))
        ):
            yield Finding(
                (*e.path, "personnel") if p is not None else _personnel_path(e),
                tr("%(label)s has no personnel, so it adds nothing to the force's strength", label=e.label()),
                tr("give it `personnel:` (e.g. `personnel: {military: 120}`) or a catalogue `type:` that has them"),
                severity=Severity.WARNING,
            )


def _type_label(name: str) -> Message:
    return tr("unit type `%(name)s`", name=name)


Label = Callable[[], Message]
"""makes the subject of a message ("unit `x`"), called only when there is a finding"""


def _too_many(path: Path, label: Label, personnel: Personnel | None, limit: int) -> Iterator[Finding]:
    if personnel is not None and personnel.total > limit:
        yield Finding(
            (*path, "personnel"),
            tr(
                "%(label)s has %(n)s personnel, more than %(limit)s in one unit: the whole CPF numbered about %(cpf)s",
                label=label(),
                n=num(personnel.total),
                limit=num(limit),
                cpf=num(4000),
            ),
            tr(
                "check the count for a typing slip; for a real unit this large, raise the option "
                "`max_unit_personnel` of PKF207"
            ),
        )


_NEGATIVE = {
    "military": lambda label, n: (
        tr("%(label)s has %(n)s military personnel: a count cannot be below zero", label=label, n=n),
        tr("write the number of military personnel, 0 or more"),
    ),
    "police": lambda label, n: (
        tr("%(label)s has %(n)s police personnel: a count cannot be below zero", label=label, n=n),
        tr("write the number of police personnel, 0 or more"),
    ),
    "civilian": lambda label, n: (
        tr("%(label)s has %(n)s civilian personnel: a count cannot be below zero", label=label, n=n),
        tr("write the number of civilian personnel, 0 or more"),
    ),
}
"""Each kind's message and fix for a count below zero (the kind is a word of the sentence)"""


def _negative(
    path: Path, label: Label, personnel: Personnel | None, equipment: dict[str, int] | None
) -> Iterator[Finding]:
    for kind in ("military", "police", "civilian"):
        n = getattr(personnel, kind) if personnel is not None else 0
        if n < 0:
            yield Finding((*path, "personnel", kind), *_NEGATIVE[kind](label(), num(n)))
    for item, n in (equipment or {}).items():
        if n < 0:
            yield Finding(
                (*path, "equipment", item),
                tr(
                    "%(label)s has %(n)s of `%(item)s`: a count cannot be below zero",
                    label=label(),
                    n=num(n),
                    item=item,
                ),
                tr("write the number of `%(item)s`, 0 or more", item=item),
            )


# --- nations and capabilities ---------------------------------------------------------------------


@rule("PKF208", "unknown-nation")
def unknown_nation(ctx: Context) -> Iterator[Finding]:
    """
    A unit's nation is not a member of the organisation (nor `multinational`).

    ## What it checks
    Each unit's `nation:` against the organisation's members on the scenario's date (the deciding
    session of the Council, else the start), and that it is a state code at all
    (ISO 3166-1 alpha-3, or declared under `states:`). `multinational` marks a unit formed from
    several contingents.

    ## Why
    The Collective Peacekeeping Forces are formed from the contingents of the member states (2007
    Agreement; the 2021 Protocol keeps this for UN operations, where other members' contingents join
    through the coordinating state). A non-member's unit cannot be part of the CPF, and an unknown
    code is usually a typing slip.

    ## Example
    ```yaml
    - id: kaz-bn
      nation: KAZZ
    ```

    ## Fix
    Write the member's ISO 3166-1 alpha-3 code in capitals (`KAZ`), or `multinational`.
    """
    org = ctx.org
    members = org.members_on(ctx.on) if org is not None else []  # members on the scenario's date
    listed = ", ".join(members)
    unknown_fix = (  # the same for every unit: made once (a file may hold thousands of bad codes)
        tr(
            "write the contributor's ISO 3166-1 alpha-3 code in capitals (%(members)s), or `multinational`",
            members=listed,
        )
        if members
        else tr("write the contributor's ISO 3166-1 alpha-3 code in capitals, or `multinational`")
    )
    other_fix = tr("assign the unit to a member (%(members)s) or to `multinational`, or remove it", members=listed)
    preferred = [*members, MULTINATIONAL]
    known, names = ctx.known_states, ctx.state_names
    hints: dict[str, str] = {}  # each unknown code's did-you-mean, looked up once (not per unit)
    for e in unit_entries(ctx):
        nation = e.unit.nation
        if nation == MULTINATIONAL or nation in members:
            continue
        if nation not in known:
            hint = hints.get(nation)
            if hint is None:
                hint = hints[nation] = state_hint(nation, preferred, names)
            yield Finding(
                (*e.path, "nation"),
                tr(
                    "%(label)s has the nation `%(nation)s`, which is not a known state code%(hint)s",
                    label=e.label(),
                    nation=nation,
                    hint=hint,
                ),
                unknown_fix,
            )
        elif org is not None:
            name = ctx.scenario.states.get(nation) or _iso_name(nation)
            said = {
                "label": e.label(),
                "nation": f"`{nation}`" + (f" ({name})" if name else ""),
                "org": tr("CSTO") if org.id == "CSTO" else org.id,  # the built-in profile's name, in Russian ОДКБ
            }
            yield Finding(
                (*e.path, "nation"),
                tr(
                    "%(label)s comes from %(nation)s, which is not a member of the %(org)s on %(on)s: the CPF is "
                    "formed from the member states' contingents",
                    on=ctx.on.date().isoformat(),
                    **said,
                )
                if org.was_ever_member(nation)
                else tr(
                    "%(label)s comes from %(nation)s, which is not a member of the %(org)s: the CPF is formed from "
                    "the member states' contingents",
                    **said,
                ),
                other_fix,
            )


def _iso_name(code: str) -> str | None:
    from ..data import iso_codes

    return iso_codes().get(code)


@rule("PKF209", "unknown-capability")
def unknown_capability(ctx: Context) -> Iterator[Finding]:
    """
    A unit declares a capability that the catalogue does not know.

    ## What it checks
    Each name in a unit's `capabilities:` against the catalogue's capabilities (docs/data.md
    lists them). Capabilities under `unit_types:` are checked by PKF210.

    ## Why
    Requirements such as `{capability: medical_role_2, units: 1}` count units by capability; a
    misspelt capability is counted nowhere and the gap report would be wrong.

    ## Example
    ```yaml
    capabilities: [transport, suply]
    ```

    ## Fix
    Use the catalogue's name (`supply`).
    """
    for e in unit_entries(ctx):
        if e.unit.capabilities:  # most units take theirs from their type
            yield from _bad_capabilities(e.path, e.label, e.unit.capabilities)


@rule("PKF210", "unit-type-invalid")
def unit_type_invalid(ctx: Context) -> Iterator[Finding]:
    """
    A `unit_types:` entry has an unknown category, echelon or capability.

    ## What it checks
    The `category`, `echelon` and `capabilities` of each entry under the scenario's `unit_types:`,
    against the same lists as PKF202, PKF203 and PKF209.

    ## Why
    Every unit of that type takes these values: one slip in a type spoils all its units. The
    categories follow the CPF's composition in the 2007 Agreement.

    ## Example
    ```yaml
    unit_types:
      mech_company: {category: mechanised, echelon: company, personnel: {military: 120}}
    ```

    ## Fix
    Use a listed category (`combat`), echelon and catalogue capability.
    """
    for name, t in ctx.scenario.unit_types.items():
        where, label = ("unit_types", name), partial(_type_label, name)
        yield from _bad_word(where, label, "category", t.category)
        yield from _bad_word(where, label, "echelon", t.echelon)
        yield from _bad_capabilities(where, label, t.capabilities)


# The same checks for units (PKF202, PKF203, PKF209) and for `unit_types:` entries (PKF210).


def _bad_word(where: Path, label: Label, field: str, value: str | None) -> Iterator[Finding]:
    choices, words = (CATEGORIES, _CATEGORY_WORDS) if field == "category" else (ECHELONS, _ECHELON_WORDS)
    if value is None or value in choices:
        return
    said = {"label": label(), "value": value, "hint": _suggest(value, choices, words)}
    listed = ", ".join(choices)
    if field == "category":
        yield Finding(
            (*where, field),
            tr("%(label)s has the category `%(value)s`, which is not a CPF component%(hint)s", **said),
            tr("write one of: %(choices)s", choices=listed),
        )
    else:
        yield Finding(
            (*where, field),
            tr("%(label)s has the echelon `%(value)s`, which is not a unit size mark%(hint)s", **said),
            tr("write one of, smallest to largest: %(choices)s", choices=listed),
        )


def _bad_capabilities(where: Path, label: Label, capabilities: list[str] | None) -> Iterator[Finding]:
    caps = catalogue().capabilities
    for j, cap in enumerate(capabilities or ()):
        if cap not in caps:
            yield Finding(
                (*where, "capabilities", j),
                tr(
                    "%(label)s declares the capability `%(cap)s`, which is not in the catalogue%(hint)s",
                    label=label(),
                    cap=cap,
                    hint=capability_hint(cap),
                ),
                tr("use a catalogue capability (docs/data.md lists them)"),
            )
