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
from report.problems import BuildError, ContentError
from report.render.brand import load_brand
from report.render.pdf import render_pdf
from report.render.prose import markdown_block, markdown_inline

from .conftest import EDITION_2021, edit, examples

OUTSIDE = "solo se pueden usar archivos de la carpeta de la edición y de styles/, sin red"


@pytest.fixture
def fetcher(edition_copy):
    from report.render.fetcher import ContentFetcher  # imports WeasyPrint: not at collection

    return ContentFetcher([edition_copy, STYLES_DIR])


def refused_fetch() -> type[Exception]:
    from report.render.fetcher import RefusedFetch

    return RefusedFetch


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
    with pytest.raises(refused_fetch()) as caught:
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
        with pytest.raises(refused_fetch()) as caught:
            fetcher.fetch((edition_copy / name).as_uri())
        assert why in say(caught.value.error().message), name
    with pytest.raises(refused_fetch()) as caught:
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
def test_hostile_content_builds_as_inert_text(mini_copy, tmp_path):
    """One real build: template syntax stays text, nothing is fetched; raw HTML beyond the
    allowlist is refused by `check` (it would vanish from the page), located on its line."""
    path = mini_copy / "gobiernos" / "01-niteroi.md"
    edit(path, "nombre: Niterói", 'nombre: "Niterói {{ 7*7 }}"')
    template = "\n\nPlantilla: {{ 7*7 }} y {% for x in range(3) %}X{% endfor %} y {{ config }}.\n"
    path.write_text(path.read_text(encoding="utf-8") + template, encoding="utf-8")
    output = pipeline.build(mini_copy, tmp_path, write_html=True)
    text = " ".join(page.extract_text() or "" for page in PdfReader(output.pdf).pages)
    assert "Niterói {{ 7*7 }}" in text
    assert "{% for x in range(3) %}X{% endfor %}" in text
    assert "XXX" not in text and "Niterói 49" not in text

    lines = path.read_text(encoding="utf-8").count("\n")
    hostile = (
        '\n<script>alert(1)</script><img src="file:///etc/passwd"><link rel="attachment" href="file:///etc/passwd">'
        '<style>p { color: red }</style><iframe src="http://169.254.169.254/"></iframe>'
        '<p onclick="steal()">Párrafo con manejador.</p>\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + hostile, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_edition(mini_copy, glyphs=load_brand().glyphs())
    [problem] = caught.value.problems
    assert (problem.code, problem.line, problem.params["tag"]) == ("prose_html_tag", lines + 2, "<script>")


def test_an_unknown_chart_fails_naming_it_and_the_available_ones():
    from jinja2 import Environment, StrictUndefined

    from report.render.chart_runner import ChartSet

    charts = ChartSet(paises="svg", productos="svg")
    assert charts["paises"] == "svg" and "paises" in charts
    with pytest.raises(BuildError):  # a name no chart module makes: asking is a mistake too
        _ = "nada" in charts
    template = Environment(undefined=StrictUndefined).from_string("{{ charts['paises-typo'] }}")
    with pytest.raises(BuildError) as caught:
        template.render(charts=charts)
    assert say(caught.value.message) == "el gráfico «paises-typo» no existe; los disponibles son: paises, productos"


# ------------------------------------------------ second round (issue 16): the environment

import errno  # noqa: E402
import stat  # noqa: E402
from pathlib import Path  # noqa: E402

from report.commands.cli import main  # noqa: E402
from report.content.loader import load_edition  # noqa: E402
from report.content.markdown import to_html  # noqa: E402
from report.render import scratch as scratch_module  # noqa: E402
from report.render.chart_runner import chart_context, render_charts  # noqa: E402
from report.render.textcheck import check_text, found, html_blocks, squash  # noqa: E402
from report.render.totals import totals  # noqa: E402

from .conftest import EDITION_2020, worded  # noqa: E402

AS_ROOT = os.geteuid() == 0  # root reads and writes through any permission: a read-only test means nothing
PDF_2020 = "ip360-informe-2020-es.pdf"


def run(capsys, *argv: str) -> tuple[int, str]:
    status = main(list(argv))
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return status, " ".join(err.split())  # Rich may wrap a long line: compare the words


def fake_render(monkeypatch) -> None:
    """A build without WeasyPrint: what is tested is where and how the PDF is written."""
    monkeypatch.setattr(pipeline, "render_pdf", lambda *args, **kwargs: (b"%PDF-1.7\n% fake\n", 1))


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--max-size", "inf"], "--max-size: tamaño no válido: 'inf' (ejemplos: 1.5MB, 800KB)"),
        (["--max-size", "nan"], "--max-size: tamaño no válido: 'nan' (ejemplos: 1.5MB, 800KB)"),
        (["--max-size", "1e400"], "--max-size: tamaño no válido: '1e400' (ejemplos: 1.5MB, 800KB)"),
        (["--timeout", "inf"], "--timeout: «inf» no es una cantidad de segundos válida (de 0 a 86400; 0 = sin límite)"),
        (["watch", "--port", "70000"], "--port: «70000» no es un puerto (de 0 a 65535)"),
    ],
)
def test_impossible_numbers_on_the_command_line_are_usage_errors(capsys, argv, words):
    status, err = run(capsys, *argv)
    assert status == 2
    assert f"error de uso: {words}" in err


