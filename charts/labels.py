"""Every word the charts show or say (labels, alt text, captions), in one place.

Strings are Spanish msgids marked with `_()`/`ngettext()`, extracted into the report's
gettext catalogue (the same as the templates'); the runner hands in that catalogue's
functions and the report's number and country-name formatting, in the report's language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Labels:
    """The charts' texts in one language."""

    gettext: Callable[[str], str]
    ngettext: Callable[[str, str, int], str]
    number: Callable[[int], str]  # 1234 → «1.234» (es), «1,234» (en)
    country: Callable[[str], str]  # "AR" → «Argentina»

    @property
    def _(self) -> Callable[[str], str]:
        return self.gettext

    @property
    def _n(self) -> Callable[[str, str, int], str]:
        return self.ngettext

    def listing(self, items: list[str]) -> str:
        """Items for alt text: «a; b; c.»"""
        return "; ".join(items) + "."

    # -- sources (captions end with where the numbers come from)
    def source_governments(self) -> str:
        return self._("Fuente: perfiles de gobiernos de este informe.")

    # -- column headers (CSV and axes)
    def col_government(self) -> str:
        return self._("Gobierno")

    def col_country(self) -> str:
        return self._("País")

    def col_participants(self) -> str:
        return self._("Agentes de gobierno en el curso")

    def col_latitude(self) -> str:
        return self._("Latitud")

    def col_longitude(self) -> str:
        return self._("Longitud")

    # -- participants per government
    def government_in_country(self, name: str, code: str) -> str:
        return f"{name} ({self.country(code)})"

    def participants_caption(self, programme: str) -> str:
        _ = self._
        return _("Agentes de gobierno formados en el Curso %(programme)s, por gobierno y en color según el país.") % {
            "programme": programme
        }

    def participants_alt(self, items: list[str]) -> str:
        _ = self._
        return _(
            "Gráfico de barras: agentes de gobierno formados en el curso, por gobierno, de mayor a menor. "
        ) + self.listing(items)

    # -- maps
    def map_caption(self) -> str:
        return self._("Dónde trabaja el programa: los gobiernos de este informe, en el color de su país.")

    def map_alt(self, items: list[str]) -> str:
        _ = self._
        return _("Mapa de América Latina con los gobiernos del informe: ") + self.listing(items)

    def country_map_caption(self, code: str) -> str:
        return self._("Los gobiernos de %(country)s en este informe.") % {"country": self.country(code)}

    def country_map_alt(self, code: str, names: list[str]) -> str:
        _ = self._
        return _("Mapa de %(country)s con sus gobiernos en este informe: ") % {
            "country": self.country(code)
        } + self.listing(names)

    def locator_alt(self, name: str, code: str) -> str:
        return self._("Mapa de %(country)s con la ubicación de %(name)s.") % {
            "country": self.country(code),
            "name": name,
        }
