"""The content folder of one edition: its layout, and every file read once.

    content/AÑO/
      edicion.yml           the edition          edicion.LANG.yml   its translation
      carta.md              the letter           carta.LANG.md
      gobiernos/NN-id.md    one government each  gobiernos/NN-id.LANG.md
      proyectos/NN-id.md    one project each     proyectos/NN-id.LANG.md
      anything else         images, notes (CORRECCIONES.md): used only where named

`read_folder` walks the folder once: it refuses what is not a regular file inside the
edition (a link out of it, a FIFO), reads each content file's bytes, names every entry
by its file name (`NN` the order, `id` the identity) and pairs each file with its
translations. Later stages parse from these bytes and never open a file again; the same
walk computes the inputs' digest that the PDF records.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..locale import SOURCE_LANGUAGE, languages
from ..paths import shown
from ..problems import Problem, os_reason, problem
from .limits import MAX_FILE_BYTES
from .reader import Source, SourceError, decode, parse_front_matter, parse_yaml

EDITION_FILE = "edicion.yml"
LETTER_FILE = "carta.md"
GOVERNMENTS_DIR = "gobiernos"
PROJECTS_DIR = "proyectos"
ENTRY_FOLDERS = (GOVERNMENTS_DIR, PROJECTS_DIR)

# `07-medellin.md`: an optional number for the order, the id, an optional language.
ENTRY_NAME = re.compile(r"^(?:(?P<order>\d+)-)?(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?P<lang>[a-z]{2}))?\.md$")
# `edicion.en.yml`, `carta.en.md`: the language between the name and the extension.
_TRANSLATED_NAME = re.compile(r"^(?P<stem>edicion|carta)\.(?P<lang>[a-z]{2})\.(?P<ext>yml|md)$")

# Editors and systems leave these behind; they are not content.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ContentFile:
    """One content file, as read: where it is, how messages name it, its bytes."""

    path: Path
    name: str
    data: bytes  # at most MAX_FILE_BYTES + 1: a larger file is refused, not read whole
    size: int  # on disk

    def source(self, *, body: str | None = None, translation: bool = False) -> Source:
        """Its parsed data. `body`: a Markdown file whose text below the header fills that
        field (which the header may not hold). Raises `SourceError`."""
        text = decode(self.data, self.name, self.size)
        if body is None:
            return parse_yaml(text, self.name)
        source = parse_front_matter(text, self.name, empty_header=translation)
        if body in source.data:
            line, column = source.positions[(body,)]
            raise SourceError(problem("body_in_header", self.name, line=line, column=column, field=body))
        if source.body or not translation:
            source.data[body] = source.body
            source.positions[(body,)] = (source.body_line or 1, 1)
            source.body_field = body
        return source


@dataclass(frozen=True)
class Document:
    """A file the edition is made of (or its absence), with its translations by language."""

    kind: str  # "edition", "letter", "government" or "project"
    id: str | None
    file: ContentFile | None
    translations: dict[str, ContentFile] = field(default_factory=dict)


@dataclass
class Folder:
    """An edition's folder, read: its documents, what is wrong with its layout, its digest."""

    dir: Path
    root: Path
    edition: Document
    letter: Document
    entries: dict[str, list[Document]]  # folder name → documents in file-name order
    problems: list[Problem]
    _digest: hashlib._Hash

    @property
    def governments(self) -> list[Document]:
        return self.entries[GOVERNMENTS_DIR]

    @property
    def projects(self) -> list[Document]:
        return self.entries[PROJECTS_DIR]

    def name(self, relative: str) -> str:
        return shown(self.dir / relative, self.root)

    def inputs_digest(self, *extra_files: Path) -> str:
        """sha256 over every file of the edition (name and bytes) and `extra_files` (the brand)."""
        digest = self._digest.copy()
        for path in extra_files:
            data = path.read_bytes()
            digest.update(f"@{path.name}\0{len(data)}\0".encode())
            digest.update(data)
        return digest.hexdigest()


def document_of(edition_dir: Path, path: Path) -> tuple[str, str | None] | None:
    """Which document a file of the edition is (its translations included): `("government",
    "rosario")` for `gobiernos/05-rosario.md` or `.en.md`, `("project", id)`, `("letter",
    None)`, `("edition", None)`; None for anything else (a photo, a note, a file outside)."""
    try:
        relative = Path(path).resolve().relative_to(edition_dir.resolve()).as_posix()
    except ValueError:
        return None
    if relative in (EDITION_FILE, LETTER_FILE) or _TRANSLATED_NAME.match(relative):
        return ("edition", None) if relative.startswith("edicion") else ("letter", None)
    parts = relative.split("/")
    if len(parts) == 2 and parts[0] in ENTRY_FOLDERS and (match := ENTRY_NAME.match(parts[1])):
        return ("government" if parts[0] == GOVERNMENTS_DIR else "project", match["id"])
    return None


