"""The result: series against a brute-force count, JSON, CSV, pandas, key dates, sensitivity, text."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from pkforce.scenario.model import Scenario
from pkforce.simulation import SimulationResult, render_text, simulate
from pkforce.simulation.engine import average_ranks, rank_correlation
from pkforce.validation import validate_file, validate_text
from tests.helpers import SCENARIOS

SHARED = SCENARIOS / "vocabulary-example.yaml"


def load(path: object) -> Scenario:
    report = validate_file(str(path))
    assert report.scenario is not None
    return report.scenario


@pytest.fixture(scope="module")
def shared() -> SimulationResult:
    return simulate(load(SHARED), runs=2000)


@pytest.fixture(scope="module")
def exercise() -> SimulationResult:
    # withdrawals, a delay and a reinforcement
    return simulate(load(SCENARIOS / "exercise-brotherhood.yaml"), runs=300, step="PT6H")


def test_series_match_a_brute_force_count(exercise: SimulationResult) -> None:
    r = exercise
    t = r.times[None, :, None]
    inside = (r.unit_arrival[:, None, :] <= t + 1e-9) & (t < np.asarray(r.unit_withdrawn)[:, None, :] - 1e-9)
    people = r.unit_personnel.sum(axis=1)
    for by, names in (("nation", r.unit_nations), ("category", r.unit_categories)):
        got = r.strength(by)  # type: ignore[arg-type]
        for group, data in got.items():
            mask = np.array([n == group for n in names])
            expected = (inside * (people * mask)).sum(axis=2)
            assert np.array_equal(data, expected), (by, group)
    police = r.strength("total", "police")["total"]
    assert np.array_equal(police, (inside * r.unit_personnel[:, 1]).sum(axis=2))
    band = r.series("nation")["RUS"]
    data = r.strength("nation")["RUS"]
    # empirical percentiles: of 300 runs, P10 is the 30th smallest, P50 the 150th, P90 the 270th
    assert data.shape[0] == 300
    ordered = np.sort(data, axis=0)
    assert np.array_equal(band.p10, ordered[29])
    assert np.array_equal(band.p50, ordered[149])
    assert np.array_equal(band.p90, ordered[269])
    assert np.allclose(band.mean, data.mean(axis=0))


@pytest.mark.parametrize("kind", ["personnel", "police"])
def test_bands_from_events_equal_bands_from_every_run(exercise: SimulationResult, kind: str) -> None:
    """The short path (a histogram of the strengths each group passes through) gives exactly the
    figures of the long one (every run's strength at every sample), withdrawals included."""
    from pkforce.simulation.result import _band, _band_from_events, _strength, _weights

    r = exercise
    weight = _weights(r.unit_personnel, kind)  # type: ignore[arg-type]
    alone = np.zeros(len(r.unit_ids), dtype=np.int64)
    groups = [np.array([n == g for n in r.unit_nations]) for g in r.groups("nation")]
    groups += [np.array([c == g for c in r.unit_categories]) for g in r.groups("category")]
    groups.append(np.ones(len(r.unit_ids), dtype=bool))
    compared = 0
    for mask in groups:
        mine = np.where(mask, weight, 0.0)
        fast = _band_from_events(r, mine)
        if fast is None:  # too many events or strengths in this group: the long path is taken
            continue
        compared += 1
        slow = _band(_strength(r, alone, 1, mine)[0])
        for name in ("p10", "p50", "p90", "mean"):
            assert np.array_equal(getattr(fast, name), getattr(slow, name)), name
    assert compared >= len(groups) - 2


def test_json_is_versioned_sorted_and_complete(shared: SimulationResult) -> None:
    text = shared.to_json()
    doc = json.loads(text)
    assert doc["pkforce_simulation"] == 1
    assert text == json.dumps(doc, sort_keys=True, indent=1, ensure_ascii=False) + "\n"
    assert doc["settings"] == {
        "runs": 2000,
        "seed": 7,
        "deterministic": False,
        "horizon": 180.0,
        "step": 1.0,
        "ioc_share": 0.5,
        "batch_size": 1000,
    }
    assert {"decision", "ioc", "foc", "complete", "national_approval KAZ"} <= set(doc["key_dates"])
    assert doc["key_dates"]["foc"]["p50"] is None and doc["key_dates"]["foc"]["reached"] == 0.0
    assert doc["key_dates"]["decision"]["p50_date"] == "2027-03-01T00:00+00:00"
    assert doc["requirements"][0]["label"] == "command: 1 unit by P30D"
    assert len(doc["units"]) == 7 and doc["units"][2]["withdrawn"] == 40.0
    assert len(doc["series"]["times"]) == 181
    assert set(doc["series"]["nation"]) == {"KAZ", "KGZ", "RUS", "multinational", "BLR", "TJK"}
    assert doc["sensitivity"]["target"] == "complete"
    assert shared.to_json() == text


def test_csv_has_the_build_up_by_nation_and_category(shared: SimulationResult) -> None:
    rows = list(csv.DictReader(io.StringIO(shared.to_csv())))
    assert list(rows[0]) == ["day", "date", "by", "group", "p10", "p50", "p90", "mean"]
    groups = {(r["by"], r["group"]) for r in rows}
    assert ("total", "total") in groups and ("nation", "KAZ") in groups and ("category", "police") in groups
    assert len(rows) == len(groups) * shared.times.size
    kaz = [r for r in rows if r["group"] == "KAZ"]
    assert [float(r["p50"]) for r in kaz] == pytest.approx(shared.series("nation")["KAZ"].p50.tolist())
    assert kaz[30]["date"] == "2027-03-22T00:00+00:00"


def test_dataframe_is_optional(shared: SimulationResult, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match=r"pip install 'pkforce\[pandas\]'"):
        shared.to_dataframe()


def test_dataframe_when_pandas_is_installed(shared: SimulationResult) -> None:
    pytest.importorskip("pandas")
    frame = shared.to_dataframe()
    assert set(frame["kind"]) == {"personnel", "military", "police", "civilian"}
    runs = shared.to_dataframe("runs")
    assert len(runs) == shared.runs and "foc" in runs.columns


def test_key_dates_have_calendar_dates(shared: SimulationResult) -> None:
    dates = shared.key_dates()
    kaz = dates["national_approval KAZ"]
    assert kaz.p10 <= kaz.p50 <= kaz.p90 and kaz.reached == 1.0
    assert kaz.p50_date is not None
    assert abs((kaz.p50_date - shared.scenario.date_of(kaz.p50)).total_seconds()) <= 30
    assert dates["foc"].p50 == np.inf and dates["foc"].p50_date is None


def test_the_input_that_decides_foc_ranks_first() -> None:
    text = textwrap.dedent("""\
        pkforce: 1
        start: 2027-01-01
        organization: csto
        operation: {kind: member_territory, host_state: KGZ}
        procedure:
          - {step: application, by: KGZ, date: 2027-01-01}
          - {step: council_decision, date: 2027-01-02}
          - {step: national_approval, state: BLR, after: council_decision,
             duration: {min: P1D, mode: P2D, max: P4D}}
        units:
          - {id: slow, category: combat, nation: KAZ, personnel: {military: 100},
             readiness: {min: P20D, mode: P30D, max: P40D}}
          - {id: quick, category: combat, nation: BLR, personnel: {military: 100},
             readiness: {min: P1D, mode: P2D, max: P3D}}
        """)
    report = validate_text(text)
    assert report.scenario is not None
    result = simulate(report.scenario, runs=500, seed=1)
    assert result.sensitivity_target == "foc"
    top = result.sensitivity[0]
    assert (top.kind, top.id, top.nation) == ("unit", "slow", "KAZ") and top.rho == pytest.approx(1.0)
    assert {d.id for d in result.sensitivity} == {"slow", "quick", "BLR"}
    assert all(abs(d.rho) < 0.2 for d in result.sensitivity[1:])


def test_rank_correlation_is_spearman_with_average_ranks() -> None:
    rng = np.random.default_rng(4)
    target = np.where(rng.random(300) < 0.3, np.inf, rng.integers(0, 20, 300).astype(float))
    drivers = np.stack(
        [
            rng.random(300),
            rng.integers(0, 5, 300).astype(float),
            np.ones(300),
            np.where(np.isinf(target), 50.0, target) + rng.random(300),
        ],
        axis=1,
    )
    got = rank_correlation(target, drivers)
    t = average_ranks(target)
    for j in range(drivers.shape[1]):
        r = average_ranks(drivers[:, j])
        expected = 0.0 if r.std() == 0 else np.corrcoef(t, r)[0, 1]
        assert got[j] == pytest.approx(expected, abs=1e-12)


def test_text_summary(shared: SimulationResult) -> None:
    text = render_text(shared)
    assert text.startswith("CSTO contingent for a UN peacekeeping operation")
    assert "2,000 runs, seed 7" in text and "P10" in text and "2027-03-01" in text
    assert "combat: 1600 personnel by P60D" in text and "750 personnel" in text
    assert "What delays the whole force in theatre most" in text and "kaz-bn KAZBAT" in text
    det = render_text(simulate(shared.scenario, deterministic=True))
    assert "1 deterministic run" in det and "58.67 (2027-04-19 16:00)" in det


def test_top_level_simulate_and_imports_stay_light() -> None:
    code = (
        "import sys, pkforce; "
        "assert pkforce.simulate.__module__ == 'pkforce'; "
        "heavy = ('pandas', 'matplotlib', 'networkx', 'scipy', 'dask'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
