"""`compare OLD NEW`, `build --against` and `watch --against`: the comparison of `report.proof`
said in one line, its proof written, and an exit status for scripts.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import shown
from ..problems import os_reason
from ..proof import (
    DEFAULT_DPI,
    Comparison,
    UnreadablePdf,
    compare,
    open_document,
    open_pdf,
    proof_path,
    read_pdf_bytes,
    summary,
    write_proof,
)
from .output import Reporter

EXIT_BAD_INPUT, EXIT_NOT_WRITTEN = 2, 3


def run_compare(old_path: Path, new_path: Path, out_dir: Path, report: Reporter, dpi: int = DEFAULT_DPI) -> int:
    """`build.py compare OLD NEW`: exit 0 nothing visible changed, 1 something did, 2 bad input."""
    try:
        old, new = open_document(old_path), open_document(new_path)
    except UnreadablePdf as error:
        report.fail(error.message)
        return EXIT_BAD_INPUT
    comparison = compare(old, new, dpi)
    if not _tell(comparison, out_dir, report):
        return EXIT_NOT_WRITTEN  # the PDFs were read and compared: only the proof is missing
    return comparison.exit_status


def _tell(comparison: Comparison, out_dir: Path, report: Reporter) -> bool:
    """Print the summary line and write the proof; False if the proof cannot be written."""
    if comparison.changed:
        report.note(summary(comparison), style="bold yellow")
    else:
        report.done(summary(comparison))
    try:
        proof = write_proof(comparison, out_dir, report.lang)
    except OSError as error:
        target = proof_path(comparison.new.name, out_dir)
        report.fail("compare_cannot_write", path=shown(target), reason=os_reason(error))
        return False
    report.note("compare_proof", path=shown(proof))
    return True


class Baseline:
    """The approved PDF of `build --against` and `watch --against`: read once, before a
    build may overwrite the same file, and kept (with its renders) for every rebuild."""

    def __init__(self, path: Path, dpi: int = DEFAULT_DPI):
        self.path = path
        self.dpi = dpi
        self.document = open_document(path, read_pdf_bytes(path))

    def check(self, new_pdf: Path, report: Reporter) -> Comparison:
        """Compare a freshly built PDF with the baseline; the proof goes beside the PDF."""
        comparison = compare(self.document, open_pdf(new_pdf), self.dpi)
        _tell(comparison, new_pdf.parent, report)
        return comparison
