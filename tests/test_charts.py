"""Charts: drawn from validated data with the brand style, described in their alt text,
byte-stable, cached, and placed in the pages."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys

import pytest

from report.content.loader import load_edition
from report.content.schema import Government
from report.render import chart_runner as runner
from report.render.brand import load_brand
from report.render.totals import totals

from .conftest import EDITION_2020, ROOT
from .test_pipeline import GOVERNMENTS, outline_pages

COUNTRIES = {"AR", "CO", "BO", "MX"}


@pytest.fixture(scope="module")
def edition():
    return load_edition(EDITION_2020).edition


def context(edition, lang="es"):
    return runner.chart_context(edition, totals(edition), load_brand(), lang)


def run(edition, cache_dir=None, lang="es", **options):
    """The charts and how many were drawn (not cached)."""
    return runner.render_charts(context(edition, lang), cache_dir=cache_dir, **options)


def render(edition, cache_dir=None, **options):
    return run(edition, cache_dir, **options).charts


@pytest.fixture(scope="module")
def drawn(edition, tmp_path_factory):
    return render(edition, tmp_path_factory.mktemp("charts"))


def small_edition(edition):
    """Two made-up governments in two countries, built with the content's own keys."""

    def government(id_, name, country, participants, labs=None):
        data = {
            "id": id_,
            "nombre": name,
            "tipo": "municipio",
            "pais": country,
            "descripcion": "Texto.",
            "curso": {"participantes": participants},
        }
        if labs:
            data["laboratorios"] = {"cantidad": labs, "descripcion": "Taller."}
        return Government.model_validate(data)

    return edition.model_copy(
        update={
            "governments": (
                government("quilmes", "Quilmes", "AR", 1234, labs=2),
                government("cusco", "Cusco", "PE", 7),
            )
        }
    )


def test_every_chart_is_drawn_as_svg(drawn):
    assert set(drawn) == {"productos", "paises", "participantes-por-gobierno"} | {
        f"pais-{c.lower()}" for c in COUNTRIES
    }
    for chart in drawn.values():
        assert chart.svg.startswith(b"<?xml") and b"<svg" in chart.svg, chart.name
        assert chart.data_uri().startswith("data:image/svg+xml;base64,")


def test_alt_text_names_every_value_and_the_caption_its_source(drawn):
    participants = drawn["participantes-por-gobierno"]
    for name, value in GOVERNMENTS.items():
        assert f"{name} (" in participants.alt and re.search(
            rf"{re.escape(name)} \([^)]+\): {value}\b", participants.alt
        ), name
    assert "Medellín (Colombia): 104" in participants.alt
    assert participants.caption.endswith("Fuente: perfiles de gobiernos de este informe.")  # in words, no file path
    countries = drawn["paises"].alt
    for fact in [
        "Argentina: 6 gobiernos, 249 agentes",
        "Colombia: 2 gobiernos, 157",
        "Bolivia: 1 gobierno, 60",
        "México: 1 gobierno, 36",
    ]:
        assert fact in countries, fact
    outputs = drawn["productos"]
    for fact in [
        "Diagnósticos: 17",
        "Guías COVID-19: 5",
        "Manuales de tecnología: 6",
        "Laboratorios de cocreación: 9",
        "Cursos en línea: 2",
    ]:
        assert fact in outputs.alt, fact
    assert outputs.caption.endswith("Fuente: cifras publicadas por el programa.") and "/" not in outputs.caption
    opener = drawn["pais-bo"].alt
    assert "Gobiernos de Bolivia: La Paz: 60." in opener and "Medellín (Colombia): 104" in opener


def test_chart_text_is_drawn_in_the_brand_fonts(drawn):
    brand = load_brand()
    for chart in drawn.values():
        families = set(re.findall(rb"font-family: '([^']+)'", chart.svg))
        assert families and {f.decode() for f in families} <= brand.font_families(), (chart.name, families)
        assert b"<text" in chart.svg


def test_each_chart_has_its_data_table_as_csv(drawn):
    rows = list(csv.reader(io.StringIO(drawn["participantes-por-gobierno"].csv.decode("utf-8"))))
    assert rows[0] == ["Gobierno", "País", "Agentes de gobierno en el curso"]
    assert rows[1] == ["Medellín", "CO", "104"] and len(rows) == 11
    rows = list(csv.reader(io.StringIO(drawn["productos"].csv.decode("utf-8"))))
    assert rows[1:] == [
        ["Diagnósticos", "17"],
        ["Guías COVID-19", "5"],
        ["Manuales de tecnología", "6"],
        ["Laboratorios de cocreación", "9"],
        ["Cursos en línea", "2"],
    ]


def test_charts_render_from_other_data_with_numbers_formatted_for_the_language(edition):
    small = render(small_edition(edition))
    participants = small["participantes-por-gobierno"]
    assert "Quilmes (Argentina): 1.234; Cusco (Perú): 7." in participants.alt
    assert set(small) == {"productos", "paises", "participantes-por-gobierno", "pais-ar", "pais-pe"}
    assert "Perú: 1 gobierno, 7 agentes en el curso" in small["paises"].alt


