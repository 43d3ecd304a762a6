"""One module per chart, found by the runner (`report/render/chart_runner.py`): any module
here with `specs(context) -> list[ChartData]` and `draw(data, style) -> Figure` is a chart.
`api` says what a chart is handed (numbers, words, the brand's style); `style` draws in the
brand's look; `labels` holds every word the charts use. Nothing here imports `report`.
"""
