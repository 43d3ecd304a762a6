"""Short profiles are set compactly (`report/render/compact.py`): decided from the content,
the same way in every build and language; no WeasyPrint needed (the pages themselves are
tested in test_pagination and test_preflight)."""

from __future__ import annotations

import re

import pytest

from report.content.schema import Image
from report.render.compact import SHORT_TEXT, is_compact, text_length
from report.render.variant import Variant

from .conftest import EDITION_2021, ROOT, edit, edition_of
from .test_editions import html_of


def _compact_ids(html: str) -> set[str]:
    return set(re.findall(r'<article class="profile compact" id="gobierno-([^"]+)"', html))


def test_a_two_line_profile_is_compact_a_long_one_or_one_with_a_photo_is_not(edition_copy):
    edition = edition_of(edition_copy)
    short = next(g for g in edition.governments if g.id == "lujan")
    assert not is_compact(short)  # 2020's shortest still fills the column beside its facts
    two_lines = short.model_copy(update={"description": "Luján se sumó al programa.", "activities": []})
    assert is_compact(two_lines)
    assert not is_compact(two_lines.model_copy(update={"description": "x" * (SHORT_TEXT + 1)}))
    photo = Image.model_construct(file="imagenes/lujan.jpg", alt="La plaza de Luján")  # its file is not read here
    assert not is_compact(two_lines.model_copy(update={"image": photo}))


def test_the_labs_panel_and_the_activities_count_as_text(edition_copy):
    edition = edition_of(edition_copy)
    with_labs = next(g for g in edition.governments if g.labs is not None)
    labs = with_labs.labs
    assert labs is not None
    alone = len(with_labs.description) + sum(len(a) for a in with_labs.activities)
    assert text_length(with_labs) == alone + len(labs.description) + sum(map(len, labs.topics)) + len(
        labs.closing or ""
    )


@pytest.mark.parametrize("lang", ["es", "en"])
def test_2021_s_two_line_profiles_are_compact_and_2020_s_are_not(lang):
    assert _compact_ids(html_of(ROOT / "content" / "2020", Variant(lang))) == set()
    compact = _compact_ids(html_of(EDITION_2021, Variant(lang)))
    # Every profile but Bogotá's, which runs over a page.
    assert "bogota" not in compact and {"niteroi", "montevideo", "cuenca", "cordoba"} <= compact
    assert len(compact) == 13


def test_a_profile_grown_past_the_limit_is_set_normally(tmp_path):
    import shutil

    target = tmp_path / "2021"
    shutil.copytree(EDITION_2021, target)
    path = target / "gobiernos" / "07-niteroi.md"
    old = "creó un consejo joven de innovación."
    edit(path, old, old + " El consejo se reúne cada mes con el equipo municipal." * 8)
    assert "niteroi" not in _compact_ids(html_of(target))
    assert "recife" in _compact_ids(html_of(target))
