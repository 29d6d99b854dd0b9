"""The look shared by every pkforce chart: palettes, hatching, fonts, text measurement, captions.

Colours come from the Okabe-Ito palette (Okabe & Ito, *Color Universal Design*, 2002; Wong,
*Nature Methods* 8:441, 2011), chosen to stay apart for the common forms of colour blindness.
Palette colours alone do not survive greyscale printing, so every category and personnel kind also
has a hatch pattern, and every coloured thing on a chart is also named in text or in a legend.

Charts are built inside :func:`chart_style`, a matplotlib style context that starts from
matplotlib's defaults: a user's own style (a Jupyter theme, a ``matplotlibrc``) does not change a
pkforce chart, so the same input always gives the same picture.

Only :mod:`pkforce.charts` imports this module, and matplotlib is imported inside the functions.
"""

from __future__ import annotations

import contextlib
import re
import threading
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..i18n import _
from ..scenario.vocab import CATEGORIES, MULTINATIONAL

if TYPE_CHECKING:
    from ..scenario.model import Scenario

__all__ = [
    "CATEGORY_COLOURS",
    "CATEGORY_HATCHES",
    "CATEGORY_LABELS",
    "FONT_FAMILY",
    "INK",
    "KIND_COLOURS",
    "KIND_HATCHES",
    "MUTED",
    "N_",
    "OKABE_ITO",
    "caption",
    "category_colour",
    "category_label",
    "chart_style",
    "day_label",
    "lighten",
    "nation_colour",
    "nation_colours",
    "nation_label",
    "scenario_name",
    "text_width",
    "wrap_text",
]

OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
"""The eight Okabe-Ito colours."""

INK = "#1a1a1a"
"""Text and lines."""
MUTED = "#666666"
"""Secondary text (captions, breakdowns), still above 4.5:1 contrast on white."""
GRID = "#d9d9d9"

CATEGORY_COLOURS: dict[str, str] = {
    "command": OKABE_ITO["blue"],
    "combat": OKABE_ITO["vermillion"],
    "police": OKABE_ITO["sky_blue"],
    "observers": OKABE_ITO["yellow"],
    "combat_support": OKABE_ITO["bluish_green"],
    "technical_support": OKABE_ITO["reddish_purple"],
    "rear_support": OKABE_ITO["orange"],
    "civilian": "#f2f2f2",
    "other": "#999999",
}
"""Unit category -> colour (Okabe-Ito; civilian light grey, other mid grey)."""

CATEGORY_HATCHES: dict[str, str] = {
    "command": "",
    "combat": "//",
    "police": "\\\\",
    "observers": "..",
    "combat_support": "xx",
    "technical_support": "--",
    "rear_support": "++",
    "civilian": "oo",
    "other": "||",
}
"""Unit category -> hatch pattern, so categories stay apart in greyscale."""


def N_(text: str) -> str:
    """Marks `text` for the catalogue (`python -m pkforce.i18n.catalog`) where it is written; it is
    translated with `_()` where it is shown, in the language of the chart being drawn."""
    return text


CATEGORY_LABELS: dict[str, str] = {
    "command": N_("Command"),
    "combat": N_("Combat"),
    "police": N_("Police"),
    "observers": N_("Military observers"),
    "combat_support": N_("Combat support"),
    "technical_support": N_("Technical support"),
    "rear_support": N_("Rear (logistic) support"),
    "civilian": N_("Civilian"),
    "other": N_("Other"),
}

KIND_COLOURS: dict[str, str] = {
    "military": "#3d6b4f",
    "police": OKABE_ITO["sky_blue"],
    "civilian": OKABE_ITO["orange"],
}
"""Personnel kind -> colour: dark green, sky blue (as the police category), orange; hatching tells
police from civilian in greyscale."""

KIND_HATCHES: dict[str, str] = {"military": "", "police": "//", "civilian": ".."}

