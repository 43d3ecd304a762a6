"""The corpus of bad inputs (tests/corpus/casos.yml, against its own edition in
tests/corpus/edicion/2020/): each gets exactly its located problems,
in Spanish and, for some, in English, and `check` prints them without a traceback."""

from __future__ import annotations

import pytest

from report.commands.cli import main
from report.content.loader import load_edition
from report.problems import ContentError
from report.render.brand import load_brand

from .conftest import worded, writable_copy
from .corpus import EDITION, apply_case, load_cases

CASES = load_cases()


@pytest.fixture
def edition_copy(tmp_path):
    """A writable copy of the corpus's own edition (not content/2020), at content/2020 as the
    cases' locations say."""
    return writable_copy(EDITION, tmp_path / "content" / "2020")


def test_the_corpus_is_large_and_every_case_expects_something():
    assert len(CASES) >= 80
    assert len({case["id"] for case in CASES}) == len(CASES)
    assert all(case["expect"] and case["expect_en"] for case in CASES)  # every case in both languages


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_bad_input_gets_its_message(case, edition_copy, capsys):
    apply_case(edition_copy, case)
    root = edition_copy.parent.parent
    with pytest.raises(ContentError) as caught:
        load_edition(edition_copy, root, glyphs=load_brand().glyphs())  # as `check` loads it
    for lang, key in (("es", "expect"), ("en", "expect_en")):  # problems are worded when shown
        assert [worded(problem, lang) for problem in caught.value.problems] == case[key]

    status = main(["check", "--edition", str(edition_copy)])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    for expected in case["expect"]:  # the CLI shows absolute paths for a folder outside the project
        location, rest = expected.split(": ", 1)
        assert location.removeprefix("content/") in err and rest.rsplit(": ", 1)[-1] in err


def test_check_in_english_words_the_problems_in_english(edition_copy, capsys):
    path = edition_copy / "gobiernos" / "05-rosario.en.md"
    path.write_text(path.read_text(encoding="utf-8").replace("actividades:", "actividades: [", 1), encoding="utf-8")
    apply_case(
        edition_copy,
        {
            "id": "en",
            "edits": [{"file": "gobiernos/02-tucuman.md", "replace": ["participantes: 17", "participantes: -17"]}],
        },
    )
    status = main(["check", "--edition", str(edition_copy), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 1
    assert "1 problem in the content:" in err
    assert (
        "02-tucuman.md:6:3: field «curso.participantes»: a number greater than or equal to 0 is expected (value: -17)"
        in err
    )

    edition_copy.joinpath("gobiernos", "02-tucuman.md").write_text(
        edition_copy.joinpath("gobiernos", "02-tucuman.md").read_text(encoding="utf-8").replace("-17", "17"),
        encoding="utf-8",
    )
    status = main(["check", "--edition", str(edition_copy), "--lang", "en"])
    err = capsys.readouterr().err
    assert status == 1
    assert "05-rosario.en.md:5:3: YAML syntax error:" in err
