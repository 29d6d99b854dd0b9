"""Cost of a UN operation: person-months of the simulated build-up times the UN reimbursement rate.

    >>> est = cost_estimate(pkforce.simulate(scenario, runs=2000))     # doctest: +SKIP
    >>> round(est.amount.p50)                                          # doctest: +SKIP
    4212600

This is a **troop reimbursement estimate**: what the UN would pay the contributors for their
personnel (the rate in ``pkforce/data/un_reimbursement.yaml``, with its source), over the simulated
horizon, counting each person from the day their unit is in theatre. It leaves out
contingent-owned equipment (major equipment and self-sustainment), which the UN reimburses
separately, and every national cost. A month is 30 days, as in scenario durations.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from ..i18n.messages import tr

if TYPE_CHECKING:
    from ..simulation import SimulationResult

__all__ = ["DAYS_PER_MONTH", "CostEstimate", "Rate", "cost_estimate", "reimbursement_rate"]

DAYS_PER_MONTH = 30.0
LABEL = tr("UN troop reimbursement estimate (personnel only; excludes contingent-owned equipment)")


@dataclass(frozen=True)
class Rate:
    """A reimbursement rate: amount per person per month, in force from a date, with its source."""

    amount: float
    currency: str
    since: date
    source: str


@cache
def _rates() -> tuple[tuple[Rate, ...], str]:
    from ..data import _read

    data = _read("un_reimbursement.yaml")
    rates = tuple(
        sorted(
            (
                Rate(float(r["amount"]), str(data["currency"]), date.fromisoformat(str(r["from"])), str(r["source"]))
                for r in data["rates"]
            ),
            key=lambda r: r.since,
        )
    )
    return rates, str(data["excludes"])


def reimbursement_rate(on: date) -> Rate | None:
    """The rate in force on a day (None before the first known rate)."""
    rates, _ = _rates()
    found = [r for r in rates if r.since <= on]
    return found[-1] if found else None


@dataclass(frozen=True)
class CostEstimate:
    """Person-months over the horizon and what they cost at the rate in force (P10/P50/P90 over runs)."""

    label: str
    rate: Rate | None
    horizon: float
    """days counted (day 0 to the horizon)"""
    person_months: tuple[float, float, float]
    amount: tuple[float, float, float] | None
    """None when no rate was in force on day 0"""
    monthly_at_full_strength: float | None
    """the whole force (less withdrawn units) for one month, at the rate"""
    excludes: str
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        from ..simulation.result import _num

        def triple(x: tuple[float, float, float] | None) -> dict[str, Any] | None:
            return None if x is None else {"p10": _num(x[0]), "p50": _num(x[1]), "p90": _num(x[2])}

        return {
            "label": self.label,
            "rate": None
            if self.rate is None
            else {
                "amount": self.rate.amount,
                "currency": self.rate.currency,
                "since": self.rate.since.isoformat(),
                "source": self.rate.source,
            },
            "horizon_days": _num(self.horizon),
            "person_months": triple(self.person_months),
            "amount": triple(self.amount),
            "monthly_at_full_strength": None
            if self.monthly_at_full_strength is None
            else _num(self.monthly_at_full_strength),
            "excludes": self.excludes,
            "notes": list(self.notes),
        }


def cost_estimate(result: SimulationResult) -> CostEstimate:
    """The reimbursement estimate of a simulation's build-up (see the module's notes)."""
    runs = result.strength("total")["total"]  # (runs, n_times): personnel in theatre at each sample
    step = result.step
    # each sample stands for the step that follows it (the last one: up to the horizon)
    widths = np.full(result.times.size, step)
    widths[-1] = max(result.horizon - result.times[-1], 0.0)
    months = runs @ widths / DAYS_PER_MONTH
    q = np.quantile(months, (0.1, 0.5, 0.9), method="inverted_cdf")
    pm = (float(q[0]), float(q[1]), float(q[2]))
    start = result.scenario.start_instant.date()
    rate = reimbursement_rate(start)
    _, excludes = _rates()
    notes = []
    if rate is None:
        notes.append(
            tr(
                "no UN reimbursement rate is known for %(date)s (the first is from %(first)s): only "
                "person-months are given",
                date=start.isoformat(),
                first=_rates()[0][0].since.isoformat(),
            )
        )
    if result.scenario.operation.kind != "un_operation":
        notes.append(
            tr(
                "this is not a UN operation: the UN reimburses contributors only in its own operations, so "
                "the figure is what the same personnel would cost at the UN rate"
            )
        )
    kept = ~np.isfinite(result.unit_withdrawn[0]) if result.runs else np.ones(len(result.unit_ids), dtype=bool)
    strength = float(result.unit_personnel.sum(axis=1)[kept].sum())
    return CostEstimate(
        label=LABEL,
        rate=rate,
        horizon=result.horizon,
        person_months=pm,
        amount=None if rate is None else (pm[0] * rate.amount, pm[1] * rate.amount, pm[2] * rate.amount),
        monthly_at_full_strength=None if rate is None else strength * rate.amount,
        excludes=excludes,
        notes=tuple(notes),
    )
