"""The layout preflight: what a designer would frown at, measured on the laid-out document.

Run on WeasyPrint's layout (its page and box tree) before the PDF is written, by every
build and by `check --layout`. Each finding names its page and what it is:

- a page whose content fills less than `min_fill` of its content area (only the pages
  that are no text pages are free: covers, dividers, the contents, the closing page and a
  print edition's blank pages, marked `data-free`; a section's or a part's last page is
  held to the same rule: `pagination` lets short parts share a page);
- content outside the page box (or its bleed), or a line wider than its column;
- a heading or a box's title left alone at the bottom of a page;
- a paragraph or heading whose last line is a runt: one short word, or a word's fragment;
- an image below the output profile's resolution at its printed size;
- text whose contrast with its background is below WCAG AA;
- inside a map (the label layout its SVG carries): a dot without a label, a label over
  another or over a dot not its own, one cut by the map's edge, or below WCAG AA.

The thresholds live in `THRESHOLDS` and are documented in the handbook (docs/manual.md, section 13). The
report's parts are marked in the HTML with `data-part` (`data-free` on pages that are no
text pages). `page_fill` is the fill
measure, which `pagination` plans the pages by.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from charts import placement

from ..problems import BuildError, Message, message
from .profiles import PROFILES

PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Thresholds:
    min_fill: float = 0.55  # of the content area's height
    runt_chars: int = 6  # a last line of one word this short (or a fragment) is a runt
    bottom_mm: float = 25  # a heading ending this close to the bottom, with nothing after it
    min_contrast: float = 4.5  # WCAG AA, normal text
    min_contrast_large: float = 3.0  # WCAG AA, large text (18 pt, or 14 pt bold)
    tolerance_px: float = 1.0  # layout rounding


THRESHOLDS = Thresholds()
HEADINGS = {"h1", "h2", "h3", "h4"}


@dataclass(frozen=True)
class Finding:
    page: int  # 1-based
    message: Message


class LayoutError(BuildError):
    """With --strict, the preflight's findings stop the build."""

    def __init__(self, findings: tuple[Finding, ...]):
        self.findings = findings
        super().__init__("preflight_failed", count=len(findings))

    def __reduce__(self):
        return (LayoutError, (self.findings,))


def preflight(document, profile: str, thresholds: Thresholds = THRESHOLDS) -> list[Finding]:
    """Every finding of the laid-out `document` (a WeasyPrint `Document`)."""
    pages = [_Page(number, page._page_box) for number, page in enumerate(document.pages, start=1)]
    findings: list[Finding] = []
    for page in pages:
        findings += page.findings(thresholds, profile, check_fill=not page.free)
        findings += map_labels(page, thresholds)
    return findings


def visible(box) -> bool:
    """Whether a box shows anything: text, an image, a background or a border."""
    return _Page._visible(box)


def page_fill(number: int, page_box) -> float:
    """How much of a laid-out page's content area its content fills, top to lowest box (0–1)."""
    return _Page(number, page_box).fill


@cache
def _boxes():
    """WeasyPrint's box classes, imported when there is a layout to check (not for `check`)."""
    from weasyprint.formatting_structure import boxes

    return boxes


_SRGB: dict[tuple, tuple[float, float, float, float]] = {}  # a report has a few dozen colours, thousands of boxes


def _rgb(color) -> tuple[float, float, float, float]:
    """A CSS colour (tinycss2's) as sRGB channels 0–1 and alpha."""
    key = (color.space, color.coordinates, color.alpha)
    if key not in _SRGB:
        red, green, blue = color.to("srgb").coordinates
        _SRGB[key] = (red, green, blue, color.alpha)
    return _SRGB[key]


