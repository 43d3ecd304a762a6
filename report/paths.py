"""Where the project's folders are: the one place that knows the repository's layout."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = PROJECT_ROOT / "content"
STYLES_DIR = PROJECT_ROOT / "styles"
CHARTS_DIR = PROJECT_ROOT / "charts"
CACHE_DIR = PROJECT_ROOT / ".cache"


def shown(path: Path, root: Path = PROJECT_ROOT) -> str:
    """A path as the team sees it: relative to the project when it is inside it.

    The path itself is not resolved: a link is named where it is, not where it points."""
    absolute = Path(os.path.abspath(path))
    for base in (Path(os.path.abspath(root)), root.resolve()):
        if absolute.is_relative_to(base):
            return str(absolute.relative_to(base))
    parent = absolute.parent.resolve()  # the folder may be reached through a link (/tmp)
    if parent.is_relative_to(root.resolve()):
        return str((parent / absolute.name).relative_to(root.resolve()))
    return str(path)
