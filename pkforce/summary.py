"""Force summary: totals by contributing nation and category (`pkforce summary`)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from .force import Force, Totals
from .scenario.model import Scenario
from .scenario.vocab import CATEGORIES

__all__ = ["ForceSummary", "SummaryRow", "summarize"]


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """Totals for one nation and category."""

    nation: str
    category: str
    totals: Totals


@dataclass(frozen=True)
class ForceSummary:
    """The force's totals by nation x category, by nation, by category and overall."""

    scenario_id: str | None
    title: str | None
    rows: list[SummaryRow]
    by_nation: dict[str, Totals]
    by_category: dict[str, Totals]
    total: Totals

    def to_dict(self) -> dict[str, object]:
        return {
            "pkforce_summary": 1,
            "scenario": self.scenario_id,
            "title": self.title,
            "rows": [{"nation": r.nation, "category": r.category, **r.totals.as_dict()} for r in self.rows],
            "by_nation": {k: v.as_dict() for k, v in self.by_nation.items()},
            "by_category": {k: v.as_dict() for k, v in self.by_category.items()},
            "total": self.total.as_dict(),
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_text(self, lang: str | None = None) -> str:
        """A fixed-width table for the terminal, in `lang` (``"ru"`` or ``"en"``, default English)."""
        from .i18n import language

        with language(lang):
            return self._text()

    def _text(self) -> str:
        from .i18n import _

        head = (_("nation"), _("category"), _("units"), _("military"), _("police"), _("civilian"), _("total"))
        body: list[tuple[str, ...]] = []
        last = None
        for r in self.rows:
            t = r.totals
            body.append(
                (
                    r.nation if r.nation != last else "",
                    r.category,
                    f"{t.units:,}",
                    f"{t.military:,}",
                    f"{t.police:,}",
                    f"{t.civilian:,}",
                    f"{t.personnel:,}",
                )
            )
            last = r.nation
            if r is self.rows[-1] or self.rows[self.rows.index(r) + 1].nation != r.nation:
                n = self.by_nation[r.nation]
                share = n.personnel / self.total.personnel if self.total.personnel else 0.0
                body.append(
                    (
                        "",
                        f"= {r.nation} ({share:.0%})",
                        f"{n.units:,}",
                        f"{n.military:,}",
                        f"{n.police:,}",
                        f"{n.civilian:,}",
                        f"{n.personnel:,}",
                    )
                )
        t = self.total
        foot = (
            _("TOTAL"),
            "",
            f"{t.units:,}",
            f"{t.military:,}",
            f"{t.police:,}",
            f"{t.civilian:,}",
            f"{t.personnel:,}",
        )
        widths = [max(len(row[i]) for row in (head, foot, *body)) for i in range(len(head))]

        def fmt(row: tuple[str, ...]) -> str:
            cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
            cells += [c.rjust(w) for c, w in zip(row[2:], widths[2:], strict=True)]
            return "  ".join(cells).rstrip()

        rule = "  ".join("-" * w for w in widths)
        lines = [self.title or self.scenario_id or _("scenario"), "", fmt(head), rule]
        lines += [fmt(r) for r in body]
        lines += [rule, fmt(foot)]
        if t.equipment:
            lines += ["", _("equipment:") + " " + ", ".join(f"{k} {v:,}" for k, v in sorted(t.equipment.items()))]
        return "\n".join(lines) + "\n"


def summarize(scenario: Scenario, force: Force | None = None) -> ForceSummary:
    """Totals of the force by nation and category.

    >>> summarize(scenario).total.personnel        # doctest: +SKIP
    2411
    """
    force = force or Force.from_scenario(scenario)
    table = force.table()
    order = {c: i for i, c in enumerate(CATEGORIES)}
    nations = force.nations()
    rows = [SummaryRow(n, c, t) for (n, c), t in table.items()]
    rows.sort(key=lambda r: (nations.index(r.nation), order.get(r.category, len(order)), r.category))
    by_nation = force.totals_by(lambda u: u.nation)
    by_category = force.totals_by(lambda u: u.category or "unknown")
    by_category = dict(sorted(by_category.items(), key=lambda kv: order.get(kv[0], len(order))))
    return ForceSummary(scenario.id, scenario.title, rows, by_nation, by_category, force.totals())
