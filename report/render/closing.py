"""The closing page's «how to cite» line, built from the edition's own fields."""

from __future__ import annotations

from ..content.schema import EditionInfo


def citation(info: EditionInfo, country: str | None = None) -> str:
    """Organisation (year). Title[ · Country]. Subtitle. Address — the report's download
    address when the edition gives one, else the programme's website."""
    title = f"{info.title} · {country}" if country else info.title
    address = info.closing.report_url or info.closing.website
    return f"{info.organisation} ({info.year}). {_sentence(title)} {_sentence(info.subtitle)} {address}"


def _sentence(text: str) -> str:
    """The text ending in a full stop (one already there is kept: «¿Y ahora?» stays)."""
    return text if text.endswith((".", "?", "!", "…")) else text + "."
