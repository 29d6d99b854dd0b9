"""The military-symbol adapter: codes, milsymbol rendering, SVG to paths, drawing and the fallback."""

from __future__ import annotations

import io
import logging
import math
import sys

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from pkforce.charts import symbols
from pkforce.charts.symbols import (
    SymbolUnavailable,
    clear_symbol_caches,
    draw_fallback_symbol,
    draw_symbol,
    parse_path_data,
    shape_from_svg,
    sidc_for,
    symbol_entry,
    symbol_shape,
    symbol_svg,
    symbol_table,
)
from pkforce.scenario.vocab import CATEGORIES, ECHELONS

# The unit types the brief names; each must have its own row in symbols.yaml.
BRIEF_TYPES = (
    "infantry_battalion",
    "infantry_company",
    "formed_police_unit",
    "military_observer_team",
    "staff_element",
    "headquarters",
    "role_1_medical",
    "role_2_hospital",
    "role_3_hospital",
    "engineer_company",
    "signal_company",
    "logistics_company",
    "transport_company",
    "civilian_component",
    "military_police_platoon",
    "reconnaissance_company",
    "cbrn_company",
    "aviation_unit",
)


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_symbol_caches()
    yield
    clear_symbol_caches()
    plt.close("all")


def _catalogue_types() -> dict[str, tuple[str, str | None, list[str]]]:
    """Catalogue type -> (category, echelon, capabilities), from pkforce.data when it loads."""
    from pkforce.data import catalogue

    return {name: (str(t.category), t.echelon, list(t.capabilities or [])) for name, t in catalogue().types.items()}


# --- codes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "unit_type", "echelon", "capabilities", "kwargs", "expected"),
    [
        # combined command: MN (named HQ multinational), headquarters + task force, brigade
        ("command", None, "brigade", (), {}, "10031006181804000000"),
        ("command", "headquarters", "brigade", ("command_and_control",), {}, "10031006181804000000"),
        (
            "command",
            None,
            "brigade",
            (),
            {"headquarters": False, "task_force": False},
            "10031000181804000000",
        ),
        ("command", "staff_element", "section", ("command_and_control",), {}, "10031000131100001000"),
        ("combat", "infantry_battalion", "battalion", ("infantry",), {}, "10031000161211000000"),
        ("combat", "infantry_company", "company", (), {}, "10031000151211000000"),
        ("combat", None, None, (), {}, "10031000001211000000"),
        ("combat", None, "battalion", (), {"headquarters": True}, "10031002161211000000"),
        ("police", "formed_police_unit", "company", ("formed_police",), {}, "10031000152007001400"),
        ("police", None, "platoon", (), {}, "10031000142007000000"),
        ("observers", "military_observer_team", "team", ("observation",), {}, "10031000111212000000"),
        ("observers", None, "company", (), {}, "10031000151212000000"),
        ("rear_support", "role_1_medical", "section", (), {}, "10031000131613004200"),
        ("rear_support", "role_2_hospital", "company", (), {}, "10031000151614004300"),
        ("rear_support", "role_3_hospital", "company", (), {}, "10031000151614004400"),
        # first matching capability wins over the category, in the unit's own order
        ("rear_support", None, "company", ("transport", "supply"), {}, "10031000151636000000"),
        ("rear_support", None, "company", ("supply", "transport"), {}, "10031000151634000000"),
        ("rear_support", None, "company", ("unknown_capability", "supply"), {}, "10031000151634000000"),
        ("rear_support", None, "company", (), {}, "10031000151606000000"),
        # the type wins over capabilities
        ("combat_support", "engineer_company", "company", ("signals",), {}, "10031000151407000000"),
        ("combat_support", None, "company", (), {}, "10031000151402000000"),
        ("technical_support", None, "company", (), {}, "10031000151611000000"),
        # civilian: symbol set 11, and a capability does not turn it military
        ("civilian", None, "section", ("civil_affairs",), {}, "10031100131100000000"),
        ("civilian", "civilian_component", "section", (), {}, "10031100131100000000"),
        ("other", None, None, (), {}, "10031000000000000000"),
        # unknown names degrade, they do not raise
        ("no_such_category", "no_such_type", "no_such_echelon", (), {}, "10031000000000000000"),
    ],
)
def test_sidc_for_table(category, unit_type, echelon, capabilities, kwargs, expected):
    assert sidc_for(category, echelon, unit_type, capabilities, **kwargs) == expected


def test_sidc_layout():
    code = sidc_for("combat", "battalion", "infantry_battalion")
    assert len(code) == 20 and code.isdigit()
    assert code[:2] == "10"  # 2525D / APP-6(D)
    assert code[3] == "3"  # friend
    assert code[8:10] == "16"  # battalion


def test_every_category_and_brief_type_has_an_entry():
    table = symbol_table()
    assert set(CATEGORIES) <= set(table.categories)
    assert set(BRIEF_TYPES) <= set(table.types)
    assert set(ECHELONS) == set(table.echelons)


