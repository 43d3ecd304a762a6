"""The impact-at-a-glance spread: the published figures in their groups, and the course funnel.

Only what the content says: a group is the figures the edition puts under one `grupo`
(or, without one, the default of its `lugar`), and the funnel needs both the course's
enrolments (the published figure held to the profiles' participants, `control:
al_menos_participantes`) and officials trained in the profiles. A country's report keeps
the enrolments as a tile: they are the whole programme's, its participants only the
country's, and a funnel from one to the other would compare two scopes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..content.schema import EditionInfo, PublishedFigure
from .totals import Totals

ENROLMENTS_RULE = "al_menos_participantes"


@dataclass(frozen=True)
class Group:
    """Figures shown under one heading, in the edition's order."""

    name: str
    figures: tuple[PublishedFigure, ...]
    named_by: str | None  # the key of the figure whose `grupo` names it (for its language); None: a default


@dataclass(frozen=True)
class Funnel:
    """The course: enrolments (published), then officials trained (the profiles' sum)."""

    enrolments: PublishedFigure
    participants: int


@dataclass(frozen=True)
class Glance:
    groups: tuple[Group, ...]
    funnel: Funnel | None


def default_group(place: str, gettext: Callable[[str], str]) -> str:
    """The heading of a figure without `grupo`: the headline figures are the programme's
    reach, the others its outputs."""
    return gettext("Productos") if place == "producto" else gettext("Alcance")


def glance(info: EditionInfo, totals: Totals, gettext: Callable[[str], str], *, whole_programme: bool) -> Glance:
    enrolments = next((f for f in info.published if f.rule == ENROLMENTS_RULE and f.place != "oculta"), None)
    funnel = None
    if whole_programme and enrolments is not None and enrolments.value > 0 and totals.participants > 0:
        funnel = Funnel(enrolments, totals.participants)
    groups: dict[str, list[PublishedFigure]] = {}
    named_by: dict[str, str | None] = {}
    for figure in info.published:
        if figure.place == "oculta" or (funnel is not None and figure is funnel.enrolments):
            continue  # a hidden figure serves notes and checks; the funnel shows the enrolments
        name = figure.group or default_group(figure.place, gettext)
        groups.setdefault(name, []).append(figure)
        if name not in named_by or (named_by[name] is None and figure.group):
            named_by[name] = figure.key if figure.group else None
    return Glance(tuple(Group(name, tuple(figures), named_by[name]) for name, figures in groups.items()), funnel)
