"""One module per chart. Each turns validated data into a `ChartData` (`specs`) and a
`ChartData` into a matplotlib figure (`draw`). Only `draw` touches matplotlib, and only
inside the function, so a cached chart never imports it.
"""
