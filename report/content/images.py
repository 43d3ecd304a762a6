"""Images the content names: inside the edition, real, whole, and of a sane size.

Checked while the edition is validated, so a wrong image is reported with its file, line
and field like any other content problem. Pillow reads the header first: a huge image is
refused by its dimensions before any pixel is decoded; then every pixel is decoded, so a
truncated or damaged file is refused here instead of printed half black. How a photo is
placed on the page (colour, crop, resolution) is `render/photos.py`.
"""

from __future__ import annotations

import io
import stat
import warnings
from pathlib import Path

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from ..problems import Reason, os_reason
from .limits import MAX_IMAGE_BYTES, MAX_IMAGE_MEGAPIXELS

FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}
"""Raster formats Pillow decodes and the report embeds."""


def image_path(edition_dir: Path, value: str) -> Path:
    """Where an image named in the content is (symlinks resolved); `Reason` when outside."""
    if "://" in value or value.startswith(("data:", "file:", "/", "\\")) or ".." in Path(value).parts:
        raise Reason("image_outside")
    root = edition_dir.resolve()
    path = (root / value).resolve()  # follows symlinks: where the bytes really are
    if not path.is_relative_to(root):
        raise Reason("image_outside")
    return path


def check_image(edition_dir: Path, value: str) -> Path:
    """The image's resolved path; raises `Reason` when it cannot go into the report."""
    path = image_path(edition_dir, value)
    try:
        info = path.stat()
    except OSError:
        raise Reason("image_missing") from None
    if not stat.S_ISREG(info.st_mode):
        raise Reason("image_missing")
    if info.st_size > MAX_IMAGE_BYTES:
        raise Reason("image_too_heavy", size=-(-info.st_size // 2**20), limit=MAX_IMAGE_BYTES // 2**20)
    try:
        stream = path.open("rb")
    except OSError as error:
        raise Reason("image_unreadable", reason=os_reason(error)) from None
    with stream, warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(stream)  # lazy: parses the header only
        except Image.DecompressionBombError:
            raise Reason("image_far_too_large", limit=MAX_IMAGE_MEGAPIXELS) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise Reason("image_not_image") from None
        with image:
            kind, (width, height) = image.format, image.size
            if kind not in FORMATS:
                raise Reason("image_not_image")
            if width * height > MAX_IMAGE_MEGAPIXELS * 1_000_000:
                raise Reason("image_too_large", width=width, height=height, limit=MAX_IMAGE_MEGAPIXELS)
            try:
                load_whole(image)
            except (OSError, SyntaxError, ValueError, EOFError):
                raise Reason("image_damaged") from None
            to_srgb(image)  # what the build will do with it: a colour space it cannot convert is said now
    return path


def load_whole(image: Image.Image) -> None:
    """Decode every pixel, refusing a truncated file: WeasyPrint, once imported, tells Pillow
    to fill what is missing with black (`ImageFile.LOAD_TRUNCATED_IMAGES`), for everyone."""
    lenient = ImageFile.LOAD_TRUNCATED_IMAGES
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        image.load()
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = lenient


def to_srgb(image: Image.Image) -> Image.Image:
    """The image upright and in sRGB (RGB, or RGBA when it has transparency): the colour
    space the PDF declares. CMYK, a grey or palette image, or one with its own ICC profile
    is converted here, so no DeviceCMYK reaches a PDF/A file with an sRGB intent.
    Raises `Reason` when its colour space cannot be converted."""
    try:
        image = ImageOps.exif_transpose(image)  # a phone photo's orientation is in its EXIF tags
        alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        mode = "RGBA" if alpha else "RGB"
        if image.mode == "I;16" or image.mode.startswith("I"):
            image = image.point(lambda value: value / 256).convert("L")  # 16 bits a channel: to 8
        icc = image.info.get("icc_profile")
        if icc:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            if image.mode not in ("RGB", "RGBA", "CMYK", "L", "LA"):
                image = image.convert(mode)
            converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=mode)
            assert converted is not None
            image = converted
        converted_image = image.convert(mode)
    except (OSError, ValueError, TypeError, ImageCms.PyCMSError):
        raise Reason("image_colour", mode=image.mode) from None
    converted_image.info.pop("icc_profile", None)
    return converted_image
