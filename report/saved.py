"""Results kept between runs in `.cache/`: a saving only, never a source of truth.

A result is a file named by the digest of everything it was computed from, so a stale one
is never read. Written beside, then renamed: a parallel build never reads half a file. A
folder that cannot be written (read-only, full) is left alone: the work is simply done again.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

STALE_SECONDS = 3600
"""A half-written file older than this belongs to a run that was killed (SIGKILL): a file is
written in milliseconds."""


_swept: set[Path] = set()


def read(folder: Path | None, name: str) -> bytes | None:
    if folder is None:
        return None
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def write(folder: Path | None, name: str, data: bytes) -> None:
    if folder is None:
        return
    temporary: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if folder not in _swept:  # once per folder and process: a cold build writes dozens
            _swept.add(folder)
            _remove_stale(folder)
        handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
        temporary = None
    except OSError:
        pass
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)


def _remove_stale(folder: Path) -> None:
    now = time.time()
    for leftover in folder.glob(".*.tmp"):
        try:
            if now - leftover.stat().st_mtime > STALE_SECONDS:
                leftover.unlink()
        except OSError:
            pass
