"""For each country opener: every government's course participants, the country's own
governments highlighted (in paper white on the country's colour), the rest faded."""

from __future__ import annotations

from .api import ChartContext, ChartData, ChartStyle

ROW_MM = 6.4
# The opener page has room for this many bars under its list; with more governments the
# comparison would run off the page, so the opener goes without it (the profiles follow).
MAX_GOVERNMENTS = 12
FADED_ALPHA = "59"  # paper at 35 %: readable context, clearly not this country


def name_for(code: str) -> str:
    return f"pais-{code.lower()}"


def specs(context: ChartContext) -> list[ChartData]:
    text, style = context.text, context.style
    governments = sorted(context.data.governments, key=lambda g: (-g.participants, g.name))
    if len(governments) > MAX_GOVERNMENTS:
        return []
    paper = style.colors["paper"]
    sources = context.data.source + "/gobiernos"
    result = []
    for country in context.data.countries:
        mine = [g for g in governments if g.country == country.code]
        others = [g for g in governments if g.country != country.code]
        result.append(
            ChartData(
                name=name_for(country.code),
                module=__name__,
                columns=(text.col_government(), text.col_country(), text.col_participants(), text.col_highlighted()),
                rows=tuple((g.name, g.country, g.participants, int(g.country == country.code)) for g in governments),
                labels=tuple(g.name for g in governments),
                values=tuple(g.participants for g in governments),
                value_labels=tuple(text.number(g.participants) for g in governments),
                colors=tuple(paper if g.country == country.code else paper + FADED_ALPHA for g in governments),
                alt=text.opener_alt(
                    country.code,
                    [f"{g.name}: {text.number(g.participants)}" for g in mine],
                    [f"{text.government_in_country(g.name, g.country)}: {text.number(g.participants)}" for g in others],
                ),
                caption=text.opener_caption(country.code) + " " + text.source_governments(sources),
                width_mm=style.opener_column_mm,
                height_mm=4 + ROW_MM * len(governments),
            )
        )
    return result


def draw(data: ChartData, style: ChartStyle):
    from . import style as drawing

    figure = drawing.new_figure(data.width_mm, data.height_mm)
    ax = figure.add_subplot()
    drawing.hbars(ax, style, data.labels, data.values, data.value_labels, data.colors, ink=style.colors["paper"])
    return figure
