"""Diffing: each matched pair of pages compared by its words and its pixels, and the file's data.

The renders are compared at one resolution (NumPy: pixels past a threshold, grouped into
boxed regions). A page whose only change is its folio, because a page was added or removed
before it, is «moved», not changed. `summary` words the whole comparison in one line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

from ..problems import Message, message
from .align import Edit, align, word_edits
from .read import DEFAULT_DPI, Box, Document, Page

EXIT_SAME, EXIT_CHANGED = 0, 1


@dataclass(frozen=True)
class Tolerance:
    """How different two renders must be to count: a pixel whose channels differ by more
    than `threshold` (of 255) changed; a region counts with at least `min_pixels` of them.
    Changed pixels closer than `gap` (a fraction of the page width) form one region."""

    threshold: int = 40
    min_pixels: int = 4
    gap: float = 0.02


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


def page_numbers(numbers: Sequence[int]) -> Message:
    """«p. 9», «pp. 3–5, 8»: the pages of a count, worded."""
    return message("compare_page_numbers", count=len(numbers), numbers=page_list(numbers))


def summary(comparison: Comparison) -> Message:
    """One line: «1 página cambió (p. 9)», «sin cambios (21 páginas)»."""
    parts = []
    changed = [p.new.number for p in comparison.having("changed") if p.new]
    added = [p.new.number for p in comparison.having("added") if p.new]
    removed = [p.old.number for p in comparison.having("removed") if p.old]
    if changed:
        parts.append(message("compare_changed", count=len(changed), pages=page_numbers(changed)))
    if added:
        parts.append(message("compare_added", count=len(added), pages=page_numbers(added)))
    if removed:
        parts.append(message("compare_removed", count=len(removed), pages=page_numbers(removed)))
    parts += [message(f"compare_field_{f.name}") for f in comparison.fields if f.visible]
    if not parts:
        return message("compare_same", count=len(comparison.new.pages))
    line = parts[0]
    for part in parts[1:]:
        line = message("compare_and", first=line, second=part)
    return line
