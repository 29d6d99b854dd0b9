"""Messages that remember their template: the base of translated findings (see :mod:`pkforce.i18n.messages`).

At the bottom of the layers so that the loader and the schema check (below the language switch)
can make their findings with :func:`tr` too; the translating itself lives in :mod:`pkforce.i18n`.
"""

from __future__ import annotations

from typing import Any

__all__ = ["Joined", "Message", "Number", "num", "tr"]


class Message(str):
    """English text that knows its gettext template and values."""

    __slots__ = ("params", "template")  # no __dict__ per message: half the cost of making one
    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, params: dict[str, Any]) -> Message:
        self = str.__new__(cls, template % params if params else template)
        self.template = template
        self.params = params
        return self

    def __reduce__(self) -> tuple[type[Message], tuple[str, dict[str, Any]]]:
        """Pickled and copied with its template and values (a finding sent to another process)."""
        return (Message, (self.template, self.params))


class Joined(list[str]):
    """Messages shown joined with ", " (a list of links, of states), each localised on its own."""

    def __str__(self) -> str:
        return ", ".join(self)


def tr(template: str, **params: Any) -> Message:
    """The message `template` (named ``%(name)s`` placeholders) with `params`, in English."""
    return Message(template, params)


class Number(str):
    """A whole number shown with grouped thousands: ``1,600`` in English, localised as ``1 600`` (a
    comma would read as a decimal point in Russian)."""

    __slots__ = ("value",)
    value: int

    def __new__(cls, value: int) -> Number:
        self = str.__new__(cls, f"{value:,}")
        self.value = value
        return self

    def __reduce__(self) -> tuple[type[Number], tuple[int]]:
        return (Number, (self.value,))


def num(value: int) -> Number:
    """`value` as a :class:`Number` (a message's parameter)."""
    return Number(value)
