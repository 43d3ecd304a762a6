"""The impact-at-a-glance spread, the letter's sign-off and the closing page: each shows
what the content says and nothing more, for 2020, the invented 2021 and editions changed
on purpose (no figure group, no funnel, no signatory, no credits)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from report import pipeline
from report.locale import translations
from report.problems import ContentError
from report.render.brand import load_brand
from report.render.closing import citation
from report.render.glance import glance
from report.render.totals import totals
from report.render.variant import Variant

from .conftest import EDITION_2020, ROOT, edit, edition_of, worded
from .test_editions import EDITION_2021, html_of, words
from .test_pipeline import squash


def part(html: str, name: str) -> str:
    """The words of one part of the report (`data-part`), through the next part."""
    start = html.index(f'data-part="{name}"')
    end = html.find("data-part=", start + 1)
    return words("</style>" + html[start : end if end > 0 else None])


def groups_of(edition_dir: Path, lang: str = "es", *, whole_programme: bool = True):
    edition = pipeline.load(edition_dir, Variant(lang=lang)).edition
    seen = glance(edition.info, totals(edition), translations(lang).gettext, whole_programme=whole_programme)
    return [(g.name, [f.key for f in g.figures]) for g in seen.groups], seen.funnel


# ------------------------------------------------------------ groups and funnel (no WeasyPrint)


def test_2020_figures_fall_in_their_default_groups_and_the_course_is_a_funnel():
    groups, funnel = groups_of(EDITION_2020)
    assert groups == [
        ("Alcance", ["gobiernos", "paises"]),
        ("Productos", ["diagnosticos", "guias_covid", "manuales_tecnologia", "laboratorios", "cursos_en_linea"]),
    ]  # the enrolments go to the funnel, the hidden figure nowhere
    assert funnel is not None and (funnel.enrolments.value, funnel.participants) == (783, 502)
    english, _ = groups_of(EDITION_2020, "en")
    assert [name for name, _ in english] == ["Reach", "Outputs"]


def test_groups_named_in_the_content_and_translated():
    groups, funnel = groups_of(EDITION_2021)
    assert groups == [
        ("Alcance", ["gobiernos", "paises"]),
        ("Productos", ["datos_abiertos"]),
        ("Acompañamiento", ["laboratorios_hibridos", "mentorias"]),
    ]
    assert funnel is not None and (funnel.enrolments.value, funnel.participants) == (2350, 1976)
    english, _ = groups_of(EDITION_2021, "en")
    assert [name for name, _ in english] == ["Reach", "Outputs", "Support"]


def test_a_country_report_keeps_the_enrolments_as_a_tile():
    """The enrolments are the programme's, a country's participants only its own: no funnel."""
    groups, funnel = groups_of(EDITION_2020, whole_programme=False)
    assert funnel is None and groups[0] == ("Alcance", ["gobiernos", "paises", "inscripciones_curso"])


def test_no_funnel_without_participants_or_without_enrolments(edition_copy):
    for path in sorted((edition_copy / "gobiernos").glob("*.md")):
        if not path.name.endswith(".en.md"):
            text = path.read_text(encoding="utf-8")
            path.write_text(re.sub(r"participantes: \d+", "participantes: 0", text), encoding="utf-8")
    groups, funnel = groups_of(edition_copy)
    assert funnel is None and ("inscripciones_curso" in groups[0][1])
    text = part(html_of(edition_copy), "glance")
    assert "El curso" not in text and "783 inscripciones al Curso Innovación Pública 360" in text

    shutil.rmtree(edition_copy)
    shutil.copytree(EDITION_2020, edition_copy)
    edit(edition_copy / "edicion.yml", "    control: al_menos_participantes\n", "")
    _, funnel = groups_of(edition_copy)
    assert funnel is None


def test_the_spread_shows_each_figure_once_and_the_funnel_when_both_numbers_are_there():
    spread = part(html_of(EDITION_2020), "glance")
    for figure in ("17 diagnósticos", "5 guías para afrontar la crisis del COVID-19", "9 laboratorios de cocreación"):
        assert spread.count(figure) == 1, figure  # once: no chart repeats the tiles
    assert "Alcance" in spread and "Productos" in spread
    assert re.search(r"El curso 783 inscripciones al Curso Innovación Pública 360 de 14 países 502 agentes", spread)
    country = part(html_of(EDITION_2020, Variant(country="CO")), "glance")
    assert "El curso" not in country and "783 inscripciones" in country


def test_a_group_named_in_the_content_shows_in_both_languages():
    assert "Acompañamiento 6 laboratorios híbridos" in part(html_of(EDITION_2021), "glance")
    assert "Support 6 hybrid labs" in part(html_of(EDITION_2021, Variant(lang="en")), "glance")


# ------------------------------------------------------------ letter and closing page


def test_the_letter_signs_as_the_content_says():
    text = words(html_of(EDITION_2020))
    assert "participativas. Equipo de Innovación Pública 360" in text  # the seed's signature, no invented name
    assert 'class="signatory"' not in html_of(EDITION_2020)
    assert "Ana Gómez Coordinadora del programa Equipo de Innovación Pública 360" in words(html_of(EDITION_2021))
    english = words(html_of(EDITION_2021, Variant(lang="en")))
    assert "Ana Gómez Programme coordinator The Innovación Pública 360 team" in english


def test_how_to_cite_is_built_from_the_editions_fields():
    info = edition_of(EDITION_2020).info
    assert citation(info) == (
        "Asuntos del Sur (2020). Gobiernos disruptivos. Informe de gestión – Innovación Pública 360. "
        "www.innova360.asuntosdelsur.org"
    )
    assert citation(info, "Colombia").startswith("Asuntos del Sur (2020). Gobiernos disruptivos · Colombia. ")
    asked = info.model_copy(update={"title": "¿Y ahora qué?", "year": 2024})
    assert citation(asked).startswith("Asuntos del Sur (2024). ¿Y ahora qué? Informe")  # no «?.»
    english = pipeline.load(EDITION_2021, Variant(lang="en")).edition.info
    assert citation(english) == (
        "Asuntos del Sur (2021). Territories that learn. Management report – Innovación Pública 360. "
        "https://innova360.asuntosdelsur.org/informe-2021"
    )  # the report's own address wins over the website


def test_the_closing_page_prints_credits_licence_and_platforms_only_where_given():
    closing = part(html_of(EDITION_2020), "back")
    assert "Cómo citar Asuntos del Sur (2020). Gobiernos disruptivos." in closing
    assert "Créditos" not in closing and "Licencia" not in closing  # the seed names neither
    assert "Asuntos del Sur @AsuntosDelSur @asuntosdelSur" in closing  # no platform guessed
    html = html_of(EDITION_2021, Variant(lang="en"))
    closing = part(html, "back")
    assert "Twitter @AsuntosDelSur" in closing
    assert "Credits Editorial coordination: Ana Gómez Maps: Natural Earth (public domain)" in closing
    assert "Licence Creative Commons Attribution 4.0 International (CC BY 4.0)" in closing
    assert re.search(r'<img class="back-logo" src="data:image/svg\+xml;base64,[^"]+" alt="Asuntos del Sur">', html)


def test_a_logo_named_in_the_brand_but_missing_is_located(tmp_path):
    brand = tmp_path / "brand.toml"
    text = (ROOT / "styles" / "brand.toml").read_text(encoding="utf-8")
    brand.write_text(text.replace('file = "logo-asuntos-del-sur.svg"', 'file = "logo-nuevo.svg"'), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_brand(brand)
    (found,) = caught.value.problems
    line = next(n for n, row in enumerate(brand.read_text().splitlines(), 1) if "logo-nuevo" in row)
    assert found.code == "brand_logo_file" and found.line == line
    assert "logo.file" in worded(found) and "logo-nuevo.svg" in worded(found)
    assert "the logo file does not exist in styles/" in worded(found, "en")


# ------------------------------------------------------------ the PDF


@pytest.mark.pdf
def test_english_projects_page_names_each_project_once_and_the_spread_faces(build_2020):
    output = build_2020(Variant(lang="en"))
    reader = PdfReader(output.pdf)
    pages = [page.extract_text() or "" for page in reader.pages]
    projects = max(i for i, text in enumerate(pages) if "Other projects" in text)  # not the contents
    edition = pipeline.load(EDITION_2020, Variant(lang="en")).edition
    text = squash(pages[projects])
    for project in edition.projects:
        in_body = squash(project.description).count(squash(project.name))
        heading = squash(project.title or project.name).count(squash(project.name))
        shown = 1 if project.title and project.name not in project.title else 0
        assert text.count(squash(project.name)) == in_body + heading + shown, project.name
    assert text.count(squash("Congreso Virtual")) == 2  # the heading, and the tool named in its text
    spread = next(i for i, text in enumerate(pages) if i > 1 and "The programme in figures" in text)
    assert spread % 2 == 1  # 0-based: an odd index is an even, left-hand page
    left, right = pages[spread].lower(), pages[spread + 1].lower()
    assert "reach" in left and "the course" in left and "in this report" in right


def test_the_per_government_chart_fits_where_the_spread_puts_it():
    """Across the right page beside the countries' table; with one country (a country's
    report), under the map, in the map's column."""
    from charts import participants_by_government
    from report.render.chart_runner import chart_context

    brand = load_brand()
    for country, width in ((None, brand.text_width_mm()), ("AR", brand.mm("map_width"))):
        edition = pipeline.load(EDITION_2020, Variant(country=country)).edition
        (chart,) = participants_by_government.specs(chart_context(edition, totals(edition), brand, "es"))
        assert chart.width_mm == pytest.approx(width), country
    html = html_of(EDITION_2020, Variant(country="AR"))
    assert "country-table" not in html and 'class="glance-page glance-right"' not in html  # its divider has them
    assert 'class="glance-page glance-right"' in html_of(EDITION_2020)
