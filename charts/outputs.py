"""The programme's outputs: diagnostics, guides, manuals, labs and courses."""

from __future__ import annotations

from report.brand import Brand
from report.figures import DerivedFigures
from report.schema import Edition

from .data import ChartData
from .labels import Labels

NAME = "productos"
FIELDS = ("diagnostics", "covid_guides", "tech_manuals", "labs", "online_courses")
ROW_MM = 14  # five rows: tall enough to carry the page under the figure grid


def specs(edition: Edition, figures: DerivedFigures, brand: Brand, lang: str, source: str) -> list[ChartData]:
    text = Labels(lang)
    names = text.outputs()
    published = edition.info.figures
    values = tuple(getattr(published, field) for field in FIELDS)
    labels = tuple(names[field] for field in FIELDS)
    return [
        ChartData(
            name=NAME,
            module=__name__,
            columns=(text.col_output(), text.col_count()),
            rows=tuple(zip(labels, values)),
            labels=labels,
            values=values,
            value_labels=tuple(text.number(v) for v in values),
            colors=(brand.colors["teal"],) * len(values),
            alt=text.outputs_alt([f"{label}: {text.number(value)}" for label, value in zip(labels, values)]),
            caption=f"{text.outputs_caption(edition.info.programme, edition.info.year)} "
            f"{text.source_figures(source + '/edicion.yml')}",
            width_mm=166,
            height_mm=6 + ROW_MM * len(values),
        )
    ]


def draw(data: ChartData, brand: Brand):
    from . import style

    figure = style.new_figure(data.width_mm, data.height_mm)
    ax = figure.add_subplot()
    style.hbars(ax, brand, data.labels, data.values, data.value_labels, data.colors)
    return figure
