"""Where a build writes: its output folder, checked first, and one place for its temporary files.

Every temporary file of a run (the PDF being written, WeasyPrint's font folders, which it
makes through Python's `tempfile`) lives in `OUT/.tmp/run-…/`, removed when the run ends.
A run that could not clean up (killed with SIGKILL, the machine switched off) leaves its
folder behind, unlocked: the next run in that output folder removes it. Each run holds a
lock (`flock`) on its own `run-….lock` while it lives, so two builds at once never remove
each other's files, and a lock is released by the system however its process ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from ..paths import shown
from ..problems import BuildError, Message, os_reason

SCRATCH = ".tmp"
PENDING_GRACE = 60.0
"""Seconds a `pending-…` lock is left alone: between its creation and its `flock` another
process could lock it first and remove it (two matrix workers starting a run at once)."""
_current: dict[Path, Path] = {}  # output folder → this process's run folder in it
_relocked: dict[Path, int] = {}  # output folder → the lock taken again by `restore`


def check_output(out_dir: Path, inputs: Mapping[Message, Path]) -> None:
    """Refuse an output folder that is a file, cannot be made, or lies inside one of
    `inputs` (the edition, the styles…: the build would read its own output, and `watch`
    would rebuild forever). `inputs`: what each folder is, for the message → the folder."""
    out = out_dir.resolve()
    for name, folder in inputs.items():
        if out.is_relative_to(folder.resolve()):
            raise BuildError("out_inside_input", out=shown(out_dir), what=name, folder=shown(folder))
    if out_dir.exists() and not out_dir.is_dir():
        raise BuildError("out_not_folder", out=shown(out_dir))
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BuildError("out_unusable", out=shown(out_dir), reason=os_reason(error)) from None


@contextmanager
def scratch(out_dir: Path) -> Iterator[Path]:
    """This run's folder of temporary files under `out_dir`, with `tempfile` pointed at it;
    removed at the end. Re-entered for the same folder, it is the same one."""
    key = out_dir.resolve()
    if key in _current:
        yield _current[key]
        return
    base = out_dir / SCRATCH
    try:
        name = f"run-{os.getpid()}-{secrets.token_hex(4)}"
        pending = base / f"pending-{name}.lock"  # locked before it is visible as a run's lock
        lock = _create_in(base, pending)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.replace(pending, base / f"{name}.lock")
        run = base / name
        run.mkdir()
    except OSError as error:
        raise BuildError("out_unusable", out=shown(out_dir), reason=os_reason(error)) from None
    previous = tempfile.tempdir
    tempfile.tempdir = str(run)  # WeasyPrint's font folders (mkdtemp) land here too
    _current[key] = run
    try:
        yield run
    finally:
        del _current[key]
        with contextlib.suppress(KeyError, OSError):
            os.close(_relocked.pop(key))
        tempfile.tempdir = previous
        shutil.rmtree(run, ignore_errors=True)
        (base / f"{name}.lock").unlink(missing_ok=True)
        os.close(lock)
        with contextlib.suppress(OSError):
            base.rmdir()  # only when no other run is using it


def restore(out_dir: Path) -> bool:
    """This run's folder made again, with its lock, if something removed it (the output
    folder deleted while `watch` runs); True when it had to be. Raises `BuildError` when
    it cannot be made."""
    key = out_dir.resolve()
    run = _current.get(key)
    if run is None or run.is_dir():
        return False
    try:
        run.mkdir(parents=True)
        lock = os.open(run.parent / f"{run.name}.lock", os.O_CREAT | os.O_RDWR, 0o600)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        raise BuildError("out_unusable", out=shown(out_dir), reason=os_reason(error)) from None
    with contextlib.suppress(KeyError, OSError):
        os.close(_relocked.pop(key))
    _relocked[key] = lock
    return True


def _create_in(base: Path, pending: Path, attempts: int = 5) -> int:
    """Make `base` and create `pending` in it. Another run that ends removes `base` when it
    is empty, which it is until `pending` exists: then make it again."""
    for attempt in range(attempts):
        try:
            base.mkdir(parents=True, exist_ok=True)  # FileExistsError if removed while it checks
            _remove_stale(base)
            return os.open(pending, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
        except (FileNotFoundError, FileExistsError):
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def _remove_stale(base: Path) -> None:
    """Remove the folders of runs that ended without cleaning up: their lock is free."""
    now = time.time()
    pending = [path for path in base.glob("pending-run-*.lock") if _older(path, now - PENDING_GRACE)]
    for lock_path in [*base.glob("run-*.lock"), *pending]:
        try:
            descriptor = os.open(lock_path, os.O_RDWR)
        except OSError:
            continue
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(descriptor)
            continue  # a live run holds it
        try:
            shutil.rmtree(base / lock_path.stem.removeprefix("pending-"), ignore_errors=True)
            lock_path.unlink(missing_ok=True)
        finally:
            os.close(descriptor)
    for folder in base.glob("run-*"):  # a run killed between making its lock and its folder
        if folder.is_dir() and not (base / f"{folder.name}.lock").exists():
            shutil.rmtree(folder, ignore_errors=True)


def _older(path: Path, than: float) -> bool:
    try:
        return path.stat().st_mtime < than
    except OSError:
        return False  # gone already


def umask() -> int:
    """The process's umask (read by setting it, then putting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
