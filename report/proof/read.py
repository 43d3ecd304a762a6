"""Reading: a PDF (pypdfium2) or a folder of reference renders into pages of words and renders.

Words come in reading order, hyphenation undone and the page's own folio set apart (a page
moved by one keeps its words); renders are made when asked and cached. A references folder
(`write_references`) is small grayscale renders with each page's words, read like a PDF, so
the visual tests compare a fresh build with committed files.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image

from ..paths import shown
from ..problems import BuildError

DEFAULT_DPI = 72
REFERENCE_DPI = 30
REFERENCES_FILE = "pages.json"

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 as fractions of the page's width and height, from its top left corner."""


class UnreadablePdf(BuildError):
    """An input that is not a readable PDF (or references folder): exit status 2."""


@dataclass(frozen=True)
class Page:
    number: int  # 1-based, in its own file
    words: tuple[str, ...]  # in reading order, hyphenation undone, the folio left out
    folio: Box | None  # where the page's own number is printed, if it is
    size: tuple[float, float]  # in points

    @property
    def signature(self) -> tuple[str, ...]:
        """What aligns pages: the words without numbers (folios and contents entries move)."""
        return tuple(word.lower() for word in self.words if not _NUMBER.fullmatch(word))


_NUMBER = re.compile(r"[\d.,:–-]+")


@dataclass
class Document:
    """One side of a comparison: a PDF, or a folder of reference renders."""

    name: str
    pages: list[Page]
    title: str
    lang: str
    attachments: dict[str, str]  # name → SHA-256 of its content
    size: int | None  # bytes of the file
    _render: Callable[[int, int, bool], Image.Image]
    fixed: tuple[int, bool] | None = None  # (dpi, grayscale) the renders come in, for references
    _cache: dict[tuple[int, int, bool], Image.Image] = field(default_factory=dict, repr=False)

    def render(self, index: int, dpi: int, gray: bool) -> Image.Image:
        key = (index, dpi, gray)
        if key not in self._cache:
            self._cache[key] = self._render(index, dpi, gray)
        return self._cache[key]


def open_document(path: Path, data: bytes | None = None) -> Document:
    """A PDF (read from `data` when given) or a folder written by `write_references`."""
    if data is None and (path / REFERENCES_FILE).is_file():
        return _open_references(path)
    return open_pdf(path, data)