def test_entries_without_a_peacekeeping_symbol_explain_the_choice():
    table = symbol_table()
    for name in ("command", "police", "observers", "civilian"):
        assert table.categories[name].note, name
    for name in ("formed_police_unit", "civilian_component", "role_1_medical", "role_2_hospital"):
        assert table.types[name].note, name


def test_symbol_entry_precedence():
    assert symbol_entry("combat", "formed_police_unit", ["infantry"]).entity == "200700"
    assert symbol_entry("combat", None, ["military_police", "infantry"]).entity == "141200"
    assert symbol_entry("combat", None, []).entity == "121100"


def test_every_catalogue_type_resolves_and_renders():
    for name, (category, echelon, caps) in _catalogue_types().items():
        code = sidc_for(category, echelon, name, caps)
        assert "<path" in symbol_svg(code), name


@pytest.mark.parametrize("category", CATEGORIES)
def test_every_category_renders(category):
    for echelon in (None, *ECHELONS):
        svg = symbol_svg(sidc_for(category, echelon))
        assert svg.startswith("<svg") and "<path" in svg


@pytest.mark.parametrize("group", ["types", "capabilities"])
def test_every_table_entry_renders(group):
    table = symbol_table()
    for name in getattr(table, group):
        kwargs = {"unit_type": name} if group == "types" else {"capabilities": [name]}
        code = sidc_for("other", "company", **kwargs)
        assert "<path" in symbol_svg(code), (group, name)


def test_echelon_marks_differ():
    svgs = {e: symbol_svg(sidc_for("combat", e)) for e in ECHELONS}
    assert len(set(svgs.values())) == len(ECHELONS)
    bare = symbol_svg(sidc_for("combat"))
    assert all(svg != bare for svg in svgs.values())
    # and they survive the conversion to paths
    counts = {e: len(symbol_shape(sidc_for("combat", e)).parts) for e in ECHELONS}
    assert all(n > len(symbol_shape(sidc_for("combat")).parts) for n in counts.values())


def test_symbol_svg_amplifiers_and_unknown_names():
    svg = symbol_svg(sidc_for("combat", "battalion"), unique_designation="KAZBAT", higher_formation="CPF")
    assert "KAZBAT" in svg and "CPF" in svg
    with pytest.raises(TypeError):
        symbol_svg(sidc_for("combat"), uniqe_designation="typo")


def test_symbol_svg_rejects_unknown_code():
    with pytest.raises(SymbolUnavailable):
        symbol_svg("10031000009999990000")


# --- shapes -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("category", CATEGORIES)
def test_symbol_shape_paths_are_finite(category):
    shape = symbol_shape(sidc_for(category, "company"))
    assert shape.parts
    assert shape.source == "milsymbol"
    for part in shape.parts:
        assert len(part.path.vertices) > 0
        ext = part.path.get_extents()
        assert all(math.isfinite(v) for v in (ext.x0, ext.y0, ext.x1, ext.y1))
        # inside the unit box (small tolerance for Bezier extents)
        assert ext.y0 >= -1e-6 and ext.y1 <= 1 + 1e-6
        assert ext.x0 >= -1e-6 and ext.x1 <= shape.aspect + 1e-6
    assert 0 < shape.frame_height <= 1
    assert shape.frame_width / shape.frame_height == pytest.approx(1.5)  # friendly land frame
    ax, ay = shape.anchor
    assert 0 < ax < shape.aspect and 0 < ay < 1


def test_symbol_shape_is_upright_and_cached():
    # the echelon mark is above the frame: SVG's y axis points down, matplotlib's up
    shape = symbol_shape(sidc_for("combat", "brigade"))
    frame_top = shape.anchor[1] + shape.frame_height / 2
    mark = shape.parts[-1].path.get_extents()
    assert mark.y0 > frame_top - 1e-6
    assert symbol_shape(sidc_for("combat", "brigade")) is shape


def test_headquarters_staff_hangs_below_the_frame():
    shape = symbol_shape(sidc_for("command", "brigade"))
    frame_bottom = shape.anchor[1] - shape.frame_height / 2
    assert frame_bottom > 0.3  # room for the staff below the frame


def test_parse_path_data_commands():
    verts, codes = parse_path_data("M10,10 l10,0 H40 v10 h-10 V30 z")
    assert verts[:6] == [(10, 10), (20, 10), (40, 10), (40, 20), (30, 20), (30, 30)]
    assert codes[0] == 1 and codes[-1] == 79
    verts, codes = parse_path_data("M0,0 c10,0 10,20 0,20 s-10,20 0,20 Q5,5 10,0 t10,0")
    assert len(verts) == 1 + 3 + 3 + 2 + 2
    verts, codes = parse_path_data("M0 0 A10 10 0 0 1 20 0 a10,10 0 1,0 -20,0z")
    assert verts[-1] == (0, 0) and 4 in codes
    # implicit lineto after moveto, compact numbers
    verts, _ = parse_path_data("M0,0 10,10-5.5.5")
    assert verts == [(0, 0), (10, 10), (-5.5, 0.5)]


