"""How much memory a simulation will need, known before anything is allocated.

A million runs, a one-minute step over a long horizon or ``runs=10**20`` from the API would
otherwise fill the machine's memory (or build a list of 10**17 batches) before failing. The
estimate counts the arrays that grow with the runs: the per-run results the engine fills, and the
build-up series the report and charts compute from them ((groups, sample times, runs) floats).

    >>> estimate_bytes(n_steps=6, n_units=40, n_random_units=40, n_conditions=4, n_groups=6,
    ...                runs=1000, n_times=181)                          # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .compile import CompiledScenario

__all__ = ["MemoryBudgetError", "check_memory", "default_max_memory", "estimate_bytes", "parse_size"]

_FLOAT = 8  # bytes in a float64 or int64


class MemoryBudgetError(ValueError):
    """A simulation that would need more memory than allowed (a usage error at the command line)."""


def default_max_memory() -> int:
    """Half of this machine's physical memory (4 GiB when the system does not say)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        total = 0
    return total // 2 if total > 0 else 4 << 30


def estimate_bytes(
    *, n_steps: int, n_units: int, n_random_units: int, n_conditions: int, n_groups: int, runs: int, n_times: int
) -> int:
    """Bytes of the arrays that grow with the runs (a lower bound: Python objects are not counted)."""
    per_run = _FLOAT * (n_steps + 4 * n_units + n_random_units + n_conditions + 8)
    series = _FLOAT * (n_groups + 1) * (n_times + 1)  # one build-up series per group, per run
    return runs * (per_run + series)


def _groups(units: Iterable[Any], n_units: int) -> int:
    """The most groups a series is split into (categories or nations), plus the total."""
    listed = list(units)
    if not listed:  # no labels at hand: at most one group per unit
        return min(n_units, 64) + 1
    nations = {u.nation for u in listed}
    categories = {u.category for u in listed}
    return max(len(nations), len(categories), 1) + 1


def check_memory(
    model: CompiledScenario,
    runs: int,
    n_times: int,
    max_memory: int | None = None,
    *,
    units: Iterable[Any] | None = None,
) -> int:
    """The estimated bytes, or :class:`MemoryBudgetError` when over `max_memory` (default: half of
    the physical memory). `units` are the units' labels (nation, category), if not on the model."""
    limit = default_max_memory() if max_memory is None else max_memory
    labels = units if units is not None else getattr(model, "units", ())
    need = estimate_bytes(
        n_steps=model.n_steps,
        n_units=model.n_units,
        n_random_units=int(model.random_units.size),
        n_conditions=int(model.cond_threshold.size),
        n_groups=_groups(labels, model.n_units),
        runs=runs,
        n_times=n_times,
    )
    if need > limit:
        source = "the --max-memory limit" if max_memory is not None else "half of this machine's memory"
        raise MemoryBudgetError(
            f"this simulation would need about {format_size(need)} ({_count(runs)} runs x {n_times:,} sample "
            f"times x {model.n_units:,} units), more than {format_size(limit)} ({source}); use fewer runs "
            "(--runs), a longer --step or a shorter --horizon, or raise --max-memory"
        )
    return need


def _count(n: int) -> str:
    return f"{n:,}" if n < 10**15 else f"{n:.3g}"


def format_size(n: int | float) -> str:
    """``1.5 GB``: bytes in the units people read."""
    for unit in ("bytes", "kB", "MB", "GB", "TB", "PB"):
        if n < 1000 or unit == "PB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:,.1f} {unit}" if n < 1000 else f"{n:.3g} {unit}"
        n /= 1000
    raise AssertionError("unreachable")


_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?i?b?)?\s*", re.IGNORECASE)
_FACTOR = {
    "": 1,
    "k": 10**3,
    "m": 10**6,
    "g": 10**9,
    "t": 10**12,
    "ki": 1 << 10,
    "mi": 1 << 20,
    "gi": 1 << 30,
    "ti": 1 << 40,
}


def parse_size(text: str) -> int:
    """``"4G"``, ``"500MB"``, ``"2GiB"`` or a number of bytes."""
    m = _SIZE.fullmatch(text)
    if m is None or len(m.group(1)) > 20:
        raise ValueError(f"`{text[:40]}` is not a size such as 4G, 500M or 2GiB")
    unit = (m.group(2) or "").lower().removesuffix("b")
    return int(float(m.group(1)) * _FACTOR[unit])
