"""Content translations: `*.LANG.md` and `edicion.LANG.yml` merged over the Spanish edition.

A translation file sits beside its Spanish original (`gobiernos/05-rosario.en.md`,
`carta.en.md`, `edicion.en.yml`) and may hold only the translatable text fields listed by
the models below; names, numbers and codes always come from the Spanish file. Whatever
a translation leaves out falls back to Spanish and is recorded, so the report marks that
text as written (`lang="es"`, or the document's `idioma`) and `check --lang en` lists it;
`--strict` makes it an error.

A translation records, in its `original` field, the fingerprint of the Spanish of each
field it translates (`build.py translated FILE` writes them). When the Spanish of a field
changes afterwards, that field is reported as outdated, at its line, as gettext marks an
entry fuzzy (a file stamped whole, as before fields were, is reported whole). Translation
files are validated as strictly as the originals, and every problem is located.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field

from ..locale import SOURCE_LANGUAGE
from ..problems import ContentError, Problem, Reason, problem
from .crosschecks import note_problems
from .folder import Document
from .loader import LoadedEdition
from .reader import FieldPath, SourceError
from .schema import Edition, EditionInfo, Government, InlineMarkdown, Key, Letter, Markdown, Project, Strict, Text
from .text import Glyphs
from .validation import model_in, validate

_WHOLE = re.compile(r"[0-9a-f]{12}")
_FIELD = re.compile(r"[0-9a-f]{8}")


def _stamp(value: object) -> object:
    """One fingerprint per field (`{titulo: 1a2b3c4d, …}`), or the whole document's
    (12 hex digits), as translations were stamped before fields were."""
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return value
    if isinstance(value, dict) and all(isinstance(v, str) and _FIELD.fullmatch(v) for v in value.values()):
        return value
    raise Reason("translation_bad_stamp")


Stamp = Annotated[object, BeforeValidator(_stamp)]
STAMP_FIELD = "original"
"""The header field of a translation that holds the fingerprint of the Spanish it translates:
one per translated field (`titulo: 1a2b3c4d`), so `check` names the field whose Spanish changed."""

# ------------------------------------------------------------ translatable fields


class TranslationText(Strict):
    original: Stamp | None = Field(
        default=None,
        alias="original",  # STAMP_FIELD: pydantic's dataclass plugin wants the literal
        description="Huella del texto en español traducido, campo por campo (la escribe build.py translated)",
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
    role: Text | None = Field(default=None, alias="cargo")


class ClosingText(Strict):
    mission: Markdown | None = Field(default=None, alias="mision")
    credits: list[Text] | None = Field(default=None, alias="creditos")
    licence: Text | None = Field(default=None, alias="licencia")


class FigureText(Strict):
    """One published figure's words, found by its key (`clave`), not by its place in the list."""

    key: Key = Field(alias="clave")
    label: Text | None = Field(default=None, alias="etiqueta")
    label_one: Text | None = Field(default=None, alias="etiqueta_singular")
    short_label: Text | None = Field(default=None, alias="etiqueta_corta")
    note: Text | None = Field(default=None, alias="nota")
    group: Text | None = Field(default=None, alias="grupo")


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
    order = lambda p: (p.file, p.line or 0, p.field or "")  # noqa: E731
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


def field_stamps(kind: str, original: BaseModel) -> dict[str, str]:
    """The fingerprint of each translatable field's Spanish text (8 hex digits of SHA-256),
    by the field's name as messages show it (`cifras.laboratorios.etiqueta`)."""
    data = original.model_dump(by_alias=True, exclude_none=True)
    return {_shown(pair.display): _fingerprint(pair.spanish) for pair in _pairs(TEXT_MODELS[kind], data, {})}


def _fingerprint(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:8]


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
        recorded = self._check_stamp(document.kind, original, source)
        for pair in _pairs(
            text_model, data, source.data, problems=self.problems, file=source.name, where=source.position
        ):
            line, column = source.position(pair.file_path)
            shown = _shown(pair.display)
            if self._stale(recorded, shown, pair):
                self.outdated.append(
                    problem(
                        "translation_field_outdated",
                        source.name,
                        line=line,
                        column=column,
                        field=shown,
                        file=source.name,
                    )
                )
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
            if not isinstance(note, str) or item.get("clave") not in keys:
                continue  # a figure the Spanish lacks is one problem of its own already
            line, column = source.position(("cifras", index, "nota"))
            for code, params in note_problems(note, keys):
                field = f"cifras.{item.get('clave')}.nota"
                self.problems.append(
                    problem(code, source.name, line=line, column=column, field=field, value=note, **params)
                )

    def _fallback(self, key: str, name: str, pair: _Pair) -> None:
        self.fallbacks.add((key, _shown(pair.display)))
        self.missing.append(problem("translation_missing", name, field=_shown(pair.display)))

    @staticmethod
    def _stale(recorded: dict[str, str] | None, shown: str, pair: _Pair) -> bool:
        """A translated field whose Spanish is not the one it was translated from."""
        if recorded is None or pair.translated is None or pair.spanish is None:
            return False
        return recorded.get(shown) != _fingerprint(pair.spanish)

    def _check_stamp(self, kind: str, original: BaseModel, source) -> dict[str, str] | None:
        """The fingerprints recorded field by field, for `merge` to compare; a whole-file
        stamp (or none) is compared here, naming the file."""
        recorded = source.data.pop(STAMP_FIELD, None)
        if isinstance(recorded, dict):
            return recorded
        if recorded is not None and recorded == stamp(kind, original):
            return None
        line, column = source.position((STAMP_FIELD,)) if recorded else (1, 1)
        code = "translation_outdated" if recorded else "translation_unstamped"
        self.outdated.append(problem(code, source.name, line=line, column=column, file=source.name))
        return None


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
    keys = [item.get(key) for item in spanish]  # in the Spanish file's order: the same on every run
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
    for name, position in found.items():  # in the translation's order
        if name not in keys and problems is not None:
            line, column = where(there + (position, key))
            problems.append(
                problem(
                    "translation_unknown_key",
                    file,
                    line=line,
                    column=column,
                    field=_shown((*shown, str(name))),
                    original=_original_name(file),
                    keys=", ".join(str(k) for k in keys),
                )
            )


def _original_name(file: str) -> str:
    """`content/2022/edicion.en.yml` → `edicion.yml`: the Spanish file a translation follows."""
    stem, _, suffix = Path(file).name.rpartition(".")
    return f"{stem.rpartition('.')[0]}.{suffix}"


def _put(data: dict, path: FieldPath, value: Any) -> None:
    target: Any = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value


def _shown(display: tuple[str, ...]) -> str:
    return ".".join(display)
