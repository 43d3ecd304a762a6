"""Images the content names: inside the edition, real, and of a sane size.

Checked while the edition is validated, so a wrong image is reported with its file, line
and field like any other content problem. Pillow reads only the header: a huge image is
refused by its dimensions before any pixel is decoded.
"""

from __future__ import annotations

import stat
import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..problems import Reason

MAX_IMAGE_BYTES = 20 * 1024 * 1024
"""A photo for an A4 page at 300 dpi is a few MB; more is a mistake or an attack."""

MAX_IMAGE_MEGAPIXELS = 40
"""About 7700×5200 px: far more than a full A4 page at 300 dpi (about 8.7 megapixels)."""

FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
"""Raster formats WeasyPrint draws through Pillow."""


def check_image(edition_dir: Path, value: str) -> Path:
    """The image's resolved path; raises `Reason` when it cannot go into the report."""
    if "://" in value or value.startswith(("data:", "file:", "/", "\\")) or ".." in Path(value).parts:
        raise Reason("image_outside")
    root = edition_dir.resolve()
    path = (root / value).resolve()  # follows symlinks: where the bytes really are
    if not path.is_relative_to(root):
        raise Reason("image_outside")
    try:
        info = path.stat()
    except OSError:
        raise Reason("image_missing") from None
    if not stat.S_ISREG(info.st_mode):
        raise Reason("image_missing")
    if info.st_size > MAX_IMAGE_BYTES:
        raise Reason("image_too_heavy", size=-(-info.st_size // 2**20), limit=MAX_IMAGE_BYTES // 2**20)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:  # lazy: parses the header only
                kind, (width, height) = image.format, image.size
    except Image.DecompressionBombError:
        raise Reason("image_far_too_large", limit=MAX_IMAGE_MEGAPIXELS) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise Reason("image_not_image") from None
    if kind not in FORMATS:
        raise Reason("image_not_image")
    if width * height > MAX_IMAGE_MEGAPIXELS * 1_000_000:
        raise Reason("image_too_large", width=width, height=height, limit=MAX_IMAGE_MEGAPIXELS)
    return path