def read_folder(edition_dir: Path, root: Path) -> Folder:
    """Read the edition's folder; layout problems are collected in `Folder.problems`."""
    problems: list[Problem] = []
    digest = hashlib.sha256()
    files: dict[str, ContentFile] = {}
    refused: set[str] = set()  # content files refused (a link out, a FIFO, unreadable): said already
    base = edition_dir.resolve()
    found, unreadable = _walk(edition_dir)
    for folder_path, error in unreadable:  # a folder os.walk could not list would vanish silently
        problems.append(problem("unreadable_folder", shown(folder_path, root), reason=os_reason(error)))
    for relative, path in found:
        name = shown(path, root)
        before = len(problems)
        read = _read(path, base, relative, name, digest, problems)
        if len(problems) > before:
            refused.add(relative)
        if read is not None:
            files[relative] = ContentFile(path, name, *read)
    folder = Folder(
        dir=edition_dir,
        root=root,
        edition=Document("edition", None, files.get(EDITION_FILE)),
        letter=Document("letter", None, files.get(LETTER_FILE)),
        entries={},
        problems=problems,
        _digest=digest,
    )
    for name in (EDITION_FILE, LETTER_FILE):
        if name not in files and name not in refused:
            problems.append(problem("missing_file", folder.name(name)))
    others = tuple(code for code in languages() if code != SOURCE_LANGUAGE)  # asked once: it lists a folder
    for relative, file in files.items():
        match = _TRANSLATED_NAME.match(relative)
        if match:
            original = f"{match['stem']}.{match['ext']}"
            target = folder.edition if original == EDITION_FILE else folder.letter
            _translation(target, match["lang"], file, original, ".", problems, others)
    for kind, directory in (("government", GOVERNMENTS_DIR), ("project", PROJECTS_DIR)):
        folder.entries[directory] = _entries(kind, directory, folder, files, problems, refused, others)
    return folder


def _walk(edition_dir: Path) -> tuple[list[tuple[str, Path]], list[tuple[Path, OSError]]]:
    """Every file below the edition (relative POSIX path, path), sorted; hidden ones skipped;
    and the folders that could not be listed, with why."""
    found = []
    unreadable: list[tuple[Path, OSError]] = []

    def refused(error: OSError) -> None:
        unreadable.append((Path(error.filename or edition_dir), error))

    for top, dirs, names in os.walk(edition_dir, onerror=refused):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if name.startswith(".") or name in IGNORED_NAMES:
                continue
            path = Path(top) / name
            found.append((path.relative_to(edition_dir).as_posix(), path))
    return sorted(found), unreadable


def _is_content(relative: str) -> bool:
    parts = relative.split("/")
    if len(parts) == 1:
        return parts[0] in (EDITION_FILE, LETTER_FILE) or bool(_TRANSLATED_NAME.match(parts[0]))
    return len(parts) == 2 and parts[0] in ENTRY_FOLDERS


def _read(
    path: Path, base: Path, relative: str, name: str, digest, problems: list[Problem]
) -> tuple[bytes, int] | None:
    """Add the file to the digest (its name, size and bytes); return a content file's bytes.

    What is not a regular file inside the edition is never opened: for a content file, a
    problem says why; anything else is left to whatever names it (an image is checked
    where the content names it)."""
    content = _is_content(relative)
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = path.resolve()
            if not target.is_relative_to(base):
                if content:
                    problems.append(problem("outside_edition", name))
                return None
            info = target.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO would block the build, a device never end
            if content:
                problems.append(problem("not_regular_file", name))
            return None
        with path.open("rb") as stream:
            if content:
                data = stream.read(MAX_FILE_BYTES + 1)  # decode() refuses what is over the cap
                digest.update(f"{relative}\0{len(data)}\0".encode())
                digest.update(data)
                return data, info.st_size
            digest.update(f"{relative}\0{info.st_size}\0".encode())  # an image, a note: only hashed
            while chunk := stream.read(_CHUNK):
                digest.update(chunk)
            return None
    except OSError as error:
        if content:
            problems.append(problem("unreadable_file", name, reason=os_reason(error)))
        return None


def _translation(
    document: Document,
    lang: str,
    file: ContentFile,
    original: str,
    folder: str,
    problems: list[Problem],
    others: tuple[str, ...],
) -> None:
    """Pair a translation with its original, or say why it cannot be one (`others`: the
    languages a translation may be in)."""
    if lang == SOURCE_LANGUAGE:
        problems.append(problem("translation_source_language", file.name, original=original, lang=lang))
    elif lang not in others:
        example = re.sub(r"\.(md|yml)$", rf".{others[0] if others else 'en'}.\1", original)
        problems.append(
            problem("translation_unknown_language", file.name, lang=lang, languages=", ".join(others), example=example)
        )
    elif document.file is not None:
        document.translations[lang] = file
    elif document.kind in ("government", "project"):  # a missing edition or letter file is reported already
        problems.append(problem("translation_orphan", file.name, folder=folder, lang=lang))


def _entries(
    kind: str,
    directory: str,
    folder: Folder,
    files: dict[str, ContentFile],
    problems: list[Problem],
    refused: set[str],
    others: tuple[str, ...],
) -> list[Document]:
    """The folder's entries in file-name order; a file in a subfolder is not an entry."""
    if not (folder.dir / directory).is_dir():
        problems.append(problem("missing_folder", folder.name(directory)))
        return []
    documents: dict[str, Document] = {}
    translations: list[tuple[str, str, ContentFile]] = []
    for relative in sorted(r for r in files if r.startswith(directory + "/")):
        file = files[relative]
        match = ENTRY_NAME.match(relative.split("/", 1)[1])
        if not match:
            problems.append(problem("bad_file_name", file.name))
        elif match["lang"]:
            translations.append((match["id"], match["lang"], file))
        elif match["id"] in documents:
            first = documents[match["id"]].file
            problems.append(
                problem(
                    "duplicate_id",
                    file.name,
                    line=1,
                    column=1,
                    field="id",
                    value=match["id"],
                    id=match["id"],
                    other=first.name if first else "",
                )
            )
        else:
            documents[match["id"]] = Document(kind, match["id"], file)
    for entry_id, lang, file in translations:
        original = f"{directory}/{file.path.name.rsplit('.', 2)[0]}.md"
        if original in refused:
            continue  # its original was refused: the translation is no orphan
        _translation(
            documents.get(entry_id) or Document(kind, entry_id, None), lang, file, original, directory, problems, others
        )
    return list(documents.values())
