"""A pytest plugin for tests/test_i18n.py: records every finding that the tests it runs make.

    PKFORCE_I18N_RECORD=out.json pytest -p tests.i18n_record tests/rules/test_composition.py ...

Each finding the validation pipeline keeps (``validation._finish``) or the loader makes
(``loader._diag``) is written to the JSON file with its code, whether its message and fix are
:class:`~pkforce.i18n.messages.Message` objects, and their Russian text. So the per-rule unit tests'
own fixtures are reused to check the translations, not copied.
"""

from __future__ import annotations

import json
import os
from typing import Any

_FOUND: list[dict[str, Any]] = []


def values_of(text: object) -> list[str]:
    """The values a message carries as they are (ids, numbers, the parser's or the system's own
    words): not ours to translate, so cut out of a text before looking for English."""
    from pkforce.i18n.messages import Message

    if not isinstance(text, Message):
        return []
    found: list[str] = []
    for value in text.params.values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Message):
                found += values_of(item)
            elif isinstance(item, str):
                found.append(item)
    return found


def _record(d: Any) -> None:
    from pkforce.i18n.messages import Message, localise

    _FOUND.append(
        {
            "code": d.code,
            "message": str(d.message),
            "fix": None if d.fix is None else str(d.fix),
            "message_tr": isinstance(d.message, Message),
            "fix_tr": d.fix is None or isinstance(d.fix, Message),
            "ru_message": localise(d.message, "ru"),
            "ru_fix": localise(d.fix, "ru"),
            "values": values_of(d.message) + values_of(d.fix),
        }
    )


def pytest_configure(config: Any) -> None:
    import pkforce.loader as loader
    import pkforce.validation as validation

    finish, diag = validation._finish, loader._diag

    def _finish(diags: Any, cfg: Any) -> Any:
        out = finish(diags, cfg)
        for d in out:
            _record(d)
        return out

    def _diag(*args: Any, **kwargs: Any) -> Any:
        d = diag(*args, **kwargs)
        _record(d)
        return d

    validation._finish = _finish  # type: ignore[assignment]
    loader._diag = _diag  # type: ignore[assignment]


def pytest_unconfigure(config: Any) -> None:
    target = os.environ.get("PKFORCE_I18N_RECORD")
    if target:
        with open(target, "w", encoding="utf-8") as fh:
            json.dump(_FOUND, fh, ensure_ascii=False)
