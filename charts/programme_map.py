"""Where the programme works: Latin America with every government of the report as a dot
in its country's colour, its area in proportion to the government's officials in the
course (with a legend of sizes), every dot named."""

from __future__ import annotations

import math

from . import geography
from .api import ChartContext, ChartData, ChartStyle

NAME = "mapa"
MAX_RADIUS_PT = 7.0  # the government with the most participants
MIN_RADIUS_PT = 1.4  # none (or a few) still shows as a dot: the legend's smallest size is above it


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    # A country the base map lacks has no shape to put its point on: such governments are
    # left off (check lists them). A point north of Mexico widens the frame to include it.
    located = [g for g in context.data.located() if geography.has_shape(g.country)]
    if not located:
        return []
    box = geography.padded(geography.LATIN_AMERICA, 0.0, [(g.longitude, g.latitude) for g in located])
    countries = tuple(dict.fromkeys(g.country for g in located))
    sizes = legend_values(max(g.participants for g in located))
    caption = text.map_caption()
    missing = [g.name for g in context.data.governments if g.latitude is None or g.longitude is None]
    if missing:
        caption += " " + text.unlocated(missing)
    return [
        ChartData(
            name=NAME,
            module=__name__,
            columns=(
                text.col_government(),
                text.col_country(),
                text.col_participants(),
                text.col_latitude(),
                text.col_longitude(),
            ),
            rows=tuple((g.name, g.country, g.participants, g.latitude, g.longitude) for g in located),
            labels=tuple(g.name for g in located),
            values=tuple(g.participants for g in located),
            value_labels=tuple(text.number(g.participants) for g in located),
            colors=tuple(style.country_color(g.country) for g in located),
            alt=text.map_alt([text.map_item(g.name, g.country, g.participants) for g in located]),
            caption=f"{caption} {text.source_governments()}",
            width_mm=style.map_width_mm,
            height_mm=style.map_width_mm * geography.aspect(box),
            extra=(
                ("box", box),
                ("points", tuple((g.longitude, g.latitude) for g in located)),
                ("countries", countries),
                ("legend", text.map_legend()),
                ("legend_values", sizes),
                ("legend_labels", tuple(text.number(value) for value in sizes)),
            ),
        )
    ]


def radius(value: int, largest: int) -> float:
    """A dot's radius in points: its area in proportion to its value."""
    if largest <= 0:
        return MIN_RADIUS_PT
    return max(MIN_RADIUS_PT, MAX_RADIUS_PT * math.sqrt(value / largest))


def legend_values(largest: int) -> tuple[int, ...]:
    """Two or three round sizes for the legend: the largest value rounded down to one
    significant figure (1, 2 or 5 times a power of ten), then smaller ones."""
    if largest <= 0:
        return ()
    power = 10 ** int(math.log10(largest))
    top = max(step * power for step in (1, 2, 5) if step * power <= largest)
    values = [top]
    for fraction in (0.4, 0.1):
        smaller = _round_down(top * fraction)
        if smaller >= 1 and radius(smaller, largest) > MIN_RADIUS_PT and smaller < values[-1]:
            values.append(smaller)
    return tuple(values)


def _round_down(value: float) -> int:
    power = 10 ** int(math.log10(value)) if value >= 1 else 1
    return int(max(step * power for step in (1, 2, 5) if step * power <= value) if value >= 1 else 0)


def draw(data: ChartData, style: ChartStyle):
    from matplotlib.patches import Circle

    from . import placement
    from . import style as drawing

    box = data.option("box")
    figure, ax, scale = drawing.map_figure(data.width_mm, box)
    ours = set(data.option("countries"))
    for code in geography.countries():
        if code in ours:
            continue
        drawing.country_shapes(ax, code, scale, face=style.colors["sand"], edge=style.colors["paper"])
    for code in sorted(ours):  # the programme's countries, tinted, over the others (in one order: a set's
        # order changes with each process's string hashing, and the SVG's bytes with it)
        if geography.has_shape(code):
            drawing.country_shapes(ax, code, scale, face=style.colors["rule"], edge=style.colors["paper"])
    unit = 1 / drawing.points_per_unit(ax)
    largest = max(data.values, default=0)
    dots = []
    order = sorted(range(len(data.values)), key=lambda i: -data.values[i])  # small dots over large ones
    for i in order:
        (lon, lat), r = data.option("points")[i], radius(data.values[i], largest)
        ax.add_patch(
            Circle(
                (lon * scale, lat),
                r * unit,
                facecolor=data.colors[i],
                edgecolor=style.colors["paper"],
                linewidth=0.6,
                zorder=3,
            )
        )
    project = drawing.to_points(ax, scale)
    for (lon, lat), name, value in zip(data.option("points"), data.labels, data.values, strict=True):
        dots.append(placement.Dot(*project(lon, lat), radius(value, largest), name))
    legend = _legend(ax, style, data, largest, unit)
    drawing.map_labels(
        ax,
        style,
        dots,
        size_pt=style.small_pt * 0.8,
        color=style.colors["ink"],
        background=style.colors["paper"],
        pill=False,
        merge_within=3.0,
        obstacles=(legend,),
    )
    return figure


def _legend(ax, style: ChartStyle, data: ChartData, largest: int, unit: float) -> tuple[float, float, float, float]:
    """Circles of round sizes side by side in the lower left corner (the Pacific), each
    value under its circle and the legend's title above; returns the box it takes, in points."""
    from matplotlib.patches import Circle

    from . import style as drawing

    values = data.option("legend_values")
    if not values:
        return (0.0, 0.0, 0.0, 0.0)
    x0, _x1 = ax.get_xlim()
    y0, _y1 = ax.get_ylim()
    size = style.small_pt * 0.75
    measure = drawing.text_measure(style, size, 0)
    line = measure("0")[1]
    left, base = 4.0, 4.0 + line + 1.5  # the circles stand on a line above their values
    ink, soft = style.colors["ink"], style.colors["ink_soft"]
    x = left
    for value, shown in zip(values, data.option("legend_labels"), strict=True):
        r = radius(value, largest)
        cx = x + max(r, measure(shown)[0] / 2)
        ax.add_patch(
            Circle(
                (x0 + cx * unit, y0 + (base + r) * unit),
                r * unit,
                facecolor=style.colors["rule"],
                edgecolor=soft,
                linewidth=0.5,
                zorder=3,
            )
        )
        ax.text(x0 + cx * unit, y0 + 4.0 * unit, shown, ha="center", va="bottom", fontsize=size, color=ink, zorder=3)
        x = cx + max(r, measure(shown)[0] / 2) + 4
    top = base + 2 * radius(values[0], largest) + 2
    ax.text(
        x0 + left * unit,
        y0 + top * unit,
        data.option("legend"),
        ha="left",
        va="bottom",
        fontsize=size,
        color=ink,
        fontfamily=style.body_font,
        fontweight="bold",
        zorder=3,
    )
    title_width, title_height = measure(data.option("legend"))
    return (0.0, 0.0, max(left + title_width, x) + 2, top + title_height + 2)
