"""Prose: the team's Markdown to safe HTML.

CommonMark through markdown-it-py; any raw HTML the team pastes is cleaned by nh3 to a
small allowlist, so content can add emphasis and links but never scripts, styles,
images from elsewhere or anything WeasyPrint would fetch.
"""

from __future__ import annotations

import re
from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from .preflight import THRESHOLDS

ALLOWED_TAGS = {"p", "em", "strong", "a", "ul", "ol", "li", "br", "blockquote", "sup", "sub", "code", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"https", "http", "mailto"}


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True, "typographer": False})


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


# A last word this short (punctuation aside) is kept on one line with the word before it,
# so no paragraph, item, heading or label ends with a runt: a short word alone on its last
# line. The two are wrapped in a no-wrap span rather than joined by a no-break space: the
# PDF's text, its bookmarks and a reader's search then see an ordinary space.
_SHORT = THRESHOLDS.runt_chars
_PUNCTUATION = ".,;:!?»”)"
_LAST_TWO = re.compile(
    rf"(?<=[\s>])([^\s<>]+) ([«“(¿¡]?[^\s<>{re.escape(_PUNCTUATION)}]{{1,{_SHORT}}}[{re.escape(_PUNCTUATION)}]*)"
    r"(?=</(?:p|li|h[1-4]|dd|dt|figcaption)>)"
)


def bind_short_last_words(html: str) -> str:
    """The whole document's blocks, each ending in a short word, with their last two words
    kept together. Only two plain words: a last word inside emphasis or a link is left to
    the preflight, which reports a runt if one results."""
    return _LAST_TWO.sub(r'<span class="together">\1 \2</span>', html)


def markdown_block(text: str) -> Markup:
    """Paragraphs and lists."""
    return Markup(_clean(_parser().render(text)))


def markdown_inline(text: str) -> Markup:
    """One line: emphasis and links, no paragraph around it (the template closes it)."""
    return Markup(_clean(_parser().renderInline(text)))
