"""Did-you-mean suggestions in linear time, however many findings ask for one.

A difflib search costs about half a millisecond; a file with 100,000 unknown keys or bad state codes
asked for one per finding, which took minutes. Answers are remembered (a bad code written 50,000
times is searched once), and inside :func:`suggestion_budget` (each validation) at most a
thousand fresh searches run: past that, findings come without a suggestion.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["closest", "remembered", "suggestion_budget"]

_BUDGET: ContextVar[list[int] | None] = ContextVar("pkforce_suggestions", default=None)
_MEMO: dict[Hashable, str] = {}
_LOWER: dict[tuple[str, ...], dict[str, str]] = {}
_MAX_MEMO = 8192


@contextmanager
def suggestion_budget(fresh: int = 1000) -> Iterator[None]:
    """At most `fresh` new similarity searches inside the block."""
    token = _BUDGET.set([fresh])
    try:
        yield
    finally:
        _BUDGET.reset(token)


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


def closest(word: str, pool: tuple[str, ...], cutoff: float = 0.6) -> str:
    """`` (did you mean `x`?)`` for the choice in `pool` nearest to `word`, or an empty string."""
    found = _MEMO.get((word, pool, cutoff))
    if found is not None:
        return found
    lower = _LOWER.get(pool)
    if lower is None:
        lower = _LOWER[pool] = {c.lower(): c for c in pool}
    if word.lower() in lower and lower[word.lower()] != word:
        return remembered((word, pool, cutoff), lambda: f" (did you mean `{lower[word.lower()]}`?)")
    budget = _BUDGET.get()
    if budget is not None:
        if budget[0] <= 0:
            return ""  # not remembered: the next validation has its own budget
        budget[0] -= 1

    def search() -> str:
        import difflib  # only when there is something to suggest

        close = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
        return f" (did you mean `{close[0]}`?)" if close else ""

    return remembered((word, pool, cutoff), search)
