"""The build, stage by stage: files → edition → figures → HTML → PDF.

Everything is gathered and validated first; only a complete, checked PDF is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .brand import BRAND_FILE, load_brand
from .budget import check_budget
from .charts import render_charts
from .figures import check_figures, derive
from .html import render_html
from .loading import load_edition
from .pdf import PDF_PROFILES, Attachment, render_pdf, write_atomically
from .problems import ContentError, Problem, relative
from .provenance import provenance
from .schema import Edition
from .translation import translate
from .variants import Variant, apply_variant

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Output:
    pdf: Path
    html: Path | None
    pages: int
    size: int


def output_name(edition: Edition, variant: Variant) -> str:
    """A name a donor portal accepts and a person understands: ASCII, no spaces."""
    return f"ip360-informe-{edition.info.year}-{variant.slug()}.pdf"


def load(edition_dir: Path, variant: Variant = Variant()) -> tuple[Edition, tuple[Problem, ...]]:
    """The edition as `variant` shows it (translated, then restricted to its country),
    and the fields whose translation is missing and fall back to Spanish."""
    edition = load_edition(edition_dir, PROJECT_ROOT, variant.lang)
    check_figures(edition, edition_dir, PROJECT_ROOT)  # the whole programme's figures: before the variant
    translated = translate(edition_dir, edition, variant.lang, PROJECT_ROOT)
    return apply_variant(translated.edition, variant), translated.missing


def build(
    edition_dir: Path, out_dir: Path, variant: Variant = Variant(), *, write_html: bool = False, strict: bool = False,
    max_size: int | None = None,
) -> Output:
    """Build one variant of an edition into `out_dir`; nothing is written on failure.

    `strict`: a missing translation is an error instead of a fallback to Spanish.
    `max_size`: the size budget in bytes (default: the profile's); over it, the build fails."""
    edition, missing = load(edition_dir, variant)
    if strict and missing:
        raise ContentError(list(missing))
    brand = load_brand()
    figures = derive(edition)
    charts = render_charts(edition, figures, brand, variant.lang, source=relative(edition_dir, PROJECT_ROOT))
    html = render_html(edition, figures, brand, variant.lang, variant=variant, charts=charts)
    target = out_dir / output_name(edition, variant)
    pdf, pages = render_pdf(
        html, edition_dir, brand, profile=variant.profile,
        # The data behind each chart, attached as CSV (PDF/A-3 associated files, /Data).
        attachments=[Attachment(f"{chart.name}.csv", chart.csv, chart.caption) for chart in charts.values()],
        provenance=provenance(edition_dir, edition.info.year, BRAND_FILE),
    )
    check_budget(pdf, max_size or PDF_PROFILES[variant.profile].budget, target.name)
    html_target = target.with_suffix(".html") if write_html else None
    if html_target:
        write_atomically(html.encode("utf-8"), html_target)
    write_atomically(pdf, target)
    return Output(pdf=target, html=html_target, pages=pages, size=len(pdf))

