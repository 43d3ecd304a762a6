"""The English edition: interface labels from the gettext catalog, content from the
translation files, numbers and country names from CLDR, and a listed fallback to Spanish."""

from __future__ import annotations

import re

import pikepdf
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pypdf import PdfReader

from report import pipeline
from report.commands import cli
from report.locale import catalog_path
from report.render.html import environment
from report.render.variant import Variant

from .conftest import EDITION_2020, ROOT


@pytest.fixture(scope="module")
def english(build_2020):
    output = build_2020(Variant(lang="en"))
    text = "\n".join(page.extract_text() or "" for page in PdfReader(output.pdf).pages)
    return output, re.sub(r"\s+", " ", text)


def test_english_labels_and_translated_text(english):
    output, text = english
    assert output.pdf.name == "ip360-informe-2020-en.pdf"
    for label in ("Contents", "Foreword", "The programme in figures", "Other joint activities", "Other projects"):
        assert label in text, label
    for spanish in ("Otras actividades conjuntas", "Presentación", "Contenido"):
        assert spanish not in text, spanish
    assert "Disruptive Governments" in text
    assert "Rosario Spatial Data Infrastructure" in text  # from gobiernos/05-rosario.en.md
    assert "Including the Mayor, Fernanda Alonso" in text  # curso.nota
    assert "Memory and Human Rights Lab" in text  # a project's title
    # Names of initiatives stay in Spanish.
    assert "Imaginando los gobiernos pos pandémicos" in text
    assert "Mexico" in text and "México" not in text  # CLDR, in English


def test_the_document_language_follows_the_variant(english):
    output, _ = english
    assert '<html lang="en">' in output.html.read_text(encoding="utf-8")
    with pikepdf.open(output.pdf) as pdf:
        assert str(pdf.Root.Lang) == "en"


def test_numbers_and_countries_come_from_cldr():
    assert environment("es").filters["number"](12345) == "12.345"
    assert environment("en").filters["number"](12345) == "12,345"
    assert environment("en").filters["country"]("MX") == "Mexico"
    assert environment("es").filters["country"]("MX") == "México"


def test_the_catalog_translates_every_message_in_the_sources():
    method_map = [("report/render/templates/**.j2", "jinja2"), ("report/**.py", "python"), ("charts/**.py", "python")]
    options = {"report/render/templates/**.j2": {"trim_blocks": "true", "lstrip_blocks": "true"}}
    in_sources = {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(str(ROOT), method_map, options)}
    with catalog_path("en").open("rb") as stream:
        catalog = read_po(stream)
    translated = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog if m.id}
    assert in_sources <= set(translated), sorted(in_sources - set(translated))
    for message in translated.values():
        assert not message.fuzzy and all(message.string if isinstance(message.string, tuple) else [message.string]), (
            message.id
        )


def test_a_missing_translation_is_listed_and_strict_makes_it_an_error(edition_copy, capsys):
    (edition_copy / "gobiernos" / "05-rosario.en.md").unlink()
    assert cli.main(["check", "--lang", "en", "--edition", str(edition_copy)]) == 0
    listed = capsys.readouterr().err
    assert "gobiernos/05-rosario.en.md: field «descripcion»" in listed
    assert "gobiernos/05-rosario.en.md: field «actividades»" in listed
    assert "bahia-blanca" not in listed
    assert cli.main(["check", "--lang", "en", "--strict", "--edition", str(edition_copy)]) == 1
    # The fallback is Spanish text in the English edition.
    prepared = pipeline.load(edition_copy, Variant(lang="en"))
    edition, missing = prepared.edition, prepared.missing
    rosario = next(g for g in edition.governments if g.id == "rosario")
    assert rosario.description.startswith("En 2020 Rosario fue incluido")
    assert {m.field for m in missing} == {"tipo", "descripcion", "actividades"}


def test_the_complete_translation_has_nothing_missing():
    assert pipeline.load(EDITION_2020, Variant(lang="en")).missing == ()


def test_a_translation_may_hold_only_translatable_fields(edition_copy, capsys):
    path = edition_copy / "gobiernos" / "10-jalisco.en.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("\nactividades:", "\ncurso:\n  participantes: 99\nactividades:", 1),
        encoding="utf-8",
    )
    lujan = edition_copy / "gobiernos" / "06-lujan.en.md"
    lujan.write_text(
        "---\nactividades:\n  - One activity the Spanish file does not have.\n---\nText.\n", encoding="utf-8"
    )
    assert cli.main(["check", "--lang", "en", "--edition", str(edition_copy)]) == 1
    err = re.sub(r"\s+", " ", capsys.readouterr().err)
    assert "gobiernos/10-jalisco.en.md:5:3" in err and "curso.participantes" in err
    assert "gobiernos/06-lujan.en.md:2" in err and "there is nothing to translate" in err
