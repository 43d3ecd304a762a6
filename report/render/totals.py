"""Totals: what the profiles of an edition (or of a variant) add up to, computed, never typed.

Not to be confused with the published figures (`info.published`), which the team types
and the cross-checks hold to these numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.schema import Edition, Government


@dataclass(frozen=True)
class CountryTotals:
    """One country's share of the profiled governments."""

    code: str
    governments: tuple[Government, ...]
    participants: int
    labs: int


@dataclass(frozen=True)
class Totals:
    """Totals over the governments profiled in this edition (or variant)."""

    countries: tuple[CountryTotals, ...]
    governments: int
    participants: int
    labs: int


def totals(edition: Edition) -> Totals:
    countries = []
    for code in edition.countries():
        governments = tuple(g for g in edition.governments if g.country == code)
        countries.append(
            CountryTotals(
                code=code,
                governments=governments,
                participants=sum(g.course.participants for g in governments),
                labs=sum(g.labs.count for g in governments if g.labs),
            )
        )
    return Totals(
        countries=tuple(countries),
        governments=len(edition.governments),
        participants=sum(c.participants for c in countries),
        labs=sum(c.labs for c in countries),
    )
