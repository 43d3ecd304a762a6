"""What a chart draws: plain values only, so it can be hashed for the cache."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class ChartData:
    """Everything one chart shows, already in the report's language."""

    name: str  # file-name-safe, e.g. "participantes-por-gobierno", "pais-ar"
    module: str  # the chart module that draws it
    columns: tuple[str, ...]  # header of the data table
    rows: tuple[tuple[str | int, ...], ...]  # the data table (raw values)
    labels: tuple[str, ...]  # one category label per bar
    values: tuple[int, ...]  # one value per bar
    value_labels: tuple[str, ...]  # the values as printed (Babel)
    colors: tuple[str, ...]  # one colour per bar
    alt: str
    caption: str
    width_mm: float
    height_mm: float
    extra: tuple[tuple[str, object], ...] = ()  # chart-specific options (legend, panels...)

    def option(self, key: str, default: object = None) -> object:
        return dict(self.extra).get(key, default)

    def digest_source(self) -> bytes:
        """A canonical serialisation, for the cache key."""
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True).encode("utf-8")

    def csv(self) -> bytes:
        """The data table behind the chart: UTF-8, header row."""
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(self.columns)
        writer.writerows(self.rows)
        return stream.getvalue().encode("utf-8")
