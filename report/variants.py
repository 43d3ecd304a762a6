"""Variants: which report to make from one edition (country, language, output profile).

A variant is applied to the validated (and, for another language, translated) edition
before figures and charts are computed, so every number in a country edition comes from
that country's data. The programme's published figures (`info.figures`) are regional
totals: a country edition keeps them, and the templates label them as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel import Locale

from .problems import BuildError
from .schema import Edition, country_codes

LANGUAGES = ("es", "en")
PROFILES = ("archive", "print", "screen")


class VariantError(BuildError):
    """The variant cannot be made from this edition (e.g. a country without content)."""


@dataclass(frozen=True)
class Variant:
    lang: str = "es"
    country: str | None = None
    profile: str = "archive"

    def __post_init__(self):
        # Any case on the command line; one spelling everywhere after.
        if self.country is not None:
            object.__setattr__(self, "country", self.country.strip().upper())
        if self.lang not in LANGUAGES:
            raise ValueError(f"idioma no admitido: {self.lang} (se espera {', '.join(LANGUAGES)})")

    def slug(self) -> str:
        """`ar-es`, or `es` for the whole programme, `es-print` for a non-archive profile:
        ASCII, lower case, no spaces."""
        profile = self.profile if self.profile != "archive" else None  # the default stays unmarked
        return "-".join(part for part in (self.country and self.country.lower(), self.lang, profile) if part)

    def describe(self) -> str:
        """For people: «Argentina (AR), es» or «programa completo, en»."""
        where = f"{country_name(self.country)} ({self.country})" if self.country else "programa completo"
        return f"{where}, {self.lang}"


def country_name(code: str, lang: str = "es") -> str:
    """The country's name from CLDR, in the report's language."""
    return Locale.parse(lang).territories.get(code, code)


def available_countries(edition: Edition) -> list[str]:
    """Countries a country edition can be made for: those with at least one government profile.

    A country with only an «other project» (Chile's Congreso Virtual in 2020) has no
    profile, no figures and no chart of its own, so it gets no edition.
    """
    return edition.countries()


def variants_of(edition: Edition) -> list[Variant]:
    """Every variant of an edition: the whole programme and each country, in each language."""
    places: list[str | None] = [None, *available_countries(edition)]
    return [Variant(lang=lang, country=place) for place in places for lang in LANGUAGES]


def apply_variant(edition: Edition, variant: Variant) -> Edition:
    """The edition as this variant shows it: for a country, only its governments and projects."""
    if variant.country is None:
        return edition
    code = variant.country
    available = available_countries(edition)
    if code not in available:
        listed = ", ".join(f"{c} ({country_name(c)})" for c in available)
        known = f"{country_name(code)} ({code})" if code in country_codes() else f"«{code}»"
        raise VariantError(
            f"la edición {edition.info.year} no tiene perfiles de gobierno de {known}; "
            f"países disponibles: {listed}"
        )
    return edition.model_copy(
        update={
            "governments": tuple(g for g in edition.governments if g.country == code),
            "projects": tuple(p for p in edition.projects if p.country == code),
        }
    )
