"""The team's Markdown, parsed one way for checking it and for printing it.

CommonMark through markdown-it-py; any raw HTML the team pastes is cleaned by nh3 to a
small allowlist, so content can add emphasis and links but never scripts, styles, images
from elsewhere or anything WeasyPrint would fetch. A link must be an absolute `https:`,
`http:` or `mailto:` address: a relative one (`../x`, `//host/x`) would become a
`file://` link in the PDF. What the cleaning would drop or the page cannot show (a tag
outside the allowlist, an unclosed comment, a heading level the report has no style for,
a table, a footnote) is named by `unshown`, so `check` refuses it with where it is and
what to write instead; `source_blocks` is the text the author wrote, which the build's
text check looks for in the PDF. `shape` measures what the cleaned HTML holds (its text, its
links, how deep and how long it is) for the checks of `text.py`; `render/prose.py` puts
the same HTML on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from html.parser import HTMLParser
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "br", "blockquote", "sup", "sub", "code", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}  # a list numbered from 7 stays so
ALLOWED_SCHEMES = {"https", "http", "mailto"}
BLOCKS = {"p", "li", "h3", "h4"}
"""Elements whose text is one paragraph for the limits (a list item, a heading)."""


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False})


def link_allowed(href: str) -> bool:
    """An absolute web or e-mail address: nothing the PDF would resolve against a folder."""
    try:
        parts = urlsplit(href.strip())
    except ValueError:
        return False
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        return False
    return bool(parts.path) if parts.scheme.lower() == "mailto" else bool(parts.netloc)


def _keep(element: str, attribute: str, value: str) -> str | None:
    if element == "a" and attribute == "href" and not link_allowed(value):
        return None  # `check` has said so already; this keeps the PDF clean whatever the caller
    return value


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_keep,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def raw_html(text: str, *, inline: bool = False) -> str:
    """What markdown-it makes of `text`, before cleaning."""
    return _parser().renderInline(text) if inline else _parser().render(text)


def _markdown_images(text: str, inline: bool) -> int:
    """Images written in Markdown (`![texto](foto.jpg)`): prose never shows them."""
    parser = _parser()
    tokens = parser.parseInline(text) if inline else parser.parse(text)
    return sum(1 for token in tokens for child in token.children or () if child.type == "image")


_LIST_START = re.compile(r'<ol start="(\d{1,9})">')


def _numbered_from(html: str) -> str:
    """WeasyPrint reads `<ol start>` only as a presentational hint, which the report does
    not turn on: the list's counter is set in CSS, from the number markdown-it parsed."""
    return _LIST_START.sub(lambda m: f'<ol start="{m[1]}" style="counter-reset: list-item {int(m[1]) - 1}">', html)


def to_html(text: str, *, inline: bool = False) -> str:
    """`text` as safe HTML: paragraphs and lists, or one line (`inline`); a numbered list
    keeps the number it starts with («7.», «2020.»)."""
    return _numbered_from(clean(raw_html(text, inline=inline)))


@dataclass(frozen=True)
class Shape:
    """What a piece of prose holds once cleaned: the measures the limits apply to."""

    text: str = ""  # every character a reader sees, paragraphs one a line
    paragraphs: tuple[str, ...] = ()  # text of each paragraph, item, heading
    depth: int = 0  # elements inside one another, at the deepest
    longest_list: int = 0  # items of the longest list
    links: tuple[str, ...] = ()  # every href, as written
    images: int = 0  # images written in Markdown, which prose never shows (raw <img> is cleaned away)


class _Measure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.links: list[str] = []
        self.depth = 0
        self.longest_list = 0
        self.open: list[str] = []
        self.items: list[int] = []  # open lists' item counts
        self.chunks: list[str] = []
        self.block: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "br"):  # void elements: nothing nests inside them
            self.chunks.append("\n" if tag == "br" else "")
            return
        if tag == "a":
            self.links += [value or "" for name, value in attrs if name == "href"]
        self.open.append(tag)
        self.depth = max(self.depth, len(self.open))
        if tag in ("ul", "ol"):
            self.items.append(0)
        elif tag == "li" and self.items:
            self.items[-1] += 1
            self.longest_list = max(self.longest_list, self.items[-1])
        if tag in BLOCKS:
            self._end_block()
            self.block = []

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCKS:
            self._end_block()
        if tag in ("ul", "ol") and self.items:
            self.items.pop()
        if tag in self.open:
            while self.open and self.open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        if self.block is not None:
            self.block.append(data)
        elif data.strip():  # text outside any paragraph (inline prose): one paragraph
            self.block = [data]

    def _end_block(self) -> None:
        if self.block is not None:
            text = " ".join("".join(self.block).split())
            if text:
                self.paragraphs.append(text)
        self.block = None
        self.chunks.append("\n")

    def close(self) -> None:
        super().close()
        self._end_block()


