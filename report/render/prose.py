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
from markupsafe import Markup, escape

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


NBSP = "\u00a0"
# A last word this short (punctuation aside) is bound to the one before it, so no paragraph,
# item or heading ends with a runt: a short word alone on its last line.
_SHORT = THRESHOLDS.runt_chars
_LAST_WORD = re.compile(
    rf"(?<=\S) (?=(?:<(?:em|strong|code|a [^>]*)>)*[«“(¿¡]?[^\s<>«“(¿¡.,;:!?»”)]{{1,{_SHORT}}}"
    rf"[.,;:!?»”)]*(?:</(?:em|strong|a|code|sup|sub)>)*[.,;:!?»”)]*</(?:p|li|h3|h4)>)"
)


def keep_last(text: str) -> Markup:
    """Plain text with its last two words bound when the last is short (headings, labels)."""
    words = str(text).rsplit(" ", 1)
    if len(words) == 2 and len(words[1].strip(".,;:!?»”)")) <= _SHORT:
        return Markup(f"{escape(words[0])}{NBSP}{escape(words[1])}")
    return escape(text)


def _bind_runts(html: str) -> str:
    return _LAST_WORD.sub(NBSP, html)


def markdown_block(text: str) -> Markup:
    """Paragraphs and lists."""
    return Markup(_bind_runts(_clean(_parser().render(text))))


def markdown_inline(text: str) -> Markup:
    """One line: emphasis and links, no paragraph around it (the template closes it)."""
    return Markup(_bind_runts(_clean(_parser().renderInline(text)) + "</li>")[: -len("</li>")])
