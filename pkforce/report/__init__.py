"""The briefing report: one self-contained HTML file for a commander or a training audience.

    >>> from pkforce.report import build_report                     # doctest: +SKIP
    >>> html = build_report(scenario, runs=2000, seed=7)            # doctest: +SKIP
    >>> open("brief.html", "w", encoding="utf-8").write(html)       # doctest: +SKIP

Everything is inside the file: the style sheet, every chart as inline SVG (text kept as text, so
it prints sharply and can be searched), no script, no font, image or link that a browser would
fetch. It prints on A4 (``@page`` rules, page breaks before each part). Templates are Jinja2 files
shipped in ``pkforce/report/templates``, autoescaped; the view code here only prepares plain values.

`--pdf` prints the same HTML through a headless Chromium (:func:`find_browser`, :func:`print_pdf`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..i18n import _

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..scenario.model import Scenario
    from ..simulation import SimulationResult

__all__ = ["LANGUAGES", "BrowserMissing", "build_report", "find_browser", "print_pdf", "report_context"]

LANGUAGES = ("en", "ru")
"""Languages the report is written in."""


def N_(text: str) -> str:
    """Marks a message for the catalogue; it is translated with `_()` where it is shown."""
    return text


SEVERITIES = {"error": N_("error"), "warning": N_("warning"), "info": N_("info")}
"""a finding's severity as the findings table names it"""

CHAIN_KINDS = (N_("step"), N_("readiness"), N_("lift wait"), N_("move"), N_("held"))
"""the kinds of a critical chain's links (:class:`pkforce.analysis.graph.ChainLink`), as the report names them"""

COST_EXCLUDES = N_("contingent-owned equipment (major equipment and self-sustainment, reimbursed separately)")
"""`excludes:` of pkforce/data/un_reimbursement.yaml, for the catalogue (a test keeps them equal)"""

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
ORG_CHART_UNITS = 60
"""Above this many units the org chart shows battalions and larger (the full tree is unreadable on A4)."""


class BrowserMissing(RuntimeError):
    """No headless browser to print a PDF with."""


def _svg(fig: Any) -> str:
    """A matplotlib figure as inline SVG: without the XML prolog and DOCTYPE (which name a DTD URL)."""
    from ..charts import figure_bytes

    text = figure_bytes(fig, "svg").decode("utf-8")
    text = text[text.index("<svg") :]
    return re.sub(r"<svg ", '<svg role="img" ', text, count=1)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    svg: str
    caption: str


def _charts(scenario: Scenario, result: SimulationResult, lang: str) -> list[Chart]:
    from ..charts import buildup_chart, composition_chart, org_chart, timeline_chart

    depth = "battalion" if len(scenario.units) > ORG_CHART_UNITS else None
    org = (
        _(
            "The command tree with APP-6 / MIL-STD-2525D unit symbols (friendly frames; each state's code "
            "and tab colour beside its units) (battalions and larger; smaller units are counted in markers)."
        )
        if depth
        else _(
            "The command tree with APP-6 / MIL-STD-2525D unit symbols (friendly frames; each state's code "
            "and tab colour beside its units)."
        )
    )
    return [
        Chart(
            "org",
            _("Force structure"),
            _svg(org_chart(scenario, depth=depth, max_width=24, max_height=30, lang=lang)),
            org,
        ),
        Chart(
            "composition",
            _("Composition"),
            _svg(composition_chart(scenario, lang=lang)),
            _("Personnel by contributing state and category, against the mandate's requirements."),
        ),
        Chart(
            "buildup",
            _("Build-up in theatre"),
            _svg(buildup_chart(result, lang=lang)),
            _("Personnel in theatre over time: median and P10-P90 band over the runs."),
        ),
        Chart(
            "timeline",
            _("Decision path and deployment"),
            _svg(timeline_chart(result, lang=lang)),
            _("The procedure, each contributor's approval and its units' readiness and arrival (P10-P90)."),
        ),
    ]


def _day(result: SimulationResult, day: float) -> str:
    from ..simulation.report import _day as day_text

    return day_text(day)


def report_context(
    scenario: Scenario, result: SimulationResult, findings: list[Diagnostic] | None = None, *, lang: str = "en"
) -> dict[str, Any]:
    """The plain values the template shows (also useful to test a report without parsing HTML), in
    `lang` (``en`` or ``ru``)."""
    from ..i18n import language

    with language(lang):
        return _context(scenario, result, findings, lang)


