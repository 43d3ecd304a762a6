"""A new edition from an earlier one: `python build.py new content/2021 --from content/2020`.

What lasts from year to year is kept: the organisation, the programme, the back cover, the
published figures' definitions (their labels, places and checks), the governments that
continue (`--keep-governments`) with their profile text, and images. What is yearly is
written back as keys with an empty value, so that `check` lists, located at its line,
exactly what the team must fill in: the title, each figure's value, the letter, each kept
government's participants, labs and activities. Last year's projects and letter are not
carried over, and neither are translations of yearly text: a translation whose Spanish
was emptied is reported as outdated until it is revised. Nothing is invented.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Collection
from pathlib import Path

import yaml

from ..content.folder import EDITION_FILE, ENTRY_NAME, GOVERNMENTS_DIR, LETTER_FILE, PROJECTS_DIR
from ..content.reader import Source, SourceError, decode, parse_front_matter, parse_yaml
from ..problems import ContentError, problem

CORRECTIONS_FILE = "CORRECCIONES.md"
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schemas/edicion.schema.json"
"""Points VS Code's YAML extension at the exported schema (content/AÑO/ → schemas/)."""
KEEP_ALL = "todos"


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


def governments_of(source: Path) -> list[str]:
    """The ids of an edition's governments, in file order (`05-rosario.md` → `rosario`)."""
    found = []
    for path in sorted((source / GOVERNMENTS_DIR).glob("*.md")):
        match = ENTRY_NAME.match(path.name)
        if match and not match["lang"]:
            found.append(match["id"])
    return found


def scaffold(target: Path, source: Path, year: int | None = None, keep: Collection[str] = ()) -> list[Path]:
    """Create the edition `target` from `source`, keeping the governments `keep` (ids, or
    `todos`); return the files written. Raises `ContentError` when the arguments or the
    source edition cannot be used."""
    year = year or year_of(target)
    problems = []
    if year is None:
        problems.append(problem("new_no_year", str(target)))
    if target.exists():
        problems.append(problem("new_exists", str(target)))
    if not (source / EDITION_FILE).is_file():
        problems.append(problem("new_not_edition", str(source), file=EDITION_FILE))
    available = governments_of(source) if not problems else []
    kept = available if KEEP_ALL in keep else [g for g in available if g in keep]
    unknown = sorted(set(keep) - set(available) - {KEEP_ALL})
    if unknown:
        problems.append(
            problem("new_unknown_governments", str(source), ids=", ".join(unknown), available=", ".join(available))
        )
    if problems:
        raise ContentError(problems)
    assert year is not None

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.nueva")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        shutil.copytree(source, staging, ignore=_not_carried(source, set(kept)))
        written = _rewrite(staging, source, year)
        staging.rename(target)  # all or nothing: no half-made edition is left behind
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return sorted(target / path.relative_to(staging) for path in written)


def _not_carried(source: Path, kept: set[str]):
    """shutil.copytree's ignore: hidden files, last year's projects and letter translations,
    and the governments that do not continue."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        dropped = {name for name in names if name.startswith(".")}
        if here == source:
            dropped |= {name for name in names if re.fullmatch(r"carta\.[a-z]{2}\.md", name)}
        if here == source / PROJECTS_DIR:
            dropped |= set(names)
        if here == source / GOVERNMENTS_DIR:
            for name in names:
                match = ENTRY_NAME.match(name)
                if match and match["id"] not in kept:
                    dropped.add(name)
        return dropped

    return ignore


def _rewrite(edition: Path, source: Path, year: int) -> list[Path]:
    named = lambda path: str(source / path.relative_to(edition))  # noqa: E731 - problems name the source
    written = [_edition_file(edition / EDITION_FILE, year, named)]
    for path in sorted(edition.glob("edicion.*.yml")):
        written.append(_edition_translation(path, named))
    written.append(_letter(edition / LETTER_FILE, named))
    for path in sorted((edition / GOVERNMENTS_DIR).glob("*.md")):
        match = ENTRY_NAME.match(path.name)
        if match:
            written.append(_government(path, named, translation=bool(match["lang"])))
    projects = edition / PROJECTS_DIR
    projects.mkdir(exist_ok=True)
    (projects / ".gitkeep").touch()  # an empty folder, kept by git: this year's projects go here
    corrections = edition / CORRECTIONS_FILE
    corrections.write_text(
        f"# Correcciones sobre el texto de origen (informe {year})\n\n"
        "Anote aquí cada corrección hecha al texto recibido: archivo, texto original, texto corregido y motivo.\n",
        encoding="utf-8",
    )
    written.append(corrections)
    written.extend(p for p in edition.rglob("*") if p.is_file() and p not in written and not p.name.startswith("."))
    return written


def _read(path: Path, parse, name: str) -> Source:
    try:
        text = decode(path.read_bytes(), name)
        if parse is parse_front_matter:
            return parse_front_matter(text, name, empty_header=True)  # a translation may be the body alone
        return parse(text, name)
    except SourceError as error:
        raise ContentError(error.problems) from None


def _front_matter(data: dict) -> str:
    return _dump(data) if data else ""


def _edition_file(path: Path, year: int, named) -> Path:
    data = _read(path, parse_yaml, named(path)).data
    if "año" in data:
        data["año"] = year
    data["titulo"] = None  # each year's report has its own title
    if isinstance(data.get("cifras"), list):
        data["cifras"] = [{**f, "valor": None} if isinstance(f, dict) else f for f in data["cifras"]]
    if isinstance(data.get("cierre"), dict):  # last year's report's address would cite the wrong report
        data["cierre"].pop("enlace_informe", None)
    header = (
        f"{SCHEMA_COMMENT}\n"
        f"# Edición {year} del informe de gestión de Innovación Pública 360.\n"
        "# Los campos vacíos son los que hay que completar; `python build.py check` los lista.\n"
    )
    path.write_text(header + _dump(data), encoding="utf-8")
    return path


def _edition_translation(path: Path, named) -> Path:
    """The title is yearly: its translation waits for this year's title."""
    data = _read(path, parse_yaml, named(path)).data
    data.pop("titulo", None)
    path.write_text(_dump(data), encoding="utf-8")
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
