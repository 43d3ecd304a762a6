"""For each country opener: the country, and where its governments are. A country of one
government has no opener (a heading on its profile's page, country.html.j2), so no map."""

from __future__ import annotations

from itertools import pairwise

from . import geography
from .api import ChartContext, ChartData, ChartStyle

MAX_HEIGHT_MM = 105  # the divider's room for its map, under its figures
MIN_WIDTH_MM = 40  # a tall country (Chile) is framed wider, with its neighbours, rather than drawn a sliver
DOT_PT = 2.6  # a government's dot, radius


def name_for(code: str) -> str:
    return f"mapa-{code.lower()}"


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    result = []
    for country in context.data.countries:
        mine = [g for g in context.data.governments if g.country == country.code]
        located = [g for g in mine if g.latitude is not None and g.longitude is not None]
        if len(mine) < 2 or not located or not geography.has_shape(country.code):
            continue
        points = tuple((g.longitude, g.latitude) for g in located)
        box = geography.padded(geography.bounds(country.code), 0.06, points)
        # Beside the list of the country's governments: what the text column leaves beside it,
        # at most as tall as the room under the figures, never narrower than MIN_WIDTH_MM.
        room = style.text_width_mm - style.opener_list_mm - style.gap_mm
        box = geography.framed(box, 0.0, MAX_HEIGHT_MM / MIN_WIDTH_MM)
        width = min(room, MAX_HEIGHT_MM / geography.aspect(box))
        caption = text.country_map_caption(country.code)
        missing = [g.name for g in mine if g.latitude is None or g.longitude is None]
        if missing:
            caption += " " + text.unlocated(missing)
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
                caption=f"{caption} {text.source_governments()}",
                width_mm=width,
                height_mm=width * geography.aspect(box),
                extra=(("box", box), ("points", points), ("country", country.code)),
            )
        )
    return result


def draw(data: ChartData, style: ChartStyle):
    from matplotlib.patches import Circle

    from . import placement
    from . import style as drawing

    figure, ax, scale = drawing.map_figure(data.width_mm, data.option("box"))
    paper, own = style.colors["paper"], data.option("country")
    for code in geography.countries():  # neighbours in the frame: outlines, for context
        if code != own:  # (a fill would draw the frame of a landlocked country as a box)
            drawing.country_shapes(ax, code, scale, face="none", edge=paper + "66", width=0.4)
    drawing.country_shapes(ax, own, scale, face=paper + "33", edge=paper, width=0.8)
    unit = 1 / drawing.points_per_unit(ax)
    dots = []
    project = drawing.to_points(ax, scale)
    for (lon, lat), name in zip(data.option("points"), data.labels, strict=True):
        ax.add_patch(Circle((lon * scale, lat), DOT_PT * unit, facecolor=paper, edgecolor="none", zorder=3))
        dots.append(placement.Dot(*project(lon, lat), DOT_PT, name))
    # Labels on white pills in the country's colour (the divider's own: 4.5:1 with white,
    # checked), beside their dots on land where there is room.
    coast = [
        (project(*a), project(*b))
        for polygon in geography.countries()[own]
        for ring in polygon
        for a, b in pairwise(ring)
    ]
    drawing.map_labels(
        ax,
        style,
        dots,
        size_pt=style.small_pt * 0.9,
        color=style.country_color(own),
        background=paper,
        pill=True,
        merge_within=DOT_PT * 2,
        coast=coast,
    )
    return figure
