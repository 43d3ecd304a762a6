"""A new edition from an earlier one: `python build.py new content/2021 --from content/2020`.

What lasts from year to year is copied (the governments, their countries, the
projects, the back cover, images); what is yearly is written back as keys with an
empty value, so that `check` lists, located at its line, exactly what the team must
fill in: the figures, each government's participants, labs and activities, and the
letter. Nothing is invented and nothing yearly is carried over silently.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from ..content.folder import EDITION_FILE, ENTRY_NAME, GOVERNMENTS_DIR
from ..content.reader import Source, SourceError, decode, parse_front_matter, parse_yaml
from ..problems import ContentError, problem

CORRECTIONS_FILE = "CORRECCIONES.md"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/edicion.schema.json"
"""Points VS Code's YAML extension at the exported schema (content/AÑO/ → schemas/)."""


class _Dumper(yaml.SafeDumper):
    """Writes an empty value as nothing (`participantes:`), the way a person leaves it,
    and indents lists under their key, as the team's files do."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


_Dumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", ""))


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6, default_flow_style=False)


def year_of(path: Path) -> int | None:
    """The year a folder name gives (`content/2021` → 2021), if it is one."""
    return int(path.name) if re.fullmatch(r"(19|20|21)\d\d", path.name) else None


def scaffold(target: Path, source: Path, year: int | None = None) -> list[Path]:
    """Create the edition `target` from `source`; return the files written.

    Raises `ContentError` when the arguments or the source edition cannot be used.
    """
    year = year or year_of(target)
    problems = []
    if year is None:
        problems.append(problem("new_no_year", str(target)))
    if target.exists():
        problems.append(problem("new_exists", str(target)))
    if not (source / EDITION_FILE).is_file():
        problems.append(problem("new_not_edition", str(source), file=EDITION_FILE))
    if problems:
        raise ContentError(problems)
    assert year is not None

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.nueva")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(source, staging, ignore=shutil.ignore_patterns(".*"))
        written = _rewrite(staging, source, year)
        staging.rename(target)  # all or nothing: no half-made edition is left behind
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(target / path.relative_to(staging) for path in written)


def _rewrite(edition: Path, source: Path, year: int) -> list[Path]:
    # Translations (`edicion.en.yml`, `carta.en.md`, `NN-id.en.md`) are copied too; their
    # yearly fields are emptied so that `check --lang en` lists them as untranslated.
    named = lambda path: str(source / path.relative_to(edition))  # noqa: E731 - problems name the source
    written = [_edition_file(edition / EDITION_FILE, year, named)]
    for path in sorted(edition.glob("carta*.md")):
        written.append(_letter(path, named))
    for path in sorted((edition / GOVERNMENTS_DIR).glob("*.md")):
        match = ENTRY_NAME.match(path.name)
        if match:
            written.append(_government(path, named, translation=bool(match["lang"])))
    corrections = edition / CORRECTIONS_FILE
    corrections.write_text(
        f"# Correcciones sobre el texto de origen (informe {year})\n\n"
        "Anote aquí cada corrección hecha al texto recibido: archivo, texto original, texto corregido y motivo.\n",
        encoding="utf-8",
    )
    written.append(corrections)
    written.extend(p for p in edition.rglob("*") if p.is_file() and p not in written)
    return written


def _read(path: Path, parse, name: str) -> Source:
    try:
        text = decode(path.read_bytes(), name)
        if parse is parse_front_matter:
            return parse_front_matter(text, name, empty_header=True)  # a translation may be the body alone
        return parse(text, name)
    except SourceError as error:
        raise ContentError([error.problem]) from None


def _front_matter(data: dict) -> str:
    return _dump(data) if data else ""


def _edition_file(path: Path, year: int, named) -> Path:
    data = _read(path, parse_yaml, named(path)).data
    if "año" in data:
        data["año"] = year
    if isinstance(data.get("cifras"), dict):
        data["cifras"] = {key: None for key in data["cifras"]}
    header = (
        f"{SCHEMA_COMMENT}\n"
        f"# Edición {year} del informe de gestión de Innovación Pública 360.\n"
        "# Los campos vacíos son los que hay que completar; `python build.py check` los lista.\n"
    )
    path.write_text(header + _dump(data), encoding="utf-8")
    return path


def _letter(path: Path, named) -> Path:
    data = _read(path, parse_front_matter, named(path)).data
    front = "# Escriba la carta debajo de la segunda línea «---».\n" + _front_matter(data)
    path.write_text(f"---\n{front}---\n", encoding="utf-8")
    return path


def _government(path: Path, named, translation: bool) -> Path:
    source = _read(path, parse_front_matter, named(path))
    data = source.data
    if translation:  # only text lives here: the course note goes, labs and activities wait
        data.pop("curso", None)
        data.update({key: None for key in ("laboratorios", "actividades") if key in data})
    else:
        if isinstance(data.get("curso"), dict):
            data["curso"] = {"participantes": None}
        if "laboratorios" in data:
            data["laboratorios"] = {"cantidad": None, "descripcion": None}
        if "actividades" in data:
            data["actividades"] = None
    path.write_text(f"---\n{_front_matter(data)}---\n{source.body}\n", encoding="utf-8")
    return path
