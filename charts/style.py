"""The brand's look in matplotlib: the report's fonts, rcParams from the chart style.

matplotlib is imported inside the functions, which run only on the drawing path (a
cache miss): importing this module costs nothing.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from .api import ChartStyle

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MM = 1 / 25.4  # inches per millimetre
_registered: set[str] = set()


def register_fonts(style: ChartStyle) -> None:
    """Make the report's own font files known to matplotlib (never a system font)."""
    from matplotlib import font_manager

    for file in style.font_files:
        if str(file) not in _registered:
            font_manager.fontManager.addfont(str(file))
            _registered.add(str(file))


def rc(style: ChartStyle, fonttype: str = "none") -> dict[str, object]:
    """rcParams for the charts: the brand's colours and fonts, and stable SVG output.

    `fonttype` "none" keeps chart text as SVG <text> in the brand fonts (the page's
    @font-face rules draw it); "path" turns it into outlines.
    """
    c = style.colors
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [style.body_font],
        "font.size": style.small_pt,
        "text.color": c["ink"],
        "axes.labelcolor": c["ink_soft"],
        "axes.edgecolor": c["rule"],
        "axes.facecolor": "none",
        "axes.linewidth": 0.6,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": f"cycler('color', {[c['accent'], c['teal'], c['navy'], c['ink_soft']]!r})",
        "xtick.color": c["ink_soft"],
        "ytick.color": c["ink"],
        "xtick.labelsize": style.small_pt,
        "ytick.labelsize": style.small_pt,
        "legend.frameon": False,
        "legend.fontsize": style.small_pt,
        "figure.facecolor": "none",
        "savefig.facecolor": "none",
        "savefig.transparent": True,
        "svg.fonttype": fonttype,
        "svg.hashsalt": "ip360",  # stable ids: byte-identical SVGs across runs
    }


@contextmanager
def branded(style: ChartStyle, fonttype: str = "none") -> Iterator[None]:
    from matplotlib import rc_context

    register_fonts(style)
    with rc_context(rc(style, fonttype)):  # type: ignore[arg-type]  # matplotlib types keys as literals
        yield


def new_figure(width_mm: float, height_mm: float) -> Figure:
    """A figure at its printed size; the layout engine makes room for the labels."""
    from matplotlib.figure import Figure

    return Figure(figsize=(width_mm * MM, height_mm * MM), layout="constrained")


def wrap(label: str, width: int = 28) -> str:
    """Long names on two lines, so the bars keep their width."""
    return textwrap.fill(label, width=width, break_long_words=False)


def hbars(
    ax: Axes,
    style: ChartStyle,
    labels: tuple[str, ...],
    values: tuple[int, ...],
    value_labels: tuple[str, ...],
    colors: tuple[str, ...],
    *,
    ink: str | None = None,
    show_labels: bool = True,
) -> None:
    """Horizontal bars, first row on top, each value printed at the end of its bar."""
    ink = ink or style.colors["ink"]
    positions = range(len(values))
    ax.barh(positions, values, color=colors, height=0.68)
    ax.invert_yaxis()
    ax.set_yticks(list(positions), [wrap(label) for label in labels] if show_labels else [""] * len(values))
    ax.tick_params(axis="y", length=0, pad=4, labelcolor=ink)
    ax.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    ax.spines["left"].set_color(ink)
    top = max(values) if values else 1
    ax.set_xlim(0, top * 1.14 or 1)
    for y, value, text in zip(positions, values, value_labels, strict=True):
        ax.text(
            value + top * 0.015,
            y,
            text,
            va="center_baseline",
            ha="left",
            color=ink,
            fontfamily=style.heading_font,
            fontweight="bold",
        )


def to_svg(figure: Figure) -> bytes:
    """The figure as SVG, with no date or creator: the same data gives the same bytes."""
    stream = io.BytesIO()
    figure.savefig(stream, format="svg", metadata={"Date": None, "Creator": None})
    return stream.getvalue()