def _luminance(rgb: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@cache
def contrast(foreground: tuple[float, float, float], background: tuple[float, float, float]) -> float:
    """The WCAG 2 contrast ratio of two sRGB colours (0–1 channels)."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


class _Page:
    """One laid-out page: its boxes with the part and background each belongs to."""

    def __init__(self, number: int, page_box):
        self.number = number
        self.box = page_box
        self.top = page_box.content_box_y()
        self.height = page_box.height
        self.bottom = self.top + self.height
        self.parts: list[str] = []  # data-part: a profile, the letter…
        self.free = page_box.page_type.name in ("cover", "divider")
        background = _rgb(page_box.style["background_color"])
        paper = background if background[3] > 0.5 else (1.0, 1.0, 1.0, 1.0)
        self.items = list(self._walk(page_box, None, paper, False))
        self.lowest = self._lowest()
        self.fill = (self.lowest - self.top) / self.height

    def _lowest(self) -> float:
        """The bottom of the lowest visible box in the flow (not an absolutely placed one)."""
        boxes = _boxes()
        lowest = self.top
        for box, *_ in self.items:
            in_flow = not isinstance(box, boxes.PageBox) and box.style["position"] not in ("absolute", "fixed")
            if in_flow and self._visible(box):
                lowest = max(lowest, box.border_box_y() + box.border_height())
        return lowest

    def _walk(self, box, part: str | None, background, clipped: bool) -> Iterator[tuple[Any, str | None, tuple, bool]]:
        """Every box with the part it belongs to, the background behind it, and whether an
        ancestor clips it (`overflow: hidden`: the cover's rings may run past the edge)."""
        boxes = _boxes()
        if isinstance(box, boxes.MarginBox):
            return
        element = getattr(box, "element", None)
        if element is not None and box.element_tag not in ("html", "body"):
            if element.get("data-part"):
                part = element.get("data-part")
            if element.get("data-free") is not None:
                self.free = True
        if part and part not in self.parts and not isinstance(box, boxes.PageBox):
            self.parts.append(part)
        color = _rgb(box.style["background_color"]) if hasattr(box, "style") else (0, 0, 0, 0)
        if color[3] > 0.5:
            background = color
        yield box, part, background, clipped
        clips = clipped or (hasattr(box, "style") and box.style["overflow"] != "visible")
        for child in getattr(box, "children", ()):
            yield from self._walk(child, part, background, clips)

    def findings(self, t: Thresholds, profile: str, *, check_fill: bool) -> list[Finding]:
        boxes = _boxes()
        found: list[Finding] = []
        bleed = self.box.bleed
        width = self.box.margin_width()
        height = self.box.margin_height()
        for box, _part, background, clipped in self.items:
            if isinstance(box, boxes.PageBox):
                continue
            x, y = box.border_box_x(), box.border_box_y()
            right, bottom = x + box.border_width(), y + box.border_height()
            visible = self._visible(box)
            if (
                visible
                and not clipped
                and (
                    x < -bleed["left"] - t.tolerance_px
                    or right > width + bleed["right"] + t.tolerance_px
                    or bottom > height + bleed["bottom"] + t.tolerance_px
                )
            ):
                found.append(Finding(self.number, message("preflight_outside", what=self._describe(box))))
            if isinstance(box, boxes.BlockContainerBox) and not isinstance(box, boxes.LineBox):
                found += self._lines(box, t)
            if isinstance(box, boxes.TextBox) and box.text.strip():
                found += self._contrast(box, background, t)
            if isinstance(box, boxes.ReplacedBox):
                found += self._resolution(box, profile, t)
        if check_fill:
            fill = self.fill
            if fill < t.min_fill:
                found.append(
                    Finding(self.number, message("preflight_fill", fill=f"{fill:.0%}", minimum=f"{t.min_fill:.0%}"))
                )
        found += self._heading_at_bottom(t, self.lowest)
        return found

    @staticmethod
    def _visible(box) -> bool:
        boxes = _boxes()
        if isinstance(box, boxes.TextBox):
            return bool(box.text.strip())
        if isinstance(box, boxes.ReplacedBox):
            return True
        style = box.style
        return _rgb(style["background_color"])[3] > 0 or any(
            style[f"border_{side}_width"] for side in ("top", "right", "bottom", "left")
        )

    @staticmethod
    def _text(box) -> str:
        boxes = _boxes()
        if isinstance(box, boxes.TextBox):
            return box.text
        return "".join(_Page._text(child) for child in getattr(box, "children", ()))

    def _describe(self, box) -> str:
        text = " ".join(self._text(box).split())
        return f"«{text[:40]}»" if text else (box.element_tag or type(box).__name__)

    def _lines(self, block, t: Thresholds) -> list[Finding]:
        """A paragraph's last line: a runt when it is one short word or a hyphenated word's end."""
        boxes = _boxes()
        lines = [child for child in block.children if isinstance(child, boxes.LineBox)]
        found = []
        edge = block.content_box_x() + block.width + t.tolerance_px
        for line in lines:  # a word or a URL longer than the column runs past its edge
            right = max((c.position_x + c.margin_width() for c in line.children), default=0)
            if right > edge:
                found.append(Finding(self.number, message("preflight_too_wide", what=self._describe(line))))
        if len(lines) < 2:
            return found
        last, before = self._text(lines[-1]).split(), self._text(lines[-2]).rstrip()
        if len(last) != 1:
            return found
        word = last[0].strip(".,;:!?»”)\"'")
        fragment = before.endswith(("-", "\u00ad")) and not before.endswith(" -")
        if len(word) <= t.runt_chars or fragment:
            found.append(Finding(self.number, message("preflight_runt", word=last[0], line=before[-30:])))
        return found

    def _heading_at_bottom(self, t: Thresholds, lowest: float) -> list[Finding]:
        """A heading whose bottom is the page's last content, close to the page's bottom."""
        found = []
        for box, *_ in self.items:
            tag = getattr(box, "element_tag", None)
            if tag not in HEADINGS or box.element is None or box.element.get("data-part"):
                continue
            bottom = box.border_box_y() + box.border_height()
            if abs(bottom - lowest) <= t.tolerance_px and self.bottom - bottom < t.bottom_mm * PX_PER_MM:
                found.append(Finding(self.number, message("preflight_heading_bottom", heading=self._describe(box))))
        return found

    def _contrast(self, box, background, t: Thresholds) -> list[Finding]:
        foreground = _rgb(box.style["color"])
        if foreground[3] < 0.5 or box.style["visibility"] != "visible":
            return []
        size = box.style["font_size"]
        large = size >= 24 or (size >= 18.66 and box.style["font_weight"] >= 700)
        minimum = t.min_contrast_large if large else t.min_contrast
        ratio = contrast(foreground[:3], background[:3])
        if ratio < minimum - 0.005:
            return [
                Finding(
                    self.number,
                    message(
                        "preflight_contrast", text=box.text.strip()[:30], ratio=f"{ratio:.1f}", minimum=f"{minimum:.1f}"
                    ),
                )
            ]
        return []

    def _resolution(self, box, profile: str, t: Thresholds) -> list[Finding]:
        """A raster image's pixels per inch at its printed size (vector images have none)."""
        image = box.replacement
        pixels = getattr(image, "_intrinsic_width", None) or getattr(image, "width", None)
        if not pixels or type(image).__name__ == "SVGImage" or box.width <= 0:
            return []
        ppi = pixels / (box.width / 96)
        minimum = PROFILES[profile].min_ppi  # each output profile owns its own
        if ppi < minimum:
            element = box.element
            name = (element.get("data-file") or element.get("alt") or "") if element is not None else ""
            return [
                Finding(self.number, message("preflight_resolution", image=name, ppi=f"{ppi:.0f}", minimum=minimum))
            ]
        return []


# --- inside the maps -------------------------------------------------------------------
# A map's SVG carries where its labels are (charts/placement.py): the same geometry the
# chart tests check, read back from the image the page really shows.

_MAP_KINDS = {
    "unlabelled": "preflight_map_unlabelled",
    "overlap": "preflight_map_overlap",
    "covers": "preflight_map_overlap",
    "clipped": "preflight_map_clipped",
}
_SVG_URI = "data:image/svg+xml;base64,"


def map_labels(page: _Page, t: Thresholds = THRESHOLDS) -> list[Finding]:
    """The findings of every map on the page (its <img> of an SVG with a label layout)."""
    boxes = _boxes()
    found: list[Finding] = []
    for box, *_ in page.items:
        element = getattr(box, "element", None)
        if not isinstance(box, boxes.ReplacedBox) or element is None:
            continue
        source = element.get("src") or ""
        if source.startswith(_SVG_URI):
            alt = element.get("alt") or ""
            found += [Finding(page.number, m) for m in _map_messages(source, alt, t.min_contrast)]
    return found


@lru_cache(maxsize=256)  # a map is decoded once per process, not once per build
def _map_messages(source: str, alt: str, min_contrast: float) -> tuple[Message, ...]:
    return tuple(map_messages(base64.b64decode(source[len(_SVG_URI) :]), alt, min_contrast))


def map_messages(svg: bytes, chart: str, min_contrast: float = THRESHOLDS.min_contrast) -> list[Message]:
    """What is wrong with the labels of a map's SVG (`chart`: how to name it, its alt text)."""
    chart = chart[:48] + "…" if len(chart) > 48 else chart
    found = []
    for drawn in placement.from_svg(svg):
        for kind, what in placement.problems(drawn.layout):
            found.append(message(_MAP_KINDS[kind], chart=chart, labels=what.replace("\n", " ")))
        ratio = contrast(_hex(drawn.color), _hex(drawn.background))
        if ratio < min_contrast - 0.005:
            found.append(
                message("preflight_map_contrast", chart=chart, ratio=f"{ratio:.1f}", minimum=f"{min_contrast:.1f}")
            )
    return found


def _hex(color: str) -> tuple[float, float, float]:
    red, green, blue = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue
