"""Prose on the page: the team's Markdown as safe HTML (`content/markdown.py` parses and
cleans it, the same way `check` measures it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from markupsafe import Markup

from ..content.markdown import source_blocks, to_html
from .preflight import THRESHOLDS

# A last word this short (punctuation aside) is kept on one line with the word before it,
# so no paragraph, item, heading or label ends with a runt: a short word alone on its last
# line. A word joiner (U+2060) after the space between them forbids the break there
# (Unicode line breaking, rule LB11) and is invisible: the PDF's text and a reader's search
# see an ordinary space, and `pdf` drops it from the bookmarks. Not a no-break space, which
# leaked into the bookmarks and the text, nor a no-wrap span: WeasyPrint 70 then broke some lines after their first
# word when the span did not fit («Bahía.» alone on a line in Bahía Blanca's profile).
WORD_JOINER = "\u2060"
_SHORT = THRESHOLDS.runt_chars
_PUNCTUATION = ".,;:!?»”)"
_LAST_TWO = re.compile(
    rf"(?<=[\s>])([^\s<>]+) ([«“(¿¡]?[^\s<>{re.escape(_PUNCTUATION)}]{{1,{_SHORT}}}[{re.escape(_PUNCTUATION)}]*)\Z"
)
# Not h1: titles are set so large (the cover's 50 pt) that two joined words can be wider than
# the measure, and WeasyPrint then breaks inside a word («citie / s»).
_BLOCK_END = re.compile(r"</(?:p|li|h[2-4]|dd|dt|figcaption)>")


def bind_short_last_words(html: str) -> str:
    """The whole document's blocks, each ending in a short word, with their last two words
    joined (`WORD_JOINER`). Only two plain words: a last word inside emphasis or a link is left to
    the preflight, which reports a runt if one results."""
    # Only the text after the last tag before each block's end is searched: a pattern run
    # over the whole document crawled through the maps' path data (40 ms of a cold build).
    pieces, done = [], 0
    for end in _BLOCK_END.finditer(html):
        text_start = html.rfind(">", done, end.start())
        if text_start < 0:
            continue
        found = _LAST_TWO.search(html, text_start, end.start())
        if found:
            pieces += [html[done : found.start()], f"{found[1]} {WORD_JOINER}{found[2]}"]
            done = found.end()
    return "".join(pieces) + html[done:]


_WRITTEN: ContextVar[list[str] | None] = ContextVar("written", default=None)


@contextmanager
def collecting_sources() -> Iterator[list[str]]:
    """While filling the templates: every prose block as the author wrote it
    (`markdown.source_blocks`), which the text check then looks for in the PDF, so what
    the cleaning dropped is missed there, not only what the layout lost."""
    written: list[str] = []
    token = _WRITTEN.set(written)
    try:
        yield written
    finally:
        _WRITTEN.reset(token)


def _remember(text: str, inline: bool) -> None:
    written = _WRITTEN.get()
    if written is not None:
        written.extend(source_blocks(text, inline=inline))


def markdown_block(text: str) -> Markup:
    """Paragraphs and lists."""
    _remember(text, False)
    return Markup(to_html(text))


def markdown_inline(text: str) -> Markup:
    """One line: emphasis and links, no paragraph around it."""
    _remember(text, True)
    return Markup(to_html(text, inline=True))
