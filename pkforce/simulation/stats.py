"""Percentiles over Monte Carlo runs: the one definition every summary, report and chart uses.

pkforce reports P10, P50 and P90, always **empirical**: the value some run actually had (the
inverted CDF, numpy's ``method="inverted_cdf"``), never a value interpolated between two runs.
P90 of a date is the earliest day by which at least 90% of the runs got there, so a P90 of
*never* means more than 10% of the runs never did; P50 of a strength is a strength some run had.
The positions are worked out in integer arithmetic (``0.1 * 30`` is not exactly 3 in floating
point), so the same runs give the same percentiles on any machine.

    >>> column_percentiles(np.array([[1.0], [2.0], [np.inf], [4.0]]))[:, 0].tolist()
    [1.0, 2.0, inf]
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "PERCENTS",
    "column_percentiles",
    "histogram_percentiles",
    "median",
    "order_statistics",
    "percentile_triple",
    "row_percentiles",
]

PERCENTS = (10, 50, 90)
"""the percentiles pkforce reports"""


def order_statistics(n: int) -> list[int]:
    """0-based positions of the P10/P50/P90 values among n sorted ones: the smallest value with at
    least p% of the runs at or below it.

    >>> order_statistics(10)
    [0, 4, 8]
    """
    return [max(-(-p * n // 100), 1) - 1 for p in PERCENTS]


def column_percentiles(values: np.ndarray) -> np.ndarray:
    """(3, k) P10/P50/P90 of each column of `values` (runs, k); nan and inf count as never (inf)."""
    runs, k = values.shape
    if runs == 0:
        return np.full((3, k), np.inf)
    x = np.ascontiguousarray(values.T, dtype=float)
    x[np.isnan(x)] = np.inf
    ks = order_statistics(runs)
    part = np.partition(x, sorted(set(ks)), axis=1)
    return np.asarray(part[:, ks].T)


def percentile_triple(values: np.ndarray) -> tuple[float, float, float]:
    """P10/P50/P90 of one sample of per-run values (nan and inf: never; no runs: never)."""
    v = np.asarray(values, dtype=float).reshape(-1, 1)
    q = column_percentiles(v)[:, 0]
    return (float(q[0]), float(q[1]), float(q[2]))


def median(values: np.ndarray) -> float:
    """The empirical P50 of per-run values: the middle run's value, not the mean of the two middle
    ones (0.0 for no runs).

    >>> median(np.array([4.0, 1.0, 3.0, 2.0]))
    2.0
    """
    v = np.asarray(values, dtype=float).reshape(-1)
    if v.size == 0:
        return 0.0
    k = order_statistics(v.size)[1]
    return float(np.partition(v, k)[k])


def row_percentiles(m: np.ndarray) -> np.ndarray:
    """(3, n_rows) P10/P50/P90 of each row of `m` (rows, runs) of finite values, such as the
    strength in theatre at each sample time.

    One partial sort per row that varies; rows where every run has the same value (before the
    first arrival, after the last) need no sorting at all.
    """
    n_rows, n = m.shape
    if n == 0:
        return np.zeros((3, n_rows))
    low = m.min(axis=1)
    out = np.broadcast_to(low, (3, n_rows)).copy()
    varies = np.flatnonzero(low != m.max(axis=1))
    if varies.size:
        ks = order_statistics(n)
        part = np.partition(m[varies], sorted(set(ks)), axis=1)
        out[:, varies] = part[:, ks].T
    return out


def histogram_percentiles(counts: np.ndarray, values: np.ndarray) -> np.ndarray:
    """(3, n_rows) P10/P50/P90 of each row of `counts` (n_rows, n_values): how many runs had each of
    the ascending `values`. The same figures as :func:`row_percentiles` on the runs themselves.

    >>> histogram_percentiles(np.array([[7, 2, 1]]), np.array([0.0, 5.0, 9.0]))[:, 0].tolist()
    [0.0, 0.0, 5.0]
    """
    n = int(counts[0].sum()) if counts.shape[0] else 0
    if n == 0:
        return np.zeros((3, counts.shape[0]))
    below = np.cumsum(counts, axis=1)
    return np.stack([values[np.argmax(below > k, axis=1)] for k in order_statistics(n)])
