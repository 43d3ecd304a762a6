"""The web edition (`build.py web`, render/web.py) and the donor pack (`build.py pack`).

Fast tests read the page's markup; the browser tests open it in Debian's Chromium through
Playwright (as tests/test_watch.py does) and run axe-core (bundled by axe-playwright-python,
no network): no WCAG 2.2 A/AA violation at 1280 and 320 px, no horizontal scroll at 320 px,
every text the PDF holds (the print HTML's blocks, as textcheck.py holds the PDF to them)
in the page, and the PDF's bookmarks as its headings.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from report import pipeline
from report.commands import cli
from report.commands.pack import MANIFEST, pack_bytes, pack_name
from report.render.chart_runner import Chart
from report.render.opendata import data_files, tables
from report.render.textcheck import found, html_blocks, squash
from report.render.variant import Variant
from report.render.web import chart_table, demote_headings, inline_svg, page_name, versions

from .conftest import EDITION_2020, EDITION_2021, edition_of
from .test_watch import CHROMIUM, CHROMIUM_FLAGS

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
WORD_JOINER = "\u2060"


class _Page(HTMLParser):
    """What a test reads of a page: its elements (tag, attributes) and heading texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = [tag]

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)

    def handle_endtag(self, tag):
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((int(tag[1]), " ".join("".join(self._heading[1:]).split())))
            self._heading = None

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.elements if name == tag]


def read_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


# ------------------------------------------------------------------ fast: no WeasyPrint


def test_print_headings_go_one_level_down():
    assert demote_headings('<h1 class="x">A</h1><h2>B</h2><h5>C</h5><h6>D</h6><header>') == (
        '<h2 class="x">A</h2><h3>B</h3><h6>C</h6><h6>D</h6><header>'
    )


def _chart(name: str) -> Chart:
    svg = (
        b'<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
        b'<metadata><rdf:RDF/></metadata><defs><style type="text/css">*{stroke-linejoin: round}</style>'
        b'<clipPath id="p1"><rect/></clipPath></defs><g id="figure_1"><use xlink:href="#m1"/>'
        b'<path clip-path="url(#p1)"/></g></svg>'
    )
    return Chart(name, svg, 'Barras: «A» & "B"', "", b"Nombre,Cantidad\nA,1\n", 80.0, 60.0)


def test_a_chart_is_inlined_with_its_own_ids_and_named_by_its_alternative_text():
    first, second = str(inline_svg(_chart("uno"))), str(inline_svg(_chart("dos")))
    assert first.startswith('<svg id="svg-uno" role="img" aria-label="Barras: «A» &amp; &#34;B&#34;"')
    assert "<?xml" not in first and "DOCTYPE" not in first and "metadata" not in first
    assert 'id="uno-p1"' in first and "url(#uno-p1)" in first and 'href="#uno-m1"' in first
    assert "#svg-uno *{" in first  # matplotlib's rule for every element, kept inside its chart
    ids = lambda svg: set(re.findall(r'\bid="([^"]+)"', svg))  # noqa: E731
    assert not ids(first) & ids(second)


def test_a_charts_data_is_its_csv_as_a_table():
    table = chart_table(
        Chart("c", b"", "", "", 'Gobierno,País,Agentes\nLa Paz,BO,60\n"«Sí, no»",AR,7\n'.encode(), 1, 1)
    )
    assert table.columns == ["Gobierno", "País", "Agentes"]
    assert table.rows == [["La Paz", "BO", "60"], ["«Sí, no»", "AR", "7"]]


def test_each_language_version_links_to_the_others():
    edition = edition_of(EDITION_2021)
    assert page_name(edition, Variant()) == "index.html"
    assert page_name(edition, Variant("en", "cl", profile="print")) == "ip360-informe-2021-cl-en.html"
    found_versions = versions(edition, Variant("en", "CL"))
    assert [(v.lang, v.href, v.name) for v in found_versions] == [
        ("es", "ip360-informe-2021-cl-es.html", "Español"),
        ("en", "ip360-informe-2021-cl-en.html", "English"),
    ]


@pytest.fixture(scope="module")
def web_2021(tmp_path_factory):
    """The 2021 fixture's web edition in English, without its PDF (none was built)."""
    out = tmp_path_factory.mktemp("web-2021")
    return pipeline.web(EDITION_2021, out, Variant("en")), out


