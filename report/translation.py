"""Content translations: `*.en.md` and `edicion.en.yml` merged over the Spanish edition.

A translation file sits beside its Spanish original (`gobiernos/05-rosario.en.md`,
`carta.en.md`, `edicion.en.yml`) and may hold only the translatable text fields listed by
the models below; names, numbers and codes always come from the Spanish file. Whatever
a translation leaves out falls back to Spanish and is listed as missing (a warning for
`check --lang en`, an error with `--strict`). Translation files are validated as strictly
as the originals, and every problem is located by file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from pydantic import BaseModel, Field, ValidationError

from .loading import EDITION_FILE, ENTRY_NAME, GOVERNMENTS_DIR, LETTER_FILE, PROJECTS_DIR, explain
from .problems import ContentError, Problem, relative
from .schema import Edition, EditionInfo, Government, Letter, Markdown, Project, Strict, Text
from .sourcefiles import Source, parse_front_matter, parse_yaml, read_source

SOURCE_LANGUAGE = "es"


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


# ------------------------------------------------------------ loading and merging


@dataclass(frozen=True)
class Translated:
    """An edition in another language, and the fields that fell back to Spanish."""

    edition: Edition
    missing: tuple[Problem, ...]


def translation_name(path: Path, lang: str) -> Path:
    """`05-rosario.md` → `05-rosario.en.md`; `edicion.yml` → `edicion.en.yml`."""
    return path.with_name(f"{path.stem}.{lang}{path.suffix}")


def translate(edition_dir: Path, edition: Edition, lang: str, project_root: Path) -> Translated:
    """Merge the `lang` translation files over `edition`; raise `ContentError` if any is invalid."""
    if lang == SOURCE_LANGUAGE:
        return Translated(edition, ())
    merger = _Merger(edition_dir, project_root, lang)
    info = merger.merge(edition_dir / EDITION_FILE, edition.info, EditionText, EditionInfo, parse_yaml, body=None)
    letter = merger.merge(edition_dir / LETTER_FILE, edition.letter, LetterText, Letter, _parse_markdown, body="cuerpo")
    governments = merger.merge_entries(GOVERNMENTS_DIR, edition.governments, GovernmentText, Government)
    projects = merger.merge_entries(PROJECTS_DIR, edition.projects, ProjectText, Project)
    if merger.problems:
        raise ContentError(merger.problems)
    info = info.model_copy(update={"language": lang})
    translated = Edition(info=info, letter=letter, governments=tuple(governments), projects=tuple(projects))
    return Translated(translated, tuple(sorted(merger.missing, key=lambda p: (p.file, p.field or ""))))


class _Merger:
    def __init__(self, edition_dir: Path, project_root: Path, lang: str):
        self.dir = edition_dir
        self.root = project_root
        self.lang = lang
        self.problems: list[Problem] = []
        self.missing: list[Problem] = []

    def merge_entries(self, folder: str, originals, text_model, model) -> list:
        directory = self.dir / folder
        by_id = {entry.id: entry for entry in originals}
        files = {}
        for path in sorted(directory.iterdir()) if directory.is_dir() else ():
            match = ENTRY_NAME.match(path.name)
            if match and match["lang"] is None and match["id"] in by_id:
                files[match["id"]] = path
            elif match and match["lang"] == self.lang and match["id"] not in by_id:
                self.problems.append(
                    Problem(self.name(path), f"esta traducción no corresponde a ningún archivo en español de {folder}/ "
                            f"(se espera el mismo nombre sin «.{self.lang}»)")
                )
        return [self.merge(files[entry.id], entry, text_model, model, _parse_markdown, body="descripcion")
                if entry.id in files else entry for entry in originals]

    def name(self, path: Path) -> str:
        return relative(path, self.root)

    def merge(self, original_path: Path, original: BaseModel, text_model: type[BaseModel], model: type[BaseModel], parse, body: str | None):
        path = translation_name(original_path, self.lang)
        name = self.name(path)
        data = original.model_dump(by_alias=True, exclude_none=True)
        source = self._read(path, name, parse)
        if source is None:  # no translation: every translatable field falls back
            self.missing.extend(
                Problem(name, "falta la traducción; se usa el texto en español", field=_field(field))
                for field, _ in _pairs(text_model, data, {})
            )
            return original
        if body is not None:
            if body in source.data:
                line, column = source.positions[(body,)]
                self.problems.append(
                    Problem(name, "este texto va en el cuerpo del archivo, después de la segunda línea «---»", line=line, column=column, field=body)
                )
                return original
            if source.body:
                source.data[body] = source.body
                source.positions[(body,)] = (source.body_line, 1)
        try:
            text_model.model_validate(source.data)
        except ValidationError as error:
            self.problems.extend(explain(error, text_model, source, self.lang))
            return original
        for field, (spanish, translated) in _pairs(text_model, data, source.data):
            line, column = source.position(field)
            if translated is None:
                self.missing.append(Problem(name, "falta la traducción; se usa el texto en español", field=_field(field)))
            elif spanish is None:
                self.problems.append(
                    Problem(name, "el archivo en español no tiene este campo: no hay nada que traducir", line=line, column=column, field=_field(field))
                )
            elif isinstance(spanish, list) and len(spanish) != len(translated):
                self.problems.append(
                    Problem(name, f"la traducción tiene {len(translated)} elementos y el original en español {len(spanish)}: "
                            "traduzca cada elemento, en el mismo orden", line=line, column=column, field=_field(field))
                )
            else:
                _put(data, field, translated)
        try:
            return model.model_validate(data, context={"edition_dir": self.dir})
        except ValidationError as error:
            self.problems.extend(explain(error, model, source, self.lang))
            return original

    def _read(self, path: Path, name: str, parse) -> Source | None:
        if not path.is_file():
            return None  # no translation: the Spanish text stays, and is listed as missing
        return read_source(path, name, parse, self.lang, self.problems)


def _parse_markdown(text: str, name: str, lang: str = "es") -> Source:
    """Front matter and body, where the front matter may be empty (only the body translated)."""
    lines = text.split("\n")
    if lines[0].strip() == "---" and len(lines) > 1 and lines[1].strip() == "---":
        return Source(name, {}, body="\n".join(lines[2:]).strip(), body_line=3)
    return parse_front_matter(text, name, lang)


def _pairs(text_model: type[BaseModel], spanish: dict, translated: dict, prefix: tuple = ()) -> Iterator[tuple[tuple, tuple[Any, Any]]]:
    """Each translatable field with its Spanish and translated values (None when absent)."""
    from .loading import _model_in  # the same walk over nested models the loader uses

    for name, info in text_model.model_fields.items():
        key = info.alias or name
        inner = _model_in(info.annotation)
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
