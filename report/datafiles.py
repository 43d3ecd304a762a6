"""The data behind the figures, as CSV files attached to the PDF (PDF/A-3 associated
files, relationship /Data), so a donor can reuse the numbers without retyping them.

When charts are drawn, each chart's own table is attached (`chart_attachments`);
otherwise the derived figures are (`figure_attachments`). Both are plain UTF-8 CSV with
a header row, in the report's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from babel import Locale

from .figures import DerivedFigures
from .pdf import Attachment

_HEADERS = {
    "es": {
        "by_government": ("codigo_pais", "pais", "gobierno", "agentes_en_el_curso", "laboratorios"),
        "by_country": ("codigo_pais", "pais", "gobiernos", "agentes_en_el_curso", "laboratorios"),
        "government_file": ("participantes-por-gobierno.csv", "Agentes de gobierno formados en el curso y laboratorios, por gobierno"),
        "country_file": ("participantes-por-pais.csv", "Gobiernos, agentes de gobierno formados en el curso y laboratorios, por país"),
    },
    "en": {
        "by_government": ("country_code", "country", "government", "officials_in_the_course", "labs"),
        "by_country": ("country_code", "country", "governments", "officials_in_the_course", "labs"),
        "government_file": ("participants-by-government.csv", "Government officials trained in the course and labs, by government"),
        "country_file": ("participants-by-country.csv", "Governments, officials trained in the course and labs, by country"),
    },
}


def to_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return stream.getvalue().encode("utf-8")


def figure_attachments(figures: DerivedFigures, lang: str = "es") -> list[Attachment]:
    """Participants (and labs) per government and per country, from the derived figures."""
    words = _HEADERS.get(lang, _HEADERS["es"])
    names = Locale.parse(lang).territories
    by_government = [
        (country.code, names.get(country.code, country.code), government.name,
         government.course.participants, government.labs.count if government.labs else 0)
        for country in figures.countries
        for government in country.governments
    ]
    by_country = [
        (country.code, names.get(country.code, country.code), len(country.governments), country.participants, country.labs)
        for country in figures.countries
    ]
    return [
        Attachment(words["government_file"][0], to_csv(words["by_government"], by_government), words["government_file"][1]),
        Attachment(words["country_file"][0], to_csv(words["by_country"], by_country), words["country_file"][1]),
    ]


def chart_attachments(charts: Iterable[object]) -> list[Attachment]:
    """One CSV per chart: `<name>.csv`, its table, described by its caption (or alt text)."""
    attachments = []
    for chart in charts:
        data = chart.csv() if callable(chart.csv) else chart.csv
        description = getattr(chart, "caption", "") or getattr(chart, "alt", "")
        attachments.append(Attachment(f"{chart.name}.csv", data, description))
    return attachments
