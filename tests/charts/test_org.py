"""The force-structure chart: tidy layout, collapse, symbols and labels in the SVG."""

from __future__ import annotations

import itertools

import pytest

from pkforce.charts import figure_bytes, org_chart
from pkforce.charts.org_layout import CELL_W, H_GAP, org_layout
from pkforce.force import Force
from pkforce.scenario.model import Scenario
from tests.charts.conftest import SHIPPED, scenario_from, shipped, svg_tree, texts, unit_groups
from tests.helpers import BASE


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] - 1e-9 and b[0] < a[2] - 1e-9 and a[1] < b[3] - 1e-9 and b[1] < a[3] - 1e-9


def assert_tidy(layout) -> None:
    """No two cells overlap, parents sit centred over their children, siblings keep list order."""
    for a, b in itertools.combinations(layout.nodes, 2):
        assert not _overlaps(a.box, b.box), (a.id, a.box, b.id, b.box)
    by_id = {n.id: n for n in layout.nodes}
    kids: dict[str, list] = {}
    for n in layout.nodes:
        if n.parent in by_id:
            kids.setdefault(n.parent, []).append(n)
    for pid, children in kids.items():
        parent = by_id[pid]
        if children[0].stacked:
            ys = [c.y for c in children]
            assert ys == sorted(ys, reverse=True), pid  # listed top to bottom in order
            continue
        xs = [c.x for c in children]
        assert xs == sorted(xs), pid
        assert all(b - a >= CELL_W + H_GAP - 1e-9 for a, b in itertools.pairwise(xs))
        assert parent.x == pytest.approx((xs[0] + xs[-1]) / 2), pid
        assert all(c.y < parent.y for c in children)


def _tree_yaml(brigades: int, battalions: int, companies: int) -> str:
    lines = [
        BASE.split("units:")[0] + "units:",
        "  - {id: cc, name: Combined Command, category: command, echelon: division, nation: KAZ,"
        " personnel: {military: 50, police: 5, civilian: 5}}",
    ]
    nations = ["KAZ", "RUS", "BLR", "KGZ", "TJK"]
    for b in range(brigades):
        n = nations[b % len(nations)]
        lines.append(
            f"  - {{id: b{b}, name: Brigade {b}, category: combat, echelon: brigade, nation: {n},"
            f" parent: cc, personnel: {{military: 100}}}}"
        )
        for t in range(battalions):
            lines.append(
                f"  - {{id: b{b}-{t}, name: Battalion {b}.{t}, type: infantry_battalion, nation: {n}, parent: b{b}}}"
            )
            for c in range(companies):
                lines.append(
                    f"  - {{id: b{b}-{t}-{c}, name: Company {b}.{t}.{c}, type: infantry_company,"
                    f" nation: {n}, parent: b{b}-{t}}}"
                )
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def big() -> Scenario:
    return scenario_from(_tree_yaml(8, 4, 5))  # 1 + 8 + 32 + 160 = 201 units


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_layouts_are_tidy(name):
    layout = org_layout(shipped(name))
    assert_tidy(layout)
    assert layout.hidden == 0  # the shipped scenarios fit whole
    assert len(layout.nodes) == len(shipped(name).units)


@pytest.mark.parametrize("name", SHIPPED)
def test_svg_has_one_symbol_group_per_unit_with_its_labels(name):
    scenario = shipped(name)
    layout = org_layout(scenario)
    root = svg_tree(figure_bytes(org_chart(scenario), "svg"))
    groups = unit_groups(root)
    assert sorted(groups) == sorted(n.id for n in layout.nodes)
    for node in layout.nodes:
        g = groups[node.id]
        assert len(list(g.iter("{http://www.w3.org/2000/svg}path"))) >= 1  # the symbol is vector paths
        content = " ".join(texts(g))
        assert " ".join(content.split()).startswith(node.name), (node.name, content)  # the full name, as text
        assert f"{node.totals.personnel:,} personnel" in content
    body = " ".join(texts(root))
    assert scenario.id in body  # the caption names the scenario


