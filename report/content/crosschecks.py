"""Cross-checks: the published figures, held to themselves and to the profiles.

A published figure may declare the rule (`control`) that ties it to the profiles; the
rules apply to the whole programme, so the loader runs them on the full edition, before a
variant keeps one country's governments. Each contradiction names both numbers and both
places (the figure's line in `edicion.yml`, each profile's file and number). The figures'
own consistency is checked here too: unique keys, notes that name existing figures, a
singular label for a figure of 1. And a government's `ubicacion` must lie in its country,
as the base map draws it (a swapped or unsigned coordinate lands in another country or
the sea, and the map would show it there).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..problems import ContentError, Country, Problem, message, problem
from .limits import MAX_OUTPUT_FIGURES
from .origins import Origins

if TYPE_CHECKING:
    from .schema import Edition, Government, PublishedFigure

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
_ANY_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def note_problems(note: str, keys: set[str]) -> list[tuple[str, dict[str, object]]]:
    """What in a figure's note would print as written instead of a value: a `{name}` that
    names no figure, and any brace that is not part of a `{clave}` (an unclosed «{»,
    «{{clave}}»). As message codes and their parameters; the Spanish note and every
    translation's are held to the same rule."""
    found: list[tuple[str, dict[str, object]]] = []
    for name in _ANY_PLACEHOLDER.findall(note):
        if name not in keys:
            found.append(("figure_unknown_placeholder", {"name": name, "keys": ", ".join(sorted(keys))}))
    rest = _ANY_PLACEHOLDER.sub("", note)
    if not found and ("{" in rest or "}" in rest):
        found.append(("figure_note_brace", {}))
    return found


@dataclass(frozen=True)
class Rule:
    """What the profiles give for a figure: a total and its parts (per government or country)."""

    message: str  # the problem's code when the published value does not hold
    compute: Callable[[tuple[Government, ...]], dict[str, int]]  # the parts
    total: Callable[[dict[str, int], int], int]  # (parts, number of profiles) → what they add up to
    equal: bool  # the published value must equal the total (else: be at least the total)
    data_field: str | None  # the profiles' field the parts come from
    by_country: bool = False


def _labs(governments: tuple[Government, ...]) -> dict[str, int]:
    return {g.id: g.labs.count for g in governments if g.labs}


def _participants(governments: tuple[Government, ...]) -> dict[str, int]:
    return {g.id: g.course.participants for g in governments}


def _per_country(governments: tuple[Government, ...]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for government in governments:
        counted[government.country] = counted.get(government.country, 0) + 1
    return counted


def _sum(parts: dict[str, int], profiles: int) -> int:
    return sum(parts.values())


RULES: dict[str, Rule] = {
    "suma_laboratorios": Rule("crosscheck_equal", _labs, _sum, True, "laboratorios.cantidad"),
    "al_menos_participantes": Rule("crosscheck_at_least", _participants, _sum, False, "curso.participantes"),
    "al_menos_gobiernos": Rule("crosscheck_at_least_profiles", lambda gs: {}, lambda parts, n: n, False, None),
    "al_menos_paises": Rule(
        "crosscheck_at_least_countries", _per_country, lambda parts, n: len(parts), False, "pais", by_country=True
    ),
}


def check_published_figures(edition: Edition, origins: Origins) -> None:
    """Raise `ContentError` when a published figure is inconsistent or contradicts the profiles."""
    figures = edition.info.published
    problems = _consistency(figures, origins) + _locations(edition, origins) + _same_names(edition, origins)
    for index, figure in enumerate(figures):
        if figure.rule is None:
            continue
        rule = RULES[figure.rule]
        parts = rule.compute(edition.governments)
        computed = rule.total(parts, len(edition.governments))
        if figure.value == computed or (not rule.equal and figure.value > computed):
            continue
        line, column = origins.edition.position(("cifras", index, "valor"))
        where = {} if rule.by_country else origins.governments
        listed = ", ".join(f"{_file_name(where, k)}: {count}" for k, count in parts.items()) or message("none_listed")
        problems.append(
            problem(
                rule.message,
                origins.edition.file,
                line=line,
                column=column,
                field=f"cifras.{figure.key}",
                value=figure.value,
                published=figure.value,
                computed=computed,
                files=f"{origins.governments_dir}/*.md",
                data_field=rule.data_field,
                parts=listed,
            )
        )
    if problems:
        raise ContentError(problems)


LOCATION_MARGIN_DEGREES = 0.5
"""About 55 km: the base map is simplified, so a port may sit just off its coast."""


def _locations(edition: Edition, origins: Origins) -> list[Problem]:
    """Each located government inside its country (when the base map has the country)."""
    from charts import geography  # the base map's data only: no matplotlib

    found: list[Problem] = []
    for government in edition.governments:
        place = government.location
        if place is None or not geography.has_shape(government.country):
            continue
        off = geography.distance_to(government.country, place.longitude, place.latitude)
        if off <= LOCATION_MARGIN_DEGREES:
            continue
        origin = origins.governments[government.id]
        line, column = origin.position(("ubicacion", "latitud"))
        found.append(
            problem(
                "location_outside_country",
                origin.file,
                line=line,
                column=column,
                field="ubicacion",
                value=f"{place.latitude}, {place.longitude}",
                country=Country(government.country),
                km=int(round(off * 111, -1 if off < 9 else -2)),
            )
        )
    return found


# Letters of other scripts that look like a Latin one (Unicode's confusables, the ones a
# name can hide): folded to it before names are compared.
_LOOKALIKES = str.maketrans(
    "аеорсухіјѕһԁԛԝкмнтвгпαορντικχυεβζηµΑΒΕΗΙΚΜΝΟΡΤΥΧΖАВЕКМНОРСТХ",
    "aeopcyxijshdqwkmhtbrnaopvtikxuebznuABEHIKMNOPTYXZABEKMHOPCTX",
)


def fold_name(name: str) -> str:
    """What a name looks like to a reader: look-alike letters as the Latin ones, without
    accents, case, spaces or punctuation («Rоsario», «ROSARIO», «Rosário» → rosario)."""
    folded = unicodedata.normalize("NFKD", name.translate(_LOOKALIKES)).casefold().translate(_LOOKALIKES)
    return "".join(char for char in folded if char.isalnum() and not unicodedata.combining(char))


def _same_names(edition: Edition, origins: Origins) -> list[Problem]:
    """Two governments (or two projects) whose names look the same: one is a copy, or a
    look-alike letter hides a duplicate; the reader could not tell them apart."""
    found: list[Problem] = []
    for items, where in ((edition.governments, origins.governments), (edition.projects, origins.projects)):
        seen: dict[str, str] = {}
        for item in items:
            key = fold_name(item.name)
            origin = where[item.id]
            if key in seen:
                line, column = origin.position(("nombre",))
                found.append(
                    problem(
                        "name_duplicate",
                        origin.file,
                        line=line,
                        column=column,
                        field="nombre",
                        value=item.name,
                        other=seen[key],
                    )
                )
            else:
                seen[key] = origin.file
    return found


def _consistency(figures: list[PublishedFigure], origins: Origins) -> list[Problem]:
    """Keys once each, notes that name figures that exist, a singular for a figure of 1."""
    found: list[Problem] = []
    first: dict[str, int] = {}
    for index, figure in enumerate(figures):
        where = origins.edition.position
        if figure.key in first:
            line, column = where(("cifras", index, "clave"))
            found.append(
                problem(
                    "figure_duplicate_key",
                    origins.edition.file,
                    line=line,
                    column=column,
                    field=f"cifras[{index + 1}].clave",
                    value=figure.key,
                    first=first[figure.key] + 1,
                )
            )
            continue
        first[figure.key] = index
    keys = set(first)
    outputs = 0
    for index, figure in enumerate(figures):
        line, column = origins.edition.position(("cifras", index, "nota"))
        for code, params in note_problems(figure.note or "", keys):
            found.append(
                problem(
                    code,
                    origins.edition.file,
                    line=line,
                    column=column,
                    field=f"cifras.{figure.key}.nota",
                    value=figure.note,
                    **params,
                )
            )
        outputs += figure.place == "producto"
        if figure.place == "producto" and outputs == MAX_OUTPUT_FIGURES + 1:
            line, column = origins.edition.position(("cifras", index, "clave"))
            found.append(
                problem(
                    "too_many_output_figures",
                    origins.edition.file,
                    line=line,
                    column=column,
                    field=f"cifras.{figure.key}",
                    count=sum(f.place == "producto" for f in figures),
                    limit=MAX_OUTPUT_FIGURES,
                )
            )
        if figure.value == 1 and figure.label_one is None and figure.place != "oculta":
            line, column = origins.edition.position(("cifras", index, "valor"))
            found.append(
                problem(
                    "figure_needs_singular",
                    origins.edition.file,
                    line=line,
                    column=column,
                    field=f"cifras.{figure.key}",
                    value=figure.label,
                )
            )
    return found


def fill_note(note: str, values: dict[str, str]) -> str:
    """A note with each `{clave}` replaced by that figure's value (already formatted)."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), note)


def _file_name(origins: dict, key: str) -> str:
    """`bahia-blanca` → `01-bahia-blanca.md` (the file's own name); a country code stays."""
    origin = origins.get(key)
    return origin.file.rsplit("/", 1)[-1] if origin else key
