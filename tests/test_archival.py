"""Donor-ready PDFs: PDF/A-3 + PDF/UA-1 markers and structure, associated data files,
reproducibility, the size budget and the print profile — read back with pikepdf.

The validator (page-validation, veraPDF's rules) runs over every profile and language in
tests/test_validation.py, the print sheet is rendered in tests/test_print.py; these tests
check the rules of both standards that the build controls, on the real 2020 PDF.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import re
import shutil
import subprocess
import sys
from datetime import UTC, datetime

import pikepdf
import pytest

from report import pipeline
from report.content.folder import read_folder
from report.locale import say
from report.problems import BuildError
from report.render.brand import BRAND_FILE
from report.render.budget import contributors, parse_size
from report.render.profiles import PROFILES
from report.render.provenance import build_date
from report.render.variant import Variant

from .conftest import EDITION_2020, ROOT

MM = 72 / 25.4


@pytest.fixture(scope="module")
def pdf(built_2020):
    with pikepdf.open(built_2020.pdf) as document:
        yield document


@pytest.fixture(scope="module")
def print_build(build_2020):
    return build_2020(Variant(profile="print"))


def struct_elements(pdf):
    """Every structure element in reading order (depth first)."""

    def walk(node):
        kids = node.get("/K")
        if kids is None:
            return
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/StructElem":
                yield kid
                yield from walk(kid)

    yield from walk(pdf.Root.StructTreeRoot)


# ------------------------------------------------------------------- syntax


def test_pdf_syntax_is_clean(built_2020, pdf):
    assert pdf.check_pdf_syntax() == []
    assert pdf.pdf_version == "1.7"


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf no está instalado (pikepdf ya hace el mismo control)")
def test_qpdf_check_passes(built_2020):
    result = subprocess.run(["qpdf", "--check", str(built_2020.pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- PDF/A-3


def test_xmp_declares_pdfa3_and_pdfua1_and_the_inputs(pdf):
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "3"
    assert meta["pdfaid:conformance"] == "A"
    assert meta["pdfuaid:part"] == "1"
    assert meta["dc:title"].startswith("Gobiernos disruptivos")
    expected = inputs_digest(EDITION_2020, BRAND_FILE)
    xmp = bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8")
    assert f"<ip360:inputsDigest>sha256:{expected}</ip360:inputsDigest>" in xmp
    # PDF/A: every non-standard schema is described in an extension schema.
    for namespace in ("http://www.aiim.org/pdfua/ns/id/", "https://innova360.asuntosdelsur.org/ns/informe/1.0/"):
        assert f"<pdfaSchema:namespaceURI>{namespace}</pdfaSchema:namespaceURI>" in xmp


def test_info_and_xmp_dates_come_from_the_edition(pdf):
    assert str(pdf.docinfo["/CreationDate"]) == "D:20201231120000Z"
    assert pdf.open_metadata()["xmp:CreateDate"].startswith("2020-12-31T12:00:00")


def test_srgb_output_intent(pdf):
    intents = pdf.Root.OutputIntents
    assert len(intents) == 1
    assert intents[0].S == "/GTS_PDFA1"
    assert intents[0].DestOutputProfile.N == 3


def test_every_font_is_embedded_and_from_the_brand(pdf):
    names = []
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            assert any(key in obj for key in ("/FontFile", "/FontFile2", "/FontFile3")), obj.FontName
            names.append(str(obj.FontName))
    assert names
    assert all(("Lato" in name or "Manrope" in name) for name in names), names


# ---------------------------------------------------------------- PDF/UA-1


def test_tagged_with_language_and_title_shown(pdf):
    assert "/StructTreeRoot" in pdf.Root
    assert bool(pdf.Root.MarkInfo.Marked) is True
    assert str(pdf.Root.Lang) == "es"
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert str(pdf.docinfo["/Title"]).startswith("Gobiernos disruptivos")


def test_every_figure_has_alt_text(pdf):
    figures = [element for element in struct_elements(pdf) if element.S == "/Figure"]
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


def test_headings_never_skip_a_level(pdf):
    levels = [int(str(e.S)[2:]) for e in struct_elements(pdf) if str(e.S) in ("/H1", "/H2", "/H3", "/H4", "/H5", "/H6")]
    assert levels[0] == 1
    jumps = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not jumps, jumps
    assert {1, 2, 3} <= set(levels)


def test_lists_are_tagged_as_lists(pdf):
    lists = [e for e in struct_elements(pdf) if e.S == "/L"]
    assert len(lists) >= 10  # contents, country lists, topics, activities...
    for element in lists:
        assert all(kid.S == "/LI" for kid in element.K if isinstance(kid, pikepdf.Dictionary)), element


def test_running_heads_are_artifacts_not_orphan_tags(pdf):
    """Every MCID the parent tree maps belongs to an element in the tree (PDF/UA 7.1)."""
    in_tree = {element.objgen for element in struct_elements(pdf)}
    nums = pdf.Root.StructTreeRoot.ParentTree.Nums
    orphans = [
        (nums[i], mcid)
        for i in range(0, len(nums), 2)
        if isinstance(nums[i + 1], pikepdf.Array)
        for mcid, element in enumerate(nums[i + 1])
        if isinstance(element, pikepdf.Dictionary) and element.objgen not in in_tree
    ]
    assert not orphans
    page = pdf.pages[3].Contents.read_bytes()  # a body page with a running head and folio
    assert re.search(rb"/Artifact\s*<<\s*/Type\s*/Pagination\s*>>\s*BDC", page)


# ------------------------------------------------------------ associated files


def test_chart_data_attached_as_associated_csv(pdf):
    assert {"participantes-por-gobierno.csv", "mapa.csv", "mapa-ar.csv"} <= set(pdf.attachments)
    associated = {str(spec.UF): spec for spec in pdf.Root.AF}
    assert set(associated) == set(pdf.attachments)
    for spec in associated.values():
        assert spec.AFRelationship == "/Data"
        assert str(spec.Desc).strip()
        assert spec.EF.F.Subtype == "/text/csv"
        assert str(spec.EF.F.Params.ModDate) == "D:20201231120000Z"
    data = pdf.attachments["participantes-por-gobierno.csv"].get_file().read_bytes().decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(data)))
    assert len(rows) == 10
    assert sum(int(row["Agentes de gobierno en el curso"]) for row in rows) == 502
    assert {row["Gobierno"]: int(row["Agentes de gobierno en el curso"]) for row in rows}["Medellín"] == 104


# ---------------------------------------------------------------- reproducible


@pytest.mark.pdf
def test_two_builds_in_two_processes_are_byte_identical(built_2020, tmp_path):
    """This session's build against one from a fresh interpreter with another hash seed."""
    env = {**os.environ, "PYTHONHASHSEED": "360"}
    env.pop("SOURCE_DATE_EPOCH", None)
    subprocess.run(
        [sys.executable, "build.py", "--out", str(tmp_path)], cwd=ROOT, env=env, check=True, capture_output=True
    )
    other = tmp_path / built_2020.pdf.name
    assert hashlib.sha256(other.read_bytes()).hexdigest() == hashlib.sha256(built_2020.pdf.read_bytes()).hexdigest()


