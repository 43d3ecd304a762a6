"""Content problems: what is wrong, where, and what was expected, in plain words.

Every stage reports problems as `Problem` values and raises `ContentError` with all of
them at once, so the communications team fixes every mistake in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One located problem in the content."""

    file: str
    message: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    value: str | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = self.location()
        if self.field:
            text += f": campo «{self.field}»"
        text += f": {self.message}"
        if self.value is not None:
            text += f" (valor: {self.value})"
        return text


class ContentError(Exception):
    """The content has problems; `problems` lists every one of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("\n".join(str(p) for p in self.problems))


class BuildError(Exception):
    """The build itself failed (a strict-rendering warning, a missing font...)."""


def _order(problem: Problem) -> tuple:
    return (problem.file, problem.line or 0, problem.column or 0, problem.field or "")


def show_value(value: object, limit: int = 60) -> str:
    """A short, readable rendering of a bad value for an error message."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"«{text}»"
    if isinstance(value, dict):
        return "un bloque de campos"
    if isinstance(value, list):
        return "una lista"
    if value is None:
        return "vacío"
    if isinstance(value, bool):
        return "sí" if value else "no"
    return str(value)


def relative(path: Path, root: Path) -> str:
    """The path as the team sees it: relative to the project when possible."""
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)
