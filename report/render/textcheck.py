"""Nothing lost on the way to the page: every text of the HTML, and every prose block as
the author wrote it, is in the PDF, on the page.

Two checks after layout, each failing the build with what was lost and where:
- `check_text`: each block of the HTML (a paragraph, a list item, a heading) must be found
  in the PDF's text (`pdftext`), normalised as the tests do (letters and digits only, NFC,
  lower case), so line breaks, hyphenation and running headers do not count; a block that
  breaks across pages is found piece by piece on consecutive pages. Text a template means
  not to print carries the `hidden` attribute (text hidden by CSS alone counts as lost).
- `check_on_page`: every line of text WeasyPrint laid out must be inside its page (and
  inside any box that clips it): text in the PDF but off the page is lost to the reader.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from html.parser import HTMLParser

from ..problems import BuildError, Lines, message

# Elements that end a block of text; everything else (em, a, span…) continues it.
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "li", "main", "nav", "ol", "p", "section", "table", "td", "th",
    "tr", "ul",
}  # fmt: skip
_UNSHOWN = {"head", "style", "script", "title", "template"}
_SHOWN_LOST = 5
_TOLERANCE = 1.0  # CSS px: rounding in the layout


def squash(text: str) -> str:
    """Letters and digits only, NFC, lower case: immune to line breaks, hyphenation, quotes."""
    return "".join(char for char in unicodedata.normalize("NFC", text).lower() if char.isalnum())


@dataclass(frozen=True)
class Block:
    text: str  # as written, spaces collapsed
    anchor: str  # the id of the nearest enclosing element that has one ("" if none)


class _Blocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.ids: list[tuple[str, str]] = []  # (tag, id) of the open elements that have one
        self.hidden = 0
        self.unshown: list[str] = []  # open elements with the `hidden` attribute: never laid out
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _UNSHOWN:
            self.hidden += 1
        if tag in _BLOCKS:
            self._flush()
        if "hidden" in dict(attrs):
            self.unshown.append(tag)
        element_id = dict(attrs).get("id")
        if element_id:
            self.ids.append((tag, element_id))

    def handle_endtag(self, tag: str) -> None:
        if tag in _UNSHOWN:
            self.hidden = max(0, self.hidden - 1)
        if tag in _BLOCKS:
            self._flush()
        if self.unshown and self.unshown[-1] == tag:
            self.unshown.pop()
        if self.ids and self.ids[-1][0] == tag:
            self.ids.pop()

    def handle_data(self, data: str) -> None:
        if not self.hidden and not self.unshown:
            self.chunks.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self.chunks).split())
        self.chunks = []
        if squash(text):
            self.blocks.append(Block(text, self.ids[-1][1] if self.ids else ""))

    def close(self) -> None:
        super().close()
        self._flush()


def html_blocks(html: str) -> list[Block]:
    """The blocks of text a reader should find in the PDF, in document order."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return parser.blocks


MIN_PIECE = 40
"""Letters and digits a block keeps on each page when it breaks across pages: at least two
lines of the narrowest column (orphans and widows keep three). A shorter piece is no page
break but a coincidence, which must not pass for the text."""


def found(text: str, pages: list[str], joined: str) -> bool:
    """Is squashed `text` in the squashed `pages`: whole, or in pieces of at least
    `MIN_PIECE` on consecutive pages (a paragraph broken by a page, with the running head,
    the folio or a float of the next page drawn in between)?"""
    if text in joined:
        return True
    if len(text) < 2 * MIN_PIECE:
        return False
    for start in range(len(pages)):
        rest, page = text, start
        while len(rest) >= MIN_PIECE and page < len(pages):
            taken = _longest_prefix(rest, pages[page])
            if taken == len(rest):
                return True
            if taken < MIN_PIECE or len(rest) - taken < MIN_PIECE:
                break
            rest, page = rest[taken:], page + 1
    return False


def _longest_prefix(text: str, page: str) -> int:
    """How much of the start of `text` appears somewhere in `page`."""
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text[:middle] in page:
            low = middle
        else:
            high = middle - 1
    return low


def check_text(
    html: str,
    pages: list[str],
    places: Mapping[str, str],
    sources: Sequence[str] = (),
    source_file: Callable[[str], str] | None = None,
) -> None:
    """Raise `BuildError` naming every block of `html`, and every prose block of `sources`
    (as the author wrote it), that the PDF's `pages` do not hold. The sources catch what
    the HTML never had: text the sanitiser dropped. `places`: anchor id → the content file
    it comes from; `source_file`: a lost source block → its file (for the message)."""
    squashed = [squash(page) for page in pages]
    joined = "".join(squashed)
    lost = [
        (places.get(block.anchor) or (f"#{block.anchor}" if block.anchor else ""), block.text)
        for block in html_blocks(html)
        if not found(squash(block.text), squashed, joined)
    ]
    lost_texts = {text for _, text in lost}
    for text in sources:
        if text not in lost_texts and not found(squash(text), squashed, joined):
            lost.append((source_file(text) if source_file else "", text))
    if lost:
        raise BuildError("text_lost", count=len(lost), listed=_listed(lost))


def _listed(lost: list[tuple[str, str]]) -> Lines:
    return Lines(message("text_lost_item", place=place or "—", text=_short(text)) for place, text in lost[:_SHOWN_LOST])


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_on_page(document) -> None:
    """Raise `BuildError` when a laid-out text lies outside its page or a box that clips it."""
    from weasyprint.formatting_structure import boxes

    outside: list[tuple[int, str]] = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        page_clip = (0.0, 0.0, root.margin_width(), root.margin_height())
        stack = [(root, page_clip)]
        while stack:  # no recursion: the box tree can be deep
            box, clip = stack.pop()
            if isinstance(box, boxes.TextBox):
                if box.text.strip() and not _inside(box, clip):
                    outside.append((number, box.text))
                continue
            if isinstance(box, boxes.ParentBox):
                if box.style["overflow"] != "visible":
                    clip = _intersection(
                        clip, (box.padding_box_x(), box.padding_box_y(), box.padding_width(), box.padding_height())
                    )
                stack.extend((child, clip) for child in reversed(box.children))  # popped in order
    if outside:
        listed = Lines(
            message("text_off_page_item", page=page, text=_short(" ".join(text.split())))
            for page, text in outside[:_SHOWN_LOST]
        )
        raise BuildError("text_off_page", count=len(outside), listed=listed)


def _inside(box, clip: tuple[float, float, float, float]) -> bool:
    x, y, width, height = clip
    return (
        box.position_x >= x - _TOLERANCE
        and box.position_y >= y - _TOLERANCE
        and box.position_x + box.width <= x + width + _TOLERANCE
        and box.position_y + box.height <= y + height + _TOLERANCE
    )


def _intersection(a: tuple[float, float, float, float], b: tuple[float, float, float, float]):
    left, top = max(a[0], b[0]), max(a[1], b[1])
    right, bottom = min(a[0] + a[2], b[0] + b[2]), min(a[1] + a[3], b[1] + b[3])
    return left, top, max(0.0, right - left), max(0.0, bottom - top)
