"""Course participants per government: sorted, coloured by country, values printed."""

from __future__ import annotations

from .api import ChartContext, ChartData, ChartStyle

NAME = "participantes-por-gobierno"
ROW_MM = 6.2
# As many bars as fit one page with readable labels; a larger edition shows each
# profile's own number instead of an unreadable column. One bar compares nothing: the
# table beside it says the number.
MIN_GOVERNMENTS = 2
MAX_GOVERNMENTS = 36


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    governments = sorted(context.data.governments, key=lambda g: (-g.participants, g.name))
    if not MIN_GOVERNMENTS <= len(governments) <= MAX_GOVERNMENTS:
        return []
    countries = [c.code for c in context.data.countries]
    return [
        ChartData(
            name=NAME,
            module=__name__,
            columns=(text.col_government(), text.col_country(), text.col_participants()),
            rows=tuple((g.name, g.country, g.participants) for g in governments),
            labels=tuple(g.name for g in governments),
            values=tuple(g.participants for g in governments),
            value_labels=tuple(text.number(g.participants) for g in governments),
            colors=tuple(style.country_color(g.country) for g in governments),
            alt=text.participants_alt(
                [f"{text.government_in_country(g.name, g.country)}: {text.number(g.participants)}" for g in governments]
            ),
            caption=f"{text.participants_caption(context.data.programme)} {text.source_governments()}",
            # Across the page beside the table of countries; with one country (its divider
            # gives the table's numbers) under the map, in the map's column.
            width_mm=style.text_width_mm if len(countries) > 1 else style.map_width_mm,
            height_mm=12 + ROW_MM * len(governments),
            # The legend: one swatch per country, in the report's order.
            extra=(("legend", tuple((text.country(c), style.country_color(c)) for c in countries)),),
        )
    ]


def draw(data: ChartData, style: ChartStyle):
    from matplotlib.patches import Patch

    from . import style as drawing

    figure = drawing.new_figure(data.width_mm, data.height_mm)
    ax = figure.add_subplot()
    drawing.hbars(ax, style, data.labels, data.values, data.value_labels, data.colors)
    legend = data.option("legend", ())
    if len(legend) > 1:
        ax.legend(
            handles=[Patch(color=color, label=name) for name, color in legend],
            loc="lower right",
            handlelength=0.9,
            handleheight=0.9,
            labelcolor=style.colors["ink_soft"],
        )
    return figure
