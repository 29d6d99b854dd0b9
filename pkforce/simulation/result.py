"""The typed result of a simulation: per-run arrays, summaries, JSON, CSV and a pandas view.

Days count from the scenario's start (day 0) and may be fractional; ``inf`` means never (or not
within the horizon, for dates such as IOC and FOC). Every summary is computed from the per-run
arrays, so a result can always be summarised again (for instance with other percentiles).

    >>> result = simulate(scenario, runs=1000, seed=7)         # doctest: +SKIP
    >>> round(result.key_dates()["ioc"].p50, 2)                 # doctest: +SKIP
    72.8
    >>> result.series("nation", "police")["RUS"].p50[29:32]     # doctest: +SKIP
    array([  0.,   0., 140.])
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..i18n.messages import Joined, tr
from .engine import TIME_TOLERANCE, rank_rows
from .stats import (
    column_percentiles,
    histogram_percentiles,
    order_statistics,
    percentile_triple,
    row_percentiles,
)

if TYPE_CHECKING:
    from ..scenario.model import Requirement, Scenario

__all__ = [
    "FORMAT_VERSION",
    "Band",
    "Driver",
    "GroupBy",
    "Kind",
    "Percentiles",
    "RequirementOutcome",
    "SimulationResult",
    "percentiles",
]

FORMAT_VERSION = 1
"""Version of the JSON document (the ``pkforce_simulation`` key). Bumped on any incompatible change."""

DECIMALS = 6
"""Every number in JSON and CSV is rounded to this many decimals (a day to about 0.1 s), so that
the same seed gives byte-identical output on any machine and with any number of workers."""

GroupBy = Literal["category", "nation", "total"]
Kind = Literal["personnel", "military", "police", "civilian"]
_KINDS: tuple[Kind, ...] = ("personnel", "military", "police", "civilian")


def _num(x: float) -> float | None:
    """A JSON number: rounded, with -0.0 folded to 0.0; None for never (inf) and nan."""
    x = float(x)
    if not np.isfinite(x):
        return None
    return round(x, DECIMALS) + 0.0


def _nums(values: np.ndarray) -> list[float | None]:
    """:func:`_num` of each value; whole numbers (strengths) need no rounding, so skip it."""
    if values.size and np.isfinite(values).all() and (values == np.round(values)).all():
        return list((values + 0.0).tolist())
    return [_num(x) for x in values]


def _when(scenario: Scenario, day: float) -> datetime | None:
    """Calendar instant of a day, to the minute, in the scenario's zone (None for never)."""
    if not np.isfinite(day):
        return None
    try:
        instant = scenario.date_of(round(float(day), DECIMALS))
    except OverflowError:  # a day beyond the calendar (year 9999)
        return None
    return (instant + timedelta(seconds=30)).replace(second=0, microsecond=0)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment is not None else None


@dataclass(frozen=True, slots=True)
class Percentiles:
    """P10/P50/P90 of a date over the runs, in days from the start and as calendar instants.

    Percentiles are empirical (a value some run actually had; see :mod:`pkforce.simulation.stats`),
    so a P90 of ``inf`` means that in more than 10% of the runs the date was never reached.
    """

    p10: float
    p50: float
    p90: float
    reached: float
    """share of runs in which the date was reached at all"""
    p10_date: datetime | None = None
    p50_date: datetime | None = None
    p90_date: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "p10": _num(self.p10),
            "p50": _num(self.p50),
            "p90": _num(self.p90),
            "reached": _num(self.reached),
            "p10_date": _iso(self.p10_date),
            "p50_date": _iso(self.p50_date),
            "p90_date": _iso(self.p90_date),
        }


def percentiles(values: np.ndarray, scenario: Scenario | None = None) -> Percentiles:
    """Percentiles of per-run days (nan and inf: never).

    >>> percentiles(np.array([1.0, 2.0, np.inf, 4.0])).p50
    2.0
    """
    v = np.asarray(values, dtype=float).reshape(-1)
    if v.size == 0:
        return Percentiles(np.inf, np.inf, np.inf, 0.0)
    q = percentile_triple(v)
    reached = float(np.isfinite(v).mean())
    dates = [_when(scenario, d) if scenario is not None else None for d in q]
    return Percentiles(float(q[0]), float(q[1]), float(q[2]), reached, dates[0], dates[1], dates[2])


