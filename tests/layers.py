"""The test layers, from what a test uses (a pytest plugin, loaded by conftest.py).

A test is in the `pdf` layer (left out by `make fast`, `pytest -m "not pdf"`) when its code,
a fixture it requests or a helper of tests/ either calls reaches WeasyPrint's layout: the
pipeline's `build`/`render`, `render_pdf`, `render_part`, WeasyPrint's `write_pdf`, or a
command that lays pages out (`build`, `watch`, `matrix`, `check --layout`). No hand-kept list:
a new PDF fixture marks its tests by what it calls.

And a guard, in case the reading of the code misses a way in: a layout in a test outside
the `pdf` layer fails that test, saying so (`--layouts` prints the layouts of the session,
by document, to see what is laid out more than once).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import CodeType, FunctionType
from typing import Any

import pytest

TESTS = Path(__file__).resolve().parent

# Names that reach a layout wherever they are called from.
LAYOUT_NAMES = frozenset({"render_pdf", "render_part", "write_pdf", "run_matrix"})
# What lays out when called on `pipeline` (its stages) or on WeasyPrint's `HTML`.
STAGES = {"pipeline": frozenset({"build", "render"}), "HTML": frozenset({"render"})}
# Commands that lay out, as a test passes them to `main([...])` or to a subprocess;
# `build.py` alone builds (its default command) unless told one that does not.
LAYOUT_COMMANDS = frozenset({"build", "watch", "matrix", "--layout"})
OTHER_COMMANDS = frozenset({"--help", "check", "schema", "new", "compare", "translated"})
CALLS = frozenset({"main", "run", "Popen"})


def _codes(code: CodeType) -> Iterator[CodeType]:
    """A code object and every function, lambda or comprehension defined inside it."""
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from _codes(const)


def _helpers(function: FunctionType, code: CodeType) -> Iterator[FunctionType]:
    """The test code's own functions that `code` names (a helper that builds, a helper
    class's methods): those of tests/ and of the test's module, not the product's."""
    here = Path(function.__code__.co_filename)

    def ours(helper: FunctionType) -> bool:
        path = Path(helper.__code__.co_filename)
        return path == here or path.resolve().is_relative_to(TESTS)

    for name in code.co_names:
        helper = function.__globals__.get(name)
        if isinstance(helper, type):
            yield from (f for f in vars(helper).values() if isinstance(f, FunctionType) and ours(f))
        elif isinstance(helper, FunctionType) and ours(helper):
            yield helper


def _strings(consts: tuple[Any, ...]) -> Iterator[str]:
    """The strings among constants (a literal list of words is one tuple constant)."""
    for const in consts:
        if isinstance(const, str):
            yield const
        elif isinstance(const, tuple | frozenset):
            yield from _strings(tuple(const))


def _says_a_layout(names: set[str], strings: set[str]) -> bool:
    if names & LAYOUT_NAMES or any(owner in names and names & stages for owner, stages in STAGES.items()):
        return True
    if not names & CALLS or "--help" in strings:
        return False
    return bool(strings & LAYOUT_COMMANDS) or ("build.py" in strings and not strings & OTHER_COMMANDS)


_VERDICTS: dict[Any, bool] = {}  # a fixture is asked about once, not once for each test using it


def lays_out(function: Any, seen: set[Any] | None = None) -> bool:
    """Whether `function` (a test, a fixture, a helper of tests/) reaches a layout."""
    if seen is None:
        if function not in _VERDICTS:
            _VERDICTS[function] = lays_out(function, set())
        return _VERDICTS[function]
    function = getattr(function, "__wrapped__", function)
    hypothesis = getattr(function, "hypothesis", None)  # a @given test: the test it wraps
    function = getattr(hypothesis, "inner_test", function)
    if not isinstance(function, FunctionType):
        return False
    if function in seen:
        return False
    seen.add(function)
    defaults = set(_strings(function.__defaults__ or ()))
    for code in _codes(function.__code__):
        strings = defaults | set(_strings(code.co_consts))
        if _says_a_layout(set(code.co_names), strings):
            return True
        if any(lays_out(helper, seen) for helper in _helpers(function, code)):
            return True
    return False


def _fixture_functions(item: pytest.Item) -> Iterator[Any]:
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return
    for name in info.names_closure:
        for definition in info.name2fixturedefs.get(name, ()):
            yield definition.func


def in_pdf_layer(item: pytest.Item) -> bool:
    test = getattr(item, "function", None)
    return lays_out(test) or any(lays_out(fixture) for fixture in _fixture_functions(item))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--layouts", action="store_true", help="print how many times each document was laid out")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "pdf: lays out a real PDF with WeasyPrint (the fast layer leaves it out)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if in_pdf_layer(item):
            item.add_marker(pytest.mark.pdf)


# ------------------------------------------------------------------ the guard

LAYOUTS: Counter[str] = Counter()  # document title (and language) → layouts this session
_running: list[pytest.Item] = []


def _title(html: Any) -> str:
    import re

    source = getattr(html, "_ip360_source", "")
    title = re.search(r"<title>(.*?)</title>", source, re.S)
    lang = re.search(r'<html[^>]*\blang="([^"]+)"', source)
    return f"{title.group(1).strip() if title else '(sin título)'} [{lang.group(1) if lang else '?'}]"


def _watch(weasyprint: Any) -> None:
    """Count every layout and refuse one outside the `pdf` layer."""
    html = weasyprint.HTML
    init, render = html.__init__, html.render

    def watched_init(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self._ip360_source = kwargs.get("string") or ""

    def watched_render(self, *args, **kwargs):
        LAYOUTS[_title(self)] += 1
        if _running and _running[-1].get_closest_marker("pdf") is None:
            pytest.fail(
                f"{_running[-1].nodeid} lays out a PDF with WeasyPrint but is not in the `pdf` layer: "
                "tests/layers.py did not see how (name the call there, or mark the test `pdf`)",
                pytrace=False,
            )
        return render(self, *args, **kwargs)

    html.__init__, html.render = watched_init, watched_render  # write_pdf renders through `render`


class _OnImport(importlib.abc.MetaPathFinder):
    """Watches WeasyPrint as soon as something imports it (the fast layer never pays for it)."""

    def find_spec(self, name, path, target=None):
        if name != "weasyprint":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            execute = spec.loader.exec_module

            def exec_module(module):
                execute(module)
                _watch(module)

            spec.loader.exec_module = exec_module  # type: ignore[method-assign]
        return spec


if "weasyprint" in sys.modules:
    _watch(sys.modules["weasyprint"])
else:
    sys.meta_path.insert(0, _OnImport())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None):
    _running.append(item)
    try:
        return (yield)
    finally:
        _running.pop()


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if config.getoption("--layouts"):
        terminalreporter.section(f"layouts: {sum(LAYOUTS.values())}")
        for title, count in LAYOUTS.most_common():
            terminalreporter.write_line(f"{count:4d}  {title}")