def test_the_page_has_landmarks_one_title_and_no_script(web_2021):
    made, out = web_2021
    assert made.page == out / "web" / "ip360-informe-2021-en.html"
    page = read_page(made.page)
    html = page.all("html")[0]
    assert html["lang"] == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert page.all(landmark), landmark
    assert [level for level, _ in page.headings].count(1) == 1
    title = made.prepared.edition.info.title
    assert title == "Territories that learn"  # the English title
    assert page.headings[0] == (1, title)  # a title's words are never joined: it is set too large
    skip = page.elements[page.elements.index(("a", {"class": "skip-link", "href": "#principal"}))]
    assert skip and any(attrs.get("id") == "principal" for _, attrs in page.elements)
    assert not page.all("script") and not any(k.startswith("on") for _, a in page.elements for k in a)
    assert page.all("meta") and any(m.get("name") == "viewport" for m in page.all("meta"))
    # Without a PDF beside it, no link to one; the Spanish version is linked, in Spanish.
    assert not [a for a in page.all("a") if a.get("type") == "application/pdf"]
    assert {"href": "index.html", "hreflang": "es", "lang": "es"} in page.all("a")


def test_every_chart_is_svg_with_its_data_as_a_table(web_2021):
    made, _ = web_2021
    text = made.page.read_text(encoding="utf-8")
    figures = re.findall(r'<figure class="chart[^"]*" id="grafico-([^"]+)">(.*?)</figure>', text, re.S)
    names = {name for name, _ in figures}
    assert {"mapa", "participantes-por-gobierno", "ubicacion-montevideo", "mapa-uy"} <= names
    for name, body in figures:
        assert re.search(r'<svg id="svg-[^"]+" role="img" aria-label="[^"]{10,}"', body), name
        assert "<table>" in body and '<th scope="col">' in body, name
    # A map's table lists every government it shows.
    governments = edition_of(EDITION_2021).governments
    world = dict(figures)["mapa"]
    assert all(g.name in world for g in governments if g.location)


def test_the_fonts_the_page_names_are_beside_it_with_their_licences(web_2021):
    made, _ = web_2021
    urls = re.findall(r"url\('([^']+)'\)", made.page.read_text(encoding="utf-8"))
    assert urls and all(not url.startswith(("file:", "/", "http")) for url in urls)
    for url in urls:
        assert url.endswith(".woff") and (made.page.parent / url).read_bytes()[:4] == b"wOFF", url
    assert {p.name for p in (made.page.parent / "fonts").rglob("LICENSE*")} == {"LICENSE-OFL.txt"}
    assert len(list((made.page.parent / "fonts").rglob("LICENSE*"))) == 2  # Lato's and Manrope's


def test_the_open_data_has_a_row_per_profile_and_a_readme_of_every_column():
    edition = edition_of(EDITION_2021)
    chart = Chart("productos", b"", "Barras", "Productos del programa.", b"Producto,Cantidad\nCursos,2\n", 1, 1)
    files = data_files(edition, {"productos": chart})
    assert files["datos/graficos/productos.csv"] == chart.csv
    rows = list(csv.DictReader(io.StringIO(files["datos/gobiernos.csv"].decode("utf-8"))))
    assert [row["nombre"] for row in rows] == [g.name for g in edition.governments]
    assert sum(int(row["agentes_curso"]) for row in rows) == sum(g.course.participants for g in edition.governments)
    cuenca = next(row for row in rows if row["id"] == "cuenca")
    assert cuenca["pais"] == "EC"
    package = json.loads(files["datos/datapackage.json"])
    *resources, chart_resource = package["resources"]
    assert (chart_resource["path"], chart_resource["title"]) == ("graficos/productos.csv", "Productos del programa.")
    assert "- `graficos/productos.csv`: Productos del programa." in files["datos/README.en.md"].decode("utf-8")
    for table, resource in zip(tables(edition), resources, strict=True):
        header = files[table.path].decode("utf-8").splitlines()[0].split(",")
        assert [field["name"] for field in resource["schema"]["fields"]] == header
        assert (Path("datos") / resource["path"]).as_posix() == table.path
        for readme in ("datos/README.md", "datos/README.en.md"):
            for column in header:
                assert f"| `{column}` |" in files[readme].decode("utf-8"), (readme, column)
    assert "Government officials trained in the course" in files["datos/README.en.md"].decode("utf-8")


def test_the_pack_is_reproducible_and_its_manifest_lists_every_file():
    edition = edition_of(EDITION_2021)
    files = data_files(edition) | {"ip360-informe-2021-es.pdf": b"%PDF-1.7 x", "web/index.html": b"<!DOCTYPE html>"}
    first, second = pack_bytes(files, 2021), pack_bytes(dict(reversed(list(files.items()))), 2021)
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert names == sorted(names)
        assert {info.date_time for info in archive.infolist()} == {(2021, 1, 1, 0, 0, 0)}
        listed = json.loads(archive.read(MANIFEST))["files"]
        assert {entry["file"] for entry in listed} == set(files) == set(names) - {MANIFEST}
        for entry in listed:
            data = archive.read(entry["file"])
            assert entry["bytes"] == len(data) and entry["sha256"] == hashlib.sha256(data).hexdigest()


