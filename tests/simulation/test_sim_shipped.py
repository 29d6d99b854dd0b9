"""Every shipped scenario (the vocabulary example among them) simulates, in every output format,
and its deterministic dates agree with the event-by-event reference."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from pkforce.simulation import render_text, simulate
from pkforce.validation import validate_file
from tests.helpers import SCENARIOS
from tests.simulation.test_sim_properties import REFERENCE

FILES = sorted(SCENARIOS.glob("*.yaml"))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_shipped_scenario_simulates(path: Path) -> None:
    report = validate_file(path)
    assert report.scenario is not None, path
    result = simulate(report.scenario, runs=300, seed=1)
    assert result.unit_arrival.shape == (300, len(result.unit_ids))
    assert json.loads(result.to_json())["pkforce_simulation"] == 1
    assert result.to_csv().startswith("day,date,by,group")
    assert report.scenario.title is None or report.scenario.title in render_text(result)

    det = simulate(report.scenario, deterministic=True)
    ref = REFERENCE.simulate(report.scenario, 1, 0, det.horizon, deterministic=True)[0]
    np.testing.assert_allclose(det.unit_arrival[0], ref["arrival"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(det.requirement_days[0], ref["requirements"], rtol=0, atol=1e-9)
    for name in ("ioc", "foc", "complete"):
        np.testing.assert_allclose(getattr(det, f"{name}_day")[0], ref[name], rtol=0, atol=1e-9, err_msg=name)