def inputs_digest(edition, *extra):
    return read_folder(edition, ROOT).inputs_digest(*extra)


def test_pdf_identifier_comes_from_the_inputs(pdf):
    assert bytes(pdf.trailer.ID[0]) == inputs_digest(EDITION_2020, BRAND_FILE)[:32].encode()


def test_inputs_digest_follows_the_content(edition_copy):
    before = inputs_digest(edition_copy, BRAND_FILE)
    (edition_copy / ".DS_Store").write_bytes(b"noise")
    assert inputs_digest(edition_copy, BRAND_FILE) == before
    letter = edition_copy / "carta.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert inputs_digest(edition_copy, BRAND_FILE) != before


def test_build_date_prefers_source_date_epoch():
    assert build_date(2020, {}) == datetime(2020, 12, 31, 12, tzinfo=UTC)
    assert build_date(2020, {"SOURCE_DATE_EPOCH": "1700000000"}) == datetime.fromtimestamp(1700000000, tz=UTC)
    with pytest.raises(BuildError) as caught:
        build_date(2020, {"SOURCE_DATE_EPOCH": "ayer"})
    assert say(caught.value.message).startswith("SOURCE_DATE_EPOCH='ayer' no es válido")


# ------------------------------------------------------------------ size


def test_archive_is_within_its_budget(built_2020):
    assert built_2020.size < 1.5 * 1024 * 1024
    assert built_2020.size <= PROFILES["archive"].budget


@pytest.mark.pdf
def test_over_budget_fails_naming_the_heaviest_parts_and_writes_nothing(tmp_path):
    with pytest.raises(BuildError) as caught:
        pipeline.build(EDITION_2020, tmp_path, max_size=20 * 1024)
    message = say(caught.value.message)
    assert "más que el límite de 20 KB" in message
    assert "  - fuente " in message and "  - contenido de las " in message
    assert "estructura (etiquetas de accesibilidad)" in message
    assert message.count("\n  - ") <= 11  # the ten heaviest and the rest
    assert not list(tmp_path.iterdir())


def test_contributors_are_sorted_and_add_up(built_2020):
    parts = contributors(built_2020.pdf.read_bytes())
    assert [p.size for p in parts] == sorted((p.size for p in parts), reverse=True)
    assert {p.kind for p in parts} >= {"font", "attachment", "content"}
    assert sum(p.size for p in parts) < built_2020.size


@pytest.mark.parametrize(
    ("text", "size"),
    [("1.5MB", int(1.5 * 1024 * 1024)), ("800 kb", 800 * 1024), ("2m", 2 * 1024 * 1024), ("1234", 1234)],
)
def test_parse_size(text, size):
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["grande", "0MB", "-1KB"])
def test_parse_size_rejects_nonsense(text):
    with pytest.raises(ValueError) as caught:
        parse_size(text)
    assert caught.value.code in ("usage_size", "usage_size_positive")


# ------------------------------------------------------------------ profiles


def test_profile_is_in_the_file_name_unless_archive():
    assert Variant().slug() == "es"
    assert Variant(profile="print").slug() == "es-print"
    assert Variant(lang="en", country="ar", profile="screen").slug() == "ar-en-screen"


def test_print_profile_has_3mm_bleed_and_marks(print_build, built_2020):
    assert print_build.pdf.name == "ip360-informe-2020-es-print.pdf"
    with pikepdf.open(print_build.pdf) as document:
        assert document.open_metadata()["pdfaid:part"] == "3"
        for page in document.pages:
            trim, bleed, media = (list(map(float, page.obj[key])) for key in ("/TrimBox", "/BleedBox", "/MediaBox"))
            assert bleed[0] == pytest.approx(trim[0] - 3 * MM, abs=0.01)
            assert bleed[2] == pytest.approx(trim[2] + 3 * MM, abs=0.01)
            assert media[0] < bleed[0] and media[2] > bleed[2]  # the marks sit beyond the bleed
        print_page = document.pages[5].Contents.read_bytes()
    with pikepdf.open(built_2020.pdf) as archive:
        archive_page = archive.pages[5].Contents.read_bytes()
        assert all("/TrimBox" not in page.obj or page.obj.TrimBox == page.obj.MediaBox for page in archive.pages)
    # Crop and registration marks add strokes that the archive page doesn't have.
    assert len(print_page) > len(archive_page)
