"""Derived figures are computed from the profiles; hand-entered programme figures that
the profiles can check are checked, and a contradiction names both numbers and files."""

from __future__ import annotations

from pathlib import Path

import pytest

from report import pipeline
from report.commands.cli import main
from report.problems import ContentError
from report.render.totals import totals
from report.render.variant import Variant

from .conftest import EDITION_2020, edit, edition_of, worded


def set_figure(edition: Path, key: str, old: int, new: int) -> None:
    """Change one published figure's value in edicion.yml, as a person would."""
    edit(edition / "edicion.yml", f"- clave: {key}\n    valor: {old}\n", f"- clave: {key}\n    valor: {new}\n")


def check_problems(edition: Path) -> list:
    with pytest.raises(ContentError) as caught:
        pipeline.load(edition)
    return caught.value.problems


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_figures_are_computed_from_the_profiles():
    figures = totals(edition_of(EDITION_2020))
    by_country = {c.code: (len(c.governments), c.participants, c.labs) for c in figures.countries}
    assert by_country == {"AR": (6, 249, 5), "CO": (2, 157, 3), "BO": (1, 60, 1), "MX": (1, 36, 0)}
    assert (figures.governments, figures.participants, figures.labs) == (10, 502, 9)


def test_the_2020_figures_agree_with_the_profiles():
    assert next(f.value for f in pipeline.load(EDITION_2020).edition.info.published if f.key == "laboratorios") == 9


def test_labs_total_that_contradicts_the_profiles_names_both_numbers_and_files(edition_copy):
    set_figure(edition_copy, "laboratorios", 9, 8)
    [problem] = check_problems(edition_copy)
    assert problem.file.endswith("content/2020/edicion.yml")
    assert problem.line == line_of(edition_copy / "edicion.yml", "valor: 8")
    assert problem.field == "cifras.laboratorios" and problem.value == 8
    text = worded(problem)
    assert "la suma 9 de" in text and "content/2020/gobiernos/*.md" in text and "laboratorios.cantidad" in text
    assert "09-la-paz.md: 1" in text and "01-bahia-blanca.md: 3" in text


def test_a_profile_that_changes_the_labs_sum_is_caught(edition_copy):
    edit(edition_copy / "gobiernos" / "09-la-paz.md", "cantidad: 1", "cantidad: 2")
    [problem] = check_problems(edition_copy)
    assert problem.field == "cifras.laboratorios"
    assert "la suma 10 de" in worded(problem) and "09-la-paz.md: 2" in worded(problem)


def test_participants_may_not_exceed_course_enrolments(edition_copy):
    set_figure(edition_copy, "inscripciones_curso", 783, 500)
    [problem] = check_problems(edition_copy)
    assert problem.field == "cifras.inscripciones_curso" and problem.value == 500
    assert problem.line == line_of(edition_copy / "edicion.yml", "valor: 500")
    assert "la suma 502 de" in worded(problem) and "curso.participantes" in worded(problem)


@pytest.mark.pdf
def test_every_contradiction_is_reported_at_once_and_the_build_fails(edition_copy, tmp_path, capsys):
    set_figure(edition_copy, "gobiernos", 19, 9)
    set_figure(edition_copy, "paises", 4, 3)
    set_figure(edition_copy, "laboratorios", 9, 7)
    fields = sorted(p.field for p in check_problems(edition_copy))
    assert fields == ["cifras.gobiernos", "cifras.laboratorios", "cifras.paises"]
    out = tmp_path / "out"
    assert main(["build", "--edition", str(edition_copy), "--out", str(out)]) == 1
    assert not out.exists() or not any(out.iterdir())
    assert "cifras.laboratorios" in capsys.readouterr().err


def test_country_editions_check_the_whole_programme_not_the_country():
    # Argentina alone has 5 labs; the programme's 9 is checked against all profiles.
    edition = pipeline.load(EDITION_2020, Variant(country="AR")).edition
    assert totals(edition).labs == 5
