"""Sweeps: the base scenario and its variants simulated side by side with common random numbers.

    >>> import pkforce
    >>> from pkforce.analysis.sweep import sweep
    >>> base = pkforce.load("scenarios/un-operation-variants.yaml")          # doctest: +SKIP
    >>> table = sweep(base, runs=2000, seed=7)                        # doctest: +SKIP
    >>> print(table.to_text())                                        # doctest: +SKIP

Every case (the base, then each variant) is simulated with draws keyed by entity
(:mod:`pkforce.simulation.keyed`): a unit or step that a variant shares with its base gets the same
random numbers in every run, so a difference between them is the effect of the change, not noise.
The per-run difference (variant minus base, run by run) is therefore meaningful, and its spread is
what the tornado chart shows. All batches of all cases go to one executor (a process pool or a Dask
cluster) at once; only summaries are kept, never the per-unit arrays, so memory stays flat.
"""

from __future__ import annotations

import concurrent.futures
import csv
import dataclasses
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ..scenario.model import Scenario
    from ..simulation import RequirementOutcome
    from ..simulation.compile import CompiledScenario
    from ..simulation.engine import BatchOutput
    from ..simulation.keyed import KeyedSeed

__all__ = ["FORMAT_VERSION", "Case", "Difference", "SweepResult", "render_sweep", "simulate_cases", "sweep"]

FORMAT_VERSION = 1
"""Version of the JSON document (the ``pkforce_sweep`` key)."""

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Difference:
    """A variant against the base, run by run: variant minus base, in days (runs where both are reached)."""

    mean: float
    """mean difference (nan when no run reaches both)"""
    stderr: float
    """standard error of the mean (its 95% interval is about ±1.96 stderr)"""
    p10: float
    p50: float
    p90: float
    runs: int
    """runs in which both dates are reached"""

    def to_dict(self) -> dict[str, Any]:
        from ..simulation.result import _num

        return {
            "mean": _num(self.mean),
            "stderr": _num(self.stderr),
            "p10": _num(self.p10),
            "p50": _num(self.p50),
            "p90": _num(self.p90),
            "runs": self.runs,
        }


@dataclass
class Case:
    """One scenario of a sweep (the base, or a variant) and what its simulation gave."""

    name: str
    description: str | None
    scenario: Scenario
    foc_day: np.ndarray
    """(runs,) full operational capability (inf: not within the horizon)"""
    ioc_day: np.ndarray
    complete_day: np.ndarray
    """(runs,) the whole force in theatre"""
    requirements: list[RequirementOutcome] = field(default_factory=list)
    difference: Difference | None = None
    """against the base, on the sweep's target date (None for the base)"""

    def target_day(self, target: str) -> np.ndarray:
        return self.foc_day if target == "foc" else self.complete_day


