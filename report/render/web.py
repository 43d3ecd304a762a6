"""The web edition: the variant the PDF shows, as one accessible, responsive HTML page.

It fills the same templates with the same context as `html.render_html` (the edition of
the variant, its totals, charts and photos): the parts of the report are the PDF's own
partial templates, and `templates/web/` overrides only what a screen shows otherwise (the
page around them, a chart as inline SVG with its data as a table, a link without a page
number). The print parts' headings go one level down, so the page has one `h1`, the
report's title, and the PDF's bookmarks are its `h2` and `h3`. No JavaScript; the brand's
fonts go beside the page as WOFF (`fonts/`, with their licences).
"""

from __future__ import annotations

import csv
import hashlib
import io
import logging
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from markupsafe import Markup, escape

from .. import saved
from ..content.schema import Edition
from ..locale import SOURCE_LANGUAGE, languages, number
from ..paths import CACHE_DIR, STYLES_DIR
from .brand import Brand
from .chart_runner import Chart
from .html import TEMPLATES_DIR, Filling, environment, template_context
from .prose import bind_short_last_words
from .variant import Variant

WEB_TEMPLATES_DIR = TEMPLATES_DIR / "web"
WEB_STYLESHEET = STYLES_DIR / "web.css"
FONTS_DIR = STYLES_DIR / "fonts"
WEB_DIR = "web"  # under the output folder; the PDFs stay one level up
FONTS = "fonts"  # beside the page
PHOTO_PROFILE = "screen"  # a screen's resolution, the lightest photos
WEB_FONTS_CACHE = CACHE_DIR / "webfonts"


@dataclass(frozen=True)
class Version:
    """The same report in one language: its page, and the language's name in itself."""

    lang: str
    href: str
    name: str


@dataclass(frozen=True)
class PdfLink:
    href: str
    lang: str
    size: str  # as the report's language writes it: «1,2 MB»


def page_name(edition: Edition, variant: Variant) -> str:
    """`index.html` for the whole programme in Spanish (what a person opens first), else
    the PDF's name with `.html`: `ip360-informe-2020-ar-en.html`."""
    if variant.country is None and variant.lang == SOURCE_LANGUAGE:
        return "index.html"
    return f"ip360-informe-{edition.info.year}-{Variant(variant.lang, variant.country).slug()}.html"


def versions(edition: Edition, variant: Variant) -> tuple[Version, ...]:
    """The page in every language of the report, for the links between them."""
    return tuple(
        Version(lang, page_name(edition, Variant(lang, variant.country)), _language_name(lang)) for lang in languages()
    )


def pdf_link(pdf: Path, lang: str) -> PdfLink:
    """A link from the page (in `web/`) to the PDF beside that folder, with its size."""
    megabytes = pdf.stat().st_size / 1_000_000
    if megabytes >= 0.1:  # one decimal always: «1,0 MB», not «1 MB»
        size = f"{format_decimal(megabytes, format='#,##0.0', locale=lang)} MB"
    else:
        size = f"{number(round(megabytes * 1000), lang)} kB"
    return PdfLink(f"../{pdf.name}", lang, size)


@cache
def web_environment(lang: str) -> Environment:
    """The report's environment (filters, gettext) reading `templates/web/` first."""
    env = environment(lang).overlay(
        loader=ChoiceLoader([FileSystemLoader(WEB_TEMPLATES_DIR), FileSystemLoader(TEMPLATES_DIR)])
    )
    env.filters = dict(env.filters)  # an overlay shares the dict: the print environment keeps its own
    env.filters["demote"] = demote_headings
    env.filters["svg"] = inline_svg
    env.filters["table"] = chart_table
    return env


def render_web(filling: Filling, brand: Brand, *, pdf: PdfLink | None) -> str:
    """The whole variant as one web page, filled as the PDF's HTML (`html.Filling`), plus
    the versions in other languages and the link to the PDF (`None`: not built)."""
    template = web_environment(filling.variant.lang).get_template("report.html.j2")
    html = template.render(
        **template_context(filling, brand),
        stylesheet=web_stylesheet(brand, filling.country_colors),
        versions=versions(filling.edition, filling.variant),
        pdf=pdf,
    )
    return bind_short_last_words(html)


