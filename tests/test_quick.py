"""`watch`'s quick view: one part laid out alone looks exactly like its pages of the full PDF.

Both are rendered with pypdfium2 through `compare` (the proof's comparison) and must not
differ by a single pixel, nor by a word (the running heads and the folio included), for
parts of every kind and place: a profile on a right page and one on a left page, a
profile over two pages («· continuación» in the running head), the letter and the
projects; in the 2020 edition the layout is tuned on, in 2021 (14 governments in 8
countries) and in the one-profile mini edition; and after an edit that keeps the part's
length, against the full build of the edited files. Warm builds write the same bytes.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from report import pipeline
from report.proof import Tolerance, changed_regions, open_pdf
from report.render import pdf
from report.render.brand import load_brand
from report.render.scratch import scratch
from report.render.variant import Variant

from .conftest import EDITION_2020, EDITION_2021, ROOT

pytestmark = pytest.mark.pdf

EDITION_MINI = ROOT / "tests" / "fixtures" / "mini"
EXACT = Tolerance(threshold=0, min_pixels=1)  # any pixel that differs at all
DPI = 100


@pytest.fixture(scope="module")
def laid_out(built_edition):
    """Each edition as the session built it, with where its parts lie."""

    def render(edition: Path, lang: str = "es") -> pipeline.Rendered:
        built = built_edition(edition, Variant(lang=lang))
        assert built.html is not None
        html = built.html.read_text(encoding="utf-8")
        return pipeline.Rendered(
            built.prepared, html, built.pdf.read_bytes(), built.pages, built.findings, built.layout
        )

    return render


def quick(made: pipeline.Rendered, edition: Path, part: str, out: Path, html: str | None = None) -> pdf.QuickView:
    assert made.layout is not None
    with scratch(out):
        view = pdf.render_part(html or made.html, part, made.layout, edition, load_brand())
    assert view is not None, part
    return view


def page_texts(data: bytes) -> list[str]:
    """Each page's whole text as pdfium reads it: running heads and folio included."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    return [document[index].get_textpage().get_text_range() for index in range(len(document))]


def assert_same_pages(full: bytes, view: pdf.QuickView) -> None:
    whole, alone = open_pdf(Path("full.pdf"), full), open_pdf(Path("quick.pdf"), view.pdf)
    assert len(alone.pages) == view.last - view.first + 1
    texts, quick_texts = page_texts(full), page_texts(view.pdf)
    for offset in range(len(alone.pages)):
        index = view.first - 1 + offset
        assert quick_texts[offset] == texts[index], f"{view.part}, page {view.first + offset}"
        assert str(view.first + offset) in quick_texts[offset].split()  # the folio, numbered as in the report
        regions = changed_regions(whole.render(index, DPI, False), alone.render(offset, DPI, False), EXACT)
        assert regions == [], f"{view.part}, page {view.first + offset}: pixels differ at {regions}"


@pytest.mark.parametrize(
    ("part", "pages"),
    [
        ("government:rosario", (11, 11)),  # a right page
        ("government:tucuman", (8, 8)),  # a left page
        ("government:area-metropolitana-valle-de-aburra", (14, 15)),  # «Área Metropolitana · continuación»
        ("letter", (3, 3)),
        ("projects", (18, 18)),
    ],
)
def test_a_quick_view_of_2020_is_its_pages_of_the_full_pdf(laid_out, tmp_path, part, pages):
    made = laid_out(EDITION_2020)
    assert made.layout.parts[part] == pages
    view = quick(made, EDITION_2020, part, tmp_path)
    assert (view.first, view.last) == pages
    assert_same_pages(made.pdf, view)


def test_a_profile_sharing_a_page_is_shown_with_the_parts_on_its_pages(laid_out, tmp_path):
    """The page plan put Medellín after the Área Metropolitana's last page, and Bolivia's
    compact heading, La Paz, México's heading and Jalisco on two pages: a quick view of
    one of them lays out its page group, from the page the group begins on."""
    made = laid_out(EDITION_2020)
    assert made.layout.parts["government:medellin"] == (15, 15)
    view = quick(made, EDITION_2020, "government:medellin", tmp_path)
    assert (view.first, view.last) == (14, 15)
    assert_same_pages(made.pdf, view)
    assert made.layout.group("government:jalisco") == [
        "country:BO",
        "government:la-paz",
        "country:MX",
        "government:jalisco",
    ]
    view = quick(made, EDITION_2020, "government:jalisco", tmp_path)
    assert (view.first, view.last) == (16, 17)
    assert_same_pages(made.pdf, view)


def test_a_quick_view_of_another_edition_and_language_is_its_pages_too(laid_out, tmp_path):
    made = laid_out(EDITION_2021, "en")
    governments = [part for part in made.layout.parts if part.startswith("government:")]
    assert len(governments) == 14
    longest = max(governments, key=lambda part: made.layout.parts[part][1] - made.layout.parts[part][0])
    left = next(part for part in governments if made.layout.parts[part][0] % 2 == 0)
    for part in dict.fromkeys([governments[0], left, longest, governments[-1]]):
        assert_same_pages(made.pdf, quick(made, EDITION_2021, part, tmp_path))


def test_a_quick_view_of_the_mini_edition(laid_out, tmp_path):
    made = laid_out(EDITION_MINI)
    assert_same_pages(made.pdf, quick(made, EDITION_MINI, "government:niteroi", tmp_path))


def test_after_an_edit_that_keeps_the_length_the_quick_view_is_the_new_full_page(laid_out, tmp_path):
    """What watch does: the new HTML laid out as the last full layout says, against the
    full build of the edited files."""
    before = laid_out(EDITION_2020)
    edition = tmp_path / "2020"
    shutil.copytree(EDITION_2020, edition)
    rosario = edition / "gobiernos" / "05-rosario.md"
    text = rosario.read_text(encoding="utf-8")
    assert "un ecosistema de herramientas" in text
    rosario.write_text(text.replace("un ecosistema de herramientas", "un conjunto de herramientas"), encoding="utf-8")
    with scratch(tmp_path / "out"):
        composed = pipeline.compose(edition, Variant())
        after = pipeline.render(edition, Variant(), composed=composed, layout=True)
    view = quick(before, edition, "government:rosario", tmp_path / "out", html=composed.html)
    assert "conjunto" in " ".join(open_pdf(Path("quick.pdf"), view.pdf).pages[0].words)
    assert after.layout is not None and after.layout.parts["government:rosario"] == (11, 11)
    assert_same_pages(after.pdf, view)


def test_a_quick_view_is_a_preview_not_a_deliverable(laid_out, tmp_path):
    import pikepdf

    made = laid_out(EDITION_2020)
    view = quick(made, EDITION_2020, "government:rosario", tmp_path)
    with pikepdf.open(io.BytesIO(view.pdf)) as document:
        assert len(document.pages) == 1
        assert "/Metadata" not in document.Root and "/StructTreeRoot" not in document.Root  # no PDF/A, no tags


def test_warm_builds_write_the_same_bytes_as_a_cold_one(built_2020, tmp_path):
    """Inside `pdf.warm()` (watch) the font configuration and the drawn SVG paths are kept
    between builds: the second build takes them from memory and writes the same PDF."""
    cold = built_2020.pdf.read_bytes()
    out = tmp_path / "dist"
    with scratch(out), pdf.warm():  # as watch holds them: the fonts' folder lives as long as the session
        first = pipeline.build(EDITION_2020, out).pdf.read_bytes()
        second = pipeline.build(EDITION_2020, out).pdf.read_bytes()
    assert first == cold
    assert second == cold
