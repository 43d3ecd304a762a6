"""Any edition, truthfully: an invented 2021 edition of another shape than 2020 (other
countries, kinds of government, headline figures; a government with no one in the course,
one with no labs or activities, a country with only a project) says exactly what its files
say, in Spanish and in English, and every choice made for the team is reported."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from report import pipeline
from report.commands.cli import main
from report.content.loader import load_edition
from report.render.brand import load_brand
from report.render.html import Filling, render_html
from report.render.prose import WORD_JOINER
from report.render.totals import totals
from report.render.variant import Variant

from .conftest import EDITION_2021, MINI, edit
from .test_pipeline import squash


def html_of(edition: Path, variant: Variant = Variant()) -> str:
    """The report's HTML for a variant, without charts or WeasyPrint: the fast way to read its words."""
    prepared = pipeline.load(edition, variant)
    filling = Filling(
        prepared.edition,
        totals(prepared.edition),
        variant,
        {},
        fallbacks=prepared.translated.fallbacks,
        country_colors=prepared.colors.colors,
    )
    return render_html(filling, load_brand())


def words(html: str) -> str:
    """The text a reader sees: no tags, and no word joiners (invisible; `prose.WORD_JOINER`)."""
    text = re.sub(r"<[^>]+>", " ", html.split("</style>", 1)[1]).replace(WORD_JOINER, "")
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def built(built_edition) -> dict[str, str]:
    """The 2021 edition's PDF text, in each language (running heads included)."""
    texts = {}
    for lang in ("es", "en"):
        output = built_edition(EDITION_2021, Variant(lang=lang))
        texts[lang] = "\n".join(page.extract_text() or "" for page in PdfReader(output.pdf).pages)
    texts["en-pdf"] = str(built_edition(EDITION_2021, Variant(lang="en")).pdf)
    return texts


@pytest.mark.pdf
def test_every_value_of_the_second_edition_reaches_its_pdf(built):
    edition = load_edition(EDITION_2021).edition
    text = squash(built["es"])
    for government in edition.governments:
        for fact in (government.name, government.kind, str(government.course.participants)):
            assert squash(fact) in text, (government.name, fact)
        assert squash(government.description) in text, government.name
        for activity in government.activities:
            assert squash(activity) in text, activity
        if government.labs:
            assert squash(government.labs.description) in text
            assert all(squash(topic) in text for topic in government.labs.topics)
    for figure in edition.info.published:
        if figure.place != "oculta":
            assert squash(f"{figure.value:,}".replace(",", ".")) in text and squash(figure.shown_label()) in text, (
                figure.key
            )
    assert squash("de 17 países") in text  # a note naming another figure
    for project in edition.projects:
        assert squash(project.name) in text and squash(project.description) in text
    assert squash("Paraguay") in text  # a country with only a project


@pytest.mark.pdf
def test_the_second_edition_prints_nothing_it_does_not_say(built):
    text = built["es"]
    for invented in ("Guías COVID-19", "Diagnósticos", "Manuales de tecnología", "MUNICIPIO · ESTADO"):
        assert invented not in text, invented
    assert "MÉXICO · ENTIDAD FEDERATIVA" in text and "COLOMBIA · DISTRITO CAPITAL" in text
    assert "CHILE · COMUNA" in text and "PERÚ · MUNICIPALIDAD DISTRITAL" in text and "BRASIL · MUNICÍPIO" in text


@pytest.mark.pdf
def test_the_english_second_edition_and_its_spanish_passages(built):
    text = squash(built["en"])
    for fact in (
        "Territories that learn",
        "commune",
        "district municipality",
        "capital district",
        "federal entity",
        "open data sets published",
        "from 17 countries",
        "Mexico City enrolled more than a thousand",
    ):
        assert squash(fact) in text, fact
    assert squash("Cuenca inició en 2021 su primer diagnóstico de gobierno abierto.") in text  # no translation
    with pikepdf.open(built["en-pdf"]) as pdf:
        assert str(pdf.Root.Lang) == "en"
        spanish = [e for e in pdf.objects if isinstance(e, pikepdf.Dictionary) and e.get("/Lang") == "es"]
        assert len(spanish) == 2  # Cuenca's kind and description: marked Spanish for screen readers


def test_fallback_passages_are_marked_spanish_in_the_html():
    html = html_of(EDITION_2021, Variant(lang="en"))
    assert re.search(r'<div class="profile-description" lang="es"><p>Cuenca inició', html)
    assert '<span lang="es">gobierno autónomo descentralizado municipal</span>' in html
    assert html.count('lang="es"') == 2
    assert html_of(EDITION_2021).count('lang="es"') == 1  # the Spanish report: only <html lang="es">