@dataclass(frozen=True, slots=True)
class Band:
    """Strength in theatre at each sample time over the runs: P10, median, P90 and mean."""

    p10: np.ndarray
    p50: np.ndarray
    p90: np.ndarray
    mean: np.ndarray

    def to_dict(self) -> dict[str, list[float | None]]:
        return {name: _nums(getattr(self, name)) for name in ("p10", "p50", "p90", "mean")}


@dataclass(frozen=True, slots=True)
class RequirementOutcome:
    """How a requirement of the mandate fared over the runs."""

    index: int
    """position in ``operation.requirements``"""
    requirement: Requirement
    label: str
    deadline: float
    """its ``by`` in days, or the horizon when it has none"""
    has_deadline: bool
    first_met: Percentiles
    """first day the requirement was met (inf: not within the horizon)"""
    p_met_by_deadline: float
    """share of runs in which it was first met on or before the deadline"""
    p_met_at_horizon: float
    """share of runs in which it is met at the horizon (a withdrawal can undo it)"""
    personnel_required: float | None
    personnel_at_horizon: float | None
    """median personnel in theatre counting for it, at the horizon"""
    shortfall_personnel: float | None
    """median shortfall in personnel at the horizon (0: met)"""
    units_required: float | None
    units_at_horizon: float | None
    shortfall_units: float | None
    p_lost: float = 0.0
    """share of runs in which the requirement, once met, stops being met within the horizon (a
    withdrawal takes away what it counted on)"""
    lost: Percentiles | None = None
    """over the runs in which it is lost: the first day it stops being met (None: never lost)"""
    regained: Percentiles | None = None
    """over the same runs: the first day it is met again (inf: not within the horizon); its
    `reached` is the share of them that regain it"""

    @property
    def shortfall(self) -> float:
        """The median shortfall at the horizon in the requirement's own terms: personnel when it asks
        for personnel, else units (0 when met)."""
        value = self.shortfall_personnel if self.shortfall_personnel is not None else self.shortfall_units
        return 0.0 if value is None else value

    def to_dict(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "label": self.label,
            "category": self.requirement.category,
            "capability": self.requirement.capability,
            "deadline": _num(self.deadline),
            "has_deadline": self.has_deadline,
            "first_met": self.first_met.to_dict(),
            "p_met_by_deadline": _num(self.p_met_by_deadline),
            "p_met_at_horizon": _num(self.p_met_at_horizon),
            "personnel_required": _opt(self.personnel_required),
            "personnel_at_horizon": _opt(self.personnel_at_horizon),
            "shortfall_personnel": _opt(self.shortfall_personnel),
            "units_required": _opt(self.units_required),
            "units_at_horizon": _opt(self.units_at_horizon),
            "shortfall_units": _opt(self.shortfall_units),
            "p_lost": _num(self.p_lost),
            "lost": self.lost.to_dict() if self.lost is not None else None,
            "regained": self.regained.to_dict() if self.regained is not None else None,
        }


def _opt(x: float | None) -> float | None:
    return None if x is None else _num(x)


@dataclass(frozen=True, slots=True)
class Driver:
    """A random input and how strongly it moves the sensitivity target (FOC) across runs.

    `rho` is Spearman's rank correlation: +1 means a later value always comes with a later FOC.
    """

    kind: Literal["contributor", "unit", "step"]
    """`contributor`: a state's national approval; `unit`: a unit's readiness; `step`: another step"""
    id: str
    """the state code, the unit id or the step's label"""
    label: str
    nation: str | None
    rho: float
    p10: float
    """P10 of the driver (days: the approval's day, or the unit's readiness)"""
    p90: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "nation": self.nation,
            "rho": _num(self.rho),
            "p10": _num(self.p10),
            "p90": _num(self.p90),
        }


