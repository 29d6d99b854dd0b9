"""The vectorised engine: one batch of runs of a :class:`CompiledScenario`, as numpy arrays.

Every quantity is an array over the runs of the batch; the only Python loops run over procedure
steps, injects, requirements and the positions of a nation's lift queue, never over runs. Days are
float64 counted from the scenario's start; ``inf`` means never.

:func:`run_batch` is a top-level function taking plain arrays and a seed, so a process pool or a
Dask cluster can run it. A batch's random numbers depend only on its ``SeedSequence`` child and
on the scenario, never on which worker runs it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .compile import CompiledScenario
from .keyed import KeyedSeed, draw_uniforms

__all__ = ["BatchOutput", "average_ranks", "rank_correlation", "rank_rows", "run_batch", "triangular"]

SMALL_FORCE = 64
"""Up to this many units, every requirement is evaluated on the whole force's event stream (one
sort per batch) rather than on a stream of its own units: fewer, larger numpy calls."""

# Two instants closer than this (about 0.1 ms) are the same instant when a day is compared with a
# deadline or the sample grid: sums of fractional days are not exact in binary floating point.
TIME_TOLERANCE = 1e-9


@dataclass(slots=True)
class BatchOutput:
    """The per-run arrays of one batch (shapes use b = runs in the batch)."""

    step_days: np.ndarray
    """(b, n_steps) nan: never"""
    unit_ready: np.ndarray
    """(b, n_units)"""
    unit_arrival: np.ndarray
    """(b, n_units) inf: never"""
    readiness: np.ndarray
    """(b, n_random_units) the sampled readiness of units whose readiness is random"""
    decision: np.ndarray
    ioc: np.ndarray
    foc: np.ndarray
    complete: np.ndarray
    requirement_days: np.ndarray
    """(b, n_requirements) first day each requirement is met (inf: not within the horizon)"""
    condition_at_horizon: np.ndarray
    """(b, n_conditions) what is in theatre for each condition at the horizon"""
    delay_effect: np.ndarray
    """(b, n_delays) True where a delay or block inject changed something in the run"""
    requirement_lost: np.ndarray
    """(b, n_requirements) first day a met requirement stops being met (inf: not within the horizon)"""
    requirement_regained: np.ndarray
    """(b, n_requirements) first day it is met again after that (inf: not within the horizon)"""

    @classmethod
    def empty(cls, model: CompiledScenario, runs: int, *, summary_only: bool = False) -> BatchOutput:
        """Uninitialised arrays for `runs` runs (the engine fills every element); `summary_only`
        leaves out the per-step and per-unit arrays (a sweep keeps only the summaries)."""
        steps, units, random_units = (
            (0, 0, 0) if summary_only else (model.n_steps, model.n_units, model.random_units.size)
        )
        return cls(
            step_days=np.empty((runs, steps)),
            unit_ready=np.empty((runs, units)),
            unit_arrival=np.empty((runs, units)),
            readiness=np.empty((runs, random_units)),
            decision=np.empty(runs),
            ioc=np.empty(runs),
            foc=np.empty(runs),
            complete=np.empty(runs),
            requirement_days=np.empty((runs, model.n_requirements)),
            condition_at_horizon=np.empty((runs, model.cond_threshold.size)),
            delay_effect=np.empty((runs, model.delay_day.size), dtype=bool),
            requirement_lost=np.empty((runs, model.n_requirements)),
            requirement_regained=np.empty((runs, model.n_requirements)),
        )

    def rows(self, lo: int, hi: int) -> BatchOutput:
        """Views of runs lo..hi (the engine writes a batch straight into a larger result)."""
        return BatchOutput(*(getattr(self, f.name)[lo:hi] for f in fields(self)))

    def put(self, lo: int, batch: BatchOutput) -> None:
        """Copy a batch's arrays into runs lo.. of this one."""
        hi = lo + batch.decision.shape[0]
        for f in fields(self):
            getattr(self, f.name)[lo:hi] = getattr(batch, f.name)


