"""Charts: drawn from validated data with the brand style, described in their alt text,
byte-stable, cached, and placed in the pages."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys

import pytest

from report.content.loader import load_edition
from report.render import chart_runner as runner
from report.render.brand import load_brand
from report.render.totals import totals

from .conftest import EDITION_2020, MINI, ROOT
from .synthetic import country_maps, government
from .test_pipeline import GOVERNMENTS, outline_pages

OPENERS = {"AR", "CO"}  # 2020's countries of two governments or more: a divider page with a map


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
def drawn(edition, chart_cache):
    return render(edition, chart_cache)


def small_edition(edition, located=False):
    """Two made-up governments in two countries; `located`: with where their seats are."""
    return edition.model_copy(
        update={
            "governments": (
                government("quilmes", "Quilmes", "AR", (-34.72, -58.25) if located else None, 1234, labs=2),
                government("cusco", "Cusco", "PE", (-13.53, -71.97) if located else None, 7),
            )
        }
    )


def two_in_peru(edition):
    """The located small edition with a second government in Peru: Peru gets an opener."""
    small = small_edition(edition, located=True)
    arequipa = government("arequipa", "Arequipa", "PE", (-16.41, -71.54), 5)
    return small.model_copy(update={"governments": (*small.governments, arequipa)})


def specified(edition, lang="es"):
    """What every chart module of the registry (`chart_modules`) asks to draw for `edition`."""
    return {data.name for module in runner.chart_modules() for data in module.specs(context(edition, lang))}


def data_of(edition):
    """Each chart's data, as the cache keys it."""
    return {
        data.name: data.digest_source() for module in runner.chart_modules() for data in module.specs(context(edition))
    }


def ours(charts, *kinds):
    """The charts of the kinds a test is about (a chart module added later is not its concern)."""
    kinds = kinds or ("participantes-por-gobierno", "mapa", "ubicacion-")
    return {name for name in charts if name.startswith(kinds)}


def names_for(edition):
    """What 2020-shaped content draws: the per-government chart, the map, one map per
    country with an opener (two governments or more) and one locator per government (all of
    them are located). No chart of the outputs: the spread shows them as figures once."""
    return (
        {"participantes-por-gobierno", "mapa"}
        | country_maps(edition.governments)
        | {f"ubicacion-{g.id}" for g in edition.governments}
    )


def test_every_chart_is_drawn_as_svg(drawn, edition):
    assert set(drawn) == specified(edition)  # every module's charts, none twice
    assert ours(drawn) == names_for(edition) and len(ours(drawn)) == 2 + len(OPENERS) + 10
    for chart in drawn.values():
        assert chart.svg.startswith(b"<?xml") and b"<svg" in chart.svg, chart.name
        assert chart.data_uri().startswith("data:image/svg+xml;base64,")
        assert chart.width_mm > 0 and chart.height_mm > 0, chart.name


def test_alt_text_names_every_value_and_the_caption_its_source(drawn):
    participants = drawn["participantes-por-gobierno"]
    for name, value in GOVERNMENTS.items():
        assert f"{name} (" in participants.alt and re.search(
            rf"{re.escape(name)} \([^)]+\): {value}\b", participants.alt
        ), name
    assert "Medellín (Colombia): 104" in participants.alt
    assert participants.caption.endswith("Fuente: perfiles de gobiernos de este informe.")  # in words, no file path


def test_maps_say_where_every_government_is(drawn):
    programme = drawn["mapa"]
    for name in GOVERNMENTS:
        assert f"{name} (" in programme.alt, name
    assert "La Paz (Bolivia)" in programme.alt and programme.caption.endswith(
        "Fuente: perfiles de gobiernos de este informe."
    )
    assert drawn["mapa-ar"].alt == (
        "Mapa de Argentina con sus gobiernos en este informe: "
        "Bahía Blanca; Tucumán; Hurlingham; General Pico; Rosario; Luján."
    )
    locator = drawn["ubicacion-medellin"]
    assert locator.alt == "Mapa de Colombia con la ubicación de Medellín." and locator.caption == ""
    # Every locator is as wide as the side column; its height follows the country's shape.
    locators = [c for n, c in drawn.items() if n.startswith("ubicacion-")]
    assert {c.width_mm for c in locators} == {46.0}
    assert all(46 * 0.75 - 0.01 <= c.height_mm <= 69.01 for c in locators)
    # A country map fits the room under the opener's list, tall countries narrower.
    for code in OPENERS:
        chart = drawn[f"mapa-{code.lower()}"]
        assert chart.height_mm <= 105 + 1e-6 and chart.width_mm <= 120 + 1e-6, code
    assert drawn["mapa-ar"].width_mm < drawn["mapa-co"].width_mm


