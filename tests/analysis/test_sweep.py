"""Sweeps: reproducible tables on any executor, and common random numbers doing their job."""

from __future__ import annotations

import json

import numpy as np
import pytest

import pkforce
from pkforce import variants as v
from pkforce.analysis.sweep import SweepResult, sweep
from pkforce.scenario.model import Scenario
from pkforce.simulation import simulate
from pkforce.simulation.keyed import KeyedSeed, draw_uniforms, key_hashes
from tests.analysis.conftest import VARIANTS
from tests.helpers import SCENARIOS
from tests.test_cli import run

RUNS = 2500  # three batches, the last one short


@pytest.fixture(scope="module")
def local(base: Scenario) -> SweepResult:
    return sweep(base, runs=RUNS, seed=11)


def test_the_same_seed_gives_the_same_tables_with_any_workers(base: Scenario, local: SweepResult) -> None:
    pooled = sweep(base, runs=RUNS, seed=11, workers=2)
    assert pooled.to_json() == local.to_json()
    assert pooled.to_csv() == local.to_csv() and pooled.to_text() == local.to_text()
    assert sweep(base, runs=RUNS, seed=12).to_json() != local.to_json()


def test_the_same_seed_gives_the_same_tables_on_dask(base: Scenario, local: SweepResult) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        on_dask = sweep(base, runs=RUNS, seed=11, executor=client.get_executor())
    assert on_dask.to_json() == local.to_json()


def test_keyed_draws_follow_the_entity_not_its_position() -> None:
    both = draw_uniforms(KeyedSeed(3, 0, key_hashes(["unit:a", "unit:b"])), 50, 2)
    only_b = draw_uniforms(KeyedSeed(3, 0, key_hashes(["unit:b"])), 50, 1)
    later_runs = draw_uniforms(KeyedSeed(3, 20, key_hashes(["unit:b"])), 30, 1)
    assert both is not None and only_b is not None and later_runs is not None
    assert np.array_equal(both[:, 1], only_b[:, 0])
    assert np.array_equal(both[20:, 1], later_runs[:, 0])
    assert not np.array_equal(both[:, 0], both[:, 1])


def test_keyed_draws_are_uniform() -> None:
    u = draw_uniforms(KeyedSeed(0, 0, key_hashes([f"unit:{i}" for i in range(20)])), 5000, 20)
    assert u is not None
    counts = np.histogram(u, bins=10, range=(0, 1))[0]
    expected = u.size / 10
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    assert chi2 < 27.9  # 9 degrees of freedom, 0.1% critical value


def test_common_random_numbers_match_the_default_distribution(base: Scenario) -> None:
    keyed = simulate(base, runs=4000, seed=1, common_random_numbers=True).foc_day
    plain = simulate(base, runs=4000, seed=2).foc_day
    assert abs(np.median(keyed) - np.median(plain)) < 1.0


def test_crn_reduces_the_variance_of_differences(base: Scenario) -> None:
    crn = sweep(base, ["kazbat-ready-sooner"], runs=3000, seed=5)
    independent = sweep(base, ["kazbat-ready-sooner"], runs=3000, seed=5, common_random_numbers=False)
    d_crn, d_ind = crn.variants[0].difference, independent.variants[0].difference
    assert d_crn is not None and d_ind is not None
    assert 3 * d_crn.stderr**2 < d_ind.stderr**2, (d_crn, d_ind)  # the variance, at least 3x smaller
    # and both estimate the same effect
    assert abs(d_crn.mean - d_ind.mean) < 4 * d_ind.stderr


def test_a_change_that_binds_nothing_shows_no_difference_at_all(local: SweepResult) -> None:
    lift = next(c for c in local.variants if c.name == "double-russian-lift")
    assert np.array_equal(lift.foc_day, local.base.foc_day)


def test_text_and_json_tables(local: SweepResult) -> None:
    text = local.to_text()
    assert "tajik-parliament-stalls" in text and "R2: combat: 1000 personnel by P75D" in text
    doc = json.loads(local.to_json())
    assert doc["pkforce_sweep"] == 1 and doc["cases"][0]["case"] == "base"
    stall = next(c for c in doc["cases"] if c["case"] == "tajik-parliament-stalls")
    assert stall["difference"]["mean"] > 10  # a month's stall in one approval moves FOC weeks
    header = local.to_csv().splitlines()[0].split(",")
    assert header[:3] == ["case", "description", "foc_p10"] and "req6_shortfall" in header


def test_sweep_command_with_chart_and_csv(tmp_path) -> None:
    chart, table = tmp_path / "t.svg", tmp_path / "t.csv"
    proc = run(
        "sweep",
        str(VARIANTS),
        "--runs",
        "500",
        "-v",
        "no-belarus",
        "--chart",
        str(chart),
        "-f",
        "csv",
        "-o",
        str(table),
    )
    assert proc.returncode == 0, proc.stderr
    assert chart.read_text().count("bar-no-belarus") == 1
    assert table.read_text().splitlines()[2].startswith("no-belarus,")


def test_sweep_command_usage_errors(tmp_path, monkeypatch) -> None:
    from pkforce.cli import sweep as sweep_command

    monkeypatch.setattr(sweep_command, "SCHEDULER_TIMEOUT", "1s")
    proc = run("sweep", str(VARIANTS), "-v", "no-belaruss")
    assert proc.returncode == 2 and "did you mean `no-belarus`" in proc.stderr, proc.stderr
    plain = tmp_path / "p.yaml"
    plain.write_text(VARIANTS.read_text().split("# What-if")[0])
    proc = run("sweep", str(plain))
    assert proc.returncode == 2 and "no `variants:`" in proc.stderr
    proc = run("sweep", str(VARIANTS), "--scheduler", "tcp://127.0.0.1:1")
    assert proc.returncode == 2 and "cannot reach the Dask scheduler" in proc.stderr, proc.stderr


def test_a_broken_variant_stops_the_sweep_with_findings(tmp_path) -> None:
    # Under Article 3 the CPF serves under one combined command; Russia provides it here, so a
    # variant without Russia leaves the force headless (in a UN operation it would not: the UN force
    # commander commands and contingents may be national).
    article3 = SCENARIOS / "article3-kyrgyzstan.yaml"
    broken = tmp_path / "b.yaml"
    broken.write_text(
        article3.read_text() + "variants:\n  - name: no-rus\n    changes:\n      - drop_contributor: RUS\n"
    )
    proc = run("sweep", str(broken), "--runs", "10")
    assert proc.returncode == 1 and "variant `no-rus`: PKF201" in proc.stderr
    with pytest.raises(Exception, match="PKF201"):
        v.drop_contributor(pkforce.load(article3), "RUS")
