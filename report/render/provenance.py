"""Provenance: what a PDF was built from and the date it carries.

The same inputs must give a byte-identical PDF, so nothing here reads the clock:
the date is 31 December of the edition's year, or SOURCE_DATE_EPOCH when set
(https://reproducible-builds.org/specs/source-date-epoch/). The digest of the inputs
goes into the PDF's XMP metadata, so any copy can be traced back to its files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..content.folder import Folder
from ..problems import BuildError


@dataclass(frozen=True)
class Provenance:
    digest: str  # sha256 over the inputs, hex
    date: datetime  # aware, UTC

    @property
    def identifier(self) -> bytes:
        """The PDF's permanent /ID: the same inputs, the same identifier."""
        return self.digest[:32].encode("ascii")


def build_date(year: int, environ: dict[str, str] | os._Environ = os.environ) -> datetime:
    """SOURCE_DATE_EPOCH if set, else 31 December of the edition's year, noon UTC."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC)
        except (ValueError, OverflowError, OSError):
            raise BuildError("source_date_epoch", value=repr(epoch)) from None
    return datetime(year, 12, 31, 12, 0, 0, tzinfo=UTC)


def provenance(folder: Folder, year: int, *extra_files: Path) -> Provenance:
    """The inputs' digest (computed as the folder was read) and the build's date."""
    return Provenance(digest=folder.inputs_digest(*extra_files), date=build_date(year))
