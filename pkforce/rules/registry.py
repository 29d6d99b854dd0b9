"""The rule registry, the Finding a rule yields and the Context it reads.

A rule is a function that takes a :class:`Context` and yields :class:`Finding` objects. Its
decorator gives it a stable code (``PKF203``), a kebab-case name and a default severity; its
docstring is its documentation page, with the headings *What it checks*, *Why*, *Example* and
*Fix* (``pkforce explain PKF203`` prints it). Rules never print and never raise at the user.
"""

from __future__ import annotations

import inspect
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from operator import attrgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from .._messages import tr
from ..diagnostics import Severity
from ..scenario.hints import did_you_mean

if TYPE_CHECKING:
    from ..force import Force
    from ..scenario.model import Organization, Scenario
    from ..scenario.timeline import StepGraph

__all__ = ["RULES", "Context", "Finding", "Option", "Rule", "define", "did_you_mean", "rule", "state_hint"]

Path = tuple[str | int, ...]


class Finding(NamedTuple):
    """What a rule found: a path into the document, a message and a fix.

    `at` chooses what the path points at: ``"value"`` (default), ``"key"`` (the key of a mapping
    entry, e.g. an unknown field) or ``"entry"`` (``key: value`` on one line, e.g. a vote).

    (A named tuple: as immutable as a frozen dataclass, and made in a third of the time; a file
    with 100,000 mistakes makes 100,000 findings.)
    """

    path: Path
    message: str
    fix: str | None = None
    at: str = "value"
    severity: Severity | None = None
    """overrides the rule's default severity for this one finding (rarely needed)"""


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Option:
    """A setting of one rule, given in ``[options.CODE]`` of pkforce.toml: its type, default and,
    for whole numbers, the range the configuration accepts."""

    name: str
    kind: type[bool] | type[int]
    default: bool | int
    low: int = 0
    high: int = 1


@dataclass(frozen=True)
class Rule:
    """A registered rule (or a check built into the loader or the schema, with `check` None)."""

    code: str
    name: str
    severity: Severity
    family: str
    doc: str
    check: Check | None = None
    options: tuple[Option, ...] = ()

    @property
    def summary(self) -> str:
        """The first sentence of the rule's documentation."""
        first = self.doc.strip().split("\n\n", 1)[0]
        return " ".join(first.split())


RULES: dict[str, Rule] = {}


def _register(r: Rule) -> None:
    if r.code in RULES and RULES[r.code].name != r.name:
        raise ValueError(f"rule code {r.code} used twice ({RULES[r.code].name}, {r.name})")
    RULES[r.code] = r


def rule(
    code: str, name: str, severity: Severity = Severity.ERROR, options: tuple[Option, ...] = ()
) -> Callable[[Check], Check]:
    """Register a rule function under `code` and `name`, with the `options` it reads."""

    def decorate(func: Check) -> Check:
        family = func.__module__.rsplit(".", 1)[-1]
        _register(Rule(code, name, severity, family, inspect.cleandoc(func.__doc__ or ""), func, options))
        return func

    return decorate


def define(code: str, name: str, doc: str, severity: Severity = Severity.ERROR, family: str = "file") -> None:
    """Document a code that the loader or the schema check emits (they have no check function)."""
    _register(Rule(code, name, severity, family, inspect.cleandoc(doc)))


_NAME_INDEXES: dict[int, tuple[dict[str, str], int, list[tuple[str, str]]]] = {}


def _name_index(names: dict[str, str]) -> list[tuple[str, str]]:
    """(lower-case name, code) sorted, made once per names dict (100,000 unknown codes looked their
    names up one by one in 250 names lower-cased each time: 4.5 s)."""
    hit = _NAME_INDEXES.get(id(names))
    if hit is not None and hit[0] is names and hit[1] == len(names):
        return hit[2]
    if len(_NAME_INDEXES) > 16:
        _NAME_INDEXES.clear()
    index = sorted((name.lower(), code) for code, name in names.items())
    _NAME_INDEXES[id(names)] = (names, len(names), index)
    return index


def state_hint(value: str, preferred: Iterable[str], names: dict[str, str]) -> str:
    """A did-you-mean for a state code: the nearest preferred code (members, say), the nearest known
    code, or the code of a state whose name was written instead (`Kazakhstan` -> `KAZ`)."""
    hint = did_you_mean(value, preferred) or did_you_mean(value, names)
    if hint or not isinstance(value, str) or len(value) < 3:
        return hint
    return _by_name(value, names)  # a look-up in an index made once: nothing to remember


