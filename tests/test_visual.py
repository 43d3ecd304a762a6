"""Visual regression: every page of the 2020 Spanish report, rendered small, against the
reference renders committed in tests/references/2020-es/ (grayscale PNG at 30 dpi, with
each page's words). A difference fails with the path of a proof page to open.

After an intended change to the look: `make references` (which runs this file with
`--update-references`), look at the proof or the new PNGs, and commit them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from report.locale import say
from report.paths import shown
from report.proof import Tolerance, compare, open_document, open_pdf, summary, write_proof, write_references

from .conftest import ROOT

REFERENCES = ROOT / "tests" / "references" / "2020-es"
PROOFS = ROOT / ".cache" / "proofs"
# Renders of the same PDF by the same pdfium are identical. This leaves room for faint
# edges (another pdfium's antialiasing) and for a line of text moved by a fraction of a
# point (seen: at most 9 pixels over 64 at 30 dpi), never for a changed word (over 400
# pixels; the words are compared too), colour or shape.
TOLERANCE = Tolerance(threshold=64, min_pixels=16)


def differences(pdf: Path, references: Path, proofs: Path) -> str | None:
    """None when the PDF looks like its references; else what changed and where the proof is."""
    comparison = compare(open_document(references), open_pdf(pdf), tolerance=TOLERANCE)
    if not comparison.changed:
        return None
    proof = write_proof(comparison, proofs, "es")
    return (
        f"{pdf.name} no longer looks like {shown(references)}: "
        f"{say(summary(comparison))}.\n  Open the proof: {proof}\n"
        "  If the change is intended: make references, then commit tests/references/."
    )


def test_the_2020_report_looks_like_its_references(built_2020, request):
    if request.config.getoption("--update-references"):
        write_references(built_2020.pdf, REFERENCES)
    found = differences(built_2020.pdf, REFERENCES, PROOFS)
    if found:
        pytest.fail(found, pytrace=False)


def test_a_visual_change_fails_with_a_proof_to_open(built_2020, tmp_path):
    """A grey square painted on one reference page: that page, that place, and a proof."""
    altered = tmp_path / "2020-es"
    shutil.copytree(REFERENCES, altered)
    with Image.open(altered / "page-04.png") as image:
        page = image.copy()
    ImageDraw.Draw(page).rectangle((100, 150, 130, 180), fill=128)
    page.save(altered / "page-04.png")
    found = differences(built_2020.pdf, altered, tmp_path / "proofs")
    assert found is not None
    assert "1 página cambió (p. 4)" in found
    proof = tmp_path / "proofs" / "ip360-informe-2020-es-cambios.html"
    assert f"Open the proof: {proof}" in found and proof.is_file()


def test_the_references_are_small():
    files = list(REFERENCES.iterdir())
    # One picture a page of the report the references were made from, and nothing else.
    pages = json.loads((REFERENCES / "pages.json").read_text(encoding="utf-8"))["pages"]
    assert len([f for f in files if f.suffix == ".png"]) == len(pages) > 0
    assert sum(f.stat().st_size for f in files) < 1_000_000
