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

from .problems import ContentError, Problem, relative, show_value
from .schema import Edition, EditionInfo, Government, Letter, Project
from .sourcefiles import Source, SourceError, parse_front_matter, parse_yaml, read_text

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


def find_edition(content_dir: Path) -> Path:
    """The newest edition under `content/`: the folder with the highest year name."""
    editions = sorted(
        (p for p in content_dir.iterdir() if (p / EDITION_FILE).is_file()),
        key=lambda p: (p.name.isdigit(), p.name),
    )
    if not editions:
        raise ContentError([Problem(str(content_dir), f"no hay ninguna edición (carpeta con {EDITION_FILE})")])
    return editions[-1]


def load_edition(edition_dir: Path, project_root: Path | None = None) -> Edition:
    """Read and validate every file of an edition; raise `ContentError` with all problems."""
    root = project_root or edition_dir.parent.parent
    loader = _EditionLoader(edition_dir, root)
    return loader.load()


class _EditionLoader:
    def __init__(self, edition_dir: Path, project_root: Path):
        self.dir = edition_dir
        self.root = project_root
        self.problems: list[Problem] = []

    def name(self, path: Path) -> str:
        return relative(path, self.root)

    def load(self) -> Edition:
        if not self.dir.is_dir():
            raise ContentError([Problem(str(self.dir), "la carpeta de la edición no existe")])
        info = self._load_info()
        letter = self._load_markdown(self.dir / LETTER_FILE, Letter, body_field="cuerpo")
        governments = self._load_entries(GOVERNMENTS_DIR, Government)
        projects = self._load_entries(PROJECTS_DIR, Project)
        if not governments and not self.problems:
            self.problems.append(Problem(self.name(self.dir / GOVERNMENTS_DIR), "no hay ningún perfil de gobierno (archivos .md)"))
        if self.problems:
            raise ContentError(self.problems)
        return Edition(info=info, letter=letter, governments=tuple(governments), projects=tuple(projects))

    def _cached(self, path: Path, key: tuple, compute):
        """`compute()`'s result and problems, reused while `path` is unchanged."""
        stamp = _stamp(path)
        full_key = (str(path), str(self.dir), str(self.root), *key)
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
                    Problem(source.name, _reserved_message(key, body_field), line=line, column=column, field=key)
                )
                return None
        source.data[body_field] = source.body
        source.positions[(body_field,)] = (source.body_line, 1)
        source.data.update(extra or {})
        return self._validate(model, source)

    def _load_entries(self, folder: str, model: type[BaseModel]) -> list:
        directory = self.dir / folder
        if not directory.is_dir():
            self.problems.append(Problem(self.name(directory), "falta la carpeta"))
            return []
        entries, first_file = [], {}
        for path in sorted(directory.iterdir()):
            if path.name.startswith(".") or path.is_dir():
                continue
            match = ENTRY_NAME.match(path.name)
            if not match:
                self.problems.append(
                    Problem(
                        self.name(path),
                        "nombre de archivo no válido: use minúsculas sin tildes, números y guiones, "
                        "terminado en .md (p. ej. 05-rosario.md)",
                    )
                )
                continue
            if match["lang"]:
                continue  # translations belong to the language variants
            entry_id = match["id"]
            if entry_id in first_file:
                self.problems.append(
                    Problem(
                        self.name(path),
                        f"el identificador «{entry_id}» ya lo usa {first_file[entry_id]}: cada archivo necesita un nombre distinto",
                        field="id",
                        value=show_value(entry_id),
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
            self.problems.append(Problem(name, "falta el archivo"))
            return None
        try:
            return parse(read_text(path, name), name)
        except SourceError as error:
            self.problems.append(error.problem)
            return None

    def _validate(self, model: type[BaseModel], source: Source):
        try:
            return model.model_validate(source.data, context={"edition_dir": self.dir})
        except ValidationError as error:
            self.problems.extend(explain(error, model, source))
            return None


def _reserved_message(key: str, body_field: str) -> str:
    if key == body_field:
        return "este texto va en el cuerpo del archivo, después de la segunda línea «---», no en el encabezado"
    return "este campo se toma del nombre del archivo; quítelo del encabezado"


def explain(error: ValidationError, model: type[BaseModel], source: Source) -> list[Problem]:
    """Pydantic's errors rewritten as located, plain-Spanish problems."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        ctx = item.get("ctx") or {}
        value = item.get("input")
        field = ".".join(str(part) if isinstance(part, str) else f"[{part + 1}]" for part in loc).replace(".[", "[")
        message = _message(kind, ctx, value, model, loc)
        line, column = source.position(loc)
        shown = None if kind == "missing" else show_value(value)
        if kind == "extra_forbidden":
            shown = None
        problems.append(Problem(source.name, message, line=line, column=column, field=field or None, value=shown))
    return problems


def _message(kind: str, ctx: dict, value: Any, model: type[BaseModel], loc: tuple) -> str:
    if kind == "missing":
        return "falta este campo obligatorio"
    if kind == "extra_forbidden":
        valid = _valid_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.5)
        hint = f"¿quiso decir «{close[0]}»? " if close else ""
        return f"campo desconocido; {hint}los campos válidos aquí son: {', '.join(valid)}"
    if kind == "value_error":
        reason = str(ctx.get("error", ""))
        if reason == "country_code":
            return "código de país desconocido: se espera un código ISO 3166-1 de dos letras (AR, BO, CL, CO, MX…)"
        if reason == "missing_image":
            return "la imagen no existe en la carpeta de la edición"
        return reason
    simple = {
        "int_type": "se espera un número entero, sin comillas ni decimales",
        "int_parsing": "se espera un número entero",
        "int_from_float": "se espera un número entero, sin decimales",
        "string_type": "se espera un texto",
        "list_type": "se espera una lista (una línea por elemento, empezando con «- »)",
        "model_type": "se esperan campos «clave: valor» sangrados debajo de este",
        "model_attributes_type": "se esperan campos «clave: valor» sangrados debajo de este",
        "dict_type": "se esperan campos «clave: valor» sangrados debajo de este",
        "bool_type": "se espera true o false",
    }
    if kind in simple:
        return simple[kind]
    if kind == "greater_than_equal":
        return f"se espera un número mayor o igual que {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"se espera un número menor o igual que {ctx.get('le')}"
    if kind in ("string_too_short", "too_short"):
        return "no puede estar vacío"
    if kind == "literal_error":
        return f"valor no admitido; se espera uno de: {ctx.get('expected')}"
    return f"valor no válido ({kind})"


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
