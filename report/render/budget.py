"""The size budget: a PDF over its profile's limit fails the build, naming what weighs.

Sizes are measured on the produced file with pikepdf: each font, image and attachment
stream at its stored (compressed) length, and the pages' content streams together;
the rest is the structure tree (tags), metadata and the colour profile.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from ..problems import BuildError, Lines, Message, Reason, message
from .profiles import MB

MAX_BUDGET = 1024 * 1024 * MB
"""A terabyte: no size budget is larger (and `inf` is none)."""


@dataclass(frozen=True)
class Contributor:
    kind: str  # "font", "image", "attachment", "content"
    name: str | Message
    size: int


def contributors(pdf: bytes) -> list[Contributor]:
    """Fonts, images, attachments and page contents of `pdf`, heaviest first."""
    import pikepdf  # only needed when measuring

    found: dict[tuple[int, int], Contributor] = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for obj in document.objects:
            if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
                continue
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in obj:
                    stream = obj[key]
                    found[stream.objgen] = Contributor("font", str(obj.FontName)[1:], _stored(stream))
        for page in document.pages:
            images = page.get_images() if hasattr(page, "get_images") else page.images  # pikepdf ≥ 10
            for name, image in images.items():
                if image.objgen not in found:
                    found[image.objgen] = Contributor(
                        "image", f"{name[1:]} ({image.Width}×{image.Height})", _stored(image)
                    )
        pages = sum(
            _stored(page.obj.Contents)
            for page in document.pages
            if isinstance(page.obj.get("/Contents"), pikepdf.Stream)
        )
        found[(0, 0)] = Contributor("content", message("budget_pages", count=len(document.pages)), pages)
        for name, spec in document.attachments.items():
            stream = spec.obj.EF.F
            found[stream.objgen] = Contributor("attachment", name, _stored(stream))
    return sorted(found.values(), key=lambda c: (-c.size, c.kind, str(c.name)))


def _stored(stream) -> int:
    return len(stream.read_raw_bytes())


def check_budget(pdf: bytes, budget: int, label: str) -> None:
    """Raise `BuildError` when `pdf` is larger than `budget` bytes, listing the heaviest parts."""
    if len(pdf) <= budget:
        return
    parts = contributors(pdf)
    listed = Lines(
        message("budget_item", kind=message(f"budget_{c.kind}"), name=c.name, size=_kb(c.size)) for c in parts[:10]
    )
    rest = len(pdf) - sum(c.size for c in parts)
    raise BuildError("over_budget", label=label, size=_kb(len(pdf)), budget=_kb(budget), listed=listed, rest=_kb(rest))


def _kb(size: int) -> str:
    return f"{size / MB:.2f} MB" if size >= MB else f"{size / 1024:.0f} KB"


def parse_size(text: str) -> int:
    """'1.5MB', '800KB', '2 mb', '1200000' → bytes; `Reason` (a ValueError) when it is none."""
    raw = text.strip().upper().replace(" ", "").replace(",", ".")
    for suffix, factor in (("MB", MB), ("M", MB), ("KB", 1024), ("K", 1024), ("B", 1)):
        if raw.endswith(suffix):
            raw, scale = raw[: -len(suffix)], factor
            break
    else:
        scale = 1
    try:
        value = float(raw)
    except ValueError:
        raise Reason("usage_size", value=repr(text)) from None
    if not math.isfinite(value) or value * scale > MAX_BUDGET:  # inf, nan, 1e400
        raise Reason("usage_size", value=repr(text))
    if value <= 0:
        raise Reason("usage_size_positive", value=repr(text))
    return int(value * scale)
