"""Content translations: `*.LANG.md` and `edicion.LANG.yml` merged over the Spanish edition.

A translation file sits beside its Spanish original (`gobiernos/05-rosario.en.md`,
`carta.en.md`, `edicion.en.yml`) and may hold only the translatable text fields listed by
the models below; names, numbers and codes always come from the Spanish file. Whatever
a translation leaves out falls back to Spanish and is recorded, so the report marks that
text as Spanish (`lang="es"`) and `check --lang en` lists it; `--strict` makes it an error.

A translation records, in its `original` field, the fingerprint of the Spanish text it
translates (`build.py translated FILE` writes it). When the Spanish changes afterwards,
the translation is reported as outdated, as gettext marks an entry fuzzy. Translation
files are validated as strictly as the originals, and every problem is located.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field

from ..locale import SOURCE_LANGUAGE
from ..problems import ContentError, Problem, problem
from .crosschecks import note_problems
from .folder import Document
from .loader import LoadedEdition
from .reader import FieldPath, SourceError
from .schema import Edition, EditionInfo, Government, InlineMarkdown, Key, Letter, Markdown, Project, Strict, Text
from .text import Glyphs
from .validation import model_in, validate

Stamp = Annotated[str, Field(pattern=r"^[0-9a-f]{12}$")]
STAMP_FIELD = "original"
"""The header field of a translation that holds the fingerprint of the Spanish it translates."""

# ------------------------------------------------------------ translatable fields


class TranslationText(Strict):
    original: Stamp | None = Field(
        default=None,
        alias="original",  # STAMP_FIELD: pydantic's dataclass plugin wants the literal
        description="Huella del texto en español traducido (la escribe build.py translated)",
    )


class CourseText(Strict):
    note: Text | None = Field(default=None, alias="nota")


class LabsText(Strict):
    description: Markdown | None = Field(default=None, alias="descripcion")
    topics: list[InlineMarkdown] | None = Field(default=None, alias="temas")
    closing: Markdown | None = Field(default=None, alias="cierre")


class ImageText(Strict):
    alt: Text | None = Field(default=None, alias="alt")


class GovernmentText(TranslationText):
    """`gobiernos/NN-id.LANG.md`: the body, and these fields of the front matter."""

    kind: Text | None = Field(default=None, alias="tipo")
    description: Markdown | None = Field(default=None, alias="descripcion")
    course: CourseText | None = Field(default=None, alias="curso")
    labs: LabsText | None = Field(default=None, alias="laboratorios")
    activities: list[InlineMarkdown] | None = Field(default=None, alias="actividades")
    image: ImageText | None = Field(default=None, alias="imagen")


class ProjectText(TranslationText):
    """`proyectos/NN-id.LANG.md`: the body and the heading; the project's name stays."""

    title: Text | None = Field(default=None, alias="titulo")
    description: Markdown | None = Field(default=None, alias="descripcion")


class LetterText(TranslationText):
    """`carta.LANG.md`: the body and the signature."""

    body: Markdown | None = Field(default=None, alias="cuerpo")
    signature: Text | None = Field(default=None, alias="firma")


class ClosingText(Strict):
    mission: Markdown | None = Field(default=None, alias="mision")


class FigureText(Strict):
    """One published figure's words, found by its key (`clave`), not by its place in the list."""

    key: Key = Field(alias="clave")
    label: Text | None = Field(default=None, alias="etiqueta")
    label_one: Text | None = Field(default=None, alias="etiqueta_singular")
    short_label: Text | None = Field(default=None, alias="etiqueta_corta")
    note: Text | None = Field(default=None, alias="nota")


class EditionText(TranslationText):
    """`edicion.LANG.yml`: title, subtitle, the figures' words and the back cover's mission."""

    title: Text | None = Field(default=None, alias="titulo")
    subtitle: Text | None = Field(default=None, alias="subtitulo")
    published: list[FigureText] | None = Field(default=None, alias="cifras")
    closing: ClosingText | None = Field(default=None, alias="cierre")


TEXT_MODELS: dict[str, type[TranslationText]] = {
    "edition": EditionText,
    "letter": LetterText,
    "government": GovernmentText,
    "project": ProjectText,
}
BODIES = {"edition": None, "letter": "cuerpo", "government": "descripcion", "project": "descripcion"}
# A list of these models is matched item by item through this key, not by position.
LIST_KEYS: dict[type[BaseModel], str] = {FigureText: "clave"}


# ------------------------------------------------------------ merging


