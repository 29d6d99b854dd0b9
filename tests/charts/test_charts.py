"""The chart API: every kind for every shipped scenario, saving, determinism, Jupyter, lazy imports."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from pkforce import charts
from pkforce.charts import (
    CHART_KINDS,
    buildup_chart,
    composition_chart,
    figure_bytes,
    make_chart,
    repr_svg,
    save_all,
    save_figure,
    timeline_chart,
)
from tests.charts.conftest import RUNS, SHIPPED, needs_simulator, shipped, simulated, svg_tree, texts
from tests.helpers import ROOT


@pytest.mark.parametrize("name", SHIPPED)
@pytest.mark.parametrize("kind", list(CHART_KINDS))
def test_every_chart_of_every_shipped_scenario(kind, name):
    if CHART_KINDS[kind].simulates and importlib.util.find_spec("pkforce.simulation") is None:
        pytest.skip("the simulator (pkforce.simulation) is not there")
    scenario = shipped(name)
    source = simulated(name) if CHART_KINDS[kind].simulates else scenario
    data = figure_bytes(make_chart(kind, source), "svg")
    root = svg_tree(data)
    words = " ".join(texts(root))
    assert scenario.id in words  # caption: the scenario
    if CHART_KINDS[kind].simulates:
        assert "seed 11" in words and f"{RUNS} runs" in words  # caption: the seed
    assert "<text" in data.decode()  # svg.fonttype none: text stays text
    assert b"<dc:date>" not in data  # no date: deterministic


@needs_simulator
def test_same_input_same_bytes():
    scenario = shipped("exercise-brotherhood.yaml")
    result = simulated("exercise-brotherhood.yaml")
    for make in (
        lambda: charts.org_chart(scenario),
        lambda: composition_chart(scenario),
        lambda: buildup_chart(result),
        lambda: timeline_chart(result),
    ):
        assert figure_bytes(make(), "svg") == figure_bytes(make(), "svg")
    assert figure_bytes(composition_chart(scenario), "pdf") == figure_bytes(composition_chart(scenario), "pdf")


@needs_simulator
def test_scenario_is_simulated_with_runs_and_seed():
    scenario = shipped("un-operation.yaml")
    a = figure_bytes(buildup_chart(scenario, runs=30, seed=5), "svg")
    b = figure_bytes(buildup_chart(scenario, runs=30, seed=5), "svg")
    assert a == b and b"seed 5 \xc2\xb7 30 runs" in a
    det = " ".join(texts(svg_tree(figure_bytes(timeline_chart(scenario, runs=1), "svg"))))
    assert "deterministic" in det


def test_save_figure_formats_atomically(tmp_path: Path):
    fig = composition_chart(shipped("un-operation.yaml"))
    for suffix, magic in ((".svg", b"<?xml"), (".png", b"\x89PNG"), (".pdf", b"%PDF")):
        path = save_figure(fig, tmp_path / f"c{suffix.upper() if suffix == '.png' else suffix}", dpi=40)
        assert path.read_bytes().startswith(magic)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.PNG", "c.pdf", "c.svg"]  # no temporary files
    with pytest.raises(ValueError, match=r"svg, \.png or \.pdf"):
        save_figure(fig, tmp_path / "c.jpg")
    with pytest.raises(OSError):
        save_figure(fig, tmp_path / "missing" / "c.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.PNG", "c.pdf", "c.svg"]


def test_save_figure_keeps_the_old_file_when_drawing_fails(tmp_path: Path, monkeypatch):
    path = tmp_path / "org.svg"
    path.write_text("old")

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(charts, "figure_bytes", broken)
    with pytest.raises(RuntimeError):
        save_figure(charts.org_chart(shipped("un-operation.yaml")), path)
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["org.svg"]


def test_huge_png_is_written_at_a_lower_resolution(tmp_path: Path, caplog):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(400, 2))
    path = save_figure(fig, tmp_path / "wide.png", dpi=200)
    import struct

    width = struct.unpack(">I", path.read_bytes()[16:20])[0]
    assert width <= charts.MAX_PIXELS
    assert "lower" in caplog.text or "instead of" in caplog.text


@needs_simulator
def test_make_chart_passes_only_the_options_a_kind_takes():
    scenario = shipped("exercise-brotherhood.yaml")
    options = {
        "color_by": "category",
        "depth": 0,
        "runs": 20,
        "seed": 3,
        "by": "nation",
        "max_unit_rows": None,
    }
    org = " ".join(texts(svg_tree(figure_bytes(make_chart("org", scenario, **options), "svg"))))
    assert "Tab: unit category:" in org
    build = " ".join(texts(svg_tree(figure_bytes(make_chart("buildup", scenario, **options), "svg"))))
    assert "By contributing state" in build and "seed 3" in build
    assert make_chart("composition", simulated("exercise-brotherhood.yaml")) is not None  # a result is fine too
    with pytest.raises(ValueError, match="unknown chart kind"):
        make_chart("pie", scenario)


@needs_simulator
def test_save_all_writes_every_kind(tmp_path: Path):
    paths = save_all(shipped("article3-kyrgyzstan.yaml"), tmp_path / "out", fmt="svg", runs=20, seed=1, stem="kgz")
    assert [p.name for p in paths] == [f"kgz-{k}.svg" for k in CHART_KINDS]
    assert all(p.stat().st_size > 1000 for p in paths)
    with pytest.raises(ValueError, match="format"):
        save_all(shipped("article3-kyrgyzstan.yaml"), tmp_path, fmt="gif")


@needs_simulator
def test_repr_svg_for_scenario_and_result():
    scenario = shipped("un-operation.yaml")
    svg = repr_svg(scenario)
    assert svg is not None and svg.startswith("<?xml") and 'id="unit-cc"' in svg
    svg = repr_svg(simulated("un-operation.yaml"))
    assert svg is not None and "Build-up in theatre" in svg
    assert repr_svg(object()) is None  # never raises into a notebook


def test_importing_pkforce_and_validating_loads_no_matplotlib():
    code = (
        "import sys, pkforce, pkforce.charts, pkforce.charts.symbols\n"
        f"pkforce.validate({str(ROOT / 'scenarios' / 'un-operation.yaml')!r})\n"
        "heavy = [m for m in ('matplotlib', 'milsymbol') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# --- composition ------------------------------------------------------------------------------------


def test_composition_requirements_and_shares():
    from pkforce.charts.composition import requirement_checks

    scenario = shipped("un-operation.yaml")
    checks = {c.what: c for c in requirement_checks(scenario)}
    assert checks["combat"].personnel == 1020 and checks["combat"].met
    assert checks["medical_role_2"].units == 1 and checks["medical_role_2"].status() == "met"
    words = " ".join(texts(svg_tree(figure_bytes(composition_chart(scenario), "svg"))))
    words = " ".join(words.split())
    assert "1,020 (71%)" in words and "required 1,000 by D+75: planned strength covers it" in words
    assert "914 (63%)" in words  # Kazakhstan's share


def test_composition_reports_a_shortfall():
    from pkforce.charts.composition import requirement_checks

    text = (
        (ROOT / "scenarios" / "un-operation.yaml")
        .read_text()
        .replace("{category: combat, personnel: 1000, by: P75D}", "{category: combat, personnel: 1300, by: P75D}")
    )
    from tests.charts.conftest import scenario_from

    scenario = scenario_from(text)
    combat = next(c for c in requirement_checks(scenario) if c.what == "combat")
    assert not combat.met and combat.status() == "short by 280 personnel"
    assert "planned strength short by 280 personnel" in " ".join(
        texts(svg_tree(figure_bytes(composition_chart(scenario), "svg")))
    )


@needs_simulator
def test_composition_with_a_result_shows_the_chance_by_the_deadline():
    result = simulated("un-operation.yaml")
    combat = next(o for o in result.requirements if o.requirement.category == "combat")
    fig = composition_chart(result.scenario, result=result)
    words = " ".join(" ".join(texts(svg_tree(figure_bytes(fig, "svg")))).split())
    assert f"required 1,000 by D+75: met by then in {combat.p_met_by_deadline:.0%} of runs" in words
    assert "planned strength covers it" not in words
    via_make = " ".join(" ".join(texts(svg_tree(figure_bytes(make_chart("composition", result), "svg")))).split())
    assert f"met by then in {combat.p_met_by_deadline:.0%} of runs" in via_make


# --- build-up ---------------------------------------------------------------------------------------


def _gids(data: bytes) -> set[str]:
    return {e.get("id", "") for e in svg_tree(data).iter()}


@needs_simulator
def test_buildup_draws_bands_requirements_and_injects():
    result = simulated("exercise-brotherhood.yaml")
    gids = _gids(figure_bytes(buildup_chart(result), "svg"))
    assert {"band-total", "median-total", "band-combat", "median-police"} <= gids
    personnel_deadlines = {
        o.requirement.category for o in result.requirements if o.personnel_required is not None and o.has_deadline
    }
    assert {f"deadline-{c}" for c in personnel_deadlines} <= gids
    assert {"inject-1", "inject-2", "inject-3"} <= gids
    by_nation = _gids(figure_bytes(buildup_chart(result, by="nation"), "svg"))
    assert {"band-KAZ", "band-RUS", "band-multinational"} <= by_nation
    with pytest.raises(ValueError, match="by must be"):
        buildup_chart(result, by="unit")  # type: ignore[arg-type]


# --- timeline ---------------------------------------------------------------------------------------


@needs_simulator
def test_timeline_lanes():
    from pkforce.charts.timeline import timeline_lanes

    result = simulated("exercise-brotherhood.yaml")
    lanes = timeline_lanes(result)
    labels = [lane.label for lane in lanes]
    assert labels[:4] == [
        "Decision path",
        "Application by KAZ",
        "Collective Security Council decision",
        "UN Security Council informed",
    ]
    window = lanes[3].window
    assert window is not None and window[1] - window[0] == pytest.approx(1.0)  # "immediately": one day
    units = [lane for lane in lanes if lane.kind == "unit"]
    assert len(units) == len(result.unit_ids)
    kgz = next(lane for lane in units if lane.gid == "unit-kgz-coy")
    assert kgz.withdrawn == pytest.approx(12.0) and "withdrawn D+12" in kgz.label
    assert labels[labels.index("RUS Russian Federation") + 1] == "National approval (Federation Council)"
    assert labels[-2:] == ["Initial operational capability (IOC)", "Full operational capability (FOC)"]
    together = timeline_lanes(result, max_unit_rows=3)
    assert [lane.kind for lane in together].count("units") == len(set(result.unit_nations))
    assert not any(lane.kind == "unit" for lane in together)


@needs_simulator
def test_timeline_svg_marks_every_unit():
    result = simulated("un-operation.yaml")
    gids = _gids(figure_bytes(timeline_chart(result), "svg"))
    arrived = [u for j, u in enumerate(result.unit_ids)]
    assert {f"unit-{u}" for u in arrived} <= gids
    assert {"ioc", "foc"} <= gids
