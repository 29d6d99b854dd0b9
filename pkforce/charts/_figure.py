"""The figure class every pkforce chart returns: a plain matplotlib Figure that shows itself in
Jupyter.

Charts are built without pyplot, so a notebook has no backend of its own to display them with;
:class:`ChartFigure` answers IPython's ``_repr_png_`` with the same deterministic bytes
:func:`pkforce.charts.figure_bytes` writes, in pkforce's own style whatever the notebook's
matplotlib settings. Imported only when a chart is drawn (it imports matplotlib).
"""

from __future__ import annotations

from matplotlib.figure import Figure

__all__ = ["ChartFigure"]

REPR_DPI = 100
"""resolution of the picture a notebook shows"""


class ChartFigure(Figure):
    """A :class:`matplotlib.figure.Figure` that a notebook displays as a PNG."""

    def _repr_png_(self) -> bytes:
        from . import figure_bytes

        return figure_bytes(self, "png", dpi=REPR_DPI)