def triangular(
    u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray, out: np.ndarray | None = None
) -> np.ndarray:
    """Inverse CDF of the triangular distribution: maps uniform ``u`` in [0, 1) to days.

    >>> float(triangular(np.array([0.5]), np.array([0.0]), np.array([5.0]), np.array([10.0]))[0])
    5.0
    """
    width = high - low
    left = mode - low
    with np.errstate(invalid="ignore", divide="ignore"):
        cut = np.where(width > 0, left / np.where(width > 0, width, 1.0), 0.5)
        lower = u < cut
        v = np.where(lower, u * (width * left), (1.0 - u) * (width * (high - mode)))
        np.sqrt(v, out=v)
    if out is None:
        return np.where(lower, low + v, high - v)
    np.subtract(high, v, out=out)
    np.add(low, v, out=out, where=lower)
    return out


def _durations(
    spec: np.ndarray, columns: np.ndarray, u: np.ndarray | None, b: int, into: np.ndarray | None = None
) -> np.ndarray:
    """(b, n) durations: the mode everywhere, sampled in `columns` when `u` is given."""
    if u is not None and columns.size == spec.shape[0]:
        return triangular(u, spec[:, 0], spec[:, 1], spec[:, 2], out=into)
    out = np.broadcast_to(spec[:, 1], (b, spec.shape[0])).copy()
    if u is not None and columns.size:
        out[:, columns] = triangular(u, spec[columns, 0], spec[columns, 1], spec[columns, 2])
    return out


def _lift_queue(
    ready: np.ndarray, size: np.ndarray, lift: float, withdrawn: np.ndarray, may_tie: bool, out: np.ndarray
) -> np.ndarray:
    """One nation's lift: a FIFO queue in order of readiness. Writes the arrival day of the unit at
    each queue position into `out` (b, m) and returns the queue order (b, m).

    ``ready`` is (b, m); ``size`` and ``withdrawn`` are (m,). One unit moves at a time with the whole
    lift: start_k = max(ready_k, finish_{k-1}); it arrives at start_k + size_k / lift.
    A unit withdrawn before it starts never moves and uses no lift; one withdrawn while moving
    frees the lift on the withdrawal day and never arrives. Equal readiness (`may_tie`: possible
    when two units have a fixed readiness) goes in list order.
    """
    b, m = ready.shape
    order = np.argsort(ready, axis=1, kind="stable" if may_tie else None)
    r = np.take_along_axis(ready, order, axis=1)
    if lift <= 0:  # nothing with personnel moves; empty units are "in theatre" when ready
        blocked = (size[order] > 0) | (withdrawn[order] <= r)
        np.copyto(out, np.where(blocked, np.inf, r))
        return order
    d = (size / lift)[order]
    if not np.isfinite(withdrawn).any():
        # finish_k = C_k + max_{j<=k}(ready_j - C_{j-1}), C = cumulative move times: no loop needed.
        c = np.cumsum(d, axis=1)
        d -= c
        d += r  # ready_k - C_{k-1}
        np.maximum.accumulate(d, axis=1, out=d)
        np.add(c, d, out=out)
        return order
    w = withdrawn[order]
    free = np.full(b, -np.inf)
    for k in range(m):
        start = np.maximum(r[:, k], free)
        end = start + d[:, k]
        moves = w[:, k] > start
        out[:, k] = np.where(end < w[:, k], end, np.inf)
        free = np.where(moves, np.minimum(end, w[:, k]), free)
    return order


