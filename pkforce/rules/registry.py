"""The rule registry, the Finding a rule yields and the Context it reads.

A rule is a function that takes a :class:`Context` and yields :class:`Finding` objects. Its
decorator gives it a stable code (``PKF203``), a kebab-case name and a default severity; its
docstring is its documentation page, with the headings *What it checks*, *Why*, *Example* and
*Fix* (``pkforce explain PKF203`` prints it). Rules never print and never raise at the user.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from ..diagnostics import Severity

if TYPE_CHECKING:
    from ..force import Force
    from ..scenario.model import Organization, Scenario
    from ..scenario.timeline import StepGraph

__all__ = ["RULES", "Context", "Finding", "Rule", "define", "did_you_mean", "rule", "state_hint"]

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: a path into the document, a message and a fix.

    `at` chooses what the path points at: ``"value"`` (default), ``"key"`` (the key of a mapping
    entry, e.g. an unknown field) or ``"entry"`` (``key: value`` on one line, e.g. a vote).
    """

    path: Path
    message: str
    fix: str | None = None
    at: str = "value"
    severity: Severity | None = None
    """overrides the rule's default severity for this one finding (rarely needed)"""


Check = Callable[["Context"], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    """A registered rule (or a check built into the loader or the schema, with `check` None)."""

    code: str
    name: str
    severity: Severity
    family: str
    doc: str
    check: Check | None = None

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


def rule(code: str, name: str, severity: Severity = Severity.ERROR) -> Callable[[Check], Check]:
    """Register a rule function under `code` and `name`."""

    def decorate(func: Check) -> Check:
        family = func.__module__.rsplit(".", 1)[-1]
        _register(Rule(code, name, severity, family, inspect.cleandoc(func.__doc__ or ""), func))
        return func

    return decorate


def define(code: str, name: str, doc: str, severity: Severity = Severity.ERROR, family: str = "file") -> None:
    """Document a code that the loader or the schema check emits (they have no check function)."""
    _register(Rule(code, name, severity, family, inspect.cleandoc(doc)))


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean `x`?)`` or an empty string."""
    if not isinstance(word, str):
        return ""
    return _closest(word, tuple(choices), cutoff)


_SUGGESTIONS: ContextVar[list[int] | None] = ContextVar("pkforce_suggestions", default=None)


@contextmanager
def suggestion_budget(fresh: int = 1000) -> Iterator[None]:
    """At most `fresh` new similarity searches inside the block (repeated words are remembered):
    a file with 100,000 distinct unknown keys gets suggestions for the first ones, in linear time."""
    token = _SUGGESTIONS.set([fresh])
    try:
        yield
    finally:
        _SUGGESTIONS.reset(token)


_CLOSEST: dict[tuple[str, tuple[str, ...], float], str] = {}
_LOWER: dict[tuple[str, ...], dict[str, str]] = {}


def _closest(word: str, pool: tuple[str, ...], cutoff: float) -> str:
    key = (word, pool, cutoff)
    found = _CLOSEST.get(key)
    if found is not None:
        return found
    lower = _LOWER.get(pool)
    if lower is None:
        lower = _LOWER[pool] = {c.lower(): c for c in pool}
    if word.lower() in lower and lower[word.lower()] != word:
        found = f" (did you mean `{lower[word.lower()]}`?)"
    else:
        budget = _SUGGESTIONS.get()
        if budget is not None:
            if budget[0] <= 0:
                return ""  # not remembered: another validation may have budget left
            budget[0] -= 1
        import difflib  # only when there is something to suggest

        close = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
        found = f" (did you mean `{close[0]}`?)" if close else ""
    if len(_CLOSEST) > 8192:
        _CLOSEST.clear()
        _LOWER.clear()
    _CLOSEST[key] = found
    return found


def state_hint(value: str, preferred: Iterable[str], names: dict[str, str]) -> str:
    """A did-you-mean for a state code: the nearest preferred code (members, say), the nearest known
    code, or the code of a state whose name was written instead (`Kazakhstan` -> `KAZ`)."""
    hint = did_you_mean(value, preferred) or did_you_mean(value, names)
    if hint or not isinstance(value, str) or len(value) < 3:
        return hint
    key = (value, id(names), len(names))  # remembered: 100,000 bad codes cost one search each kind
    if key not in _BY_NAME:
        wanted = value.strip().lower()
        by_name = [code for code, name in names.items() if name.lower() == wanted]
        by_name = by_name or [code for code, name in names.items() if name.lower().startswith(wanted)]
        if len(_BY_NAME) > 8192:
            _BY_NAME.clear()
        _BY_NAME[key] = f" (did you mean `{by_name[0]}`, {names[by_name[0]]}?)" if len(by_name) == 1 else ""
    return _BY_NAME[key]


_BY_NAME: dict[tuple[str, int, int], str] = {}


@dataclass
class Context:
    """Everything a rule may read about one scenario. Derived views are computed once, on demand."""

    scenario: Scenario
    options: dict[str, dict[str, object]] = field(default_factory=dict)

    @cached_property
    def force(self) -> Force:
        from ..force import Force

        return Force.from_scenario(self.scenario)

    @cached_property
    def org(self) -> Organization | None:
        """The organisation: the inline mapping, or the built-in profile it names (None if unknown)."""
        from ..data import organization_profile

        org = self.scenario.organization
        return organization_profile(org) if isinstance(org, str) else org

    @property
    def org_path(self) -> Path:
        return ("organization",)

    @cached_property
    def steps(self) -> StepGraph:
        from ..scenario.timeline import step_graph

        return step_graph(self.scenario)

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

    def steps_of(self, kind: str) -> list[int]:
        """Indices of the procedure steps of one kind, in list order."""
        return [i for i, s in enumerate(self.scenario.procedure) if s.step == kind]

    def first_step(self, kind: str) -> int | None:
        found = self.steps_of(kind)
        return found[0] if found else None

    def option(self, code: str, name: str, default: object) -> object:
        return self.options.get(code, {}).get(name, default)


def run(ctx: Context, codes: Iterable[str]) -> Iterator[tuple[Rule, Finding]]:
    """Run the rules with the given codes, in code order."""
    for code in sorted(codes):
        r = RULES[code]
        if r.check is None:
            continue
        for finding in r.check(ctx):
            yield r, finding
