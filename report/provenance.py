"""Provenance: what a PDF was built from and the date it carries.

The same inputs must give a byte-identical PDF, so nothing here reads the clock:
the date is 31 December of the edition's year, or SOURCE_DATE_EPOCH when set
(https://reproducible-builds.org/specs/source-date-epoch/). The digest of the inputs
goes into the PDF's XMP metadata, so any copy can be traced back to its files.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from .problems import BuildError

# Editors and systems leave these behind; they are not content.
_IGNORED = {".DS_Store", "Thumbs.db", "desktop.ini"}


@dataclass(frozen=True)
class Provenance:
    digest: str  # sha256 over the inputs, hex
    date: datetime  # aware, UTC

    @property
    def identifier(self) -> bytes:
        """The PDF's permanent /ID: the same inputs, the same identifier."""
        return self.digest[:32].encode("ascii")


def inputs_digest(edition_dir: Path, *extra_files: Path) -> str:
    """sha256 over every file of the edition (sorted by relative path) and `extra_files`.

    Each file contributes its name and its bytes, so renaming a file changes the digest.
    """
    digest = hashlib.sha256()
    files = sorted(
        (path for path in edition_dir.rglob("*") if path.is_file() and not _hidden(path, edition_dir)),
        key=lambda path: path.relative_to(edition_dir).as_posix(),
    )
    entries = [(path.relative_to(edition_dir).as_posix(), path) for path in files]
    entries += [(f"@{path.name}", path) for path in extra_files]
    for name, path in entries:
        data = path.read_bytes()
        digest.update(f"{name}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)
    return digest.hexdigest()


def _hidden(path: Path, root: Path) -> bool:
    parts = path.relative_to(root).parts
    return path.name in _IGNORED or any(part.startswith(".") for part in parts)


def build_date(year: int, environ: dict[str, str] | os._Environ = os.environ) -> datetime:
    """SOURCE_DATE_EPOCH if set, else 31 December of the edition's year, noon UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise BuildError(
                f"SOURCE_DATE_EPOCH={epoch!r} no es válido: se espera un número entero de segundos desde 1970"
            ) from None
    return datetime(year, 12, 31, 12, 0, 0, tzinfo=timezone.utc)


def provenance(edition_dir: Path, year: int, *extra_files: Path) -> Provenance:
    return Provenance(digest=inputs_digest(edition_dir, *extra_files), date=build_date(year))