@pytest.mark.parametrize(
    ("country", "lang", "sentence"),
    [
        # A country's opener: its governments, officials and labs, each noun in its number
        # (a zero count is left out: Uruguay has no lab).
        ("CL", "es", "Chile 2 gobiernos 69 agentes de gobierno en el curso 1 laboratorio Valparaíso"),
        ("CL", "en", "Chile 2 governments 69 government officials in the course 1 lab Valparaíso"),
        ("UY", "es", "Uruguay 2 gobiernos 120 agentes de gobierno en el curso Montevideo"),
    ],
)
def test_counts_meet_nouns_in_the_right_number(country, lang, sentence):
    assert sentence in words(html_of(EDITION_2021, Variant(lang=lang, country=country)))


def test_a_one_government_report_leaves_the_comparison_to_its_divider():
    """One government compares with nothing: no «México en este informe» table or chart;
    the compact heading on its profile's page gives its numbers (no divider page)."""
    for lang, absent, divider in [
        ("es", "México en este informe", "México 1.204 agentes de gobierno en el curso"),
        ("en", "Mexico in this report", "Mexico 1,204 government officials in the course"),
    ]:
        text = words(html_of(EDITION_2021, Variant(lang=lang, country="MX")))
        assert absent not in text and divider in text, lang
    assert "Chile en este informe" in words(html_of(EDITION_2021, Variant(country="CL")))  # two governments


def test_zero_one_and_many_on_profiles_and_dividers():
    text = words(html_of(EDITION_2021))
    assert "0 agentes de gobierno en el Curso" in text  # Paysandú
    assert "México 1.204 agentes de gobierno en el curso" in text  # its compact heading
    assert "2 gobiernos" in text  # Chile's divider
    english = words(html_of(EDITION_2021, Variant(lang="en")))
    assert "0 government officials in the" in english and "Mexico 1,204 government officials in the course" in english
    mini = words(html_of(MINI))
    assert "1 gobierno subnacional" in mini and "1.234 agentes" in mini


def test_a_changed_spanish_text_makes_its_translation_outdated(tmp_path, capsys):
    edition = tmp_path / "content" / "2021"
    shutil.copytree(EDITION_2021, edition)
    assert main(["check", "--edition", str(edition), "--lang", "en"]) == 0
    assert "outdated" not in capsys.readouterr().err
    edit(edition / "gobiernos" / "02-rafaela.md", "se propuso publicar", "decidió publicar")
    assert main(["check", "--edition", str(edition), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    assert "1 translation is outdated" in err and "gobiernos/02-rafaela.en.md:2:1" in err
    assert main(["check", "--edition", str(edition), "--lang", "en", "--strict"]) == 1
    capsys.readouterr()
    assert main(["translated", str(edition / "gobiernos" / "02-rafaela.en.md")]) == 0
    assert main(["check", "--edition", str(edition), "--lang", "en"]) == 0
    assert "outdated" not in capsys.readouterr().err
    translation = edition / "gobiernos" / "02-rafaela.en.md"
    assert re.match(r'---\noriginal:\n  tipo: "[0-9a-f]{8}"\n  descripcion: "[0-9a-f]{8}"\n', translation.read_text())
    # Stamped field by field: a changed Spanish field is named, at its line in the translation.
    edit(edition / "gobiernos" / "02-rafaela.md", "decidió publicar", "publicó")
    assert main(["check", "--edition", str(edition), "--lang", "en"]) == 0
    err = capsys.readouterr().err
    line = next(i for i, text in enumerate(translation.read_text().splitlines(), 1) if text == "---" and i > 1) + 1
    assert f"gobiernos/02-rafaela.en.md:{line}:1: field «descripcion»" in err, err
    assert "tipo" not in err.split("outdated", 1)[1]
    assert main(["translated", str(translation)]) == 0  # marking again replaces the whole block
    assert translation.read_text().count("original:") == 1
    assert main(["check", "--edition", str(edition), "--lang", "en"]) == 0
    assert "outdated" not in capsys.readouterr().err


def test_translated_refuses_a_file_that_is_no_translation(capsys):
    assert main(["translated", str(EDITION_2021 / "gobiernos" / "02-rafaela.md")]) == 1
    assert "no es un archivo de traducción" in capsys.readouterr().err


def test_a_hand_written_stamp_is_a_located_problem(tmp_path, capsys):
    edition = tmp_path / "content" / "2021"
    shutil.copytree(EDITION_2021, edition)
    translation = edition / "gobiernos" / "02-rafaela.en.md"
    edit(translation, "original: ", "original: revisado ")
    assert main(["check", "--edition", str(edition), "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "02-rafaela.en.md:2:1: field «original»: is not a translation fingerprint" in err, err