def test_labels_roll_personnel_up_the_tree():
    scenario = shipped("un-operation.yaml")
    layout = org_layout(scenario)
    force = Force.from_scenario(scenario)
    cc = layout.node("cc")
    assert cc.totals.personnel == force.totals().personnel
    kaz = layout.node("kazbat")
    assert kaz.totals.personnel == force.by_id["kazbat"].personnel + force.by_id["kgz-coy"].personnel
    assert cc.lines[-1][0] == (
        f"mil {force.totals().military:,} · pol {force.totals().police:,} · civ {force.totals().civilian:,}"
    )


def test_big_tree_is_tidy_when_shown_whole(big):
    layout = org_layout(big, max_width=None, max_height=None)
    assert len(layout.nodes) == 201 and not layout.automatic and not layout.stacked
    assert_tidy(layout)


def test_depth_collapses_with_markers(big):
    layout = org_layout(big, depth=1, max_width=None)
    assert [n.id for n in layout.nodes] == ["cc"] + [f"b{b}" for b in range(8)]
    assert layout.node("b0").hidden == 4 + 20
    assert layout.hidden == 192
    assert_tidy(layout)
    root = svg_tree(figure_bytes(org_chart(big, depth=1), "svg"))
    marker_texts = [t for t in texts(root) if t.startswith("+")]
    assert marker_texts.count("+24 units") == 8


def test_depth_zero_and_echelon_limit(big):
    assert [n.id for n in org_layout(big, depth=0).nodes] == ["cc"]
    assert [n.id for n in org_layout(big, depth="0").nodes] == ["cc"]
    lay = org_layout(big, depth="battalion", max_width=None)
    assert {n.echelon for n in lay.nodes} == {"division", "brigade", "battalion"}
    assert lay.echelon == "battalion"
    assert lay.node("b3-1").hidden == 5


@pytest.mark.parametrize("bad", [-1, "corps", True])
def test_bad_depth_is_refused(big, bad):
    with pytest.raises(ValueError, match="depth"):
        org_layout(big, depth=bad)


def test_automatic_fit_stacks_then_collapses(big):
    whole = org_layout(big, max_width=None)
    assert whole.width > 40
    stacked = org_layout(big, max_width=whole.width - 1)
    assert stacked.stacked and stacked.hidden == 0 and stacked.width < whole.width
    assert_tidy(stacked)
    narrow = org_layout(big, max_width=16)
    assert narrow.width <= 16 and narrow.automatic and narrow.hidden > 0
    assert_tidy(narrow)


def test_orphans_and_cycles_are_charted_not_fatal():
    scenario = Scenario.model_validate(
        {
            "pkforce": 1,
            "id": "odd",
            "organization": "csto",
            "operation": {"kind": "member_territory", "host_state": "KGZ"},
            "units": [
                {"id": "cc", "name": "HQ", "category": "command", "nation": "KAZ"},
                {
                    "id": "lost",
                    "name": "Lost company",
                    "category": "combat",
                    "nation": "RUS",
                    "parent": "nowhere",
                },
                {"id": "a", "name": "A", "category": "combat", "nation": "BLR", "parent": "b"},
                {"id": "b", "name": "B", "category": "combat", "nation": "BLR", "parent": "a"},
                {"id": "x", "name": "Mystery", "type": "no_such_type", "nation": "XZZ", "parent": "cc"},
            ],
        }
    )
    layout = org_layout(scenario)
    assert sorted(n.id for n in layout.nodes) == ["a", "b", "cc", "lost", "x"]
    assert_tidy(layout)
    root = svg_tree(figure_bytes(org_chart(scenario), "svg"))
    assert sorted(unit_groups(root)) == ["a", "b", "cc", "lost", "x"]


def test_empty_force_draws_an_empty_chart():
    scenario = Scenario.model_validate(
        {
            "pkforce": 1,
            "id": "empty",
            "organization": "csto",
            "operation": {"kind": "member_territory", "host_state": "KGZ"},
        }
    )
    assert org_layout(scenario).nodes == []
    assert b"empty" in figure_bytes(org_chart(scenario), "svg")