@dataclass
class SweepResult:
    """The base and its variants: key dates, requirements, shortfalls and differences from the base."""

    cases: list[Case]
    runs: int
    seed: int
    horizon: float
    common_random_numbers: bool
    target: str
    """``foc``, or ``complete`` (the whole force in theatre) when the base never reaches FOC"""

    @property
    def base(self) -> Case:
        return self.cases[0]

    @property
    def variants(self) -> list[Case]:
        return self.cases[1:]

    @property
    def target_label(self) -> str:
        return "FOC" if self.target == "foc" else "whole force in theatre"

    # --- rows -------------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        """One flat row per case (what CSV holds): dates, differences, each requirement's figures."""
        from ..simulation import percentiles
        from ..simulation.result import _num

        rows = []
        base_pct = percentiles(self.base.target_day(self.target))
        for case in self.cases:
            foc, ioc, done = (percentiles(x) for x in (case.foc_day, case.ioc_day, case.complete_day))
            pct = percentiles(case.target_day(self.target))
            row: dict[str, Any] = {
                "case": case.name,
                "description": case.description or "",
                "foc_p10": _num(foc.p10),
                "foc_p50": _num(foc.p50),
                "foc_p90": _num(foc.p90),
                "foc_reached": _num(foc.reached),
                "ioc_p50": _num(ioc.p50),
                "complete_p50": _num(done.p50),
                "delta_p50": _num(pct.p50 - base_pct.p50) if case is not self.base else 0.0,
                "delta_p90": _num(pct.p90 - base_pct.p90) if case is not self.base else 0.0,
            }
            d = case.difference
            row["paired_mean"] = _num(d.mean) if d else 0.0
            row["paired_stderr"] = _num(d.stderr) if d else 0.0
            mine = {r.label: r for r in case.requirements}
            for base_req in self.base.requirements:  # matched by label: compared files may differ
                key = f"req{base_req.index + 1}"
                r = mine.get(base_req.label)
                row[f"{key}_p_met_by_deadline"] = _num(r.p_met_by_deadline) if r else None
                row[f"{key}_delta"] = _num(r.p_met_by_deadline - base_req.p_met_by_deadline) if r else None
                row[f"{key}_shortfall"] = _num(r.shortfall) if r else None
            rows.append(row)
        return rows

    def to_dict(self) -> dict[str, Any]:
        from ..simulation.result import _num

        base = self.base
        return {
            "pkforce_sweep": FORMAT_VERSION,
            "scenario": {"id": base.scenario.id, "title": base.scenario.title},
            "settings": {
                "runs": self.runs,
                "seed": self.seed,
                "horizon": _num(self.horizon),
                "common_random_numbers": self.common_random_numbers,
                "target": self.target,
            },
            "requirements": [r.label for r in base.requirements],
            "cases": [
                {
                    **row,
                    "difference": c.difference.to_dict() if c.difference else None,
                    "requirements": [r.to_dict() for r in c.requirements],
                }
                for row, c in zip(self.rows(), self.cases, strict=True)
            ],
        }

    def to_json(self, *, indent: int | None = 1) -> str:
        """Stable JSON: the same seed gives the same bytes, whatever the workers or the cluster."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=indent, ensure_ascii=False, allow_nan=False) + "\n"

    def to_csv(self) -> str:
        """One row per case; requirement columns are numbered as in ``operation.requirements``."""
        rows = self.rows()
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else v for k, v in row.items()})
        return buf.getvalue()

    def to_text(self, lang: str = "en") -> str:
        """The tables a reader wants: dates and differences, then each requirement's chance."""
        return render_sweep(self, lang)


# --- running ------------------------------------------------------------------------------------


def _summary_batch(
    work: CompiledScenario, runs: int, seed: np.random.SeedSequence | KeyedSeed | None, horizon: float
) -> BatchOutput:
    """One batch, without its per-unit arrays (a sweep keeps only summaries: small to send back)."""
    from ..simulation.engine import run_batch

    out = run_batch(work, runs, seed, horizon)
    empty = np.empty((runs, 0))
    return dataclasses.replace(out, unit_ready=empty, unit_arrival=empty, readiness=empty, step_days=empty)


def _summary_output(runs: int, model: CompiledScenario) -> BatchOutput:
    from ..simulation.engine import BatchOutput

    return BatchOutput.empty(model, runs, summary_only=True)


def _difference(variant: np.ndarray, base: np.ndarray) -> Difference:
    both = np.isfinite(variant) & np.isfinite(base)
    d = variant[both] - base[both]
    if d.size == 0:
        return Difference(np.nan, np.nan, np.nan, np.nan, np.nan, 0)
    q = np.quantile(d, (0.1, 0.5, 0.9), method="inverted_cdf")
    se = float(d.std(ddof=1) / np.sqrt(d.size)) if d.size > 1 else np.nan
    return Difference(float(d.mean()), se, float(q[0]), float(q[1]), float(q[2]), int(d.size))