@dataclass(eq=False)
class SimulationResult:
    """Everything a simulation produced. Arrays have one row per run (``runs`` rows).

    Units are the scenario's ``units`` in order, followed by the units added by ``reinforce``
    injects. ``unit_withdrawn`` is the same in every run (inject days are fixed), so it is a
    read-only broadcast view.
    """

    scenario: Scenario
    runs: int
    seed: int
    deterministic: bool
    horizon: float
    """days"""
    step: float
    """days between samples of the build-up series"""
    times: np.ndarray
    """the sample grid in days: 0, step, 2*step ... up to the horizon"""
    step_labels: list[str]
    step_days: np.ndarray
    """(runs, n_steps) day of each procedure step (nan: never)"""
    unit_ids: list[str]
    unit_names: list[str]
    unit_nations: list[str]
    unit_categories: list[str]
    unit_personnel: np.ndarray
    """(n_units, 3) military, police, civilian"""
    unit_reinforcement: list[bool]
    unit_ready: np.ndarray
    """(runs, n_units) day the unit is ready to move (inf: never)"""
    unit_arrival: np.ndarray
    """(runs, n_units) day its last member arrives in theatre (inf: never, or withdrawn first)"""
    unit_withdrawn: np.ndarray
    """(runs, n_units) day a withdraw inject removes it, whether or not it had arrived (inf: never)"""
    decision_day: np.ndarray
    """(runs,) the council decision (inf: never)"""
    ioc_day: np.ndarray
    """(runs,) initial operational capability (inf: not within the horizon)"""
    foc_day: np.ndarray
    """(runs,) full operational capability (inf: not within the horizon)"""
    complete_day: np.ndarray
    """(runs,) every unit not withdrawn by an inject is in theatre (inf: not within the horizon)"""
    requirement_days: np.ndarray
    """(runs, n_requirements) first day each requirement is met (inf: not within the horizon)"""
    requirements: list[RequirementOutcome]
    ioc_share: float
    batch_size: int
    readiness_units: np.ndarray
    """indices of the units whose readiness is random"""
    readiness_samples: np.ndarray
    """(runs, len(readiness_units)) their sampled readiness in days (the sensitivity's inputs)"""
    random_steps: np.ndarray
    """indices of the procedure steps whose duration is random"""
    notes: list[str] = field(default_factory=list)
    _bands: dict[tuple[str, str], dict[str, Band]] = field(default_factory=dict, repr=False)
    _drivers: tuple[list[Driver], Literal["foc", "complete", "none"]] | None = field(default=None, repr=False)
    _grid: np.ndarray | None = field(default=None, repr=False)

    # --- sensitivity ----------------------------------------------------------------------------

    @property
    def sensitivity(self) -> list[Driver]:
        """Random inputs ranked by how much a later value goes with a later FOC (Spearman's rank
        correlation across runs, strongest first). Computed on first use.

        Drivers are each contributor's national approval (the day of its last approval step),
        every other procedure step with a random duration, and each unit's random readiness.
        """
        return self._sensitivity()[0]

    @property
    def sensitivity_target(self) -> Literal["foc", "complete", "none"]:
        """What the drivers are correlated with: ``foc``; ``complete`` (the whole force in theatre)
        when FOC is the same in every run (for instance never reached); ``none`` when that is fixed too."""
        return self._sensitivity()[1]

    def _sensitivity(self) -> tuple[list[Driver], Literal["foc", "complete", "none"]]:
        if self._drivers is None:
            self._drivers = _rank_drivers(self)
        return self._drivers

    # --- build-up -----------------------------------------------------------------------------

    def groups(self, by: GroupBy) -> list[str]:
        """Group names in order of first appearance among the units (``["total"]`` for total)."""
        if by == "total":
            return ["total"]
        names = self.unit_categories if by == "category" else self.unit_nations
        return list(dict.fromkeys(names))

    def _group_index(self, by: GroupBy) -> tuple[list[str], np.ndarray]:
        names = self.groups(by)
        if by == "total":
            return names, np.zeros(len(self.unit_ids), dtype=np.int64)
        source = self.unit_categories if by == "category" else self.unit_nations
        index = {n: i for i, n in enumerate(names)}
        return names, np.array([index[n] for n in source], dtype=np.int64)

    def strength(self, by: GroupBy = "category", kind: Kind = "personnel") -> dict[str, np.ndarray]:
        """Per group, a (runs, n_times) array: strength in theatre at each sample time of each run.

        A unit counts at a sample time if it arrived at or before it and was not yet withdrawn.
        """
        names, gi = self._group_index(by)
        data = _strength(self, gi, len(names), _weights(self.unit_personnel, kind))
        return {n: data[g].T for g, n in enumerate(names)}

    def series(self, by: GroupBy = "category", kind: Kind = "personnel") -> dict[str, Band]:
        """The build-up over :attr:`times`, per category, nation or in total: P10/P50/P90 and mean.

        >>> result.series("nation", "police")["RUS"].p50      # doctest: +SKIP
        array([  0.,   0., ..., 140., 140.])
        """
        if by not in ("category", "nation", "total"):
            raise ValueError(f"by must be category, nation or total, not {by!r}")
        if kind not in _KINDS:
            raise ValueError(f"kind must be one of {', '.join(_KINDS)}, not {kind!r}")
        key = (by, kind)
        if key not in self._bands:
            names, gi = self._group_index(by)
            weight = _weights(self.unit_personnel, kind)
            # one group at a time: a (times, runs) block each rather than the whole (groups, times,
            # runs) cube, which keeps the memory touched (and the start of a short run) small
            alone = np.zeros_like(gi)
            bands: dict[str, Band] = {}
            for g, n in enumerate(names):
                mine = np.where(gi == g, weight, 0.0)
                band = _band_from_events(self, mine)
                bands[n] = band if band is not None else _band(_strength(self, alone, 1, mine)[0])
            self._bands[key] = bands
        return self._bands[key]

    def _arrival_index(self) -> np.ndarray:
        """(runs, n_units) index of the first sample time at or after each arrival (cached)."""
        if self._grid is None:
            self._grid = _grid_index(self.unit_arrival, self.step, self.times.size)
        return self._grid

    # --- summaries ------------------------------------------------------------------------------

    def key_dates(self) -> dict[str, Percentiles]:
        """P10/P50/P90 of the decision, IOC, FOC, the complete force and every procedure step."""
        out = {
            "decision": percentiles(self.decision_day, self.scenario),
            "ioc": percentiles(self.ioc_day, self.scenario),
            "foc": percentiles(self.foc_day, self.scenario),
            "complete": percentiles(self.complete_day, self.scenario),
        }
        for i, label in enumerate(self.step_labels):
            out[label] = percentiles(self.step_days[:, i], self.scenario)
        return out

    def summary(self) -> dict[str, Any]:
        """The headline figures as plain Python values (what the JSON holds, less units and series)."""
        sc = self.scenario
        return {
            "scenario": {"id": sc.id, "title": sc.title, "start": _iso(sc.start_instant)},
            "settings": {
                "runs": self.runs,
                "seed": self.seed,
                "deterministic": self.deterministic,
                "horizon": _num(self.horizon),
                "step": _num(self.step),
                "ioc_share": _num(self.ioc_share),
                "batch_size": self.batch_size,
            },
            "key_dates": {k: v.to_dict() for k, v in self.key_dates().items()},
            "requirements": [r.to_dict() for r in self.requirements],
            "sensitivity": {"target": self.sensitivity_target, "drivers": [d.to_dict() for d in self.sensitivity]},
            "notes": list(self.notes),
            "critical_chain": critical_chain_summary(self),
        }

    def units_summary(self) -> list[dict[str, Any]]:
        """Per unit: who it is, when it is ready and in theatre (P10/P50/P90), and its withdrawal."""
        ready = column_percentiles(self.unit_ready)
        arrival = column_percentiles(self.unit_arrival)
        arrives = (self.unit_arrival <= self.horizon + TIME_TOLERANCE).mean(axis=0) if self.runs else None
        withdrawn = self.unit_withdrawn[0] if self.runs else np.full(len(self.unit_ids), np.inf)
        out = []
        for j, uid in enumerate(self.unit_ids):
            mil, pol, civ = (int(x) for x in self.unit_personnel[j])
            out.append(
                {
                    "id": uid,
                    "name": self.unit_names[j],
                    "nation": self.unit_nations[j],
                    "category": self.unit_categories[j],
                    "military": mil,
                    "police": pol,
                    "civilian": civ,
                    "personnel": mil + pol + civ,
                    "reinforcement": self.unit_reinforcement[j],
                    "ready": self._pct(ready[:, j]),
                    "arrival": self._pct(arrival[:, j]),
                    "p_in_theatre_by_horizon": _num(arrives[j]) if arrives is not None else None,
                    "withdrawn": _num(withdrawn[j]),
                }
            )
        return out

    def _pct(self, q: np.ndarray) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, day in zip(("p10", "p50", "p90"), q, strict=True):
            out[name] = _num(day)
            out[f"{name}_date"] = _iso(_when(self.scenario, day))
        return out

    # --- output formats -----------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The whole JSON document as Python values."""
        doc: dict[str, Any] = {"pkforce_simulation": FORMAT_VERSION, **self.summary()}
        doc["units"] = self.units_summary()
        doc["series"] = {
            "kind": "personnel",
            "times": _nums(self.times),
            **{
                by: {name: band.to_dict() for name, band in self.series(by).items()}
                for by in ("total", "nation", "category")
            },
        }
        return doc

    def to_json(self, *, indent: int | None = 1) -> str:
        """A stable, versioned JSON document: same seed, same bytes, whatever the workers.

        Keys are sorted, numbers rounded to :data:`DECIMALS` decimals, never is ``null``.
        """
        return json.dumps(self.to_dict(), sort_keys=True, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"

    def buildup_rows(self, kinds: tuple[Kind, ...] = ("personnel",)) -> list[dict[str, Any]]:
        """The build-up per sample time, by total, nation and category: one row per time and group."""
        rows: list[dict[str, Any]] = []
        dates = [_when(self.scenario, t) for t in self.times]
        for kind in kinds:
            for by in ("total", "nation", "category"):
                for group, band in self.series(by, kind).items():
                    for k, t in enumerate(self.times):
                        rows.append(
                            {
                                "day": float(t),
                                "date": dates[k],
                                "by": by,
                                "group": group,
                                "kind": kind,
                                "p10": float(band.p10[k]),
                                "p50": float(band.p50[k]),
                                "p90": float(band.p90[k]),
                                "mean": float(band.mean[k]),
                            }
                        )
        return rows

    def to_csv(self) -> str:
        """The build-up per sample time by nation and category (and in total), personnel in theatre.

        Columns: ``day,date,by,group,p10,p50,p90,mean``; ``by`` is total, nation or category.
        """
        from .._io import spreadsheet_safe

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["day", "date", "by", "group", "p10", "p50", "p90", "mean"])
        for row in self.buildup_rows():
            # text cells come from the scenario: never a formula a spreadsheet would run
            writer.writerow(
                [
                    _fmt(row["day"]),
                    _iso(row["date"]),
                    row["by"],
                    spreadsheet_safe(str(row["group"])),
                    _fmt(row["p10"]),
                    _fmt(row["p50"]),
                    _fmt(row["p90"]),
                    _fmt(row["mean"]),
                ]
            )
        return buf.getvalue()

    def to_dataframe(self, table: Literal["buildup", "runs"] = "buildup") -> Any:
        """A pandas DataFrame: ``buildup`` (one row per sample time, group and personnel kind) or
        ``runs`` (one row per run: decision, IOC, FOC, complete, each step and requirement, in days).

        pandas is an optional extra, imported here only.
        """
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError(
                "SimulationResult.to_dataframe() needs pandas, an optional extra: pip install 'pkforce[pandas]'"
            ) from exc
        if table == "buildup":
            return pd.DataFrame(self.buildup_rows(_KINDS))
        if table == "runs":
            cols: dict[str, Any] = {
                "run": np.arange(self.runs),
                "decision": self.decision_day,
                "ioc": self.ioc_day,
                "foc": self.foc_day,
                "complete": self.complete_day,
            }
            for i, label in enumerate(self.step_labels):
                cols[f"step: {label}"] = self.step_days[:, i]
            for r in self.requirements:
                cols[f"met: {r.label}"] = self.requirement_days[:, r.index]
            return pd.DataFrame(cols)
        raise ValueError(f"table must be buildup or runs, not {table!r}")


