"""`pack`: one zip per edition for donors: every PDF of the matrix, the web edition, the
data (`render/opendata.py`, with the whole programme's charts' data) and a manifest with
each file's size and SHA-256.

The matrix is built first (every variant's PDF and web page); the zip is made from those
files in name order, each dated from the edition's year with the same permissions, so the
same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

from ..locale import SOURCE_LANGUAGE
from ..render.brand import load_brand
from ..render.chart_runner import chart_context, render_charts
from ..render.opendata import data_files
from ..render.pdf import write_atomically
from ..render.totals import totals
from ..render.web import WEB_DIR, web_fonts
from .matrix import run_matrix
from .output import Reporter

MANIFEST = "manifest.json"


def pack_name(year: int) -> str:
    return f"ip360-informe-{year}-paquete.zip"


def run_pack(edition_dir: Path, out_dir: Path, *, report: Reporter | None = None, strict: bool = False) -> int:
    """Build the matrix into `out_dir`, then `out_dir/ip360-informe-YEAR-paquete.zip`."""
    from .. import pipeline

    report = report or Reporter()
    matrix = run_matrix(edition_dir, out_dir, report=report, strict=strict)
    if matrix.failed:
        return matrix.exit_status
    prepared = pipeline.load(edition_dir)  # the whole programme in Spanish: the data's language
    edition = prepared.edition
    brand = load_brand()
    context = chart_context(edition, totals(edition), brand, SOURCE_LANGUAGE, colors=prepared.colors.colors)
    charts = render_charts(context).charts  # from the cache the matrix filled
    files: dict[str, bytes] = {}
    for result in matrix.results:
        for made in (result.file, result.web):
            if made is not None:
                files[made.relative_to(out_dir).as_posix()] = made.read_bytes()
    # The fonts the pages name (not whatever an older build left in web/fonts/).
    files |= {f"{WEB_DIR}/{name}": font for name, font in web_fonts(brand).items()}
    files |= data_files(edition, charts)
    target = out_dir / pack_name(edition.info.year)
    data = pack_bytes(files, edition.info.year)
    write_atomically(data, target)
    report.done("pack_done", pack=str(target), files=len(files) + 1, size=f"{len(data) / 1_000_000:.1f}")
    return 0


def manifest(files: dict[str, bytes], year: int) -> bytes:
    """Every file of the pack with its bytes and SHA-256, in name order."""
    listed = [
        {"file": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(files.items())
    ]
    return (json.dumps({"edition": year, "files": listed}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def pack_bytes(files: dict[str, bytes], year: int) -> bytes:
    """The zip of `files` and their manifest: names sorted, one date (1 January of the
    edition's year), one mode, one compression level: reproducible."""
    everything = {**files, MANIFEST: manifest(files, year)}
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name in sorted(everything):
            entry = zipfile.ZipInfo(name, date_time=(year, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3  # Unix, whatever machine packs it
            archive.writestr(entry, everything[name], compresslevel=9)
    return stream.getvalue()
