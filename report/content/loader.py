"""Loading an edition: its folder of content files into one validated `Edition`.

Every file is read and validated; every problem in every file is collected, and only
then, if there is any, one `ContentError` lists them all. The published figures are then
held to what the profiles say (`crosschecks`). The result keeps where every value came
from, so later checks and the PDF's provenance never read a file again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from ..paths import PROJECT_ROOT
from ..problems import ContentError, Problem, problem
from .crosschecks import check_published_figures
from .folder import EDITION_FILE, GOVERNMENTS_DIR, Document, Folder, read_folder
from .origins import Origin, Origins
from .reader import SourceError
from .schema import Edition, EditionInfo, Government, Letter, Project
from .text import Glyphs
from .validation import validate


@dataclass(frozen=True)
class LoadedEdition:
    """A valid edition, where its values came from, and the folder it was read from."""

    edition: Edition
    origins: Origins
    folder: Folder
    glyphs: Glyphs | None = None  # the characters the fonts draw, if they were checked


# Validated files by (model, edition folder, file name, digest of its bytes): a warm
# process (`watch`) re-validates only the files whose bytes changed.
_CACHE: dict[tuple, tuple[object, Origin, tuple[Problem, ...]]] = {}


def clear_cache() -> None:
    """Forget every validated file (e.g. when an image beside them appeared or vanished)."""
    _CACHE.clear()


def find_edition(content_dir: Path) -> Path:
    """The newest edition under `content/`: the folder with the highest year name."""
    editions = sorted(
        (p for p in content_dir.iterdir() if (p / EDITION_FILE).is_file()) if content_dir.is_dir() else (),
        key=lambda p: (p.name.isdigit(), p.name),
    )
    if not editions:
        raise ContentError([problem("no_edition", str(content_dir), file=EDITION_FILE)])
    return editions[-1]


def load_edition(
    edition_dir: Path, project_root: Path = PROJECT_ROOT, *, glyphs: Glyphs | None = None
) -> LoadedEdition:
    """Read and validate every file of an edition; raise `ContentError` with all problems.

    `glyphs`: the characters the brand fonts draw; every text is held to them."""
    if not edition_dir.is_dir():
        code = "edition_not_folder" if edition_dir.exists() else "no_edition_dir"
        raise ContentError([problem(code, str(edition_dir))])
    folder = read_folder(edition_dir, project_root)
    problems = list(folder.problems)
    context = {"edition_dir": folder.dir, "glyphs": glyphs}
    info, edition_origin = _load(folder, folder.edition, EditionInfo, None, problems, context)
    letter, letter_origin = _load(folder, folder.letter, Letter, "cuerpo", problems, context)
    governments = [_load(folder, doc, Government, "descripcion", problems, context) for doc in folder.governments]
    projects = [_load(folder, doc, Project, "descripcion", problems, context) for doc in folder.projects]
    said = {p.file for p in problems}  # a missing or unreadable folder is said already
    if not folder.governments and folder.name(GOVERNMENTS_DIR) not in said:
        problems.append(problem("no_governments", folder.name(GOVERNMENTS_DIR)))
    if problems:
        raise ContentError(problems)
    edition = Edition(
        info=info,
        letter=letter,
        governments=tuple(entry for entry, _ in governments),
        projects=tuple(entry for entry, _ in projects),
    )
    origins = Origins(
        edition=edition_origin,
        letter=letter_origin,
        governments={entry.id: origin for entry, origin in governments},
        projects={entry.id: origin for entry, origin in projects},
        governments_dir=folder.name(GOVERNMENTS_DIR),
    )
    check_published_figures(edition, origins)
    return LoadedEdition(edition, origins, folder, glyphs)


def _load(
    folder: Folder, document: Document, model: type[BaseModel], body: str | None, problems: list[Problem], context: dict
):
    """One document validated as `model`, and where its values are; (None, …) when invalid."""
    file = document.file
    if file is None:
        return None, Origin("")
    digest = hashlib.blake2b(file.data, digest_size=16).digest()
    key = (model, str(folder.dir), file.name, digest, context["glyphs"])
    hit = _CACHE.get(key)
    if hit is None:
        found: list[Problem] = []
        result, origin = _validate(document, model, body, found, context)
        hit = _CACHE[key] = (result, origin, tuple(found))
    problems.extend(hit[2])
    return hit[0], hit[1]


def _validate(document: Document, model: type[BaseModel], body: str | None, problems: list[Problem], context: dict):
    assert document.file is not None
    try:
        source = document.file.source(body=body)
    except SourceError as error:
        problems.extend(error.problems)
        return None, Origin(document.file.name)
    if document.id is not None:
        if "id" in source.data:
            line, column = source.positions[("id",)]
            problems.append(problem("field_from_file_name", source.name, line=line, column=column, field="id"))
            return None, Origin(source.name, source.positions)
        source.data["id"] = document.id
    result = validate(model, source, problems, context=context)
    return result, Origin(source.name, source.positions)
