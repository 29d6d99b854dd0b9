"""Did-you-mean suggestions for a mistyped word, shared by the schema's messages and the rules."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["did_you_mean"]


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean `x`?)`` or an empty string.

    >>> did_you_mean("comabt", ["combat", "police"])
    ' (did you mean `combat`?)'
    """
    if not isinstance(word, str):
        return ""
    pool = list(choices)
    lower = {c.lower(): c for c in pool}
    if word.lower() in lower and lower[word.lower()] != word:
        return f" (did you mean `{lower[word.lower()]}`?)"
    import difflib  # only when there is something to suggest

    close = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
    return f" (did you mean `{close[0]}`?)" if close else ""
