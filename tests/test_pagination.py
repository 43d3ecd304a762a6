"""The page plan: short profiles share a page, a long profile's pages are balanced, and a
print edition has a multiple of 4 pages.

The plan itself is arithmetic on measured units, tested without WeasyPrint; the rest goes
through the pipeline, on editions of other shapes than 2020: many short profiles (a
synthetic edition), the one-profile mini edition, the 2021 edition of 14 governments.
"""

from __future__ import annotations

import io

import pytest

from report import pipeline
from report.locale import translations
from report.render.pagination import (
    BLANK,
    PLAN,
    Keep,
    Plan,
    Unit,
    _planned,
    _with_blanks,
    padding,
    plan,
    planned_css,
    recall,
    remember,
    stylesheet,
)
from report.render.preflight import THRESHOLDS
from report.render.variant import Variant

from .conftest import EDITION_2020, EDITION_2021, MINI
from .synthetic import short_profiles_edition

GAP, ROOM = 0.04, 0.99


def unit(anchor: str, fill: float, pages: int = 1, follows: bool = True, **more) -> Unit:
    extent = more.pop("extent", fill + 0.01)
    return Unit(anchor, pages, fill, extent, follows, more.pop("content", pages - 1 + extent), **more)


def joins(units: list[Unit]) -> set[str]:
    return set(plan(units, gap=GAP, room=ROOM).joins)


# ---------------------------------------------------------------- the plan, no WeasyPrint


def test_two_short_profiles_share_a_page_a_third_that_does_not_fit_begins_one():
    units = [unit("a", 0.40, follows=False), unit("b", 0.35), unit("c", 0.60), unit("d", 0.62)]
    made = plan(units, gap=GAP, room=ROOM)
    assert made.joins == {"b"} and made.under == 0 and made.pages == 3


def test_three_short_profiles_share_a_page_when_they_fit():
    units = [unit("a", 0.28, follows=False), unit("b", 0.28), unit("c", 0.28)]
    assert joins(units) == {"b", "c"}


def test_nothing_joins_across_a_divider():
    """A unit that does not follow another (its country's divider is before it) begins a page."""
    units = [unit("a", 0.30, follows=False), unit("b", 0.30, follows=False)]
    made = plan(units, gap=GAP, room=ROOM)
    assert made.joins == set() and made.under == 2


def test_a_long_profile_s_short_last_page_takes_the_next_profile():
    units = [unit("long", 0.30, pages=2, follows=False), unit("next", 0.60)]
    assert joins(units) == {"next"}
    # One that does not fit whole there begins its own page (no lead given: it may not run over).
    assert joins([unit("long", 0.30, pages=2, follows=False), unit("next", 0.70)]) == set()


def test_a_profile_runs_over_when_its_head_and_side_column_fit_and_it_leaves_fewer_short_pages():
    # A page and a half after a short profile: begun on that page, it ends well down the
    # next one instead of 45 % down its second page.
    units = [unit("short", 0.30, follows=False), unit("long", 0.45, pages=2, extent=0.46, lead=0.50, content=1.45)]
    made = plan(units, gap=GAP, room=ROOM)
    assert made.joins == {"long"} and made.under == 0
    # Its head and side column must fit on the page it begins on.
    units[1] = unit("long", 0.45, pages=2, extent=0.46, lead=0.70, content=1.45)
    assert plan(units, gap=GAP, room=ROOM).joins == set()


def test_a_split_panel_is_kept_whole_when_that_balances_the_pages():
    keep = Keep("#gobierno-amva .labs", above=0.73, moved=0.25)
    units = [unit("amva", 0.36, pages=2, follows=False, keeps=(keep,)), unit("medellin", 0.62)]
    made = plan(units, gap=GAP, room=ROOM)
    assert made.keeps == {"#gobierno-amva .labs"} and made.under == 0
    # Not when the page before would be left short, nor when the last page is full enough.
    short_before = Keep("#gobierno-amva .labs", above=0.40, moved=0.25)
    units[0] = unit("amva", 0.36, pages=2, follows=False, keeps=(short_before,))
    assert plan(units, gap=GAP, room=ROOM).keeps == set()
    units[0] = unit("amva", 0.70, pages=2, follows=False, keeps=(keep,))
    assert plan(units, gap=GAP, room=ROOM).keeps == set()