def _measured(html: str) -> _Measure:
    measure = _Measure()
    measure.feed(html)
    measure.close()
    return measure


@lru_cache(maxsize=4096)  # a reload (watch, check after build) measures the same texts again
def shape(text: str, *, inline: bool = False) -> Shape:
    """Measure `text` as it will be printed (links and images as written, before cleaning)."""
    html = raw_html(text, inline=inline)
    printed = _measured(clean(html))
    return Shape(
        text="".join(printed.chunks),
        paragraphs=tuple(printed.paragraphs),
        depth=printed.depth,
        longest_list=printed.longest_list,
        links=tuple(_measured(html).links),
        images=_markdown_images(text, inline),
    )


# ------------------------------------------------------------- what would not be shown

_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)|<!--|<!|<\?")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_ALLOWED_TAG = re.compile(rf"</?(?:{'|'.join(sorted(ALLOWED_TAGS))})\b[^>]*>", re.I)
_TABLE_RULE = re.compile(r"^ {0,3}(?=[^\n]*\|)\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$", re.M)
_FOOTNOTE = re.compile(r"\[\^[^\]\s]*\]")
HEADINGS = {"h3": "###", "h4": "####"}
"""The heading levels prose may use (the report styles no other)."""


@dataclass(frozen=True)
class Unshown:
    """Something in the text the page would not show as written: a message code, its
    parameters and where it starts (an offset into the text, or None)."""

    code: str
    at: int | None
    params: dict[str, object] = field(default_factory=dict)


def _lines_start(text: str, line: int) -> int:
    at = 0
    for _ in range(line):
        found = text.find("\n", at)
        if found < 0:
            return at
        at = found + 1
    return at


def _html_unshown(raw: str, text: str, near: int) -> Unshown | None:
    """A raw HTML fragment the cleaning would drop (a tag outside the allowlist, a comment
    never closed, a declaration), found in `text` from `near` on."""
    for found in _TAG.finditer(raw):
        piece = found.group()
        if piece == "<!--":
            if "-->" not in raw[found.end() :]:
                return Unshown("prose_comment_open", _at(text, "<!--", near))
            continue
        if piece.startswith("<") and found.group(2) and found.group(2).lower() in ALLOWED_TAGS:
            continue
        shown = raw[found.start() : raw.find(">", found.start()) + 1 or found.start() + 20]
        return Unshown("prose_html_tag", _at(text, shown, near), {"tag": shown[:40]})
    return None


def _at(text: str, needle: str, near: int = 0) -> int | None:
    found = text.find(needle, near)
    if found < 0:
        found = text.find(needle)
    return found if found >= 0 else None


@lru_cache(maxsize=4096)
def unshown(text: str, *, inline: bool = False) -> Unshown | None:
    """The first thing in `text` that the page would not show as the author wrote it."""
    parser = _parser()
    tokens = parser.parseInline(text) if inline else parser.parse(text)
    for token in tokens:
        near = _lines_start(text, token.map[0]) if token.map else 0
        if token.type == "html_block":
            found = _html_unshown(token.content, text, near)
            if found:
                return found
        elif token.type == "heading_open" and token.tag not in HEADINGS:
            level = int(token.tag[1])
            return Unshown(
                "prose_heading_level",
                near,
                {"level": level, "markup": token.markup * (1 if token.markup == "#" * level else 3)},
            )
        elif token.type == "inline":
            rule = _TABLE_RULE.search(token.content)
            if rule:
                return Unshown("prose_table", _at(text, rule.group().strip(), near))
            for child in token.children or ():
                if child.type == "html_inline":
                    found = _html_unshown(child.content, text, near)
                    if found:
                        return found
            note = _FOOTNOTE.search(token.content)
            if note:
                return Unshown("prose_footnote", _at(text, note.group(), near), {"note": note.group()})
    return None


def source_blocks(text: str, *, inline: bool = False) -> list[str]:
    """The text the author wrote, one string a paragraph, item or heading: Markdown's marks
    read, closed comments and the allowed tags left out, anything else kept as written.
    What the build's text check must find in the PDF (`render/textcheck.py`)."""
    parser = _parser()
    tokens = parser.parseInline(text) if inline else parser.parse(text)
    blocks = []
    for token in tokens:
        if token.type in ("html_block", "code_block", "fence"):
            blocks.append(_ALLOWED_TAG.sub(" ", _COMMENT.sub(" ", token.content)))
        elif token.type == "inline":
            pieces = []
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    pieces.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    pieces.append(" ")
                elif child.type == "html_inline":
                    pieces.append(_ALLOWED_TAG.sub("", _COMMENT.sub("", child.content)))
            blocks.append("".join(pieces))
    return [" ".join(block.split()) for block in blocks if block.strip()]
