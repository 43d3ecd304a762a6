"""Shared fixtures: one real build of the 2020 edition for the whole session."""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from report import pipeline
from report.content.loader import load_edition
from report.content.schema import Edition
from report.locale import located, say, show_value
from report.problems import Problem
from report.render.variant import Variant

from .synthetic import MINI  # a one-government edition

ROOT = Path(__file__).resolve().parent.parent
EDITION_2020 = ROOT / "content" / "2020"
EDITION_2021 = ROOT / "tests" / "fixtures" / "2021"  # a second edition: other countries, short profiles, English


def examples(count: int) -> int:
    """How many examples a property test draws: `count` in `make test`, a fifth in `make fast`
    (IP360_QUICK_EXAMPLES=1), which is for a quick answer while working, not for the verdict."""
    return max(10, count // 5) if os.environ.get("IP360_QUICK_EXAMPLES") else count


pytest_plugins = ["tests.layers"]  # the `pdf` layer from what each test uses, and its guard


def pytest_addoption(parser):
    parser.addoption(
        "--update-references",
        action="store_true",
        help="rewrite the reference renders in tests/references/ from a fresh build (after an intended change)",
    )


def shared_temp(tmp_path_factory) -> Path:
    """The session's temporary folder, the same for all of xdist's workers."""
    base = tmp_path_factory.getbasetemp()
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # also inherited by a pytest a test runs
    return base.parent if worker and base.name == f"popen-{worker}" else base


@pytest.fixture(scope="session")
def built_edition(tmp_path_factory) -> Callable[..., pipeline.Output]:
    """Each variant of each edition laid out once for the whole session, whichever of xdist's
    workers asks first (its HTML and where its parts lie kept): every test that only reads a
    built PDF shares it. A test that changes the content builds its own copy."""
    builds: dict[tuple[Path, Variant], pipeline.Output] = {}
    shared = shared_temp(tmp_path_factory) / "builds"

    def build(edition_dir: Path, variant: Variant = Variant()) -> pipeline.Output:
        key = (edition_dir.resolve(), variant)
        if key not in builds:
            builds[key] = _build_once(shared, edition_dir, variant)
        return builds[key]

    return build


@contextmanager
def _first_worker(folder: Path) -> Iterator[None]:
    """Held by one of xdist's workers at a time: the first makes what `folder` keeps, the
    others wait, then find it made."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _build_once(shared: Path, edition_dir: Path, variant: Variant) -> pipeline.Output:
    """The build of a variant, made by the first worker to ask; a second waits on the lock
    and reads what the first kept (all but the prepared edition, which loads in milliseconds)."""
    folder = shared / hashlib.sha256(f"{edition_dir.resolve()}|{variant!r}".encode()).hexdigest()[:16]
    record = folder / "output.pickle"
    with _first_worker(folder):
        if record.exists():
            kept = pickle.loads(record.read_bytes())
            return pipeline.Output(**kept, prepared=pipeline.load(edition_dir, variant))
        output = pipeline.build(edition_dir, folder / "out", variant, write_html=True, layout=True)
        kept = {f.name: getattr(output, f.name) for f in dataclasses.fields(output) if f.name != "prepared"}
        record.write_bytes(pickle.dumps(kept))
        return output


@pytest.fixture(scope="session")
def synthetic_30(tmp_path_factory) -> Path:
    """A large edition, the same folder for every worker (so `built_edition` lays it out
    once): the 2020 edition's governments repeated up to 30, 18 of them in Argentina."""
    from .synthetic import synthetic_edition

    folder = shared_temp(tmp_path_factory) / "synthetic-30"
    edition = folder / "content" / "2020"
    with _first_worker(folder):
        if not edition.exists():
            synthetic_edition(edition, 30)
    return edition


@pytest.fixture(scope="session")
def chart_cache(tmp_path_factory) -> Path:
    """One chart cache for the whole session, shared by xdist's workers: a chart is filed under
    the digest of its data, style and code, so one drawn for a test is right for any other.
    Tests of drawing itself (byte-identical runs, cache hits) use a cache of their own."""
    return shared_temp(tmp_path_factory) / "charts"


@pytest.fixture(scope="session")
def built_2020(built_edition) -> pipeline.Output:
    return built_edition(EDITION_2020)


@pytest.fixture(scope="session")
def build_2020(built_edition) -> Callable[[Variant], pipeline.Output]:
    """A variant of the 2020 edition, built once for the whole session."""
    return lambda variant: built_edition(EDITION_2020, variant)


@pytest.fixture(scope="session")
def reader_2020(built_2020) -> PdfReader:
    return PdfReader(built_2020.pdf)


@pytest.fixture(scope="session")
def pages_text_2020(reader_2020) -> list[str]:
    return [page.extract_text() or "" for page in reader_2020.pages]


@pytest.fixture
def edition_copy(tmp_path) -> Path:
    """A writable copy of the 2020 edition, for tests that break it on purpose."""
    return writable_copy(EDITION_2020, tmp_path / "content" / "2020")


@pytest.fixture
def mini_copy(tmp_path) -> Path:
    """A writable copy of the one-government edition: for a test of one profile's page, a
    build in a second rather than the 2020 report's eight."""
    return writable_copy(MINI, tmp_path / "content" / "mini")


def writable_copy(edition_dir: Path, target: Path) -> Path:
    """A copy of an edition to break on purpose: the bytes, not times or modes (faster)."""
    shutil.copytree(edition_dir, target, copy_function=shutil.copyfile)
    return target


def edition_of(edition_dir: Path) -> Edition:
    """The validated edition of a folder (its origins and folder dropped)."""
    return load_edition(edition_dir).edition


def worded(problem: Problem, lang: str = "es") -> str:
    """A problem as `check` prints it: `file:line:column: campo «x»: … (valor: …)`."""
    return located(problem, lang)


def text_of(problem: Problem, lang: str = "es") -> str:
    """What a problem says, without its location, field or value."""
    return say(problem.message, lang)


def value_of(problem: Problem, lang: str = "es") -> str | None:
    """The bad value as the message shows it."""
    return None if problem.value is None else show_value(problem.value, lang)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a content file, which must hold it."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
