"""The HTML stage: a validated edition, its totals and charts into one self-contained page.

Templates live in `report/render/templates/`; autoescape is on and any undefined variable
is an error. The stylesheets (report.css, then the output profile's own) are inlined, so
the HTML written by `--html` renders the same pages with bare WeasyPrint, and a profile's
rules override report.css's (passed to WeasyPrint apart, they would be user stylesheets,
weaker than any rule of the document's).
"""

from __future__ import annotations

import functools
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape

from ..content.schema import Edition
from ..locale import country_name, number, translations
from ..paths import CACHE_DIR, STYLES_DIR
from .brand import Brand
from .chart_runner import Chart
from .profiles import PROFILES
from .prose import markdown_block, markdown_inline
from .totals import Totals
from .variant import Variant

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STYLESHEET = STYLES_DIR / "report.css"
JINJA_CACHE_DIR = CACHE_DIR / "jinja"


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates on disk, so a cold build does not compile them again.

    Jinja keys each entry by the template's source checksum: an edited template is recompiled."""
    try:
        JINJA_CACHE_DIR.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout still builds, only slower
    return FileSystemBytecodeCache(str(JINJA_CACHE_DIR))


@cache
def environment(lang: str) -> Environment:
    """The templates in one language: gettext from the catalogue, CLDR numbers and names."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["md"] = markdown_block
    env.filters["mdinline"] = markdown_inline
    env.filters["number"] = functools.partial(number, lang=lang)
    env.filters["country"] = functools.partial(country_name, lang=lang)
    return env


def stylesheets(profile: str) -> str:
    """report.css and then the profile's stylesheets, in cascade order."""
    paths = [STYLESHEET, *PROFILES[profile].stylesheet_paths()]
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


def render_html(edition: Edition, totals: Totals, brand: Brand, variant: Variant, charts: dict[str, Chart]) -> str:
    """The whole report as one HTML document; `charts` (by name) are placed where the
    templates ask for them."""
    template = environment(variant.lang).get_template("report.html.j2")
    return template.render(
        edition=edition,
        info=edition.info,
        totals=totals,
        lang=variant.lang,
        variant=variant,
        charts=charts,
        stylesheet=brand.css() + stylesheets(variant.profile),
    )
