"""The HTML stage: a validated edition, its totals and charts into one self-contained page.

Templates live in `report/render/templates/`; autoescape is on and any undefined variable
is an error. The stylesheets (report.css, then the output profile's own) are inlined, so
the HTML written by `--html` renders the same pages with bare WeasyPrint, and a profile's
rules override report.css's (passed to WeasyPrint apart, they would be user stylesheets,
weaker than any rule of the document's).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from jinja2 import (
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    pass_context,
    select_autoescape,
)
from jinja2.runtime import Context
from markupsafe import Markup

from ..content.crosschecks import fill_note
from ..content.schema import Edition, EditionInfo, Government, Image, Letter, Project, PublishedFigure
from ..content.translation import document_key
from ..locale import SOURCE_LANGUAGE, country_name, number, translations
from ..paths import CACHE_DIR, STYLES_DIR
from .brand import Brand
from .chart_runner import Chart
from .closing import citation
from .compact import is_compact
from .glance import glance
from .profiles import PROFILES
from .prose import bind_short_last_words, markdown_block, markdown_inline
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
    env.filters["figure_label"] = lambda figure: figure.shown_label()
    env.filters["figure_note"] = _figure_note
    env.filters["lang_of"] = _lang_of
    env.filters["photo"] = _photo
    env.tests["compact"] = is_compact
    return env


@pass_context
def _lang_of(context: Context, item: object, field: str) -> Markup:
    """` lang="…"` on the element of a text in another language than the report's: the
    content file's text (its `idioma`, or Spanish) in a report of another language, or
    standing in for a missing translation."""
    written = getattr(item, "language", None) or SOURCE_LANGUAGE
    as_written = context["lang"] == SOURCE_LANGUAGE or (_document(item), field) in context["fallbacks"]
    if as_written and written != context["lang"]:
        return Markup(f' lang="{written}"')
    return Markup("")


@pass_context
def _photo(context: Context, image: Image) -> str:
    """The prepared photo (render/photos.py) as a `data:` URI: never the file itself."""
    return context["photos"][image.file]


@pass_context
def _figure_note(context: Context, figure: PublishedFigure) -> str:
    """A figure's note with each `{clave}` replaced by that figure's value, as the language writes it."""
    values = {f.key: number(f.value, context["lang"]) for f in context["info"].published}
    return fill_note(figure.note or "", values)


def _document(item: object) -> str:
    if isinstance(item, Government | Project):
        return document_key("government" if isinstance(item, Government) else "project", item.id)
    if isinstance(item, Letter):
        return document_key("letter", None)
    if isinstance(item, EditionInfo):
        return document_key("edition", None)
    raise TypeError(f"lang_of: {type(item).__name__} is no translatable document")


def stylesheets(profile: str) -> str:
    """report.css and then the profile's stylesheets, in cascade order."""
    paths = [STYLESHEET, *PROFILES[profile].stylesheet_paths()]
    return "\n".join(path.read_text(encoding="utf-8") for path in paths)


@dataclass(frozen=True)
class Filling:
    """What the report's templates are filled with, for the PDF and the web page alike."""

    edition: Edition
    totals: Totals
    variant: Variant
    charts: Mapping[str, Chart]  # by name, placed where the templates ask for them
    fallbacks: frozenset[tuple[str, str]] = frozenset()  # text shown as written in Spanish (`lang`)
    country_colors: dict[str, str] | None = None  # the edition's palette (None: each country's own colour)
    photos: Mapping[str, str] = field(default_factory=dict)  # prepared photos, by the file the content names


def template_context(filling: Filling, brand: Brand) -> dict[str, object]:
    """The templates' variables, for the PDF and the web page alike."""
    edition, variant = filling.edition, filling.variant
    return dict(
        edition=edition,
        info=edition.info,
        totals=filling.totals,
        lang=variant.lang,
        variant=variant,
        charts=filling.charts,
        fallbacks=filling.fallbacks,
        photos=filling.photos,
        glance=glance(
            edition.info, filling.totals, translations(variant.lang).gettext, whole_programme=variant.country is None
        ),
        logo=brand.logo_uri(),
        citation=citation(edition.info, country_name(variant.country, variant.lang) if variant.country else None),
    )


def render_html(filling: Filling, brand: Brand) -> str:
    """The whole report as one HTML document, its stylesheets inlined."""
    template = environment(filling.variant.lang).get_template("report.html.j2")
    html = template.render(
        **template_context(filling, brand),
        stylesheet=brand.css(filling.country_colors) + stylesheets(filling.variant.profile),
    )
    return bind_short_last_words(html)
