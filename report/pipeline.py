"""The build, stage by stage: files → edition → variant → totals and charts → HTML → PDF.

Everything is gathered and validated first; only a complete, checked PDF is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content.loader import LoadedEdition, load_edition
from .content.schema import Edition
from .content.translation import Translated, translate
from .paths import CHARTS_DIR, STYLES_DIR, shown
from .problems import ContentError, Message, Problem, message
from .render.brand import BRAND_FILE, CountryColors, load_brand
from .render.budget import check_budget
from .render.chart_runner import chart_context, render_charts
from .render.html import TEMPLATES_DIR, render_html
from .render.pdf import Attachment, render_pdf, write_atomically
from .render.photos import prepare_photos
from .render.profiles import PROFILES
from .render.provenance import provenance
from .render.scratch import check_output, scratch
from .render.totals import totals
from .render.variant import Variant, apply_variant


@dataclass(frozen=True)
class Prepared:
    """A variant's edition, ready to render, with every choice made for the team on the way."""

    loaded: LoadedEdition
    edition: Edition
    translated: Translated  # what fell back to Spanish, what is outdated
    colors: CountryColors  # every country's colour, for the whole edition

    @property
    def missing(self) -> tuple[Problem, ...]:
        return self.translated.missing

    @property
    def outdated(self) -> tuple[Problem, ...]:
        return self.translated.outdated


@dataclass(frozen=True)
class Output:
    pdf: Path
    html: Path | None
    pages: int
    size: int
    prepared: Prepared


def output_name(edition: Edition, variant: Variant) -> str:
    """A name a donor portal accepts and a person understands: ASCII, no spaces."""
    return f"ip360-informe-{edition.info.year}-{variant.slug()}.pdf"


def load(edition_dir: Path, variant: Variant = Variant()) -> Prepared:
    """The edition as `variant` shows it: validated and cross-checked as a whole, then
    translated, then restricted to its country."""
    brand = load_brand()
    loaded = load_edition(edition_dir, glyphs=brand.glyphs())  # every text in characters the fonts draw
    colors = brand.colors_for(loaded.edition.countries())  # the whole edition's: a country keeps its colour
    translated = translate(loaded, variant.lang)
    return Prepared(loaded, apply_variant(translated.edition, variant), translated, colors)


def build(
    edition_dir: Path,
    out_dir: Path,
    variant: Variant = Variant(),
    *,
    write_html: bool = False,
    strict: bool = False,
    max_size: int | None = None,
) -> Output:
    """Build one variant of an edition into `out_dir`; nothing is written on failure.

    `strict`: a missing or outdated translation is an error instead of a warning.
    `max_size`: the size budget in bytes (default: the profile's); over it, the build fails."""
    check_output(out_dir, input_folders(edition_dir))  # before the work: a wrong --out is said at once
    prepared = load(edition_dir, variant)
    if strict and (prepared.missing or prepared.outdated):
        raise ContentError([*prepared.missing, *prepared.outdated])
    edition = prepared.edition
    brand = load_brand()
    counted = totals(edition)
    context = chart_context(
        edition, counted, brand, variant.lang, colors=prepared.colors.colors, source=shown(edition_dir)
    )
    with scratch(out_dir):  # every temporary file of the run in one place, removed at the end
        return _render(prepared, edition_dir, out_dir, variant, brand, counted, context, write_html, max_size)


def _render(prepared, edition_dir, out_dir, variant, brand, counted, context, write_html, max_size) -> Output:
    edition = prepared.edition
    charts = render_charts(context).charts
    photos = prepare_photos(edition, edition_dir, brand.text_width_mm(), variant.profile)
    html = render_html(
        edition,
        counted,
        brand,
        variant,
        charts,
        fallbacks=prepared.translated.fallbacks,
        country_colors=prepared.colors.colors,
        photos=photos,
    )
    target = out_dir / output_name(edition, variant)
    pdf, pages = render_pdf(
        html,
        edition_dir,
        brand,
        profile=variant.profile,
        # The data behind each chart, attached as CSV (PDF/A-3 associated files, /Data).
        attachments=[Attachment(f"{chart.name}.csv", chart.csv, chart.caption) for chart in charts.values()],
        provenance=provenance(prepared.loaded.folder, edition.info.year, BRAND_FILE),
        places=_places(prepared),
    )
    check_budget(pdf, max_size or PROFILES[variant.profile].budget, target.name)
    html_target = target.with_suffix(".html") if write_html else None
    if html_target:
        write_atomically(html.encode("utf-8"), html_target)
    write_atomically(pdf, target)
    return Output(pdf=target, html=html_target, pages=pages, size=len(pdf), prepared=prepared)


def input_folders(edition_dir: Path) -> dict[Message, Path]:
    """What a build reads, which its output may not be inside (it would read its own PDF,
    and `watch` would rebuild for ever)."""
    return {
        message("input_edition"): edition_dir,
        message("input_styles"): STYLES_DIR,
        message("input_charts"): CHARTS_DIR,
        message("input_templates"): TEMPLATES_DIR,
    }


def _places(prepared: Prepared) -> dict[str, str]:
    """The templates' anchors (`id="gobierno-rosario"`) → the file the text there comes from."""
    origins = prepared.loaded.origins
    places = {f"gobierno-{key}": origin.file for key, origin in origins.governments.items()}
    places |= {f"proyecto-{key}": origin.file for key, origin in origins.projects.items()}
    return places | {"presentacion": origins.letter.file, "cifras": origins.edition.file}