def _context(
    scenario: Scenario, result: SimulationResult, findings: list[Diagnostic] | None, lang: str
) -> dict[str, Any]:
    from .._version import __version__
    from ..analysis.cost import cost_estimate
    from ..i18n import number
    from ..i18n.messages import localise
    from ..simulation.chain import chain_of
    from ..simulation.report import _cell, _share
    from ..summary import summarize

    summary = summarize(scenario)
    dates = result.key_dates()
    names = {
        "ioc": _("IOC (initial operational capability)"),
        "foc": _("FOC (full operational capability)"),
        "complete": _("Whole force in theatre"),
    }
    key_dates = [
        {
            "name": label,
            "p10": _cell(p.p10, p.p10_date),
            "p50": _cell(p.p50, p.p50_date),
            "p90": _cell(p.p90, p.p90_date),
            "reached": _share(p.reached),
        }
        for label, p in [(lbl, dates[lbl]) for lbl in result.step_labels]
        + [(names[k], dates[k]) for k in ("ioc", "foc", "complete")]
    ]
    requirements = [
        {
            "label": localise(r.label, lang),
            "deadline": _day(result, r.deadline) + ("" if r.has_deadline else " " + _("(horizon)")),
            "chance": _share(r.p_met_by_deadline),
            "first_met": _cell(r.first_met.p50, r.first_met.p50_date),
            "shortfall": number(r.shortfall, lang) if r.shortfall else "-",
            "met": r.p_met_by_deadline >= 0.5,
        }
        for r in result.requirements
    ]
    drivers = [{"rho": f"{d.rho:+.2f}", "label": localise(d.label, lang)} for d in result.sensitivity if d.rho >= 0.05][
        :8
    ]
    chain = chain_of(result)
    cost = cost_estimate(result)
    org = scenario.organization
    from ..data import organization_profile

    profile = organization_profile(org) if isinstance(org, str) else org
    sources = list(scenario.operation.legal_basis)
    sources += list(profile.sources if profile is not None else [])
    if cost.rate is not None:
        sources.append(_("UN troop reimbursement rate: %(source)s") % {"source": cost.rate.source})
    from ..charts.style import category_label, nation_label

    by_nation = [
        {
            "nation": n,
            "name": nation_label(n, scenario, long=True),
            "label": _state_text(n, nation_label(n, scenario, long=True), lang),
            "units": t.units,
            "military": t.military,
            "police": t.police,
            "civilian": t.civilian,
            "total": t.personnel,
        }
        for n, t in summary.by_nation.items()
    ]
    by_category = [
        {"category": c, "name": c if lang == "en" else category_label(c), "units": t.units, "total": t.personnel}
        for c, t in summary.by_category.items()
    ]
    return {
        "lang": lang,
        "num": lambda n: number(n, lang),
        "never": _("never"),
        "version": __version__,
        "title": scenario.title or scenario.id or _("Scenario"),
        "scenario": scenario,
        "description": (scenario.description or "").strip(),
        "operation": {
            "kind": _("UN operation (2021 Protocol)")
            if scenario.operation.kind == "un_operation"
            else _("Operation on member territory (Article 3)"),
            "host": scenario.operation.host_state,
            "duration": str(scenario.operation.duration or _("not given")),
        },
        "start": result.scenario.start_instant.strftime("%Y-%m-%d %H:%M %Z"),
        "runs": result.runs,
        "seed": result.seed,
        "horizon": f"{result.horizon:g}",
        "findings": [
            {
                "where": _("line %(n)s") % {"n": d.line} if d.line else "",
                "code": d.code,
                "name": d.name,
                "severity": severity,
                "severity_text": _(SEVERITIES.get(severity, severity)),
                "message": localise(d.message, lang),
                "fix": localise(d.fix, lang) or "",
            }
            for d in findings or []
            for severity in [str(d.severity.value if hasattr(d.severity, "value") else d.severity)]
        ],
        "by_nation": by_nation,
        "by_category": by_category,
        "total": {
            "units": summary.total.units,
            "military": summary.total.military,
            "police": summary.total.police,
            "civilian": summary.total.civilian,
            "total": summary.total.personnel,
        },
        "key_dates": key_dates,
        "requirements": requirements,
        "drivers": drivers,
        "target": result.sensitivity_target,
        "chain": {
            "target": chain.target,
            "day": _day(result, chain.day),
            "links": [
                {
                    "kind": _(x.kind.replace("_", " ")),
                    "label": localise(x.label, lang),
                    "start": _day(result, x.start),
                    "end": _day(result, x.end),
                    "days": f"{x.days:.1f}",
                }
                for x in chain.links
            ],
        },
        "cost": cost,
        "cost_label": localise(cost.label, lang),
        "cost_excludes": _(cost.excludes),
        "cost_notes": [localise(n, lang) for n in cost.notes],
        "cost_rows": _cost_rows(cost, lang),
        "notes": [localise(n, lang) for n in result.notes],
        "sources": sources,
        "charts": _charts(scenario, result, lang),
        "variants": _variants(scenario, result, lang),
    }


def _state_text(code: str, name: str, lang: str) -> str:
    """``KAZ Kazakhstan (KAZ)``; a Russian report, which names a state by its code, says it once."""
    return code if lang != "en" and name == code else f"{name} ({code})"


