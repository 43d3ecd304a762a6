"""`build.py translated FILE…`: mark translations as up to date with their Spanish text.

Writes, in each translation's header, the `original` block: the fingerprint of the Spanish
of each translatable field. Once the Spanish of a field changes, `check --lang LANG` names
that field as outdated until a translator has revised it and marks the file again. Only
that block is written; the rest of the file stays exactly as it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content.folder import Document
from ..content.loader import load_edition
from ..content.translation import STAMP_FIELD, field_stamps
from ..problems import ContentError, problem
from ..render.pdf import write_atomically

# The `original:` line and the indented lines under it (the older form is that line alone).
_STAMP_LINE = re.compile(rf"^{STAMP_FIELD}:.*(?:\n[ \t]+\S.*)*$", re.M)


def mark_translated(edition_dir: Path, files: list[Path]) -> list[Path]:
    """Stamp each translation file of `edition_dir` in `files`; return them.

    Raises `ContentError` when the edition is invalid or a file is not one of its translations."""
    loaded = load_edition(edition_dir)
    documents: dict[Path, tuple[Document, object]] = {}
    originals: dict[tuple[str, str | None], object] = {
        ("edition", None): loaded.edition.info,
        ("letter", None): loaded.edition.letter,
        **{("government", g.id): g for g in loaded.edition.governments},
        **{("project", p.id): p for p in loaded.edition.projects},
    }
    folder = loaded.folder
    for document in (folder.edition, folder.letter, *folder.governments, *folder.projects):
        for file in document.translations.values():
            documents[file.path.resolve()] = (document, originals[(document.kind, document.id)])
    unknown = [path for path in files if path.resolve() not in documents]
    if unknown:
        raise ContentError([problem("not_a_translation", str(path)) for path in unknown])
    for path in files:
        document, original = documents[path.resolve()]
        line = stamp_block(field_stamps(document.kind, original))  # type: ignore[arg-type]
        text = path.read_text(encoding="utf-8")
        write_atomically(_with_stamp(text, line, markdown=path.suffix == ".md").encode("utf-8"), path)
    return files


def stamp_block(stamps: dict[str, str]) -> str:
    """The `original:` block of a translation's header, one line per field (quoted: a
    fingerprint of digits alone would be read as a number)."""
    if not stamps:
        return f"{STAMP_FIELD}: {{}}"
    return "\n".join([f"{STAMP_FIELD}:", *(f'  {name}: "{value}"' for name, value in stamps.items())])


def with_stamp(text: str, stamps: dict[str, str], *, markdown: bool) -> str:
    """A translation's text with its `original:` block for `stamps`."""
    return _with_stamp(text, stamp_block(stamps), markdown=markdown)


def _with_stamp(text: str, line: str, *, markdown: bool) -> str:
    """The file with its `original:` line replaced, or added at the top of its header."""
    if markdown:
        first, rest = text.split("\n", 1)  # the opening «---»
        end = rest.find("\n---")
        header, body = (rest[: end + 1], rest[end + 1 :]) if not rest.startswith("---") else ("", rest)
        if _STAMP_LINE.search(header):
            return f"{first}\n{_STAMP_LINE.sub(line, header, count=1)}{body}"
        return f"{first}\n{line}\n{header}{body}"
    if _STAMP_LINE.search(text):
        return _STAMP_LINE.sub(line, text, count=1)
    lines = text.split("\n")
    comments = next((i for i, value in enumerate(lines) if not value.startswith("#")), len(lines))
    return "\n".join([*lines[:comments], line, *lines[comments:]])
