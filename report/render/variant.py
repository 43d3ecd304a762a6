"""Variants: which report to make from one edition (country, language, output profile).

A variant is applied to the validated (and, for another language, translated) edition
before totals and charts are computed, so every number in a country edition comes from
that country's data. The programme's published figures are regional totals: a country
edition keeps them, and the templates label them as such.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..content.schema import Edition, country_codes
from ..locale import SOURCE_LANGUAGE, languages
from ..problems import BuildError, Country, Message, message
from .profiles import DEFAULT_PROFILE, PROFILES


class VariantError(BuildError):
    """The variant cannot be made from this edition (e.g. a country without content)."""


@dataclass(frozen=True)
class Variant:
    lang: str = SOURCE_LANGUAGE
    country: str | None = None
    profile: str = DEFAULT_PROFILE

    def __post_init__(self):
        # Any case on the command line; one spelling everywhere after.
        if self.country is not None:
            object.__setattr__(self, "country", self.country.strip().upper())
        if self.lang not in languages():
            raise ValueError(f"unknown language {self.lang!r}: the catalogues have {languages()}")
        if self.profile not in PROFILES:
            raise ValueError(f"unknown output profile {self.profile!r}: the registry has {tuple(PROFILES)}")

    def slug(self) -> str:
        """`ar-es`, or `es` for the whole programme, `es-print` for a non-default profile:
        ASCII, lower case, no spaces."""
        profile = self.profile if self.profile != DEFAULT_PROFILE else None
        return "-".join(part for part in (self.country and self.country.lower(), self.lang, profile) if part)

    def describe(self) -> Message:
        """For people: «Argentina (AR), es» or «programa completo, en»."""
        if self.country:
            where = message("variant_country", name=Country(self.country), code=self.country)
        else:
            where = message("variant_whole")
        return message("variant_describe", where=where, lang=self.lang)


def available_countries(edition: Edition) -> list[str]:
    """Countries a country edition can be made for: those with at least one government profile.

    A country with only an «other project» (Chile's Congreso Virtual in 2020) has no
    profile, no figures and no chart of its own, so it gets no edition.
    """
    return edition.countries()


def variants_of(edition: Edition) -> list[Variant]:
    """Every variant of an edition: the whole programme and each country, in each language."""
    places: list[str | None] = [None, *available_countries(edition)]
    return [Variant(lang=lang, country=place) for place in places for lang in languages()]


def apply_variant(edition: Edition, variant: Variant) -> Edition:
    """The edition as this variant shows it: for a country, only its governments and projects."""
    if variant.country is None:
        return edition
    code = variant.country
    available = available_countries(edition)
    if code not in available:
        raise VariantError(
            "variant_no_country",
            year=edition.info.year,
            country=message("variant_country", name=Country(code), code=code)
            if code in country_codes()
            else f"«{code}»",
            available=tuple(message("variant_code_name", code=c, name=Country(c)) for c in available),
        )
    return edition.model_copy(
        update={
            "governments": tuple(g for g in edition.governments if g.country == code),
            "projects": tuple(p for p in edition.projects if p.country == code),
        }
    )
