"""For each country opener: the country, and where its governments are."""

from __future__ import annotations

from . import geography
from .api import ChartContext, ChartData, ChartStyle

MAX_HEIGHT_MM = 105  # the divider's room for its map, under its figures


def name_for(code: str) -> str:
    return f"mapa-{code.lower()}"


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    result = []
    for country in context.data.countries:
        located = [
            g
            for g in context.data.governments
            if g.country == country.code and g.latitude is not None and g.longitude is not None
        ]
        if not located or not geography.has_shape(country.code):
            continue
        points = tuple((g.longitude, g.latitude) for g in located)
        box = geography.padded(geography.bounds(country.code), 0.06, points)
        # Beside the list of the country's governments: what the text column leaves beside it.
        room = style.text_width_mm - style.opener_list_mm - style.gap_mm
        width = min(room, MAX_HEIGHT_MM / geography.aspect(box))
        result.append(
            ChartData(
                name=name_for(country.code),
                module=__name__,
                columns=(text.col_government(), text.col_latitude(), text.col_longitude()),
                rows=tuple((g.name, g.latitude, g.longitude) for g in located),
                labels=tuple(g.name for g in located),
                values=(),
                value_labels=(),
                colors=(style.colors["paper"],) * len(located),
                alt=text.country_map_alt(country.code, [g.name for g in located]),
                caption=f"{text.country_map_caption(country.code)} {text.source_governments()}",
                width_mm=width,
                height_mm=width * geography.aspect(box),
                extra=(("box", box), ("points", points), ("country", country.code)),
            )
        )
    return result


def draw(data: ChartData, style: ChartStyle):
    from . import style as drawing

    figure, ax, scale = drawing.map_figure(data.width_mm, data.option("box"))
    paper = style.colors["paper"]
    drawing.country_shapes(
        ax, geography.countries()[data.option("country")], scale, face=paper + "33", edge=paper, width=0.8
    )
    points = [(lon, lat, paper, name) for (lon, lat), name in zip(data.option("points"), data.labels, strict=True)]
    drawing.labelled_points(ax, style, points, scale, size_pt=style.small_pt, label_color=paper)
    return figure
