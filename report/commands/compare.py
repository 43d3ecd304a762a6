"""`compare`: what changed between two PDFs of the report, page by page, as a proof to open.

Pages are matched by their text, not by their number, so an added or removed page shows as
such and the pages after it are still compared with their counterparts: SequenceMatcher
aligns the pages' text signatures (their words without numbers, so renumbered folios and
contents lines do not break the alignment), then pages inside a replaced stretch are paired
by how similar their words are. Each matched pair is compared twice: its words (a word
diff, hyphenation undone) and its pixels (renders at one resolution, changed regions
boxed). A page whose only change is its folio, because a page was added or removed before
it, is «moved», not changed.

The proof is one self-contained HTML file (the renders are data: URIs). Rendering is
pypdfium2; the pixel work is NumPy and Pillow. This module never imports WeasyPrint, so
`compare` starts fast. The same comparison runs after `build --against` and in `watch`, and
against the committed reference renders of the tests (a folder written by
`write_references`, which `open_document` reads like a PDF).
"""

from __future__ import annotations

import base64
import ctypes
import hashlib
import html
import io
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from PIL import Image, ImageDraw

from ..locale import say
from ..paths import shown
from ..problems import BuildError, Message, message, os_reason
from .output import Reporter

DEFAULT_DPI = 72
REFERENCE_DPI = 30
REFERENCES_FILE = "pages.json"
PROOF_SUFFIX = "-cambios.html"
EXIT_SAME, EXIT_CHANGED, EXIT_BAD_INPUT, EXIT_NOT_WRITTEN = 0, 1, 2, 3

Box = tuple[float, float, float, float]
"""x0, y0, x1, y1 as fractions of the page's width and height, from its top left corner."""


class UnreadablePdf(BuildError):
    """An input that is not a readable PDF (or references folder): exit status 2."""


@dataclass(frozen=True)
class Tolerance:
    """How different two renders must be to count: a pixel whose channels differ by more
    than `threshold` (of 255) changed; a region counts with at least `min_pixels` of them.
    Changed pixels closer than `gap` (a fraction of the page width) form one region."""

    threshold: int = 40
    min_pixels: int = 4
    gap: float = 0.02


# ------------------------------------------------------------------ documents


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


# ------------------------------------------------------------------ comparing


@dataclass(frozen=True)
class Edit:
    """One change in a page's words, with a few words either side to find it."""

    removed: tuple[str, ...]
    added: tuple[str, ...]
    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass
class PageChange:
    status: str  # "same", "moved", "changed", "added", "removed"
    old: Page | None
    new: Page | None
    regions: list[Box] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)
    old_image: Image.Image | None = None
    new_image: Image.Image | None = None


@dataclass(frozen=True)
class FieldChange:
    name: str  # title, lang, pages, attachments, size
    old: str
    new: str
    visible: bool  # counts as a change (the size and the page count alone do not)
    altered: tuple[str, ...] = ()  # attachments whose content changed


@dataclass
class Comparison:
    old: Document
    new: Document
    pages: list[PageChange]
    fields: list[FieldChange]
    dpi: int
    grayscale: bool

    def having(self, status: str) -> list[PageChange]:
        return [page for page in self.pages if page.status == status]

    @property
    def changed(self) -> bool:
        """Something a reader would see: a page changed, added or removed, or the title,
        language or attachments."""
        return any(p.status in ("changed", "added", "removed") for p in self.pages) or any(
            f.visible for f in self.fields
        )

    @property
    def exit_status(self) -> int:
        return EXIT_CHANGED if self.changed else EXIT_SAME


def compare(old: Document, new: Document, dpi: int = DEFAULT_DPI, tolerance: Tolerance = Tolerance()) -> Comparison:
    """Match the pages of two documents and tell what changed on each."""
    fixed = old.fixed or new.fixed
    dpi, gray = fixed if fixed else (dpi, False)
    pages = []
    for old_index, new_index in align(old.pages, new.pages):
        if old_index is None:
            assert new_index is not None
            pages.append(PageChange("added", None, new.pages[new_index], new_image=_image(new, new_index, dpi, gray)))
        elif new_index is None:
            pages.append(PageChange("removed", old.pages[old_index], None, old_image=_image(old, old_index, dpi, gray)))
        else:
            pages.append(_compare_pair(old, new, old_index, new_index, dpi, gray, tolerance))
    return Comparison(old, new, pages, _fields(old, new), dpi, gray)


