"""The chart runner: every chart module's data drawn as SVG with the brand style, cached.

A chart is redrawn only when its data, the brand file, its module's code (or the shared
style code) or matplotlib's version change; the cache lives in `.cache/charts/`. On a
full cache hit matplotlib is never imported.
"""

from __future__ import annotations

import base64
import hashlib
import functools
import importlib
import os
import tempfile
from dataclasses import dataclass
from importlib.metadata import version as _package_version
from pathlib import Path

from .brand import Brand
from .figures import DerivedFigures
from .schema import Edition

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CACHE_DIR = PROJECT_ROOT / ".cache" / "charts"
STYLE_FILE = PROJECT_ROOT / "charts" / "style.py"
MODULES = ("charts.outputs", "charts.countries", "charts.participants_by_government", "charts.country_opener")
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

    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg).decode("ascii")


class ChartSet(dict):
    """Charts by name; asking for one that does not exist fails the build, naming the
    chart and the ones there are (a template typo must not silently drop a chart)."""

    def __missing__(self, name: str):
        from .problems import BuildError, say

        raise BuildError(say("chart_unknown", "es", name=name, available=", ".join(sorted(self)) or "—"))


@dataclass
class Stats:
    """What the last run did: for tests and the benchmark."""

    drawn: int = 0
    cached: int = 0


last_run = Stats()


def render_charts(
    edition: Edition,
    figures: DerivedFigures,
    brand: Brand,
    lang: str = "es",
    *,
    source: str = "content",
    cache_dir: Path | None = CACHE_DIR,
    fonttype: str = FONTTYPE,
) -> dict[str, Chart]:
    """Every chart of this edition (or variant), by name; `source` names the content folder
    in captions. `cache_dir=None` draws everything without a cache."""
    global last_run
    last_run = Stats()
    charts: dict[str, Chart] = ChartSet()
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for data in module.specs(edition, figures, brand, lang, source):
            key = _key(module, data, brand, fonttype)
            svg = _cached(cache_dir, key)
            if svg is None:
                svg = _draw(module, data, brand, fonttype)
                _store(cache_dir, key, svg)
                last_run.drawn += 1
            else:
                last_run.cached += 1
            charts[data.name] = Chart(name=data.name, svg=svg, alt=data.alt, caption=data.caption, csv=data.csv())
    return charts


@functools.cache
def version(package: str) -> str:
    """A package's version, read once: each lookup scans every installed distribution."""
    return _package_version(package)


def _key(module, data, brand: Brand, fonttype: str) -> str:
    digest = hashlib.sha256()
    for part in (
        data.digest_source(),
        brand.digest.encode(),
        Path(module.__file__).read_bytes(),
        STYLE_FILE.read_bytes(),
        version("matplotlib").encode(),
        fonttype.encode(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def _draw(module, data, brand: Brand, fonttype: str) -> bytes:
    from charts import style  # imports matplotlib: only when a chart must be drawn

    with style.branded(brand, fonttype):
        figure = module.draw(data, brand)
        return style.to_svg(figure)


def _cached(cache_dir: Path | None, key: str) -> bytes | None:
    if cache_dir is None:
        return None
    try:
        return (cache_dir / f"{key}.svg").read_bytes()
    except OSError:
        return None


def _store(cache_dir: Path | None, key: str, svg: bytes) -> None:
    """Write beside, then rename: a parallel build never reads half a chart."""
    if cache_dir is None:
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=cache_dir)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(svg)
        os.replace(temporary, cache_dir / f"{key}.svg")
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
