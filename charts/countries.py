"""Governments and course participants per country: two panels, one row per country."""

from __future__ import annotations

from report.brand import Brand
from report.figures import DerivedFigures
from report.schema import Edition

from .data import ChartData
from .labels import Labels

NAME = "paises"
ROW_MM = 8.5


def specs(edition: Edition, figures: DerivedFigures, brand: Brand, lang: str, source: str) -> list[ChartData]:
    text = Labels(lang)
    countries = figures.countries
    if len(countries) < 2:  # one country: the opener already says it all
        return []
    return [
        ChartData(
            name=NAME,
            module=__name__,
            columns=(text.col_country(), text.col_governments(), text.col_participants()),
            rows=tuple((c.code, len(c.governments), c.participants) for c in countries),
            labels=tuple(text.country(c.code) for c in countries),
            values=tuple(c.participants for c in countries),
            value_labels=tuple(text.number(c.participants) for c in countries),
            colors=tuple(brand.country_color(c.code) for c in countries),
            alt=text.countries_alt([text.country_item(c.code, len(c.governments), c.participants) for c in countries]),
            caption=f"{text.countries_caption()} {text.source_governments(source + '/gobiernos')}",
            width_mm=166,
            height_mm=14 + ROW_MM * len(countries),
            extra=(
                ("governments", tuple(len(c.governments) for c in countries)),
                ("governments_labels", tuple(text.number(len(c.governments)) for c in countries)),
                ("titles", (text.col_governments(), text.col_participants())),
            ),
        )
    ]


def draw(data: ChartData, brand: Brand):
    from . import style

    figure = style.new_figure(data.width_mm, data.height_mm)
    left, right = figure.subplots(1, 2, width_ratios=(1, 2))
    governments = data.option("governments")
    style.hbars(left, brand, data.labels, governments, data.option("governments_labels"), data.colors)
    style.hbars(right, brand, data.labels, data.values, data.value_labels, data.colors, show_labels=False)
    for ax, title in zip((left, right), data.option("titles")):
        ax.set_title(title, loc="left", fontsize=brand.matplotlib_rc()["font.size"], fontweight="bold",
                     color=brand.colors["ink_soft"], pad=6)
    return figure
