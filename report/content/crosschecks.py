"""Cross-checks: hand-entered programme figures that the profiles can confirm or refute.

They apply to the whole programme: the loader runs them on the full edition, before a
variant keeps one country's governments. Each contradiction names both numbers and
both places (the figure's line in `edicion.yml`, each profile's file and number).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..problems import ContentError, message, problem

if TYPE_CHECKING:
    from .loader import Origins
    from .schema import Edition


def check_published_figures(edition: Edition, origins: Origins) -> None:
    """Raise `ContentError` when a published figure contradicts the profiles."""
    published = edition.info.published
    governments = edition.governments
    labs = {g.id: g.labs.count for g in governments if g.labs}
    participants = {g.id: g.course.participants for g in governments}
    per_country: dict[str, int] = {}
    for government in governments:
        per_country[government.country] = per_country.get(government.country, 0) + 1
    checks = [
        # (figure's key, its value, what the profiles give, holds?, the profiles' field, the parts, rule)
        (
            "laboratorios",
            published.labs,
            sum(labs.values()),
            published.labs == sum(labs.values()),
            "laboratorios.cantidad",
            labs,
            "crosscheck_equal",
        ),
        (
            "inscripciones_curso",
            published.course_enrolments,
            sum(participants.values()),
            sum(participants.values()) <= published.course_enrolments,
            "curso.participantes",
            participants,
            "crosscheck_at_least",
        ),
        (
            "gobiernos",
            published.governments,
            len(governments),
            len(governments) <= published.governments,
            None,
            {},
            "crosscheck_at_least_profiles",
        ),
        (
            "paises",
            published.countries,
            len(per_country),
            len(per_country) <= published.countries,
            "pais",
            per_country,
            "crosscheck_at_least_countries",
        ),
    ]
    problems = []
    for key, value, computed, holds, data_field, parts, rule in checks:
        if holds:
            continue
        line, column = origins.edition.position(("cifras", key))
        # Each government's file and its number (or each country and its profiles): where to look.
        where = {} if rule == "crosscheck_at_least_countries" else origins.governments
        listed = ", ".join(f"{_file_name(where, k)}: {count}" for k, count in parts.items()) or message("none_listed")
        problems.append(
            problem(
                rule,
                origins.edition.file,
                line=line,
                column=column,
                field=f"cifras.{key}",
                value=value,
                published=value,
                computed=computed,
                files=f"{origins.governments_dir}/*.md",
                data_field=data_field,
                parts=listed,
            )
        )
    if problems:
        raise ContentError(problems)


def _file_name(origins: dict, key: str) -> str:
    """`bahia-blanca` → `01-bahia-blanca.md` (the file's own name); a country code stays."""
    origin = origins.get(key)
    return origin.file.rsplit("/", 1)[-1] if origin else key
