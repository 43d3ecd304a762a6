"""Property: random mutations of valid content either load or fail with located problems.

Never a traceback, never a hang. The YAML header of a government file (or edicion.yml,
or carta.md) is mutated: characters deleted, duplicated or inserted, lines swapped,
values replaced by values of other types. Loading (`check`) must then succeed or raise a
`ContentError` whose every problem names the mutated file and a line. A few real builds
put random text through the whole pipeline.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report import pipeline
from report.content.loader import load_edition
from report.locale import say
from report.problems import BuildError, ContentError

from .conftest import EDITION_2020, worded

TARGETS = [
    "edicion.yml",
    "carta.md",
    "gobiernos/01-bahia-blanca.md",
    "gobiernos/05-rosario.md",
    "gobiernos/07-area-metropolitana-valle-de-aburra.md",
    "gobiernos/10-jalisco.md",
    "proyectos/02-arandulab.md",
]
YAML_CHARACTERS = list(":-[]{}&*!|>'\"#%@`,?\t\n ") + ["a", "Z", "7", "ñ", "“", "\u00a0", "\ufeff", "\x00"]
OTHER_VALUES = [
    "",
    "[]",
    "{}",
    "-5",
    "3.5",
    "1e9",
    "true",
    "null",
    "~",
    '"texto"',
    "[a, b]",
    "{a: 1}",
    "&ancla x",
    "*ancla",
    "!!binary aGVsbG8=",
    "!!python/name:os.system",
    '"',
    "'",
    "2020-01-01",
    "NO",
    ".inf",
    "0x1F",
    "|",
    ">-",
    "- item",
    "? clave",
    "%TAG",
    "{{ 7*7 }}",
    "<script>",
    "a" * 300,
]

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.integers(1, 40)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000), st.integers(1, 40)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.sampled_from(YAML_CHARACTERS)),
    st.tuples(st.just("swap"), st.integers(0, 100), st.integers(0, 100)),
    st.tuples(st.just("value"), st.integers(0, 100), st.sampled_from(OTHER_VALUES)),
)


def mutate(header: str, mutations: list[tuple]) -> str:
    for kind, a, b in mutations:
        if kind in ("delete", "duplicate", "insert"):
            at = a % (len(header) + 1)
            if kind == "delete":
                header = header[:at] + header[at + b :]
            elif kind == "duplicate":
                header = header[:at] + header[at : at + b] * 2 + header[at + b :]
            else:
                header = header[:at] + b + header[at:]
            continue
        lines = header.split("\n")
        if kind == "swap":
            i, j = a % len(lines), b % len(lines)
            lines[i], lines[j] = lines[j], lines[i]
        else:
            keyed = [index for index, line in enumerate(lines) if ":" in line]
            if keyed:
                index = keyed[a % len(keyed)]
                lines[index] = lines[index].split(":", 1)[0] + ": " + b
        header = "\n".join(lines)
    return header


def split(text: str, name: str) -> tuple[str, str, str]:
    """(before, header, after): the YAML part of a content file and what surrounds it."""
    if not name.endswith(".md"):
        return "", text, ""
    end = text.index("\n---\n", 4)
    return "---\n", text[4:end], text[end:]


@pytest.fixture(scope="module")
def workspace():
    root = Path(tempfile.mkdtemp(prefix="mutations-"))
    edition = root / "content" / "2020"
    shutil.copytree(EDITION_2020, edition)
    yield edition
    shutil.rmtree(root)


@settings(max_examples=150, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_content_loads_or_fails_located(workspace, target, mutations):
    path = workspace / target
    original = (EDITION_2020 / target).read_text(encoding="utf-8")
    before, header, after = split(original, target)
    path.write_text(before + mutate(header, mutations) + after, encoding="utf-8")
    try:
        load_edition(workspace, workspace.parent.parent)
    except ContentError as error:
        assert error.problems
        for problem in error.problems:
            # in the mutated file, or a published figure the mutated numbers now contradict
            assert problem.file == f"content/2020/{target}" or problem.code.startswith("crosscheck"), problem
            assert problem.line is not None and problem.line >= 1, problem
            text = worded(problem)  # every problem can be worded, in both languages
            assert text and "Traceback" not in text and worded(problem, "en")
    finally:
        path.write_text(original, encoding="utf-8")


PROSE = st.lists(
    st.sampled_from(
        list("abcñáéíóú ÁÉ¿?¡!.,;:*_#-+>`[]()<>/&\"'{}%\n") + ["{{", "}}", "{%", "%}", "<p>", "</em>", "&amp;"]
    ),
    max_size=200,
).map("".join)


@pytest.mark.pdf
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prose=PROSE, name=st.text(alphabet=st.sampled_from(list("abc ñ{}%<>&\"'")), min_size=1, max_size=30))
def test_random_text_goes_through_a_real_build(workspace, tmp_path_factory, prose, name):
    path = workspace / "gobiernos" / "05-rosario.md"
    original = (EDITION_2020 / "gobiernos" / "05-rosario.md").read_text(encoding="utf-8")
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        original.replace("nombre: Rosario", f'nombre: "{quoted}"', 1) + "\n" + prose + "\n", encoding="utf-8"
    )
    try:
        output = pipeline.build(workspace, tmp_path_factory.mktemp("out"))
        assert output.pages > 10
    except ContentError as error:
        assert all(problem.file and problem.line for problem in error.problems), error
    except BuildError as error:
        assert say(error.message)  # a clear refusal (e.g. a glyph outside the brand fonts), never a crash
    finally:
        path.write_text(original, encoding="utf-8")
