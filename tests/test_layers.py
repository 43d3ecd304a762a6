"""The `pdf` layer comes from what a test uses (tests/layers.py), not from a hand-kept list."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from report import pipeline
from report.commands import cli

from .conftest import EDITION_2020, ROOT
from .layers import lays_out

# A new test module, as a newcomer would write it: a fixture that builds, tests that use it
# directly or through another fixture, a helper that renders, and tests that do neither.
NEW_MODULE = """
import pytest
from report import pipeline

EDITION = "content/2020"


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    return pipeline.build(EDITION, tmp_path_factory.mktemp("out"))


@pytest.fixture
def its_pages(fresh_build):
    return fresh_build.pages


def lay_out(html):
    from weasyprint import HTML
    return HTML(string=html).render()


def test_reads_the_build(fresh_build):
    assert fresh_build.pages


def test_through_another_fixture(its_pages):
    assert its_pages


def test_through_a_helper():
    assert lay_out("<p>x</p>").pages


def test_plain_arithmetic():
    assert 1 + 1 == 2


def test_the_command_line_check():
    from report.commands.cli import main
    assert main(["check"]) == 0
"""


def collected(tmp_path: Path, source: str, *options: str) -> tuple[int, str]:
    module = tmp_path / "test_newcomer.py"
    module.write_text(textwrap.dedent(source), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.layers", "-p", "no:cacheprovider", "-q", *options, str(module)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.returncode, done.stdout + done.stderr


def test_a_new_pdf_fixture_puts_its_tests_in_the_pdf_layer(tmp_path):
    status, out = collected(tmp_path, NEW_MODULE, "--collect-only", "-m", "not pdf")
    assert status == 0, out
    fast = {line.split("::")[1] for line in out.splitlines() if "::" in line}
    assert fast == {"test_plain_arithmetic", "test_the_command_line_check"}, out


def _builds(tmp_path):
    return pipeline.build(EDITION_2020, tmp_path)


# Held in a dict: a test naming `_builds` itself would be read as one that builds.
READ = {
    "builds": (_builds, True),
    "through a helper": (lambda: _builds(Path()), True),
    "the build command": (lambda: cli.main(["build", "--out", "x"]), True),
    "its help": (lambda: cli.main(["build", "--help"]), False),
    "loads only": (lambda: pipeline.load(EDITION_2020), False),
    "runs pytest": (collected, False),
}


@pytest.mark.parametrize("case", READ)
def test_what_lays_out_is_read_from_the_code(case):
    function, builds = READ[case]
    assert lays_out(function) is builds


@pytest.mark.pdf  # it lays a page out itself, in the inner session
def test_a_layout_the_reading_misses_fails_its_test_outside_the_pdf_layer(tmp_path):
    hidden = """
    import importlib

    def test_hides_its_layout():
        html = importlib.import_module("weasyprint").HTML(string="<p>x</p>")
        getattr(html, "ren" + "der")()
    """
    status, out = collected(tmp_path, hidden)
    assert status == 1, out
    assert "lays out a PDF with WeasyPrint but is not in the `pdf` layer" in out