def _variants(scenario: Scenario, result: SimulationResult, lang: str) -> dict[str, Any] | None:
    """The scenario's variants swept with the report's runs and seed (None without variants)."""
    if not scenario.variants or result.deterministic:
        return None
    from ..analysis.sweep import sweep
    from ..charts.tornado import tornado_chart
    from ..i18n.messages import localise
    from ..simulation import percentiles
    from ..simulation.report import _day as day_text

    table = sweep(scenario, runs=result.runs, seed=result.seed, horizon=result.horizon)
    rows = []
    for case in table.cases:
        foc = percentiles(case.target_day(table.target))
        d = case.difference
        delta = (
            ""
            if d is None
            else _("no change")
            if abs(d.mean) < 0.05 and not d.stderr > 0.05
            else _("%(mean)s days ± %(interval)s") % {"mean": f"{d.mean:+.1f}", "interval": f"{1.96 * d.stderr:.1f}"}
        )
        rows.append(
            {
                "name": case.name,
                "description": case.description or "",
                "p50": day_text(foc.p50).removeprefix(_("day %(n)s") % {"n": ""}),
                "p90": day_text(foc.p90).removeprefix(_("day %(n)s") % {"n": ""}),
                "delta": delta,
                "requirements": [f"{r.p_met_by_deadline * 100:.0f}%" for r in case.requirements],
            }
        )
    target = _(table.target_label)
    return {
        "target": target,
        "rows": rows,
        "requirements": [localise(r.label, lang) for r in table.base.requirements],
        "chart": Chart(
            "tornado",
            _("Effect of each variant"),
            _svg(tornado_chart(table, lang=lang)),
            _("Mean per-run difference from the base on the %(target)s, with P10-P90 whiskers; common random numbers.")
            % {"target": target},
        ),
    }


def _cost_rows(cost: Any, lang: str = "en") -> list[tuple[str, str]]:
    from ..i18n import number

    def n(x: float) -> str:
        return number(x, lang)

    pm = cost.person_months
    rows = [(_("Person-months in theatre over the horizon (P10 / P50 / P90)"), f"{n(pm[0])} / {n(pm[1])} / {n(pm[2])}")]
    if cost.rate is not None:
        a, cur = cost.amount, cost.rate.currency
        rows.append(
            (
                _("Rate (from %(date)s)") % {"date": cost.rate.since.isoformat()},
                _("%(currency)s %(amount)s per person per month") % {"currency": cur, "amount": n(cost.rate.amount)},
            )
        )
        rows.append((_("Reimbursement over the horizon (P10 / P50 / P90)"), f"{cur} {n(a[0])} / {n(a[1])} / {n(a[2])}"))
        rows.append((_("One month at full strength"), f"{cur} {n(cost.monthly_at_full_strength)}"))
    return rows


def build_report(
    scenario: Scenario,
    *,
    runs: int | None = None,
    seed: int | None = None,
    findings: list[Diagnostic] | None = None,
    lang: str = "en",
    result: SimulationResult | None = None,
) -> str:
    """The briefing as one self-contained HTML document (simulating the scenario unless `result` is given)."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not available; the report is written in: {', '.join(LANGUAGES)}")
    import jinja2

    from ..i18n import translations

    if result is None:
        from ..simulation import simulate

        result = simulate(scenario, runs=runs, seed=seed)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pkforce.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    css = (Path(__file__).parent / "templates" / "brief.css").read_text(encoding="utf-8")
    return env.get_template("brief.html.j2").render(css=css, **report_context(scenario, result, findings, lang=lang))


def find_browser() -> str | None:
    """A headless-capable Chromium or Chrome on the PATH (None if there is none)."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return None


def browser_command(browser: str, *args: str) -> list[str]:
    """Chromium's command line for a one-shot headless job (no sandbox: CI runs as root; no network)."""
    return [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--metrics-recording-only",
        "--no-default-browser-check",
        "--mute-audio",
        *args,
    ]


def print_pdf(html: str, pdf: Path, *, timeout: float = 120) -> None:
    """Print the report to PDF with headless Chromium. Raises :class:`BrowserMissing` without one."""
    browser = find_browser()
    if browser is None:
        raise BrowserMissing(
            "--pdf needs Chromium or Google Chrome (none found on the PATH): install it, e.g. "
            "`apt-get install chromium`, or open the HTML report and print it to PDF"
        )
    with tempfile.TemporaryDirectory(prefix="pkforce-report-") as tmp:
        page = Path(tmp) / "brief.html"
        page.write_text(html, encoding="utf-8")
        out = Path(tmp) / "brief.pdf"
        cmd = browser_command(
            browser, f"--user-data-dir={tmp}/profile", "--no-pdf-header-footer", f"--print-to-pdf={out}", page.as_uri()
        )
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
        if not out.is_file() or out.stat().st_size == 0:
            raise RuntimeError(
                f"{Path(browser).name} did not print the PDF (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"
            )
        from .._io import write_atomic

        write_atomic(pdf, out.read_bytes())
