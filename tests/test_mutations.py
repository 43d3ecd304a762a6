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
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from report import pipeline
from report.content.limits import MAX_LIST_ITEMS, MAX_NUMBER_DIGITS, MAX_PROSE_NESTING, MAX_WORD_CHARS
from report.content.loader import load_edition
from report.content.markdown import link_allowed, shape
from report.locale import say
from report.problems import BuildError, ContentError
from report.render.brand import load_brand

from .conftest import EDITION_2020, MINI, examples, worded

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
# Shapes of the second round: combining marks, separators, escapes, emoji, other scripts.
YAML_CHARACTERS += ["\u0301", "\u2028", "\x1b", "\x85", "😀", "中", "ا", "\\"]
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
    # YAML 1.1 numbers that do not look like what they are, and numbers too long to format
    "067",
    "02020",
    "1:07",
    "0x1F",
    "0b101",
    "1_000",
    "1_000.5",
    "9" * 400,
    "9" * 5000,
    # what a terminal or Rich would read as markup, escapes that make invisible characters
    '"[/]"',
    "[bold]x[/bold]",
    '":x: hola"',
    '"\\e[31mrojo"',
    '"\\0"',
    '"a\\u0301"',
    '"\\u2028"',
    '"\\U0001F600"',
    "😀",
    "中文",
    "@usuario",
    "`código`",
    "[" * 30 + "]" * 30,
    "a" * 2000,
    "[x](//evil.example/a)",
    "[x](../../etc/shadow)",
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


@settings(max_examples=examples(150), deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_content_loads_or_fails_located(workspace, target, mutations):
    path = workspace / target
    original = (EDITION_2020 / target).read_text(encoding="utf-8")
    before, header, after = split(original, target)
    path.write_text(before + mutate(header, mutations) + after, encoding="utf-8")
    try:
        loaded = load_edition(workspace, workspace.parent.parent, glyphs=GLYPHS)
        _nothing_the_build_would_refuse(loaded.edition)
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


GLYPHS = load_brand().glyphs()


def _nothing_the_build_would_refuse(edition) -> None:
    """What `check` accepts, the build can print: every character drawable, every number
    plain and short, every link to the web, no list past its limit."""
    for government in edition.governments:
        texts = [government.name, government.kind, government.description, *government.activities]
        assert all(not GLYPHS.missing(text) for text in texts), texts
        assert 0 <= government.course.participants < 10**MAX_NUMBER_DIGITS
        assert len(government.activities) <= MAX_LIST_ITEMS
        measured = shape(government.description)
        assert all(link_allowed(link) for link in measured.links)
        assert measured.depth <= MAX_PROSE_NESTING
    assert all(0 <= figure.value < 10**MAX_NUMBER_DIGITS for figure in edition.info.published)


# Markdown of the shapes that once lost text or crashed: nesting, long words, odd characters.
_PLAIN = st.text(alphabet=st.sampled_from(list("abcñáé")), min_size=1, max_size=8)
_ODD = [
    st.text(alphabet=st.sampled_from(list("xyz")), min_size=55, max_size=70),  # about the word limit
    st.sampled_from(["😀", "中文", "a\u0301", "\u2028", "\x00", "\x1b[1m", "&#x1F600;", "&amp;", "[/]", ":x:"]),
    st.sampled_from(["[a](https://x.org)", "[a](//x.org)", "[a](#x)", "<a href='../x'>a</a>", "![f](f.jpg)"]),
]
# Mostly ordinary words, so that many bodies pass and must then print; one in 50 of each odd kind.
_WORD = st.integers(0, 49).flatmap(lambda n: _ODD[n] if n < len(_ODD) else _PLAIN)
_LINE = st.lists(_WORD, min_size=1, max_size=12).map(" ".join)


@st.composite
def markdown(draw) -> str:
    blocks = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["paragraph", "list", "quote", "html"]))
        depth = draw(st.integers(1, 4)) if draw(st.booleans()) else draw(st.integers(5, 16))
        if kind == "paragraph":
            blocks.append(draw(_LINE))
        elif kind == "list":
            blocks.append("\n".join("  " * level + "- " + draw(_LINE) for level in range(depth)))
        elif kind == "quote":
            blocks.append("> " * depth + draw(_LINE))
        else:
            blocks.append("<blockquote>" * depth * 10 + draw(_LINE) + "</blockquote>" * depth * 10)
    return "\n\n".join(blocks)


@settings(max_examples=examples(120), deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=markdown())
def test_generated_prose_is_accepted_only_when_the_page_can_show_it(workspace, body):
    path = workspace / "gobiernos" / "05-rosario.md"
    original = (EDITION_2020 / "gobiernos" / "05-rosario.md").read_text(encoding="utf-8")
    path.write_text(original + "\n" + body + "\n", encoding="utf-8")
    try:
        loaded = load_edition(workspace, workspace.parent.parent, glyphs=GLYPHS)
        _nothing_the_build_would_refuse(loaded.edition)
        event("accepted")
        text = shape(next(g for g in loaded.edition.governments if g.id == "rosario").description).text
        assert all(len(word) <= MAX_WORD_CHARS for word in text.split())
    except ContentError as error:
        event(error.problems[0].code)
        for problem in error.problems:
            assert problem.file == "content/2020/gobiernos/05-rosario.md" and problem.line, problem
            assert worded(problem) and worded(problem, "en")
    finally:
        path.write_text(original, encoding="utf-8")


PROSE = st.lists(
    st.sampled_from(
        list("abcñáéíóú ÁÉ¿?¡!.,;:*_#-+>`[]()<>/&\"'{}%\n")
        + ["{{", "}}", "{%", "%}", "<p>", "</em>", "&amp;", "\u0301", "😀", "[/]", ":x:", "a" * 70, "- ", "  - "]
    ),
    max_size=200,
).map("".join)


@pytest.fixture(scope="module")
def mini_workspace(tmp_path_factory):
    """A copy of the one-government edition: a real build in a second, not the 2020 report's eight."""
    edition = tmp_path_factory.mktemp("mini") / "content" / "mini"
    shutil.copytree(MINI, edition)
    return edition


@pytest.mark.pdf
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(prose=PROSE, name=st.text(alphabet=st.sampled_from(list("abc ñ{}%<>&\"'")), min_size=1, max_size=30))
def test_random_text_goes_through_a_real_build(mini_workspace, tmp_path_factory, prose, name):
    path = mini_workspace / "gobiernos" / "01-niteroi.md"
    original = (MINI / "gobiernos" / "01-niteroi.md").read_text(encoding="utf-8")
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(
        original.replace("nombre: Niterói", f'nombre: "{quoted}"', 1) + "\n" + prose + "\n", encoding="utf-8"
    )
    try:
        output = pipeline.build(mini_workspace, tmp_path_factory.mktemp("out"))
        assert output.pages >= 2  # and the build's text check found every word of the profile on them
    except ContentError as error:  # `check` refuses it: located, as check would say it
        assert all(problem.file and problem.line for problem in error.problems), error
    except BuildError as error:  # what check accepts about the content, the build must print
        pytest.fail(f"check accepted what the build refused: {say(error.message)}")
    finally:
        path.write_text(original, encoding="utf-8")