def test_an_output_folder_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "informe"
    target.write_text("no soy una carpeta")
    status, err = run(capsys, "--out", str(target))
    assert status == 1
    assert f"La compilación falló: la carpeta de salida {target} es un archivo: elija una carpeta con --out" in err


@pytest.mark.parametrize("inside", ["", "gobiernos", "salida"])
def test_an_output_folder_inside_the_edition_is_refused(edition_copy, capsys, inside):
    out = edition_copy / inside if inside else edition_copy
    for command in ("build", "watch", "matrix"):
        status, err = run(capsys, command, "--edition", str(edition_copy), "--out", str(out))
        assert status == 1, command
        assert f"la carpeta de salida {out} está dentro de la carpeta de la edición ({edition_copy})" in err
    assert not list(edition_copy.rglob("*.pdf")) and not (edition_copy / "manifest.json").exists()


def test_a_full_disk_keeps_the_previous_pdf_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    out = tmp_path / "dist"
    out.mkdir()
    (out / PDF_2020).write_bytes(b"el PDF anterior")
    fake_render(monkeypatch)

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    status, err = run(capsys, "--out", str(out))
    assert status == 1
    assert f"no se pudo escribir {out / PDF_2020} (el disco está lleno); no se escribió nada" in err
    assert sorted(p.name for p in out.iterdir()) == [PDF_2020]
    assert (out / PDF_2020).read_bytes() == b"el PDF anterior"


def test_a_read_only_output_folder_is_said(tmp_path, monkeypatch, capsys):
    out = tmp_path / "dist"
    out.mkdir()
    fake_render(monkeypatch)
    real_mkdir = Path.mkdir

    def read_only(self, *args, **kwargs):
        if self.name == scratch_module.SCRATCH:
            raise OSError(errno.EROFS, "Read-only file system", str(self))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(Path, "mkdir", read_only)
    status, err = run(capsys, "--out", str(out))
    assert status == 1
    assert f"no se puede escribir en la carpeta de salida {out} (es un lugar de solo lectura)" in err


@pytest.mark.skipif(AS_ROOT, reason="root writes into a read-only folder")
def test_a_really_read_only_output_folder(tmp_path, monkeypatch, capsys):
    out = tmp_path / "dist"
    out.mkdir()
    out.chmod(stat.S_IRUSR | stat.S_IXUSR)
    fake_render(monkeypatch)
    try:
        status, err = run(capsys, "--out", str(out))
    finally:
        out.chmod(stat.S_IRWXU)
    assert status == 1
    assert f"no se puede escribir en la carpeta de salida {out} (no hay permiso)" in err


def test_written_files_follow_the_umask(tmp_path, monkeypatch, capsys):
    fake_render(monkeypatch)
    previous = os.umask(0o022)
    try:
        status, _ = run(capsys, "--out", str(tmp_path), "--html")
        os.umask(0o002)
        status2, _ = run(capsys, "--out", str(tmp_path / "grupo"))
    finally:
        os.umask(previous)
    assert status == status2 == 0
    assert stat.S_IMODE((tmp_path / PDF_2020).stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / PDF_2020).with_suffix(".html").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "grupo" / PDF_2020).stat().st_mode) == 0o664


def test_an_unreadable_file_and_folder_are_located(edition_copy, monkeypatch):
    real_open, real_scandir = Path.open, os.scandir

    def locked_open(self, *args, **kwargs):
        if self.name == "05-rosario.md":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    def locked_scandir(path="."):
        if Path(path).name == "proyectos":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(Path, "open", locked_open)
    monkeypatch.setattr(os, "scandir", locked_scandir)
    with pytest.raises(ContentError) as caught:
        load_edition(edition_copy, edition_copy.parent.parent)
    assert [worded(p) for p in caught.value.problems] == [
        "content/2020/gobiernos/05-rosario.md: no se puede leer (no hay permiso): revise sus permisos",
        "content/2020/proyectos: no se puede abrir la carpeta (no hay permiso): revise sus permisos",
    ]


@pytest.mark.skipif(AS_ROOT, reason="root reads through any permission")
def test_a_really_unreadable_file(edition_copy):
    path = edition_copy / "gobiernos" / "05-rosario.md"
    path.chmod(0)
    try:
        with pytest.raises(ContentError) as caught:
            load_edition(edition_copy, edition_copy.parent.parent)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    assert [worded(p) for p in caught.value.problems] == [
        "content/2020/gobiernos/05-rosario.md: no se puede leer (no hay permiso): revise sus permisos"
    ]