def run_batch(
    model: CompiledScenario,
    runs: int,
    seed: np.random.SeedSequence | KeyedSeed | None,
    horizon: float,
    out: BatchOutput | None = None,
) -> BatchOutput:
    """Simulate `runs` runs. ``seed`` None: every distribution at its mode (deterministic).

    ``out``: arrays to fill (views into a larger result); new ones by default.
    """
    b = runs
    if out is None:
        out = BatchOutput.empty(model, b)
    u = draw_uniforms(seed, b, model.n_random)  # by position, or keyed by entity (keyed.py)
    ns, nu = model.random_steps.size, model.random_units.size
    u_steps = u[:, :ns] if u is not None else None
    u_units = u[:, ns : ns + nu] if u is not None else None
    u_delays = u[:, ns + nu :] if u is not None else None

    # --- procedure ------------------------------------------------------------------------
    step_dur = _durations(model.step_dur, model.random_steps, u_steps, b)
    delay = _durations(model.delay_dur, model.random_delays, u_delays, b) if model.delay_day.size else None
    effect = out.delay_effect
    effect.fill(False)
    step_days = out.step_days
    step_days.fill(np.nan)
    for i in model.step_order:
        if not np.isnan(model.step_fixed[i]):
            step_days[:, i] = model.step_fixed[i]
        elif model.step_anchor[i] >= 0:
            step_days[:, i] = step_days[:, model.step_anchor[i]] + step_dur[:, i]
        for k in model.step_injects[i]:  # a step not yet taken on the inject's day is postponed or cancelled
            day_i = step_days[:, i]
            hit = day_i >= model.delay_day[k] - TIME_TOLERANCE  # nan (never): False
            effect[:, k] = hit
            shift = 0.0 if delay is None else delay[:, k]
            step_days[:, i] = np.where(hit, np.nan if model.delay_block[k] else day_i + shift, day_i)
    reached = np.where(np.isnan(step_days), np.inf, step_days)
    # one more column, never reached: the gate of units that never deploy (no session decided)
    reached = np.concatenate([reached, np.full((b, 1), np.inf)], axis=1)
    decision = out.decision
    decision[:] = reached[:, model.decision_step] if model.decision_step >= 0 else (0.0 if model.decided else np.inf)

    # --- gates and readiness ----------------------------------------------------------------
    gates = np.empty((b, len(model.gate_steps)))
    for g, idx in enumerate(model.gate_steps):
        gates[:, g] = reached[:, list(idx)].max(axis=1) if idx else 0.0
    if nu == model.n_units:  # every readiness random: sample straight into the result
        readiness = _durations(model.unit_readiness, model.random_units, u_units, b, into=out.readiness)
    else:
        readiness = _durations(model.unit_readiness, model.random_units, u_units, b)
        out.readiness[:] = readiness[:, model.random_units]
    ready = out.unit_ready
    if gates.shape[1] == 1:  # every unit waits for the same steps
        np.add(readiness, gates, out=ready)
    else:
        np.add(gates[:, model.unit_gate], readiness, out=ready)
    late_start = np.flatnonzero(np.isfinite(model.unit_floor))  # reinforcements: not before their inject
    if late_start.size:
        ready[:, late_start] = np.maximum(ready[:, late_start], model.unit_floor[late_start] + readiness[:, late_start])
    del readiness

    holds: list[int] = []  # delays on units already ready on the inject's day: held on their way
    if delay is not None:
        for k in np.flatnonzero(model.delay_unit >= 0).tolist():
            j = model.delay_unit[k]
            late = (ready[:, j] > model.delay_day[k]) & (ready[:, j] < np.inf)
            ready[:, j] = np.where(late, ready[:, j] + delay[:, k], ready[:, j])
            effect[:, k] = late
            if not late.all():
                holds.append(k)

    # --- lift queues: per nation, units in queue order with their arrival days ---------------
    q_unit = np.empty((b, model.n_units), dtype=np.int64)
    q_time = np.empty((b, model.n_units))
    fixed = np.ones(model.n_units, dtype=bool)
    if u is not None:  # sampled readiness cannot tie (probability zero); fixed readiness can
        fixed[model.random_units] = False
    pos = 0
    for q, lift in enumerate(model.queue_lift):
        cols = np.flatnonzero(model.unit_queue == q)
        order = _lift_queue(
            ready[:, cols],
            model.unit_size[cols],
            float(lift),
            model.unit_withdrawn[cols],
            bool(fixed[cols].sum() > 1),
            q_time[:, pos : pos + cols.size],
        )
        q_unit[:, pos : pos + cols.size] = cols[order]
        pos += cols.size
    arrival = out.unit_arrival
    np.put_along_axis(arrival, q_unit, q_time, axis=1)
    if holds:  # a unit ready but not in theatre on the inject's day arrives `duration` later
        assert delay is not None
        for k in holds:
            j = model.delay_unit[k]
            held = ~effect[:, k] & (arrival[:, j] > model.delay_day[k]) & (arrival[:, j] < np.inf)
            later = arrival[:, j] + delay[:, k]
            later[later >= model.unit_withdrawn[j]] = np.inf  # withdrawn before it gets there
            arrival[:, j] = np.where(held, later, arrival[:, j])
            effect[:, k] |= held
        q_time = np.take_along_axis(arrival, q_unit, axis=1)

    # --- requirements, IOC, FOC: what is in theatre over time --------------------------------
    events = _Events(arrival, q_unit, q_time, model.unit_withdrawn, horizon)

    def within(days: np.ndarray) -> np.ndarray:
        return np.where(days <= horizon + TIME_TOLERANCE, days, np.inf)

    asks_something: list[bool] = []
    req_initial: list[bool] = []
    out.requirement_lost.fill(np.inf)  # nothing leaves: once met, always met
    out.requirement_regained.fill(np.inf)
    leaves = bool(np.isfinite(model.unit_withdrawn).any())
    for r in range(model.n_requirements):
        conds = np.flatnonzero(model.cond_requirement == r)
        if conds.size == 0:  # asks for nothing
            out.requirement_days[:, r] = within(decision)
            asks_something.append(False)
            req_initial.append(True)
            continue
        counted = (model.cond_contrib[conds] != 0).any(axis=0)
        stream = events.stream(counted)
        met = np.ones(stream.times.shape, dtype=bool)
        for c in conds:
            cum = stream.running(model.cond_contrib[c])
            out.condition_at_horizon[:, c] = stream.at_horizon(cum)
            met &= cum >= model.cond_threshold[c]
        initially = bool((model.cond_threshold[conds] <= 0).all())
        out.requirement_days[:, r] = within(stream.first(met, initially, decision))
        # only a withdrawal of a unit it counts can take a met requirement away (counts are never
        # negative): without one, it stays met once met
        if leaves and not initially and (counted & events.leaving).any():
            lost, regained = stream.lost_and_regained(met)
            out.requirement_lost[:, r] = within(lost)
            out.requirement_regained[:, r] = within(regained)
        asks_something.append(True)
        req_initial.append(initially)

    # IOC: every command unit in theatre (they are never withdrawn: see compile), and the
    # personnel counted for the requirements, each up to its figure, reach the IOC target
    commanders = model.ioc_command > 0
    command_in = arrival[:, commanders].max(axis=1) if commanders.any() else np.full(b, -np.inf)
    if model.ioc_target > 0:
        counted = (model.ioc_personnel != 0).any(axis=0)
        stream = events.stream(counted)
        pers = np.zeros(stream.times.shape)
        for k in range(model.ioc_cap.size):
            row = stream.running(model.ioc_personnel[k])
            pers += row if np.isinf(model.ioc_cap[k]) else np.minimum(row, model.ioc_cap[k])
        enough = pers >= model.ioc_target - TIME_TOLERANCE
        # first event after the command is complete with enough personnel, or the command's own
        # arrival if enough personnel were already there
        later = stream.first(enough & (stream.times >= command_in[:, None]), False, decision)
        already = stream.value_at(pers, command_in) >= model.ioc_target - TIME_TOLERANCE
        ioc = np.where(already, np.maximum(command_in, decision), later)
    else:
        ioc = np.maximum(command_in, decision) if commanders.any() else decision.copy()
    # and something is in theatre: a force with nothing to send never reaches IOC
    first_in = arrival.min(axis=1) if model.n_units else np.full(b, np.inf)
    out.ioc[:] = within(np.maximum(ioc, first_in))

    # the whole force (less withdrawn units) in theatre
    mask = model.complete_mask
    if mask.all() and mask.size:
        complete = arrival.max(axis=1)
    elif mask.any():
        complete = arrival[:, mask].max(axis=1)
    else:
        complete = np.full(b, np.inf)
    out.complete[:] = within(complete)

    # FOC: every requirement met at the same time
    if model.foc_is_complete:
        out.foc[:] = out.complete
    elif not any(asks_something):
        out.foc[:] = within(decision)
    elif not np.isfinite(model.unit_withdrawn).any():
        out.foc[:] = out.requirement_days.max(axis=1)  # nothing leaves: once met, always met
    else:
        needed = np.zeros(model.n_units, dtype=bool)
        for r in range(model.n_requirements):
            needed |= (model.cond_contrib[model.cond_requirement == r] != 0).any(axis=0)
        stream = events.stream(needed)
        all_met = np.ones(stream.times.shape, dtype=bool)
        for cond in range(model.cond_threshold.size):
            all_met &= stream.running(model.cond_contrib[cond]) >= model.cond_threshold[cond]
        out.foc[:] = within(stream.first(all_met, all(req_initial), decision))
    return out


