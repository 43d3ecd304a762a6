"""The chart runner: every chart module of `charts/` drawn as SVG with the brand style, cached.

The runner finds the chart modules itself (any module of the package with `specs` and
`draw`), hands each a `ChartContext` of plain values (the numbers, the words in the
report's language, the brand's style) and keeps the drawn SVG in `.cache/charts/`. A chart
is redrawn only when its data, the brand, its module's code (or the package's shared code)
or matplotlib's version change; on a full cache hit matplotlib is never imported.
"""

from __future__ import annotations

import atexit
import base64
import functools
import hashlib
import importlib
import os
import pkgutil
import shutil
import tempfile
from dataclasses import dataclass
from importlib.metadata import version as _package_version
from pathlib import Path
from types import ModuleType

import charts
from charts.api import ChartContext, ChartData, ChartInput, ChartStyle, CountryRow, GovernmentRow
from charts.labels import Labels

from .. import saved
from ..content.schema import Edition
from ..locale import country_name, number, translations
from ..paths import CACHE_DIR
from ..problems import BuildError
from .brand import Brand
from .totals import Totals

CHART_CACHE_DIR = CACHE_DIR / "charts"
# Chart text as SVG <text> in the brand fonts: smaller, faster and selectable
# (measured against "path" in docs/performance.md, section «Gráficos»).
FONTTYPE = "none"


@dataclass(frozen=True)
class Chart:
    """One drawn chart, ready for the page (and its data table, for the PDF's attachments)."""

    name: str
    svg: bytes
    alt: str
    caption: str
    csv: bytes
    width_mm: float  # drawn at the size it is printed
    height_mm: float

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


class ChartSet(dict):
    """Charts by name; asking for one that does not exist fails the build, naming the
    chart and the ones there are (a template typo must not silently drop a chart). So does
    asking whether it holds a name no chart module makes (`{% if "mpa" in charts %}` would
    otherwise hide the map for ever); a name a module makes but this edition lacks is False."""

    def __missing__(self, name: str):
        raise BuildError("chart_unknown", name=name, available=", ".join(sorted(self)) or "—")

    def __contains__(self, name: object) -> bool:
        if super().__contains__(name):
            return True
        if isinstance(name, str) and not chart_names().could_make(name):
            raise BuildError("chart_unknown", name=name, available=", ".join(chart_names().patterns()))
        return False


@dataclass(frozen=True)
class ChartNames:
    """The names the chart modules can make: a module's `NAME`, or the family its
    `name_for(key)` makes (`mapa-ar`, `ubicacion-rosario`…)."""

    names: frozenset[str]
    prefixes: tuple[str, ...]

    def could_make(self, name: str) -> bool:
        return name in self.names or any(name.startswith(prefix) and name != prefix for prefix in self.prefixes)

    def patterns(self) -> list[str]:
        return sorted([*self.names, *(f"{prefix}…" for prefix in self.prefixes)])


def chart_names() -> ChartNames:
    modules = chart_modules()
    names = frozenset(module.NAME for module in modules if isinstance(getattr(module, "NAME", None), str))
    prefixes = tuple(module.name_for("") for module in modules if callable(getattr(module, "name_for", None)))
    return ChartNames(names, tuple(prefix for prefix in prefixes if prefix))


@dataclass(frozen=True)
class Drawn:
    """The charts of one run, and how many were drawn rather than taken from the cache."""

    charts: ChartSet
    drawn: int
    cached: int


def chart_modules() -> list[ModuleType]:
    """Every chart module of `charts/`, in name order."""
    found = []
    for info in sorted(pkgutil.iter_modules(charts.__path__), key=lambda info: info.name):
        module = importlib.import_module(f"charts.{info.name}")
        if callable(getattr(module, "specs", None)) and callable(getattr(module, "draw", None)):
            found.append(module)
    return found


def chart_context(
    edition: Edition, totals: Totals, brand: Brand, lang: str, *, colors: dict[str, str] | None = None
) -> ChartContext:
    """What every chart is handed for this edition (or variant), in plain values; `colors`
    is every country's colour (default: the brand's colours for the edition's countries)."""
    catalogue = translations(lang)
    data = ChartInput(
        programme=edition.info.programme,
        year=edition.info.year,
        governments=tuple(
            GovernmentRow(
                g.name,
                g.country,
                g.course.participants,
                g.id,
                g.location.latitude if g.location else None,
                g.location.longitude if g.location else None,
            )
            for g in edition.governments
        ),
        countries=tuple(CountryRow(c.code, len(c.governments), c.participants) for c in totals.countries),
    )
    text = Labels(
        gettext=catalogue.gettext,
        ngettext=catalogue.ngettext,
        number=functools.partial(number, lang=lang),
        country=functools.partial(country_name, lang=lang),
    )
    countries = colors if colors is not None else brand.colors_for(edition.countries()).colors
    return ChartContext(data=data, text=text, style=chart_style(brand, countries))


