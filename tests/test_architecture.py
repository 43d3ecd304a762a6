"""The codebase's own rules: data flows one way (no import cycles, charts never import the
engine), and every message the tool says exists in every language, with the same blanks."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from report.locale import TOOL, catalog_path, languages
from report.render.profiles import PROFILES

from .conftest import ROOT

SOURCES = sorted([*(ROOT / "report").rglob("*.py"), *(ROOT / "charts").glob("*.py")])


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def imports_of(path: Path) -> tuple[set[str], set[str]]:
    """Everything a file imports (at the top or inside functions), as (at run time, with
    those made only for type checking too): one parse for both graphs."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only |= {id(child) for child in ast.walk(node)}
    run_time: set[str] = set()
    with_types: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found = {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            found = {f"{base}.{alias.name}" for alias in node.names} | {base}
        else:
            continue
        with_types |= found
        if id(node) not in typing_only:
            run_time |= found
    return run_time, with_types


@cache
def graph_of(types: bool) -> dict[str, set[str]]:
    """Module → the project modules it imports; parsed when a test first asks, not at collection."""
    known = {module_name(p) for p in SOURCES}
    return {module_name(path): imports_of(path)[types] & known for path in SOURCES}


@pytest.mark.parametrize("types", [False, True], ids=["run-time", "with-type-imports"])
def test_no_import_cycles(types):
    """Tarjan's strongly connected components over the project's imports (those made only for
    type checking too: a loop there is a loop in the design): none larger than one."""
    graph = graph_of(types)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target == node or target.startswith(node + "."):
                continue  # a package importing its own modules
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    assert cycles == []


def test_charts_depend_on_their_api_only():
    for name, targets in graph_of(types=False).items():
        if name.startswith("charts"):
            assert not [t for t in targets if t.startswith("report")], name


def test_stages_never_reach_into_the_commands():
    """Only the commands print and parse arguments: no stage imports them."""
    for name, targets in graph_of(types=False).items():
        if not name.startswith("report.commands"):
            assert not [t for t in targets if t.startswith("report.commands")], name


# ------------------------------------------------------------------ messages


def tool_catalogue(lang: str) -> dict[str, tuple[str, ...]]:
    with catalog_path(lang, TOOL).open("rb") as stream:
        catalog = read_po(stream)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (m.string if isinstance(m.string, tuple) else (m.string,))
        for m in catalog
        if m.id
    }


def plural_forms(lang: str) -> int:
    """How many plural forms the language's catalogue declares (its Plural-Forms header)."""
    with catalog_path(lang, TOOL).open("rb") as stream:
        return read_po(stream, locale=lang).num_plurals


SPANISH = tool_catalogue("es")
SAYING = {
    "text",
    "problem",
    "message",
    "Problem",
    "BuildError",
    "VariantError",
    "Reason",
    "UnreadablePdf",
    "say",
    "done",
    "fail",
    "note",
}
CODE = re.compile(r"^[a-z]+(?:_[a-z0-9]+)+$|^[a-z]+$")


def codes_in_sources() -> tuple[set[str], set[str]]:
    """(codes the sources name as literals, prefixes of codes they build: `help_{command}`)."""
    named, prefixes = set(), set()
    for path in sorted((ROOT / "report").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                callee = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                arguments = node.args[:1] + [k.value for k in node.keywords if k.arg == "head"]
                if callee in SAYING:
                    for argument in arguments:
                        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                            named.add(argument.value)
                        elif isinstance(argument, ast.JoinedStr) and isinstance(argument.values[0], ast.Constant):
                            prefixes.add(str(argument.values[0].value))
            elif isinstance(node, ast.Dict) and all(isinstance(v, ast.Constant) for v in node.values):
                # tables of codes (pydantic's error kinds, PyYAML's reasons → our codes)
                named |= {v.value for v in node.values if isinstance(v.value, str) and v.value in SPANISH}
    return named, prefixes


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text))


def test_every_code_the_sources_say_is_in_the_spanish_catalogue():
    named, _ = codes_in_sources()
    assert sorted(code for code in named if CODE.match(code) and code not in SPANISH) == []


def test_every_catalogued_code_is_used():
    named, prefixes = codes_in_sources()
    constants = {
        node.value
        for path in sorted((ROOT / "report").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    unused = [code for code in SPANISH if code not in named | constants and not code.startswith(tuple(prefixes))]
    assert unused == []


@pytest.mark.parametrize("lang", [lang for lang in languages() if lang != "es"])
def test_every_language_has_every_message_with_the_same_blanks(lang):
    other = tool_catalogue(lang)
    assert sorted(set(SPANISH) - set(other)) == [], f"{lang}: codes without a translation"
    assert sorted(set(other) - set(SPANISH)) == [], f"{lang}: codes Spanish does not have"
    for code, texts in SPANISH.items():
        translated = other[code]
        assert all(translated), f"{lang}: {code} is empty"
        if len(texts) == 1:
            assert len(translated) == 1 and placeholders(translated[0]) == placeholders(texts[0]), f"{lang}: {code}"
        else:  # each language has its own number of plural forms (Spanish's are not imposed)
            assert len(translated) == plural_forms(lang), f"{lang}: {code} plural forms"
            blanks = set().union(*map(placeholders, texts))
            assert set().union(*map(placeholders, translated)) == blanks, f"{lang}: {code}: {translated!r}"


def test_the_dynamic_codes_exist():
    from report.commands.cli import COMMANDS
    from report.render.budget import Contributor

    for command in COMMANDS:
        assert f"help_{command}" in SPANISH
    for profile in PROFILES.values():
        assert profile.description in SPANISH
    kinds = re.findall(r'Contributor\("(\w+)"', (ROOT / "report" / "render" / "budget.py").read_text(encoding="utf-8"))
    assert kinds and all(f"budget_{kind}" in SPANISH for kind in kinds), kinds
    assert Contributor
