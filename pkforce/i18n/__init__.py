"""Languages: English (the source text) and Russian, through gettext catalogues.

Messages are written in English in the code and the templates and translated through the catalogue
``pkforce/i18n/locale/<lang>/LC_MESSAGES/pkforce.mo`` (compiled from the ``.po`` beside it with Babel:
``python -m pkforce.i18n.catalog``). Rule titles are looked up by their English text, so the rule
modules stay as they are. Unit and step names stay as the scenario writes them.

>>> tr = gettext_for("ru")
>>> tr("Master Events List")
'Сводный перечень событий (MEL)'
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from ..rules.registry import Rule

__all__ = [
    "DOMAIN",
    "LANGUAGES",
    "LOCALE_DIR",
    "Lang",
    "_",
    "default_language",
    "gettext_for",
    "language",
    "number",
    "rule_title",
    "translations",
]

DOMAIN = "pkforce"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES: tuple[str, ...] = ("en", "ru")
Lang = Literal["en", "ru"]


def default_language(environ: dict[str, str] | None = None) -> str:
    """The language of the user's locale (`LANGUAGE`, `LC_ALL`, `LC_MESSAGES`, `LANG`), else English.

    >>> default_language({"LANG": "ru_RU.UTF-8"}), default_language({"LANG": "C.UTF-8"})
    ('ru', 'en')
    """
    env = os.environ if environ is None else environ
    for var in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            for part in value.split(":"):
                code = part.split("_")[0].split(".")[0].lower()
                if code in LANGUAGES:
                    return code
            return "en"
    return "en"


@cache
def translations(lang: str) -> gettext.NullTranslations:
    """The catalogue of `lang` (English: the identity)."""
    if lang == "en":
        return gettext.NullTranslations()
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    return gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang])


def gettext_for(lang: str) -> Callable[[str], str]:
    """A `_()` for `lang`."""
    return translations(lang).gettext


def number(value: float, lang: str) -> str:
    """A whole number with grouped thousands: ``1,035`` in English, ``1 035`` in Russian (a no-break
    space, as Russian typography writes it).

    >>> number(2029, "en"), number(2029, "ru")
    ('2,029', '2\xa0029')
    """
    text = f"{value:,.0f}"
    return text.replace(",", "\u00a0") if lang == "ru" else text


def rule_title(rule: Rule, lang: str) -> str:
    """A rule's one-sentence summary in `lang` (the English text when the catalogue lacks it)."""
    return translations(lang).gettext(rule.summary)


_current: ContextVar[str] = ContextVar("pkforce_language", default="en")


def _(text: str) -> str:
    """`text` in the language chosen with :func:`language` (English outside it).

    For text renderers that other code calls without a translator (the simulation report, the
    force summary): their signatures stay as they are.
    """
    return translations(_current.get()).gettext(text) if text else text


@contextmanager
def language(lang: str | None) -> Iterator[None]:
    """Render in `lang` inside the block (None: English). Safe across threads and tasks.

    >>> with language("ru"):
    ...     _("never")
    'не достигается'
    """
    token = _current.set(lang or "en")
    try:
        yield
    finally:
        _current.reset(token)
