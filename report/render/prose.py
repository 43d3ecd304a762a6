"""Prose on the page: the team's Markdown as safe HTML (`content/markdown.py` parses and
cleans it, the same way `check` measures it)."""

from __future__ import annotations

from markupsafe import Markup

from ..content.markdown import to_html


def markdown_block(text: str) -> Markup:
    """Paragraphs and lists."""
    return Markup(to_html(text))


def markdown_inline(text: str) -> Markup:
    """One line: emphasis and links, no paragraph around it."""
    return Markup(to_html(text, inline=True))