def test_a_chart_cache_that_cannot_be_written_still_draws(tmp_path):
    blocked = tmp_path / "archivo"
    blocked.write_text("no es una carpeta")
    edition = load_edition(EDITION_2020).edition
    brand = load_brand()
    context = chart_context(edition, totals(edition), brand, "es")
    drawn = render_charts(context, cache_dir=blocked / "charts")
    assert drawn.drawn == len(drawn.charts) > 0 and drawn.cached == 0


def test_no_content_folder(tmp_path, monkeypatch, capsys):
    from report.commands import cli

    monkeypatch.setattr(cli, "CONTENT_DIR", tmp_path / "content")
    status, err = run(capsys, "check")
    assert status == 1
    assert f"{tmp_path / 'content'}: no hay ninguna edición" in err


def test_new_and_schema_onto_a_file(tmp_path, capsys):
    blocker = tmp_path / "archivo"
    blocker.write_text("x")
    status, err = run(capsys, "new", str(blocker / "2021"), "--from", str(EDITION_2020), "--keep-governments", "todos")
    assert status == 1
    assert f"el sistema no permitió leer o escribir {blocker} (ya existe con ese nombre)" in err
    status, err = run(capsys, "schema", str(blocker))
    assert status == 1
    assert f"el sistema no permitió leer o escribir {blocker} (ya existe con ese nombre)" in err
    status, err = run(capsys, "schema", str(blocker / "esquemas"))
    assert status == 1
    assert (
        f"el sistema no permitió leer o escribir {blocker / 'esquemas'} (una parte de la ruta no es una carpeta)" in err
    )


def test_new_and_schema_onto_a_read_only_place(tmp_path, monkeypatch, capsys):
    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system", str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    status, err = run(capsys, "schema", str(tmp_path / "esquemas"))
    assert status == 1
    assert f"el sistema no permitió leer o escribir {tmp_path / 'esquemas'} (es un lugar de solo lectura)" in err
    status, err = run(capsys, "new", str(tmp_path / "2021"), "--from", str(EDITION_2020), "--keep-governments", "todos")
    assert status == 1
    assert "(es un lugar de solo lectura)" in err


