"""Derived figures: what the data can compute is computed, never typed twice."""

from __future__ import annotations

from dataclasses import dataclass

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
