"""The build, stage by stage: files → edition → variant → totals and charts → HTML → PDF.

Everything is gathered and validated first; only a complete, checked PDF is written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from .content.loader import LoadedEdition, load_edition
from .content.schema import Edition
from .content.translation import Translated, translate
from .paths import CHARTS_DIR, STYLES_DIR
from .problems import BuildError, ContentError, Message, Problem, message
from .render.brand import BRAND_FILE, Brand, CountryColors, load_brand
from .render.budget import check_budget
from .render.chart_runner import Chart, chart_context, render_charts
from .render.html import TEMPLATES_DIR, Filling, render_html
from .render.pagination import paginate, planned_css, recall, remember
from .render.parts import Layout
from .render.pdf import Attachment, render_pdf, write_atomically
from .render.photos import prepare_photos
from .render.preflight import Finding, LayoutError, preflight
from .render.profiles import PROFILES
from .render.prose import collecting_sources
from .render.provenance import Provenance, provenance
from .render.scratch import check_output, scratch
from .render.textcheck import squash
from .render.totals import totals
from .render.variant import Variant, apply_variant
from .render.web import PHOTO_PROFILE, WEB_DIR, page_name, pdf_link, render_web, web_fonts


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
    findings: tuple[Finding, ...] = ()  # the layout preflight's
    layout: Layout | None = None  # where each part lies (with `layout=True`)


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


@dataclass(frozen=True)
class Composed:
    """A variant up to its HTML: everything the PDF stage is handed."""

    prepared: Prepared
    html: str
    attachments: tuple[Attachment, ...]  # the data behind each chart, as CSV
    provenance: Provenance
    places: dict[str, str]  # anchor id → the content file its text comes from
    sources: tuple[str, ...] = ()  # each prose block as the author wrote it

    def source_file(self, text: str) -> str:
        """The content file that holds a prose block: the first whose text holds the
        block's first letters (asked only for a block that was lost, to name its file)."""
        start = squash(text)[:24]
        folder = self.prepared.loaded.folder
        for document in (folder.letter, folder.edition, *folder.governments, *folder.projects):
            for content in (document.file, *document.translations.values()):
                if content is not None and start in squash(content.data.decode("utf-8", "replace")):
                    return content.name
        return ""


@dataclass(frozen=True)
class Rendered:
    """A variant made in memory: its HTML, its PDF and what the layout preflight found."""

    prepared: Prepared
    html: str
    pdf: bytes
    pages: int
    findings: tuple[Finding, ...]
    layout: Layout | None = None  # where each part lies (with `layout=True`)


def _drawn(edition_dir: Path, variant: Variant, strict: bool, photo_profile: str) -> tuple[Prepared, Brand, Filling]:
    """What the PDF and the web page are both made from: the variant's edition (`strict`: a
    missing or outdated translation is an error), the brand, and what fills the templates:
    the totals, the charts and the photos at `photo_profile`'s resolution."""
    prepared = load(edition_dir, variant)
    if strict and (prepared.missing or prepared.outdated):
        raise ContentError([*prepared.missing, *prepared.outdated])
    edition = prepared.edition
    brand = load_brand()
    counted = totals(edition)
    charts = render_charts(chart_context(edition, counted, brand, variant.lang, colors=prepared.colors.colors)).charts
    photos = prepare_photos(edition, edition_dir, _photo_column_mm(brand), photo_profile)
    filling = Filling(
        edition,
        counted,
        variant,
        charts,
        fallbacks=prepared.translated.fallbacks,
        country_colors=prepared.colors.colors,
        photos=photos,
    )
    return prepared, brand, filling


def compose(edition_dir: Path, variant: Variant = Variant(), *, strict: bool = False) -> Composed:
    """Every stage before the PDF: the variant's edition, totals, charts and HTML.

    `strict`: a missing or outdated translation is an error instead of a warning."""
    prepared, brand, filling = _drawn(edition_dir, variant, strict, variant.profile)
    edition = prepared.edition
    _charts_fit(filling.charts, brand)
    with collecting_sources() as written:  # the prose as the author wrote it, for the text check
        html = render_html(filling, brand)
    return Composed(
        prepared,
        html,
        # The data behind each chart the report shows, attached as CSV (PDF/A-3 associated
        # files, /Data): a chart the templates leave out (the variant has no place for it) is not.
        tuple(
            Attachment(f"{chart.name}.csv", chart.csv, chart.caption or chart.alt)
            for chart in filling.charts.values()
            if f'id="grafico-{chart.name}"' in html
        ),
        provenance(prepared.loaded.folder, edition.info.year, BRAND_FILE),
        _places(prepared),
        tuple(dict.fromkeys(written)),
    )