UNKNOWN_COLOUR = "#cccccc"

FONT_FAMILY = "DejaVu Sans"
"""Shipped with matplotlib, so text is measured and drawn the same on every machine."""

_STYLE: dict[str, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": [FONT_FAMILY],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 8.5,
    "axes.labelcolor": INK,
    "axes.edgecolor": "#444444",
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": GRID,
    "grid.linewidth": 0.6,
    "xtick.labelsize": 7.5,
    "ytick.labelsize": 7.5,
    "xtick.color": "#444444",
    "ytick.color": "#444444",
    "legend.fontsize": 7.5,
    "legend.title_fontsize": 8,
    "legend.frameon": False,
    "hatch.linewidth": 0.5,
    "hatch.color": "#00000080",
    "text.color": INK,
    "text.parse_math": False,  # a "$" in a unit's name is a dollar sign, never mathtext
    "svg.fonttype": "none",
    "svg.hashsalt": "pkforce",
    "pdf.fonttype": 42,
    "path.simplify": False,
}


_STYLE_LOCK = threading.RLock()


@contextlib.contextmanager
def chart_style() -> Iterator[None]:
    """matplotlib's defaults plus pkforce's house style, for building and saving a chart.

    matplotlib keeps its settings in one process-wide ``rcParams``, read as artists are created and
    drawn, and offers no per-figure settings. So each chart is built (and each figure saved) inside
    this context, which holds a process-wide lock while it applies the style and restores the
    caller's settings on the way out: charts drawn from several threads at once come out byte for
    byte as when drawn one after the other, and a user's own settings are back as soon as the chart
    is done. (The simulation behind a chart runs outside the lock.)
    """
    import matplotlib.style

    with _STYLE_LOCK, matplotlib.style.context(["default", _STYLE]):
        yield


# --------------------------------------------------------------------------------------------------
# Colours


def lighten(colour: str, amount: float) -> str:
    """Mix `colour` with white: 0 keeps it, 1 gives white. Returns ``#rrggbb``.

    >>> lighten("#000000", 0.5)
    '#808080'
    """
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    mix = [c + (1.0 - c) * amount for c in (r, g, b)]
    return "#" + "".join(f"{round(c * 255):02x}" for c in mix)


def category_colour(category: str | None) -> str:
    return CATEGORY_COLOURS.get(category or "other", UNKNOWN_COLOUR)


def category_label(category: str | None) -> str:
    if category is None:
        return _("Unknown category")
    if category in CATEGORY_LABELS:
        return _(CATEGORY_LABELS[category])
    return category.replace("_", " ").capitalize()


