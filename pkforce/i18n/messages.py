"""Messages that can be shown in another language after they are made: validation findings.

A rule makes its message in English, where the language is not known yet (the findings are values
until the command line, the exercise kit or the report shows them). :func:`tr` returns the English
text as a :class:`Message`, a ``str`` that also remembers its template and its values, so English
output is the same text as before, byte for byte; :func:`localise` gives it in another language
through the gettext catalogue (the template is the message id; `python -m pkforce.i18n.catalog`
extracts every ``tr("...")`` of the rule modules).

    >>> m = tr("the %(action)s inject names the step `%(step)s`", action="delay", step="x")
    >>> m, localise(m, "en") == m
    ('the delay inject names the step `x`', True)

Values that are messages themselves (a "did you mean" hint made with :func:`tr`) are localised too;
other values (ids, codes, numbers, names as the scenario writes them) stay as they are.
"""

from __future__ import annotations

from typing import Any

from .._messages import Joined, Message, Number, num, tr

__all__ = ["Joined", "Message", "Number", "hint", "localise", "localise_report", "num", "tr"]


def localise(text: str | None, lang: str) -> str | None:
    """`text` in `lang` when it is a :class:`Message` with a translation; else `text` unchanged."""
    if lang == "en" or not isinstance(text, Message):
        return text
    from . import number, translations

    params = {
        k: Joined(localise(x, lang) or "" for x in v)
        if isinstance(v, Joined)
        else localise(v, lang)
        if isinstance(v, Message)
        else number(v.value, lang)
        if isinstance(v, Number)
        else v
        for k, v in text.params.items()
    }
    template = translations(lang).gettext(text.template)
    return template % params if params else template


def hint(word: str, choices: Any) -> str:
    """`` (did you mean `x`?)`` as a :class:`Message` (see :func:`pkforce.scenario.hints.did_you_mean`)."""
    from ..scenario.hints import did_you_mean

    text = did_you_mean(word, choices)
    if not text:
        return ""
    return tr(" (did you mean `%(name)s`?)", name=text[len(" (did you mean `") : -len("`?)")])


def localise_report(report: Any, lang: str) -> Any:
    """A copy of a :class:`~pkforce.diagnostics.ValidationReport` with its findings' messages and
    fixes in `lang` (those made with :func:`tr`; the others stay in English)."""
    if lang == "en":
        return report
    import dataclasses

    found = [
        dataclasses.replace(d, message=localise(d.message, lang), fix=localise(d.fix, lang)) for d in report.diagnostics
    ]
    return dataclasses.replace(report, diagnostics=found)