def _fmt(x: float) -> str:
    v = _num(x)
    if v is None:
        return ""
    return str(int(v)) if v == int(v) else repr(v)


def _weights(personnel: np.ndarray, kind: Kind) -> np.ndarray:
    if kind == "personnel":
        return personnel.sum(axis=1).astype(float)
    return personnel[:, ("military", "police", "civilian").index(kind)].astype(float)


def _grid_index(days: np.ndarray, step: float, n_times: int) -> np.ndarray:
    """Index of the first sample time at or after each day (n_times: after the last sample)."""
    k = np.ceil(days / step - TIME_TOLERANCE)
    np.clip(k, 0, n_times, out=k)  # inf (never) -> n_times
    return k.astype(np.int32)


def _strength(result: SimulationResult, group: np.ndarray, n_groups: int, weight: np.ndarray) -> np.ndarray:
    """(n_groups, n_times, runs): summed `weight` of each group's units in theatre at each sample.

    Each unit adds its weight at the first sample at or after its arrival and removes it at the
    first sample at or after its withdrawal: one scatter (bincount) per chunk of runs and a running
    sum over time. A unit that never arrives adds at index n_times, past the last sample.
    """
    runs = result.unit_arrival.shape[0]
    n_times = result.times.size
    width = n_times + 1
    out = np.empty((n_groups, n_times, runs))
    cols = np.flatnonzero(weight != 0)
    if runs == 0:
        return out
    if cols.size == 0:
        out.fill(0.0)
        return out
    grid = result._arrival_index()
    wd = np.asarray(result.unit_withdrawn[0])
    leaving = cols[np.isfinite(wd[cols])]
    iw = _grid_index(wd[leaving], result.step, n_times).astype(np.int64)
    base = group[cols].astype(np.int64) * width
    chunk = max(1, min(runs, 4_000_000 // cols.size))
    for lo in range(0, runs, chunk):
        hi = min(runs, lo + chunk)
        n = hi - lo
        r = np.arange(n, dtype=np.int64)
        index = (grid[lo:hi, cols] + base) * n + r[:, None]
        weights = np.broadcast_to(weight[cols], index.shape)
        if leaving.size:  # removals, only for units that did arrive
            arrived = grid[lo:hi, leaving] < n_times
            rr, uu = np.nonzero(arrived)
            gone = (group[leaving][uu].astype(np.int64) * width + iw[uu]) * n + rr
            index = np.concatenate([index.ravel(), gone])
            weights = np.concatenate([weights.ravel(), -weight[leaving][uu]])
        diff = np.bincount(index.ravel(), weights=weights.ravel(), minlength=n_groups * width * n)
        diff = diff.reshape(n_groups, width, n)
        for k in range(1, n_times):  # a running sum over time, row by row (contiguous)
            diff[:, k] += diff[:, k - 1]
        out[:, :, lo:hi] = diff[:, :n_times]
    return out


FEW_EVENTS = 32
"""A group with at most this many arrivals and withdrawals per run gets its band from a histogram
of the strengths the runs pass through (:func:`_band_from_events`), not from every run's strength
at every sample time."""


def _band_from_events(result: SimulationResult, weight: np.ndarray) -> Band | None:
    """The band of the units with a `weight`, from how many runs hold each strength at each sample.

    In each run the group's strength changes only at the samples of its units' arrivals and
    withdrawals: at each, the run leaves one strength for another. Counting runs per strength (a
    histogram with one column per distinct strength) replaces the (times, runs) block; the
    percentiles and the mean are the same, exactly. None when the group has too many events or
    distinct strengths for that to pay.
    """
    runs = result.unit_arrival.shape[0]
    n_times = result.times.size
    cols = np.flatnonzero(weight != 0)
    wd = np.asarray(result.unit_withdrawn[0])
    leaving = cols[np.isfinite(wd[cols])]
    if runs == 0 or cols.size + leaving.size > FEW_EVENTS:
        return None
    grid = result._arrival_index()
    arrive = grid[:, cols].astype(np.int64)
    # a withdrawal at its sample, for a unit that did arrive; otherwise past the last sample
    leave = np.where(
        arrive[:, np.searchsorted(cols, leaving)] < n_times, _grid_index(wd[leaving], result.step, n_times), n_times
    )
    when = np.concatenate([arrive, leave], axis=1)
    delta = np.concatenate([weight[cols], -weight[leaving]])
    # per run and event: the strength just before its sample and just after (all the events of
    # that sample applied); a sample with several events counts once, at its first event
    at_or_before = when[:, None, :] <= when[:, :, None]  # [r, j, i]: event i is not after event j
    after = at_or_before.astype(float) @ delta  # whole numbers: exact
    before = (when[:, None, :] < when[:, :, None]).astype(float) @ delta
    same = when[:, None, :] == when[:, :, None]
    first = ~np.tril(np.ones(same.shape[1:], dtype=bool), -1)[None] | ~same
    keep = first.all(axis=2) & (when < n_times)
    after, before, when = after[keep], before[keep], when[keep]
    values = np.unique(np.concatenate([[0.0], after]))  # every strength before an event is 0 or after one
    if values.size > max(16, runs // 8):
        return None
    k = values.size
    at = when * k
    index = np.concatenate(
        [[np.searchsorted(values, 0.0)], at + np.searchsorted(values, after), at + np.searchsorted(values, before)]
    )
    change = np.concatenate([[runs], np.ones(after.size), -np.ones(after.size)])
    counts = np.bincount(index, weights=change, minlength=(n_times + 1) * k).reshape(n_times + 1, k)
    counts = np.cumsum(counts[:n_times], axis=0)
    q = histogram_percentiles(counts, values)
    return Band(q[0], q[1], q[2], counts @ values / runs)


def _band(m: np.ndarray) -> Band:
    """P10/P50/P90 (empirical, as every percentile in pkforce) and mean of each row of `m` (times, runs)."""
    q = row_percentiles(m)
    mean = m.mean(axis=1) if m.shape[1] else np.zeros(m.shape[0])
    return Band(q[0], q[1], q[2], mean)


def _varies(x: np.ndarray) -> bool:
    return x.size > 1 and bool((x != x[0]).any())


def _rank_drivers(result: SimulationResult) -> tuple[list[Driver], Literal["foc", "complete", "none"]]:
    target_name: Literal["foc", "complete", "none"]
    if _varies(result.foc_day):
        target, target_name = result.foc_day, "foc"
    elif _varies(result.complete_day):
        target, target_name = result.complete_day, "complete"
    else:
        return [], "none"

    steps = result.scenario.procedure
    reached = np.where(np.isnan(result.step_days), np.inf, result.step_days)
    random_steps = {int(i) for i in result.random_steps}
    columns: list[np.ndarray] = []
    meta: list[tuple[Literal["contributor", "unit", "step"], str, str, str | None]] = []
    by_state: dict[str, list[int]] = {}
    for i, s in enumerate(steps):
        if s.step == "national_approval":
            by_state.setdefault(s.state, []).append(i)
    for state, idx in by_state.items():
        if not random_steps.intersection(idx):
            continue
        bodies = Joined(tr(b) for b in (getattr(steps[i], "body", None) for i in idx) if b)  # names: translated
        columns.append(reached[:, idx].max(axis=1))
        label = (
            tr("%(state)s national approval (%(bodies)s)", state=state, bodies=bodies)
            if bodies
            else tr("%(state)s national approval", state=state)
        )
        meta.append(("contributor", state, label, state))
    for i in sorted(random_steps):
        if steps[i].step != "national_approval":
            columns.append(reached[:, i])
            label = tr("procedure step %(what)s", what=result.step_labels[i])
            meta.append(("step", result.step_labels[i], label, None))
    for j in result.readiness_units:
        meta.append(
            (
                "unit",
                result.unit_ids[j],
                tr(
                    "%(id)s %(name)s (%(state)s) readiness",
                    id=result.unit_ids[j],
                    name=result.unit_names[j],
                    state=result.unit_nations[j],
                ),
                result.unit_nations[j],
            )
        )
    if not meta:
        return [], target_name
    rows = np.empty((len(meta), result.runs))
    for c, col in enumerate(columns):
        rows[c] = col
    rows[len(columns) :] = result.readiness_samples.T
    # approvals and steps can tie (a fixed step may decide the day); sampled readiness cannot
    may_tie = np.arange(len(meta)) < len(columns)
    rho, order = rank_rows(target, rows, may_tie)
    ks = order_statistics(result.runs)
    low = np.take_along_axis(rows, order[:, ks[0] : ks[0] + 1], axis=1)[:, 0]
    high = np.take_along_axis(rows, order[:, ks[2] : ks[2] + 1], axis=1)[:, 0]
    drivers = [
        Driver(kind, ident, label, nation, round(float(rho[c]), 12), float(low[c]), float(high[c]))
        for c, (kind, ident, label, nation) in enumerate(meta)
    ]
    drivers.sort(key=lambda d: (-d.rho, d.kind, d.id))
    return drivers, target_name


def critical_chain_summary(result: SimulationResult) -> dict[str, Any]:
    """What FOC waits for in the deterministic run (pkforce.analysis.graph, computed on the force graph)."""
    from .chain import chain_of

    return chain_of(result).to_dict()
