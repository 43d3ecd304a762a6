"""`build.py new`: a new edition from an earlier one fails `check` with exactly the
yearly fields to fill in, each located; once filled in, it builds."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
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
    """What a person must fill in or decide: the title and subtitle, each figure, the
    letter, and per government its participants, and its labs and activities where it had them."""
    expected = {("content/2021/edicion.yml", f"cifras.{figure.key}.valor") for figure in edition.info.published}
    expected |= {("content/2021/edicion.yml", "titulo"), ("content/2021/edicion.yml", "subtitulo")}
    expected |= {("content/2021/carta.md", "cuerpo")}
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
    assert len(found) == 2 + 9 + 1 + 10 + 2 * 4 + 8  # title, subtitle, figures, letter, participants, labs, activities
    for problem in problems:
        assert problem.line is not None, problem
        if problem.field.startswith("cifras."):  # a figure is a decision: this year's value, or none
            assert text_of(problem).startswith("sin decidir"), problem
            assert "borre la cifra entera" in text_of(problem), problem
        elif problem.field != "cuerpo":
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
    text = text.replace("subtitulo:\n", "subtitulo: Informe de gestión 2021\n", 1)
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
    """Last year's English title, subtitle, letter and activities are not carried over: once
    the Spanish is filled in, the English edition lists them as untranslated. What is kept
    is stamped field by field: nothing is outdated until its Spanish changes, and then
    that field, at its line, is."""
    fill(new_edition, edition_2020)
    assert sorted(p.name for p in (EDITION_2020 / "gobiernos").glob("*.en.md")), "the 2020 edition has English profiles"
    english = (new_edition / "edicion.en.yml").read_text(encoding="utf-8")
    assert "Disruptive Governments" not in english and "Management report" not in english
    prepared = pipeline.load(new_edition, Variant(lang="en"))
    untranslated = {(Path(p.file).name, p.field) for p in prepared.missing}
    assert ("carta.en.md", "cuerpo") in untranslated
    assert ("edicion.en.yml", "titulo") in untranslated
    assert ("edicion.en.yml", "subtitulo") in untranslated
    assert ("05-rosario.en.md", "actividades") in untranslated
    assert ("02-tucuman.en.md", "laboratorios.descripcion") in untranslated
    assert not any(field == "descripcion" for _, field in untranslated)  # profile texts stay translated
    assert prepared.outdated == ()  # what was kept translates Spanish that is still the same

    info = new_edition / "edicion.yml"
    info.write_text(
        info.read_text(encoding="utf-8").replace(
            "etiqueta: laboratorios de cocreación", "etiqueta: laboratorios híbridos"
        ),
        encoding="utf-8",
    )
    rosario = new_edition / "gobiernos" / "05-rosario.md"
    rosario.write_text(
        rosario.read_text(encoding="utf-8").replace("Rosario cuenta con", "Rosario ya cuenta con"), encoding="utf-8"
    )
    outdated = pipeline.load(new_edition, Variant(lang="en")).outdated
    named = [(Path(p.file).name, p.field) for p in outdated]
    assert sorted(named) == [("05-rosario.en.md", "descripcion"), ("edicion.en.yml", "cifras.laboratorios.etiqueta")]
    label = next(p for p in outdated if p.field == "cifras.laboratorios.etiqueta")
    lines = (new_edition / "edicion.en.yml").read_text(encoding="utf-8").splitlines()
    assert lines[label.line - 1].strip() == "etiqueta: co-creation labs"  # located at the stale English


def test_new_from_the_command_line(tmp_path, capsys):
    target = tmp_path / "content" / "borrador"
    assert main(["new", str(target), "--from", str(EDITION_2020)]) == 1  # no year in the name
    assert not target.exists()
    capsys.readouterr()
    assert main(["new", str(target), "--from", str(EDITION_2020), "--year", "2022"]) == 0
    assert "Sin terminal no se pregunta" in capsys.readouterr().err  # a script is told it was not asked
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


def test_a_translation_that_was_already_outdated_has_every_field_named(tmp_path):
    """When the source's English no longer matched its Spanish, nothing vouches for any of
    its fields: the new edition's `check --lang en` names each translated one."""
    source = tmp_path / "content" / "2020"
    shutil.copytree(EDITION_2020, source)
    info = source / "edicion.yml"
    info.write_text(
        info.read_text(encoding="utf-8").replace(
            "etiqueta: diagnósticos", "etiqueta: diagnósticos de gobierno abierto"
        ),
        encoding="utf-8",
    )
    target = tmp_path / "content" / "2021"
    scaffold(target, source, keep=["todos"])
    english = (target / "edicion.en.yml").read_text(encoding="utf-8")
    assert english.startswith("original: {}\n")
    edition_2020 = load_edition(EDITION_2020).edition
    fill(target, edition_2020)
    outdated = {
        p.field for p in pipeline.load(target, Variant(lang="en")).outdated if p.file.endswith("edicion.en.yml")
    }
    assert {"cifras.diagnosticos.etiqueta", "cifras.gobiernos.etiqueta", "cierre.mision"} <= outdated
    # Rosario's English was up to date: its fields keep their stamps, nothing of it is named.
    assert not [p for p in pipeline.load(target, Variant(lang="en")).outdated if "rosario" in p.file]


def test_a_new_edition_from_a_new_edition_keeps_the_stamps_that_still_match(tmp_path, edition_2020):
    first = tmp_path / "content" / "2021"
    scaffold(first, EDITION_2020, keep=["todos"])
    fill(first, edition_2020)
    second = tmp_path / "content" / "2022"
    scaffold(second, first, keep=["todos"])
    fill(second, edition_2020)
    assert pipeline.load(second, Variant(lang="en")).outdated == ()
    stamps = yaml.safe_load((second / "edicion.en.yml").read_text(encoding="utf-8"))["original"]
    assert stamps["cifras.laboratorios.etiqueta"] and "titulo" not in stamps  # 2021 changed its title


def test_a_new_edition_does_not_cite_last_years_report(tmp_path):
    """The report's own address is yearly: dropped, so «Cómo citar» falls back to the
    website until this year's address is written; credits and licence are kept."""
    target = tmp_path / "content" / "2022"
    scaffold(target, ROOT / "tests" / "fixtures" / "2021", keep=["todos"])
    text = (target / "edicion.yml").read_text(encoding="utf-8")
    assert "enlace_informe" not in text and "informe-2021" not in text
    assert "licencia: Creative Commons" in text and "Coordinación editorial: Ana Gómez" in text
