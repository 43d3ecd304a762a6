"""`compare`, `build --against`: the proof of what changed between two PDFs.

Small PDFs are written with WeasyPrint from tiny HTML (five A6 pages with folios), so each
change is exactly the one the test makes; the 2020 edition shows the routine of the
handbook (approve, edit one word, build --against the approved copy)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from report.commands import cli
from report.locale import say
from report.proof import (
    Document,
    Edit,
    Page,
    align,
    changed_regions,
    compare,
    open_document,
    open_pdf,
    page_list,
    proof_html,
    proof_path,
    summary,
    word_edits,
    write_references,
)

from .conftest import ROOT, edit

LATO = ROOT / "styles" / "fonts" / "lato" / "Lato-Regular.ttf"

PAGES = [
    ("Presentación", "El programa acompañó a gobiernos de cuatro países durante un año de trabajo conjunto."),
    ("Cifras", "Diecinueve gobiernos subnacionales participaron del curso y de los laboratorios de innovación."),
    ("Rosario", "La ciudad avanzó rápidamente en su portal de datos abiertos con la participación de sus vecinos."),
    ("Medellín", "El laboratorio trabajó con el equipo de planeación en un banco de ideas ciudadanas."),
    ("Cierre", "Agradecemos a cada equipo de gobierno por su compromiso con la innovación pública."),
]
INSERTED = ("Una página nueva", "Esta página no existía en la versión aprobada y aparece entre otras dos.")


def write_pdf(path: Path, pages=PAGES, box_colour: str = "#2d6cdf") -> Path:
    """Five A6 pages, each a heading and a paragraph, a folio below; a coloured box on page 2."""
    from weasyprint import HTML

    css = f"""
    @font-face {{ font-family: Test; src: url({LATO.as_uri()}); }}
    @page {{ size: A6; margin: 12mm; @bottom-center {{ content: counter(page); font: 9pt Test; }} }}
    body {{ font: 10pt/1.4 Test; margin: 0; }}
    section {{ break-after: page; }}
    .box {{ width: 30mm; height: 15mm; background: {box_colour}; }}
    """
    sections = []
    for number, (title, text) in enumerate(pages, 1):
        box = '<div class="box"></div>' if number == 2 else ""
        sections.append(f"<section><h1>{title}</h1>{box}<p>{text}</p></section>")
    HTML(string=f"<html lang='es'><style>{css}</style><body>{''.join(sections)}</body></html>").write_pdf(path)
    return path


@pytest.fixture(scope="module")
def approved(tmp_path_factory) -> Path:
    return write_pdf(tmp_path_factory.mktemp("pdfs") / "aprobado.pdf")


def run(capsys, *argv: str) -> tuple[int, str]:
    status = cli.main(["compare", *argv])
    return status, capsys.readouterr().err


# ------------------------------------------------------------------ with real PDFs


@pytest.mark.pdf
def test_identical_files_have_no_changes(approved, tmp_path, capsys):
    again = write_pdf(tmp_path / "nuevo.pdf")
    status, said = run(capsys, str(approved), str(again), "--out", str(tmp_path))
    assert status == 0
    assert "sin cambios (5 páginas iguales)" in said
    proof = tmp_path / "nuevo-cambios.html"
    assert "sin cambios" in proof.read_text(encoding="utf-8")
    status, said = run(capsys, str(approved), str(again), "--out", str(tmp_path), "--lang", "en")
    assert status == 0 and "no changes (5 identical pages)" in said


@pytest.mark.pdf
def test_one_word_edit_is_that_page_and_that_word(approved, tmp_path, capsys):
    pages = list(PAGES)
    pages[2] = (pages[2][0], pages[2][1].replace("rápidamente", "lentamente"))
    edited = write_pdf(tmp_path / "nuevo.pdf", pages)
    comparison = compare(open_pdf(approved), open_pdf(edited))
    assert [p.status for p in comparison.pages] == ["same", "same", "changed", "same", "same"]
    changed = comparison.pages[2]
    assert [(e.removed, e.added) for e in changed.edits] == [(("rápidamente",), ("lentamente",))]
    assert changed.regions, "the renders differ where the word is"

    status, said = run(capsys, str(approved), str(edited), "--out", str(tmp_path))
    assert status == 1
    assert "1 página cambió (p. 3)" in said
    proof = (tmp_path / "nuevo-cambios.html").read_text(encoding="utf-8")
    assert "<del>rápidamente</del>" in proof and "<ins>lentamente</ins>" in proof
    section = proof[proof.index('<section id="p3">') :]
    assert section.count("<img") == 2  # the old and the new page, side by side


@pytest.mark.pdf
def test_a_page_inserted_in_the_middle_is_one_added_page(approved, tmp_path, capsys):
    longer = write_pdf(tmp_path / "nuevo.pdf", [*PAGES[:2], INSERTED, *PAGES[2:]])
    comparison = compare(open_pdf(approved), open_pdf(longer))
    pairs = [(p.status, p.old and p.old.number, p.new and p.new.number) for p in comparison.pages]
    assert pairs == [
        ("same", 1, 1),
        ("same", 2, 2),
        ("added", None, 3),
        # only their folios changed: the same pages, one place later
        ("moved", 3, 4),
        ("moved", 4, 5),
        ("moved", 5, 6),
    ]
    assert say(summary(comparison)) == "1 página agregada (p. 3)"
    assert comparison.exit_status == 1

    status, said = run(capsys, str(longer), str(approved), "--out", str(tmp_path))
    assert status == 1 and "1 página quitada (p. 3 del PDF anterior)" in said


@pytest.mark.pdf
def test_a_colour_change_flags_the_page_with_its_region(approved, tmp_path):
    recoloured = write_pdf(tmp_path / "nuevo.pdf", box_colour="#d61f26")
    comparison = compare(open_pdf(approved), open_pdf(recoloured))
    assert [p.status for p in comparison.pages] == ["same", "changed", "same", "same", "same"]
    page = comparison.pages[1]
    assert page.edits == []  # the same words
    assert len(page.regions) == 1
    x0, y0, x1, y1 = page.regions[0]
    # the box: 30 × 15 mm on an A6 page (105 × 148 mm), below the heading, at the left margin
    assert (x1 - x0) * 105 == pytest.approx(30, abs=1.5)
    assert (y1 - y0) * 148 == pytest.approx(15, abs=1.5)
    assert x0 * 105 == pytest.approx(12, abs=1.5)
    proof = proof_html(comparison, "es")
    assert "cambió su aspecto" in proof
    assert say(summary(comparison)) == "1 página cambió (p. 2)"


@pytest.mark.pdf
def test_the_proof_is_one_self_contained_page(approved, tmp_path):
    pages = list(PAGES)
    pages[0] = (pages[0][0], pages[0][1].replace("cuatro", "<b>cinco</b>"))
    edited = write_pdf(tmp_path / "nuevo.pdf", pages)
    proof = proof_html(compare(open_pdf(approved), open_pdf(edited)), "es")
    sources = re.findall(r'(?:src|href)="([^"#][^"]*)"', proof)
    assert sources and all(source.startswith("data:image/png;base64,") for source in sources)
    assert '<p class="verdict changed">1 página cambió (p. 1)</p>' in proof
    assert '<html lang="es">' in proof and "Página 1" in proof


@pytest.mark.pdf
def test_references_round_trip(approved, tmp_path):
    """A folder of reference renders reads like the PDF it came from."""
    folder = tmp_path / "refs"
    written = write_references(approved, folder)
    assert len(written) == 6 and (folder / "pages.json").is_file()
    references = open_document(folder)
    assert references.fixed == (30, True)
    assert [p.words for p in references.pages] == [p.words for p in open_pdf(approved).pages]
    assert not compare(references, open_pdf(approved)).changed


# ------------------------------------------------------------------ the 2020 edition


@pytest.mark.pdf
def test_one_word_in_a_profile_and_build_against_the_approved_copy(edition_copy, tmp_path, capsys):
    """The handbook's routine: keep the approved PDF, edit, build --against it."""
    out = tmp_path / "dist"
    assert cli.main(["build", "--edition", str(edition_copy), "--out", str(out)]) == 0
    approved_copy = tmp_path / "aprobado" / "ip360-informe-2020-es-aprobado.pdf"
    approved_copy.parent.mkdir()
    shutil.copy(out / "ip360-informe-2020-es.pdf", approved_copy)
    edit(edition_copy / "gobiernos" / "03-hurlingham.md", "voluntariado ciudadano", "voluntariado vecinal")
    capsys.readouterr()

    status = cli.main(["build", "--edition", str(edition_copy), "--out", str(out), "--against", str(approved_copy)])
    said = capsys.readouterr().err
    assert status == 0  # the build succeeded: a change is news, not a failure
    assert "1 página cambió (p. 9)" in said
    proof = out / "ip360-informe-2020-es-cambios.html"
    assert str(proof.name) in said
    page = proof.read_text(encoding="utf-8").split('<section id="p9">')[1]
    assert "<del>ciudadano,</del>" in page and "<ins>vecinal,</ins>" in page
    assert page.count("<img") == 2 and "Anterior · p. 9" in page and "Nueva · p. 9" in page


