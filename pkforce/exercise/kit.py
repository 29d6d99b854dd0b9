"""The exercise kit: facilitator's guide, players' handout and the events list, rendered in memory.

Nothing is written here: :func:`build_kit` returns the documents as bytes, the command line writes
them all or none.
"""

from __future__ import annotations

import csv
import io
import math
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .events import Event, master_events, when
from .source import player_source

if TYPE_CHECKING:
    from ..diagnostics import ValidationReport
    from ..scenario.model import Scenario
    from ..simulation import SimulationResult

__all__ = [
    "BLOCKING_FAMILIES",
    "BLOCKING_RULES",
    "CSV_COLUMNS",
    "blocking",
    "browser",
    "build_kit",
    "events_csv",
    "html_to_pdf",
]

BLOCKING_FAMILIES = ("file",)
BLOCKING_RULES = frozenset(
    {"inject-unknown-unit", "inject-invalid", "simulation-settings", "inject-unknown-step", "inject-block-duration"}
)
"""Findings that stop `pkforce exercise`: the file cannot be read, or an inject or the simulation
settings cannot be placed. Other findings are the exercise's content: they go to the answer key."""

CSV_COLUMNS = ("serial", "day", "date_time", "from", "to", "type", "inject", "expected_action")

Tr = Callable[[str], str]