def web_stylesheet(brand: Brand, country_colors: dict[str, str] | None) -> str:
    """The brand's tokens and fonts (as WOFF from `fonts/` beside the page), then web.css."""
    tokens = _FONT_URL.sub(lambda m: f"url('{FONTS}/{m[1]}.woff') format('woff')", brand.css(country_colors))
    return tokens + WEB_STYLESHEET.read_text(encoding="utf-8")


_FONT_URL = re.compile(r"url\('" + re.escape(FONTS_DIR.as_uri()) + r"/([^']+)\.(?:ttf|otf)'\)")


def web_fonts(brand: Brand) -> dict[str, bytes]:
    """The brand's fonts as WOFF and their licences, by their path beside the page
    (`fonts/lato/Lato-Regular.woff`), as the stylesheet names them."""
    files = {face.file for face in brand.faces}
    found = {f"{FONTS}/{file.relative_to(FONTS_DIR).with_suffix('.woff').as_posix()}": woff(file) for file in files}
    for licence in sorted({licence for file in files for licence in file.parent.glob("LICENSE*")}):
        found[f"{FONTS}/{licence.relative_to(FONTS_DIR).as_posix()}"] = licence.read_bytes()
    return dict(sorted(found.items()))


def woff(source: Path) -> bytes:
    """A font file as WOFF: the same tables, zlib-compressed (half the bytes of the TTF, in
    about 0.1 s; WOFF2 would save a third more but take seconds a font). Kept in `.cache/`."""
    data = source.read_bytes()
    name = f"{hashlib.sha256(data).hexdigest()}.woff"
    kept = saved.read(WEB_FONTS_CACHE, name)
    if kept is None:
        from fontTools.ttLib import TTFont

        quiet = logging.getLogger("fontTools")
        level = quiet.level
        quiet.setLevel(logging.ERROR)  # «'created' timestamp seems very low»: the fonts' own dates
        try:
            font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same bytes every time
            font.flavor = "woff"
            stream = io.BytesIO()
            font.save(stream)
        finally:
            quiet.setLevel(level)
        kept = stream.getvalue()
        saved.write(WEB_FONTS_CACHE, name, kept)
    return kept


_HEADING = re.compile(r"<(/?)h([1-5])(?=[\s>])")


def demote_headings(html: str) -> Markup:
    """A print part's headings one level down (`h1` → `h2`…): the page's `h1` is the title."""
    return Markup(_HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", str(html)))


_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.S)
_METADATA = re.compile(r"<metadata>.*?</metadata>\s*", re.S)
_IDS = re.compile(r'(\bid="|url\(#|href="#)([^")]+)')


def inline_svg(chart: Chart) -> Markup:
    """A chart's SVG for the page's own markup: no XML prologue or metadata, its ids
    prefixed with the chart's name (matplotlib numbers them alike in every chart), its
    style rule scoped to it, and named as an image by the chart's alternative text."""
    svg = _METADATA.sub("", _PROLOGUE.sub("", chart.svg.decode("utf-8"), count=1))
    svg = _IDS.sub(lambda m: f"{m[1]}{chart.name}-{m[2]}", svg)
    svg = svg.replace('<style type="text/css">*{', f'<style type="text/css">#svg-{chart.name} *{{', 1)
    label = f'<svg id="svg-{chart.name}" role="img" aria-label="{escape(chart.alt)}" focusable="false"'
    return Markup(svg.replace("<svg", label, 1))


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


def chart_table(chart: Chart) -> Table:
    """The data behind a chart (the CSV the PDF attaches), as a table's header and rows."""
    header, *rows = list(csv.reader(io.StringIO(chart.csv.decode("utf-8"))))
    return Table(header, rows)


def _language_name(lang: str) -> str:
    name = Locale.parse(lang).get_display_name(lang) or lang
    return name[:1].upper() + name[1:]
