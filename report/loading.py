"""Loading an edition: its folder of content files into one validated `Edition`.

Every file is read and validated; every problem in every file is collected, and only
then, if there is any, one `ContentError` lists them all.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .problems import ContentError, Problem, Reason, relative, say, show_value
from .schema import Edition, EditionInfo, Government, Letter, Project
from .sourcefiles import Source, parse_front_matter, parse_yaml, read_source

EDITION_FILE = "edicion.yml"
LETTER_FILE = "carta.md"
GOVERNMENTS_DIR = "gobiernos"
PROJECTS_DIR = "proyectos"

# `07-medellin.md`: an optional number for the order, the id, optional `.en` language.
ENTRY_NAME = re.compile(r"^(?:(?P<order>\d+)-)?(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)(?:\.(?P<lang>[a-z]{2}))?\.md$")


# Parsed and validated files, by path: reused while the file's stat and bytes are unchanged,
# so a warm process (`watch`) redoes only the files that changed.
_FILE_CACHE: dict[tuple, tuple[tuple, object, tuple[Problem, ...]]] = {}


def clear_cache() -> None:
    """Forget every cached file (e.g. when an image beside them appeared or vanished)."""
    _FILE_CACHE.clear()


def _stamp(path: Path) -> tuple | None:
    """(mtime, size, digest): the digest because mtime ticks are coarser than two saves."""
    try:
        stat = path.stat()
        return (stat.st_mtime_ns, stat.st_size, hashlib.blake2b(path.read_bytes(), digest_size=16).digest())
    except OSError:
        return None


def find_edition(content_dir: Path, lang: str = "es") -> Path:
    """The newest edition under `content/`: the folder with the highest year name."""
    editions = sorted(
        (p for p in content_dir.iterdir() if (p / EDITION_FILE).is_file()),
        key=lambda p: (p.name.isdigit(), p.name),
    )
    if not editions:
        raise ContentError([Problem(str(content_dir), say("no_edition", lang, file=EDITION_FILE), lang=lang)])
    return editions[-1]


def load_edition(edition_dir: Path, project_root: Path | None = None, lang: str = "es") -> Edition:
    """Read and validate every file of an edition; raise `ContentError` with all problems,
    worded in `lang` (the report's language)."""
    root = project_root or edition_dir.parent.parent
    loader = _EditionLoader(edition_dir, root, lang)
    return loader.load()


class _EditionLoader:
    def __init__(self, edition_dir: Path, project_root: Path, lang: str = "es"):
        self.dir = edition_dir
        self.root = project_root
        self.lang = lang
        self.problems: list[Problem] = []

    def name(self, path: Path) -> str:
        return relative(path, self.root)

    def load(self) -> Edition:
        if not self.dir.is_dir():
            raise ContentError([Problem(str(self.dir), say("no_edition_dir", self.lang), lang=self.lang)])
        info = self._load_info()
        letter = self._load_markdown(self.dir / LETTER_FILE, Letter, body_field="cuerpo")
        governments = self._load_entries(GOVERNMENTS_DIR, Government)
        projects = self._load_entries(PROJECTS_DIR, Project)
        if not governments and not self.problems:
            self.problems.append(Problem(self.name(self.dir / GOVERNMENTS_DIR), say("no_governments", self.lang), lang=self.lang))
        if self.problems:
            raise ContentError(self.problems)
        return Edition(info=info, letter=letter, governments=tuple(governments), projects=tuple(projects))

    def _cached(self, path: Path, key: tuple, compute):
        """`compute()`'s result and problems, reused while `path` is unchanged."""
        stamp = _stamp(path)
        full_key = (str(path), str(self.dir), str(self.root), self.lang, *key)
        hit = _FILE_CACHE.get(full_key)
        if stamp is not None and hit is not None and hit[0] == stamp:
            self.problems.extend(hit[2])
            return hit[1]
        before = len(self.problems)
        result = compute()
        if stamp is not None:
            _FILE_CACHE[full_key] = (stamp, result, tuple(self.problems[before:]))
        return result

    def _load_info(self) -> EditionInfo | None:
        path = self.dir / EDITION_FILE
        return self._cached(path, ("info",), lambda: self._load_info_uncached(path))

    def _load_info_uncached(self, path: Path) -> EditionInfo | None:
        source = self._read(path, parse_yaml)
        return None if source is None else self._validate(EditionInfo, source)

    def _load_markdown(self, path: Path, model: type[BaseModel], body_field: str, extra: dict | None = None):
        key = (model.__qualname__, body_field, tuple(sorted((extra or {}).items())))
        return self._cached(path, key, lambda: self._load_markdown_uncached(path, model, body_field, extra))

    def _load_markdown_uncached(self, path: Path, model: type[BaseModel], body_field: str, extra: dict | None):
        source = self._read(path, parse_front_matter)
        if source is None:
            return None
        for key in (body_field, *(extra or {})):
            if key in source.data:
                line, column = source.positions[(key,)]
                self.problems.append(
                    Problem(source.name, _reserved_message(key, body_field, self.lang), line=line, column=column, field=key, lang=self.lang)
                )
                return None
        source.data[body_field] = source.body
        source.positions[(body_field,)] = (source.body_line, 1)
        source.data.update(extra or {})
        return self._validate(model, source)

    def _load_entries(self, folder: str, model: type[BaseModel]) -> list:
        directory = self.dir / folder
        if not directory.is_dir():
            self.problems.append(Problem(self.name(directory), say("missing_folder", self.lang), lang=self.lang))
            return []
        entries, first_file = [], {}
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            match = ENTRY_NAME.match(path.name)
            if not match:
                self.problems.append(Problem(self.name(path), say("bad_file_name", self.lang), lang=self.lang))
                continue
            if match["lang"]:
                continue  # translations belong to the language variants
            entry_id = match["id"]
            if entry_id in first_file:
                self.problems.append(
                    Problem(
                        self.name(path),
                        say("duplicate_id", self.lang, id=entry_id, other=first_file[entry_id]),
                        line=1,
                        column=1,
                        field="id",
                        value=show_value(entry_id),
                        lang=self.lang,
                    )
                )
                continue
            first_file[entry_id] = self.name(path)
            entry = self._load_markdown(path, model, body_field="descripcion", extra={"id": entry_id})
            if entry is not None:
                entries.append(entry)
        return entries

    def _read(self, path: Path, parse) -> Source | None:
        name = self.name(path)
        if not path.is_file():
            self.problems.append(Problem(name, say("missing_file", self.lang), lang=self.lang))
            return None
        return read_source(path, name, parse, self.lang, self.problems)

    def _validate(self, model: type[BaseModel], source: Source):
        try:
            return model.model_validate(source.data, context={"edition_dir": self.dir})
        except ValidationError as error:
            self.problems.extend(explain(error, model, source, self.lang))
            return None


def _reserved_message(key: str, body_field: str, lang: str = "es") -> str:
    return say("body_in_header" if key == body_field else "field_from_file_name", lang)


def explain(error: ValidationError, model: type[BaseModel], source: Source, lang: str = "es") -> list[Problem]:
    """Pydantic's errors rewritten as located problems in plain words (Spanish, or `lang`)."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        ctx = item.get("ctx") or {}
        value = item.get("input")
        field = ".".join(str(part) if isinstance(part, str) else f"[{part + 1}]" for part in loc).replace(".[", "[")
        message = _message(kind, ctx, value, model, loc, lang)
        line, column = source.position(loc)
        shown = None if kind == "missing" or value is None else show_value(value, lang=lang)
        if kind == "extra_forbidden":
            shown = None
        problems.append(Problem(source.name, message, line=line, column=column, field=field or None, value=shown, lang=lang))
    return problems


def _message(kind: str, ctx: dict, value: Any, model: type[BaseModel], loc: tuple, lang: str = "es") -> str:
    if kind == "missing":
        return say("missing", lang)
    if kind == "extra_forbidden":
        valid = _valid_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.5)
        hint = say("did_you_mean", lang, name=close[0]) if close else ""
        return say("unknown_field", lang, hint=hint, valid=", ".join(valid))
    if kind == "value_error":
        reason = ctx.get("error")
        if isinstance(reason, Reason):
            return say(reason.key, lang, **reason.params)
        return say(str(reason), lang) if str(reason) in ("country_code", "image_missing") else str(reason)
    simple = {
        "int_type": "int_type",
        "int_parsing": "int_parsing",
        "int_from_float": "int_from_float",
        "string_type": "string_type",
        "list_type": "list_type",
        "model_type": "mapping_type",
        "model_attributes_type": "mapping_type",
        "dict_type": "mapping_type",
        "bool_type": "bool_type",
    }
    if kind in simple:
        # A key left with no value: what `build.py new` writes for what must be filled in.
        text = say(simple[kind], lang)
        return say("empty_then", lang, message=text) if value is None else text
    if kind == "greater_than_equal":
        return say("greater_than_equal", lang, limit=ctx.get("ge"))
    if kind == "less_than_equal":
        return say("less_than_equal", lang, limit=ctx.get("le"))
    if kind in ("string_too_short", "too_short"):
        return say("empty_value", lang)
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        return say("literal_error", lang, expected=expected.replace("' or '", "' o '") if lang == "es" else expected)
    return say("invalid", lang, kind=kind)


def _valid_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a content file may use at `loc`, for suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = {(f.alias or n): f for n, f in current.model_fields.items()}
        if part not in fields:
            return []
        current = _model_in(fields[part].annotation)
        if current is None:
            return []
    hidden = {"id", "descripcion", "cuerpo"} if not [p for p in loc if isinstance(p, str)] else set()
    return [f.alias or n for n, f in current.model_fields.items() if (f.alias or n) not in hidden]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation like `Labs | None` or `list[Social]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_in(arg)
        if found is not None:
            return found
    return None