def test_colour_by_category_and_nation_legends():
    scenario = shipped("exercise-brotherhood.yaml")
    by_nation = " ".join(texts(svg_tree(figure_bytes(org_chart(scenario), "svg"))))
    assert "Tab: contributing state:" in by_nation and "RUS Russian Federation" in by_nation
    by_cat = " ".join(texts(svg_tree(figure_bytes(org_chart(scenario, color_by="category"), "svg"))))
    assert "Tab: unit category:" in by_cat and "Military observers" in by_cat
    plain = " ".join(texts(svg_tree(figure_bytes(org_chart(scenario, color_by=None), "svg"))))
    assert "Tab:" not in plain and "Frames: APP-6 friendly" in plain
    with pytest.raises(ValueError, match="color_by"):
        org_chart(scenario, color_by="colour")  # type: ignore[arg-type]


def test_long_names_are_wrapped_or_cut_inside_their_cell():
    long = "Very long unit name " * 6
    text = BASE.replace("name: Combined Command", f"name: {long.strip()}")
    layout = org_layout(scenario_from(text))
    node = layout.nodes[0]
    names = [t for t, _, w, _ in node.lines if w == "bold"]
    assert len(names) == 3 and names[-1].endswith("…")
    assert_tidy(layout)


def test_symbols_follow_the_adapter():
    from pkforce.charts.symbols import sidc_for

    layout = org_layout(shipped("un-operation.yaml"))
    fpu = layout.node("rus-fpu")
    assert fpu.sidc == sidc_for("police", "company", "formed_police_unit", ["formed_police"])
    force = Force.from_scenario(shipped("un-operation.yaml"))
    for node in layout.nodes:
        u = force.by_id[node.id]
        assert node.sidc == sidc_for(u.category or "other", u.echelon, u.type, u.capabilities)
    assert layout.node("cc").sidc[7] == "6"  # the combined command: headquarters and task force


