"""The commands people run: `cli` parses them; `output` prints (the only place that does,
with `watch`'s preview and `matrix`'s progress); `watch`, `matrix`, `scaffold` (`new`) and
`schema` are the commands beyond build and check; `limits` bounds a run in time and turns
signals into clean stops.
"""