def sweep(
    scenario: Scenario,
    variants: Sequence[str] | None = None,
    *,
    runs: int | None = None,
    seed: int | None = None,
    horizon: str | float | None = None,
    workers: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    common_random_numbers: bool = True,
    progress: Progress | None = None,
) -> SweepResult:
    """Simulate the base scenario and its variants (all of them, or those named) side by side.

    Args:
        scenario: the base, validated (its `variants:` are checked by the rules PKF801/PKF802).
        variants: names of the variants to run (default: every one, in file order).
        runs, seed, horizon: as for :func:`pkforce.simulate` (default: the scenario's settings).
        workers: processes to use (None or 1: this process).
        executor: any executor, e.g. a Dask client's ``get_executor()``; overrides ``workers``.
        common_random_numbers: draws keyed by entity and shared between cases (the default). With
            False each case gets its own independent stream (to see what CRN buys).
        progress: ``progress(done_batches, total_batches)``.

    Raises:
        pkforce.variants.VariantError: for a variant name the scenario does not have.
        pkforce.ScenarioError: for a variant with errors (validation reports them first).
        ValueError: for runs, seed or horizon that make no sense.
    """
    from ..variants import apply_variant

    names = [v.name for v in scenario.variants] if variants is None else list(variants)
    scenarios: list[tuple[str, str | None, Scenario]] = [("base", None, scenario)]
    for name in names:
        described = next((v.description for v in scenario.variants if v.name == name), None)
        scenarios.append((name, described, apply_variant(scenario, name)))
    return simulate_cases(
        scenarios,
        runs=runs,
        seed=seed,
        horizon=horizon,
        workers=workers,
        executor=executor,
        common_random_numbers=common_random_numbers,
        progress=progress,
    )


def simulate_cases(
    scenarios: Sequence[tuple[str, str | None, Scenario]],
    *,
    runs: int | None = None,
    seed: int | None = None,
    horizon: str | float | None = None,
    workers: int | None = None,
    executor: concurrent.futures.Executor | None = None,
    common_random_numbers: bool = True,
    progress: Progress | None = None,
) -> SweepResult:
    """Simulate (name, description, scenario) cases side by side; the first is the base.

    Settings not given come from the base's `simulation:`. :func:`sweep` and `pkforce compare
    --simulate` both run through here.
    """
    from ..simulation import BATCH_SIZE, DEFAULT_SEED, _days, _requirements, batch_seeds, compile_labelled, run_calls

    scenario = scenarios[0][2]
    settings = scenario.simulation
    n_runs = settings.runs if runs is None else runs
    if isinstance(n_runs, bool) or not isinstance(n_runs, int) or n_runs < 1:
        raise ValueError(f"runs must be a whole number of at least 1, got {n_runs!r}")
    used_seed = seed if seed is not None else settings.seed if settings.seed is not None else DEFAULT_SEED
    if isinstance(used_seed, bool) or not isinstance(used_seed, int) or used_seed < 0:
        raise ValueError(f"seed must be a whole number of at least 0, got {used_seed!r}")
    horizon_days = _days(horizon, settings.horizon, "horizon")

    sizes = [min(BATCH_SIZE, n_runs - lo) for lo in range(0, n_runs, BATCH_SIZE)]
    starts = [i * BATCH_SIZE for i in range(len(sizes))]
    models, outs, tasks = [], [], []
    for k, (_, _, sc) in enumerate(scenarios):
        model, labels = compile_labelled(sc)  # workers get the arrays only
        work = model
        if common_random_numbers:
            seeds = batch_seeds(model, labels, int(used_seed), sizes, keyed=True)
        else:  # an independent stream per case
            seeds = list(np.random.SeedSequence([int(used_seed), k]).spawn(len(sizes)))
        models.append((model, labels))
        outs.append(_summary_output(n_runs, model))
        tasks += [(k, i, work, seeds[i]) for i in range(len(sizes))]

    done = 0

    def collect(task: int, batch: BatchOutput) -> None:
        nonlocal done
        k, i = tasks[task][0], tasks[task][1]
        outs[k].put(starts[i], batch)
        done += 1
        if progress is not None:
            progress(done, len(tasks))

    pool: concurrent.futures.Executor | None = None
    try:
        if executor is None and workers is not None and workers > 1 and len(tasks) > 1:
            pool = executor = concurrent.futures.ProcessPoolExecutor(max_workers=min(workers, len(tasks)))
        calls = [(_summary_batch, (work, sizes[i], s, horizon_days)) for _, i, work, s in tasks]
        run_calls(executor, calls, collect)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)

    cases = []
    for (name, described, sc), (model, labels), out in zip(scenarios, models, outs, strict=True):
        cases.append(
            Case(
                name, described, sc, out.foc, out.ioc, out.complete, _requirements(sc, model, labels, out, horizon_days)
            )
        )
    target = "foc" if np.isfinite(cases[0].foc_day).mean() >= 0.5 else "complete"
    for case in cases[1:]:
        case.difference = _difference(case.target_day(target), cases[0].target_day(target))
    return SweepResult(cases, n_runs, int(used_seed), horizon_days, common_random_numbers, target)