def test_build_against_a_missing_file_fails_before_building(tmp_path, capsys):
    out = tmp_path / "dist"
    status = cli.main(["build", "--out", str(out), "--against", str(tmp_path / "aprobado.pdf")])
    assert status == 2
    assert "aprobado.pdf: el archivo no existe" in capsys.readouterr().err
    assert not out.exists()


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (None, "el archivo no existe"),
        (
            b"Hola, esto es un texto.\n",
            "no es un PDF (un PDF empieza con «%PDF-»; este empieza con «Hola, esto es un texto.",
        ),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "el PDF está dañado o incompleto"),
        (b"", "no es un PDF"),
    ],
    ids=["missing", "text", "corrupt", "empty"],
)
def test_bad_input_is_a_located_message_and_status_2(tmp_path, capsys, content, said):
    good = tmp_path / "bueno.pdf"
    Image.new("RGB", (50, 70), "white").save(good)
    bad = tmp_path / "malo.pdf"
    if content is not None:
        bad.write_bytes(content)
    for argv in ([str(bad), str(good)], [str(good), str(bad)]):
        status, err = run(capsys, *argv, "--out", str(tmp_path))
        assert status == 2
        assert f"malo.pdf: {said}" in err
        assert "Traceback" not in err
    assert not list(tmp_path.glob("*.html"))