def test_a_mistake_of_the_tool_is_one_line_not_a_traceback(monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(pipeline, "load", broken)
    status, err = run(capsys, "check")
    assert status == 1
    assert "error inesperado de la herramienta (RecursionError: maximum recursion depth exceeded)" in err


def test_values_are_printed_literally(capsys):
    from rich.console import Console

    from report.commands.output import Reporter
    from report.problems import problem

    reporter = Reporter(Console(stderr=True, highlight=False, width=300, force_terminal=True))
    reporter.problems(
        ContentError([problem("string_type", "x.md", line=1, field="a", value="[/] [bold]b :x: \x1b[31m")])
    )
    err = capsys.readouterr().err
    assert "(valor: «[/] [bold]b :x: <U+001B>[31m»)" in err and "❌" not in err


# ------------------------------------------------ second round: links, text and characters


@pytest.mark.parametrize(
    "href", ["//evil.example/a", "../../etc/shadow", "/etc/passwd", "file:///etc/passwd", "#ancla", "javascript:x()"]
)
def test_the_sanitiser_drops_every_link_that_is_not_to_the_web(href):
    for html in (to_html(f'[x]({href}) y <a href="{href}">y</a>'), to_html(f"[x]({href})", inline=True)):
        assert "href" not in html, html
    assert 'href="https://asuntosdelsur.org"' in to_html("[ok](https://asuntosdelsur.org)")


def test_a_decomposed_accent_is_composed_on_reading(edition_copy):
    edit(edition_copy / "gobiernos" / "05-rosario.md", "nombre: Rosario", "nombre: Rosa\u0301rio")
    names = [g.name for g in pipeline.load(edition_copy).edition.governments]
    assert "Rosário" in names and "Rosa\u0301rio" not in names


def test_the_text_check_finds_text_split_across_pages_whatever_the_hyphenation():
    paragraph = (
        "En 2020 Rosario fue incluido en el Programa Local de Alianza para el Gobierno Abierto (OGP), "
        "en reconocimiento a sus políticas locales de participación ciudadana."
    )
    pages = [
        "…el final de otra página. En 2020 Rosario fue incluido en el Programa Local de Ali-",
        "67 agentes (un recuadro flotante dibujado antes) anza para el Gobierno Abierto (OGP), en recono-"
        "cimiento a sus políticas locales de participación ciudadana. GOBIERNOS DISRUPTIVOS 12",
    ]
    squashed = [squash(page) for page in pages]
    joined = "".join(squashed)
    assert found(squash(paragraph), squashed, joined)
    assert found(squash("Rosario fue incluido en el Programa"), squashed, joined)
    assert not found(squash(paragraph.replace("ciudadana", "vecinal")), squashed, joined)
    # Short pieces found here and there are a coincidence, not the text: a lost list item.
    scattered = [squash("training in the course"), squash("use of digital tools are a great support")]
    assert not found(squash("training in the use of digital tools"), scattered, "".join(scattered))
    html = "<head><title>t</title></head><p>uno <em>dos</em></p><li>tres</li><p hidden>no se <em>ve</em></p><p>ve</p>"
    assert [b.text for b in html_blocks(html)] == ["uno dos", "tres", "ve"]


def test_the_text_check_names_what_is_lost_and_where():
    html = '<article id="gobierno-rosario"><p>En 2020 Rosario fue incluido.</p><p>Un párrafo perdido.</p></article>'
    with pytest.raises(BuildError) as caught:
        check_text(
            html, ["En 2020 Rosario fue incluido."], {"gobierno-rosario": "content/2020/gobiernos/05-rosario.md"}
        )
    assert say(caught.value.message) == (
        "un texto del contenido no llegó al PDF (¿un párrafo o una lista demasiado largos para la página?); "
        "revíselo y acórtelo o divídalo:\n  - content/2020/gobiernos/05-rosario.md: «Un párrafo perdido.»"
    )


def _page(body: str) -> str:
    brand = load_brand()
    head = f"<title>t</title><style>{brand.css()} body {{ font-family: Lato }}</style>"
    return f"<html lang=es><head>{head}</head><body>{body}</body></html>"


@pytest.mark.pdf
def test_text_the_layout_drops_or_pushes_off_the_page_fails_the_build(tmp_path):
    with pytest.raises(BuildError) as caught:
        render_pdf(_page('<p>Se ve.</p><p style="display: none">Escondido.</p>'), tmp_path, load_brand())
    assert say(caught.value.message).endswith("  - —: «Escondido.»")
    with pytest.raises(BuildError) as caught:
        render_pdf(_page(f'<p style="white-space: nowrap">{"a" * 400}</p>'), tmp_path, load_brand())
    assert say(caught.value.message).startswith(
        "un texto queda fuera de la página y no se vería; acórtelo o divídalo:\n  - página 1: «aaa"
    )


@pytest.mark.pdf
def test_no_link_in_the_pdf_points_at_a_file(built_2020):
    import pikepdf

    with pikepdf.open(built_2020.pdf) as document:
        uris = [
            str(annotation.A.URI)
            for page in document.pages
            for annotation in page.get("/Annots", [])
            if "/A" in annotation and "/URI" in annotation.A
        ]
    assert all(uri.startswith(("https://", "http://", "mailto:")) for uri in uris), uris


def test_a_truncated_image_is_refused_even_after_weasyprint_is_imported(edition_copy):
    import weasyprint  # noqa: F401  (it tells Pillow to accept truncated images, for everyone)

    from report.content.images import check_image
    from report.problems import Reason

    from .corpus import photo

    (edition_copy / "foto.jpg").write_bytes(photo(400, 300)[:3000])
    with pytest.raises(Reason) as caught:
        check_image(edition_copy, "foto.jpg")
    assert caught.value.code == "image_damaged"


@pytest.mark.pdf
@pytest.mark.parametrize(
    ("mode", "profile", "width"), [("RGB", "archive", 898), ("CMYK", "print", 1346), ("RGB", "screen", 539)]
)
def test_a_camera_photo_is_placed_whole_in_srgb_at_the_profiles_resolution(mini_copy, tmp_path, mode, profile, width):
    """A 3000×2000 photo (a CMYK one too) is cropped to 3:2, resampled to the width of the
    profile's main column at the profile's dpi (114 mm at 200, 300 or 120 dpi) and embedded in sRGB: no DeviceCMYK in
    a PDF/A file whose output intent is sRGB, no camera metadata, nothing cut off."""
    import pikepdf

    from report.render.variant import Variant

    from .corpus import photo

    (mini_copy / "imagenes").mkdir()
    (mini_copy / "imagenes" / "niteroi.jpg").write_bytes(photo(3000, 2000, mode))
    edit(
        mini_copy / "gobiernos" / "01-niteroi.md",
        "pais: BR\n",
        "pais: BR\nimagen:\n  archivo: imagenes/niteroi.jpg\n  alt: Vista de Niterói\n",
    )
    output = pipeline.build(mini_copy, tmp_path, Variant(profile=profile))
    with pikepdf.open(output.pdf) as document:
        images = {image.objgen: image for page in document.pages for image in page.get_images().values()}
        colour_spaces = {str(image.ColorSpace) for image in images.values()}
        photos = [image for image in images.values() if int(image.Width) > 500]
        assert len(photos) == 1
        assert (int(photos[0].Width), int(photos[0].Height)) == (width, round(width * 2 / 3))
        assert colour_spaces == {"/DeviceRGB"}
        assert b"DeviceCMYK" not in output.pdf.read_bytes()
    # Sharp enough for the preflight at that profile's threshold.
    assert [f for f in output.findings if f.message.code == "preflight_resolution"] == []


def test_a_character_the_fonts_lack_in_a_translation_is_found_by_check_in_that_language(edition_copy, capsys):
    edit(edition_copy / "gobiernos" / "05-rosario.en.md", "tipo: municipality", "tipo: municipality 😀")
    status, err = run(capsys, "check", "--edition", str(edition_copy), "--lang", "en")
    assert status == 1
    assert (
        "05-rosario.en.md:3:1: field «tipo»: the character «😀» (U+1F600 GRINNING FACE) is not in the brand fonts "
        "(Lato, Manrope) and cannot be printed" in err
    )


# ------------------------------------------------------- third round (issue 25, ronda-3.md)

import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from report.content.markdown import source_blocks, unshown  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

# Pieces of Markdown an author (or an attacker) writes: angle brackets, comments, HTML
# blocks, list starts, headings of every level, setext underlines, tables, footnotes.
MARKDOWN_PIECES = [
    "la plataforma <Decidim>",
    "<!-- nota",
    "-->",
    "<!-- cerrado -->",
    "<style>",
    "</style>",
    "<script>alert(1)</script>",
    "<textarea>",
    "<em>bien</em>",
    "<b>negrita</b>",
    "a < b y c > d",
    "\\<Decidim\\>",
    "7. siete",
    "2020. Fue un año",
    "1) uno",
    "- punto",
    "===",
    "---",
    "| a | b |",
    "|---|---|",
    "[^1]",
    "[^1]: la nota",
    "<?php x ?>",
    "<!DOCTYPE html>",
    "&lt;ok&gt;",
    "Texto común con tildes: información.",
    *(f"{'#' * level} Título {level}" for level in range(1, 7)),
]
markdown_texts = st.lists(st.sampled_from(MARKDOWN_PIECES), min_size=1, max_size=8).flatmap(
    lambda pieces: st.lists(st.sampled_from(["\n", "\n\n", " "]), min_size=len(pieces), max_size=len(pieces)).map(
        lambda gaps: "".join(piece + gap for piece, gap in zip(pieces, gaps, strict=True)).strip()
    )
)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdown_texts, st.booleans())
def test_markdown_is_refused_or_printed_with_every_word_the_author_wrote(text, inline):
    """What `check` lets through keeps, in the cleaned HTML, every letter the author wrote
    (as `source_blocks` reads it): nothing the sanitiser drops passes in silence."""
    if unshown(text, inline=inline) is not None:
        return
    printed = squash("".join(block.text for block in html_blocks(f"<div>{to_html(text, inline=inline)}</div>")))
    for block in source_blocks(text, inline=inline):
        assert squash(block) in printed, (text, block)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("la plataforma <Decidim> para votar", "prose_html_tag"),
        ("antes\n\n<!-- sin cerrar\n\ndespués", "prose_comment_open"),
        ("<style>\n\nel resto", "prose_html_tag"),
        ("<script>\nalert(1)", "prose_html_tag"),
        ("<textarea>\nx", "prose_html_tag"),
        ("# Uno", "prose_heading_level"),
        ("## Dos", "prose_heading_level"),
        ("##### Cinco", "prose_heading_level"),
        ("###### Seis", "prose_heading_level"),
        ("Setext\n===", "prose_heading_level"),
        ("Setext\n---", "prose_heading_level"),
        ("| a | b |\n|:--|--:|\n| 1 | 2 |", "prose_table"),
        ("Dato[^1].\n\n[^1]: fuente", "prose_footnote"),
    ],
)
def test_what_the_page_would_not_show_is_named_with_where_it_starts(text, code):
    found_ = unshown(text)
    assert found_ is not None and found_.code == code
    assert found_.at is not None and 0 <= found_.at < len(text)