def _by_name(value: str, names: dict[str, str]) -> str:
    wanted = value.strip().lower()
    index = _name_index(names)
    i = bisect_left(index, (wanted, ""))
    after = index[i : i + 2]  # names sort next to each other from the one equal to or starting with `wanted`
    by_name = [code for name, code in after if name == wanted]
    by_name = by_name or [code for name, code in after if name.startswith(wanted)]
    if len(by_name) == 1:
        return tr(" (did you mean `%(code)s`, %(name)s?)", code=by_name[0], name=names[by_name[0]])
    return ""


@dataclass
class Context:
    """Everything a rule may read about one scenario. Derived views are computed once, on demand."""

    scenario: Scenario
    options: dict[str, dict[str, object]] = field(default_factory=dict)
    """the configuration's rule options: code -> option name -> value"""
    rule: Rule | None = None
    """the rule being run (set by :func:`run`): whose options :meth:`option` reads"""
    memo: dict[object, object] = field(default_factory=dict, repr=False, compare=False)
    """Views a rule module derives once per scenario for its rules (``unit_entries``)."""

    @cached_property
    def force(self) -> Force:
        from ..force import Force

        return Force.from_scenario(self.scenario)

    @cached_property
    def org(self) -> Organization | None:
        """The organisation: the inline mapping, or the built-in profile it names (None if unknown)."""
        from ..data import organization_of

        return organization_of(self.scenario)

    @cached_property
    def steps(self) -> StepGraph:
        from ..scenario.timeline import step_graph

        return step_graph(self.scenario, self.org)

    @cached_property
    def on(self) -> datetime:
        """The scenario's reference date, for membership and treaties: the deciding session of the
        Council (else its last session), else the scenario's start."""
        sessions = self.steps.sessions
        i = self.steps.deciding if self.steps.deciding is not None else (sessions[-1] if sessions else None)
        day = self.days[i] if i is not None else None
        return self.scenario.start_instant if day is None else self.scenario.date_of(day)

    def on_step(self, i: int) -> datetime:
        """The instant of procedure step i (its most likely one), else the reference date."""
        day = self.days[i]
        return self.on if day is None else self.scenario.date_of(day)

    @cached_property
    def days(self) -> list[float | None]:
        """Each procedure step's day with random durations at their mode (None where unknown)."""
        return self.steps.fixed_days(self.scenario)

    @cached_property
    def known_states(self) -> set[str]:
        return set(self.state_names)

    @cached_property
    def state_names(self) -> dict[str, str]:
        """Every known state code (ISO 3166-1 and the scenario's `states:`) -> its name."""
        from ..data import iso_codes

        return {**iso_codes(), **self.scenario.states}

    def unit_values(self, field: str) -> list[Any]:
        """Each unit's `field` as written, for `units:` in list order; made once per scenario, in C.
        A rule can test these as a set (any unknown parent at all?) before it walks 100,000 units."""
        found = self.memo.get(("unit_values", field))
        if not isinstance(found, list):
            found = self.memo[("unit_values", field)] = list(map(attrgetter(field), self.scenario.units))
        return found

    def steps_of(self, kind: str) -> list[int]:
        """Indices of the procedure steps of one kind, in list order."""
        return [i for i, s in enumerate(self.scenario.procedure) if s.step == kind]

    def first_step(self, kind: str) -> int | None:
        found = self.steps_of(kind)
        return found[0] if found else None

    def option(self, name: str) -> object:
        """The value of the running rule's option `name`: the configuration's, else its default."""
        assert self.rule is not None, "option() is read by a rule, while run() runs it"
        declared = next((o for o in self.rule.options if o.name == name), None)
        if declared is None:
            raise KeyError(f"{self.rule.code} declares no option {name!r}")
        return self.options.get(self.rule.code, {}).get(name, declared.default)


def run(ctx: Context, codes: Iterable[str]) -> Iterator[tuple[Rule, Finding]]:
    """Run the rules with the given codes, in code order."""
    for code in sorted(codes):
        r = RULES[code]
        if r.check is None:
            continue
        ctx.rule = r
        for finding in r.check(ctx):
            yield r, finding
        ctx.rule = None
