"""Every word the tool and the report use, one folder per language, and CLDR locale data.

Each language has a folder `report/locale/LANG/LC_MESSAGES/` with two gettext catalogues:
- `messages.po`: the report's own words (template and chart labels), whose msgids are the
  Spanish text itself (extracted into `messages.pot` by pybabel; Spanish needs no file);
- `tool.po`: what the tool tells the team (content problems, build errors, the command
  line, the preview), whose msgids are message codes; Spanish's is the source.

A language exists when its folder does: adding one needs only catalogues (and content
translations), no code. The `.po` files are compiled in memory, once per process, so an
edited catalogue takes effect on the next build. Numbers and country names come from CLDR
through Babel, in the same language.
"""

from __future__ import annotations

import re
from functools import cache
from io import BytesIO
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

from ..problems import BuildError, Country, Lines, Message, Problem, Verbatim, message

LOCALE_DIR = Path(__file__).resolve().parent
SOURCE_LANGUAGE = "es"
"""The language the team writes in: content files, msgids of the report, the first catalogue."""

INTERFACE, TOOL = "messages", "tool"


def catalog_path(lang: str, domain: str = INTERFACE) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def languages() -> tuple[str, ...]:
    """The report's languages: Spanish first, then every language with a tool catalogue."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{TOOL}.po"))
    return (SOURCE_LANGUAGE, *(lang for lang in found if lang != SOURCE_LANGUAGE))


# ------------------------------------------------------------------ catalogues


@cache
def _compiled(path: Path, lang: str, complete: bool) -> tuple[Translations, frozenset[str], frozenset[str]]:
    """A .po compiled in memory, its msgids, and which of them are plural entries.

    `complete`: an untranslated or fuzzy entry is an error (a half-translated report)."""
    if not path.is_file():
        raise BuildError("catalogue_missing", path=str(path))
    with path.open("rb") as stream:
        catalog = read_po(stream)  # the Language and Plural-Forms of its header
    untranslated = [m.id for m in catalog if m.id and (m.fuzzy or not _translated(m.string))]
    if complete and untranslated:
        listed = "; ".join(str(i if isinstance(i, str) else i[0]) for i in untranslated)
        raise BuildError("catalogue_incomplete", file=path.name, lang=lang, listed=listed)
    ids = frozenset(m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id)
    plurals = frozenset(m.id[0] for m in catalog if m.id and m.pluralizable)
    buffer = BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer), ids, plurals


def _translated(string) -> bool:
    return all(string) if isinstance(string, tuple) else bool(string)


def translations(lang: str) -> NullTranslations:
    """The report's words in `lang` (gettext); Spanish is the msgids themselves."""
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    return _compiled(catalog_path(lang), lang, True)[0]


def tool_codes(lang: str = SOURCE_LANGUAGE) -> frozenset[str]:
    """Every message code of a language's tool catalogue."""
    return _compiled(catalog_path(lang, TOOL), lang, False)[1]


# ------------------------------------------------------------------ wording


def say(item: Message | str, lang: str = SOURCE_LANGUAGE, /, **params: object) -> str:
    """A message in `lang`, its parameters filled in (parameters that are messages too).

    A code the language lacks falls back to Spanish; one Spanish lacks is a programming
    error (a test checks every code the sources use)."""
    msg = item if isinstance(item, Message) else message(item, **params)
    values = {key: _param(value, lang) for key, value in msg.params.items()}
    return _template(msg.code, lang, values.get("count")).format(**values)


def _param(value: object, lang: str) -> object:
    if isinstance(value, Message):
        return say(value, lang)
    if isinstance(value, Country):
        return country_name(value, lang)
    if isinstance(value, tuple):
        return ("\n" if isinstance(value, Lines) else ", ").join(str(_param(item, lang)) for item in value)
    return value


def _template(code: str, lang: str, count: object) -> str:
    for candidate in dict.fromkeys((lang, SOURCE_LANGUAGE)):
        path = catalog_path(candidate, TOOL)
        if not path.is_file():
            continue
        catalogue, ids, plurals = _compiled(path, candidate, False)
        if code in plurals:  # the count picks the form: {count} is an int
            return catalogue.ngettext(code, f"{code}_plural", count if isinstance(count, int) else 2)
        if code in ids:
            return catalogue.gettext(code)
    raise KeyError(f"message code {code!r} is in no catalogue")


def describe(item: Problem, lang: str = SOURCE_LANGUAGE) -> str:
    """What a problem says after its location: «campo «x»: …  (valor: …)»."""
    text = say(item.message, lang)
    if item.field:
        text = say("label_field", lang, field=item.field) + ": " + text
    if item.value is not None:
        text += " " + say("label_value", lang, value=show_value(item.value, lang))
    return text


def located(item: Problem, lang: str = SOURCE_LANGUAGE) -> str:
    """The whole line: `file:line:column: what`."""
    return f"{item.location()}: {describe(item, lang)}"


_INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def visible(text: str) -> str:
    """Control and invisible characters written as U+XXXX, so a value shows what is there."""
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


def show_value(value: object, lang: str = SOURCE_LANGUAGE, limit: int = 60) -> str:
    """A short, readable rendering of a bad value for an error message."""
    if isinstance(value, Verbatim):
        text = str(value)
        return visible(text if len(text) <= limit else text[: limit - 1] + "…")
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"«{visible(text)}»"
    if isinstance(value, dict):
        return say("value_block", lang)
    if isinstance(value, list):
        return say("value_list", lang)
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ------------------------------------------------------------------ CLDR


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def number(value: int | float, lang: str = SOURCE_LANGUAGE) -> str:
    """A number as the language writes it (CLDR: «1.234» in Spanish, «1,234» in English)."""
    return format_decimal(value, locale=_locale(lang))


def country_name(code: str, lang: str = SOURCE_LANGUAGE) -> str:
    """A country's name from CLDR, in the report's language."""
    return _locale(lang).territories.get(code, code)
