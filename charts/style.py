"""The brand's look in matplotlib: the report's fonts, rcParams from the chart style.

matplotlib is imported inside the functions, which run only on the drawing path (a
cache miss): importing this module costs nothing.
"""

from __future__ import annotations

import io
import json
import textwrap
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary
from xml.sax.saxutils import escape

from . import geography, placement
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
    svg = stream.getvalue()
    if figure in _LAYOUTS:  # a map: where its labels are, for the tests and the preflight
        data = json.dumps(placement.to_json(_LAYOUTS[figure]), ensure_ascii=False, sort_keys=True)
        marker = escape(data).encode("utf-8")
        start = svg.index(b">", svg.index(b"<svg")) + 1
        svg = (
            svg[:start]
            + b'\n <metadata id="'
            + placement.SVG_ID.encode()
            + b'">'
            + marker
            + b"</metadata>"
            + svg[start:]
        )
    return svg


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


def country_shapes(ax, code: str, scale: float, *, face: str, edge: str, width: float = 0.4) -> None:
    """A country's polygons (outer rings and holes) filled and outlined, as much detail as
    the map's size shows: what lies outside the view is left out, and points closer than
    about a third of a millimetre on paper are merged."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as Shape

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    mm = (x1 - x0) / (ax.figure.get_size_inches()[0] * 25.4)  # a millimetre on paper, in map units
    tolerance = mm * 0.35
    # A shape reaching past the paper is cut a little beyond its edge: the cut's own edges
    # stay off the paper, and a neighbour mostly out of view costs the PDF no points.
    frame = (x0 - 2 * mm, y0 - 2 * mm, x1 + 2 * mm, y1 + 2 * mm)
    for polygon, (west, south, east, north) in zip(
        geography.countries()[code], geography.polygon_boxes(code), strict=True
    ):
        if east * scale < x0 or west * scale > x1 or north < y0 or south > y1:
            continue
        whole = frame[0] <= west * scale and east * scale <= frame[2] and frame[1] <= south and north <= frame[3]
        vertices, codes = [], []
        for ring in polygon:
            points = [(lon * scale, lat) for lon, lat in ring]
            if not whole:
                points = _clipped(points, frame)
                if len(points) < 3:
                    continue
                points.append(points[0])  # closed again
            points = _decimated(points, tolerance)
            if len(points) < 4:
                continue
            vertices += points
            codes += [Shape.MOVETO] + [Shape.LINETO] * (len(points) - 2) + [Shape.CLOSEPOLY]
        if vertices:
            # add_artist, not add_patch: the view is set, and add_patch's update of the data
            # limits was most of a map's drawing time.
            patch = PathPatch(Shape(vertices, codes), facecolor=face, edgecolor=edge, linewidth=width)
            patch.set_transform(ax.transData)
            ax.add_artist(patch)


def _clipped(points: list[tuple[float, float]], box: tuple[float, float, float, float]) -> list[tuple[float, float]]:
    """The part of a ring inside a box (Sutherland–Hodgman, one side of the box at a time),
    open; a filled shape stays filled, and the edges it gains lie on the box."""
    left, bottom, right, top = box
    sides = (
        (lambda p: p[0] >= left, lambda p, q: _at_x(p, q, left)),
        (lambda p: p[0] <= right, lambda p, q: _at_x(p, q, right)),
        (lambda p: p[1] >= bottom, lambda p, q: _at_y(p, q, bottom)),
        (lambda p: p[1] <= top, lambda p, q: _at_y(p, q, top)),
    )
    for inside, crossing in sides:
        ring, points = points, []
        previous = ring[-1] if ring else None
        for point in ring:
            if inside(point):
                if not inside(previous):
                    points.append(crossing(previous, point))
                points.append(point)
            elif inside(previous):
                points.append(crossing(previous, point))
            previous = point
    return points


def _at_x(p: tuple[float, float], q: tuple[float, float], x: float) -> tuple[float, float]:
    return x, p[1] + (q[1] - p[1]) * (x - p[0]) / (q[0] - p[0])


def _at_y(p: tuple[float, float], q: tuple[float, float], y: float) -> tuple[float, float]:
    return p[0] + (q[0] - p[0]) * (y - p[1]) / (q[1] - p[1]), y


def _decimated(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    kept = [points[0]]
    for x, y in points[1:-1]:
        if abs(x - kept[-1][0]) > tolerance or abs(y - kept[-1][1]) > tolerance:
            kept.append((x, y))
    kept.append(points[-1])  # closes the ring
    return kept


def points_per_unit(ax) -> float:
    """Points on paper per unit of the map's data (the same on both axes: equal aspect)."""
    x0, x1 = ax.get_xlim()
    return ax.figure.get_size_inches()[0] * 72 / (x1 - x0)