# --- text ---------------------------------------------------------------------------------------


def _signed(x: float, unit: str = "") -> str:
    if not np.isfinite(x):
        return "n/a"
    text = f"{x:+.1f}"
    return ("0" if text in ("+0.0", "-0.0") else text) + unit


def _name(result: SweepResult, case: Case) -> str:
    """A case's name in the table: the variant's as written, the base's in the reader's language."""
    from ..i18n import _

    return _("base") if case is result.base else case.name


def render_sweep(result: SweepResult, lang: str = "en") -> str:
    """The sweep as a terminal table: dates and differences, then each requirement's chance, in
    `lang` (``en`` or ``ru``; case names and descriptions stay as the scenario writes them)."""
    from ..i18n import language

    with language(lang):
        return _render_sweep(result, lang)


def _render_sweep(result: SweepResult, lang: str) -> str:
    from ..i18n import _, number
    from ..simulation import percentiles
    from ..simulation.report import _day, _l, _share, _table

    sc = result.base.scenario
    title = sc.title or sc.id or _("Scenario")
    crn = _("common random numbers") if result.common_random_numbers else _("independent random numbers")
    target = _("FOC") if result.target == "foc" else _("whole force in theatre")
    lines = [
        _("Sweep: %(title)s") % {"title": title},
        _("base and %(n)s variant(s), %(runs)s runs each, seed %(seed)s; %(crn)s; horizon %(days)s days")
        % {
            "n": len(result.variants),
            "runs": number(result.runs, lang),
            "seed": result.seed,
            "crn": crn,
            "days": f"{result.horizon:g}",
        },
        "",
        _("Key dates (day from day 0; Δ: variant minus base on the %(target)s, per run, with its 95%% interval)")
        % {"target": target},
    ]
    day = _("day %(n)s") % {"n": ""}
    foc_, ioc_ = _("FOC"), _("IOC")
    head = [_("case"), f"{foc_} P50", f"{foc_} P90", _("FOC reached"), f"{ioc_} P50", _("in theatre P50"), "Δ P50"]
    head.append(_("Δ per run"))
    rows = [head]
    base_t = percentiles(result.base.target_day(result.target))
    for case in result.cases:
        foc, ioc, done = (percentiles(x) for x in (case.foc_day, case.ioc_day, case.complete_day))
        t = percentiles(case.target_day(result.target))
        d = case.difference
        unit = " " + _("d")
        if d is None:
            delta, paired = "", ""
        else:
            delta = _signed(t.p50 - base_t.p50, unit)
            paired = (
                f"{_signed(d.mean, unit)} ± {1.96 * d.stderr:.1f}" if np.isfinite(d.stderr) else _signed(d.mean, unit)
            )
        rows.append(
            [
                _name(result, case),
                _day(foc.p50).removeprefix(day),
                _day(foc.p90).removeprefix(day),
                _share(foc.reached),
                _day(ioc.p50).removeprefix(day),
                _day(done.p50).removeprefix(day),
                delta,
                paired,
            ]
        )
    lines += _table(rows)
    if result.base.requirements:
        lines += [
            "",
            _(
                "Requirements: chance of being met by the deadline (Δ in points from the base); "
                "median shortfall at the horizon"
            ),
        ]
        reqs = result.base.requirements
        rows = [[_("case"), *[f"R{r.index + 1}" for r in reqs]]]
        for case in result.cases:
            cells = [_name(result, case)]
            mine = {r.label: r for r in case.requirements}
            for b in reqs:
                r = mine.get(b.label)
                if r is None:
                    cells.append("-")
                    continue
                cell = _share(r.p_met_by_deadline)
                if case is not result.base:
                    cell += f" ({_signed(100 * (r.p_met_by_deadline - b.p_met_by_deadline))})"
                if r.shortfall:
                    cell += ", " + _("short %(n)s") % {"n": number(r.shortfall, lang)}
                cells.append(cell)
            rows.append(cells)
        lines += _table(rows)
        lines += [f"  R{r.index + 1}: {_l(r.label)}" for r in reqs]
    described = [c for c in result.variants if c.description]
    if described:
        lines += ["", _("Variants")] + [f"  {c.name}: {c.description}" for c in described]
    return "\n".join(lines) + "\n"
