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

if TYPE_CHECKING:
    from ..diagnostics import Diagnostic
    from ..scenario.model import Scenario
    from ..simulation import SimulationResult

__all__ = ["LANGUAGES", "BrowserMissing", "build_report", "find_browser", "print_pdf", "report_context"]

LANGUAGES = ("en",)
"""Languages the report is written in (Russian comes with issue 8's translations)."""

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


def _charts(scenario: Scenario, result: SimulationResult) -> list[Chart]:
    from ..charts import buildup_chart, composition_chart, org_chart, timeline_chart

    depth = "battalion" if len(scenario.units) > ORG_CHART_UNITS else None
    return [
        Chart(
            "org",
            "Force structure",
            _svg(org_chart(scenario, depth=depth, max_width=24, max_height=30)),
            "The command tree with APP-6 / MIL-STD-2525D unit symbols (friendly frames; each state's code "
            "and tab colour beside its units)"
            + (" (battalions and larger; smaller units are counted in markers)" if depth else "")
            + ".",
        ),
        Chart(
            "composition",
            "Composition",
            _svg(composition_chart(scenario)),
            "Personnel by contributing state and category, against the mandate's requirements.",
        ),
        Chart(
            "buildup",
            "Build-up in theatre",
            _svg(buildup_chart(result)),
            "Personnel in theatre over time: median and P10-P90 band over the runs.",
        ),
        Chart(
            "timeline",
            "Decision path and deployment",
            _svg(timeline_chart(result)),
            "The procedure, each contributor's approval and its units' readiness and arrival (P10-P90).",
        ),
    ]


def _day(result: SimulationResult, day: float) -> str:
    from ..simulation.report import _day as day_text

    return day_text(day)


def report_context(
    scenario: Scenario, result: SimulationResult, findings: list[Diagnostic] | None = None, *, lang: str = "en"
) -> dict[str, Any]:
    """The plain values the template shows (also useful to test a report without parsing HTML)."""
    from .._version import __version__
    from ..analysis.cost import cost_estimate
    from ..simulation.chain import chain_of
    from ..simulation.report import _cell, _share
    from ..summary import summarize

    summary = summarize(scenario)
    dates = result.key_dates()
    names = {
        "decision": "Council decision",
        "ioc": "IOC (initial operational capability)",
        "foc": "FOC (full operational capability)",
        "complete": "Whole force in theatre",
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
            "label": r.label,
            "deadline": _day(result, r.deadline) + ("" if r.has_deadline else " (horizon)"),
            "chance": _share(r.p_met_by_deadline),
            "first_met": _cell(r.first_met.p50, r.first_met.p50_date),
            "shortfall": f"{r.shortfall:,.0f}" if r.shortfall else "-",
            "met": r.p_met_by_deadline >= 0.5,
        }
        for r in result.requirements
    ]
    drivers = [{"rho": f"{d.rho:+.2f}", "label": d.label} for d in result.sensitivity if d.rho >= 0.05][:8]
    chain = chain_of(result)
    cost = cost_estimate(result)
    org = scenario.organization
    from ..data import organization_profile

    profile = organization_profile(org) if isinstance(org, str) else org
    sources = list(scenario.operation.legal_basis)
    sources += list(profile.sources if profile is not None else [])
    if cost.rate is not None:
        sources.append(f"UN troop reimbursement rate: {cost.rate.source}")
    from ..charts.style import nation_label

    by_nation = [
        {
            "nation": n,
            "name": nation_label(n, scenario, long=True),
            "units": t.units,
            "military": t.military,
            "police": t.police,
            "civilian": t.civilian,
            "total": t.personnel,
        }
        for n, t in summary.by_nation.items()
    ]
    by_category = [{"category": c, "units": t.units, "total": t.personnel} for c, t in summary.by_category.items()]
    return {
        "lang": lang,
        "version": __version__,
        "title": scenario.title or scenario.id or "Scenario",
        "scenario": scenario,
        "description": (scenario.description or "").strip(),
        "operation": {
            "kind": "UN operation (2021 Protocol)"
            if scenario.operation.kind == "un_operation"
            else "Operation on member territory (Article 3)",
            "host": scenario.operation.host_state,
            "duration": str(scenario.operation.duration or "not given"),
        },
        "start": result.scenario.start_instant.strftime("%Y-%m-%d %H:%M %Z"),
        "runs": result.runs,
        "seed": result.seed,
        "horizon": f"{result.horizon:g}",
        "findings": [
            {
                "where": f"line {d.line}" if d.line else "",
                "code": d.code,
                "name": d.name,
                "severity": str(d.severity.value if hasattr(d.severity, "value") else d.severity),
                "message": d.message,
                "fix": d.fix or "",
            }
            for d in findings or []
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
                    "kind": x.kind.replace("_", " "),
                    "label": x.label,
                    "start": _day(result, x.start),
                    "end": _day(result, x.end),
                    "days": f"{x.days:.1f}",
                }
                for x in chain.links
            ],
        },
        "cost": cost,
        "cost_rows": _cost_rows(cost),
        "notes": list(result.notes),
        "sources": sources,
        "charts": _charts(scenario, result),
        "variants": _variants(scenario, result),
    }


def _variants(scenario: Scenario, result: SimulationResult) -> dict[str, Any] | None:
    """The scenario's variants swept with the report's runs and seed (None without variants)."""
    if not scenario.variants or result.deterministic:
        return None
    from ..analysis.sweep import sweep
    from ..charts.tornado import tornado_chart
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
            else "no change"
            if abs(d.mean) < 0.05 and not d.stderr > 0.05
            else f"{d.mean:+.1f} days ± {1.96 * d.stderr:.1f}"
        )
        rows.append(
            {
                "name": case.name,
                "description": case.description or "",
                "p50": day_text(foc.p50).removeprefix("day "),
                "p90": day_text(foc.p90).removeprefix("day "),
                "delta": delta,
                "requirements": [f"{r.p_met_by_deadline * 100:.0f}%" for r in case.requirements],
            }
        )
    return {
        "target": table.target_label,
        "rows": rows,
        "requirements": [r.label for r in table.base.requirements],
        "chart": Chart(
            "tornado",
            "Effect of each variant",
            _svg(tornado_chart(table)),
            f"Mean per-run difference from the base on the {table.target_label}, with "
            "P10-P90 whiskers; common random numbers.",
        ),
    }


def _cost_rows(cost: Any) -> list[tuple[str, str]]:
    pm = cost.person_months
    rows = [
        ("Person-months in theatre over the horizon (P10 / P50 / P90)", f"{pm[0]:,.0f} / {pm[1]:,.0f} / {pm[2]:,.0f}")
    ]
    if cost.rate is not None:
        a = cost.amount
        rows.append(
            (
                f"Rate (from {cost.rate.since.isoformat()})",
                f"{cost.rate.currency} {cost.rate.amount:,.0f} per person per month",
            )
        )
        rows.append(
            (
                "Reimbursement over the horizon (P10 / P50 / P90)",
                f"{cost.rate.currency} {a[0]:,.0f} / {a[1]:,.0f} / {a[2]:,.0f}",
            )
        )
        rows.append(("One month at full strength", f"{cost.rate.currency} {cost.monthly_at_full_strength:,.0f}"))
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

    if result is None:
        from ..simulation import simulate

        result = simulate(scenario, runs=runs, seed=seed)
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("pkforce.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
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
