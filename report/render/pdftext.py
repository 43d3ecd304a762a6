"""The text a PDF holds, page by page, as a reader copying it would get it.

PDFium (pypdfium2, the renderer `compare` uses) reads each page's text through its fonts'
ToUnicode maps, form XObjects included, in drawing order: enough to tell whether a text
reached the PDF. It takes about 0.07 s for the 22 pages of 2020 (pypdf's extract_text
1.6 s, a content-stream parse with pikepdf 0.45 s).
"""

from __future__ import annotations


def pages_text(pdf: bytes) -> list[str]:
    """The text of each page of `pdf`."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        document.close()
