"""Keep the translation catalogues in step with the code (Babel extracts and compiles).

    python -m pkforce.i18n.catalog           # extract, merge into every .po, compile the .mo files
    python -m pkforce.i18n.catalog --check   # exit 1 if a message is missing, untranslated or stale

Messages come from the exercise code and templates (``_()`` calls) and from the rule titles (each
rule's first sentence, keyed by its English text). A new English message lands in the ``.po``
with an empty translation, which ``--check`` (and the test suite) refuses.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import DOMAIN, LANGUAGES, LOCALE_DIR

__all__ = ["check", "extract", "main", "update"]

PACKAGE = Path(__file__).resolve().parent.parent
SOURCES = [
    "exercise",
    "simulation/report.py",
    "summary.py",
    "rules/exercise.py",
    "rules/law.py",
    "rules/procedure.py",
    "scenario/timeline.py",
    "rules/structure.py",
    "rules/requirements.py",
    "rules/composition.py",
    "rules/registry.py",
    "scenario/hints.py",
    "rules/variants.py",
    "changes.py",
    "loader.py",
    "validation.py",
    "scenario/errors.py",
    "scenario/types.py",
    "scenario/model.py",
    "scenario/variant_model.py",
    "render/text.py",
    "simulation/__init__.py",
    "i18n/messages.py",
    "charts",
    "report",
    "analysis/cost.py",
    "analysis/sweep.py",
    "simulation/compile.py",
    "simulation/result.py",
    "simulation/labels.py",
    "simulation/chain.py",
]
EXTRA_KEYWORDS = {"tr": None}
"""`tr("...")` marks a validation message (pkforce/i18n/messages.py), besides gettext's own `_()`"""
METHODS = [
    ("**.py", "python"),
    ("**/templates/**.html", "jinja2.ext:babel_extract"),
    ("**/templates/**.j2", "jinja2.ext:babel_extract"),
]
STAMP = datetime(2026, 12, 1, tzinfo=UTC)
"""A fixed header date, so that regenerating the catalogues changes only what changed."""
JINJA_OPTIONS = {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}


def extract() -> dict[str, list[str]]:
    """Every message id -> where it comes from."""
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file

    keywords = {**DEFAULT_KEYWORDS, **EXTRA_KEYWORDS}
    found: dict[str, list[str]] = {}
    for src in SOURCES:
        path = PACKAGE / src
        if path.is_dir():
            items = [
                (f"{src}/{name}", line, msg)
                for name, line, msg, _c, _x in extract_from_dir(
                    path,
                    METHODS,
                    keywords=keywords,
                    options_map={"**/templates/**.html": JINJA_OPTIONS, "**/templates/**.j2": JINJA_OPTIONS},
                )
            ]
        else:
            items = [(src, line, msg) for line, msg, _c, _x in extract_from_file("python", path, keywords=keywords)]
        for name, line, msg in items:
            if isinstance(msg, str) and msg:
                found.setdefault(msg, []).append(f"pkforce/{name}:{line}")
    from ..simulation.report import _NAMES

    for name in _NAMES.values():  # key-date names, translated where they are shown
        found.setdefault(name, []).append("pkforce/simulation/report.py:0")
    from ..rules import RULES

    for code, rule in sorted(RULES.items()):
        found.setdefault(rule.summary, []).append(f"rule {code}")
    return found


def _po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def update() -> None:
    """Merge the extracted messages into each language's .po (keeping translations) and compile."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po, write_po

    messages = extract()
    for lang in LANGUAGES:
        if lang == "en":
            continue
        po = _po_path(lang)
        old = read_po(po.open("rb"), locale=lang) if po.exists() else Catalog(locale=lang)
        new = Catalog(
            locale=lang,
            domain=DOMAIN,
            project="pkforce",
            version="1",
            fuzzy=False,
            creation_date=STAMP,
            revision_date=STAMP,
            language_team="pkforce contributors",
            last_translator="pkforce contributors",
            msgid_bugs_address="",
            header_comment=f"# {lang} translations of pkforce's messages: `python -m pkforce.i18n.catalog`",
        )
        for msgid, where in messages.items():
            prev = old.get(msgid)
            new.add(
                msgid,
                prev.string if prev is not None else "",
                locations=[(w.split(":")[0], int(w.split(":")[1])) if ":" in w else (w, 0) for w in where],
            )
        po.parent.mkdir(parents=True, exist_ok=True)
        buf = io.BytesIO()
        write_po(buf, new, width=100, omit_header=False, no_location=True, sort_output=True)
        po.write_bytes(buf.getvalue())
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, read_po(po.open("rb"), locale=lang))


def check() -> list[str]:
    """Problems with the catalogues (empty when they are complete and compiled)."""
    import gettext

    from babel.messages.pofile import read_po

    problems = []
    messages = extract()
    for lang in LANGUAGES:
        if lang == "en":
            continue
        po = _po_path(lang)
        if not po.exists():
            return [f"{po} is missing"]
        cat = read_po(po.open("rb"), locale=lang)
        mo = gettext.GNUTranslations(po.with_suffix(".mo").open("rb"))
        for msgid, where in messages.items():
            entry = cat.get(msgid)
            if entry is None or not entry.string:
                problems.append(f"{lang}: untranslated ({where[0]}): {msgid}")
            elif mo.gettext(msgid) != entry.string:
                problems.append(f"{lang}: the .mo is out of date for: {msgid}")
    return problems


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = check()
        for p in problems:
            print(p)
        return 1 if problems else 0
    update()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
