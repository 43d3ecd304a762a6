"""What the team's text may hold: characters the brand fonts draw, links to the web, and
sizes a report never passes (`limits.py`).

Every text field is checked here, in `check` as in `build`, so what the PDF would lose,
mangle or refuse is found with its file, line and field: an emoji or a CJK character the
fonts lack (named, `U+1F600 GRINNING FACE`), a relative link that would become a `file://`
link, a list nested past what the layout survives, a word that runs off the page.
The characters the fonts draw come from the brand (`render/brand.py`), handed to the
validation as `Glyphs` in its context; without them that one check is skipped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

from pydantic import ValidationInfo

from ..problems import Reason
from .limits import (
    MAX_LIST_ITEMS,
    MAX_PARAGRAPH_CHARS,
    MAX_PARAGRAPHS,
    MAX_PROSE_NESTING,
    MAX_TEXT_CHARS,
    MAX_WORD_CHARS,
)
from .markdown import link_allowed, shape, unshown
from .reader import FORBIDDEN, character_name

_LAYOUT = {"\n", "\t", " "}  # whitespace the layout turns into space, never drawn as a glyph
_SHOWN = 60


@dataclass(frozen=True)
class Glyphs:
    """The characters every brand font can draw (a heading and a paragraph use different
    fonts, a chart another size of the same), and the fonts' names for messages."""

    codepoints: frozenset[int]
    fonts: str

    def missing(self, text: str) -> list[str]:
        if self.drawn.issuperset(text):  # the usual answer, without a loop in Python
            return []
        return list(dict.fromkeys(c for c in text if c not in self.drawn))

    @cached_property
    def drawn(self) -> frozenset[str]:
        return frozenset(map(chr, self.codepoints)) | _LAYOUT


class Located(Reason):
    """A `Reason` that knows where in the value it applies (`at`, an offset), so a problem in
    a long body names its own line."""

    def __init__(self, code: str, /, *, at: int | None = None, **params: object):
        super().__init__(code, **params)
        self.at = at


def plain_text(value: str, info: ValidationInfo) -> str:
    """A one-line text shown as written: a name, a title, a label."""
    _characters(value, value, info)
    _words(value, value)
    _one_script(value)
    if len(value) > MAX_TEXT_CHARS:
        raise Located("text_too_long", at=MAX_TEXT_CHARS, length=len(value), limit=MAX_TEXT_CHARS)
    return value


def inline_prose(value: str, info: ValidationInfo) -> str:
    """A one-line text that may hold emphasis and links (an activity, a topic)."""
    measured = shape(value, inline=True)
    _prose(value, measured, info, inline=True)
    if len(value) > MAX_TEXT_CHARS:
        raise Located("text_too_long", at=MAX_TEXT_CHARS, length=len(value), limit=MAX_TEXT_CHARS)
    return value


def prose(value: str, info: ValidationInfo) -> str:
    """Paragraphs and lists in Markdown."""
    _prose(value, shape(value), info)
    return value


def _prose(value: str, measured, info: ValidationInfo, *, inline: bool = False) -> None:
    _characters(value, measured.text, info)
    for link in measured.links:
        if not link_allowed(link):
            raise Located("link_not_web", at=_find(value, link), link=_short(link))
    if measured.images:
        raise Located("prose_image", at=_find(value, "!["))
    hidden = unshown(value, inline=inline)  # what the page would drop or not show as written
    if hidden:
        raise Located(hidden.code, at=hidden.at, **hidden.params)
    if measured.depth > MAX_PROSE_NESTING:
        raise Located("prose_too_deep", limit=MAX_PROSE_NESTING)
    if measured.longest_list > MAX_LIST_ITEMS:
        raise Located("too_many_items", count=measured.longest_list, limit=MAX_LIST_ITEMS)
    if len(measured.paragraphs) > MAX_PARAGRAPHS:
        raise Located("too_many_paragraphs", count=len(measured.paragraphs), limit=MAX_PARAGRAPHS)
    for paragraph in measured.paragraphs:
        if len(paragraph) > MAX_PARAGRAPH_CHARS:
            raise Located(
                "paragraph_too_long",
                at=_find(value, paragraph[:20]),
                start=_short(paragraph, 40),
                length=len(paragraph),
                limit=MAX_PARAGRAPH_CHARS,
            )
    _words(value, measured.text)


def _characters(value: str, printed: str, info: ValidationInfo) -> None:
    """No character a file may not hold (`reader.FORBIDDEN`: a YAML escape such as "\0" puts
    one in a value), none the fonts lack (in what is printed, entities decoded)."""
    control = FORBIDDEN.search(value) or FORBIDDEN.search(printed)
    if control:
        raise Located("yaml_bad_character", at=_find(value, control.group()), char=character_name(control.group()))
    glyphs = (info.context or {}).get("glyphs")
    if isinstance(glyphs, Glyphs):
        missing = glyphs.missing(printed) or glyphs.missing(value)
        if missing:
            listed = ", ".join(f"«{char}» ({character_name(char)})" for char in missing[:5])
            raise Located(
                "font_missing", at=_find(value, missing[0]), chars=listed, count=len(missing), fonts=glyphs.fonts
            )


def _words(value: str, printed: str) -> None:
    for word in re.findall(r"\S+", printed):
        if len(word) > MAX_WORD_CHARS:
            raise Located(
                "word_too_long",
                at=_find(value, word[:20]),
                word=_short(word, 30),
                length=len(word),
                limit=MAX_WORD_CHARS,
            )


_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE")  # scripts with letters that look Latin


def script_of(char: str) -> str | None:
    """The script of a letter among those that look alike (None for anything else)."""
    if not char.isalpha():
        return None
    first = unicodedata.name(char, "").split(" ", 1)[0]
    return first if first in _SCRIPTS else None


def _one_script(value: str) -> None:
    """A word written in two scripts («Rоsario» with a Cyrillic о) looks like one word and
    is another: for search, sorting, duplicates and a screen reader."""
    for word in re.findall(r"\w+", value):
        scripts = {script for char in word if (script := script_of(char))}
        if len(scripts) > 1:
            odd = next(c for c in word if script_of(c) != script_of(word[0])) if script_of(word[0]) else word[0]
            raise Located(
                "mixed_script",
                at=_find(value, word),
                word=word,
                char=character_name(odd),
                scripts=", ".join(sorted(scripts)),
            )


def _find(value: str, needle: str) -> int | None:
    at = value.find(needle)
    return at if at >= 0 else None


def _short(text: str, limit: int = _SHOWN) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