def test_when_a_short_page_cannot_be_avoided_the_plan_makes_it_the_least_short():
    """Medellín with a photo (75 % of a page) no longer fits under the end of the
    Metropolitan Area (30 %): one page stays under the minimum either way, so the labs panel
    moves whole and leaves 52 % there, not 30 % (and 73 % on the page before)."""
    keep = Keep("#gobierno-amva .labs", above=0.73, moved=0.25)
    units = [unit("amva", 0.30, pages=2, follows=False, keeps=(keep,)), unit("medellin", 0.75)]
    made = plan(units, gap=GAP, room=ROOM, minimum=0.55)
    assert made.keeps == {"#gobierno-amva .labs"} and made.under == 1 and made.joins == set()
    # A move that leaves the page as short is not made (fewest changes).
    even = Keep("#gobierno-amva .labs", above=0.60, moved=0.02)
    units[0] = unit("amva", 0.40, pages=2, follows=False, keeps=(even,))
    assert plan(units, gap=GAP, room=ROOM, minimum=0.55).keeps == set()


def test_the_plan_counts_the_pages_under_the_preflight_s_minimum():
    """It does what it can; a lone profile too short to fill a page and too long to share
    one is counted, and the preflight reports it."""
    units = [unit("a", 0.60, follows=False), unit("b", 0.50), unit("c", 0.60)]
    made = plan(units, gap=GAP, room=ROOM, minimum=THRESHOLDS.min_fill)
    assert made.under == 1 and made.pages == 3


def test_the_plan_s_stylesheet_and_the_blank_pages():
    css = stylesheet(Plan(frozenset({"gobierno-b", "pais-bo"}), frozenset({"#gobierno-a .labs"})))
    assert "#gobierno-b, #pais-bo { break-before: auto; margin-top: 10mm; }" in css
    assert "#gobierno-a .labs { break-inside: avoid; }" in css
    assert stylesheet(Plan()) == ""
    assert [padding(pages) for pages in (1, 4, 17, 18, 19, 20)] == [3, 0, 3, 2, 1, 0]
    html = f'<html><head>{PLAN}\nX\n</style></head><body><p>a</p><section data-part="back">b</section></body></html>'
    assert planned_css(html) == "X" and planned_css("<html></html>") == ""
    padded = _with_blanks(html, 3)
    assert padded.count(BLANK) == 3 and padded.index(BLANK) < padded.index('data-part="back"')
    assert _with_blanks(padded, 1).count(BLANK) == 1  # corrected, not added to


def test_a_build_of_the_same_html_recalls_its_plan(tmp_path):
    """A plan kept by the HTML's digest spares the next build of the same HTML its
    measuring layout; another HTML, or the print profile's, has none."""
    html = '<html><head></head><body><section data-part="back">b</section></body></html>'
    planned = _planned(html, "#gobierno-b { break-before: auto; }", 2)
    assert recall(html, pad=True, cache_dir=tmp_path) is None
    remember(html, planned, pad=True, cache_dir=tmp_path)
    assert recall(html, pad=True, cache_dir=tmp_path) == planned
    assert recall(html, pad=False, cache_dir=tmp_path) is None
    assert recall(html.replace("b<", "c<"), pad=True, cache_dir=tmp_path) is None


# ---------------------------------------------------------------- through the pipeline


def _shared_pages(made: pipeline.Rendered | pipeline.Output) -> list[int]:
    """The pages on which two or more profiles lie."""
    assert made.layout is not None
    profiles = [pages for part, pages in made.layout.parts.items() if part.startswith("government:")]
    pages = [page for first, last in profiles for page in range(first, last + 1)]
    return sorted({page for page in pages if pages.count(page) > 1})


@pytest.mark.pdf
def test_an_edition_of_many_short_profiles_fills_every_page(tmp_path):
    """Twelve short profiles in three countries: two or three share a page, and no page is
    under the preflight's minimum; every profile's bookmark points at its page."""
    from pypdf import PdfReader

    from .test_pipeline import outline_pages

    edition = short_profiles_edition(tmp_path / "short")
    made = pipeline.render(edition, Variant(), layout=True)
    assert made.findings == ()
    assert len(_shared_pages(made)) >= 4
    assert made.layout is not None
    marks = outline_pages(PdfReader(io.BytesIO(made.pdf)))
    for government in made.prepared.edition.governments:
        assert marks[government.name] == made.layout.parts[f"government:{government.id}"][0], government.name


