"""Hostile content cannot escape: no file outside the edition and styles/, no network,
no raw HTML beyond a small allowlist, no template execution, no YAML bombs."""

from __future__ import annotations

import os

import pytest
from pypdf import PdfReader

from report import pipeline
from report.content.reader import SourceError, parse_yaml
from report.locale import say
from report.paths import STYLES_DIR
from report.problems import BuildError
from report.render.brand import load_brand
from report.render.fetcher import ContentFetcher, RefusedFetch
from report.render.pdf import render_pdf
from report.render.prose import markdown_block, markdown_inline

from .conftest import edit

OUTSIDE = "solo se pueden usar archivos de la carpeta de la edición y de styles/, sin red"


@pytest.fixture
def fetcher(edition_copy) -> ContentFetcher:
    return ContentFetcher([edition_copy, STYLES_DIR])


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("file:///etc/passwd", "está fuera de las carpetas permitidas"),
        ("file:///dev/urandom", "está fuera de las carpetas permitidas"),
        ("http://169.254.169.254/latest/meta-data/", "no es un archivo local"),
        ("https://example.org/logo.png", "no es un archivo local"),
        ("ftp://example.org/x", "no es un archivo local"),
        ("file://example.org/etc/passwd", "no es un archivo local"),
    ],
)
def test_the_fetcher_refuses_what_is_outside(fetcher, url, why):
    with pytest.raises(RefusedFetch) as caught:
        fetcher.fetch(url)
    assert say(caught.value.error().message) == f"el documento pidió un recurso no permitido: {url} ({why}); {OUTSIDE}"
    assert fetcher.refused == [caught.value]


def test_the_fetcher_resolves_symlinks_and_refuses_devices(fetcher, edition_copy):
    (edition_copy / "escape.css").symlink_to("/etc/passwd")
    (edition_copy / "random.png").symlink_to("/dev/urandom")
    os.mkfifo(edition_copy / "pipe.png")
    for name, why in (
        ("escape.css", "está fuera"),
        ("random.png", "está fuera"),
        ("pipe.png", "no existe o no es un archivo común"),
    ):
        with pytest.raises(RefusedFetch) as caught:
            fetcher.fetch((edition_copy / name).as_uri())
        assert why in say(caught.value.error().message), name
    with pytest.raises(RefusedFetch) as caught:
        fetcher.fetch((edition_copy / ".." / ".." / ".." / "etc" / "passwd").as_uri())
    assert "está fuera" in say(caught.value.error().message)


def test_the_fetcher_serves_the_edition_styles_and_data(fetcher, edition_copy):
    assert fetcher.fetch((STYLES_DIR / "report.css").as_uri()).read() == (STYLES_DIR / "report.css").read_bytes()
    assert fetcher.fetch((edition_copy / "edicion.yml").as_uri()).read().startswith(b"#")
    assert fetcher.fetch("data:text/plain,hola").read() == b"hola"


@pytest.mark.parametrize(
    "markup",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        '<img src="http://169.254.169.254/latest/meta-data/">',
        '<img src="/dev/urandom">',
        '<style>@import url("file:///etc/passwd");</style>',
    ],
)
@pytest.mark.pdf
def test_a_refused_fetch_fails_the_build_with_a_clear_message(markup, edition_copy):
    html = f"<html><head>{markup}</head><body><p>Hola</p></body></html>"
    with pytest.raises(BuildError) as caught:
        render_pdf(html, edition_copy, load_brand())
    message = say(caught.value.message)
    assert message.startswith("el documento pidió un recurso no permitido: ")
    assert message.endswith(OUTSIDE)


@pytest.mark.parametrize(
    ("markdown", "forbidden"),
    [
        ("Hola <script>alert(1)</script> mundo", ["<script", "alert(1)"]),
        ('Foto <img src="file:///etc/passwd"> aquí', ["<img", "passwd"]),
        ('<link rel="attachment" href="file:///etc/passwd">', ["<link", "passwd"]),
        ("<style>body { background: url(file:///etc/passwd) }</style>", ["<style", "passwd"]),
        ('<iframe src="http://169.254.169.254/"></iframe>', ["<iframe", "169.254"]),
        ('<p onclick="steal()" onmouseover="x()">texto</p>', ["onclick", "onmouseover", "steal"]),
        ('[enlace](javascript:alert(1)) <a href="file:///etc/passwd">a</a>', ['href="javascript', 'href="file']),
        ('<object data="file:///etc/passwd"></object><embed src="x.swf">', ["<object", "<embed", "passwd"]),
        ('<svg><image href="file:///etc/passwd"/></svg>', ["<svg", "<image", "passwd"]),
    ],
)
def test_raw_html_in_markdown_is_sanitised(markdown, forbidden):
    for render in (markdown_block, markdown_inline):
        html = str(render(markdown))
        for needle in forbidden:
            assert needle not in html, (render.__name__, html)


def test_sanitising_keeps_emphasis_and_links():
    html = str(markdown_block("*hola* <strong>fuerte</strong> [sitio](https://asuntosdelsur.org)"))
    assert "<em>hola</em>" in html and "<strong>fuerte</strong>" in html
    assert '<a href="https://asuntosdelsur.org">sitio</a>' in html


def test_billion_laughs_is_refused_at_once():
    lines = ['lol: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    with pytest.raises(SourceError) as caught:
        parse_yaml("\n".join(lines), "bomba.yml")
    problem = caught.value.problem
    assert (problem.file, problem.line) == ("bomba.yml", 1)
    assert say(problem.message) == "no se admiten anclas ni alias de YAML (&, *): escriba el valor completo"


@pytest.mark.pdf
def test_hostile_content_builds_as_inert_text(edition_copy, tmp_path):
    """One real build: template syntax stays text, raw HTML is gone, nothing is fetched."""
    edit(edition_copy / "gobiernos" / "05-rosario.md", "nombre: Rosario", 'nombre: "Rosario {{ 7*7 }}"')
    hostile = (
        "\n\nPlantilla: {{ 7*7 }} y {% for x in range(3) %}X{% endfor %} y {{ config }}.\n\n"
        '<script>alert(1)</script><img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/passwd">'
        '<style>p { color: red }</style><iframe src="http://169.254.169.254/"></iframe>'
        '<p onclick="steal()">Párrafo con manejador.</p>\n'
    )
    path = edition_copy / "gobiernos" / "05-rosario.md"
    path.write_text(path.read_text(encoding="utf-8") + hostile, encoding="utf-8")
    output = pipeline.build(edition_copy, tmp_path, write_html=True)
    html = output.html.read_text(encoding="utf-8")
    for needle in ("<script", "<iframe", "onclick", "file:///etc", "169.254", "color: red", 'rel="attachment"'):
        assert needle not in html
    text = " ".join(page.extract_text() or "" for page in PdfReader(output.pdf).pages)
    assert "Rosario {{ 7*7 }}" in text
    assert "{% for x in range(3) %}X{% endfor %}" in text
    assert "XXX" not in text and "Rosario 49" not in text


def test_an_unknown_chart_fails_naming_it_and_the_available_ones():
    from jinja2 import Environment, StrictUndefined

    from report.render.chart_runner import ChartSet

    charts = ChartSet(paises="svg", productos="svg")
    assert charts["paises"] == "svg" and "nada" not in charts
    template = Environment(undefined=StrictUndefined).from_string("{{ charts['paises-typo'] }}")
    with pytest.raises(BuildError) as caught:
        template.render(charts=charts)
    assert say(caught.value.message) == "el gráfico «paises-typo» no existe; los disponibles son: paises, productos"
