"""The brand's look in matplotlib: fonts from styles/fonts, rcParams from brand.toml.

Imported only on the drawing path (a cache miss): importing it imports matplotlib.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager

from matplotlib import font_manager, rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from report.brand import Brand

MM = 1 / 25.4  # inches per millimetre
_registered: set[str] = set()


def register_fonts(brand: Brand) -> None:
    """Make the report's own font files known to matplotlib (never a system font)."""
    for face in brand.faces:
        if str(face.file) not in _registered:
            font_manager.fontManager.addfont(str(face.file))
            _registered.add(str(face.file))


@contextmanager
def branded(brand: Brand, fonttype: str = "none") -> Iterator[None]:
    register_fonts(brand)
    with rc_context(brand.matplotlib_rc(fonttype)):
        yield


def new_figure(width_mm: float, height_mm: float) -> Figure:
    """A figure at its printed size; the layout engine makes room for the labels."""
    return Figure(figsize=(width_mm * MM, height_mm * MM), layout="constrained")


def wrap(label: str, width: int = 28) -> str:
    """Long names on two lines, so the bars keep their width."""
    return textwrap.fill(label, width=width, break_long_words=False)


def hbars(
    ax: Axes,
    brand: Brand,
    labels: tuple[str, ...],
    values: tuple[int, ...],
    value_labels: tuple[str, ...],
    colors: tuple[str, ...],
    *,
    ink: str | None = None,
    show_labels: bool = True,
) -> None:
    """Horizontal bars, first row on top, each value printed at the end of its bar."""
    ink = ink or brand.colors["ink"]
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
    for y, value, text in zip(positions, values, value_labels):
        ax.text(
            value + top * 0.015, y, text, va="center_baseline", ha="left", color=ink,
            fontfamily=brand.heading_font, fontweight="bold",
        )


def to_svg(figure: Figure) -> bytes:
    """The figure as SVG, with no date or creator: the same data gives the same bytes."""
    stream = io.BytesIO()
    figure.savefig(stream, format="svg", metadata={"Date": None, "Creator": None})
    return stream.getvalue()
