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


# --- maps ------------------------------------------------------------------------------


def map_figure(width_mm: float, box: tuple[float, float, float, float]):
    """A figure for a map of `box` (west, south, east, north): axes fill it, no frame,
    longitude scaled by the cosine of the middle latitude so shapes keep their proportions."""
    import math

    from matplotlib.figure import Figure

    west, south, east, north = box
    scale = math.cos(math.radians((north + south) / 2))
    height_mm = width_mm * (north - south) / ((east - west) * scale)
    figure = Figure(figsize=(width_mm * MM, height_mm * MM))
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_xlim(west * scale, east * scale)
    ax.set_ylim(south, north)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return figure, ax, scale


def country_shapes(ax, polygons, scale: float, *, face: str, edge: str, width: float = 0.4) -> None:
    """A country's polygons (outer rings and holes) filled and outlined, as much detail as
    the map's size shows: what lies outside the view is left out, and points closer than
    about a third of a millimetre on paper are merged."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as Shape

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    tolerance = (x1 - x0) / (ax.figure.get_size_inches()[0] * 25.4) * 0.35
    for polygon in polygons:
        xs = [lon * scale for lon, _lat in polygon[0]]
        ys = [lat for _lon, lat in polygon[0]]
        if max(xs) < x0 or min(xs) > x1 or max(ys) < y0 or min(ys) > y1:
            continue
        vertices, codes = [], []
        for ring in polygon:
            points = _decimated([(lon * scale, lat) for lon, lat in ring], tolerance)
            if len(points) < 4:
                continue
            vertices += points
            codes += [Shape.MOVETO] + [Shape.LINETO] * (len(points) - 2) + [Shape.CLOSEPOLY]
        if vertices:
            ax.add_patch(PathPatch(Shape(vertices, codes), facecolor=face, edgecolor=edge, linewidth=width))


def _decimated(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    kept = [points[0]]
    for x, y in points[1:-1]:
        if abs(x - kept[-1][0]) > tolerance or abs(y - kept[-1][1]) > tolerance:
            kept.append((x, y))
    kept.append(points[-1])  # closes the ring
    return kept


def labelled_points(
    ax, style: ChartStyle, points, scale: float, *, size_pt: float, label_color: str, halo: str | None = None
) -> list[str]:
    """Points (lon, lat, colour, name), each with its name where it fits without covering
    another label or point; return the names left unlabelled (too close to another)."""
    from matplotlib import patheffects

    figure = ax.figure
    width_px, height_px = figure.get_size_inches() * 72  # in points: the text's unit
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()

    def to_pt(lon: float, lat: float) -> tuple[float, float]:
        return (lon * scale - x0) / (x1 - x0) * width_px, (lat - y0) / (y1 - y0) * height_px

    taken = [(x - 3, y - 3, x + 3, y + 3) for x, y in (to_pt(lon, lat) for lon, lat, _c, _n in points)]
    skipped = []
    for lon, lat, color, _name in points:
        ax.scatter(
            [lon * scale],
            [lat],
            s=(size_pt * 0.9) ** 2,
            color=color,
            edgecolors=halo or "none",
            linewidths=0.8 if halo else 0,
            zorder=3,
        )
    effects = [patheffects.withStroke(linewidth=2.2, foreground=halo)] if halo else []
    for lon, lat, _color, name in points:
        x, y = to_pt(lon, lat)
        width, height = len(name) * size_pt * 0.52, size_pt * 1.1
        for dx, ha, dy in ((5, "left", 0), (-5, "right", 0), (0, "center", height * 0.9), (0, "center", -height * 0.9)):
            left = x + dx if ha == "left" else x + dx - width if ha == "right" else x - width / 2
            box = (left, y + dy - height / 2, left + width, y + dy + height / 2)
            inside = box[0] >= 0 and box[2] <= width_px and box[1] >= 0 and box[3] <= height_px
            if inside and not any(_overlap(box, other) for other in taken):
                taken.append(box)
                ax.text(
                    lon * scale + dx * (x1 - x0) / width_px,
                    lat + dy * (y1 - y0) / height_px,
                    name,
                    ha=ha,
                    va="center",
                    fontsize=size_pt,
                    color=label_color,
                    zorder=4,
                    fontfamily=style.body_font,
                    fontweight="bold",
                    path_effects=effects,
                )
                break
        else:
            skipped.append(name)
    return skipped


def _overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
