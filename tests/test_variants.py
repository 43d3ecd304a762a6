"""Country editions: one country's governments and projects, its figures recomputed,
the programme's figures kept and labelled as regional totals."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from report import pipeline
from report.commands import cli
from report.locale import languages, say
from report.render.totals import totals
from report.render.variant import Variant, VariantError, apply_variant, variants_of

from .conftest import EDITION_2020

ARGENTINA = ["Bahía Blanca", "Tucumán", "Hurlingham", "General Pico", "Rosario", "Luján"]
OTHERS = ["Medellín", "Jalisco", "La Paz", "Valle de Aburrá", "Congreso Virtual", "ArandúLab", "Panapana"]


@pytest.fixture(scope="module")
def argentina(build_2020):
    output = build_2020(Variant(country="ar"))
    reader = PdfReader(output.pdf)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return output, reader, text


def test_country_code_in_any_case_and_the_file_name():
    assert Variant(country="ar") == Variant(country="AR")
    edition = pipeline.load(EDITION_2020).edition
    assert pipeline.output_name(edition, Variant(country="ar")) == "ip360-informe-2020-ar-es.pdf"
    assert pipeline.output_name(edition, Variant(lang="en", country="mx")) == "ip360-informe-2020-mx-en.pdf"
    assert pipeline.output_name(edition, Variant()) == "ip360-informe-2020-es.pdf"


def test_apply_variant_keeps_only_the_country_and_recomputes_its_figures():
    edition = pipeline.load(EDITION_2020).edition
    argentina = apply_variant(edition, Variant(country="AR"))
    assert [g.name for g in argentina.governments] == ARGENTINA
    assert argentina.projects == ()  # no 2020 project is Argentine
    figures = totals(argentina)
    assert (figures.governments, figures.participants) == (6, 249)
    assert argentina.info.published == edition.info.published  # the programme's totals stay
    bolivia = apply_variant(edition, Variant(country="BO"))
    assert [p.name for p in bolivia.projects] == ["ArandúLab"]
    assert (totals(bolivia).governments, totals(bolivia).participants) == (1, 60)


def test_every_variant_of_2020():
    edition = pipeline.load(EDITION_2020).edition
    variants = variants_of(edition)
    assert {v.country for v in variants} == {None, "AR", "BO", "CO", "MX"}
    assert {v.lang for v in variants} == set(languages())  # every language with its catalogues
    assert len(variants) == 5 * len(languages())


def test_a_country_without_profiles_is_an_error_listing_the_others():
    edition = pipeline.load(EDITION_2020).edition
    with pytest.raises(VariantError) as caught:
        apply_variant(edition, Variant(country="CL"))
    message = say(caught.value.message)
    assert "Chile (CL)" in message
    for code in ("AR", "BO", "CO", "MX"):
        assert code in message


def test_the_cli_exit_status_for_a_country_without_content_and_a_bad_code(capsys):
    assert cli.main(["check", "--country", "cl"]) == 1
    assert "países disponibles: AR (Argentina)" in capsys.readouterr().err
    assert cli.main(["--country", "ARG"]) == 2


def test_argentina_holds_its_six_governments_and_no_other(argentina):
    output, reader, text = argentina
    assert output.pdf.name == "ip360-informe-2020-ar-es.pdf"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    flat = " ".join(str(item) for item in reader.outline)
    for name in ARGENTINA:
        assert name in text
    text = re.sub(r"\s+", " ", text)
    argentine = [p for p in (EDITION_2020 / "gobiernos").glob("0[1-6]-*.md") if not p.name.endswith(".en.md")]
    sources = " ".join(p.read_text(encoding="utf-8") for p in argentine)
    for name in OTHERS:
        assert name not in flat, name  # no bookmark: no profile, no project
        # Other places appear only where Argentine profiles name them (La Paz in two activities).
        assert text.count(name) == sources.count(name), name
    assert "Argentina" in outline


def test_argentina_figures_are_its_own_and_the_regional_totals_are_labelled(argentina):
    _, reader, text = argentina
    squashed = re.sub(r"\s+", " ", text)
    # Argentina's own totals are its opener's (6 governments, 249 officials, 5 labs); the
    # figures page compares its governments under «Argentina en este informe».
    assert "Argentina en este informe" in squashed
    opener = next(
        p.extract_text() for p in reader.pages if "INNOVACIÓN PÚBLICA 360 · 2020\nArgentina" in p.extract_text()
    )
    assert re.search(r"6\s*gobiernos\s*249\s*agentes de gobierno", opener), opener
    assert "Totales regionales de todo el programa" in squashed
    # The programme's own figures (19 governments, 783 enrolments) are still there.
    glance = next(p.extract_text() for p in reader.pages if "Totales regionales" in (p.extract_text() or ""))
    assert "19" in glance and "783" in glance


def test_the_cover_and_running_headers_name_the_country(argentina):
    _, reader, _ = argentina
    assert "EDICIÓN ARGENTINA" in (reader.pages[0].extract_text() or "").upper()
    later = reader.pages[2].extract_text() or ""
    assert re.search(r"(?i)gobiernos disruptivos · argentina", later)
    assert "Argentina" in str(reader.metadata.get("/Title", ""))
