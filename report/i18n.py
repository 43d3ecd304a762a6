"""Interface translations: the gettext catalogs of report/locale/, compiled in memory.

The source of truth is the text catalog `report/locale/LANG/LC_MESSAGES/messages.po`
(no compiled .mo is kept in the repository): it is read with Babel and compiled once per
process, so an edited .po takes effect on the next build with no extra step. Spanish is
the source language: its messages are the msgids themselves.

Update the catalog after changing a `_()` in a template or module:

    pybabel extract -F babel.cfg -o report/locale/messages.pot --no-location --sort-output .
    pybabel update -i report/locale/messages.pot -d report/locale --no-fuzzy-matching
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .problems import BuildError

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE_LANGUAGE = "es"


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"


@cache
def translations(lang: str) -> NullTranslations:
    """The gettext translations for `lang`; Spanish needs none."""
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    path = catalog_path(lang)
    if not path.is_file():
        raise BuildError(f"falta el catálogo de traducciones de la interfaz: {path}")
    with path.open("rb") as stream:
        catalog = read_po(stream, locale=lang)
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not _translated(m.string))]
    if untranslated:
        listed = "; ".join(str(i if isinstance(i, str) else i[0]) for i in untranslated)
        raise BuildError(f"{path.name} ({lang}): mensajes sin traducir o dudosos (fuzzy): {listed}")
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def _translated(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)