@dataclass(frozen=True)
class Translated:
    """An edition in another language, what fell back to Spanish, and what is outdated."""

    edition: Edition
    missing: tuple[Problem, ...] = ()  # fields shown in Spanish
    outdated: tuple[Problem, ...] = ()  # translations whose Spanish changed since
    fallbacks: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # (document, field) in Spanish


def document_key(kind: str, entry_id: str | None) -> str:
    """How a document is named in `Translated.fallbacks`: `edition`, `government:rosario`…"""
    return kind if entry_id is None else f"{kind}:{entry_id}"


def translate(loaded: LoadedEdition, lang: str) -> Translated:
    """Merge the `lang` translation files over the edition; raise `ContentError` if any is invalid."""
    edition = loaded.edition
    if lang == SOURCE_LANGUAGE:
        return Translated(edition)
    folder = loaded.folder
    merger = _Merger(folder.dir, lang, loaded.glyphs)
    info = merger.merge(folder.edition, edition.info, EditionInfo)
    letter = merger.merge(folder.letter, edition.letter, Letter)
    documents = {doc.id: doc for doc in (*folder.governments, *folder.projects)}
    governments = [merger.merge(documents[g.id], g, Government) for g in edition.governments]
    projects = [merger.merge(documents[p.id], p, Project) for p in edition.projects]
    if merger.problems:
        raise ContentError(merger.problems)
    translated = Edition(info=info, letter=letter, governments=tuple(governments), projects=tuple(projects))
    order = lambda p: (p.file, p.field or "")  # noqa: E731
    return Translated(
        translated,
        tuple(sorted(merger.missing, key=order)),
        tuple(sorted(merger.outdated, key=order)),
        frozenset(merger.fallbacks),
    )


def translation_name(path: Path, lang: str) -> Path:
    """`05-rosario.md` → `05-rosario.en.md`; `edicion.yml` → `edicion.en.yml`."""
    return path.with_name(f"{path.stem}.{lang}{path.suffix}")


