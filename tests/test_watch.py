"""`watch --serve` end to end in headless Chromium, and the loader's cache it relies on.

The browser test starts the real command on a free port with a copy of the 2020
edition, loads the preview page, saves an edit of a profile, and checks the page shows
by itself the quick view of that profile's page (marked «vista rápida de la página 11»),
then the full PDF in its place; an invalid save shows located problems and keeps the
last PDF.
"""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from report.content.loader import load_edition
from report.problems import ContentError
from report.render.html import TEMPLATES_DIR

from .conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TIMEOUT = 180  # seconds: generous, the machine is shared; this is not a benchmark
ROSARIO = Path("gobiernos") / "05-rosario.md"
EDIT = "Frase agregada durante la vista previa en vivo."


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_cache_rereads_a_changed_file_and_repeats_problems(edition_copy):
    path = edition_copy / ROSARIO
    first = load_edition(edition_copy).edition
    again = load_edition(edition_copy).edition
    rosario = next(g for g in again.governments if g.id == "rosario")
    assert rosario is next(g for g in first.governments if g.id == "rosario"), "unchanged file not reused"

    path.write_text(
        path.read_text(encoding="utf-8").replace("participantes: 67", "participantes: 68"), encoding="utf-8"
    )
    edited = next(g for g in load_edition(edition_copy).edition.governments if g.id == "rosario")
    assert edited.course.participants == 68

    path.write_text(
        path.read_text(encoding="utf-8").replace("participantes: 68", "participantes: muchos"), encoding="utf-8"
    )
    for _ in range(2):  # the second load comes from the cache and must still fail, located
        with pytest.raises(ContentError) as error:
            load_edition(edition_copy)
        assert [(p.file.endswith("05-rosario.md"), p.line, p.field) for p in error.value.problems] == [
            (True, 6, "curso.participantes")
        ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class WatchProcess:
    """`build.py watch --serve` in a subprocess, its output collected line by line."""

    def __init__(self, edition: Path, out: Path, port: int):
        self.lines: list[str] = []
        env = {**os.environ, "COLUMNS": "200", "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "build.py",
                "watch",
                "--serve",
                "--port",
                str(port),
                "--edition",
                str(edition),
                "--out",
                str(out),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=env,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def log(self) -> str:
        return "\n".join(self.lines)

    def wait_for(self, text: str, after: int = 0) -> None:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if any(text in line for line in self.lines[after:]):
                return
            if self.process.poll() is not None:
                pytest.fail(f"watch ended (exit {self.process.returncode}) before «{text}»:\n{self.log()}")
            time.sleep(0.1)
        pytest.fail(f"no «{text}» within {TIMEOUT} s:\n{self.log()}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture
def chromium_context(tmp_path):
    if not Path(CHROMIUM).is_file():
        pytest.fail(
            "Chromium is not installed, so the preview cannot be tested: run `make test` "
            "(it installs Debian's chromium) or `apt-get install -y chromium`."
        )
    from playwright.sync_api import sync_playwright

    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS, timeout=TIMEOUT * 1000
        )
        try:
            yield context
        finally:
            context.close()


@pytest.mark.pdf
def test_preview_reloads_after_each_save_and_keeps_the_last_good_pdf(edition_copy, tmp_path, chromium_context):
    port = _free_port()
    out = tmp_path / "dist"
    watcher = WatchProcess(edition_copy, out, port)
    try:
        watcher.wait_for("Vista previa en")
        url = f"http://127.0.0.1:{port}/"
        page = chromium_context.new_page()
        page.set_default_timeout(TIMEOUT * 1000)
        page.goto(url)
        version = page.text_content("#version")
        assert version.isdigit() and int(version) >= 1, watcher.log()
        assert EDIT not in pdf_text(urllib.request.urlopen(url + "report.pdf", timeout=60).read())

        # A valid save of a profile: first the quick view of its page, marked as such, with
        # the edit; then the full PDF replaces it by itself.
        path = edition_copy / ROSARIO
        text = path.read_text(encoding="utf-8")
        path.write_text(text.rstrip("\n") + f"\n\n{EDIT}\n", encoding="utf-8")
        page.wait_for_selector("#quick:not([hidden])")
        assert page.text_content("#quick") == "vista rápida de la página 11", watcher.log()
        page.wait_for_function(f"document.getElementById('version').textContent !== '{version}'")
        quick_version = page.text_content("#version")
        src = page.get_attribute("#pdf", "src")
        assert src == f"/report.pdf?v={quick_version}"
        quick = urllib.request.urlopen(url + src.lstrip("/"), timeout=60).read()
        assert len(PdfReader(io.BytesIO(quick)).pages) == 1 and EDIT in pdf_text(quick)
        assert "Rosario" in pdf_text(quick) and "Tucumán" not in pdf_text(quick)

        page.wait_for_selector("#quick", state="hidden")
        version = page.text_content("#version")
        assert int(version) > int(quick_version)
        assert page.get_attribute("#pdf", "src") == f"/report.pdf?v={version}"
        served = urllib.request.urlopen(url + f"report.pdf?v={version}", timeout=60).read()
        assert len(PdfReader(io.BytesIO(served)).pages) == 19 and EDIT in pdf_text(served), watcher.log()
        assert page.text_content("#status") == "19 páginas"
        written = next(out.glob("*.pdf")).read_bytes()
        assert EDIT in pdf_text(written)
        log = watcher.log()
        assert log.index("vista rápida de la página 11") < log.rindex("ip360-informe-2020-es.pdf: 19 páginas")

        # An invalid save: located problems in the terminal and on the page; the last PDF stays.
        mark = len(watcher.lines)
        path.write_text(
            path.read_text(encoding="utf-8").replace("participantes: 67", "participantes: muchos"), encoding="utf-8"
        )
        watcher.wait_for("Se conserva el último PDF válido", after=mark)
        assert any("05-rosario.md:6:3" in line and "curso.participantes" in line for line in watcher.lines[mark:]), (
            watcher.log()
        )
        page.wait_for_selector("#problems:not([hidden])")
        assert "05-rosario.md:6:3" in page.text_content("#problems")
        assert page.text_content("#version") == version
        assert EDIT in pdf_text(urllib.request.urlopen(url + f"report.pdf?v={version}", timeout=60).read())
        assert next(out.glob("*.pdf")).read_bytes() == written
    finally:
        watcher.stop()


def test_a_template_mistake_is_reported_and_the_watcher_goes_on(monkeypatch, tmp_path):
    from io import StringIO

    from jinja2 import TemplateSyntaxError
    from rich.console import Console

    from report.commands import watch
    from report.commands.output import Reporter
    from report.render.variant import Variant

    def broken(*args, **kwargs):
        raise TemplateSyntaxError("unexpected '}'", lineno=12, filename=str(TEMPLATES_DIR / "government.html.j2"))

    monkeypatch.setattr(watch.pipeline, "build", broken)
    output = StringIO()
    report = Reporter(Console(file=output, width=200))
    rebuilder = watch.Rebuilder(tmp_path, tmp_path, Variant(), write_html=False, report=report)
    assert rebuilder.build() is False
    assert "report/render/templates/government.html.j2:12" in output.getvalue()
    assert rebuilder.state.snapshot() == {
        "version": 0,
        "pages": 0,
        "problems": ["Error en report/render/templates/government.html.j2:12: TemplateSyntaxError: unexpected '}'"],
        "quick": None,
        "serial": 1,
    }


def test_saving_the_brand_file_reloads_the_brand():
    from report.commands import watch
    from report.render.brand import load_brand

    before = load_brand()
    assert load_brand() is before  # cached while nothing changes
    watch.Rebuilder.invalidate(None, [watch.BRAND_FILE])
    assert load_brand() is not before
