"""The HTML stage: a validated edition and its figures into one self-contained page.

Templates live in `report/templates/`; autoescape is on and any undefined variable
is an error. The stylesheet is inlined, so the HTML written by `--html` renders the
same pages with bare WeasyPrint.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel import Locale
from babel.numbers import format_decimal
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, StrictUndefined, select_autoescape

from .brand import STYLES_DIR, Brand
from .charts import Chart
from .figures import DerivedFigures
from .i18n import translations
from .prose import markdown_block, markdown_inline
from .schema import Edition
from .variants import Variant

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
STYLESHEET = STYLES_DIR / "report.css"
JINJA_CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "jinja"


def _bytecode_cache() -> FileSystemBytecodeCache | None:
    """Compiled templates on disk, so a cold build does not compile them again.

    Jinja keys each entry by the template's source checksum: an edited template is recompiled."""
    try:
        JINJA_CACHE_DIR.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None  # a read-only checkout still builds, only slower
    return FileSystemBytecodeCache(str(JINJA_CACHE_DIR))


@cache
def _environment(lang: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        bytecode_cache=_bytecode_cache(),
        autoescape=select_autoescape(["html", "j2"], default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)
    locale = Locale.parse(lang)
    env.filters["md"] = markdown_block
    env.filters["mdinline"] = markdown_inline
    env.filters["number"] = lambda value: format_decimal(value, locale=locale)
    env.filters["country"] = lambda code: locale.territories.get(code, code)
    return env


def render_html(
    edition: Edition, figures: DerivedFigures, brand: Brand, lang: str = "es", *, variant: Variant | None = None,
    charts: dict[str, Chart] | None = None,
) -> str:
    """The whole report as one HTML document; `variant` names its country, if any;
    `charts` (by name, from report/charts.py) are placed where the templates ask for them."""
    template = _environment(lang).get_template("report.html.j2")
    return template.render(
        edition=edition,
        info=edition.info,
        figures=figures,
        lang=lang,
        variant=variant or Variant(lang=lang),
        charts=charts or {},
        stylesheet=brand.css() + STYLESHEET.read_text(encoding="utf-8"),
    )