@pytest.mark.parametrize(
    "text",
    ["### Título\n\n#### Subtítulo", "<em>x</em> y <!-- nota cerrada --> z", "\\<Decidim\\>", "a < b", "7. siete"],
)
def test_what_the_page_shows_as_written_passes(text):
    assert unshown(text) is None


def test_a_list_keeps_the_number_it_starts_with():
    assert to_html("7. siete\n8. ocho").startswith('<ol start="7" style="counter-reset: list-item 6">')
    assert to_html("2020. Fue un año").startswith('<ol start="2020" style="counter-reset: list-item 2019">')
    assert to_html("1. uno").startswith("<ol>\n")


def test_the_text_check_holds_the_pdf_to_the_source_not_the_cleaned_html():
    # The cleaned HTML has lost «Decidim»: held to it alone, the PDF passes.
    html = "<p>Usamos la plataforma  para votar.</p>"
    pages = ["Usamos la plataforma para votar."]
    check_text(html, pages, {})
    sources = source_blocks("Usamos la plataforma <Decidim> para votar.")
    with pytest.raises(BuildError) as caught:
        check_text(html, pages, {}, sources, lambda text: "content/2020/gobiernos/05-rosario.md")
    assert say(caught.value.message).endswith(
        "  - content/2020/gobiernos/05-rosario.md: «Usamos la plataforma <Decidim> para votar.»"
    )
    assert say(caught.value.message, "en").endswith(
        "  - content/2020/gobiernos/05-rosario.md: «Usamos la plataforma <Decidim> para votar.»"
    )


