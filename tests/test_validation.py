"""Every output profile, in Spanish, in English and for one country, checked the way a
donor portal checks it: page-validation (veraPDF's PDF/A-3a and PDF/UA-1 rules, offline)
with zero failures, then what the validator does not look at (tests/pdf_structure.py):
every MCID resolves, nothing is painted untagged, every link is one Link element with
text and a description, the contents page is a table of contents, and words are whole.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
from html.parser import HTMLParser

import page
import pikepdf
import pydyf
import pytest
from pypdf import PdfReader

from report import pipeline
from report.locale import country_name, translations
from report.render import archival
from report.render.profiles import PROFILES
from report.render.variant import Variant

from .conftest import EDITION_2020, MINI
from .pdf_structure import content_problems, kids, links, struct_elements

EDITIONS = [("es", None), ("en", None), ("es", "ar")]
VARIANTS = [Variant(lang=lang, country=country, profile=profile) for profile in PROFILES for lang, country in EDITIONS]
PAGE_WORD = {"es": "página", "en": "page"}


@pytest.fixture(scope="module", params=VARIANTS, ids=lambda variant: variant.slug())
def built_variant(request, build_2020):
    return request.param, build_2020(request.param)


# ------------------------------------------------------------------ the validator


@pytest.mark.parametrize("profile", [page.ValidationProfile.PDF_A_3A, page.ValidationProfile.PDF_UA_1])
def test_the_validator_finds_nothing(built_variant, profile):
    _, output = built_variant
    report = page.validate_pdf(output.pdf, profile=profile)
    failed = [f"{failure.rule_id}: {failure.message}" for failure in report.failures]
    assert report.is_compliant, "\n".join(failed)
    assert failed == []
    assert report.rules.failed == 0 and report.checks.failed == 0
    assert report.rules.passed == report.rules.total > 100  # the whole profile ran, not a stub
    assert report.document.page_count == output.pages


@pytest.fixture(scope="module")
def mini_build(built_edition):
    return built_edition(MINI)


@pytest.mark.parametrize("profile", ["3a", "ua1"])
def test_another_edition_passes_too(mini_build, profile):
    assert page.validate_pdf(mini_build.pdf, profile=profile).failures == []
    with pikepdf.open(mini_build.pdf) as pdf:
        assert content_problems(pdf) == []
        assert links(pdf)[1] == []


@pytest.mark.pdf
def test_the_validator_catches_a_compressed_xmp_stream(monkeypatch, tmp_path):
    """The one rule main's PDFs failed, put back: the validator reads what we write."""
    rewrite = archival._rewrite_xmp

    def compressed(document, pdf, stamp):
        rewrite(document, pdf, stamp)
        archival._obj(pdf, pdf.catalog["Metadata"]).compress = True

    monkeypatch.setattr(archival, "_rewrite_xmp", compressed)
    output = pipeline.build(MINI, tmp_path)
    report = page.validate_pdf(output.pdf, profile="3a")
    assert [failure.rule_id for failure in report.failures] == ["PDFA3A-METADATA-FILTER-001"]


def minimal_pdf(*, fixed: bool) -> bytes:
    """One page whose content stream ends with a carriage return, written by pydyf."""
    pdf = pydyf.PDF()
    content = pydyf.Stream([b"0 0 m 10 10 l S\r"])
    pdf.add_object(content)
    pdf.add_page(
        pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, 10, 10]),
                "Contents": content.reference,
                "Resources": pydyf.Dictionary(),
            }
        )
    )
    if fixed:
        archival.unambiguous_stream_ends(pdf)
    output = io.BytesIO()
    pdf.write(output, compress=True)
    return output.getvalue()


def test_a_stream_ending_in_a_carriage_return_keeps_its_length():
    """One stream in 256 ends with CR (co and mx editions of 2020 had one): with pydyf's LF
    it reads as a CRLF end of line, one byte short of /Length, unless written with CRLF."""
    rule = "PDFA3A-STREAM-LENGTH-001"
    assert rule in [f.rule_id for f in page.validate_pdf_bytes(minimal_pdf(fixed=False), profile="3a").failures]
    data = minimal_pdf(fixed=True)
    assert rule not in [f.rule_id for f in page.validate_pdf_bytes(data, profile="3a").failures]
    assert b"S\r\r\nendstream" in data
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.check_pdf_syntax() == []
        assert pdf.pages[0].Contents.read_bytes() == b"0 0 m 10 10 l S\r"


def test_the_xmp_stream_is_not_compressed(built_variant):
    """Readable as it is stored: no Filter, the PDF/A and PDF/UA claims in plain bytes."""
    _, output = built_variant
    with pikepdf.open(output.pdf) as pdf:
        assert "/Filter" not in pdf.Root.Metadata
        raw = pdf.Root.Metadata.read_raw_bytes()
        assert b'pdfaid:part="3"' in raw and b'pdfuaid:part="1"' in raw


# --------------------------------------------------------- structure beyond the validator


def test_every_mcid_resolves_and_nothing_is_untagged(built_variant):
    _, output = built_variant
    with pikepdf.open(output.pdf) as pdf:
        assert content_problems(pdf) == []


def test_every_link_is_one_element_with_text_that_says_where_it_goes(built_variant):
    variant, output = built_variant
    with pikepdf.open(output.pdf) as pdf:
        found, problems = links(pdf)
        assert problems == []
        internal = [link for link in found if link.destination]
        assert len(internal) >= 10
        for link in internal:
            assert link.contents.endswith(f", {PAGE_WORD[variant.lang]} {link.target_page}"), link


