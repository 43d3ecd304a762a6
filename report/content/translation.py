"""Content translations: `*.en.md` and `edicion.en.yml` merged over the Spanish edition.

A translation file sits beside its Spanish original (`gobiernos/05-rosario.en.md`,
`carta.en.md`, `edicion.en.yml`) and may hold only the translatable text fields listed by
the models below; names, numbers and codes always come from the Spanish file. Whatever
a translation leaves out falls back to Spanish and is listed as missing (a warning for
`check --lang en`, an error with `--strict`). Translation files are validated as strictly
as the originals, and every problem is located by file, line and field.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field

from ..locale import SOURCE_LANGUAGE
from ..problems import ContentError, Problem, problem
from .folder import Document
from .loader import LoadedEdition
from .reader import SourceError
from .schema import Edition, EditionInfo, Government, Letter, Markdown, Project, Strict, Text
from .validation import model_in, validate

# ------------------------------------------------------------ translatable fields


class CourseText(Strict):
    note: Text | None = Field(default=None, alias="nota")


class LabsText(Strict):
    description: Markdown | None = Field(default=None, alias="descripcion")
    topics: list[Text] | None = Field(default=None, alias="temas")
    closing: Markdown | None = Field(default=None, alias="cierre")


class ImageText(Strict):
    alt: Text | None = Field(default=None, alias="alt")


class GovernmentText(Strict):
    """`gobiernos/NN-id.en.md`: the body, and these fields of the front matter."""

    description: Markdown | None = Field(default=None, alias="descripcion")
    course: CourseText | None = Field(default=None, alias="curso")
    labs: LabsText | None = Field(default=None, alias="laboratorios")
    activities: list[Text] | None = Field(default=None, alias="actividades")
    image: ImageText | None = Field(default=None, alias="imagen")


class ProjectText(Strict):
    """`proyectos/NN-id.en.md`: the body and the heading; the project's name stays."""

    title: Text | None = Field(default=None, alias="titulo")
    description: Markdown | None = Field(default=None, alias="descripcion")


class LetterText(Strict):
    """`carta.en.md`: the body and the signature."""

    body: Markdown | None = Field(default=None, alias="cuerpo")
    signature: Text | None = Field(default=None, alias="firma")


class ClosingText(Strict):
    mission: Markdown | None = Field(default=None, alias="mision")


class EditionText(Strict):
    """`edicion.en.yml`: title, subtitle and the back cover's mission."""

    title: Text | None = Field(default=None, alias="titulo")
    subtitle: Text | None = Field(default=None, alias="subtitulo")
    closing: ClosingText | None = Field(default=None, alias="cierre")


# ------------------------------------------------------------ merging


@dataclass(frozen=True)
class Translated:
    """An edition in another language, and the fields that fell back to Spanish."""

    edition: Edition
    missing: tuple[Problem, ...]


def translate(loaded: LoadedEdition, lang: str) -> Translated:
    """Merge the `lang` translation files over the edition; raise `ContentError` if any is invalid."""
    edition = loaded.edition
    if lang == SOURCE_LANGUAGE:
        return Translated(edition, ())
    folder = loaded.folder
    merger = _Merger(folder.dir, lang)
    info = merger.merge(folder.edition, edition.info, EditionText, EditionInfo, body=None)
    letter = merger.merge(folder.letter, edition.letter, LetterText, Letter, body="cuerpo")
    documents = {doc.id: doc for doc in (*folder.governments, *folder.projects)}
    governments = [
        merger.merge(documents[g.id], g, GovernmentText, Government, "descripcion") for g in edition.governments
    ]
    projects = [merger.merge(documents[p.id], p, ProjectText, Project, "descripcion") for p in edition.projects]
    if merger.problems:
        raise ContentError(merger.problems)
    translated = Edition(info=info, letter=letter, governments=tuple(governments), projects=tuple(projects))
    return Translated(translated, tuple(sorted(merger.missing, key=lambda p: (p.file, p.field or ""))))


def translation_name(path: Path, lang: str) -> Path:
    """`05-rosario.md` → `05-rosario.en.md`; `edicion.yml` → `edicion.en.yml`."""
    return path.with_name(f"{path.stem}.{lang}{path.suffix}")


class _Merger:
    def __init__(self, edition_dir: Path, lang: str):
        self.dir = edition_dir
        self.lang = lang
        self.problems: list[Problem] = []
        self.missing: list[Problem] = []

    def merge(
        self, document: Document, original, text_model: type[BaseModel], model: type[BaseModel], body: str | None
    ):
        data = original.model_dump(by_alias=True, exclude_none=True)
        file = document.translations.get(self.lang)
        if file is None:  # no translation: every translatable field falls back
            assert document.file is not None
            name = str(translation_name(Path(document.file.name), self.lang))
            self.missing.extend(
                problem("translation_missing", name, field=_field(f)) for f, _ in _pairs(text_model, data, {})
            )
            return original
        try:
            source = file.source(body=body, translation=True)
        except SourceError as error:
            self.problems.append(error.problem)
            return original
        if validate(text_model, source, self.problems) is None:
            return original
        for path, (spanish, translated) in _pairs(text_model, data, source.data):
            line, column = source.position(path)
            if translated is None:
                self.missing.append(problem("translation_missing", source.name, field=_field(path)))
            elif spanish is None:
                self.problems.append(
                    problem(
                        "translation_nothing_to_translate", source.name, line=line, column=column, field=_field(path)
                    )
                )
            elif isinstance(spanish, list) and len(spanish) != len(translated):
                self.problems.append(
                    problem(
                        "translation_list_length",
                        source.name,
                        line=line,
                        column=column,
                        field=_field(path),
                        translated=len(translated),
                        spanish=len(spanish),
                    )
                )
            else:
                _put(data, path, translated)
        source.data = data
        merged = validate(model, source, self.problems, context={"edition_dir": self.dir})
        return original if merged is None else merged


def _pairs(
    text_model: type[BaseModel], spanish: dict, translated: dict, prefix: tuple = ()
) -> Iterator[tuple[tuple, tuple[Any, Any]]]:
    """Each translatable field with its Spanish and translated values (None when absent)."""
    for name, info in text_model.model_fields.items():
        key = info.alias or name
        inner = model_in(info.annotation)
        spanish_value = spanish.get(key) if isinstance(spanish, dict) else None
        spanish_value = spanish_value if spanish_value != [] else None  # an empty list has nothing to translate
        translated_value = translated.get(key) if isinstance(translated, dict) else None
        if inner is not None:
            if spanish_value is None and translated_value is not None:
                yield prefix + (key,), (None, translated_value)
            elif spanish_value is not None:
                yield from _pairs(inner, spanish_value, translated_value or {}, prefix + (key,))
        elif spanish_value is not None or translated_value is not None:
            yield prefix + (key,), (spanish_value, translated_value)


def _put(data: dict, field: tuple, value: Any) -> None:
    for key in field[:-1]:
        data = data[key]
    data[field[-1]] = value


def _field(field: tuple) -> str:
    return ".".join(field)
