"""Prose: the team's Markdown to safe HTML.

CommonMark through markdown-it-py; any raw HTML the team pastes is cleaned by nh3 to a
small allowlist, so content can add emphasis and links but never scripts, styles,
images from elsewhere or anything WeasyPrint would fetch.
"""

from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

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


def markdown_block(text: str) -> Markup:
    """Paragraphs and lists."""
    return Markup(_clean(_parser().render(text)))


def markdown_inline(text: str) -> Markup:
    """One line: emphasis and links, no paragraph around it."""
    return Markup(_clean(_parser().renderInline(text)))