def test_a_folder_that_is_not_references_is_not_a_pdf(tmp_path, capsys):
    good = tmp_path / "bueno.pdf"
    Image.new("RGB", (50, 70), "white").save(good)
    status, err = run(capsys, str(tmp_path), str(good), "--out", str(tmp_path))
    assert status == 2 and "no es un archivo" in err


def test_a_proof_that_cannot_be_written_is_said(tmp_path, capsys):
    good = tmp_path / "bueno.pdf"
    Image.new("RGB", (50, 70), "white").save(good)
    status, err = run(capsys, str(good), str(good), "--out", str(good))  # a file, not a folder
    assert status == 3  # the PDFs were read: only the proof is missing
    assert "sin cambios (1 página igual)" in err
    assert "bueno-cambios.html: no se puede escribir la prueba de cambios" in err and "Traceback" not in err


def test_a_full_disk_leaves_no_half_proof_and_is_said_in_both_languages(tmp_path, capsys, monkeypatch):
    import errno

    good = tmp_path / "bueno.pdf"
    Image.new("RGB", (50, 70), "white").save(good)
    real_write = Path.write_text

    def half_then_full(self, data, *args, **kwargs):
        real_write(self, data[: len(data) // 2], *args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", half_then_full)
    out = tmp_path / "salida"
    for lang, words in (("es", "el disco está lleno"), ("en", "the disk is full")):
        status, err = run(capsys, str(good), str(good), "--out", str(out), "--lang", lang)
        assert status == 3 and words in err.lower() and "No space left on device" not in err, err
        assert list(out.iterdir()) == []  # no partial .tmp proof left for good


def test_a_bad_resolution_is_a_usage_error(tmp_path, capsys):
    status, err = run(capsys, "a.pdf", "b.pdf", "--dpi", "5000")
    assert status == 2 and "«5000» no es una resolución válida" in err


def test_the_command_line_default_resolution_is_compares():
    from report import proof

    assert cli.DEFAULT_DPI == proof.DEFAULT_DPI


# ------------------------------------------------------------------ the parts, without WeasyPrint


def page(number: int, text: str, folio: bool = False) -> Page:
    return Page(number, tuple(text.split()), (0.48, 0.95, 0.52, 0.97) if folio else None, (298.0, 420.0))


def test_pages_align_by_text_not_by_number():
    old = [page(1, "portada"), page(2, "uno dos tres"), page(3, "cuatro cinco"), page(4, "seis siete")]
    new = [page(1, "portada"), page(2, "uno dos tres"), page(3, "nueva página"), page(4, "cuatro cinco")]
    new.append(page(5, "seis siete"))
    assert align(old, new) == [(0, 0), (1, 1), (None, 2), (2, 3), (3, 4)]
    assert align(new, old) == [(0, 0), (1, 1), (2, None), (3, 2), (4, 3)]


def test_numbers_do_not_break_the_alignment():
    """Folios and contents lines change when a page moves: the signature leaves numbers out."""
    old = [page(1, "Contenido Rosario 7 Medellín 9"), page(2, "Rosario 7")]
    new = [page(1, "Contenido Rosario 8 Medellín 10"), page(2, "Rosario 8")]
    assert align(old, new) == [(0, 0), (1, 1)]


def test_edited_pages_pair_by_similarity_and_unlike_pages_stay_apart():
    base = ["la", "ciudad", "avanzó", "en", "su", "portal", "de", "datos", "abiertos", "con", "sus", "vecinos"]
    old = [page(1, " ".join(base)), page(2, "algo que desaparece por completo de la nueva versión")]
    new = [page(1, " ".join(base[:-1] + ["vecinas"])), page(2, "un texto que no se parece en nada al anterior")]
    assert align(old, new) == [(0, 0), (1, None), (None, 1)]


def test_word_edits_carry_their_context():
    old = ["uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez"]
    new = ["uno", "dos", "tres", "cuatro", "cinco", "SEIS", "siete", "ocho", "nueve", "diez"]
    assert word_edits(old, new) == [
        Edit(("seis",), ("SEIS",), ("uno", "dos", "tres", "cuatro", "cinco"), ("siete", "ocho", "nueve", "diez"))
    ]


def test_changed_regions_box_each_area_and_ignore_faint_noise():
    old = np.full((200, 100, 3), 255, dtype=np.uint8)
    new = old.copy()
    new[20:30, 10:40] = (214, 31, 38)  # a red mark
    new[150:160, 60:90] = 0  # a black one, far from it
    new[100, 50] = (240, 240, 240)  # antialiasing noise: too faint to count
    regions = changed_regions(Image.fromarray(old), Image.fromarray(new))
    assert regions == [(0.1, 0.1, 0.4, 0.15), (0.6, 0.75, 0.9, 0.8)]
    assert changed_regions(Image.fromarray(old), Image.fromarray(old)) == []


def test_hyphenation_and_contents_leaders_are_undone():
    from report.proof.read import _words

    words, _ = _words("Demo\ufffe\r\ncracia Viva\r\nRosario.............. 7\r\n")
    assert words == ["Democracia", "Viva", "Rosario", "7"]


def synthetic(pages: list[Page], **data) -> Document:
    """A document whose renders are blank pages: for the words of the summary."""
    return Document(
        name=data.get("name", "x.pdf"),
        pages=pages,
        title=data.get("title", "Informe"),
        lang=data.get("lang", "es"),
        attachments=data.get("attachments", {}),
        size=1000,
        _render=lambda _index, _dpi, _gray: Image.new("RGB", (40, 56), "white"),
    )


def test_summary_words_and_plurals():
    old = synthetic([page(n, f"página {n} " + "palabra " * n) for n in range(1, 11)])
    edited = [page(n, f"página {n} " + "palabra " * n + ("cambio" if n in (3, 4, 5, 8) else "")) for n in range(1, 11)]
    comparison = compare(old, synthetic(edited))
    assert say(summary(comparison)) == "4 páginas cambiaron (pp. 3–5, 8)"
    assert say(summary(comparison), "en") == "4 pages changed (pp. 3–5, 8)"
    assert page_list([9]) == "9" and page_list([1, 2, 3, 5, 7, 8]) == "1–3, 5, 7–8"


def test_the_document_data_counts_as_a_change():
    pages = [page(1, "portada")]
    old = synthetic(pages, attachments={"a.csv": "1", "b.csv": "2"})
    new = synthetic(pages, title="Otro título", lang="en", attachments={"a.csv": "1", "b.csv": "3"})
    comparison = compare(old, new)
    assert comparison.exit_status == 1
    assert say(summary(comparison)) == (
        "cambió el título del documento; cambió el idioma del documento; cambiaron los datos adjuntos"
    )
    assert "cambió el contenido de b.csv" in proof_html(comparison, "es")
    assert compare(old, synthetic(pages, attachments={"a.csv": "1", "b.csv": "2"})).exit_status == 0


def test_words_from_the_pdfs_are_escaped_in_the_proof():
    """A PDF's text is anyone's: a word that is markup shows as the word, escaped by the template."""
    old = synthetic([page(1, "el programa a & b <i> acompañó")])
    new = synthetic([page(1, "el programa <script>alert(1)</script> acompañó")], title="<b>Informe</b>")
    proof = proof_html(compare(old, new), "es")
    assert "<del>a &amp; b &lt;i&gt;</del> <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in proof
    assert "<td>&lt;b&gt;Informe&lt;/b&gt;</td>" in proof
    assert "<script" not in proof and "<i>" not in proof and "<b>Informe" not in proof


def test_the_proof_is_named_after_the_new_pdf(tmp_path):
    assert proof_path("ip360-informe-2020-es.pdf", tmp_path) == tmp_path / "ip360-informe-2020-es-cambios.html"


@pytest.mark.pdf
def test_watch_against_says_what_changed_after_each_rebuild(approved, tmp_path, monkeypatch):
    """The warm rebuilder compares every new PDF with the approved one (the build is faked
    with a small PDF; the real build is tested above)."""
    from io import StringIO

    from rich.console import Console

    from report import pipeline
    from report.commands import watch
    from report.commands.compare import Baseline
    from report.commands.output import Reporter
    from report.render.variant import Variant

    built = tmp_path / "dist" / "ip360-informe-2020-es.pdf"
    built.parent.mkdir()
    texts = iter([PAGES[2][1].replace("rápidamente", "lentamente"), PAGES[2][1]])

    def build(*_args, **_kwargs):
        pages = list(PAGES)
        pages[2] = (pages[2][0], next(texts))
        write_pdf(built, pages)
        return pipeline.Output(pdf=built, html=None, pages=5, size=built.stat().st_size, prepared=None)

    monkeypatch.setattr(watch.pipeline, "build", build)
    output = StringIO()
    report = Reporter(Console(file=output, width=200))
    against = Baseline(approved)
    rebuilder = watch.Rebuilder(tmp_path, built.parent, Variant(), write_html=False, report=report, against=against)
    assert rebuilder.build()
    assert "1 página cambió (p. 3)" in output.getvalue()
    assert (built.parent / "ip360-informe-2020-es-cambios.html").is_file()
    assert rebuilder.build()
    assert output.getvalue().rstrip().splitlines()[-2].endswith("sin cambios (5 páginas iguales)")
    args = cli.parser().parse_args(["watch", "--against", str(approved)])
    assert args.against == approved
