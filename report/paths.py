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
    written = Path(os.path.abspath(root))
    if absolute.is_relative_to(written):  # the usual case, without asking the disk
        return str(absolute.relative_to(written))
    real = root.resolve()
    if absolute.is_relative_to(real):
        return str(absolute.relative_to(real))
    parent = absolute.parent.resolve()  # the folder may be reached through a link (/tmp)
    if parent.is_relative_to(real):
        return str((parent / absolute.name).relative_to(real))
    return str(path)
