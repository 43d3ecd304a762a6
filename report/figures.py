"""Derived figures: what the data can compute is computed, never typed twice."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .problems import ContentError, Problem, relative
from .schema import Edition, Government


@dataclass(frozen=True)
class CountryFigures:
    """One country's share of the profiled governments."""

    code: str
    governments: tuple[Government, ...]
    participants: int
    labs: int


@dataclass(frozen=True)
class DerivedFigures:
    """Totals over the governments profiled in this edition (or variant)."""

    countries: tuple[CountryFigures, ...]
    governments: int
    participants: int
    labs: int


def derive(edition: Edition) -> DerivedFigures:
    countries = []
    for code in edition.countries():
        governments = tuple(g for g in edition.governments if g.country == code)
        countries.append(
            CountryFigures(
                code=code,
                governments=governments,
                participants=sum(g.course.participants for g in governments),
                labs=sum(g.labs.count for g in governments if g.labs),
            )
        )
    return DerivedFigures(
        countries=tuple(countries),
        governments=len(edition.governments),
        participants=sum(c.participants for c in countries),
        labs=sum(c.labs for c in countries),
    )


# -- Checks: hand-entered programme figures that the profiles can confirm or refute.
# They apply to the whole programme only: call them on the unfiltered edition, before
# a variant keeps one country's governments.


def check_figures(edition: Edition, edition_dir: Path, project_root: Path) -> None:
    """Raise `ContentError` when a published figure contradicts the profiles, naming both
    numbers and both files."""
    published = edition.info.figures
    derived = derive(edition)
    governments = edition.governments
    checks = [
        # (figure field, its value, the data's value, holds?, what the data sums, its field)
        ("laboratorios", published.labs, derived.labs, published.labs == derived.labs, "laboratorios.cantidad",
         {g.id: g.labs.count for g in governments if g.labs}, "equal"),
        ("inscripciones_curso", published.course_enrolments, derived.participants,
         derived.participants <= published.course_enrolments, "curso.participantes",
         {g.id: g.course.participants for g in governments}, "at_least"),
        ("gobiernos", published.governments, derived.governments, derived.governments <= published.governments,
         None, {}, "at_least_profiles"),
        ("paises", published.countries, len(derived.countries), len(derived.countries) <= published.countries,
         "pais", {c.code: len(c.governments) for c in derived.countries}, "at_least_countries"),
    ]
    problems = [
        _contradiction(edition_dir, project_root, field, value, computed, data_field, parts, kind)
        for field, value, computed, holds, data_field, parts, kind in checks
        if not holds
    ]
    if problems:
        raise ContentError(problems)


_EXPECTED = {
    "equal": "no coincide con la suma {computed} de {files} «{data_field}» ({parts}); corrija uno de los dos",
    "at_least": "es menor que la suma {computed} de {files} «{data_field}» ({parts}): los agentes de gobierno "
    "formados son parte de las inscripciones al curso; corrija uno de los dos",
    "at_least_profiles": "es menor que los {computed} perfiles de {files}: el programa acompañó al menos a los "
    "gobiernos perfilados; corrija uno de los dos",
    "at_least_countries": "es menor que los {computed} países de {files} «{data_field}» ({parts}); corrija uno de los dos",
}


def _contradiction(
    edition_dir: Path, root: Path, field: str, value: int, computed: int, data_field: str | None, parts: dict, kind: str
) -> Problem:
    from .loading import EDITION_FILE, GOVERNMENTS_DIR

    name, line, column = _locate(edition_dir / EDITION_FILE, root, ("cifras", field))
    files = relative(edition_dir / GOVERNMENTS_DIR, root) + "/*.md"
    # Each government's file and its number (or each country and its profiles): where to look.
    by_file = {} if kind == "at_least_countries" else _entry_files(edition_dir / GOVERNMENTS_DIR)
    listed = ", ".join(f"{by_file.get(key, key)}: {count}" for key, count in parts.items()) or "ninguno"
    message = f"vale {value} y " + _EXPECTED[kind].format(
        computed=computed, files=files, data_field=data_field, parts=listed
    )
    return Problem(name, message, line=line, column=column, field=f"cifras.{field}", value=str(value))


def _locate(path: Path, root: Path, field: tuple[str, ...]) -> tuple[str, int | None, int | None]:
    """The file as the team sees it and the line of `field`, read again from disk: this
    runs only when a check fails, and needs nothing kept from loading."""
    from .sourcefiles import SourceError, parse_yaml, read_text

    name = relative(path, root)
    try:
        line, column = parse_yaml(read_text(path, name), name).position(field)
    except (OSError, SourceError):
        return name, None, None
    return name, line, column


def _entry_files(directory: Path) -> dict[str, str]:
    """Entry id → file name (`bahia-blanca` → `01-bahia-blanca.md`)."""
    from .loading import ENTRY_NAME

    found = {}
    for path in sorted(directory.glob("*.md")):
        match = ENTRY_NAME.match(path.name)
        if match and not match["lang"]:
            found.setdefault(match["id"], path.name)
    return found
