"""The programme's outputs: the published figures the edition places as «producto»."""

from __future__ import annotations

from .api import ChartContext, ChartData, ChartStyle

NAME = "productos"
ROW_MM = 14  # 2020 has five rows: about the height of the map beside them


def specs(context: ChartContext) -> list[ChartData]:
    text, data, style = context.text, context.data, context.style
    outputs = data.outputs
    if not outputs:  # an edition that publishes no outputs gets no chart, never empty bars
        return []
    labels = tuple(row.label for row in outputs)
    values = tuple(row.value for row in outputs)
    return [
        ChartData(
            name=NAME,
            module=__name__,
            columns=(text.col_output(), text.col_count()),
            rows=tuple(zip(labels, values, strict=True)),
            labels=labels,
            values=values,
            value_labels=tuple(text.number(v) for v in values),
            colors=(style.colors["teal"],) * len(values),
            alt=text.outputs_alt([f"{label}: {text.number(v)}" for label, v in zip(labels, values, strict=True)]),
            caption=f"{text.outputs_caption(data.programme, data.year)} {text.source_figures()}",
            # beside the map of where the programme works, when there is one
            width_mm=style.text_width_mm - (style.map_width_mm + style.gap_mm if data.located() else 0),
            height_mm=6 + ROW_MM * len(values),
        )
    ]


def draw(data: ChartData, style: ChartStyle):
    from . import style as drawing

    figure = drawing.new_figure(data.width_mm, data.height_mm)
    ax = figure.add_subplot()
    drawing.hbars(ax, style, data.labels, data.values, data.value_labels, data.colors)
    return figure