def _drawn_text_boxes(fig) -> list[tuple[str, tuple[float, float, float, float]]]:
    """(unit id, pixel box) of every label text the chart drew, measured by the renderer."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    renderer = canvas.get_renderer()
    out = []
    for artist in fig.axes[0].artists:
        gid = artist.get_gid() or ""
        if not gid.startswith("unit-"):
            continue
        for child in artist.get_children():
            if isinstance(child, Text) and child.get_text():
                b = child.get_window_extent(renderer)
                out.append((gid, (b.x0, b.y0, b.x1, b.y1)))
    return out


@pytest.mark.parametrize("name", SHIPPED)
def test_drawn_labels_do_not_overlap(name):
    boxes = _drawn_text_boxes(org_chart(shipped(name)))
    assert boxes
    for (ga, a), (gb, b) in itertools.combinations(boxes, 2):
        if ga != gb:
            assert not _overlaps(a, b), (ga, gb)


def test_drawn_labels_do_not_overlap_when_stacked_and_collapsed(big):
    whole = org_layout(big, max_width=None)
    fig = org_chart(big, max_width=whole.width - 1, depth=2)
    boxes = _drawn_text_boxes(fig)
    assert len({g for g, _ in boxes}) == len(org_layout(big, max_width=whole.width - 1, depth=2).nodes)
    for (ga, a), (gb, b) in itertools.combinations(boxes, 2):
        if ga != gb:
            assert not _overlaps(a, b), (ga, gb)


def test_a_very_deep_chain_is_collapsed_quickly() -> None:
    """5,000 levels must not be laid out one level at a time (it once took minutes)."""
    from pkforce.charts.org_layout import org_layout
    from pkforce.validation import validate_text
    from tests.helpers import BASE

    units = "".join(
        f"  - id: u{i}\n    type: infantry_company\n    nation: KAZ\n"
        f"    parent: {'kaz-coy' if i == 0 else f'u{i - 1}'}\n"
        for i in range(5000)
    )
    scenario = validate_text(BASE + units).scenario
    assert scenario is not None
    lay = org_layout(scenario)
    assert lay.height <= 36.0 and lay.hidden > 4900


# --- APP-6 identity, state codes, MN ---------------------------------------------------------------

FRIEND_FILL = "#80e0ff"  # milsymbol's APP-6 friendly fill


def _fills(group) -> list[str]:
    """The fill colours of a unit group's paths (matplotlib writes them in each path's style)."""
    out = []
    for path in group.iter("{http://www.w3.org/2000/svg}path"):
        for decl in path.get("style", "").split(";"):
            key, _, value = decl.partition(":")
            if key.strip() == "fill":
                out.append(value.strip().lower())
    return out


@pytest.mark.parametrize("color_by", ["nation", "category"])
def test_frames_keep_the_friendly_fill_and_the_state_code_stands_beside_them(color_by):
    scenario = shipped("exercise-brotherhood.yaml")
    groups = unit_groups(svg_tree(figure_bytes(org_chart(scenario, color_by=color_by), "svg")))
    force = Force.from_scenario(scenario)
    for unit in force.units:
        fills = _fills(groups[unit.id])
        assert fills[0] == FRIEND_FILL, (unit.id, fills)  # the frame comes first: APP-6 friend, any state
        code = "MN" if unit.nation == "multinational" else unit.nation
        assert texts(groups[unit.id])[-1] == code, unit.id


def test_tab_colour_is_the_state_fixed_colour_in_every_scenario():
    from pkforce.charts.style import nation_colour

    seen: dict[str, set[str]] = {}
    for name in ("exercise-brotherhood.yaml", "un-operation.yaml", "article3-kyrgyzstan.yaml"):
        scenario = shipped(name)
        groups = unit_groups(svg_tree(figure_bytes(org_chart(scenario), "svg")))
        for unit in Force.from_scenario(scenario).units:
            tab = nation_colour(unit.nation)[0].lower()
            assert tab in _fills(groups[unit.id]), (name, unit.id)
            seen.setdefault(unit.nation, set()).add(tab)
    assert all(len(colours) == 1 for colours in seen.values()), seen


def test_no_state_colour_reads_as_unknown_neutral_or_hostile():
    import colorsys

    from matplotlib.colors import to_rgb

    from pkforce.charts import style

    states, multinational, fallback, _ = style._nation_table()
    codes = [*states, "multinational", *(f"X{a}{b}" for a in "ABCZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ")]
    colours = {style.nation_colour(code)[0] for code in codes} | set(fallback) | {multinational[0]}
    for colour in colours:
        hue, saturation, _ = colorsys.rgb_to_hsv(*to_rgb(colour))
        assert saturation < 0.2 or 180 <= hue * 360 <= 330, colour  # grey, or cyan to magenta
    assert style.nation_colour("XZA") == style.nation_colour("XZA")
    assert len({style.nation_colour(code)[0] for code in states}) == len(states)  # no two listed states alike


def test_only_multinational_units_carry_mn():
    text = BASE.split("units:")[0] + (
        "units:\n"
        "  - {id: cc, name: Combined Command, type: headquarters, nation: KAZ}\n"
        "  - {id: kaz-hq, name: KAZBRIG HQ, type: headquarters, echelon: brigade, nation: KAZ, parent: cc}\n"
        "  - {id: kaz-bn, name: KAZ battalion, type: infantry_battalion, nation: KAZ, parent: kaz-hq}\n"
        "  - {id: rus-bn, name: RUS battalion, type: infantry_battalion, nation: RUS, parent: cc}\n"
        "  - {id: obs, name: Observers, type: military_observer_group, nation: multinational, parent: cc}\n"
    )
    layout = org_layout(scenario_from(text))
    entity = {n.id: n.sidc[10:16] for n in layout.nodes}
    assert entity["cc"] == "180400"  # commands KAZ and RUS contingents: MN
    assert entity["kaz-hq"] == "110000" and layout.node("kaz-hq").sidc[7] == "2"  # national HQ: no MN
