"""`build.py new`: a new edition from an earlier one fails `check` with exactly the
yearly fields to fill in, each located; once filled in, it builds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from report import pipeline
from report.commands.cli import main
from report.commands.scaffold import scaffold
from report.content.loader import load_edition
from report.problems import ContentError
from report.render.variant import Variant

from .conftest import EDITION_2020, ROOT, text_of


@pytest.fixture(scope="module")
def edition_2020():
    return load_edition(EDITION_2020).edition


@pytest.fixture
def new_edition(tmp_path) -> Path:
    target = tmp_path / "content" / "2021"
    scaffold(target, EDITION_2020, keep=["todos"])
    return target


def problems_of(edition: Path) -> list:
    with pytest.raises(ContentError) as caught:
        load_edition(edition, edition.parent.parent)
    return caught.value.problems


def expected_fields(edition) -> set[tuple[str, str]]:
    """What a person must fill in: the title, each figure's value, the letter, and per
    government its participants, and its labs and activities where it had them."""
    expected = {("content/2021/edicion.yml", f"cifras.{figure.key}.valor") for figure in edition.info.published}
    expected |= {("content/2021/edicion.yml", "titulo"), ("content/2021/carta.md", "cuerpo")}
    for path in sorted((EDITION_2020 / "gobiernos").glob("*.md")):
        if path.name.count(".") > 1:
            continue  # a translation
        government = next(g for g in edition.governments if path.stem.endswith(g.id))
        name = f"content/2021/gobiernos/{path.name}"
        expected.add((name, "curso.participantes"))
        if government.labs:
            expected |= {(name, "laboratorios.cantidad"), (name, "laboratorios.descripcion")}
        if government.activities:
            expected.add((name, "actividades"))
    return expected


def test_a_fresh_scaffold_lists_exactly_what_to_fill_in(new_edition, edition_2020):
    problems = problems_of(new_edition)
    found = [(p.file, p.field) for p in problems]
    assert len(found) == len(set(found)), "a field reported twice"
    assert set(found) == expected_fields(edition_2020)
    assert len(found) == 1 + 9 + 1 + 10 + 2 * 4 + 8  # title, figures, letter, participants, labs, activities
    for problem in problems:
        assert problem.line is not None, problem
        if problem.field != "cuerpo":
            assert text_of(problem).startswith("está vacío"), problem


def test_the_scaffold_keeps_what_lasts_and_sets_the_year(new_edition):
    text = (new_edition / "edicion.yml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/edicion.schema.json\n")
    assert re.search(r"^año: 2021$", text, re.M)
    assert "sitio_web: www.innova360.asuntosdelsur.org" in text
    assert "etiqueta: laboratorios de cocreación" in text and "control: suma_laboratorios" in text
    assert "Gobiernos disruptivos" not in text  # last year's title
    rosario = (new_edition / "gobiernos" / "05-rosario.md").read_text(encoding="utf-8")
    assert "nombre: Rosario\ntipo: municipio\npais: AR\n" in rosario
    assert "Observatorio de seguridad pública" not in rosario.split("---")[1]  # last year's activities
    assert "Infraestructura de Datos Espaciales de Rosario" in rosario  # the profile text stays
    assert [p.name for p in (new_edition / "proyectos").iterdir()] == [".gitkeep"]  # last year's projects stay there
    assert not (new_edition / "carta.en.md").exists()  # last year's letter, in no language
    assert "Disruptive" not in (new_edition / "edicion.en.yml").read_text(encoding="utf-8")
    assert "brio" not in (new_edition / "CORRECCIONES.md").read_text(encoding="utf-8")


def test_only_the_governments_that_continue(tmp_path):
    target = tmp_path / "content" / "2021"
    scaffold(target, EDITION_2020, keep=["rosario", "medellin"])
    assert sorted(p.name for p in (target / "gobiernos").iterdir()) == [
        "05-rosario.en.md",
        "05-rosario.md",
        "08-medellin.en.md",
        "08-medellin.md",
    ]
    with pytest.raises(ContentError) as caught:
        scaffold(tmp_path / "content" / "2022", EDITION_2020, keep=["rosario", "cordoba"])
    [problem] = caught.value.problems
    assert "cordoba" in text_of(problem) and "bahia-blanca" in text_of(problem)
    assert not (tmp_path / "content" / "2022").exists()


def fill(edition: Path, edition_2020) -> None:
    """Fill the emptied fields as a person would, line by line in the files."""
    info = edition / "edicion.yml"
    text = info.read_text(encoding="utf-8").replace("titulo:\n", "titulo: Gobiernos que aprenden\n", 1)
    for figure in edition_2020.info.published:
        text = text.replace(
            f"- clave: {figure.key}\n    valor:\n", f"- clave: {figure.key}\n    valor: {figure.value}\n", 1
        )
    info.write_text(text, encoding="utf-8")
    letter = edition / "carta.md"
    letter.write_text(letter.read_text(encoding="utf-8") + "Carta de prueba de la edición 2021.\n", encoding="utf-8")
    # Last year's numbers per government: the published totals must agree with the profiles.
    by_id = {g.id: g for g in edition_2020.governments}
    for path in (edition / "gobiernos").glob("*.md"):
        if path.name.count(".") > 1:
            continue  # translations: what they lack falls back to Spanish
        government = by_id[path.stem.split("-", 1)[1]]
        text = path.read_text(encoding="utf-8")
        text = text.replace("  participantes:\n", f"  participantes: {government.course.participants}\n")
        if government.labs:
            text = text.replace("  cantidad:\n", f"  cantidad: {government.labs.count}\n")
        text = text.replace("  descripcion:\n", "  descripcion: Dos talleres de prueba.\n")
        text = text.replace("\nactividades:\n", "\nactividades:\n  - Actividad de prueba 2021.\n")
        path.write_text(text, encoding="utf-8")


@pytest.mark.pdf
def test_a_filled_scaffold_builds(new_edition, edition_2020, tmp_path):
    fill(new_edition, edition_2020)
    output = pipeline.build(new_edition, tmp_path / "dist")
    assert output.pdf.name == "ip360-informe-2021-es.pdf"
    text = "".join(page.extract_text() or "" for page in PdfReader(output.pdf).pages)
    assert "Carta de prueba de la edición 2021." in text
    assert "Actividad de prueba 2021." in text
    assert "Dos talleres de prueba." in text
    assert "Gobiernos que aprenden" in text.replace("\n", " ")


def test_translations_of_yearly_text_wait_for_their_translator(new_edition, edition_2020):
    """Last year's English title, letter and activities are not carried over: once the
    Spanish is filled in, the English edition lists them as untranslated, and every
    translation whose Spanish changed as outdated, instead of failing."""
    fill(new_edition, edition_2020)
    assert sorted(p.name for p in (EDITION_2020 / "gobiernos").glob("*.en.md")), "the 2020 edition has English profiles"
    prepared = pipeline.load(new_edition, Variant(lang="en"))
    untranslated = {(Path(p.file).name, p.field) for p in prepared.missing}
    assert ("carta.en.md", "cuerpo") in untranslated
    assert ("edicion.en.yml", "titulo") in untranslated
    assert ("05-rosario.en.md", "actividades") in untranslated
    assert ("02-tucuman.en.md", "laboratorios.descripcion") in untranslated
    assert not any(field == "descripcion" for _, field in untranslated)  # profile texts stay translated
    outdated = {Path(p.file).name for p in prepared.outdated}
    assert {"edicion.en.yml", "05-rosario.en.md", "02-tucuman.en.md"} <= outdated


def test_new_from_the_command_line(tmp_path, capsys):
    target = tmp_path / "content" / "borrador"
    assert main(["new", str(target), "--from", str(EDITION_2020)]) == 1  # no year in the name
    assert not target.exists()
    assert main(["new", str(target), "--from", str(EDITION_2020), "--year", "2022"]) == 0
    assert re.search(r"^año: 2022$", (target / "edicion.yml").read_text(encoding="utf-8"), re.M)
    assert main(["new", str(target), "--from", str(EDITION_2020), "--year", "2022"]) == 1  # never overwrites
    assert main(["check", "--edition", str(target)]) == 1
    assert not list((target / "gobiernos").iterdir())  # nobody said which governments continue
    assert "no hay ningún perfil de gobierno" in capsys.readouterr().err
    kept = tmp_path / "content" / "2023"
    assert main(["new", str(kept), "--from", str(EDITION_2020), "--keep-governments", "rosario, jalisco"]) == 0
    assert sorted(p.name for p in (kept / "gobiernos").glob("*.md") if p.name.count(".") == 1) == [
        "05-rosario.md",
        "10-jalisco.md",
    ]
    assert main(["new"]) == 2


def test_a_new_edition_does_not_cite_last_years_report(tmp_path):
    """The report's own address is yearly: dropped, so «Cómo citar» falls back to the
    website until this year's address is written; credits and licence are kept."""
    target = tmp_path / "content" / "2022"
    scaffold(target, ROOT / "tests" / "fixtures" / "2021", keep=["todos"])
    text = (target / "edicion.yml").read_text(encoding="utf-8")
    assert "enlace_informe" not in text and "informe-2021" not in text
    assert "licencia: Creative Commons" in text and "Coordinación editorial: Ana Gómez" in text
