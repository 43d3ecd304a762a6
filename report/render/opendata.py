"""The edition's data as open data: its published figures, profiles and projects as CSV
(and each chart's data), with a README of the columns in each language and a Frictionless
`datapackage.json`.

The values are the content's own (Spanish, the source language: names, codes, numbers);
only the descriptions of the columns are translated, from the report's catalogue.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from ..content.schema import Edition
from ..locale import SOURCE_LANGUAGE, languages, translations
from .chart_runner import Chart

DATA_DIR = "datos"
CHARTS = "graficos"  # the charts' data, under DATA_DIR


def N_(text: str) -> str:
    """Marks a text for the catalogue (pybabel's keyword); it is translated where it is shown."""
    return text


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # Frictionless Table Schema: string, integer, number
    description: str  # a msgid of the report's catalogue


@dataclass(frozen=True)
class DataTable:
    name: str
    title: str  # a msgid
    columns: tuple[Column, ...]
    rows: tuple[tuple[object, ...], ...]

    @property
    def path(self) -> str:
        return f"{DATA_DIR}/{self.name}.csv"

    def csv(self) -> bytes:
        """UTF-8, a header row, `\\n` line ends; an absent value is an empty cell."""
        stream = io.StringIO()
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(column.name for column in self.columns)
        writer.writerows(tuple("" if value is None else value for value in row) for row in self.rows)
        return stream.getvalue().encode("utf-8")


def tables(edition: Edition) -> tuple[DataTable, ...]:
    """The published figures, one row per government profile, one per other project."""
    figures = DataTable(
        "cifras",
        N_("Cifras publicadas del programa"),
        (
            Column("clave", "string", N_("Nombre corto y único de la cifra")),
            Column("valor", "integer", N_("La cifra publicada")),
            Column("etiqueta", "string", N_("Lo que se cuenta, como lo muestra el informe")),
            Column("nota", "string", N_("Aclaración que acompaña a la cifra (vacía si no hay)")),
            Column("lugar", "string", N_("Dónde se muestra: principal, producto, destacada u oculta")),
        ),
        tuple((f.key, f.value, f.shown_label(), f.note, f.place) for f in edition.info.published),
    )
    governments = DataTable(
        "gobiernos",
        N_("Gobiernos con perfil en el informe"),
        (
            Column("id", "string", N_("Identificador del perfil (el nombre de su archivo)")),
            Column("nombre", "string", N_("Nombre del gobierno")),
            Column("pais", "string", N_("País: código ISO 3166-1 de dos letras")),
            Column("tipo", "string", N_("Tipo de gobierno")),
            Column("agentes_curso", "integer", N_("Agentes de gobierno formados en el curso")),
            Column("nota_curso", "string", N_("Aclaración sobre el curso (vacía si no hay)")),
            Column("laboratorios", "integer", N_("Laboratorios de cocreación (0 si no hubo)")),
            Column("actividades", "integer", N_("Cantidad de otras actividades conjuntas")),
            Column("latitud", "number", N_("Latitud en grados decimales (WGS 84; vacía si no se conoce)")),
            Column("longitud", "number", N_("Longitud en grados decimales (WGS 84; vacía si no se conoce)")),
        ),
        tuple(
            (
                g.id,
                g.name,
                g.country,
                g.kind,
                g.course.participants,
                g.course.note,
                g.labs.count if g.labs else 0,
                len(g.activities),
                g.location.latitude if g.location else None,
                g.location.longitude if g.location else None,
            )
            for g in edition.governments
        ),
    )
    projects = DataTable(
        "proyectos",
        N_("Otros proyectos desarrollados"),
        (
            Column("id", "string", N_("Identificador del proyecto (el nombre de su archivo)")),
            Column("nombre", "string", N_("Nombre del proyecto")),
            Column("pais", "string", N_("País: código ISO 3166-1 de dos letras (vacío si el informe no lo dice)")),
            Column("socios", "string", N_("Organizaciones aliadas, separadas por «; »")),
        ),
        tuple((p.id, p.name, p.country, "; ".join(p.partners)) for p in edition.projects),
    )
    return (figures, governments, projects)


def readme_name(lang: str) -> str:
    return f"{DATA_DIR}/README.md" if lang == SOURCE_LANGUAGE else f"{DATA_DIR}/README.{lang}.md"


def readme(edition: Edition, found: tuple[DataTable, ...], lang: str, charts: Mapping[str, Chart]) -> bytes:
    """What each file holds and what each column means, in `lang` (Markdown)."""
    _ = translations(lang).gettext
    info = edition.info
    title = _("Datos del informe %(year)s de %(programme)s") % {"year": info.year, "programme": info.programme}
    lines = [
        "# " + title,
        "",
        _("Archivos CSV en UTF-8, con una fila de encabezados. Los valores son los del contenido del informe."),
        "",
    ]
    header = "| " + " | ".join((_("columna"), _("tipo"), _("qué es"))) + " |"
    for table in found:
        lines += [f"## `{table.name}.csv`: {_(table.title)}", "", header, "| --- | --- | --- |"]
        lines += [f"| `{c.name}` | {c.type} | {_(c.description)} |" for c in table.columns]
        lines.append("")
    if charts:
        lines += [f"## `{CHARTS}/`", "", _("Los datos de cada gráfico del informe, como los adjunta el PDF:"), ""]
        lines += [f"- `{CHARTS}/{name}.csv`: {chart.caption or chart.alt}" for name, chart in charts.items()]
        lines.append("")
    return "\n".join(lines).encode("utf-8")


def datapackage(edition: Edition, found: tuple[DataTable, ...], charts: Mapping[str, Chart]) -> bytes:
    """A Frictionless Data Package descriptor of the tables (descriptions in Spanish)."""
    gettext: Callable[[str], str] = translations(SOURCE_LANGUAGE).gettext
    descriptor = {
        "name": f"ip360-informe-{edition.info.year}",
        "title": f"{edition.info.title} – {edition.info.subtitle}",
        "resources": [
            {
                "name": table.name,
                "path": table.path.removeprefix(f"{DATA_DIR}/"),
                "title": gettext(table.title),
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, "description": gettext(c.description)} for c in table.columns
                    ]
                },
            }
            for table in found
        ]
        + [
            {
                "name": f"grafico-{name}",
                "path": f"{CHARTS}/{name}.csv",
                "title": chart.caption or chart.alt,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
            }
            for name, chart in charts.items()
        ],
    }
    return (json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def chart_name(name: str) -> str:
    return f"{DATA_DIR}/{CHARTS}/{name}.csv"


def data_files(edition: Edition, charts: Mapping[str, Chart] | None = None) -> dict[str, bytes]:
    """Every file of the data package by its path in the pack: the CSVs (and the data of
    each of `charts`, as the PDF attaches it), a README per language and `datapackage.json`."""
    found = tables(edition)
    charts = dict(sorted((charts or {}).items()))
    files = {table.path: table.csv() for table in found}
    files |= {chart_name(name): chart.csv for name, chart in charts.items()}
    files |= {readme_name(lang): readme(edition, found, lang, charts) for lang in languages()}
    files[f"{DATA_DIR}/datapackage.json"] = datapackage(edition, found, charts)
    return files