def test_chart_text_is_drawn_in_the_brand_fonts(drawn):
    brand = load_brand()
    for name in ["participantes-por-gobierno", "mapa-ar"]:
        chart = drawn[name]
        families = set(re.findall(rb"font-family: '([^']+)'", chart.svg))
        assert families and {f.decode() for f in families} <= brand.font_families(), (name, families)
        assert b"<text" in chart.svg
    for chart in drawn.values():  # no chart falls back to another font
        families = {f.decode() for f in re.findall(rb"font-family: '([^']+)'", chart.svg)}
        assert families <= brand.font_families(), chart.name


def test_each_chart_has_its_data_table_as_csv(drawn):
    rows = list(csv.reader(io.StringIO(drawn["participantes-por-gobierno"].csv.decode("utf-8"))))
    assert rows[0] == ["Gobierno", "País", "Agentes de gobierno en el curso"]
    assert rows[1] == ["Medellín", "CO", "104"] and len(rows) == 11
    rows = list(csv.reader(io.StringIO(drawn["mapa"].csv.decode("utf-8"))))
    assert rows[0] == ["Gobierno", "País", "Agentes de gobierno en el curso", "Latitud", "Longitud"] and len(rows) == 11
    assert ["La Paz", "BO", "60", "-16.499", "-68.1462"] in rows


def test_charts_render_from_other_data_with_numbers_formatted_for_the_language(edition, chart_cache):
    small = render(small_edition(edition), chart_cache)
    participants = small["participantes-por-gobierno"]
    assert "Quilmes (Argentina): 1.234; Cusco (Perú): 7." in participants.alt
    # Nobody says where they are: no map is drawn rather than a map with guessed places.
    assert ours(small) == {"participantes-por-gobierno"}


def test_other_countries_get_their_maps(edition, chart_cache):
    small = render(small_edition(edition, located=True), chart_cache)
    # One government a country: no divider page, so no country map; a locator for each.
    assert ours(small) == {"participantes-por-gobierno", "mapa", "ubicacion-quilmes", "ubicacion-cusco"}
    assert "Quilmes (Argentina), 1.234; Cusco (Perú), 7." in small["mapa"].alt
    peru = render(two_in_peru(edition), chart_cache)
    assert {name for name in ours(peru) if name.startswith("mapa-")} == {"mapa-pe"}
    assert peru["mapa-pe"].alt == "Mapa de Perú con sus gobiernos en este informe: Cusco; Arequipa."


def test_a_government_without_a_place_is_left_off_the_maps_only(edition, chart_cache):
    medellin_unlocated = edition.model_copy(
        update={
            "governments": tuple(
                g.model_copy(update={"location": None}) if g.id == "medellin" else g for g in edition.governments
            )
        }
    )
    charts = render(medellin_unlocated, chart_cache)
    assert "ubicacion-medellin" not in charts and "ubicacion-la-paz" in charts
    assert "Medellín" not in charts["mapa"].alt and "Medellín" not in charts["mapa-co"].alt
    assert "Medellín (Colombia): 104" in charts["participantes-por-gobierno"].alt


def test_svg_is_byte_identical_across_runs(edition, drawn):
    fresh = render(edition)  # drawn now, without a cache; `drawn` came from the session's cache or another draw
    assert fresh.keys() == drawn.keys()
    assert all(fresh[name].svg == drawn[name].svg for name in fresh)
    assert b"<dc:date>" not in fresh["participantes-por-gobierno"].svg


def test_cache_hit_does_not_redraw_and_changed_data_does(edition, tmp_path):
    total = len(specified(edition))
    first = run(edition, tmp_path)
    assert (first.drawn, first.cached) == (total, 0)
    again = run(edition, tmp_path)
    assert (again.drawn, again.cached) == (0, total)
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
    # The per-government chart and the programme's map (its dots sized by participants) show
    # participants: the other maps stay cached. Whatever else shows them is redrawn too.
    before, after = data_of(edition), data_of(changed)
    moved = {name for name in after if after[name] != before.get(name)}
    assert {"participantes-por-gobierno", "mapa"} <= moved and not ours(moved, "mapa-", "ubicacion-")
    assert (result.drawn, result.cached) == (len(moved), total - len(moved))
    assert "Medellín (Colombia): 105" in result.charts["participantes-por-gobierno"].alt