def _image(document: Document, index: int, dpi: int, gray: bool) -> Image.Image:
    return document.render(index, dpi, gray).convert("L" if gray else "RGB")


def _compare_pair(
    old: Document, new: Document, old_index: int, new_index: int, dpi: int, gray: bool, tolerance: Tolerance
) -> PageChange:
    before, after = old.pages[old_index], new.pages[new_index]
    old_image = _image(old, old_index, dpi, gray)
    new_image = _image(new, new_index, dpi, gray)
    regions = changed_regions(old_image, new_image, tolerance)
    if before.number != after.number:  # the folio moved with the page: not a change of the page
        folios = [_grown(box, 0.015) for box in (before.folio, after.folio) if box]
        regions = [r for r in regions if not any(_inside(r, f) for f in folios)]
    edits = word_edits(before.words, after.words)
    if regions or edits:
        return PageChange("changed", before, after, regions, edits, old_image, new_image)
    return PageChange("moved" if before.number != after.number else "same", before, after)


def _grown(box: Box, by: float) -> Box:
    return (box[0] - by, box[1] - by, box[2] + by, box[3] + by)


def _inside(inner: Box, outer: Box) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def align(old: Sequence[Page], new: Sequence[Page]) -> list[tuple[int | None, int | None]]:
    """Pairs of page indices (old, new) in reading order; None on one side: added or removed."""
    matcher = SequenceMatcher(None, [p.signature for p in old], [p.signature for p in new], autojunk=False)
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs += zip(range(i1, i2), range(j1, j2), strict=True)
        elif tag == "delete":
            pairs += [(i, None) for i in range(i1, i2)]
        elif tag == "insert":
            pairs += [(None, j) for j in range(j1, j2)]
        else:
            pairs += _pair_by_similarity(old[i1:i2], new[j1:j2], i1, j1)
    return pairs


MIN_SIMILARITY = 0.5


def _pair_by_similarity(
    old: Sequence[Page], new: Sequence[Page], i0: int, j0: int
) -> list[tuple[int | None, int | None]]:
    """Inside a stretch whose texts all differ: an order-keeping pairing that maximises the
    summed similarity of the pairs (pages less than half alike stay unpaired)."""
    n, m = len(old), len(new)
    similarity = [[_similarity(a, b) for b in new] for a in old]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            paired = best[i + 1][j + 1] + similarity[i][j] if similarity[i][j] >= MIN_SIMILARITY else -1.0
            best[i][j] = max(best[i + 1][j], best[i][j + 1], paired)
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if similarity[i][j] >= MIN_SIMILARITY and best[i][j] == best[i + 1][j + 1] + similarity[i][j]:
            pairs.append((i0 + i, j0 + j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i0 + i, None))
            i += 1
        else:
            pairs.append((None, j0 + j))
            j += 1
    pairs += [(i0 + k, None) for k in range(i, n)] + [(None, j0 + k) for k in range(j, m)]
    return pairs


HEADING_WORDS, HEADING_BONUS = 3, 0.2


def _similarity(a: Page, b: Page) -> float:
    """How alike two pages' words are (0 to 1), and a bonus when they open with the same
    words: of a section split over two pages, the page with its heading pairs with the old one."""
    if not a.words and not b.words:
        return 1.0
    matcher = SequenceMatcher(None, a.words, b.words, autojunk=False)
    if matcher.real_quick_ratio() < MIN_SIMILARITY:
        return 0.0
    ratio = matcher.ratio()
    heading = a.signature[:HEADING_WORDS]
    return ratio + HEADING_BONUS if heading and heading == b.signature[:HEADING_WORDS] else ratio


CONTEXT_WORDS = 6