def render(
    edition_dir: Path,
    variant: Variant = Variant(),
    *,
    strict: bool = False,
    composed: Composed | None = None,
    layout: bool = False,
) -> Rendered:
    """Every stage but the writing: the variant's HTML and PDF, in memory.

    `strict`: a missing or outdated translation, or a layout finding, is an error instead of a warning.
    `composed`: the HTML stage done already (`watch` shows a quick view from it first).
    `layout`: also read where each part lies in the PDF (`parts.Layout`)."""
    composed = composed or compose(edition_dir, variant, strict=strict)
    findings: list[Finding] = []
    measured: list[Layout] = []
    pad = PROFILES[variant.profile].padded
    recalled = recall(composed.html, pad=pad)  # the plan of a build of the same HTML: one layout, not two
    planned: list[str] = [recalled] if recalled else []  # the HTML with its page plan, when it has one

    def plan(html: str, document) -> str | None:
        made = paginate(html, document, pad=pad)
        planned.extend([made] if made else [])
        return made

    pdf, pages = render_pdf(
        planned[0] if planned else composed.html,
        edition_dir,
        load_brand(),
        profile=variant.profile,
        attachments=composed.attachments,
        provenance=composed.provenance,
        inspect=lambda document: findings.extend(preflight(document, variant.profile)),
        places=composed.places,
        sources=composed.sources,
        source_file=composed.source_file,
        on_layout=measured.append if layout else None,
        paginate=plan,
    )
    if strict and findings:
        raise LayoutError(tuple(findings))
    html = planned[-1] if planned else composed.html  # what `--html` writes: the pages as laid out
    if planned and planned[-1] != recalled:
        remember(composed.html, html, pad=pad)
    laid_out = replace(measured[0], plan=planned_css(html)) if measured else None  # a quick view lays out with the plan
    return Rendered(composed.prepared, html, pdf, pages, tuple(findings), laid_out)


def build(
    edition_dir: Path,
    out_dir: Path,
    variant: Variant = Variant(),
    *,
    write_html: bool = False,
    strict: bool = False,
    max_size: int | None = None,
    composed: Composed | None = None,
    layout: bool = False,
) -> Output:
    """Build one variant of an edition into `out_dir`; nothing is written on failure.

    `strict`: a missing or outdated translation, or a layout finding, is an error instead of a warning.
    `max_size`: the size budget in bytes (default: the profile's); over it, the build fails.
    `composed`, `layout`: as for `render`."""
    check_output(out_dir, input_folders(edition_dir))  # before the work: a wrong --out is said at once
    with scratch(out_dir):  # every temporary file of the run in one place, removed at the end
        made = render(edition_dir, variant, strict=strict, composed=composed, layout=layout)
        target = out_dir / output_name(made.prepared.edition, variant)
        check_budget(made.pdf, max_size or PROFILES[variant.profile].budget, target.name)
        html_target = target.with_suffix(".html") if write_html else None
        if html_target:
            write_atomically(made.html.encode("utf-8"), html_target)
        write_atomically(made.pdf, target)
    return Output(target, html_target, made.pages, len(made.pdf), made.prepared, made.findings, made.layout)


@dataclass(frozen=True)
class WebOutput:
    page: Path
    size: int
    prepared: Prepared


def web(edition_dir: Path, out_dir: Path, variant: Variant = Variant(), *, strict: bool = False) -> WebOutput:
    """The web edition of one variant: `out_dir/web/PAGE.html` (`web.page_name`) and the
    brand's fonts beside it, from the same edition, totals, charts and photos as its PDF;
    it links to the variant's PDF in `out_dir` when that is there (build it first).

    `strict`: a missing or outdated translation is an error instead of a warning."""
    check_output(out_dir, input_folders(edition_dir))
    variant = Variant(variant.lang, variant.country)  # one web edition whatever the PDF's profile
    prepared, brand, filling = _drawn(edition_dir, variant, strict, PHOTO_PROFILE)
    edition = prepared.edition
    pdf = out_dir / output_name(edition, variant)
    html = render_web(filling, brand, pdf=pdf_link(pdf, variant.lang) if pdf.is_file() else None)
    web_dir = out_dir / WEB_DIR
    target = web_dir / page_name(edition, variant)
    data = html.encode("utf-8")
    with scratch(out_dir):
        for name, font in web_fonts(brand).items():
            if not _same_bytes(web_dir / name, font):  # a matrix writes them once, not once a variant
                write_atomically(font, web_dir / name)
        write_atomically(data, target)
    return WebOutput(target, len(data), prepared)


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _photo_column_mm(brand: Brand) -> float:
    """A photo is prepared for the profile's main column (the side column beside it)."""
    return brand.text_width_mm() - brand.mm("side_column") - brand.mm("gap")


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


def _charts_fit(charts: Mapping[str, Chart], brand: Brand) -> None:
    """A chart taller than the page's text area would run off it (or be cut): an error,
    never a warning the build goes past."""
    limit = brand.mm("page_height") - brand.mm("margin_top") - brand.mm("margin_bottom")
    for chart in charts.values():
        if chart.height_mm > limit:
            raise BuildError("chart_too_tall", chart=chart.name, height=f"{chart.height_mm:.0f}", limit=f"{limit:.0f}")