# ------------------------------------------------------------------ in a browser, beside a real PDF


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        pytest.fail("Chromium is not installed: run `make test` or `apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        try:
            yield launched
        finally:
            launched.close()


# The rules whose verdict reads the layout (colours behind text, sizes, overflow): all that
# can change when only the layout does.
LAYOUT_RULES = ["color-contrast", "target-size", "scrollable-region-focusable"]
SHOWN = "[...document.querySelectorAll('body *')].filter(e => e.checkVisibility()).length"


def _axe(page, rules: list[str] | None = None) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG}
    result = Axe().run(page, options={"runOnly": only})
    assert result.response["passes"], "axe ran no rule"
    return [
        f"{v['id']}: {v['help']} — {[node['target'] for node in v['nodes'][:3]]}" for v in result.response["violations"]
    ]


def _bookmarks(outline, level: int = 1) -> list[tuple[int, str]]:
    found_marks = []
    for item in outline:
        if isinstance(item, list):
            found_marks += _bookmarks(item, level + 1)
        else:
            found_marks.append((level, item.title.replace(WORD_JOINER, "")))
    return found_marks


def _is_subsequence(wanted: list, within: list) -> bool:
    rest = iter(within)
    return all(item in rest for item in wanted)


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("edition_dir", "variant"),
    [(EDITION_2020, Variant()), (EDITION_2021, Variant("en")), (EDITION_2021, Variant("es", "CL")), (None, Variant())],
    ids=["2020-es", "2021-en", "2021-cl-es", "synthetic-30"],
)
def test_the_web_edition_reads_as_the_pdf_and_axe_finds_nothing(
    edition_dir, variant, tmp_path, browser, built_edition, request
):
    out = tmp_path / "dist"
    if edition_dir is None:  # the session's large edition (30 governments, 18 in Argentina)
        edition_dir = request.getfixturevalue("synthetic_30")
    # The session's build of the variant, its PDF beside the web page as `build` leaves it.
    built = built_edition(edition_dir, variant)
    out.mkdir()
    built = dataclasses.replace(built, pdf=Path(shutil.copy(built.pdf, out / built.pdf.name)))
    made = pipeline.web(edition_dir, out, variant)
    assert made.page.parent == out / "web"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(made.page.as_uri())
        assert _axe(page) == []
        # Every text the PDF holds (the print HTML's blocks: textcheck.py holds the PDF to them).
        shown = squash(page.inner_text("body"))
        lost = [
            b.text
            for b in html_blocks(built.html.read_text(encoding="utf-8"))
            if not found(squash(b.text), [shown], shown)
        ]  # type: ignore[union-attr]
        assert lost == []
        # The PDF's bookmarks are the page's headings, one level down (the title is the h1).
        headings = page.eval_on_selector_all(
            "h1, h2, h3, h4",
            "els => els.map(e => [Number(e.tagName[1]) - 1, e.innerText.replace(/\\s+/g, ' ').trim()])",
        )
        headings = [(level, text.replace(WORD_JOINER, "")) for level, text in headings]
        assert _is_subsequence(_bookmarks(PdfReader(built.pdf).outline), headings)
        # The link to the PDF leads to it and says its size.
        link = page.locator("a[type='application/pdf']")
        assert (made.page.parent / link.get_attribute("href")).resolve() == built.pdf.resolve()
        size = built.size / 1_000_000
        assert re.search(r"\d+[.,]?\d* (MB|kB)", link.inner_text()) and (
            f"{size:.1f}".replace(".", "," if variant.lang == "es" else ".") in link.inner_text() or size < 0.1
        )
        # Print: the navigation is left off paper.
        page.emulate_media(media="print")
        assert not page.locator(".versions").is_visible()
        page.emulate_media(media="screen")
        # A phone: nothing wider than the screen, and still nothing for axe. The same
        # elements show as on a desktop (only the layout changes), so only the rules that
        # read the layout can find something new.
        elements = page.evaluate(SHOWN)
        page.set_viewport_size({"width": 320, "height": 640})
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1] == 320
        assert page.evaluate(SHOWN) == elements
        assert _axe(page, LAYOUT_RULES) == []
    finally:
        page.close()


