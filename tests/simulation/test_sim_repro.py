"""Reproducibility: the same seed gives byte-identical JSON in this process, in a process pool,
in a thread pool and on a Dask cluster; batches depend on the number of runs only."""

from __future__ import annotations

import concurrent.futures

import numpy as np
import pytest

from pkforce.scenario.model import Scenario
from pkforce.simulation import BATCH_SIZE, simulate
from pkforce.validation import validate_file
from tests.helpers import SCENARIOS

SHARED = SCENARIOS / "vocabulary-example.yaml"
RUNS = 2 * BATCH_SIZE + 500  # three batches, the last one partial


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    report = validate_file(SHARED)
    assert report.scenario is not None
    return report.scenario


@pytest.fixture(scope="module")
def local_json(scenario: Scenario) -> str:
    return simulate(scenario, runs=RUNS, seed=42).to_json()


def test_same_seed_same_bytes_and_another_seed_differs(scenario: Scenario, local_json: str) -> None:
    assert simulate(scenario, runs=RUNS, seed=42).to_json() == local_json
    assert simulate(scenario, runs=RUNS, seed=43).to_json() != local_json


def test_process_pool_gives_the_same_bytes(scenario: Scenario, local_json: str) -> None:
    assert simulate(scenario, runs=RUNS, seed=42, workers=2).to_json() == local_json


def test_any_executor_gives_the_same_bytes(scenario: Scenario, local_json: str) -> None:
    with concurrent.futures.ThreadPoolExecutor(max_workers=3) as pool:
        assert simulate(scenario, runs=RUNS, seed=42, executor=pool).to_json() == local_json


def test_dask_local_cluster_gives_the_same_bytes(scenario: Scenario, local_json: str) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        result = simulate(scenario, runs=RUNS, seed=42, executor=client.get_executor())
    assert result.to_json() == local_json


def test_seed_defaults_to_the_scenario_then_zero(scenario: Scenario) -> None:
    assert simulate(scenario, runs=10).seed == 7  # simulation.seed in the shared file
    settings = scenario.simulation.model_copy(update={"seed": None})
    unseeded = scenario.model_copy(update={"simulation": settings})
    assert simulate(unseeded, runs=10).seed == 0


def test_batches_depend_on_runs_only_so_more_runs_extend_fewer(scenario: Scenario) -> None:
    small = simulate(scenario, runs=BATCH_SIZE, seed=5)
    large = simulate(scenario, runs=RUNS, seed=5)
    assert np.array_equal(small.unit_arrival, large.unit_arrival[:BATCH_SIZE])
    assert np.array_equal(small.foc_day, large.foc_day[:BATCH_SIZE], equal_nan=True)


def test_progress_is_reported_after_each_batch(scenario: Scenario) -> None:
    calls: list[tuple[int, int]] = []
    simulate(scenario, runs=RUNS, seed=1, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(1000, RUNS), (2000, RUNS), (RUNS, RUNS)]
    calls.clear()
    simulate(scenario, runs=RUNS, seed=1, workers=2, progress=lambda done, total: calls.append((done, total)))
    assert [c[0] for c in calls] == sorted(c[0] for c in calls) and calls[-1] == (RUNS, RUNS)
