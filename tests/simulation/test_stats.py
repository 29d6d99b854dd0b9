"""The one definition of a percentile (pkforce/simulation/stats.py), checked against its words:
P*p* is the smallest value with at least *p*% of the runs at or below it."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from pkforce.simulation.stats import PERCENTS, column_percentiles, percentile_triple, row_percentiles

samples = st.lists(st.one_of(st.integers(-5, 40).map(float), st.just(np.inf)), min_size=1, max_size=60)


@given(samples)
def test_each_percentile_is_the_smallest_run_with_p_percent_at_or_below(values: list[float]) -> None:
    v = np.array(values)
    got = percentile_triple(v)
    for p, q in zip(PERCENTS, got, strict=True):
        assert q in values
        assert 100 * np.count_nonzero(v <= q) >= p * v.size
        assert 100 * np.count_nonzero(v < q) < p * v.size


@given(st.lists(samples, min_size=1, max_size=5))
def test_rows_and_columns_agree(rows: list[list[float]]) -> None:
    n = min(len(r) for r in rows)
    m = np.array([r[:n] for r in rows])
    m[~np.isfinite(m)] = 99.0  # strengths are finite
    assert np.array_equal(row_percentiles(m), column_percentiles(m.T))


def test_nan_is_never_and_no_runs_give_never() -> None:
    assert percentile_triple(np.array([1.0, np.nan, np.nan])) == (1.0, np.inf, np.inf)
    assert percentile_triple(np.array([])) == (np.inf, np.inf, np.inf)
    assert row_percentiles(np.zeros((4, 0))).shape == (3, 4)