def chart_style(brand: Brand, country_colors: dict[str, str]) -> ChartStyle:
    return ChartStyle(
        colors=dict(brand.colors),
        country_colors=dict(country_colors),
        heading_font=brand.heading_font,
        body_font=brand.body_font,
        font_files=tuple(face.file for face in brand.faces),
        small_pt=float(brand.sizes["small"].removesuffix("pt")),
        text_width_mm=brand.text_width_mm(),
        opener_list_mm=brand.mm("opener_list"),
        side_column_mm=brand.mm("side_column"),
        map_width_mm=brand.mm("map_width"),
        gap_mm=brand.mm("gap"),
        digest=brand.digest,
    )


def render_charts(
    context: ChartContext, *, cache_dir: Path | None = CHART_CACHE_DIR, fonttype: str = FONTTYPE
) -> Drawn:
    """Every chart of this edition (or variant), by name. `cache_dir=None` draws without a cache."""
    found: ChartSet = ChartSet()
    drawn = cached = 0
    shared = hashlib.sha256(_shared_code()).digest()  # the maps' data too: hashed once, not per chart
    for module in chart_modules():
        code = hashlib.sha256(Path(module.__file__ or "").read_bytes()).digest()
        for data in module.specs(context):
            key = _key(data, context.style, fonttype, code, shared)
            svg = saved.read(cache_dir, f"{key}.svg")
            if svg is None:
                svg = _draw(module, data, context.style, fonttype)
                saved.write(cache_dir, f"{key}.svg", svg)
                drawn += 1
            else:
                cached += 1
            found[data.name] = Chart(
                data.name, svg, data.alt, data.caption, data.csv(), round(data.width_mm, 2), round(data.height_mm, 2)
            )
    return Drawn(found, drawn, cached)


@functools.cache
def version(package: str) -> str:
    """A package's version, read once: each lookup scans every installed distribution."""
    return _package_version(package)


def _shared_code() -> bytes:
    """The package's modules that are not charts (the API, the style, the labels)."""
    chart_files = {Path(module.__file__ or "") for module in chart_modules()}
    package = Path(charts.__file__ or "").parent
    shared = [path for path in sorted(package.glob("*.py")) if path not in chart_files]
    return b"".join(path.read_bytes() for path in [*shared, *sorted(package.glob("maps/*.json"))])


def _key(data: ChartData, style: ChartStyle, fonttype: str, code: bytes, shared: bytes) -> str:
    """`code` and `shared`: the digests of the chart's module and of the shared code."""
    digest = hashlib.sha256()
    for part in (data.digest_source(), style.digest.encode()):
        digest.update(hashlib.sha256(part).digest())
    digest.update(code)
    digest.update(shared)
    for part in (version("matplotlib").encode(), fonttype.encode()):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


MATPLOTLIB_DIR = CACHE_DIR / "matplotlib"


@functools.cache
def matplotlib_home() -> None:
    """matplotlib's config folder (its font list) in the project's cache, unless
    MPLCONFIGDIR names one: under a HOME it cannot write, matplotlib warned in English and
    made a temporary folder inside the run's scratch, which the run removed before
    matplotlib's own exit handler did (a traceback after the ✓ line). If the cache cannot be
    written either, a folder in the system's temporary folder, removed at exit."""
    if os.environ.get("MPLCONFIGDIR"):
        return
    folder = MATPLOTLIB_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder):  # os.access says yes to root on a read-only mount
            pass
    except OSError:
        folder = Path(tempfile.mkdtemp(prefix="ip360-matplotlib-", dir=os.environ.get("TMPDIR") or "/tmp"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["MPLCONFIGDIR"] = str(folder)


def _draw(module: ModuleType, data: ChartData, style: ChartStyle, fonttype: str) -> bytes:
    matplotlib_home()  # before matplotlib is imported
    from charts import style as drawing  # imports matplotlib: only when a chart must be drawn

    with drawing.branded(style, fonttype):
        figure = module.draw(data, style)
        return drawing.to_svg(figure)
