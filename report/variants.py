"""Variants: which report to make from one edition (country, language, output profile).

A variant is applied to the validated edition before figures and charts are computed,
so every number in a country edition comes from that country's data.
"""

from __future__ import annotations

from dataclasses import dataclass

from .schema import Edition

LANGUAGES = ("es", "en")
PROFILES = ("archive", "print", "screen")


@dataclass(frozen=True)
class Variant:
    lang: str = "es"
    country: str | None = None
    profile: str = "archive"

    def slug(self) -> str:
        return "-".join(part for part in (self.country and self.country.lower(), self.lang) if part)


def apply_variant(edition: Edition, variant: Variant) -> Edition:
    """The edition as this variant shows it (the whole programme, for now)."""
    return edition
