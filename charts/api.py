"""The chart API: what a chart module is handed, and what it hands back.

A chart module (any module of this package with `specs` and `draw`) turns a
`ChartContext` into `ChartData` (`specs`), and one `ChartData` into a matplotlib figure
(`draw`). Everything here is plain values, so a chart depends on nothing of `report/` and
its data can be hashed for the cache. Only `draw` touches matplotlib, inside the function,
so a cached chart never imports it.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .labels import Labels


@dataclass(frozen=True)
class GovernmentRow:
    name: str
    country: str  # ISO code
    participants: int  # officials trained in the course
    id: str = ""
    latitude: float | None = None  # where its seat is, when the content says
    longitude: float | None = None


@dataclass(frozen=True)
class CountryRow:
    code: str
    governments: int
    participants: int


@dataclass(frozen=True)
class ChartInput:
    """The numbers of one report (the whole programme, or one country's edition)."""

    programme: str
    year: int
    governments: tuple[GovernmentRow, ...]  # in the report's order
    countries: tuple[CountryRow, ...]  # in the report's order

    def located(self) -> list[GovernmentRow]:
        """The governments whose place is known: the maps draw these."""
        return [g for g in self.governments if g.latitude is not None and g.longitude is not None]


@dataclass(frozen=True)
class ChartStyle:
    """The brand as the charts need it: colours, fonts, sizes (from styles/brand.toml)."""

    colors: dict[str, str]
    country_colors: dict[str, str]
    heading_font: str
    body_font: str
    font_files: tuple[Path, ...]
    small_pt: float  # chart text size
    text_width_mm: float  # a full-width chart
    opener_list_mm: float  # a country divider's list of governments, beside its map
    side_column_mm: float  # a profile's column of key facts
    map_width_mm: float  # the programme's map
    gap_mm: float  # between a chart and what stands beside it
    digest: str  # of the brand file: part of the cache key

    def country_color(self, code: str) -> str:
        return self.country_colors[code]


@dataclass(frozen=True)
class ChartContext:
    """What `specs` is handed: the numbers, the words, the style."""

    data: ChartInput
    text: Labels
    style: ChartStyle


@dataclass(frozen=True)
class ChartData:
    """Everything one chart shows, already in the report's language."""

    name: str  # file-name-safe, e.g. "participantes-por-gobierno", "pais-ar"
    module: str  # the chart module that draws it
    columns: tuple[str, ...]  # header of the data table
    rows: tuple[tuple[str | int | float | None, ...], ...]  # the data table (raw values)
    labels: tuple[str, ...]  # one category label per bar
    values: tuple[int, ...]  # one value per bar
    value_labels: tuple[str, ...]  # the values as printed
    colors: tuple[str, ...]  # one colour per bar
    alt: str
    caption: str
    width_mm: float
    height_mm: float
    extra: tuple[tuple[str, object], ...] = ()  # chart-specific options (legend, panels...)

    def option(self, key: str, default: Any = None) -> Any:
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
