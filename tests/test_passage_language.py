"""`idioma:` on a profile, a project or the letter: text written in another language than
Spanish (a Brazilian profile in Portuguese) is tagged as such, in the HTML (`lang`) and in
the PDF (`/Lang` on its structure elements), in every report language where it is shown as
written."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pikepdf
import pytest

from report import pipeline
from report.content.loader import load_edition
from report.problems import ContentError
from report.render.variant import Variant

from .conftest import EDITION_2021, worded
from .test_editions import html_of

NITEROI = "Este ano acompanhamos Niterói em seu primeiro laboratório de dados abertos."


def portuguese_niteroi(tmp_path: Path, *, english: bool = True) -> Path:
    edition = tmp_path / "content" / "2021"
    shutil.copytree(EDITION_2021, edition)
    profile = edition / "gobiernos" / "07-niteroi.md"
    header = profile.read_text(encoding="utf-8").split("---\n")[1]
    profile.write_text(f"---\n{header}idioma: pt\n---\n{NITEROI}\n", encoding="utf-8")
    if not english:
        (edition / "gobiernos" / "07-niteroi.en.md").unlink()
    return edition


def test_portuguese_text_is_tagged_portuguese_in_every_report_language(tmp_path):
    edition = portuguese_niteroi(tmp_path, english=False)
    spanish = html_of(edition)
    assert re.search(r'<div class="profile-description" lang="pt">\s*<p>' + re.escape(NITEROI), spanish)
    assert re.search(r'<span lang="pt">município</span>', spanish)
    assert 'lang="pt"' not in spanish.replace(spanish[spanish.index("Niterói") :], "")  # nothing before it
    # In English, with no translation, the Portuguese stands in: tagged Portuguese, not Spanish.
    english = html_of(edition, Variant(lang="en"))
    assert re.search(r'<div class="profile-description" lang="pt">\s*<p>' + re.escape(NITEROI), english)
    assert re.search(r'<ul class="diamonds" lang="pt">', english)


def test_a_translated_profile_is_the_report_language(tmp_path):
    edition = portuguese_niteroi(tmp_path)
    english = html_of(edition, Variant(lang="en"))
    assert re.search(r'<ul class="diamonds">\s*<li>Exchange with teams from', english)


def test_an_unknown_language_is_a_located_problem(tmp_path):
    edition = portuguese_niteroi(tmp_path)
    profile = edition / "gobiernos" / "07-niteroi.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("idioma: pt", "idioma: portugués"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_edition(edition, tmp_path)
    [problem] = caught.value.problems
    assert (problem.field, problem.value) == ("idioma", "portugués")
    assert problem.line == profile.read_text(encoding="utf-8").splitlines().index("idioma: portugués") + 1
    assert "no es un código de idioma" in worded(problem) and "is not a known language code" in worded(problem, "en")


def languages_in(pdf: Path) -> tuple[str, dict[str, int]]:
    """The document's language, and how many structure elements carry each `/Lang`."""
    found: dict[str, int] = {}
    with pikepdf.open(pdf) as document:
        for item in document.objects:
            if isinstance(item, pikepdf.Dictionary) and item.get("/S") is not None and "/Lang" in item:
                found[str(item["/Lang"])] = found.get(str(item["/Lang"]), 0) + 1
        return str(document.Root.Lang), found


@pytest.mark.pdf
def test_the_pdf_tags_the_portuguese_passages(mini_copy, tmp_path):
    """The one-government edition, its profile written in Portuguese (no English file)."""
    profile = mini_copy / "gobiernos" / "01-niteroi.md"
    header = profile.read_text(encoding="utf-8").split("---\n")[1]
    profile.write_text(f"---\n{header}idioma: pt\n---\n{NITEROI}\n", encoding="utf-8")
    lang, found = languages_in(pipeline.build(mini_copy, tmp_path / "dist").pdf)
    assert lang == "es" and found.get("pt", 0) >= 2 and set(found) == {"pt"}, found
    lang, found = languages_in(pipeline.build(mini_copy, tmp_path / "dist", Variant(lang="en")).pdf)
    assert lang == "en" and found.get("pt", 0) >= 2, found  # Niterói's stand-in text: Portuguese, not Spanish