@pytest.mark.pdf
def test_what_the_sanitiser_drops_fails_the_build_even_past_check(mini_copy, tmp_path, monkeypatch):
    """A second line of defence: were `check` to miss a tag, the build still says the text is lost."""
    path = mini_copy / "gobiernos" / "01-niteroi.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nUsamos la plataforma <Decidim> para votar.\n", encoding="utf-8"
    )
    monkeypatch.setattr("report.content.text.unshown", lambda text, inline=False: None)
    with pytest.raises(BuildError) as caught:
        pipeline.build(mini_copy, tmp_path / "out")
    said = say(caught.value.message)
    assert f"{path.name}: «Usamos la plataforma <Decidim> para votar.»" in said


@pytest.mark.pdf
def test_list_numbers_and_headings_print_as_written(mini_copy, tmp_path):
    path = mini_copy / "gobiernos" / "01-niteroi.md"
    body = "\n### Resultados del año\n\n7. Siete talleres\n8. Ocho mesas\n\nUn párrafo.\n\n2020. Fue el primer año.\n"
    path.write_text(path.read_text(encoding="utf-8") + body, encoding="utf-8")
    out = pipeline.build(mini_copy, tmp_path / "out")
    # The markers are artifacts (not in the tagged text pypdf reads): pdftotext shows what is drawn.
    text = subprocess.run(["pdftotext", "-layout", str(out.pdf), "-"], capture_output=True, text=True).stdout
    text = " ".join(text.split())
    for written in ("Resultados del año", "7. Siete talleres", "8. Ocho mesas", "2020. Fue el primer año."):
        assert written in text


# The preview server: only its own Host, bounded and validated queries, quiet when a tab goes.

import socket  # noqa: E402
import time  # noqa: E402

from report.commands import preview as preview_module  # noqa: E402
from report.commands import watch as watch_module  # noqa: E402
from report.commands.preview import BuildState, host_allowed, start_preview  # noqa: E402
from report.render import scratch as scratch_module_3  # noqa: E402
from report.render.variant import Variant  # noqa: E402


@pytest.fixture
def preview():
    state = BuildState()
    state.succeeded(b"%PDF-1.7 borrador secreto", 3)
    server = start_preview(state, 0, "prueba")
    yield state, server.server_address[1]
    server.shutdown()
    server.server_close()


