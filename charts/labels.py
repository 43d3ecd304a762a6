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
    def source_governments(self, path: str) -> str:
        _ = self._
        return _("Fuente: perfiles de gobiernos, %(path)s.") % {"path": path}

    def source_figures(self, path: str) -> str:
        _ = self._
        return _("Fuente: cifras del programa, %(path)s.") % {"path": path}

    # -- column headers (CSV and axes)
    def col_government(self) -> str:
        return self._("Gobierno")

    def col_country(self) -> str:
        return self._("País")

    def col_participants(self) -> str:
        return self._("Agentes de gobierno en el curso")

    def col_governments(self) -> str:
        return self._("Gobiernos")

    def col_output(self) -> str:
        return self._("Producto")

    def col_count(self) -> str:
        return self._("Cantidad")

    def col_highlighted(self) -> str:
        return self._("Resaltado")

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

    # -- per country
    def country_item(self, code: str, governments: int, participants: int) -> str:
        ngettext = self._n
        governments_text = ngettext("%(count)s gobierno", "%(count)s gobiernos", governments) % {
            "count": self.number(governments)
        }
        participants_text = ngettext("%(count)s agente en el curso", "%(count)s agentes en el curso", participants) % {
            "count": self.number(participants)
        }
        return f"{self.country(code)}: {governments_text}, {participants_text}"

    def countries_caption(self) -> str:
        return self._("Gobiernos perfilados en este informe y sus agentes de gobierno formados en el curso, por país.")

    def countries_alt(self, items: list[str]) -> str:
        _ = self._
        return _("Gráfico de barras por país: gobiernos y agentes de gobierno formados en el curso. ") + self.listing(
            items
        )

    # -- outputs
    def outputs_caption(self, programme: str, year: int) -> str:
        _ = self._
        return _("Productos del programa %(programme)s en %(year)s.") % {"programme": programme, "year": year}

    def outputs_alt(self, items: list[str]) -> str:
        _ = self._
        return _("Gráfico de barras: productos del programa. ") + self.listing(items)

    # -- country opener: this country's governments among all
    def opener_caption(self, code: str) -> str:
        _ = self._
        return _(
            "Agentes de gobierno formados en el curso: los gobiernos de %(country)s, resaltados entre todos los del informe."
        ) % {"country": self.country(code)}

    def opener_alt(self, code: str, mine: list[str], others: list[str]) -> str:
        _ = self._
        text = _("Gráfico de barras: agentes de gobierno formados en el curso, por gobierno. ")
        text += _("Gobiernos de %(country)s: ") % {"country": self.country(code)} + self.listing(mine)
        if others:
            text += " " + _("Otros gobiernos: ") + self.listing(others)
        return text
