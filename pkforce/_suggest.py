"""Did-you-mean suggestions in linear time, however many findings ask for one.

A difflib search costs about half a millisecond over a word list, and much more over a long one
(a second over 20,000 unit ids); a file with 100,000 unknown keys or bad state codes asked for one
per finding, which took minutes. Answers are remembered (a bad code written 50,000 times is
searched once), and inside :func:`suggestion_budget` (each validation) at most a thousand fresh
searches run, and only while their estimated work (characters compared) stays within a budget:
past that, findings come without a suggestion. Inside the budget, a list of choices passed again
(the same dict or list object, unchanged in size) is converted and hashed once, not per finding.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Pool", "closest", "pool", "remembered", "suggestion_budget"]

_MEMO: dict[Hashable, str] = {}
_LOWER: dict[tuple[str, ...], dict[str, str]] = {}
_MAX_MEMO = 8192
_WORK = 3_000_000
"""Characters compared (word length x the choices' total length) by the searches of one validation:
1,000 searches over the 249 ISO codes, or a few over thousands of unit ids (~0.1 s each)."""


class Pool(tuple[str, ...]):
    """Choices whose hash and total length are computed once (a memo key hashed per finding cost
    as much as the list is long)."""

    _hash: int | None = None
    _chars: int | None = None

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = tuple.__hash__(self)
        return self._hash

    @property
    def chars(self) -> int:
        if self._chars is None:
            self._chars = sum(len(c) for c in self)
        return self._chars


@dataclass
class _Budget:
    searches: int
    work: int
    pools: dict[int, tuple[Any, Pool]] = field(default_factory=dict)


_BUDGET: ContextVar[_Budget | None] = ContextVar("pkforce_suggestions", default=None)
_CACHED_FROM = 64  # shorter lists are converted each time (cheap, and not kept alive)


@contextmanager
def suggestion_budget(fresh: int = 1000, work: int = _WORK) -> Iterator[None]:
    """At most `fresh` new similarity searches, and `work` characters compared, inside the block."""
    token = _BUDGET.set(_Budget(fresh, work))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def pool(choices: Iterable[str]) -> tuple[str, ...]:
    """`choices` as a tuple: inside a budget, a long list as a :class:`Pool`, the same one for the
    same list object (kept alive with it, so its id is not reused, and checked by length)."""
    if isinstance(choices, Pool):
        return choices
    budget = _BUDGET.get()
    if budget is None or not isinstance(choices, tuple | list | dict | set | frozenset) or len(choices) < _CACHED_FROM:
        return choices if type(choices) is tuple else tuple(choices)
    hit = budget.pools.get(id(choices))
    if hit is not None and hit[0] is choices and len(hit[1]) == len(choices):
        return hit[1]
    made = Pool(choices)
    budget.pools[id(choices)] = (choices, made)
    return made


def remembered(key: Hashable, compute: Callable[[], str]) -> str:
    """`compute()`, once per `key` (the memo is bounded)."""
    found = _MEMO.get(key)
    if found is None:
        found = compute()
        if len(_MEMO) > _MAX_MEMO:
            _MEMO.clear()
            _LOWER.clear()
        _MEMO[key] = found
    return found


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`` (did you mean `x`?)`` for the choice in `choices` nearest to `word`, or an empty string."""
    options = pool(choices)
    found = _MEMO.get((word, options, cutoff))
    if found is not None:
        return found
    lower = _LOWER.get(options)
    if lower is None:
        if len(_LOWER) > 256:
            _LOWER.clear()
        lower = _LOWER[options] = {c.lower(): c for c in options}
    if word.lower() in lower and lower[word.lower()] != word:
        return remembered((word, options, cutoff), lambda: f" (did you mean `{lower[word.lower()]}`?)")
    budget = _BUDGET.get()
    if budget is not None:
        if budget.searches <= 0:
            return ""  # not remembered: the next validation has its own budget
        work = len(word) * (options.chars if isinstance(options, Pool) else sum(len(c) for c in options))
        if work > budget.work:
            return ""
        budget.searches -= 1
        budget.work -= work

    def search() -> str:
        import difflib  # only when there is something to suggest

        close = difflib.get_close_matches(word, options, n=1, cutoff=cutoff)
        return f" (did you mean `{close[0]}`?)" if close else ""

    return remembered((word, options, cutoff), search)