def ask(port: int, target: str, host: str | None, *, timeout: float = 5) -> tuple[int, bytes]:
    """One raw HTTP/1.1 GET with exactly this Host header (or none): its status and body."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        head = (
            f"GET {target} HTTP/1.1\r\n"
            + (f"Host: {host}\r\n" if host is not None else "")
            + "Connection: close\r\n\r\n"
        )
        conn.sendall(head.encode("latin-1"))
        data = b""
        while chunk := conn.recv(65536):
            data += chunk
    status_line, _, rest = data.partition(b"\r\n")
    return int(status_line.split()[1]), rest.partition(b"\r\n\r\n")[2]


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]", "127.0.0.1:{port}", "[::1]:{port}"])
def test_the_preview_answers_its_own_host(preview, host):
    _, port = preview
    status, body = ask(port, "/report.pdf", host.format(port=port))
    assert (status, body) == (200, b"%PDF-1.7 borrador secreto")


@pytest.mark.parametrize(
    "host",
    [None, "", "evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "localhost.", "127.0.0.1:1",
     "[::1]x", "127.0.0.2", "0.0.0.0", "localhost:{port}@evil.example"],
)  # fmt: skip
def test_the_preview_serves_nothing_to_a_foreign_host(preview, host):
    """DNS rebinding: a page elsewhere that names 127.0.0.1 by its own name gets no draft."""
    _, port = preview
    for target in ("/", "/report.pdf", "/version"):
        status, body = ask(port, target, None if host is None else host.format(port=port))
        assert status == 421 and b"borrador" not in body and b"version" not in body
        assert "127.0.0.1" in body.decode("utf-8")


@pytest.mark.parametrize(
    "seen", ["9" * 5000, "²", "-1", "1.5", "0x10", "%F0%9F%98%80", "1&seen=2", "%D9%A1%D9%A2", "%C2%B2"]
)
def test_an_odd_seen_is_a_bad_request_not_a_traceback(preview, seen, capfd):
    _, port = preview
    status, _ = ask(port, f"/version?seen={seen}", "127.0.0.1")
    assert status in (400, 414)
    assert "Traceback" not in capfd.readouterr().err


def test_a_tab_closed_during_the_long_poll_is_quiet(preview, capfd):
    state, port = preview
    conn = socket.create_connection(("127.0.0.1", port))
    conn.sendall(f"GET /version?seen={state.serial} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    time.sleep(0.3)  # the server is waiting for a change
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")  # reset on close
    conn.close()
    state.succeeded(b"%PDF-1.7 nuevo", 3)  # the next save: the answer meets a closed tab
    time.sleep(0.5)
    assert ask(port, "/version", "127.0.0.1")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err


@settings(max_examples=examples(200), deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]:.0123456789abcdehlostx@/ ")), max_size=30), st.integers(1, 65535))
def test_only_the_previews_own_names_are_hosts(host, port):
    allowed = host_allowed(host, port)
    name = host.strip().lower()
    assert allowed == (name in {f"{n}{p}" for n in ("127.0.0.1", "localhost", "[::1]") for p in ("", f":{port}")})


def test_a_port_in_use_is_said_with_a_hint_in_both_languages(tmp_path, capsys):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        for lang, words in (("es", "ya lo usa otro programa"), ("en", "another program uses it")):
            status = main(["watch", "--serve", "--port", str(port), "--out", str(tmp_path / "o"), "--lang", lang])
            err = capsys.readouterr().err
            assert status == 2 and words in err and f"--port {port + 1}" in err and "Traceback" not in err
            assert "Address already in use" not in err
    finally:
        taken.close()


def test_an_output_folder_deleted_while_watching_is_made_again(tmp_path):
    out = tmp_path / "dist"
    with scratch_module_3.scratch(out) as run:
        assert not scratch_module_3.restore(out)  # nothing to do while it is there
        shutil.rmtree(out)
        assert scratch_module_3.restore(out)
        assert run.is_dir() and (run.parent / f"{run.name}.lock").exists()
    assert not (out / ".tmp").exists()  # and cleaned up at the end as usual


def test_watch_says_it_made_the_output_folder_again_and_goes_on(tmp_path, monkeypatch):
    from report.commands.output import Reporter

    notes = []
    out = tmp_path / "dist"
    rebuilder = watch_module.Rebuilder(EDITION_2021, out, Variant(), write_html=False, report=Reporter())
    monkeypatch.setattr(rebuilder.report, "note", lambda code, **params: notes.append(code))
    monkeypatch.setattr(rebuilder, "_full", lambda composed=None: watch_module.Built(out / "x.pdf", 1, None))
    monkeypatch.setattr(rebuilder, "_built", lambda built, started, clear_problems: None)
    with scratch_module_3.scratch(out):
        shutil.rmtree(out)
        assert rebuilder.build()
        assert "watch_out_recreated" in notes and (out / ".tmp").is_dir()


# Names: duplicates after case, accent and look-alike folding; words in two scripts.

from report.content.crosschecks import fold_name  # noqa: E402

LOOKALIKE = {"a": "а", "e": "е", "o": "о", "p": "р", "c": "с", "x": "х", "i": "і", "O": "Ο", "A": "Α"}


@settings(max_examples=examples(200), deadline=None)
@given(st.sampled_from(["Rosario", "Bahía Blanca", "Medellín", "La Paz", "Área Metropolitana", "ArandúLab"]), st.data())
def test_a_name_with_look_alike_letters_folds_to_the_same_name(name, data):
    swapped = "".join(LOOKALIKE[char] if char in LOOKALIKE and data.draw(st.booleans()) else char for char in name)
    cased = data.draw(st.sampled_from([str.upper, str.lower, str.title]))(swapped)
    assert fold_name(cased) == fold_name(name)


def test_different_names_stay_different():
    names = ["Rosario", "Rosales", "La Paz", "Lapaz Norte", "Luján", "Lujan de Cuyo", "Medellín", "Tucumán"]
    assert len({fold_name(name) for name in names}) == len(names)


# Environment: a HOME that cannot be written.

SCRATCH_AND_MATPLOTLIB = """
import sys
from pathlib import Path
from report.render.chart_runner import matplotlib_home
from report.render.scratch import scratch
with scratch(Path(sys.argv[1])):
    matplotlib_home()
    import matplotlib.pyplot as plt
    plt.figure().savefig(Path(sys.argv[1]) / "x.svg")
