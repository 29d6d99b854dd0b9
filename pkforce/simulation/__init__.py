"""Force generation and build-up over time, deterministic or Monte Carlo.

    >>> from pkforce.validation import validate_file
    >>> from pkforce.simulation import simulate, render_text
    >>> scenario = validate_file("scenarios/vocabulary-example.yaml").scenario   # doctest: +SKIP
    >>> result = simulate(scenario, runs=10_000, seed=7)                         # doctest: +SKIP
    >>> round(result.key_dates()["ioc"].p50, 2)                                  # doctest: +SKIP
    72.62
    >>> print(render_text(result))                                               # doctest: +SKIP

The model is documented in ``docs/simulation.md``. Runs are split into batches of
:data:`BATCH_SIZE`; batch *i* draws its random numbers from child *i* of
``numpy.random.SeedSequence(seed)``, so the same seed gives the same result (and byte-identical
JSON) whether the batches run in this process, in a process pool or on a Dask cluster.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from .budget import MemoryBudgetError, check_memory
from .compile import DEFAULT_LIFT_PER_DAY, CompiledScenario, compile_labelled, compile_scenario
from .engine import TIME_TOLERANCE, BatchOutput, run_batch
from .keyed import KeyedSeed, keyed_seeds
from .report import render_text
from .result import Band, Driver, Percentiles, RequirementOutcome, SimulationResult, percentiles
from .stats import median

if TYPE_CHECKING:
    import concurrent.futures

    from ..scenario.model import Scenario
    from ..scenario.types import Duration
    from .labels import Labels

__all__ = [
    "BATCH_SIZE",
    "DEFAULT_LIFT_PER_DAY",
    "DEFAULT_SEED",
    "Band",
    "Driver",
    "MemoryBudgetError",
    "Percentiles",
    "RequirementOutcome",
    "SimulationResult",
    "compile_scenario",
    "render_text",
    "simulate",
]

BATCH_SIZE = 1000
"""Runs per batch. The layout of batches depends only on the number of runs, never on the workers."""

DEFAULT_SEED = 0
"""Seed used when neither the call nor the scenario's `simulation.seed` gives one: output is
reproducible by default; pass another seed for another sample."""

MAX_SAMPLES = 1_000_000
"""Most sample times a build-up series may have (horizon / step): beyond that, memory explodes."""

Progress = Callable[[int, int], None]


def _days(value: Duration | str | float | None, default: Duration, name: str) -> float:
    from ..scenario.types import Duration, parse_duration

    if value is None:
        days = default.days
    elif isinstance(value, Duration):
        days = value.days
    elif isinstance(value, str):
        days = parse_duration(value).days
    elif isinstance(value, int | float) and not isinstance(value, bool):
        days = float(value)
    else:
        raise TypeError(f"{name} must be an ISO 8601 duration such as P180D, got {value!r}")
    if not np.isfinite(days) or days <= 0:
        raise ValueError(f"{name} must be a positive duration, got {value!r}")
    return float(days)


def simulate(
    scenario: Scenario,
    runs: int | None = None,
    seed: int | None = None,
    *,
    horizon: Duration | str | float | None = None,
    step: Duration | str | float | None = None,
    deterministic: bool = False,
    workers: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    progress: Progress | None = None,
    common_random_numbers: bool = False,
    max_memory: int | None = None,
) -> SimulationResult:
    """Simulate the force generation of a (validated) scenario.

    Args:
        scenario: the scenario; validate it first (``pkforce.validate``): the simulator interprets
            odd input as best it can and records what it did in ``result.notes``.
        runs: number of Monte Carlo runs (default ``scenario.simulation.runs``). ``1`` means a
            deterministic run.
        seed: random seed (default ``scenario.simulation.seed``, else :data:`DEFAULT_SEED`).
        horizon: how far to simulate, an ISO 8601 duration or days (default: the scenario's).
        step: spacing of the build-up series (default: the scenario's, normally ``P1D``).
        deterministic: one run with every random duration at its mode: exact dates.
        workers: run the batches in a process pool of this size (``None`` or 1: in this process).
        executor: any :class:`concurrent.futures.Executor` to run the batches on (for instance a
            Dask cluster's ``client.get_executor()``); it overrides ``workers``.
        progress: called as ``progress(done_runs, total_runs)`` after each batch.
        common_random_numbers: draw each random input from a stream keyed by its unit id or step
            label (:mod:`pkforce.simulation.keyed`) rather than by its position, so that variants of
            a scenario get the same draws for what they share (what `pkforce sweep` does).
        max_memory: refuse (``MemoryBudgetError``, a ValueError) a simulation whose arrays would
            need more bytes than this (default: half of the physical memory); see ``budget.py``.

    Returns:
        a :class:`SimulationResult`.

    Raises:
        ValueError: for a number of runs, horizon, step, seed or workers that makes no sense.

    >>> result = simulate(scenario, deterministic=True)       # doctest: +SKIP
    >>> round(float(result.ioc_day[0]), 4)                    # doctest: +SKIP
    58.6667
    """
    settings = scenario.simulation
    n_runs = settings.runs if runs is None else runs
    if isinstance(n_runs, bool) or not isinstance(n_runs, int | np.integer) or n_runs < 1:
        raise ValueError(f"runs must be a whole number of at least 1, got {n_runs!r}")
    used_seed = seed if seed is not None else settings.seed if settings.seed is not None else DEFAULT_SEED
    if isinstance(used_seed, bool) or not isinstance(used_seed, int | np.integer) or used_seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0, got {used_seed!r}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers!r}")
    horizon_days = _days(horizon, settings.horizon, "horizon")
    step_days = _days(step, settings.step, "step")
    n_times = int(np.floor(horizon_days / step_days + TIME_TOLERANCE)) + 1
    if n_times > MAX_SAMPLES:
        raise ValueError(
            f"horizon / step gives {n_times} sample times; use a longer step (at most {MAX_SAMPLES} samples)"
        )
    deterministic = bool(deterministic or n_runs == 1)
    total = 1 if deterministic else int(n_runs)

    model, labels = compile_labelled(scenario)  # workers get the arrays; the names stay here
    check_memory(model, total, n_times, max_memory, units=labels.units)  # before any array is built
    sizes = [min(BATCH_SIZE, total - lo) for lo in range(0, total, BATCH_SIZE)]
    if deterministic:
        seeds: list[np.random.SeedSequence | KeyedSeed | None] = [None]
    else:
        seeds = batch_seeds(model, labels, int(used_seed), sizes, common_random_numbers)
    out = BatchOutput.empty(model, total)
    starts = [i * BATCH_SIZE for i in range(len(sizes))]
    done = 0

    def collect(i: int, batch: BatchOutput | None) -> None:
        nonlocal done
        if batch is not None:
            out.put(starts[i], batch)
        done += sizes[i]
        if progress is not None:
            progress(done, total)

    calls = [(run_batch, (model, n, seeds[i], horizon_days)) for i, n in enumerate(sizes)]
    if executor is not None:
        run_calls(executor, calls, collect)
    elif workers is not None and workers > 1 and len(sizes) > 1:
        import concurrent.futures  # only here: it costs start-up (logging, threading)

        with concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(sizes))) as pool:
            run_calls(pool, calls, collect)
    else:  # in this process: each batch writes straight into the result
        for i, n in enumerate(sizes):
            run_batch(model, n, seeds[i], horizon_days, out=out.rows(starts[i], starts[i] + n))
            collect(i, None)

    return _result(scenario, model, labels, out, total, int(used_seed), deterministic, horizon_days, step_days, n_times)


def batch_seeds(
    model: CompiledScenario, labels: Labels, seed: int, sizes: list[int], keyed: bool = False
) -> list[np.random.SeedSequence | KeyedSeed | None]:
    """The seed of each batch: SeedSequence children (by position), or keyed by entity (CRN)."""
    if keyed:
        return list(keyed_seeds(model, labels, seed, [i * BATCH_SIZE for i in range(len(sizes))]))
    return list(np.random.SeedSequence(seed).spawn(len(sizes)))


def run_calls(
    executor: concurrent.futures.Executor | None,
    calls: list[tuple[Callable[..., Any], tuple[Any, ...]]],
    collect: Callable[[int, Any], None],
) -> None:
    """Run each ``(function, args)`` and hand its result to `collect` with its index: on `executor`
    as the results come in (the others cancelled if one fails), or one after another in this
    process when there is none. The simulator and the sweep send their batches through here."""
    if executor is None:
        for i, (func, args) in enumerate(calls):
            collect(i, func(*args))
        return
    import concurrent.futures

    futures = {executor.submit(func, *args): i for i, (func, args) in enumerate(calls)}
    try:
        for fut in concurrent.futures.as_completed(futures):
            collect(futures[fut], fut.result())
    finally:
        for fut in futures:
            fut.cancel()


def _requirements(
    scenario: Scenario, model: CompiledScenario, labels: Labels, out: BatchOutput, horizon: float
) -> list[RequirementOutcome]:
    outcomes = []
    for r, req in enumerate(scenario.operation.requirements):
        conds = np.flatnonzero(model.cond_requirement == r)
        first = out.requirement_days[:, r]
        # a deadline counted from a step moves with that step's date, run by run
        after = labels.requirement_after[r]
        offset = labels.requirement_offset[r]
        due: np.ndarray | float = (
            out.step_days[:, after] + offset
            if after >= 0
            else offset
            if req.by is not None and np.isfinite(offset)
            else horizon
        )
        due = np.where(np.isnan(due), np.inf, due) if isinstance(due, np.ndarray) else due
        finite = due[np.isfinite(due)] if isinstance(due, np.ndarray) else None
        deadline = (
            median(finite) if finite is not None and finite.size else float(horizon) if finite is not None else due
        )
        met_h = np.ones(first.shape[0], dtype=bool)
        figures: dict[str, tuple[float, float, float]] = {}
        for c in conds:
            have = out.condition_at_horizon[:, c]
            need = float(model.cond_threshold[c])
            met_h &= have >= need
            figures[labels.cond_kind[c]] = (need, median(have), median(np.maximum(need - have, 0.0)))
        pers = figures.get("personnel")
        units = figures.get("units")
        lost_day = out.requirement_lost[:, r]
        was_lost = np.isfinite(lost_day)
        outcomes.append(
            RequirementOutcome(
                index=r,
                requirement=req,
                label=labels.requirement_labels[r],
                deadline=float(deadline),
                has_deadline=req.by is not None,
                first_met=percentiles(first, scenario),
                p_met_by_deadline=float((first <= due + TIME_TOLERANCE).mean()),
                p_met_at_horizon=float(met_h.mean()),
                personnel_required=pers[0] if pers else None,
                personnel_at_horizon=pers[1] if pers else None,
                shortfall_personnel=pers[2] if pers else None,
                units_required=units[0] if units else None,
                units_at_horizon=units[1] if units else None,
                shortfall_units=units[2] if units else None,
                p_lost=float(was_lost.mean()) if was_lost.size else 0.0,
                lost=percentiles(lost_day[was_lost], scenario) if was_lost.any() else None,
                regained=(percentiles(out.requirement_regained[was_lost, r], scenario) if was_lost.any() else None),
            )
        )
    return outcomes


def _result(
    scenario: Scenario,
    model: CompiledScenario,
    labels: Labels,
    out: BatchOutput,
    runs: int,
    seed: int,
    deterministic: bool,
    horizon: float,
    step: float,
    n_times: int,
) -> SimulationResult:
    withdrawn = np.broadcast_to(model.unit_withdrawn, (runs, model.n_units))
    return SimulationResult(
        scenario=scenario,
        runs=runs,
        seed=seed,
        deterministic=deterministic,
        horizon=horizon,
        step=step,
        times=np.arange(n_times) * step,
        step_labels=list(labels.step_labels),
        step_days=out.step_days,
        unit_ids=[u.id for u in labels.units],
        unit_names=[u.name for u in labels.units],
        unit_nations=[u.nation for u in labels.units],
        unit_categories=[u.category for u in labels.units],
        unit_personnel=np.array([[u.military, u.police, u.civilian] for u in labels.units], dtype=np.int64).reshape(
            model.n_units, 3
        ),
        unit_reinforcement=[u.reinforcement for u in labels.units],
        unit_ready=out.unit_ready,
        unit_arrival=out.unit_arrival,
        unit_withdrawn=withdrawn,
        decision_day=out.decision,
        ioc_day=out.ioc,
        foc_day=out.foc,
        complete_day=out.complete,
        requirement_days=out.requirement_days,
        requirements=_requirements(scenario, model, labels, out, horizon),
        ioc_share=float(scenario.simulation.ioc_share),
        batch_size=BATCH_SIZE,
        readiness_units=model.random_units,
        readiness_samples=out.readiness,
        random_steps=model.random_steps,
        notes=[*labels.notes, *_idle_injects(scenario, labels, out)],
    )


def _idle_injects(scenario: Scenario, labels: Labels, out: BatchOutput) -> list[str]:
    """A note for every delay or block inject that changed nothing in some runs (never silently)."""
    from ..i18n.messages import tr

    hit: dict[int, np.ndarray] = {}
    for n, k in enumerate(labels.delay_inject):
        hit[k] = hit[k] | out.delay_effect[:, n] if k in hit else out.delay_effect[:, n].copy()
    notes: list[str] = []
    for k in sorted(hit):
        idle = float(1.0 - hit[k].mean())
        if idle <= 0:
            continue
        inj = scenario.injects[k]
        if inj.step is not None:
            target = inj.step + (" " + inj.state if inj.state else "")
            why = tr("the step had already been taken on that day, or never happens")
        else:
            target = inj.unit if isinstance(inj.unit, str) else getattr(inj.unit, "id", "")
            why = tr("the unit was already in theatre on that day, or never gets there")
        what = tr("%(action)s of %(target)s", action=inj.action, target=target)
        if idle >= 1:
            notes.append(tr("inject %(n)s (%(what)s) changed nothing in any run: %(why)s", n=k + 1, what=what, why=why))
        else:
            notes.append(
                tr(
                    "inject %(n)s (%(what)s) changed nothing in %(share)s of the runs: %(why)s",
                    n=k + 1,
                    what=what,
                    share=format(idle, ".0%"),
                    why=why,
                )
            )
    return notes