@pytest.mark.pdf
def test_2021_s_two_line_profiles_are_compact_and_share_their_pages(built_edition):
    """2021's short profiles each sat alone on a page half empty (their side column set
    their height); set compactly, every one of them shares its page with another profile,
    no page is under the minimum, and each bookmark still points at its profile's page."""
    from pypdf import PdfReader

    from report.render.compact import is_compact

    from .test_pipeline import outline_pages

    made = built_edition(EDITION_2021)  # laid out once a session
    assert made.findings == ()
    assert made.layout is not None
    shared = _shared_pages(made)
    marks = outline_pages(PdfReader(made.pdf))
    compact = [g for g in made.prepared.edition.governments if is_compact(g)]
    assert len(compact) == 13
    for government in compact:
        first, last = made.layout.parts[f"government:{government.id}"]
        assert first == last and first in shared, government.name
        assert marks[government.name] == first, government.name
    assert len(shared) >= 6 and made.pages <= 22  # 27 pages when each sat alone


@pytest.mark.pdf
def test_a_one_government_country_has_a_heading_not_a_divider(built_edition):
    made = built_edition(MINI)
    assert made.layout is not None and made.html is not None
    assert made.layout.parts["country:BR"] == made.layout.parts["government:niteroi"]
    html = made.html.read_text(encoding="utf-8")
    assert 'class="country-opener' not in html and 'class="country-compact"' in html


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("edition", "variant"),
    [
        (MINI, Variant(profile="print")),
        (EDITION_2021, Variant("en", profile="print")),
        ("short", Variant(profile="print")),
    ],
    ids=["mini", "2021-en", "short"],
)
def test_a_print_edition_has_a_multiple_of_4_pages(tmp_path, edition, variant, built_edition):
    """Blank pages before the back cover make the count a multiple of 4: no text on them,
    no folio; the archive edition of the same shape has none."""
    import pypdfium2 as pdfium

    if edition == "short":
        edition = short_profiles_edition(tmp_path / "short")
    made = built_edition(edition, variant)
    assert made.pages % 4 == 0
    assert made.layout is not None
    blanks = made.layout.parts.get("blank")
    archive = built_edition(edition, Variant(variant.lang))  # laid out once a session (other tests read it)
    assert made.pages - archive.pages == (blanks[1] - blanks[0] + 1 if blanks else 0) == padding(archive.pages)
    document = pdfium.PdfDocument(made.pdf)
    if blanks:
        assert blanks[1] == made.pages - 1  # then the back cover
        for number in range(blanks[0], blanks[1] + 1):
            assert document[number - 1].get_textpage().get_text_range().strip() == ""


def _running_heads(document, number: int) -> str:
    """The running heads of a page as drawn, left then right: the top 20 mm, whitespace squashed."""
    page = document[number - 1]
    width, height = page.get_size()
    band = page.get_textpage().get_text_bounded(left=0, bottom=height - 20 * 72 / 25.4, right=width, top=height)
    return " ".join(band.split())


@pytest.mark.pdf
@pytest.mark.parametrize(("edition", "variant"), [(EDITION_2020, Variant()), (EDITION_2021, Variant("en"))])
def test_a_page_that_goes_on_with_a_profile_is_headed_with_that_profile(built_edition, edition, variant):
    """Profiles share pages: the running head names what is at the top of the page. A page
    that goes on with a profile (and may then begin another) is headed «NAME · continued»;
    a page that a profile opens, with its name alone."""
    import pypdfium2 as pdfium

    made = built_edition(edition, variant)
    assert made.layout is not None
    document = pdfium.PdfDocument(made.pdf)
    names = {f"government:{g.id}": g.name for g in made.prepared.edition.governments}
    word = translations(variant.lang).gettext("continuación")
    top: dict[int, tuple[str, int]] = {}  # each page's first part (parts are in reading order), and its first page
    for part, (first, last) in made.layout.parts.items():
        for page in range(first, last + 1):
            top.setdefault(page, (part, first))
    headed = {page: (names[part], first < page) for page, (part, first) in top.items() if part in names}
    assert {goes_on for _, goes_on in headed.values()} == {True, False}, "no profile runs over a page"
    # The right-hand head closes the band (the report's title is on the left).
    for page, (name, goes_on) in headed.items():
        heads = _running_heads(document, page)
        wanted = f" {name} · {word}" if goes_on else f" {name}"
        assert heads.endswith(wanted.upper()), (page, heads)
