"""The corpus of bad inputs: `casos.yml`, applied to a copy of an edition by `apply_case`."""

from __future__ import annotations

import io
import os
import re
import shutil
import struct
import zlib
from pathlib import Path

import yaml
from PIL import Image, ImageDraw

CASES_FILE = Path(__file__).resolve().parent / "casos.yml"
# The edition the cases are written against: content/2020 as it was then, kept here so that
# editing the product's edition (a line added, a field renamed) moves no case's line number.
EDITION = Path(__file__).resolve().parent / "edicion" / "2020"


def load_cases() -> list[dict]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when installed: read at every collection
    return yaml.load(CASES_FILE.read_text(encoding="utf-8"), Loader=loader)


def png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims `width`×`height`: tiny on disk, huge if decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")
    )


def photo(width: int, height: int, mode: str = "RGB", kind: str = "JPEG") -> bytes:
    """A test photo: stripes and a disc, so a crop or a colour change shows."""
    image = Image.new("RGB", (width, height), (40, 90, 160))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, max(1, width // 20)):
        draw.rectangle([x, 0, x + width // 40, height], fill=(200, 150, 60))
    draw.ellipse([width // 3, height // 4, 2 * width // 3, 3 * height // 4], fill=(250, 250, 250))
    if mode != "RGB":
        image = image.convert(mode)
    stream = io.BytesIO()
    image.save(stream, kind, **({"quality": 90} if kind == "JPEG" else {}))
    return stream.getvalue()


_REPEAT = re.compile(r"<<(.+?)×(\d+)>>", re.S)


def expand(text: str) -> str:
    """`<<ab×3>>` → `ababab`: long inputs written short in casos.yml."""
    return _REPEAT.sub(lambda match: match.group(1) * int(match.group(2)), text)


def apply_case(edition: Path, case: dict) -> None:
    """Apply every edit of `case` to the edition folder `edition`."""
    for edit in case["edits"]:
        path = edition / edit["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        if "replace" in edit:
            old, new = edit["replace"]
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{case['id']}: {old!r} not in {edit['file']}"
            path.write_text(text.replace(old, expand(new), 1), encoding="utf-8")
        elif "append" in edit:
            with path.open("a", encoding="utf-8") as stream:
                stream.write(expand(edit["append"]))
        elif "write" in edit:
            path.write_text(expand(edit["write"]), encoding="utf-8")
        elif "image" in edit:
            spec = edit["image"]
            data = photo(*spec["size"], spec.get("mode", "RGB"), spec.get("format", "JPEG"))
            path.write_bytes(data[: int(len(data) * spec["keep"])] if "keep" in spec else data)
        elif "fifo" in edit:
            os.mkfifo(path)
        elif "reencode" in edit:
            path.write_bytes(path.read_text(encoding="utf-8").encode(edit["reencode"]))
        elif "delete" in edit:
            shutil.rmtree(path) if path.is_dir() else path.unlink()
        elif "copy_from" in edit:
            shutil.copyfile(edition / edit["copy_from"], path)
        elif "png" in edit:
            path.write_bytes(png_header(*edit["png"]))
        elif "symlink" in edit:
            path.symlink_to(edit["symlink"])
        elif "pad_kb" in edit:
            with path.open("a", encoding="utf-8") as stream:
                while path.stat().st_size < edit["pad_kb"] * 1024:
                    stream.write("Texto de relleno que nadie quiso escribir. " * 100 + "\n")
                    stream.flush()
        else:
            raise AssertionError(f"{case['id']}: unknown edit {edit}")
