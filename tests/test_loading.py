"""Located errors: each content mistake is reported with file, line, field, value and
what was expected, all at once, in Spanish."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.commands.cli import main
from report.content.loader import load_edition
from report.problems import ContentError

from .conftest import edit, edition_of, text_of, value_of


def problems_of(edition: Path) -> list:
    with pytest.raises(ContentError) as caught:
        load_edition(edition, edition.parent.parent)
    return caught.value.problems


def test_the_2020_edition_is_valid():
    from .conftest import EDITION_2020

    edition = edition_of(EDITION_2020)
    assert [g.id for g in edition.governments][:2] == ["bahia-blanca", "tucuman"]
    assert edition.countries() == ["AR", "CO", "BO", "MX"]


def test_unknown_field_names_the_closest_valid_one(edition_copy):
    edit(edition_copy / "gobiernos" / "05-rosario.md", "pais: AR", "pias: AR")
    missing, unknown = sorted(problems_of(edition_copy), key=lambda p: p.field)
    assert (missing.field, text_of(missing)) == ("pais", "falta este campo obligatorio")
    problem = unknown
    assert problem.file == "content/2020/gobiernos/05-rosario.md"
    assert (problem.line, problem.field) == (4, "pias")
    assert "¿quiso decir «pais»?" in text_of(problem)


def test_wrong_type_gives_line_value_and_expectation(edition_copy):
    edit(edition_copy / "gobiernos" / "01-bahia-blanca.md", "participantes: 35", "participantes: treinta y cinco")
    [problem] = problems_of(edition_copy)
    assert (problem.line, problem.field) == (6, "curso.participantes")
    assert value_of(problem) == "«treinta y cinco»"
    assert "número entero" in text_of(problem)


def test_missing_required_field(edition_copy):
    edit(edition_copy / "gobiernos" / "10-jalisco.md", "tipo: estado\n", "")
    [problem] = problems_of(edition_copy)
    assert problem.field == "tipo"
    assert text_of(problem) == "falta este campo obligatorio"
    assert problem.file.endswith("10-jalisco.md")


def test_unknown_country_code(edition_copy):
    edit(edition_copy / "gobiernos" / "09-la-paz.md", "pais: BO", "pais: XY")
    [problem] = problems_of(edition_copy)
    assert (problem.field, value_of(problem), problem.line) == ("pais", "«XY»", 4)
    assert "ISO 3166-1" in text_of(problem)


def test_duplicate_id(edition_copy):
    source = edition_copy / "gobiernos" / "05-rosario.md"
    (edition_copy / "gobiernos" / "11-rosario.md").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    [problem] = problems_of(edition_copy)
    assert problem.file.endswith("11-rosario.md")
    assert problem.field == "id"
    assert "ya lo usa content/2020/gobiernos/05-rosario.md" in text_of(problem)


def test_missing_image(edition_copy):
    edit(
        edition_copy / "gobiernos" / "08-medellin.md",
        "pais: CO\n",
        "pais: CO\nimagen:\n  archivo: imagenes/medellin.jpg\n  alt: Vista de Medellín\n",
    )
    [problem] = problems_of(edition_copy)
    assert (problem.field, value_of(problem)) == ("imagen.archivo", "«imagenes/medellin.jpg»")
    assert "no existe" in text_of(problem)


def test_every_problem_is_reported_at_once(edition_copy):
    edit(edition_copy / "gobiernos" / "05-rosario.md", "pais: AR", "pias: AR")
    edit(edition_copy / "edicion.yml", "año: 2020", "año: dos mil veinte")
    edit(edition_copy / "proyectos" / "02-arandulab.md", "pais: BO", "pais: XX")
    problems = problems_of(edition_copy)
    assert len(problems) == 4  # pias unknown, pais then missing, año, pais XX
    assert {p.file.split("/")[-1] for p in problems} == {"05-rosario.md", "edicion.yml", "02-arandulab.md"}


def test_check_command_reports_in_spanish_without_traceback(edition_copy, capsys):
    edit(edition_copy / "gobiernos" / "02-tucuman.md", "participantes: 17", "participantes: -17")
    status = main(["check", "--edition", str(edition_copy)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    assert "02-tucuman.md:6:" in err and "curso.participantes" in err and "mayor o igual que 0" in err


def test_check_command_accepts_a_valid_edition(capsys):
    assert main(["check"]) == 0
    assert "válida" in capsys.readouterr().err