def test_a_cache_hit_never_imports_matplotlib(edition, chart_cache):
    render(edition, chart_cache)
    code = (
        "import sys; from pathlib import Path\n"
        "from report.render import chart_runner as r; from report.render.brand import load_brand\n"
        "from report.render.totals import totals; from report.content.loader import load_edition\n"
        f"e = load_edition(Path({str(EDITION_2020)!r})).edition\n"
        "c = r.chart_context(e, totals(e), load_brand(), 'es')\n"
        f"d = r.render_charts(c, cache_dir=Path({str(chart_cache)!r}))\n"
        "print(d.cached, d.drawn, 'matplotlib' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == [str(len(specified(edition))), "0", "False"]


def test_charts_are_in_the_html_with_alt_text_and_captions(built_2020, edition):
    html = built_2020.html.read_text(encoding="utf-8")
    figures = re.findall(
        r'<figure class="chart[^"]*" id="grafico-([^"]+)" style="width: [0-9.]+mm">'
        r'<img src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+" alt="([^"]+)" '
        r'style="width: [0-9.]+mm; height: [0-9.]+mm">(?:<figcaption>([^<]+)</figcaption>)?</figure>',
        html,
    )
    # A country of one government has a heading on its profile's page, not a divider with its map.
    single = {g.country for g in edition.governments if sum(o.country == g.country for o in edition.governments) == 1}
    assert {name for name, _, _ in figures} == names_for(edition) - {f"mapa-{code.lower()}" for code in single}
    for name, alt, caption in figures:
        # Locators sit beside the profile's name: the alt says it, no caption repeats it.
        assert ("Fuente:" in caption) != name.startswith("ubicacion-"), name
        assert alt.startswith(("Mapa", "Gráfico")), name


def test_country_openers_stay_one_page(reader_2020):
    pages = outline_pages(reader_2020)
    firsts = {"Argentina": "Bahía Blanca", "Colombia": "Área Metropolitana del Valle de Aburrá"}
    for country, first in firsts.items():
        assert pages[first] == pages[country] + 1, country
    # One government: the country's heading is on its profile's page.
    assert pages["La Paz"] == pages["Bolivia"] and pages["Jalisco"] == pages["México"]


def test_english_charts_use_the_catalogue_and_english_numbers(edition, chart_cache):
    small = render(small_edition(edition, located=True), chart_cache, lang="en")
    participants = small["participantes-por-gobierno"]
    assert "Quilmes (Argentina): 1,234; Cusco (Peru): 7." in participants.alt
    assert "Source: government profiles in this report." in participants.caption
    assert "Peru" in small["ubicacion-cusco"].alt
    peru = render(two_in_peru(edition), chart_cache, lang="en")
    assert "Cusco" in peru["mapa-pe"].alt and "Peru" in peru["mapa-pe"].alt


@pytest.mark.pdf
def test_a_large_edition_keeps_every_page_whole(synthetic_30, built_edition):
    """30 governments (18 in Argentina): openers still one page, with a two-column list
    beside the country's map; the per-government chart still fits."""
    from pypdf import PdfReader

    output = built_edition(synthetic_30)
    html = output.html.read_text(encoding="utf-8")
    assert 'class="country-list country-list-long"' in html  # Argentina: 18 names in two columns
    assert 'id="grafico-mapa-ar"' in html and 'id="grafico-participantes-por-gobierno"' in html
    reader = PdfReader(output.pdf)
    pages = outline_pages(reader)
    # The two columns keep clear of the map: every page number of the list (Manrope
    # regular) starts left of the map, by at least two digits' width (their columns ran
    # under the floated map, numbers over its labels).
    width = float(re.search(r'id="grafico-mapa-ar" style="width: ([\d.]+)mm"', html).group(1))
    map_left = 210 - 22 - width
    starts = []

    def visit(text, cm, tm, font, size):
        if text.strip() and font is not None and str(font.get("/BaseFont", "")).endswith("+Manrope"):
            starts.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4]) / 72 * 25.4)

    reader.pages[pages["Argentina"] - 1].extract_text(visitor_text=visit)
    assert len(starts) == 18 and max(starts) < map_left - 4, (starts, map_left)
    for country, first in {
        "Argentina": "Bahía Blanca",
        "Colombia": "Área Metropolitana del Valle de Aburrá",
        "Bolivia": "La Paz",
        "México": "Jalisco",
    }.items():
        assert pages[first] == pages[country] + 1, country


