"""A real build of content/2020: every seed fact reaches the PDF, the contents page
tells the truth, and the PDF is well formed (bookmarks, metadata, fonts)."""

from __future__ import annotations

import re
import unicodedata

import pytest

from .conftest import ROOT

SEED = ROOT / "tests" / "fixtures" / "seed-2020.txt"  # the 2020 source text (tests/fixtures/README.md)
# Corrections recorded in content/2020/CORRECCIONES.md.
CORRECTIONS = {"de brio (IDE Rosario)": "de Rosario (IDE Rosario)"}
A4_TOP, BODY_TOP, BODY_BOTTOM = 842, 842 - 24 * 72 / 25.4, 22 * 72 / 25.4


def squash(text: str) -> str:
    """Letters and digits only, lower case: immune to line breaks, hyphenation, quotes."""
    text = unicodedata.normalize("NFC", text).lower()
    return "".join(ch for ch in text if ch.isalnum())


def body_text(reader) -> str:
    """The text of every page without running headers and folios."""
    parts = []
    for page in reader.pages:
        chunks: list[str] = []

        def keep(text, cm, tm, font, size, chunks=chunks):
            y = tm[5] * cm[3] + cm[5] if cm else tm[5]
            if BODY_BOTTOM - 1 <= y <= BODY_TOP + 1 or not text.strip():
                chunks.append(text)

        page.extract_text(visitor_text=keep)
        parts.append("".join(chunks))
    return "\n".join(parts)


def seed_fragments() -> list[str]:
    """Every clause of the seed, split where layout may legitimately split it."""
    text = SEED.read_text(encoding="utf-8")
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    fragments = []
    for line in text.splitlines():
        line = line.replace("◆", "").strip().lstrip("-").strip()
        for piece in re.split(r"[.;:]\s|\s\(", line):
            piece = re.sub(r"^y\s", "", piece.strip())
            if len(squash(piece)) >= 4:
                fragments.append(piece)
    return fragments


@pytest.fixture(scope="module")
def squashed_body(reader_2020) -> str:
    return squash(body_text(reader_2020))


def test_every_seed_fact_reaches_the_pdf(squashed_body):
    assert SEED.is_file(), f"the seed is missing: {SEED}"
    missing = [fragment for fragment in seed_fragments() if squash(fragment) not in squashed_body]
    assert not missing, "not in the PDF:\n" + "\n".join(missing)


GOVERNMENTS = {
    "Bahía Blanca": 35,
    "Tucumán": 17,
    "Hurlingham": 59,
    "General Pico": 43,
    "Rosario": 67,
    "Luján": 28,
    "Área Metropolitana del Valle de Aburrá": 53,
    "Medellín": 104,
    "La Paz": 60,
    "Jalisco": 36,
}


def test_each_profile_page_shows_its_government_and_participants(pages_text_2020):
    for name, participants in GOVERNMENTS.items():
        pages = [t for t in pages_text_2020 if re.search(rf"\b{participants}\s*agentes\s+de\s+gobierno", t)]
        assert any(squash(name) in squash(t) for t in pages), f"{name}: no page with {participants} agentes de gobierno"
    assert squash("Incluyendo la Intendente Fernanda Alonso") in squash("".join(pages_text_2020))


def test_programme_figures_and_projects(squashed_body):
    for fact in [
        "19 gobiernos subnacionales",
        "17 diagnósticos",
        "783",
        "14 países",
        "Congreso Virtual",
        "ArandúLab",
        "Panapana",
        "Movimiento Puentes",
        "www.innova360.asuntosdelsur.org",
        "@AsuntosDelSur",
    ]:
        assert squash(fact) in squashed_body, fact


def outline_pages(reader) -> dict[str, int]:
    result = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                result[item.title] = reader.get_destination_page_number(item) + 1

    walk(reader.outline)
    return result


def test_bookmarks_for_every_section(reader_2020):
    titles = outline_pages(reader_2020)
    expected = [
        "Contenido",
        "Presentación",
        "El programa en cifras",
        "Argentina",
        "Colombia",
        "Bolivia",
        "México",
        "Otros proyectos desarrollados",
        *GOVERNMENTS,
    ]
    assert [t for t in expected if t not in titles] == []


def test_contents_page_numbers_are_where_sections_start(reader_2020, pages_text_2020):
    bookmarks = outline_pages(reader_2020)
    contents = next(t for t in pages_text_2020 if "Contenido" in t)
    entries = dict(re.findall(r"^\s*([^\d.\n][^\n]*?)[\s.]*?(\d+)\s*$", contents, flags=re.M))
    entries = {title.strip(" ."): int(page) for title, page in entries.items()}
    checked = 0
    for title, page in entries.items():
        if title in bookmarks:
            assert page == bookmarks[title], f"{title}: contents say {page}, starts on {bookmarks[title]}"
            checked += 1
    assert checked >= len(GOVERNMENTS) + 6, f"only {checked} contents entries could be checked: {entries}"


def test_embedded_fonts_are_the_brand_fonts(reader_2020):
    names = set()
    for page in reader_2020.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts") or [font]
            for d in descendants:
                descriptor = d.get_object().get("/FontDescriptor")
                assert descriptor is not None and any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
                )
                names.add(str(descriptor["/FontName"]).split("+")[-1])
    assert names, "no fonts found"
    assert all(n.startswith(("Lato", "Manrope")) for n in names), names


def test_metadata_and_language(reader_2020):
    meta = reader_2020.metadata
    assert meta.title.startswith("Gobiernos disruptivos")
    assert meta.author == "Asuntos del Sur"
    assert "Innovación Pública 360" in meta.subject
    assert "Argentina" in meta.get("/Keywords", "")
    assert reader_2020.trailer["/Root"]["/Lang"] == "es"


def test_page_count_and_output_name(built_2020, reader_2020):
    assert built_2020.pdf.name == "ip360-informe-2020-es.pdf"
    assert built_2020.pages == len(reader_2020.pages) >= 18
    assert built_2020.html.is_file()


def test_cover_and_back_cover_have_no_folio(reader_2020):
    def folios(page):
        chunks = []
        page.extract_text(
            visitor_text=lambda t, cm, tm, f, s: (
                chunks.append(t) if (tm[5] * cm[3] + cm[5]) < BODY_BOTTOM - 5 and t.strip().isdigit() else None
            )
        )
        return chunks

    assert folios(reader_2020.pages[0]) == []
    assert folios(reader_2020.pages[-1]) == []
    assert folios(reader_2020.pages[3]) != []
