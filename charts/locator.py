"""For each profile: a small map of its country among its neighbours, as wide as the side
column, with the government's place and name on it. Its height follows the country's shape (between
`LEAST` and `MOST` times its width): a tall frame made Mexico's map half the United States."""

from __future__ import annotations

from . import geography
from .api import ChartContext, ChartData, ChartStyle

LEAST, MOST = 0.75, 1.5  # height ÷ width


def name_for(government_id: str) -> str:
    return f"ubicacion-{government_id}"


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    result = []
    for g in context.data.governments:
        if g.latitude is None or g.longitude is None or not geography.has_shape(g.country):
            continue
        # The whole country (Tierra del Fuego too), its neighbours around it where the frame
        # has room: a wide country gets a low map, a tall one at most half again as tall.
        box = geography.framed(
            geography.padded(geography.bounds(g.country), 0.08, [(g.longitude, g.latitude)]), LEAST, MOST
        )
        width = style.side_column_mm
        result.append(
            ChartData(
                name=name_for(g.id),
                module=__name__,
                columns=(text.col_government(), text.col_country(), text.col_latitude(), text.col_longitude()),
                rows=((g.name, g.country, g.latitude, g.longitude),),
                labels=(g.name,),
                values=(),
                value_labels=(),
                colors=(style.country_color(g.country),),
                alt=text.locator_alt(g.name, g.country),
                caption="",
                width_mm=width,
                height_mm=width * geography.aspect(box),
                extra=(("box", box), ("point", (g.longitude, g.latitude)), ("country", g.country)),
            )
        )
    return result


def draw(data: ChartData, style: ChartStyle):
    from . import placement
    from . import style as drawing

    figure, ax, scale = drawing.map_figure(data.width_mm, data.option("box"))
    color, own = data.colors[0], data.option("country")
    for code in geography.countries():  # the neighbours, for context
        if code != own:
            drawing.country_shapes(ax, code, scale, face=style.colors["rule"], edge=style.colors["paper"])
    drawing.country_shapes(ax, own, scale, face=color + "38", edge=color, width=0.6)
    lon, lat = data.option("point")
    ax.scatter([lon * scale], [lat], s=42, color=color, edgecolors=style.colors["paper"], linewidths=1.2, zorder=3)
    # Its name beside it (ink on a white halo), as every dot of every map has.
    dot = placement.Dot(*drawing.to_points(ax, scale)(lon, lat), 3.9, data.labels[0])
    drawing.map_labels(
        ax,
        style,
        [dot],
        size_pt=style.small_pt * 0.8,
        color=style.colors["ink"],
        background=style.colors["paper"],
        pill=False,
        merge_within=0,
    )
    return figure