print("✓")
"""


@pytest.mark.parametrize("cache_writable", [True, False])
def test_a_home_that_cannot_be_written_prints_nothing_but_the_result(tmp_path, cache_writable, monkeypatch):
    """matplotlib warned in English and, after the ✓, its exit handler printed a traceback
    (its temporary config folder was inside the run's scratch, gone by then)."""
    env = {k: v for k, v in os.environ.items() if k not in ("MPLCONFIGDIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME")}
    env["HOME"] = "/etc/passwd/home"  # under a file: nothing can be made there, not even by root
    script = SCRATCH_AND_MATPLOTLIB
    if not cache_writable:
        script = script.replace(
            "matplotlib_home()",
            "import report.render.chart_runner as c; c.MATPLOTLIB_DIR = Path('/etc/passwd/cache'); matplotlib_home()",
        )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "out")], capture_output=True, text=True, env=env, cwd=ROOT
    )
    assert done.returncode == 0 and done.stdout.strip() == "✓"
    assert done.stderr == ""


# Figures' notes in a translation, and a chart that cannot fit.


def test_a_translated_note_is_held_to_the_spanish_rule(edition_copy, capsys):
    path = edition_copy / "edicion.en.yml"
    edit(path, "nota: from {paises_inscripciones} countries", "nota: from {paises_inscripcion} countries")
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "nota:" in text)
    for lang, words in (
        ("es", "la nota nombra «{paises_inscripcion}»"),
        ("en", "the note names «{paises_inscripcion}»"),
    ):
        status = main(["check", "--edition", str(edition_copy), "--lang", "en"])
        err = capsys.readouterr().err
        assert status == 1 and f"edicion.en.yml:{line}:5" in err and "Traceback" not in err
        with pytest.raises(ContentError) as caught:
            pipeline.load(edition_copy, Variant(lang="en"))
        [problem] = caught.value.problems
        assert words in worded(problem, lang)
    edit(path, "{paises_inscripcion}", "{{paises_inscripciones}}")
    with pytest.raises(ContentError) as caught:
        pipeline.load(edition_copy, Variant(lang="en"))
    assert [p.code for p in caught.value.problems] == ["figure_note_brace"]


def test_a_chart_taller_than_the_page_is_an_error():
    from report.render.chart_runner import Chart

    brand = load_brand()
    tall = Chart("outputs", b"<svg/>", "alt", "", b"", 166.0, 426.0)  # 30 bars of 14 mm
    with pytest.raises(BuildError) as caught:
        pipeline._charts_fit({"outputs": tall}, brand)
    assert say(caught.value.message) == (
        "el gráfico «outputs» mediría 426 mm de alto y la página tiene 251 mm para el texto: no entraría. "
        "Reduzca lo que muestra (menos cifras o gobiernos en él)"
    )
    pipeline._charts_fit({"outputs": Chart("outputs", b"<svg/>", "alt", "", b"", 166.0, 76.0)}, brand)


QUERY_CHARACTERS = list("seen=&?0123456789²١%-+.x;/#") + ["%C2%B2", "%00", "%FF", "\u00e9"]


def test_any_request_to_the_preview_is_answered_or_refused_never_a_traceback(monkeypatch, capfd):
    """Random paths, queries and Host headers: the preview answers its own host with a
    status and a body, refuses a foreign one, and prints nothing."""
    monkeypatch.setattr(preview_module, "LONG_POLL_S", 0.05)  # a `seen` equal to the serial waits this long
    state = BuildState()
    state.succeeded(b"%PDF-1.7 borrador secreto", 3)
    server = start_preview(state, 0, "prueba")
    port = server.server_address[1]

    @settings(max_examples=examples(60), deadline=None)
    @given(
        st.sampled_from(["/", "/version", "/report.pdf", "/x", "//", "/version/"]),
        st.lists(st.sampled_from(QUERY_CHARACTERS), max_size=40).map("".join),
        st.sampled_from(["127.0.0.1", "localhost", "[::1]", "evil.example", "127.0.0.1.nip.io", ""]),
    )
    def request(path, query, host):
        target = (path + "?" + query).replace(" ", "%20").encode("utf-8").decode("latin-1")
        status, body = ask(port, target, host)
        if host in ("127.0.0.1", "localhost", "[::1]"):
            assert status in (200, 400, 404, 414)
        else:
            assert status == 421 and b"borrador" not in body

    try:
        request()
    finally:
        server.shutdown()
        server.server_close()
    assert "Traceback" not in capfd.readouterr().err


def test_a_translation_is_held_to_the_same_markdown_rules(edition_copy, capsys):
    path = edition_copy / "gobiernos" / "05-rosario.en.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nWe used the <Decidim> platform.\n", encoding="utf-8")
    line = path.read_text(encoding="utf-8").count("\n")
    status = main(["check", "--edition", str(edition_copy), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert f"05-rosario.en.md:{line}:13: field «descripcion»: «<Decidim>» is read as an HTML tag" in err