@lru_cache(maxsize=1)
def _nation_table() -> tuple[dict[str, tuple[str, str]], tuple[str, str], tuple[str, ...], tuple[str, ...]]:
    """(state -> (colour, hatch), multinational, fallback colours, fallback hatches) from
    ``pkforce/data/nation_colours.yaml``."""
    from importlib import resources

    import yaml

    text = resources.files("pkforce.data").joinpath("nation_colours.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    states = {str(k): (str(v["colour"]), str(v.get("hatch", ""))) for k, v in raw["states"].items()}
    mn = raw["multinational"]
    fallback = raw["fallback"]
    return (
        states,
        (str(mn["colour"]), str(mn.get("hatch", ""))),
        tuple(str(c) for c in fallback["colours"]),
        tuple(str(h) for h in fallback["hatches"]),
    )


def nation_colour(nation: str) -> tuple[str, str]:
    """The fixed (colour, hatch) of a contributing state, the same in every chart and scenario.

    Listed states take their colour from ``pkforce/data/nation_colours.yaml``; ``multinational`` is
    grey; any other code (a fictional ``XZA``) gets one from the table's fallback list, chosen by a
    CRC-32 of the code, so it is stable too. No state is yellow, green or orange-red: in APP-6 those
    mean unknown, neutral and hostile.

    >>> nation_colour("KAZ")
    ('#0072B2', '')
    """
    import zlib

    states, multinational, colours, hatches = _nation_table()
    if nation == MULTINATIONAL:
        return multinational
    if nation in states:
        return states[nation]
    h = zlib.crc32(nation.encode("utf-8", "replace"))
    return colours[h % len(colours)], hatches[(h // len(colours)) % len(hatches)]


def nation_colours(nations: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Nation -> (colour, hatch) for each of `nations`, in their order (see :func:`nation_colour`).

    >>> nation_colours(["KAZ", "multinational", "RUS"])["RUS"]
    ('#332288', '//')
    """
    return {n: nation_colour(n) for n in dict.fromkeys(nations)}


def nation_label(code: str, scenario: Scenario | None = None, *, long: bool = False) -> str:
    """``KAZ`` or, with `long`, ``KAZ Kazakhstan``; ``multinational`` reads ``MN`` / ``Multinational``."""
    if code == MULTINATIONAL:
        return _("Multinational") if long else _("MN")
    if not long:
        return clean_text(code)
    name = None
    if scenario is not None:
        name = scenario.states.get(code)
    if name is None and lang() == "ru":  # the ISO names are English: a Russian chart shows the code
        return clean_text(code)
    if name is None:
        from ..data import iso_codes

        name = iso_codes().get(code)
    return clean_text(f"{code} {name}" if name else code)


def ordered_categories(present: Sequence[str | None]) -> list[str | None]:
    """The categories in `present`, in the vocabulary's order, unknown ones last (alphabetically)."""
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    seen = list(dict.fromkeys(present))
    return sorted(seen, key=lambda c: (rank.get(c or "", len(rank)), c or "~"))


# --------------------------------------------------------------------------------------------------
# Text

_BREAKS = re.compile("[\t\n\r\x0b\x0c\x85\u2028\u2029]")
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"


def clean_text(text: str) -> str:
    r"""`text` safe to draw and to write into SVG: line breaks become spaces, and control characters
    (C0, DEL, C1), lone surrogates and the non-characters U+FFFE/U+FFFF become "\ufffd", so no raw
    control character reaches an SVG (XML 1.0 forbids them) or a PDF.

    >>> clean_text("KAZ\x1b[31m\nBAT")
    'KAZ�[31m BAT'
    """
    if text.isprintable():
        return text
    return _UNSAFE.sub(REPLACEMENT, _BREAKS.sub(" ", text))


def _xml_safe(text: str) -> str:
    """`text` with what XML 1.0 forbids (and C1 controls) replaced; line breaks kept."""
    return _XML_UNSAFE.sub(REPLACEMENT, text)


def finish(fig: Any) -> Any:
    """Replace what XML 1.0 forbids in every text and element id of a built chart (the last line
    of defence: labels built from scenario strings are cleaned as they are made; the line breaks
    of two-line tick labels stay). Returns `fig`."""
    from matplotlib.text import Text

    for ax in fig.axes:  # tick labels are made again from their formatter when the figure is drawn
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t.get_text() for t in axis.get_majorticklabels()]
            if any(_XML_UNSAFE.search(label) for label in labels):
                axis.set_ticks(axis.get_majorticklocs(), [_xml_safe(label) for label in labels])
    stack: list[Any] = [fig]
    while stack:  # every artist once (Figure.findobj concatenates lists: quadratic on wide trees)
        artist = stack.pop()
        stack.extend(artist.get_children())
        if isinstance(artist, Text):
            text = artist.get_text()
            if _XML_UNSAFE.search(text):
                artist.set_text(_xml_safe(text))
        gid = artist.get_gid()
        if gid is not None and _XML_UNSAFE.search(gid):
            artist.set_gid(_xml_safe(gid))
    return fig


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width of `text` in points in the chart font (DejaVu Sans) at `size` points."""
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=FONT_FAMILY, size=size, weight="bold" if bold else "normal")
    width, _height, _descent = _text_to_path().get_text_width_height_descent(clean_text(text), prop, ismath=False)
    return float(width)


@lru_cache(maxsize=1)
def _text_to_path() -> Any:
    from matplotlib.textpath import TextToPath

    return TextToPath()


def _clip(text: str, width: float, size: float, bold: bool) -> str:
    """`text` cut with an ellipsis to fit `width` points."""
    if text_width(text, size, bold) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if text_width(text[:mid].rstrip() + "…", size, bold) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


NARROWEST_GLYPH = 0.25
"""the narrowest DejaVu Sans glyph that takes room (".", "i", a space), as a share of the font size"""


def fitting_prefix(text: str, width: float, size: float, lines: int = 1) -> str:
    """The start of `text` that could possibly fit on `lines` lines of `width` points (with room to
    spare): what is beyond it is cut anyway, so it is never measured."""
    most = lines * (int(width / max(size * NARROWEST_GLYPH, 1e-9)) + 2) + 16
    return text if len(text) <= most else text[:most]


def wrap_text(text: str, width: float, size: float, *, bold: bool = False, max_lines: int = 2) -> list[str]:
    """Break `text` into at most `max_lines` lines of at most `width` points; the last is cut with "…".

    >>> wrap_text("Kyrgyz rifle company", 200, 8)
    ['Kyrgyz rifle company']

    The cost does not grow with the length of a text that is cut: only as many characters as could
    fit on `max_lines` lines are looked at.
    """
    text = clean_text(fitting_prefix(text, width, size, max_lines))
    words = text.split()
    if not words:
        return [""]
    lines: list[str] = []
    current = ""
    for i, word in enumerate(words):
        trial = f"{current} {word}" if current else word
        if text_width(trial, size, bold) <= width:
            current = trial
            continue
        if current:
            lines.append(current)
            current = word
        else:
            current = word
        if len(lines) == max_lines - 1:
            current = " ".join([current, *words[i + 1 :]])
            break
    lines.append(current)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], " ".join(lines[max_lines - 1 :])]
    return [_clip(line, width, size, bold) for line in lines]


def fit(text: str, width: float, size: float, *, bold: bool = False) -> str:
    """`text` on one line of at most `width` inches, cut with "…" if longer (and cleaned)."""
    return wrap_text(text, width * 72.0, size, bold=bold, max_lines=1)[0]


# --------------------------------------------------------------------------------------------------
# Labels and captions


def scenario_name(scenario: Scenario) -> str:
    """The scenario's title, else its id, else "scenario"."""
    return scenario.title or scenario.id or _("scenario")


def caption(
    scenario: Scenario,
    *,
    seed: int | None = None,
    runs: int | None = None,
    deterministic: bool = False,
    note: str | None = None,
) -> str:
    """The line under every chart: which scenario, which seed and runs, which pkforce.

    >>> from pkforce.scenario.model import Scenario
    >>> s = Scenario.model_validate({"pkforce": 1, "id": "demo", "organization": "csto",
    ...                              "operation": {"kind": "member_territory", "host_state": "KGZ"}})
    >>> caption(s, seed=7, runs=1000)
    'Scenario: demo · seed 7 · 1,000 runs · pkforce 0.1.0'
    """
    from .._version import __version__

    parts = [_("Scenario: %(name)s") % {"name": scenario.id or scenario_name(scenario)}]
    if deterministic:
        parts.append(_("deterministic (every random duration at its mode)"))
    elif runs is not None:
        parts.append(_("seed %(seed)s") % {"seed": seed if seed is not None else _("none")})
        parts.append(runs_text(runs))
    elif seed is not None:
        parts.append(_("seed %(seed)s") % {"seed": seed})
    if note:
        parts.append(note)
    parts.append(f"pkforce {__version__}")
    return " · ".join(parts)


def day_label(day: float) -> str:
    """``D+14`` (``D-3`` before the start; fractional days to the hour: ``D+1.5``); ``Д+14`` in
    Russian, with a decimal comma."""
    if abs(day - round(day)) < 1e-9:
        d = round(day)
        text = f"D+{d}" if d >= 0 else f"D{d}"
    else:
        text = f"D+{day:.1f}" if day >= 0 else f"D{day:.1f}"
    return text.replace("D", "Д").replace(".", ",") if lang() == "ru" else text


def lang() -> str:
    """The language the chart being drawn is written in (see :func:`pkforce.i18n.language`)."""
    from ..i18n import _current

    return _current.get()


def num(value: float) -> str:
    """A whole number with grouped thousands in the chart's language: ``1,035`` / ``1 035``."""
    from ..i18n import number

    return number(value, lang())


def number_formatter() -> Any:
    """A tick formatter writing numbers as :func:`num` does in the chart's language (fixed now:
    ticks are formatted when the chart is saved, outside the language's block)."""
    from ..i18n import number

    chosen = lang()
    return lambda value, _pos: number(value, chosen)


def and_list(parts: Sequence[str]) -> str:
    """``a and b`` (``a и b``), ``nothing`` when empty."""
    if not parts:
        return _("nothing")
    text = parts[0]
    for part in parts[1:]:
        text = _("%(a)s and %(b)s") % {"a": text, "b": part}
    return text


def pct(share: float) -> str:
    """A share as a percentage: ``87%`` (``87 %`` in Russian, with a no-break space)."""
    text = f"{share:.0%}"
    return text.replace("%", "\u00a0%") if lang() == "ru" else text


def runs_text(runs: int) -> str:
    """``1,000 runs`` / ``1 run`` (``прогонов: 1 000``, free of number agreement)."""
    return (_("%(n)s runs") if runs != 1 else _("%(n)s run")) % {"n": num(runs)}


def units_text(n: int) -> str:
    """``12 units`` / ``1 unit`` (``подразделений: 12``)."""
    return (_("%(n)s units") if n != 1 else _("%(n)s unit")) % {"n": num(n)}


def personnel_text(n: float) -> str:
    """``1,035 personnel`` (``личный состав: 1 035``)."""
    return _("%(n)s personnel") % {"n": num(n)}


# --------------------------------------------------------------------------------------------------
# Page layout in inches (title block, axes, caption), shared by the composition, build-up and
# timeline charts. Placing things in inches, not with a layout engine, keeps output predictable.

TITLE_SIZE = 13.0
SUBTITLE_SIZE = 8.5
CAPTION_SIZE = 7.0
PAGE_MARGIN = 0.35
LINE_SPACING = 1.25


def line_height(size: float) -> float:
    """Height of a text line of `size` points, in inches."""
    return size * LINE_SPACING / 72.0


def subtitle_lines(subtitle: Sequence[str], width: float) -> list[str]:
    """The subtitle's lines, each wrapped to a page `width` inches wide only if it is wider (a
    translation is often longer than the English it was written to fit)."""
    room = (width - 2 * PAGE_MARGIN) * 72.0
    out: list[str] = []
    for line in subtitle:
        if text_width(fitting_prefix(line, room, SUBTITLE_SIZE, 4), SUBTITLE_SIZE) <= room:
            out.append(line)
        else:
            out += wrap_text(line, room, SUBTITLE_SIZE, max_lines=4)
    return out


def header_height(title: str, subtitle: Sequence[str], width: float) -> float:
    """Inches the title block takes on a page `width` inches wide."""
    title_lines = wrap_text(title, (width - 2 * PAGE_MARGIN) * 72.0, TITLE_SIZE, bold=True, max_lines=2)
    return (
        PAGE_MARGIN
        + len(title_lines) * line_height(TITLE_SIZE)
        + 0.06
        + len(subtitle_lines(subtitle, width)) * line_height(SUBTITLE_SIZE)
        + 0.1
    )


FOOTER_HEIGHT = 0.45
"""Inches at the bottom of a page for the caption."""


def draw_header(fig: Any, title: str, subtitle: Sequence[str]) -> float:
    """Title and subtitle lines at the top left; returns the y (inches from the bottom) below them."""
    width, height = fig.get_size_inches()
    inch = fig.dpi_scale_trans
    y = height - PAGE_MARGIN
    for line in wrap_text(title, (width - 2 * PAGE_MARGIN) * 72.0, TITLE_SIZE, bold=True, max_lines=2):
        y -= line_height(TITLE_SIZE)
        fig.text(
            PAGE_MARGIN,
            y,
            line,
            transform=inch,
            fontsize=TITLE_SIZE,
            fontweight="bold",
            va="baseline",
            gid="title",
        )
    y -= 0.06
    for line in subtitle_lines(subtitle, width):
        y -= line_height(SUBTITLE_SIZE)
        fig.text(PAGE_MARGIN, y, line, transform=inch, fontsize=SUBTITLE_SIZE, color=MUTED, va="baseline")
    return float(y - 0.1)


def draw_caption(fig: Any, text: str) -> None:
    """The caption line at the bottom left."""
    fig.text(
        PAGE_MARGIN,
        0.18,
        fit(text, fig.get_size_inches()[0] - 2 * PAGE_MARGIN, CAPTION_SIZE),
        transform=fig.dpi_scale_trans,
        fontsize=CAPTION_SIZE,
        color=MUTED,
        va="baseline",
        gid="caption",
    )


def new_figure(width: float, height: float) -> Any:
    """An empty chart page `width` x `height` inches (a :class:`~pkforce.charts._figure.ChartFigure`,
    which a notebook displays)."""
    from ._figure import ChartFigure

    return ChartFigure(figsize=(width, height), dpi=100)


def add_axes_inches(fig: Any, left: float, bottom: float, width: float, height: float) -> Any:
    """An axes placed in inches from the figure's lower-left corner."""
    fw, fh = fig.get_size_inches()
    return fig.add_axes((left / fw, bottom / fh, width / fw, height / fh))


def wrap_lines(text: str, width: float, size: float) -> list[str]:
    """`text` wrapped to `width` inches (as many lines as needed)."""
    return wrap_text(text, width * 72.0, size, max_lines=50)


def line_colour(colour: str) -> str:
    """A colour dark enough for a thin line or small text on white (yellow and sky blue darkened)."""
    from matplotlib.colors import to_rgb

    r, g, b = to_rgb(colour)
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    if luminance <= 0.55:
        return colour
    k = 0.55 / luminance
    return "#" + "".join(f"{round(c * k * 255):02x}" for c in (r, g, b))


# --------------------------------------------------------------------------------------------------
# Time axes: day numbers with dates

_TICK_STEPS = (0.25, 0.5, 1, 2, 5, 7, 10, 14, 15, 30, 60, 90, 180, 365)


def day_ticks(lo: float, hi: float, most: int = 12) -> list[float]:
    """Tick positions in days between `lo` and `hi`: whole multiples of a round step, at most `most`."""
    import math

    span = max(hi - lo, 1e-9)
    step = next((s for s in _TICK_STEPS if span / s <= most), 0.0)
    if not step:  # longer than a dozen years: whole years, 1, 2 or 5 times a power of ten
        years = span / 365.0 / most
        power = 10.0 ** math.floor(math.log10(years))
        step = 365.0 * power * next(k for k in (1, 2, 5, 10) if years <= k * power)
    first = math.ceil(lo / step - 1e-9) * step
    ticks = []
    t = first
    while t <= hi + 1e-9:
        ticks.append(round(t, 6))
        t += step
    return ticks


def date_text(scenario: Scenario, day: float, *, with_year: bool = False, with_time: bool = False) -> str:
    """The calendar date of a scenario day: ``15 Mar`` (``15 Mar 2027``, ``15 Mar 06:00``); empty
    for a day before year 1 or after year 9999, which Python's calendar cannot name."""
    try:
        moment = scenario.date_of(day)
    except (OverflowError, ValueError):
        return ""
    month = RU_MONTHS[moment.month - 1] if lang() == "ru" else moment.strftime("%b")
    text = f"{moment.day} {month}"
    if with_year:
        text += f" {moment.year}"
    if with_time:
        text += f" {moment.strftime('%H:%M')}"
    return text


RU_MONTHS = ("янв", "фев", "мар", "апр", "мая", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
"""Russian month abbreviations as a date writes them ("15 мар", "1 мая")"""


def time_axis(ax: Any, scenario: Scenario, lo: float, hi: float, *, label: bool = True, most: int = 12) -> None:
    """Day numbers and dates on the x axis (``D+14`` over ``15 Mar``), limits `lo`..`hi`."""
    from matplotlib.ticker import FixedLocator, NullFormatter

    ticks = day_ticks(lo, hi, most)
    fractional = any(abs(t - round(t)) > 1e-9 for t in ticks)
    ax.set_xlim(lo, hi)
    ax.xaxis.set_major_locator(FixedLocator(ticks))
    ax.set_xticklabels([f"{day_label(t)}\n{date_text(scenario, t, with_time=fractional)}" for t in ticks])
    ax.xaxis.set_minor_formatter(NullFormatter())
    if label:
        start = scenario.start_instant
        zone = start.strftime("%z")
        zone_text = "UTC" if zone in ("+0000", "") else f"UTC{zone[:3]}:{zone[3:]}"
        clock = "" if (start.hour, start.minute) == (0, 0) else f" {start.strftime('%H:%M')}"
        ax.set_xlabel(
            _("Days from the start (%(d0)s = %(date)s)")
            % {"d0": day_label(0), "date": f"{date_text(scenario, 0, with_year=True)}{clock} {zone_text}"}
        )


def row_major(items: Sequence[Any], ncol: int) -> list[Any]:
    """Reorder legend entries so that matplotlib's column-by-column filling reads row by row."""
    n = len(items)
    ncol = max(1, min(ncol, n))
    rows = -(-n // ncol)
    return [items[r * ncol + c] for c in range(ncol) for r in range(rows) if r * ncol + c < n]


def top_legend(
    fig: Any, entries: Sequence[tuple[Any, str]], ncol: int, anchor: tuple[float, float], **spacing: float
) -> None:
    """A page's legend under its title: (handle, label) entries in `ncol` columns reading row by
    row, frameless, its upper left corner at `anchor` (figure fraction); `spacing` is matplotlib's
    handlelength and columnspacing."""
    ordered = row_major(entries, ncol)
    fig.legend(
        [handle for handle, _label in ordered],
        [label for _handle, label in ordered],
        loc="upper left",
        bbox_to_anchor=anchor,
        ncol=ncol,
        frameon=False,
        fontsize=7,
        borderaxespad=0.0,
        borderpad=0.0,
        **spacing,
    )


def legend_columns(
    labels: Sequence[str], most: int, width: float, fontsize: float, handlelength: float, columnspacing: float
) -> int:
    """The most columns, at most `most`, in which a legend of `labels` read row by row (see
    :func:`row_major`) fits `width` inches: a translation can make a label too long for the
    columns its English was given."""
    em = fontsize / 72.0
    widths = [text_width(t, fontsize) / 72.0 + (handlelength + 0.8) * em for t in labels]
    for ncol in range(max(1, min(most, len(labels))), 0, -1):
        cols = [max(widths[c::ncol]) for c in range(ncol)]
        if sum(cols) + (ncol - 1) * columnspacing * em <= width or ncol == 1:
            return ncol
    return 1