def read_pdf_bytes(path: Path) -> bytes:
    """The file's bytes, refused with a located message unless they look like a PDF."""
    if not path.exists():
        raise UnreadablePdf("compare_missing", path=shown(path))
    if not path.is_file():
        raise UnreadablePdf("compare_not_file", path=shown(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadablePdf("compare_unreadable", path=shown(path), reason=error.strerror or str(error)) from None
    if b"%PDF-" not in data[:1024]:
        start = data[:24].decode("utf-8", "replace").strip() or "∅"
        raise UnreadablePdf("compare_not_pdf", path=shown(path), start=start)
    return data


def open_pdf(path: Path, data: bytes | None = None) -> Document:
    data = read_pdf_bytes(path) if data is None else data
    try:
        pdf = pdfium.PdfDocument(data)
        pages = [_read_page(pdf, index) for index in range(len(pdf))]
    except pdfium.PdfiumError as error:
        found = re.search(r"PDFium: [^)]*", str(error))  # «Failed to load document (PDFium: Data format error).»
        raise UnreadablePdf(
            "compare_damaged", path=shown(path), reason=found.group() if found else str(error)
        ) from None
    if not pages:
        raise UnreadablePdf("compare_no_pages", path=shown(path))
    attachments = {}
    for index in range(pdf.count_attachments()):
        attachment = pdf.get_attachment(index)
        attachments[attachment.get_name()] = hashlib.sha256(bytes(attachment.get_data())).hexdigest()

    def render(index: int, dpi: int, gray: bool) -> Image.Image:
        bitmap = pdf[index].render(scale=dpi / 72, grayscale=gray, may_draw_forms=False)
        image = bitmap.to_pil()
        return image.convert("L" if gray else "RGB")

    return Document(
        name=path.name,
        pages=pages,
        title=pdf.get_metadata_value("Title"),
        lang=_language(pdf),
        attachments=attachments,
        size=len(data),
        _render=render,
    )


def _language(pdf: pdfium.PdfDocument) -> str:
    """The document's /Lang (pypdfium2 has no helper for it)."""
    length = pdfium_c.FPDFCatalog_GetLanguage(pdf.raw, None, 0)
    if length <= 2:
        return ""
    buffer = (ctypes.c_ushort * (length // 2))()
    pdfium_c.FPDFCatalog_GetLanguage(pdf.raw, buffer, length)
    return bytes(buffer).decode("utf-16-le", "replace").rstrip("\0")


def _read_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    width, height = page.get_size()
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    words, spans = _words(text)
    folio = None
    if len(text) == textpage.count_chars():  # the text's indices are the characters' (no surrogates)
        for position in range(len(words) - 1, -1, -1):
            if words[position] != str(index + 1):
                continue
            box = _box(textpage, spans[position], width, height)
            if box and (box[1] > 0.88 or box[3] < 0.12):  # printed in the top or bottom margin
                folio = box
                del words[position]
                break
    return Page(number=index + 1, words=tuple(words), folio=folio, size=(width, height))


# A line-end hyphen: pdfium marks it U+FFFE; U+00AD is a soft hyphen.
_HYPHEN_AT_BREAK = re.compile(r"[\ufffe\u00ad]\s*")
_LEADER = re.compile(r"\.{4,}")


def _words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of a page's text and where each sits in it (start and end indices)."""
    words: list[str] = []
    spans: list[tuple[int, int]] = []
    for found in re.finditer(r"(?:[^\s\ufffe\u00ad]|[\ufffe\u00ad]\s*(?=\S))+", text):
        word = _LEADER.sub("", _HYPHEN_AT_BREAK.sub("", found.group()))  # «Hurlingham.......» in the contents
        if word:
            words.append(word)
            spans.append(found.span())
    return words, spans


def _box(textpage: pdfium.PdfTextPage, span: tuple[int, int], width: float, height: float) -> Box | None:
    boxes = [textpage.get_charbox(i) for i in range(*span)]
    boxes = [b for b in boxes if b[2] > b[0] and b[3] > b[1]]
    if not boxes:
        return None
    left, bottom = min(b[0] for b in boxes), min(b[1] for b in boxes)
    right, top = max(b[2] for b in boxes), max(b[3] for b in boxes)
    return (left / width, 1 - top / height, right / width, 1 - bottom / height)


# ------------------------------------------------------------------ references


def write_references(pdf: Path, folder: Path, dpi: int = REFERENCE_DPI) -> list[Path]:
    """Small grayscale renders of every page, with each page's words, for the visual tests."""
    document = open_pdf(pdf)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("page-*.png"):
        old.unlink()
    pages = []
    written = []
    for index, page in enumerate(document.pages):
        name = f"page-{page.number:02d}.png"
        document.render(index, dpi, True).save(folder / name, optimize=True)
        written.append(folder / name)
        pages.append(
            {
                "file": name,
                "size": [round(v, 2) for v in page.size],
                "folio": [round(v, 4) for v in page.folio] if page.folio else None,
                "words": " ".join(page.words),
            }
        )
    manifest = {
        "source": pdf.name,
        "dpi": dpi,
        "grayscale": True,
        "title": document.title,
        "lang": document.lang,
        "attachments": document.attachments,
        "pages": pages,
    }
    (folder / REFERENCES_FILE).write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    written.append(folder / REFERENCES_FILE)
    return written


def _open_references(folder: Path) -> Document:
    manifest_file = folder / REFERENCES_FILE
    try:
        manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
        dpi, gray = int(manifest["dpi"]), bool(manifest["grayscale"])
        pages = [
            Page(
                number=number,
                words=tuple(entry["words"].split()),
                folio=tuple(entry["folio"]) if entry["folio"] else None,
                size=(float(entry["size"][0]), float(entry["size"][1])),
            )
            for number, entry in enumerate(manifest["pages"], 1)
        ]
        files = [folder / entry["file"] for entry in manifest["pages"]]
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        raise UnreadablePdf("compare_bad_references", path=shown(manifest_file), reason=str(error)) from None
    missing = [shown(f) for f in files if not f.is_file()]
    if missing:
        raise UnreadablePdf("compare_missing", path=missing[0])

    def render(index: int, _dpi: int, _gray: bool) -> Image.Image:
        with Image.open(files[index]) as image:
            return image.convert("L" if gray else "RGB")

    return Document(
        name=shown(folder),
        pages=pages,
        title=manifest.get("title", ""),
        lang=manifest.get("lang", ""),
        attachments=dict(manifest.get("attachments", {})),
        size=None,
        _render=render,
        fixed=(dpi, gray),
    )