def test_the_structure_checks_catch_what_the_validator_missed(built_2020):
    """Main's defects, put back into a good PDF: the checks above can fail."""
    with pikepdf.open(built_2020.pdf) as pdf:
        divider, profile = pdf.pages[5], pdf.pages[6]
        # A translucent element: its tagged text inside a form painted outside any tag.
        form = pikepdf.Stream(pdf, divider.obj.Contents.read_bytes())
        form.Type, form.Subtype, form.BBox = pikepdf.Name.XObject, pikepdf.Name.Form, divider.obj.MediaBox
        divider.obj.Resources.XObject[pikepdf.Name("/Xtranslucent")] = form
        divider.obj.Contents = pikepdf.Stream(pdf, b"q /Xtranslucent Do Q")
        profile.obj.Contents = pikepdf.Stream(pdf, profile.obj.Contents.read_bytes() + b"\n0 0 10 10 re f")
        annotation = next(a for a in pdf.pages[1].obj.Annots if a.Subtype == "/Link")
        annotation.Contents = pikepdf.String(str(annotation.Dest))
        problems = content_problems(pdf)
        assert any(p.startswith("page 6 > /Xtranslucent: MCID") and "inside a form XObject" in p for p in problems)
        assert "page 7: «f» painted outside any tag or artifact" in problems
        assert "page 2, link presentacion: /Contents is the anchor name «presentacion»" in links(pdf)[1]


def bookmarks(reader: PdfReader) -> list[tuple[str, int]]:
    """(title, page) of every bookmark, in order."""
    found: list[tuple[str, int]] = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


def contents_entries(variant: Variant) -> list[str]:
    """What the contents page lists, from the edition: the parts, each country and its governments."""
    edition = pipeline.load(EDITION_2020, variant).edition
    _ = translations(variant.lang).gettext
    entries = [_("Presentación"), _("El programa en cifras")]
    for code in edition.countries():
        entries.append(country_name(code, variant.lang))
        entries.extend(government.name for government in edition.governments if government.country == code)
    return entries + ([_("Otros proyectos desarrollados")] if edition.projects else [])


def test_contents_is_a_table_of_contents_with_one_link_per_entry(built_variant):
    """TOC > TOCI > Reference > Link: one tab stop per entry, saying the entry and the page
    it starts on (its bookmark's)."""
    variant, output = built_variant
    starts = dict(reversed(bookmarks(PdfReader(output.pdf))))  # the first bookmark of a title
    entries = contents_entries(variant)
    with pikepdf.open(output.pdf) as pdf:
        annotations = [str(a.Contents) for a in pdf.pages[1].obj.Annots if a.Subtype == "/Link"]
        assert annotations == [f"{entry}, {PAGE_WORD[variant.lang]} {starts[entry]}" for entry in entries]
        top = next(e for e in struct_elements(pdf) if e.S == "/TOC")
        assert all(kid.S == "/TOCI" for kid in kids(top))
        items = [e for e in struct_elements(pdf) if e.S == "/TOCI"]
        assert len(items) == len(entries)
        for item in items:
            reference, *sublists = kids(item)
            assert reference.S == "/Reference" and all(sublist.S == "/TOC" for sublist in sublists)
            assert [kid.S for kid in kids(reference)] == ["/Link"]
            # The entry's name and its page number: the leader's dots are artifacts.
            assert 2 <= len([kid for kid in kids(kids(reference)[0]) if isinstance(kid, int)]) <= 3
        assert all(e.S in ("/TOC", "/TOCI", "/Reference", "/Link") for e in struct_elements_under(top))


def struct_elements_under(element):
    for kid in kids(element):
        if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
            yield kid
            if kid.S != "/Link":
                yield from struct_elements_under(kid)


# ------------------------------------------------------------------- words read whole


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def source_text(output) -> str:
    """The report's text as written in the HTML (styles left out), whitespace collapsed."""
    parser = _Text()
    parser.feed(re.sub(r"<style>.*?</style>", "", output.html.read_text(encoding="utf-8"), flags=re.S))
    return " ".join(html.unescape(" ".join(parser.parts)).split())


LINE_END_HYPHEN = re.compile(r"(\w+)-[ \t]*\n\s*(\w+)")


def split_words(text: str, source: str) -> list[str]:
    """Words broken at a line end by a hyphen that the source does not have («Argen-\\ntina»)."""
    return [f"{first}-{second}" for first, second in LINE_END_HYPHEN.findall(text) if f"{first}-{second}" not in source]


def test_split_words_finds_layout_hyphens_only():
    source = "decision-making en Argentina"
    assert split_words("Argen-\ntina y decision-\nmaking", source) == ["Argen-tina"]
    assert split_words("Argentina\ny decision-making", source) == []


def extract(pdf, tool: str) -> str:
    if tool == "pypdf":
        return "\n".join(sheet.extract_text() or "" for sheet in PdfReader(pdf).pages)
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) no está instalado")
    command = [*tool.split(), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


# Every profile in both languages (a country's report is Spanish text already checked).
# pdftotext's default mode rejoins hyphenated words itself; -layout and -raw keep the lines.
@pytest.mark.parametrize("tool", ["pypdf", "pdftotext -layout", "pdftotext -raw"])
@pytest.mark.parametrize("variant", [v for v in VARIANTS if not v.country], ids=lambda variant: variant.slug())
def test_extracted_text_has_no_split_words(build_2020, variant, tool):
    """No hyphenation: a hyphen added at a line end would be a real character in the PDF."""
    output = build_2020(variant)
    text = extract(output.pdf, tool)
    assert "Argentina" in text
    assert split_words(text, source_text(output)) == []