def word_edits(old: Sequence[str], new: Sequence[str]) -> list[Edit]:
    """The word diff of one page."""
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        Edit(
            removed=tuple(old[i1:i2]),
            added=tuple(new[j1:j2]),
            before=tuple(old[max(0, i1 - CONTEXT_WORDS) : i1]),
            after=tuple(old[i2 : i2 + CONTEXT_WORDS]),
        )
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def changed_regions(old: Image.Image, new: Image.Image, tolerance: Tolerance = Tolerance()) -> list[Box]:
    """Boxes around the areas where two renders of a page differ (fractions of the page)."""
    if old.size != new.size:
        return [(0.0, 0.0, 1.0, 1.0)]
    a = np.asarray(old, dtype=np.int16)
    b = np.asarray(new.convert(old.mode), dtype=np.int16)
    difference = np.abs(a - b)
    if difference.ndim == 3:
        difference = difference.max(axis=2)
    mask = difference > tolerance.threshold
    if int(mask.sum()) < tolerance.min_pixels:
        return []
    height, width = mask.shape
    cell = max(2, round(width * tolerance.gap / 2))
    rows, cols = -(-height // cell), -(-width // cell)
    padded = np.zeros((rows * cell, cols * cell), dtype=bool)
    padded[:height, :width] = mask
    counts = padded.reshape(rows, cell, cols, cell).sum(axis=(1, 3))
    boxes = []
    for component in _components(counts > 0):
        total = sum(int(counts[r, c]) for r, c in component)
        if total < tolerance.min_pixels:
            continue
        top, bottom = min(r for r, _ in component), max(r for r, _ in component)
        left, right = min(c for _, c in component), max(c for _, c in component)
        window = padded[top * cell : (bottom + 1) * cell, left * cell : (right + 1) * cell]
        ys, xs = np.nonzero(window)
        y0, x0 = top * cell + int(ys.min()), left * cell + int(xs.min())
        y1, x1 = top * cell + int(ys.max()) + 1, left * cell + int(xs.max()) + 1
        boxes.append((x0 / width, y0 / height, x1 / width, y1 / height))
    return sorted(boxes, key=lambda box: (box[1], box[0]))


def _components(active: np.ndarray) -> list[list[tuple[int, int]]]:
    """Groups of active cells that touch, diagonals and one empty cell between included."""
    rows, cols = active.shape
    seen = np.zeros_like(active)
    groups = []
    for start in zip(*np.nonzero(active), strict=True):
        if seen[start]:
            continue
        seen[start] = True
        stack, group = [start], []
        while stack:
            r, c = stack.pop()
            group.append((int(r), int(c)))
            for dr in range(-2, 3):
                for dc in range(-2, 3):
                    nr, nc = r + dr, c + dc
                    if 0 <= nr < rows and 0 <= nc < cols and active[nr, nc] and not seen[nr, nc]:
                        seen[nr, nc] = True
                        stack.append((nr, nc))
        groups.append(group)
    return groups


def _fields(old: Document, new: Document) -> list[FieldChange]:
    names = old.attachments.keys() | new.attachments.keys()
    altered = tuple(sorted(n for n in names if old.attachments.get(n) != new.attachments.get(n)))
    fields = [
        FieldChange("title", old.title, new.title, old.title != new.title),
        FieldChange("lang", old.lang, new.lang, old.lang != new.lang),
        FieldChange("pages", str(len(old.pages)), str(len(new.pages)), False),
        FieldChange(
            "attachments",
            ", ".join(sorted(old.attachments)),
            ", ".join(sorted(new.attachments)),
            bool(altered),
            altered,
        ),
    ]
    if old.size is not None and new.size is not None:
        fields.append(FieldChange("size", f"{old.size / 1024:.0f} KB", f"{new.size / 1024:.0f} KB", False))
    return fields


# ------------------------------------------------------------------ wording


def page_list(numbers: Iterable[int]) -> str:
    """«7–9, 12»: consecutive pages as a range."""
    numbers = sorted(set(numbers))
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ", ".join(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}" for run in runs)


def _pages(numbers: Sequence[int]) -> Message:
    return message("compare_page_numbers", count=len(numbers), numbers=page_list(numbers))


def summary(comparison: Comparison) -> Message:
    """One line: «1 página cambió (p. 9)», «sin cambios (21 páginas)»."""
    parts = []
    changed = [p.new.number for p in comparison.having("changed") if p.new]
    added = [p.new.number for p in comparison.having("added") if p.new]
    removed = [p.old.number for p in comparison.having("removed") if p.old]
    if changed:
        parts.append(message("compare_changed", count=len(changed), pages=_pages(changed)))
    if added:
        parts.append(message("compare_added", count=len(added), pages=_pages(added)))
    if removed:
        parts.append(message("compare_removed", count=len(removed), pages=_pages(removed)))
    parts += [message(f"compare_field_{f.name}") for f in comparison.fields if f.visible]
    if not parts:
        return message("compare_same", count=len(comparison.new.pages))
    line = parts[0]
    for part in parts[1:]:
        line = message("compare_and", first=line, second=part)
    return line


# ------------------------------------------------------------------ the proof


def proof_path(new_name: str, out_dir: Path) -> Path:
    stem = new_name[:-4] if new_name.lower().endswith(".pdf") else Path(new_name).name
    return out_dir / f"{stem}{PROOF_SUFFIX}"


def write_proof(comparison: Comparison, out_dir: Path, lang: str) -> Path:
    target = proof_path(comparison.new.name, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(proof_html(comparison, lang), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written proof behind
        raise
    return target


RED, GREEN, BLUE = (214, 31, 38), (18, 130, 60), (30, 90, 200)

PROOF_STYLE = """
  :root { color-scheme: light; }
  body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1b;
         margin: 0 auto; padding: 1.5rem; max-width: 1280px; }
  h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
  .files { color: #555; margin: 0 0 1rem; }
  .verdict { font-size: 1.3rem; font-weight: 700; padding: .6rem .9rem; border-radius: 6px; }
  .verdict.same { background: #e3f4e7; color: #125c24; }
  .verdict.changed { background: #fff1d6; color: #6b4600; }
  table { border-collapse: collapse; margin: .6rem 0 1rem; }
  th, td { text-align: left; padding: .25rem .8rem .25rem 0; vertical-align: top; border-bottom: 1px solid #ddd; }
  tr.differs td { background: #fff1d6; }
  .legend { color: #555; font-size: .95rem; }
  .legend .box { display: inline-block; width: 1.1em; height: .8em; border: 2px solid rgb(214, 31, 38); }
  nav ul { columns: 2; padding-left: 1.2rem; }
  section { border-top: 3px solid #1d1d1b; margin-top: 2rem; padding-top: .6rem; }
  h2 { font-size: 1.3rem; margin: 0 0 .6rem; }
  .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; align-items: start; }
  .pair.single { grid-template-columns: 1fr 1fr; }
  figure { margin: 0; }
  figcaption { font-weight: 700; margin-bottom: .3rem; }
  figure img { width: 100%; height: auto; border: 1px solid #bbb; box-shadow: 0 1px 4px #0002; }
  .edits { margin: .4rem 0 1rem; padding-left: 1.2rem; }
  .edits li { margin: .35rem 0; }
  del { background: #fde2e2; color: #8a1212; text-decoration: line-through; padding: 0 .15em; }
  ins { background: #dcf3e1; color: #0d5a22; text-decoration: underline; padding: 0 .15em; }
  .context { color: #666; }
  .note { color: #555; font-style: italic; }
"""


def proof_html(comparison: Comparison, lang: str) -> str:
    """The whole proof page: summary, file data, then every page that changed."""
    text = _Words(lang)
    old, new = comparison.old, comparison.new
    verdict = "changed" if comparison.changed else "same"
    parts = [
        f'<!doctype html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text('proof_title')}: {html.escape(new.name)}</title>\n<style>{PROOF_STYLE}</style>\n</head>\n<body>",
        f"<h1>{text('proof_title')}</h1>",
        f'<p class="files">{text("proof_old")}: <b>{html.escape(old.name)}</b> · '
        f"{text('proof_new')}: <b>{html.escape(new.name)}</b></p>",
        f'<p class="verdict {verdict}">{text(summary(comparison))}</p>',
        _counts_table(comparison, text),
        _fields_table(comparison, text),
    ]
    shown_pages = [p for p in comparison.pages if p.status in ("changed", "added", "removed")]
    if shown_pages:
        parts.append(
            f'<p class="legend"><span class="box"></span> {text("proof_legend_box")}'
            f" · <del>{text('proof_legend_del')}</del> · <ins>{text('proof_legend_ins')}</ins>"
            f" · {text('proof_resolution', dpi=comparison.dpi)}</p>"
        )
        parts.append("<nav><ul>")
        parts += [f'<li><a href="#{_anchor(page)}">{_page_heading(page, text)}</a></li>' for page in shown_pages]
        parts.append("</ul></nav>")
    parts += [_page_section(page, text) for page in shown_pages]
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


class _Words:
    """The proof's words in one language, escaped for HTML."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, item: Message | str, **params: object) -> str:
        return html.escape(say(item, self.lang, **params))


def _number(page: PageChange) -> int:
    """The page's number in the new file, or in the old one for a removed page."""
    side = page.new or page.old
    assert side is not None
    return side.number


def _counts_table(comparison: Comparison, text: _Words) -> str:
    rows = [
        ("proof_count_same", "same"),
        ("proof_count_changed", "changed"),
        ("proof_count_added", "added"),
        ("proof_count_removed", "removed"),
        ("proof_count_moved", "moved"),
    ]
    cells = []
    for code, status in rows:
        pages = comparison.having(status)
        listed = ""
        if status != "same" and pages:
            listed = f' <span class="context">({text(_pages([_number(p) for p in pages]))})</span>'
        cells.append(f"<tr><th>{text(code)}</th><td>{len(pages)}{listed}</td></tr>")
    return f'<table class="counts">{"".join(cells)}</table>'


def _fields_table(comparison: Comparison, text: _Words) -> str:
    rows = [f"<tr><th>{text('proof_file_data')}</th><th>{text('proof_old')}</th><th>{text('proof_new')}</th></tr>"]
    for item in comparison.fields:
        differs = ' class="differs"' if item.old != item.new or item.altered else ""
        new = html.escape(item.new) or "—"
        if item.altered:
            new += f' <span class="context">({text("proof_attachments_altered", names=", ".join(item.altered))})</span>'
        old = html.escape(item.old) or "—"
        rows.append(f"<tr{differs}><td>{text(f'compare_label_{item.name}')}</td><td>{old}</td><td>{new}</td></tr>")
    return f'<table class="fields">{"".join(rows)}</table>'


def _anchor(page: PageChange) -> str:
    return f"p{page.new.number}" if page.new else f"old{_number(page)}"


def _page_heading(page: PageChange, text: _Words) -> str:
    if page.status == "added":
        return text("proof_page_added", page=_number(page))
    if page.status == "removed":
        return text("proof_page_removed", page=_number(page))
    assert page.old is not None and page.new is not None
    if page.old.number != page.new.number:
        return text("proof_page_moved", page=page.new.number, before=page.old.number)
    return text("proof_page", page=page.new.number)


def _page_section(page: PageChange, text: _Words) -> str:
    parts = [f'<section id="{_anchor(page)}">', f"<h2>{_page_heading(page, text)}</h2>"]
    if page.status == "changed":
        if page.edits:
            parts.append(f'<h3>{text("proof_text_changes")}</h3>\n<ul class="edits">')
            parts += [f"<li>{_edit_html(edit)}</li>" for edit in page.edits]
            parts.append("</ul>")
        else:
            parts.append(f'<p class="note">{text("proof_look_only")}</p>')
    parts.append('<div class="pair">')
    sides = (
        ("proof_old", "proof_not_in_old", page.old_image, page.old),
        ("proof_new", "proof_not_in_new", page.new_image, page.new),
    )
    for side, absent, image, this in sides:
        if image is None or this is None:
            parts.append(f'<p class="note">{text(absent)}</p>')
            continue
        alt = text("proof_render_alt", side=message(side), page=this.number)
        parts.append(
            f"<figure><figcaption>{text(side)} · {text('proof_page_short', page=this.number)}</figcaption>"
            f'<img alt="{alt}" src="{_data_uri(_boxed(image, page.regions))}"></figure>'
        )
    parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


def _edit_html(edit: Edit) -> str:
    def words(items: tuple[str, ...]) -> str:
        return html.escape(" ".join(items))

    pieces = []
    if edit.before:
        pieces.append(f'<span class="context">…{words(edit.before)}</span>')
    if edit.removed:
        pieces.append(f"<del>{words(edit.removed)}</del>")
    if edit.added:
        pieces.append(f"<ins>{words(edit.added)}</ins>")
    if edit.after:
        pieces.append(f'<span class="context">{words(edit.after)}…</span>')
    return " ".join(pieces)


def _boxed(image: Image.Image, regions: list[Box]) -> Image.Image:
    """The render with a red box around each changed region."""
    if not regions:
        return image
    boxed = image.convert("RGB")
    draw = ImageDraw.Draw(boxed)
    width, height = boxed.size
    line = max(2, round(width / 300))
    pad = line + 2
    for x0, y0, x1, y1 in regions:
        draw.rectangle(
            (
                max(0, x0 * width - pad),
                max(0, y0 * height - pad),
                min(width - 1, x1 * width + pad),
                min(height - 1, y1 * height + pad),
            ),
            outline=RED,
            width=line,
        )
    return boxed


def _data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


# ------------------------------------------------------------------ the commands


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
