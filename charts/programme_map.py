"""Where the programme works: Latin America with every government of the report as a
point in its country's colour, named where the name fits."""

from __future__ import annotations

from . import geography
from .api import ChartContext, ChartData, ChartStyle

NAME = "mapa"


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    # A country the base map lacks has no shape to put its point on: such governments are
    # left off (check lists them). A point north of Mexico widens the frame to include it.
    located = [g for g in context.data.located() if geography.has_shape(g.country)]
    if not located:
        return []
    box = geography.padded(geography.LATIN_AMERICA, 0.0, [(g.longitude, g.latitude) for g in located])
    countries = tuple(dict.fromkeys(g.country for g in located))
    return [
        ChartData(
            name=NAME,
            module=__name__,
            columns=(text.col_government(), text.col_country(), text.col_latitude(), text.col_longitude()),
            rows=tuple((g.name, g.country, g.latitude, g.longitude) for g in located),
            labels=tuple(g.name for g in located),
            values=(),
            value_labels=(),
            colors=tuple(style.country_color(g.country) for g in located),
            alt=text.map_alt([text.government_in_country(g.name, g.country) for g in located]),
            caption=f"{text.map_caption()} {text.source_governments()}",
            width_mm=style.map_width_mm,
            height_mm=style.map_width_mm * geography.aspect(box),
            extra=(
                ("box", box),
                ("points", tuple((g.longitude, g.latitude) for g in located)),
                ("countries", countries),
            ),
        )
    ]


def draw(data: ChartData, style: ChartStyle):
    from . import style as drawing

    box = data.option("box")
    figure, ax, scale = drawing.map_figure(data.width_mm, box)
    ours = set(data.option("countries"))
    for code, polygons in geography.countries().items():
        if code in ours:
            continue
        drawing.country_shapes(ax, polygons, scale, face=style.colors["sand"], edge=style.colors["paper"])
    for code in ours:  # the programme's countries, tinted, over the others
        if geography.has_shape(code):
            drawing.country_shapes(
                ax, geography.countries()[code], scale, face=style.colors["rule"], edge=style.colors["paper"]
            )
    points = [
        (lon, lat, color, name)
        for (lon, lat), color, name in zip(data.option("points"), data.colors, data.labels, strict=True)
    ]
    drawing.labelled_points(
        ax,
        style,
        points,
        scale,
        size_pt=style.small_pt * 0.85,
        label_color=style.colors["ink"],
        halo=style.colors["paper"],
    )
    return figure