def test_shape_from_svg_elements_and_transforms():
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 100">'
        '<rect x="25" y="25" width="150" height="50" fill="rgb(128,224,255)"'
        ' stroke="black" stroke-width="4"/>'
        '<g transform="translate(10,10) scale(2)" stroke="black" fill="none">'
        '<circle cx="10" cy="10" r="5"/><line x1="0" y1="0" x2="5" y2="5"/>'
        '<polyline points="0,0 5,0 5,5"/><polygon points="0,0 5,0 5,5" fill="red"/>'
        '<ellipse cx="20" cy="20" rx="4" ry="2"/></g>'
        '<text x="100" y="50" text-anchor="middle" font-size="20" fill="black">AB</text>'
        "</svg>"
    )
    shape = shape_from_svg(svg)
    assert len(shape.parts) == 7
    assert shape.frame_fill == "#80e0ff"
    assert shape.parts[1].linewidth == pytest.approx(2 * shape.parts[0].linewidth / 4)  # stroke 1 scaled x2
    circle = shape.parts[1].path.get_extents()
    # circle centre at SVG (30, 30) -> box (0.3, 0.7) after the y flip
    assert (circle.x0 + circle.x1) / 2 == pytest.approx(0.3, abs=1e-6)
    assert (circle.y0 + circle.y1) / 2 == pytest.approx(0.7, abs=1e-6)
    assert shape.aspect == pytest.approx(2.0)


def test_shape_from_svg_rejects_garbage():
    with pytest.raises(SymbolUnavailable):
        shape_from_svg("not svg at all")
    with pytest.raises(SymbolUnavailable):
        shape_from_svg('<svg xmlns="http://www.w3.org/2000/svg"></svg>')


# --- drawing ----------------------------------------------------------------------------------------


def _axes():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.set_xlim(0, 10)
    ax.set_ylim(0, 6)
    ax.set_aspect("equal")
    return fig, ax


def test_draw_symbol_adds_vector_patches():
    fig, ax = _axes()
    code = sidc_for("command", "brigade")
    bbox = draw_symbol(ax, code, 5, 3, 1.0, fill="#ffcc00")
    assert len(ax.patches) == len(symbol_shape(code).parts)
    x0, y0, x1, y1 = bbox
    assert x0 < 5 < x1 and y0 < 3 < y1
    assert y0 < 3 - 0.5 - 0.5  # the headquarters staff hangs a frame height below the frame
    frame = ax.patches[0]
    assert frame.get_facecolor()[:3] == pytest.approx(matplotlib.colors.to_rgb("#ffcc00"))
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    out = buf.getvalue()
    assert "<path" in out
    assert "<image" not in out  # vector, not a raster


def test_draw_symbol_frame_has_the_requested_height():
    _fig, ax = _axes()
    draw_symbol(ax, sidc_for("combat", "company"), 5, 3, 2.0)
    ext = ax.patches[0].get_path().get_extents()
    assert ext.height == pytest.approx(2.0, rel=1e-6)
    assert ext.width == pytest.approx(3.0, rel=1e-6)
    assert ((ext.x0 + ext.x1) / 2, (ext.y0 + ext.y1) / 2) == pytest.approx((5, 3))


def test_fallback_when_milsymbol_is_missing(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "milsymbol", None)  # import milsymbol -> ImportError
    clear_symbol_caches()
    with pytest.raises(SymbolUnavailable):
        symbol_shape(sidc_for("combat", "company"))
    fig, ax = _axes()
    with caplog.at_level(logging.DEBUG, logger=symbols.__name__):
        bbox = draw_symbol(ax, sidc_for("police", "company", "formed_police_unit"), 5, 3, 1.0)
    assert ax.patches
    assert any("fallback" in r.getMessage() for r in caplog.records)
    assert bbox[0] < 5 < bbox[2] and bbox[1] < 3 < bbox[3]
    buf = io.StringIO()
    fig.savefig(buf, format="svg")
    assert "<path" in buf.getvalue()


def test_nonsense_code_falls_back_without_raising():
    fig, ax = _axes()
    for code in ("nonsense", "", "10031000009999990000", "1003100015121100000X"):
        bbox = draw_symbol(ax, code, 5, 3, 1.0)
        assert all(math.isfinite(v) for v in bbox)
    assert ax.patches
    fig.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("category", CATEGORIES)
def test_fallback_shapes_differ_by_echelon(category):
    _fig, ax = _axes()
    counts = set()
    for echelon in ECHELONS:
        shape = symbols.fallback_shape(sidc_for(category, echelon))
        assert shape.source == "fallback"
        counts.add(tuple(round(v, 3) for p in shape.parts for v in p.path.get_extents().bounds))
        draw_fallback_symbol(ax, sidc_for(category, echelon), 5, 3, 1.0)
    assert len(counts) == len(ECHELONS)
