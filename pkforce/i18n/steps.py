"""A procedure step's words as translatable messages: the same English as
:func:`pkforce.scenario.timeline.step_phrase` and :func:`~pkforce.scenario.timeline.step_title`,
shown in Russian by :func:`pkforce.i18n.messages.localise` (findings) or by ``_()`` on the text.

    >>> from pkforce.scenario.model import NationalApproval
    >>> from pkforce.i18n.messages import localise
    >>> phrase = step_phrase(NationalApproval(step="national_approval", state="KAZ", id="kaz"))
    >>> phrase, localise(phrase, "ru")
    ("KAZ's national approval (`kaz`)", 'внутригосударственное решение KAZ (`kaz`)')
"""

from __future__ import annotations

from ..scenario.model import Step
from ..scenario.timeline import STEP_WITH_ID, step_title_words, step_words
from .messages import Message, tr

__all__ = ["name", "step_phrase", "step_title"]


def name(text: str) -> str:
    """A name the catalogue may translate (the Collective Security Council, the Federation Council,
    the CSTO), as a :class:`Message`; a name it does not know stays as written."""
    return Message(text, {}) if text else text


def step_phrase(step: Step) -> Message:
    """:func:`pkforce.scenario.timeline.step_phrase` as a message: "KGZ's application"."""
    template, values = step_words(step)
    text = tr(template, **values)
    return tr(STEP_WITH_ID, step=text, id=step.id) if step.id else text


def step_title(step: Step, council: str = "Council") -> Message:
    """:func:`pkforce.scenario.timeline.step_title` as a message: "Application by KGZ"."""
    template, values = step_title_words(step, council)
    named = {k: name(v) if k in ("council", "body") else v for k, v in values.items()}
    return tr(template, **named)
