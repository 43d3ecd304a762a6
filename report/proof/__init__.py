"""The proof of changes between two PDFs of the report: read → align → diff → html.

`read` turns a PDF (or a folder of reference renders) into pages of words and renders,
`align` matches the old pages with the new by their text, `diff` compares each pair by
words and pixels, and `html` writes what changed as one self-contained page to open. It
never imports WeasyPrint, so `compare` starts fast; the same comparison runs after
`build --against`, in `watch --against` and in the visual tests.
"""

from .align import Edit, align, word_edits
from .diff import Comparison, FieldChange, PageChange, Tolerance, changed_regions, compare, page_list, summary
from .html import PROOF_SUFFIX, proof_html, proof_path, write_proof
from .read import (
    DEFAULT_DPI,
    REFERENCE_DPI,
    REFERENCES_FILE,
    Document,
    Page,
    UnreadablePdf,
    open_document,
    open_pdf,
    read_pdf_bytes,
    write_references,
)

__all__ = [
    "DEFAULT_DPI",
    "PROOF_SUFFIX",
    "REFERENCES_FILE",
    "REFERENCE_DPI",
    "Comparison",
    "Document",
    "Edit",
    "FieldChange",
    "Page",
    "PageChange",
    "Tolerance",
    "UnreadablePdf",
    "align",
    "changed_regions",
    "compare",
    "open_document",
    "open_pdf",
    "page_list",
    "proof_html",
    "proof_path",
    "read_pdf_bytes",
    "summary",
    "word_edits",
    "write_proof",
    "write_references",
]
