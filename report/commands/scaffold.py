"""A new edition from an earlier one: `python build.py new content/2021 --from content/2020`.

What lasts from year to year is kept: the organisation, the programme, the back cover, the
governments that continue (`--keep-governments`) with their profile text, and images. A
year's words start empty, never carried over nor defaulted, so that `check` lists, located
at its line, exactly what the team must write or decide: the title and subtitle, the letter,
each kept government's participants, labs and activities, and each figure: its value is
empty and `check` says «not decided: fill it in or delete the figure» (its key and labels
stay as the template of this year's figure). Last year's projects and letter are not carried
over. A translation keeps only the text whose Spanish is kept, stamped field by field, so
that `check --lang LANG` names each field whose Spanish changes afterwards. Nothing is
invented.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Collection
from pathlib import Path

import yaml

from ..content.folder import EDITION_FILE, ENTRY_NAME, GOVERNMENTS_DIR, LETTER_FILE, PROJECTS_DIR
from ..content.loader import load_edition
from ..content.reader import Source, SourceError, decode, parse_front_matter, parse_yaml
from ..content.translation import STAMP_FIELD, field_stamps, stamp
from ..problems import ContentError, problem
from .translated import with_stamp

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
    current = _Stamps(source)
    written = [_edition_file(edition / EDITION_FILE, year, named)]
    for path in sorted(edition.glob("edicion.*.yml")):
        written.append(_edition_translation(path, named, current))
    written.append(_letter(edition / LETTER_FILE, named))
    for path in sorted((edition / GOVERNMENTS_DIR).glob("*.md")):
        match = ENTRY_NAME.match(path.name)
        if match:
            written.append(_government(path, named, current if match["lang"] else None, match["id"]))
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


class _Stamps:
    """The field stamps a kept translation gets: those of the Spanish it was translated
    from, when the source edition says it is up to date; otherwise none, so that `check`
    names every translated field as one to revise."""

    def __init__(self, source: Path):
        try:
            loaded = load_edition(source)
        except ContentError:  # an invalid source: nothing can vouch for its translations
            self.originals: dict[tuple[str, str | None], object] = {}
            return
        edition = loaded.edition
        self.originals = {
            ("edition", None): edition.info,
            **{("government", g.id): g for g in edition.governments},
        }

    def of(self, kind: str, entry_id: str | None, recorded: object) -> dict[str, str]:
        original = self.originals.get((kind, entry_id))
        if original is None or recorded is None:
            return {}
        stamps = field_stamps(kind, original)  # type: ignore[arg-type]
        if isinstance(recorded, dict):  # stamped field by field: keep the fields still current
            return {name: value for name, value in stamps.items() if recorded.get(name) == value}
        return stamps if recorded == stamp(kind, original) else {}  # type: ignore[arg-type]


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
    data["titulo"] = data["subtitulo"] = None  # each year's report has its own title and subtitle
    if isinstance(data.get("cifras"), list):
        data["cifras"] = [{**f, "valor": None} if isinstance(f, dict) else f for f in data["cifras"]]
    if isinstance(data.get("cierre"), dict):  # last year's report's address would cite the wrong report
        data["cierre"].pop("enlace_informe", None)
    header = (
        f"{SCHEMA_COMMENT}\n"
        f"# Edición {year} del informe de gestión de Innovación Pública 360.\n"
        "# Los campos vacíos son los que hay que completar; `python build.py check` los lista.\n"
        "# Cada cifra es la de la edición anterior sin su valor: escriba el de este año (y revise\n"
        "# sus etiquetas) o, si esta edición no la publica, borre la cifra entera.\n"
    )
    path.write_text(header + _dump(data), encoding="utf-8")
    return path


def _edition_translation(path: Path, named, current: _Stamps) -> Path:
    """The title and subtitle are yearly: their translations wait for this year's."""
    data = _read(path, parse_yaml, named(path)).data
    data.pop("titulo", None)
    data.pop("subtitulo", None)
    stamps = current.of("edition", None, data.pop(STAMP_FIELD, None))
    path.write_text(with_stamp(_dump(data), stamps, markdown=False), encoding="utf-8")
    return path


def _letter(path: Path, named) -> Path:
    data = _read(path, parse_front_matter, named(path)).data
    front = "# Escriba la carta debajo de la segunda línea «---».\n" + _front_matter(data)
    path.write_text(f"---\n{front}---\n", encoding="utf-8")
    return path


def _government(path: Path, named, current: _Stamps | None, entry_id: str) -> Path:
    """A kept profile; `current` for its translation (only text lives there: the course
    note goes, labs and activities wait for this year's)."""
    source = _read(path, parse_front_matter, named(path))
    data = source.data
    if current is not None:
        data.pop("curso", None)
        data.update({key: None for key in ("laboratorios", "actividades") if key in data})
        stamps = current.of("government", entry_id, data.pop(STAMP_FIELD, None))
        text = f"---\n{_front_matter(data)}---\n{source.body}\n"
        path.write_text(with_stamp(text, stamps, markdown=True), encoding="utf-8")
        return path
    if isinstance(data.get("curso"), dict):
        data["curso"] = {"participantes": None}
    if "laboratorios" in data:
        data["laboratorios"] = {"cantidad": None, "descripcion": None}
    if "actividades" in data:
        data["actividades"] = None
    path.write_text(f"---\n{_front_matter(data)}---\n{source.body}\n", encoding="utf-8")
    return path
