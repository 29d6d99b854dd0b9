"""Did-you-mean suggestions for a mistyped word, shared by the schema's messages and the rules."""

from __future__ import annotations

from collections.abc import Iterable

from .._messages import tr
from .._suggest import closest  # remembered, with a budget: linear in the number of findings

__all__ = ["did_you_mean"]


def did_you_mean(word: str, choices: Iterable[str], *, cutoff: float = 0.6) -> str:
    """`` (did you mean `x`?)`` or an empty string; a :class:`~pkforce._messages.Message`, so that a
    message it ends is translated whole.

    >>> did_you_mean("comabt", ["combat", "police"])
    ' (did you mean `combat`?)'
    """
    if not isinstance(word, str):
        return ""

    text = closest(word, choices, cutoff)  # (a list passed again is converted once)
    if not text:
        return ""
    hint = _HINTS.get(text)
    if hint is None:  # one message per suggested word, however many findings suggest it
        hint = _HINTS[text] = tr(" (did you mean `%(name)s`?)", name=text[len(" (did you mean `") : -len("`?)")])
    return hint


_HINTS: dict[str, str] = {}
"""the hint text -> its message (bounded by the words there are to suggest)"""