def stamp(kind: str, original: BaseModel) -> str:
    """The fingerprint of a document's Spanish translatable text (12 hex digits of SHA-256)."""
    data = original.model_dump(by_alias=True, exclude_none=True)
    texts = [(_shown(pair.display), pair.spanish) for pair in _pairs(TEXT_MODELS[kind], data, {})]
    return hashlib.sha256(json.dumps(texts, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class _Pair:
    """One translatable field: where it sits in the Spanish data and in the translation
    file, how messages name it, and its two values (None when absent)."""

    data_path: FieldPath
    file_path: FieldPath
    display: tuple[str, ...]
    spanish: Any
    translated: Any


class _Merger:
    def __init__(self, edition_dir: Path, lang: str, glyphs: Glyphs | None = None):
        self.dir = edition_dir
        self.lang = lang
        # No `edition_dir`: a translation changes texts, never an image's file, which the
        # Spanish file's validation has checked already (decoding every photo again).
        self.context = {"glyphs": glyphs}
        self.problems: list[Problem] = []
        self.missing: list[Problem] = []
        self.outdated: list[Problem] = []
        self.fallbacks: set[tuple[str, str]] = set()

    def merge(self, document: Document, original, model: type[BaseModel]):
        text_model, body = TEXT_MODELS[document.kind], BODIES[document.kind]
        key = document_key(document.kind, document.id)
        data = original.model_dump(by_alias=True, exclude_none=True)
        file = document.translations.get(self.lang)
        if file is None:  # no translation: every translatable field falls back
            assert document.file is not None
            name = str(translation_name(Path(document.file.name), self.lang))
            for pair in _pairs(text_model, data, {}):
                self._fallback(key, name, pair)
            return original
        try:
            source = file.source(body=body, translation=True)
        except SourceError as error:
            self.problems.extend(error.problems)
            return original
        if validate(text_model, source, self.problems) is None:
            return original
        if document.kind == "edition":
            self._check_notes(original, source)
        self._check_stamp(document.kind, original, source)
        for pair in _pairs(
            text_model, data, source.data, problems=self.problems, file=source.name, where=source.position
        ):
            line, column = source.position(pair.file_path)
            shown = _shown(pair.display)
            if pair.translated is None:
                self._fallback(key, source.name, pair)
            elif pair.spanish is None:
                self.problems.append(
                    problem("translation_nothing_to_translate", source.name, line=line, column=column, field=shown)
                )
            elif isinstance(pair.spanish, list) and len(pair.spanish) != len(pair.translated):
                self.problems.append(
                    problem(
                        "translation_list_length",
                        source.name,
                        line=line,
                        column=column,
                        field=shown,
                        translated=len(pair.translated),
                        spanish=len(pair.spanish),
                    )
                )
            else:
                _put(data, pair.data_path, pair.translated)
        source.data = data
        merged = validate(model, source, self.problems, context=self.context)
        return original if merged is None else merged

    def _check_notes(self, original, source) -> None:
        """A translated figure's note is held to the Spanish one's rule: its `{clave}`
        names a figure, and no other brace prints as written."""
        keys = {figure.key for figure in original.published}
        for index, item in enumerate(source.data.get("cifras") or []):
            note = item.get("nota") if isinstance(item, dict) else None
            if not isinstance(note, str):
                continue
            line, column = source.position(("cifras", index, "nota"))
            for code, params in note_problems(note, keys):
                field = f"cifras.{item.get('clave')}.nota"
                self.problems.append(
                    problem(code, source.name, line=line, column=column, field=field, value=note, **params)
                )

    def _fallback(self, key: str, name: str, pair: _Pair) -> None:
        self.fallbacks.add((key, _shown(pair.display)))
        self.missing.append(problem("translation_missing", name, field=_shown(pair.display)))

    def _check_stamp(self, kind: str, original: BaseModel, source) -> None:
        recorded = source.data.pop(STAMP_FIELD, None)
        current = stamp(kind, original)
        if recorded == current:
            return
        line, column = source.position((STAMP_FIELD,)) if recorded else (1, 1)
        code = "translation_outdated" if recorded else "translation_unstamped"
        self.outdated.append(problem(code, source.name, line=line, column=column, file=source.name))


def _pairs(
    text_model: type[BaseModel],
    spanish: dict,
    translated: dict,
    prefix: FieldPath = (),
    file_prefix: FieldPath = (),
    display: tuple[str, ...] = (),
    *,
    problems: list[Problem] | None = None,
    file: str = "",
    where=None,
) -> Iterator[_Pair]:
    """Each translatable field of `text_model` with its Spanish and translated values."""
    for name, info in text_model.model_fields.items():
        key = info.alias or name
        if key == STAMP_FIELD or key == LIST_KEYS.get(text_model):
            continue  # the stamp is no text; a list item's key finds it, and is never translated
        inner = model_in(info.annotation)
        spanish_value = spanish.get(key) if isinstance(spanish, dict) else None
        spanish_value = spanish_value if spanish_value != [] else None  # an empty list has nothing to translate
        translated_value = translated.get(key) if isinstance(translated, dict) else None
        here, there, shown = prefix + (key,), file_prefix + (key,), display + (key,)
        if inner is not None and inner in LIST_KEYS:
            yield from _keyed(
                inner, spanish_value or [], translated_value or [], here, there, shown, problems, file, where
            )
        elif inner is not None:
            if spanish_value is None and translated_value is not None:
                yield _Pair(here, there, shown, None, translated_value)
            elif spanish_value is not None:
                yield from _pairs(
                    inner,
                    spanish_value,
                    translated_value or {},
                    here,
                    there,
                    shown,
                    problems=problems,
                    file=file,
                    where=where,
                )
        elif spanish_value is not None or translated_value is not None:
            yield _Pair(here, there, shown, spanish_value, translated_value)


def _keyed(model, spanish: list, translated: list, here, there, shown, problems, file, where) -> Iterator[_Pair]:
    """A list matched item by item through its key (`clave`): the translation may list the
    items in any order and leave some out; a key the Spanish does not have is a problem."""
    key = LIST_KEYS[model]
    found = {item.get(key): index for index, item in enumerate(translated) if isinstance(item, dict)}
    keys = {item.get(key) for item in spanish}
    for index, item in enumerate(spanish):
        position = found.get(item.get(key))
        other = translated[position] if position is not None else {}
        yield from _pairs(
            model,
            item,
            other,
            here + (index,),
            there + ((position,) if position is not None else ()),
            shown + (str(item.get(key)),),
            problems=problems,
            file=file,
            where=where,
        )
    for name, position in found.items():
        if name not in keys and problems is not None:
            line, column = where(there + (position, key))
            problems.append(
                problem(
                    "translation_unknown_key",
                    file,
                    line=line,
                    column=column,
                    field=_shown(shown),
                    value=name,
                    keys=", ".join(str(k) for k in keys),
                )
            )


def _put(data: dict, path: FieldPath, value: Any) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _shown(display: tuple[str, ...]) -> str:
    return ".".join(display)
