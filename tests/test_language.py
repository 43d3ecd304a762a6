"""A third language needs only catalogues and content files: a throwaway «pt» catalogue
folder, installed beside the real ones, and the tiny fixture edition's `.pt` files give a
Portuguese report and Portuguese messages, with no change to code, templates or styles."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po
from pypdf import PdfReader

import report.locale
from report import pipeline
from report.commands.cli import main
from report.locale import INTERFACE, TOOL, languages
from report.render.variant import Variant

from .conftest import MINI, ROOT

TRANSLATION = ROOT / "tests" / "fixtures" / "pt"  # MINI's content files in «pt»
# The words the test looks for, really translated; every other msgid is marked «pt».
PORTUGUESE = {
    "Contenido": "Sumário",
    "Presentación": "Apresentação",
    "El programa en cifras": "O programa em números",
    "Otras actividades conjuntas": "Outras atividades conjuntas",
    "Laboratorios": "Laboratórios",
}
TOOL_WORDS = {
    "problems_count": ("1 problema no conteúdo:", "{count} problemas no conteúdo:"),
    "label_field": "campo «{field}»",
    "label_value": "(valor: {value})",
    "greater_than_equal": "espera-se um número maior ou igual a {limit}",
    "check_ok": "{edition}: a edição é válida ({governments}, {projects}).",
    "count_governments": ("{count} governo", "{count} governos"),
    "count_projects": ("{count} projeto", "{count} projetos"),
}


def write_catalogue(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        write_po(stream, catalog)


@pytest.fixture
def portuguese(tmp_path, monkeypatch):
    """The project's catalogues with a «pt» folder added; the code is the project's own."""
    locale = tmp_path / "locale"
    shutil.copytree(report.locale.LOCALE_DIR, locale, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (locale / "messages.pot").open("rb") as stream:
        template = read_po(stream)
    interface = Catalog(locale="pt")
    for entry in template:
        if not entry.id:
            continue
        if isinstance(entry.id, tuple):  # as many forms as Portuguese has (CLDR), the last the plural
            forms = [entry.id[0], *[entry.id[1]] * (interface.num_plurals - 1)]
            interface.add(entry.id, tuple(f"«pt» {form}" for form in forms))
        else:
            interface.add(entry.id, PORTUGUESE.get(entry.id, f"«pt» {entry.id}"))
    write_catalogue(locale / "pt" / "LC_MESSAGES" / f"{INTERFACE}.po", interface)
    tool = Catalog(locale="pt")
    for code, text in TOOL_WORDS.items():
        if isinstance(text, tuple):
            tool.add((code, f"{code}_plural"), (text[0], *[text[1]] * (tool.num_plurals - 1)))
        else:
            tool.add(code, text)
    write_catalogue(locale / "pt" / "LC_MESSAGES" / f"{TOOL}.po", tool)
    monkeypatch.setattr(report.locale, "LOCALE_DIR", locale)
    return locale


@pytest.fixture
def edition(tmp_path):
    """The tiny edition with its «pt» translation files beside the Spanish ones."""
    target = tmp_path / "content" / "2022"
    shutil.copytree(MINI, target)
    shutil.copytree(TRANSLATION, target, dirs_exist_ok=True)
    return target


def test_a_catalogue_folder_adds_a_language(portuguese):
    assert languages() == ("es", "en", "pt")


@pytest.mark.pdf
def test_a_portuguese_report_from_catalogues_and_content_files(portuguese, edition, tmp_path):
    output = pipeline.build(edition, tmp_path / "out", Variant(lang="pt"))
    assert output.pdf.name == "ip360-informe-2022-pt.pdf"
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in PdfReader(output.pdf).pages))
    for words in PORTUGUESE.values():
        assert words in text, words
    assert "Cidades que aprendem" in text  # edicion.pt.yml
    assert "Niterói abriu seus dados" in text and "Oficina de governo aberto" in text  # gobiernos/01-niteroi.pt.md
    assert "Encontro de equipes de inovação" in text  # proyectos/01-rede.pt.md
    assert "1.234" in text or "1 234" in text  # CLDR's Portuguese grouping
    assert "Brasil" in text
    with pikepdf.open(output.pdf) as pdf:
        assert str(pdf.Root.Lang) == "pt"


def test_the_command_line_speaks_the_new_language(portuguese, edition, capsys):
    assert main(["check", "--edition", str(edition), "--lang", "pt"]) == 0
    assert "a edição é válida (1 governo, 1 projeto)." in capsys.readouterr().err
    path = edition / "gobiernos" / "01-niteroi.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("participantes: 1234", "participantes: -4"), encoding="utf-8"
    )
    assert main(["check", "--edition", str(edition), "--lang", "pt"]) == 1
    err = capsys.readouterr().err
    assert "1 problema no conteúdo:" in err
    assert "campo «curso.participantes»: espera-se um número maior ou igual a 0 (valor: -4)" in err


def test_without_its_catalogue_the_language_does_not_exist(edition, capsys):
    assert "pt" not in languages()
    assert main(["check", "--edition", str(edition), "--lang", "pt"]) == 2
    assert "«pt» no es un idioma del informe" in capsys.readouterr().err
    assert main(["check", "--edition", str(edition)]) == 1  # and its files are not translations
    assert "01-niteroi.pt.md: «pt» no es un idioma del informe" in capsys.readouterr().err