@pytest.mark.pdf
def test_pack_zips_every_pdf_and_web_page_of_the_matrix_with_a_manifest_that_matches(edition_copy, tmp_path, capsys):
    for path in (edition_copy / "gobiernos").iterdir():  # La Paz alone: two variants per language
        if not path.name.startswith("09-la-paz"):
            path.unlink()
    for path in (edition_copy / "proyectos").iterdir():
        if not path.name.startswith("02-arandulab"):
            path.unlink()
    info = edition_copy / "edicion.yml"
    info.write_text(
        info.read_text(encoding="utf-8").replace(
            "- clave: laboratorios\n    valor: 9\n", "- clave: laboratorios\n    valor: 1\n"
        ),
        encoding="utf-8",
    )
    out = tmp_path / "dist"
    status, err = _run(capsys, "pack", "--edition", str(edition_copy), "--out", str(out))
    assert status == 0, err
    assert "ip360-informe-2020-paquete.zip" in err
    matrix = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    unpacked = tmp_path / "unpacked"
    with zipfile.ZipFile(out / pack_name(2020)) as archive:
        archive.extractall(unpacked)
    listed = json.loads((unpacked / MANIFEST).read_text(encoding="utf-8"))["files"]
    on_disk = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()} - {MANIFEST}
    assert {entry["file"] for entry in listed} == on_disk
    for entry in listed:
        data = (unpacked / entry["file"]).read_bytes()
        assert (entry["bytes"], entry["sha256"]) == (len(data), hashlib.sha256(data).hexdigest()), entry["file"]
    for variant in matrix["files"]:  # every PDF of the matrix and its web page, the same bytes
        for name in (variant["file"], variant["web"]):
            assert (unpacked / name).read_bytes() == (out / name).read_bytes()
    assert {"web/index.html", "web/ip360-informe-2020-bo-en.html", "datos/gobiernos.csv", "datos/README.md"} <= on_disk
    world = (unpacked / "datos" / "graficos" / "mapa.csv").read_text(encoding="utf-8")
    assert world.splitlines() == [
        "Gobierno,País,Agentes de gobierno en el curso,Latitud,Longitud",
        "La Paz,BO,60,-16.499,-68.1462",
    ]
    assert any(name.startswith("web/fonts/") and name.endswith(".woff") for name in on_disk)
    # The Bolivian page links to its PDF, which is in the pack beside web/.
    bolivia = (unpacked / "web" / "ip360-informe-2020-bo-es.html").read_text(encoding="utf-8")
    assert 'href="../ip360-informe-2020-bo-es.pdf"' in bolivia and (unpacked / "ip360-informe-2020-bo-es.pdf").is_file()
    rows = list(csv.DictReader(io.StringIO((unpacked / "datos" / "gobiernos.csv").read_text(encoding="utf-8"))))
    assert [row["nombre"] for row in rows] == ["La Paz"]


def _run(capsys, *argv: str) -> tuple[int, str]:
    status = cli.main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, " ".join(err.split())  # Rich may wrap a long line: compare the words


def test_web_on_a_broken_edition_names_the_file_and_line_and_writes_nothing(edition_copy, tmp_path, capsys):
    rosario = edition_copy / "gobiernos" / "05-rosario.md"
    rosario.write_text(rosario.read_text(encoding="utf-8").replace("participantes: 67", "participantes: muchos"))
    out = tmp_path / "dist"
    status, err = _run(capsys, "web", "--edition", str(edition_copy), "--out", str(out), "--lang", "en")
    assert status == 1
    assert "05-rosario.md:" in err and "muchos" in err
    assert not (out / "web").exists()
    status, err = _run(capsys, "web", "--edition", str(edition_copy), "--country", "ZZ")
    assert status == 2 and "ZZ" in err


@pytest.mark.pdf
def test_the_web_command_writes_every_language_and_every_link_leads_somewhere(tmp_path, capsys):
    out = tmp_path / "dist"
    status, err = _run(capsys, "web", "--edition", str(EDITION_2021), "--country", "cl", "--out", str(out))
    assert status == 0
    pages = sorted((out / "web").glob("*.html"))
    assert [p.name for p in pages] == ["ip360-informe-2021-cl-en.html", "ip360-informe-2021-cl-es.html"]
    assert sorted(p.name for p in out.glob("*.pdf")) == ["ip360-informe-2021-cl-en.pdf", "ip360-informe-2021-cl-es.pdf"]
    for path in pages:
        page = read_page(path)
        ids = {attrs["id"] for _, attrs in page.elements if attrs.get("id")}
        for link in page.all("a"):
            href = link["href"] or ""
            if href.startswith("#"):
                assert href[1:] in ids, (path.name, href)
            else:
                assert (path.parent / href).is_file(), (path.name, href)
    assert "ip360-informe-2021-cl-en.html" in err