def test_chart_limits_follow_the_page_room(edition):
    from charts import country_map, participants_by_government

    many = edition.model_copy(update={"governments": edition.governments * 4})  # 40 profiles
    assert participants_by_government.specs(context(many)) == []  # too many bars for a page
    assert len(participants_by_government.specs(context(edition))) == 1
    # A map does not grow with its governments: one per country of two governments or more,
    # whatever the count (four times over, Bolivia and Mexico have theirs too).
    for made in (edition, many):
        assert {data.name for data in country_map.specs(context(made))} == country_maps(made.governments)
    assert len(country_map.specs(context(many))) == 4


def test_a_country_off_the_base_map_is_left_off_the_maps_and_check_says_so(tmp_path, capsys):
    """A government in Spain: the base map covers Latin America and the Caribbean, so no
    map shows it (rather than a point off the frame) and `check` names it."""
    from report.commands.cli import main

    edition = tmp_path / "mini"
    shutil.copytree(MINI, edition)
    profile = edition / "gobiernos" / "01-niteroi.md"
    text = profile.read_text(encoding="utf-8").replace(
        "pais: BR\n", "pais: ES\nubicacion:\n  latitud: 40.4168\n  longitud: -3.7038\n"
    )
    profile.write_text(text, encoding="utf-8")
    loaded = load_edition(edition).edition
    charts = render(loaded)
    assert not any(name.startswith(("mapa", "ubicacion")) for name in charts)
    assert main(["check", "--edition", str(edition)]) == 0
    captured = capsys.readouterr()
    assert "1 gobierno queda fuera de los mapas porque su país no está en el mapa base" in captured.out + captured.err
    assert "Niterói" in captured.out + captured.err


def test_a_misspelt_chart_in_a_template_fails_loudly_in_both_languages(drawn):
    from report.locale import say
    from report.problems import BuildError
    from report.render.html import environment

    assert "mapa" in drawn and "ubicacion-nadie" not in drawn  # a name a module makes: asked, answered
    template = environment("es").from_string('{% if "mpa" in charts %}{{ charts["mpa"].alt }}{% endif %}')
    with pytest.raises(BuildError) as caught:
        template.render(charts=drawn)
    said = {lang: say(caught.value.message, lang) for lang in ("es", "en")}
    assert said["es"].startswith("el gráfico «mpa» no existe; los disponibles son: ") and "mapa-…" in said["es"]
    assert said["en"].startswith("the chart «mpa» does not exist; the available ones are: ")


def test_every_chart_a_template_asks_for_is_one_a_module_makes():
    templates = ROOT / "report" / "render" / "templates"
    asked = {
        name
        for path in templates.glob("*.j2")
        for name in re.findall(r"""["']([\w-]+)["'] (?:not )?in charts""", path.read_text(encoding="utf-8"))
    }
    assert asked and all(runner.chart_names().could_make(name) for name in asked), asked


@pytest.mark.slow  # draws every chart of 2021 twice, in two processes: 10 s
def test_svg_is_byte_identical_across_processes(tmp_path):
    """Each process hashes strings with its own seed: nothing drawn may follow a set's order
    (the programme map's countries did, so a fresh build differed from a cached one)."""
    code = (
        "import hashlib, sys; from pathlib import Path\n"
        "from report.render import chart_runner as r; from report.render.brand import load_brand\n"
        "from report.render.totals import totals; from report.content.loader import load_edition\n"
        f"e = load_edition(Path({str(ROOT / 'tests' / 'fixtures' / '2021')!r})).edition\n"
        "c = r.chart_context(e, totals(e), load_brand(), 'es')\n"
        "for n, chart in sorted(r.render_charts(c, cache_dir=None).charts.items()):\n"
        "    print(n, hashlib.sha256(chart.svg).hexdigest())\n"
    )
    drawn = [
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            cwd=ROOT,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    ]
    assert drawn[0] and drawn[0] == drawn[1]


def test_a_shape_past_the_map_edge_is_cut_to_the_frame():
    """A neighbour mostly out of view is cut at a box just past the paper: what is inside is
    kept point for point, and the new edges lie on the box."""
    from charts.style import _clipped

    square = [(0.0, 0.0), (10.0, 0.0), (10.0, 10.0), (0.0, 10.0)]
    assert _clipped(square, (-1, -1, 11, 11)) == square  # wholly inside: untouched
    cut = _clipped(square, (5, -1, 20, 4))
    assert sorted(set(cut)) == [(5.0, 0.0), (5.0, 4.0), (10.0, 0.0), (10.0, 4.0)]
    assert _clipped(square, (20, 20, 30, 30)) == []  # wholly outside: nothing