def to_points(ax, scale: float) -> Callable[[float, float], tuple[float, float]]:
    """(lon, lat) → where it is on the map, in points from the figure's lower left corner."""
    x0, _x1 = ax.get_xlim()
    y0, _y1 = ax.get_ylim()
    k = points_per_unit(ax)

    def project(lon: float, lat: float) -> tuple[float, float]:
        return (lon * scale - x0) * k, (lat - y0) * k

    return project


def text_measure(style: ChartStyle, size_pt: float, pad: float) -> Callable[[str], tuple[float, float]]:
    """A label's (width, height) in points, padding included, from the brand font's own
    metrics (the bold body face the labels are set in): the page draws the same font."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    register_fonts(style)
    font = FontProperties(family=style.body_font, weight="bold", size=size_pt)
    engine = TextToPath()
    _w, line, _d = engine.get_text_width_height_descent("ÁÉgjpqy", font, ismath=False)

    def measure(text: str) -> tuple[float, float]:
        width, _h, _d = engine.get_text_width_height_descent(text, font, ismath=False)
        return width + 2 * pad, line + 2 * pad

    return measure


def map_labels(
    ax,
    style: ChartStyle,
    dots: list[placement.Dot],
    *,
    size_pt: float,
    color: str,
    background: str,
    pill: bool,
    merge_within: float,
    obstacles: tuple[placement.Box, ...] = (),
    coast: list[placement.Segment] | None = None,
) -> placement.Layout:
    """A label for every dot (`dots` in points, from `to_points`), placed by `placement`,
    drawn in `color` on `background`: a pill (a rounded box) or a halo around the letters.
    A label set away from its dot is joined to it by a thin line. The layout is kept with
    the figure, and `to_svg` writes it into the SVG for the preflight."""
    from matplotlib import patheffects
    from matplotlib.patches import FancyBboxPatch

    figure = ax.figure
    width, height = figure.get_size_inches() * 72
    pad = 1.4 if pill else 0.8
    layout = placement.place(
        dots,
        width,
        height,
        text_measure(style, size_pt, pad),
        gap=2.0,
        merge_within=merge_within,
        obstacles=obstacles,
        coast=coast or (),
    )
    x0, _x1 = ax.get_xlim()
    y0, _y1 = ax.get_ylim()
    unit = 1 / points_per_unit(ax)

    def data(x: float, y: float) -> tuple[float, float]:
        return x0 + x * unit, y0 + y * unit

    line_color = background if pill else color
    effects = [] if pill else [patheffects.withStroke(linewidth=2.2, foreground=background)]
    for label in layout.labels:
        bx0, by0, bx1, by1 = label.box
        if label.leader:
            (ax0, ay0), (ax1, ay1) = label.leader_line()
            start, end = data(ax0, ay0), data(ax1, ay1)
            ax.plot(
                [start[0], end[0]],
                [start[1], end[1]],
                color=line_color,
                linewidth=0.6,
                solid_capstyle="round",
                zorder=4,
                path_effects=[] if pill else [patheffects.withStroke(linewidth=1.6, foreground=background)],
            )
        if pill:
            corner = data(bx0, by0)
            ax.add_patch(
                FancyBboxPatch(
                    corner,
                    (bx1 - bx0) * unit,
                    (by1 - by0) * unit,
                    boxstyle=f"round,pad=0,rounding_size={min(2.0, (by1 - by0) / 2) * unit}",
                    facecolor=background,
                    edgecolor="none",
                    zorder=5,
                )
            )
        ax.text(
            *data((bx0 + bx1) / 2, (by0 + by1) / 2),
            label.text,
            ha="center",
            va="center" if "\n" in label.text else "center_baseline",
            multialignment="center",
            linespacing=placement.LINE_SPACING,
            fontsize=size_pt,
            color=color,
            zorder=6,
            fontfamily=style.body_font,
            fontweight="bold",
            path_effects=effects,
        )
    _LAYOUTS.setdefault(figure, []).append(placement.Drawn(layout, color, background))
    return layout


# The label layouts drawn on each figure, for `to_svg` (a figure holds no data of ours).
_LAYOUTS: WeakKeyDictionary = WeakKeyDictionary()
