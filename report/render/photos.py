"""Photos on the page: each profile photo prepared in Python, so the PDF holds what the
page shows and no more.

A photo is decoded, turned upright and into sRGB (`content/images.to_srgb`: CMYK and other
colour spaces converted), cropped on purpose to the frame of a profile photo (centred,
3:2, the column's width) and resampled to the output profile's resolution at that size
(never enlarged), then embedded as a `data:` URI: a 3000×2000 camera JPEG becomes the
≈1300×870 pixels a 166 mm column needs at 200 dpi, and no metadata (GPS, camera) rides along.
"""

from __future__ import annotations

import base64
import io
from functools import lru_cache
from pathlib import Path

from PIL import Image

from ..content.images import image_path, load_whole, to_srgb
from ..content.schema import Edition
from ..problems import BuildError, Reason, message, os_reason
from .profiles import PROFILES

FRAME = (3, 2)
"""Width to height of a profile photo: a landscape frame, as the 2020 design's photos."""
MM_PER_INCH = 25.4


def prepare_photos(edition: Edition, edition_dir: Path, width_mm: float, profile: str) -> dict[str, str]:
    """The `data:` URI of every government's photo, by the file the content names."""
    settings = PROFILES[profile]
    photos = {}
    for government in edition.governments:
        if government.image is None or government.image.file in photos:
            continue
        path = image_path(edition_dir, government.image.file)
        try:
            info = path.stat()
            photos[government.image.file] = _prepared(
                path, info.st_mtime_ns, info.st_size, width_mm, settings.dpi, settings.jpeg_quality
            )
        except Reason as error:  # changed since it was checked
            raise BuildError(
                "photo_failed", file=government.image.file, why=message(error.code, **error.params)
            ) from None
        except OSError as error:
            raise BuildError("photo_failed", file=government.image.file, why=os_reason(error)) from None
    return photos


def frame_size(width_mm: float, dpi: int, source: tuple[int, int]) -> tuple[int, int]:
    """The pixels of the frame: the column's width at `dpi`, 3:2, at most the source's pixels."""
    width = round(width_mm / MM_PER_INCH * dpi)
    height = round(width * FRAME[1] / FRAME[0])
    scale = min(1.0, source[0] / width, source[1] / height)  # never enlarged: that only adds bytes
    return max(1, round(width * scale)), max(1, round(height * scale))


@lru_cache(maxsize=64)  # `watch` rebuilds: a photo is prepared again only when its file changes
def _prepared(path: Path, mtime: int, size: int, width_mm: float, dpi: int, quality: int) -> str:
    with Image.open(path) as opened:
        load_whole(opened)
        image = to_srgb(opened)
    target = frame_size(width_mm, dpi, image.size)
    image = _cropped(image, target[0] / target[1]).resize(target, Image.Resampling.LANCZOS)
    stream = io.BytesIO()
    if image.mode == "RGBA":
        image.save(stream, "PNG", optimize=True)
        kind = "png"
    else:
        image.save(stream, "JPEG", quality=quality, optimize=True)
        kind = "jpeg"
    return f"data:image/{kind};base64," + base64.b64encode(stream.getvalue()).decode("ascii")


def _cropped(image: Image.Image, ratio: float) -> Image.Image:
    """The centred part of `image` with width/height `ratio`."""
    width, height = image.size
    if width / height > ratio:
        keep = round(height * ratio)
        left = (width - keep) // 2
        return image.crop((left, 0, left + keep, height))
    keep = round(width / ratio)
    top = (height - keep) // 2
    return image.crop((0, top, width, top + keep))