def blocking(report: ValidationReport) -> list[Any]:
    """The findings of `report` that stop the exercise kit from being written."""
    from ..rules import RULES

    out = []
    for d in report.errors:
        rule = RULES.get(d.code)
        if rule is None or rule.family in BLOCKING_FAMILIES or rule.name in BLOCKING_RULES:
            out.append(d)
    return out


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def events_csv(events: list[Event]) -> str:
    """The events list for exercise-control tools: one row per step and inject."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for e in events:
        day = f"{e.day:g}" if math.isfinite(e.day) else ""
        w.writerow([_cell(x) for x in (e.serial, day, e.when, e.source, e.recipient, e.kind, e.event, e.expected)])
    return buf.getvalue()


def _env(lang: str) -> Any:
    import jinja2

    from ..i18n import translations

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pkforce.exercise", "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    return env


def _fmt_day(day: float) -> str:
    return f"{round(day, 2):g}" if math.isfinite(day) else "—"


def _requirement_text(req: Any, _: Tr, lang: str = "en") -> str:
    from ..i18n import number

    what = req.category or req.capability or _("any unit")
    parts = []
    if req.personnel is not None:
        parts.append(_("%(n)s personnel") % {"n": number(req.personnel, lang)})
    if req.units is not None:
        parts.append(_("%(n)s unit(s)") % {"n": req.units})
    text = f"{what}: {', '.join(parts)}"
    if req.by is not None:
        text += " " + _("by day %(d)s") % {"d": f"{req.by.days:g}"}
    return text


def _outcomes(scenario: Scenario, mc: SimulationResult, _: Tr, lang: str) -> dict[str, Any]:
    names = {
        "decision": _("Council decision"),
        "ioc": _("Initial operational capability (IOC)"),
        "foc": _("Full operational capability (FOC)"),
        "complete": _("Whole force in theatre"),
    }
    dates = []
    for key, pct in mc.key_dates().items():
        label = names.get(key, key)
        row = {"label": label, "reached": f"{pct.reached:.0%}"}
        for q in ("p10", "p50", "p90"):
            d = getattr(pct, q)
            row[q] = f"{_fmt_day(d)} ({when(scenario, d)[:16]})" if math.isfinite(d) else _("never")
        dates.append(row)
    reqs = []
    for r in mc.requirements:
        first = r.first_met.p50
        reqs.append(
            {
                "label": _requirement_text(r.requirement, _, lang),
                "p_by_deadline": f"{r.p_met_by_deadline:.0%}",
                "deadline": _fmt_day(r.deadline),
                "first_met": f"{_fmt_day(first)} ({when(scenario, first)[:16]})"
                if math.isfinite(first)
                else _("never"),
                "shortfall": f"{r.shortfall:g}",
            }
        )
    return {"dates": dates, "requirements": reqs, "runs": mc.runs, "seed": mc.seed}


def _units(scenario: Scenario, lang: str) -> list[dict[str, Any]]:
    from ..force import Force
    from ..i18n import number

    force = Force.from_scenario(scenario)
    rows = []
    for u, depth in force.walk():
        rows.append(
            {
                "id": u.id,
                "name": u.name or u.id,
                "nation": u.nation,
                "category": u.category or "",
                "echelon": u.echelon or "",
                "personnel": number(u.personnel, lang),
                "depth": depth,
            }
        )
    return rows


def build_kit(
    report: ValidationReport,
    det: SimulationResult,
    mc: SimulationResult,
    lang: str = "en",
    generated: datetime | None = None,
) -> dict[str, bytes]:
    """`facilitator.html`, `handout.html` and `events.csv` for a validated scenario.

    `det` is a deterministic run (the planned dates of the events list), `mc` the Monte Carlo run
    behind the expected outcomes.
    """
    from ..i18n import gettext_for, rule_title
    from ..i18n.messages import localise
    from ..rules import RULES

    _ = gettext_for(lang)
    scenario: Scenario = report.scenario
    events = master_events(scenario, det, _)
    learning = scenario.learning
    levels = {"basic": _("basic"), "staff": _("staff"), "senior": _("senior")}
    kinds = {
        "member_territory": _("operation on the territory of a member state"),
        "un_operation": _("participation in a UN peacekeeping operation"),
    }
    findings = [
        {
            "code": d.code,
            "name": d.name,
            "severity": d.severity.value,
            "line": d.location.line if d.location else None,
            "message": localise(d.message, lang),
            "fix": localise(d.fix, lang),
            "title": rule_title(RULES[d.code], lang) if d.code in RULES else d.name,
            "page": f"rules.md#{d.code.lower()}-{d.name}",
        }
        for d in report.diagnostics
    ]
    start = scenario.start_instant
    ctx: dict[str, Any] = {
        "lang": lang,
        "title": scenario.title or scenario.id or _("Exercise"),
        "description": scenario.description or "",
        "start": when(scenario, 0.0),
        "start_date": f"{start:%Y-%m-%d}",
        "operation": scenario.operation,
        "kind": kinds.get(scenario.operation.kind, scenario.operation.kind),
        "requirements": [_requirement_text(r, _, lang) for r in scenario.operation.requirements],
        "units": _units(scenario, lang),
        "level": levels.get(learning.level, learning.level) if learning else None,
        "objectives": learning.objectives if learning else [],
        "questions": learning.questions if learning else [],
        "events": events,
        "fmt_day": _fmt_day,
        "findings": findings,
        "outcomes": _outcomes(scenario, mc, _, lang),
        "source": player_source(report.source or ""),
        "has_findings": bool(findings),
        "generated": f"{(generated or datetime.now(UTC)):%Y-%m-%d}",
    }
    env = _env(lang)
    return {
        "facilitator.html": env.get_template("facilitator.html").render(ctx).encode("utf-8"),
        "handout.html": env.get_template("handout.html").render(ctx).encode("utf-8"),
        "events.csv": events_csv(events).encode("utf-8"),
    }


def browser() -> str | None:
    """A headless-capable Chromium on this machine, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def html_to_pdf(html: bytes, exe: str, timeout: float = 60.0) -> bytes:
    """Print an HTML document to A4 PDF with headless Chromium (the page's print CSS applies)."""
    with tempfile.TemporaryDirectory(prefix="pkforce-pdf-") as tmp:
        src, dst = Path(tmp) / "page.html", Path(tmp) / "page.pdf"
        src.write_bytes(html)
        subprocess.run(
            [
                exe,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-pdf-header-footer",
                f"--user-data-dir={tmp}/profile",
                f"--print-to-pdf={dst}",
                src.as_uri(),
            ],
            capture_output=True,
            timeout=timeout,
            check=False,
        )
        if not dst.is_file():
            raise RuntimeError("the browser did not print the page")
        return dst.read_bytes()
