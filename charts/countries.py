"""Governments and course participants per country: two panels, one row per country."""

from __future__ import annotations

from .api import ChartContext, ChartData, ChartStyle

NAME = "paises"
ROW_MM = 8.5


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    countries = context.data.countries
    if len(countries) < 2:  # one country: the opener already says it all
        return []
    return [
        ChartData(
            name=NAME,
            module=__name__,
            columns=(text.col_country(), text.col_governments(), text.col_participants()),
            rows=tuple((c.code, c.governments, c.participants) for c in countries),
            labels=tuple(text.country(c.code) for c in countries),
            values=tuple(c.participants for c in countries),
            value_labels=tuple(text.number(c.participants) for c in countries),
            colors=tuple(style.country_color(c.code) for c in countries),
            alt=text.countries_alt([text.country_item(c.code, c.governments, c.participants) for c in countries]),
            caption=f"{text.countries_caption()} {text.source_governments(context.data.source + '/gobiernos')}",
            width_mm=style.text_width_mm,
            height_mm=14 + ROW_MM * len(countries),
            extra=(
                ("governments", tuple(c.governments for c in countries)),
                ("governments_labels", tuple(text.number(c.governments) for c in countries)),
                ("titles", (text.col_governments(), text.col_participants())),
            ),
        )
    ]


def draw(data: ChartData, style: ChartStyle):
    from . import style as drawing

    figure = drawing.new_figure(data.width_mm, data.height_mm)
    left, right = figure.subplots(1, 2, width_ratios=(1, 2))
    drawing.hbars(left, style, data.labels, data.option("governments"), data.option("governments_labels"), data.colors)
    drawing.hbars(right, style, data.labels, data.values, data.value_labels, data.colors, show_labels=False)
    for ax, title in zip((left, right), data.option("titles"), strict=True):
        ax.set_title(
            title, loc="left", fontsize=style.small_pt, fontweight="bold", color=style.colors["ink_soft"], pad=6
        )
    return figure