def test_one_country_has_no_country_comparison(edition):
    alone = edition.model_copy(update={"governments": tuple(g for g in edition.governments if g.country == "MX")})
    assert "paises" not in render(alone)


def test_svg_is_byte_identical_across_runs(edition):
    first, second = render(edition), render(edition)
    assert all(first[name].svg == second[name].svg for name in first)
    assert b"<dc:date>" not in first["productos"].svg


def test_cache_hit_does_not_redraw_and_changed_data_does(edition, tmp_path):
    first = run(edition, tmp_path)
    assert (first.drawn, first.cached) == (7, 0)
    again = run(edition, tmp_path)
    assert (again.drawn, again.cached) == (0, 7)
    changed = edition.model_copy(
        update={
            "governments": tuple(
                g.model_copy(update={"course": g.course.model_copy(update={"participants": 105})})
                if g.id == "medellin"
                else g
                for g in edition.governments
            )
        }
    )
    result = run(changed, tmp_path)
    # The outputs chart does not show participants: it stays cached.
    assert (result.drawn, result.cached) == (6, 1)
    assert "Medellín (Colombia): 105" in result.charts["participantes-por-gobierno"].alt


def test_a_cache_hit_never_imports_matplotlib(edition, tmp_path):
    render(edition, tmp_path)
    code = (
        "import sys; from pathlib import Path\n"
        "from report.render import chart_runner as r; from report.render.brand import load_brand\n"
        "from report.render.totals import totals; from report.content.loader import load_edition\n"
        f"e = load_edition(Path({str(EDITION_2020)!r})).edition\n"
        "c = r.chart_context(e, totals(e), load_brand(), 'es')\n"
        f"d = r.render_charts(c, cache_dir=Path({str(tmp_path)!r}))\n"
        "print(d.cached, d.drawn, 'matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["7", "0", "False"]


def test_charts_are_in_the_html_with_alt_text_and_captions(built_2020):
    html = built_2020.html.read_text(encoding="utf-8")
    figures = re.findall(
        r'<figure class="chart[^"]*" id="grafico-([^"]+)"><img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" '
        r'alt="([^"]+)"><figcaption>([^<]+)</figcaption></figure>',
        html,
    )
    assert {name for name, _, _ in figures} == {
        "productos",
        "paises",
        "participantes-por-gobierno",
        "pais-ar",
        "pais-co",
        "pais-bo",
        "pais-mx",
    }
    assert all("Fuente:" in caption for _, _, caption in figures)


def test_country_openers_stay_one_page(reader_2020):
    pages = outline_pages(reader_2020)
    firsts = {
        "Argentina": "Bahía Blanca",
        "Colombia": "Área Metropolitana del Valle de Aburrá",
        "Bolivia": "La Paz",
        "México": "Jalisco",
    }
    for country, government in firsts.items():
        assert pages[government] == pages[country] + 1, country


def test_english_charts_use_the_catalogue_and_english_numbers(edition):
    small = render(small_edition(edition), lang="en")
    participants = small["participantes-por-gobierno"]
    assert "Quilmes (Argentina): 1,234; Cusco (Peru): 7." in participants.alt
    assert "Source: government profiles in this report." in participants.caption
    assert "Peru: 1 government" in small["paises"].alt


@pytest.mark.pdf
def test_a_large_edition_keeps_every_page_whole(tmp_path):
    """30 governments (18 in Argentina): openers still one page, with a two-column list and
    no comparison chart (too many bars for the page); the per-government chart still fits."""
    from pypdf import PdfReader

    from report import pipeline

    from .synthetic import synthetic_edition

    edition_dir = synthetic_edition(tmp_path / "content" / "2020", 30)
    output = pipeline.build(edition_dir, tmp_path / "out", write_html=True)
    html = output.html.read_text(encoding="utf-8")
    assert 'class="country-list country-list-long"' in html  # Argentina: 18 names in two columns
    assert 'id="grafico-pais-' not in html and 'id="grafico-participantes-por-gobierno"' in html
    pages = outline_pages(PdfReader(output.pdf))
    for country, first in {
        "Argentina": "Bahía Blanca",
        "Colombia": "Área Metropolitana del Valle de Aburrá",
        "Bolivia": "La Paz",
        "México": "Jalisco",
    }.items():
        assert pages[first] == pages[country] + 1, country


def test_chart_limits_follow_the_page_room(edition):
    from charts import country_opener, participants_by_government

    many = edition.model_copy(update={"governments": edition.governments * 4})  # 40 profiles
    assert country_opener.specs(context(many)) == []
    assert participants_by_government.specs(context(many)) == []
    assert len(country_opener.specs(context(edition))) == 4
