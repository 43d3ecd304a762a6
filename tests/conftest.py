"""Shared fixtures: one real build of the 2020 edition for the whole session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from report import pipeline

ROOT = Path(__file__).resolve().parent.parent
EDITION_2020 = ROOT / "content" / "2020"


@pytest.fixture(scope="session")
def built_2020(tmp_path_factory) -> pipeline.Output:
    out = tmp_path_factory.mktemp("dist")
    return pipeline.build(EDITION_2020, out, write_html=True)


@pytest.fixture(scope="session")
def reader_2020(built_2020) -> PdfReader:
    return PdfReader(built_2020.pdf)


@pytest.fixture(scope="session")
def pages_text_2020(reader_2020) -> list[str]:
    return [page.extract_text() or "" for page in reader_2020.pages]


@pytest.fixture
def edition_copy(tmp_path) -> Path:
    """A writable copy of the 2020 edition, for tests that break it on purpose."""
    target = tmp_path / "content" / "2020"
    shutil.copytree(EDITION_2020, target)
    return target