SHORT_STREAM = 64
"""Up to this many events per run, running sums are taken one event at a time (see `running`)."""


@dataclass(slots=True)
class _Stream:
    """Arrivals and departures of some units, in time order per run (departures first at ties)."""

    times: np.ndarray
    """(b, events) inf for events that never happen"""
    units: np.ndarray
    sign: np.ndarray | None
    """(b, events) +1 arrival, -1 departure; None when every event is an arrival"""
    horizon: float
    _at_horizon: np.ndarray | None = None

    def running(self, weights: np.ndarray) -> np.ndarray:
        """(b, events): sum of `weights` over the units in theatre just after each event."""
        step = weights[self.units]
        if self.sign is not None:
            step *= self.sign
        if step.shape[1] > SHORT_STREAM:
            return np.cumsum(step, axis=1)
        # a few events per run: one vector add per event beats numpy's cumsum along short rows
        # (about 8x on the shared example); the sums, in the same order, are the same
        cum = np.ascontiguousarray(step.T)
        for k in range(1, cum.shape[0]):
            cum[k] += cum[k - 1]
        return cum.T

    def value_at(self, cum: np.ndarray, when: np.ndarray | None = None) -> np.ndarray:
        """Per run, the running sum at time `when` (default: the horizon; 0 before any event)."""
        if cum.shape[1] == 0:
            return np.zeros(cum.shape[0])
        if when is None:
            if self._at_horizon is None:
                self._at_horizon = (self.times <= self.horizon + TIME_TOLERANCE).sum(axis=1)
            k = self._at_horizon
        else:
            k = (self.times <= when[:, None] + TIME_TOLERANCE).sum(axis=1)
        return np.where(k > 0, cum[np.arange(cum.shape[0]), np.maximum(k - 1, 0)], 0.0)

    def at_horizon(self, cum: np.ndarray) -> np.ndarray:
        return self.value_at(cum)

    def lost_and_regained(self, met: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Per run: the time of the first event after which `met`, having held, no longer holds, and
        of the first event after that at which it holds again (inf: never)."""
        b, n = met.shape
        if n == 0:
            return np.full(b, np.inf), np.full(b, np.inf)
        rows = np.arange(b)
        gone = np.logical_or.accumulate(met, axis=1) & ~met
        k = np.argmax(gone, axis=1)
        has = gone[rows, k]
        lost = np.where(has, self.times[rows, k], np.inf)
        back = met & (np.arange(n) > k[:, None]) & has[:, None]
        j = np.argmax(back, axis=1)
        regained = np.where(back[rows, j], self.times[rows, j], np.inf)
        # a departure and an arrival at the same instant: never lost at all
        same = has & (regained <= lost + TIME_TOLERANCE)
        if same.any():
            lost[same] = np.inf
            regained[same] = np.inf
        return lost, regained

    def first(self, met: np.ndarray, initially: bool, start: np.ndarray) -> np.ndarray:
        """Per run: the time of the first event after which `met` holds (`start` if it holds before)."""
        if initially:
            return start.copy()
        if met.shape[1] == 0:
            return np.full(met.shape[0], np.inf)
        first = np.argmax(met, axis=1)
        rows = np.arange(met.shape[0])
        return np.where(met[rows, first], self.times[rows, first], np.inf)


class _Events:
    """Builds event streams for subsets of units; the whole force's stream is built once."""

    def __init__(
        self, arrival: np.ndarray, q_unit: np.ndarray, q_time: np.ndarray, withdrawn: np.ndarray, horizon: float
    ) -> None:
        self.arrival, self.q_unit, self.q_time = arrival, q_unit, q_time
        self.withdrawn = withdrawn
        self.leaving = np.isfinite(withdrawn)
        self.horizon = horizon
        self._all: _Stream | None = None

    def stream(self, mask: np.ndarray) -> _Stream:
        b, n = self.arrival.shape
        # most of the force, or a small force: the whole force's stream (sorted once) serves
        if mask.sum() * 2 > n or n <= SMALL_FORCE:
            if self._all is None:
                self._all = self._build(self.q_time, self.q_unit, np.flatnonzero(self.leaving))
            return self._all
        cols = np.flatnonzero(mask)
        return self._build(
            self.arrival[:, cols], np.broadcast_to(cols, (b, cols.size)), np.flatnonzero(self.leaving & mask)
        )

    def _build(self, times: np.ndarray, units: np.ndarray, leaving: np.ndarray) -> _Stream:
        b = times.shape[0]
        if leaving.size:
            gone = np.where(np.isfinite(self.arrival[:, leaving]), self.withdrawn[leaving], np.inf)
            times = np.concatenate([gone, times], axis=1)
            units = np.concatenate([np.broadcast_to(leaving, (b, leaving.size)), units], axis=1)
        # stable: departures (first) come before arrivals at the same instant
        order = np.argsort(times, axis=1, kind="stable")
        sign = np.where(order < leaving.size, -1.0, 1.0) if leaving.size else None
        return _Stream(
            np.take_along_axis(times, order, axis=1), np.take_along_axis(units, order, axis=1), sign, self.horizon
        )


def average_ranks(values: np.ndarray) -> np.ndarray:
    """Ranks 1..n of a 1-d array; tied values share their mean rank; inf ranks above every number.

    >>> average_ranks(np.array([3.0, 1.0, np.inf, 1.0])).tolist()
    [3.0, 1.5, 4.0, 1.5]
    """
    _, inverse, counts = np.unique(values, return_inverse=True, return_counts=True)
    ends = np.cumsum(counts)
    return np.asarray((ends - (counts - 1) / 2.0)[inverse.reshape(values.shape)], dtype=float)


def rank_correlation(target: np.ndarray, drivers: np.ndarray) -> np.ndarray:
    """Spearman's rank correlation of `target` (runs,) with each column of `drivers` (runs, k).

    Ties take average ranks; a constant column gives 0.

    >>> x = np.array([1.0, 2.0, 3.0, 4.0])
    >>> rank_correlation(x, np.stack([x, -x, x ** 3, np.ones(4)], axis=1)).round(6).tolist()
    [1.0, -1.0, 1.0, 0.0]
    """
    rho, _ = rank_rows(target, np.ascontiguousarray(drivers.T), np.ones(drivers.shape[1], dtype=bool))
    return rho


def rank_rows(target: np.ndarray, rows: np.ndarray, may_tie: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Spearman's rho of `target` (n,) with each row of `rows` (k, n), and each row's sort order.

    One sort per row and no rank arrays: for a row without ties, sum(rank_i * t_i) is the centred
    ranks 1..n dotted with `t` taken in the row's sorted order. Rows flagged in `may_tie` are
    checked for equal values and then ranked with average ranks; the others are continuous
    samples, where equal values have probability zero.
    """
    k, n = rows.shape
    order = np.argsort(rows, axis=1)
    if n < 2 or k == 0:
        return np.zeros(k), order
    t = average_ranks(target)
    t -= t.mean()
    tt = float(t @ t)
    if tt == 0:
        return np.zeros(k), order
    centred = np.arange(1, n + 1) - (n + 1) / 2.0
    num = t[order] @ centred
    den = np.full(k, float(centred @ centred))
    for j in np.flatnonzero(may_tie):
        sorted_row = rows[j, order[j]]
        if (sorted_row[1:] == sorted_row[:-1]).any():
            r = average_ranks(rows[j])
            r -= r.mean()
            num[j] = r @ t
            den[j] = r @ r
    with np.errstate(invalid="ignore", divide="ignore"):
        rho = np.where(den > 0, num / np.sqrt(np.where(den > 0, den, 1.0) * tt), 0.0)
    return np.asarray(np.clip(rho, -1.0, 1.0), dtype=float), order
