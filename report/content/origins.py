"""Where an edition's values came from: each file as messages name it, each field's line
and column. Below the loader and the cross-checks, which both locate problems with it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .reader import FieldPath, Position


@dataclass(frozen=True)
class Origin:
    """Where one file's values sit: the file as messages name it, each field's position."""

    file: str
    positions: dict[FieldPath, Position] = field(default_factory=dict)

    def position(self, path: FieldPath) -> Position:
        """The line and column of a field, or of its closest enclosing field."""
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


@dataclass(frozen=True)
class Origins:
    """Where the edition's values came from, by document."""

    edition: Origin
    letter: Origin
    governments: dict[str, Origin]
    projects: dict[str, Origin]
    governments_dir: str  # the profiles' folder, as messages name it
