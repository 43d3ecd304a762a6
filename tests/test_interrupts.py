"""Nothing lost: a stopped, failed or timed-out build leaves the previous PDF byte-identical
and no partial file; two builds of the same variant at once don't corrupt each other.

Builds run in subprocesses through `build.py`. To stop one at a known point without
timing guesses, a small wrapper makes one stage wait (after writing a marker file) and
the test signals the process once the marker exists.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from report import pipeline
from report.commands.cli import main

from .conftest import MINI, ROOT

# The one-government edition: what is tested is what a stop leaves, not the report's length.
PDF_NAME = "ip360-informe-2022-es.pdf"
PREVIOUS = b"%PDF-1.7\n% the previous good report\n"

# Run the CLI with `stage` (a function of report.pipeline or os) made to signal and wait.
WRAPPER = """
import os, sys, time
from pathlib import Path
import report.pipeline as pipeline
marker, stage = Path(sys.argv[1]), sys.argv[2]
owner = os if stage == "fsync" else pipeline
real = getattr(owner, stage)
def waiting(*args, **kwargs):
    marker.write_text("here")
    time.sleep(60)
    return real(*args, **kwargs)
setattr(owner, stage, waiting)
from report.commands.cli import main
sys.exit(main(sys.argv[3:]))
"""

pytestmark = pytest.mark.pdf  # every test here builds real PDFs


def _start(tmp_path: Path, stage: str, out: Path, command: str = "build", **popen) -> tuple[subprocess.Popen, Path]:
    marker = tmp_path / "marker"
    process = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, str(marker), stage, command, "--edition", str(MINI), "--out", str(out)],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
        **popen,
    )
    for _ in range(1200):  # waits for the marker, not for a duration: bounded only against a hang
        if marker.exists() or process.poll() is not None:
            break
        time.sleep(0.05)
    assert marker.exists(), process.communicate()[1]
    return process, marker


@pytest.mark.parametrize(
    ("stage", "signum", "status", "words"),
    [
        ("render_pdf", signal.SIGTERM, 143, "compilación interrumpida (SIGTERM)"),
        ("fsync", signal.SIGTERM, 143, "compilación interrumpida (SIGTERM)"),  # temp file half written
        ("fsync", signal.SIGINT, 130, "compilación interrumpida (Ctrl-C)"),
    ],
)
def test_a_stopped_build_leaves_the_previous_pdf(tmp_path, stage, signum, status, words):
    out = tmp_path / "dist"
    out.mkdir()
    (out / PDF_NAME).write_bytes(PREVIOUS)
    process, _ = _start(tmp_path, stage, out)
    if stage == "fsync":
        assert list(out.glob(".tmp/run-*/*.pdf.*.tmp")), "the temporary file should exist now"
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    assert process.returncode == status
    assert words in err and "el PDF anterior quedó intacto" in err
    assert "Traceback" not in err
    assert (out / PDF_NAME).read_bytes() == PREVIOUS
    assert sorted(p.name for p in out.iterdir()) == [PDF_NAME]


def test_two_builds_of_the_same_variant_at_once(tmp_path, built_edition):
    out = tmp_path / "dist"
    builds = [
        subprocess.Popen(
            [sys.executable, "build.py", "--edition", str(MINI), "--out", str(out)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [(process.wait(timeout=300), process.stderr.read()) for process in builds]
    assert [status for status, _ in results] == [0, 0], results
    assert sorted(p.name for p in out.iterdir()) == [PDF_NAME]
    # Reproducible builds: whichever rename came last, the file is one whole, identical PDF.
    built = built_edition(MINI)
    assert (out / PDF_NAME).read_bytes() == built.pdf.read_bytes()
    assert len(PdfReader(out / PDF_NAME).pages) == built.pages


def test_a_build_past_its_time_limit_stops_and_writes_nothing(tmp_path, monkeypatch, capsys):
    out = tmp_path / "dist"
    out.mkdir()
    (out / PDF_NAME).write_bytes(PREVIOUS)

    def slow_render(*args, **kwargs):
        time.sleep(60)

    monkeypatch.setattr(pipeline, "render_pdf", slow_render)
    handlers = [signal.getsignal(number) for number in (signal.SIGALRM, signal.SIGTERM)]
    status = main(["build", "--edition", str(MINI), "--out", str(out), "--timeout", "0.5"])
    err = capsys.readouterr().err
    assert status == 1
    assert "la compilación superó el límite de 0.5 s y se detuvo; no se escribió nada" in err
    assert (out / PDF_NAME).read_bytes() == PREVIOUS
    assert sorted(p.name for p in out.iterdir()) == [PDF_NAME]
    assert [signal.getsignal(number) for number in (signal.SIGALRM, signal.SIGTERM)] == handlers
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_failed_build_leaves_the_previous_pdf(tmp_path):
    out = tmp_path / "dist"
    out.mkdir()
    (out / PDF_NAME).write_bytes(PREVIOUS)
    edition = tmp_path / "mini"
    shutil.copytree(MINI, edition)
    path = edition / "gobiernos" / "01-niteroi.md"
    path.write_text(path.read_text(encoding="utf-8") + '\n<img src="x">\n', encoding="utf-8")
    (edition / "gobiernos" / "06-lujan.md").write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "build.py", "--edition", str(edition), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert "06-lujan.md:1:1: el archivo está vacío" in result.stderr
    assert (out / PDF_NAME).read_bytes() == PREVIOUS
    assert sorted(p.name for p in out.iterdir()) == [PDF_NAME]


def test_a_killed_build_leaves_its_temporary_files_to_the_next_run(tmp_path):
    """SIGKILL runs no cleanup: the half-written PDF and WeasyPrint's font folders stay in
    the run's folder under dist/.tmp/, and the next build removes them."""
    out = tmp_path / "dist"
    process, _ = _start(tmp_path, "fsync", out)
    process.kill()
    process.communicate(timeout=60)
    leftovers = sorted(p.relative_to(out).parts[2] for p in out.glob(".tmp/run-*/*"))
    assert any(name.endswith(".tmp") for name in leftovers) and any(n.startswith("weasyprint-") for n in leftovers)
    assert not (out / PDF_NAME).exists()
    result = subprocess.run(
        [sys.executable, "build.py", "--edition", str(MINI), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [PDF_NAME]  # .tmp/ is gone with what was in it


def test_a_stopped_matrix_stops_its_workers_quietly_and_cleans_up(tmp_path):
    """SIGTERM to the whole process group (as a terminal or a service manager sends it)
    while every worker is in the middle of writing its PDF, fonts already extracted."""
    out = tmp_path / "dist"
    process, _ = _start(tmp_path, "write_atomically", out, command="matrix", start_new_session=True)
    time.sleep(1)  # let the other workers reach the same point
    os.killpg(process.pid, signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "Traceback" not in err
    assert "compilación interrumpida (SIGTERM)" in err
    assert not (out / ".tmp").exists()
