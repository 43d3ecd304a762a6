"""The brand: colours, fonts and measures from `styles/brand.toml`, validated.

One file feeds both the page CSS (as custom properties and @font-face rules) and the
charts (as their style), so pages and charts always match. The file is validated like a
content file: a typo or a colour that is not a colour is a located problem, never a
`KeyError` halfway through a build.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from ..content.reader import FieldPath, Position, Source
from ..content.schema import country_code as _country
from ..content.validation import validate
from ..paths import STYLES_DIR, shown
from ..problems import ContentError, Problem, Reason, problem

BRAND_FILE = STYLES_DIR / "brand.toml"
FONTS_DIR = STYLES_DIR / "fonts"


def _color(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise Reason("brand_color")
    return value.lower()


def _length(value: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?(mm|pt)", value):
        raise Reason("brand_length")
    return value


def _country_key(value: str) -> str:
    return value if value == "other" else _country(value)


def _countries(value: dict[str, str]) -> dict[str, str]:
    if "other" not in value:
        raise Reason("brand_country_other")
    return value


Color = Annotated[str, AfterValidator(_color)]
Length = Annotated[str, AfterValidator(_length)]
CountryKey = Annotated[str, AfterValidator(_country_key)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Colors(_Strict):
    ink: Color  # body text and headings
    ink_soft: Color  # captions, notes, running headers
    navy: Color  # cover and dividers
    accent: Color  # big numbers, rules, display type on navy
    accent_text: Color  # accent for small text on white (4.5:1)
    teal: Color  # labs blocks, secondary highlights
    teal_tint: Color  # the labs block's background
    sand: Color  # tinted panels
    rule: Color  # hairlines
    paper: Color
    countries: Annotated[dict[CountryKey, Color], AfterValidator(_countries)]  # by ISO code, and "other"


class Face(_Strict):
    family: str
    file: str
    weight: int
    style: str


class Fonts(_Strict):
    heading: str
    body: str
    faces: list[Face]


class Sizes(_Strict):
    body: Length
    small: Length
    leading: Annotated[str, Field(pattern=r"^\d+(\.\d+)?$")]
    page_width: Length
    page_height: Length
    margin_top: Length
    margin_bottom: Length
    margin_inner: Length
    margin_outer: Length
    gap: Length
    bleed: Length  # the print profile's, on every side
    slug: Length  # the print profile's white margin beyond the bleed, for the marks
    opener_column: Length  # the text column of a country divider, and its chart


class BrandFile(_Strict):
    colors: Colors
    fonts: Fonts
    sizes: Sizes


@dataclass(frozen=True)
class FontFace:
    family: str
    file: Path
    weight: int
    style: str


@dataclass(frozen=True)
class Brand:
    colors: dict[str, str]
    country_colors: dict[str, str]
    heading_font: str
    body_font: str
    faces: tuple[FontFace, ...]
    sizes: dict[str, str]
    digest: str

    def country_color(self, code: str) -> str:
        return self.country_colors.get(code, self.country_colors["other"])

    def font_families(self) -> set[str]:
        return {face.family for face in self.faces}

    def mm(self, size: str) -> float:
        """A size token in millimetres (`22mm`, or `10.5pt` converted)."""
        value = self.sizes[size]
        return float(value[:-2]) * (25.4 / 72 if value.endswith("pt") else 1)

    def text_width_mm(self) -> float:
        """The width of the text column: the page less its inner and outer margins."""
        return self.mm("page_width") - self.mm("margin_inner") - self.mm("margin_outer")

    def css(self) -> str:
        """@font-face rules and custom properties, prepended to the stylesheet."""
        rules = [
            "@font-face {"
            f" font-family: '{face.family}'; src: url('{face.file.as_uri()}');"
            f" font-weight: {face.weight}; font-style: {face.style}; }}"
            for face in self.faces
        ]
        tokens = [f"  --color-{name.replace('_', '-')}: {value};" for name, value in self.colors.items()]
        tokens += [f"  --country-{code}: {value};" for code, value in self.country_colors.items()]
        tokens += [f"  --size-{name.replace('_', '-')}: {value};" for name, value in self.sizes.items()]
        tokens += [f"  --font-heading: '{self.heading_font}';", f"  --font-body: '{self.body_font}';"]
        return "\n".join(rules) + "\n:root {\n" + "\n".join(tokens) + "\n}\n"


@cache
def load_brand(path: Path = BRAND_FILE) -> Brand:
    """The brand file, validated; a `ContentError` locates every problem in it."""
    raw = path.read_bytes()
    name = shown(path)
    text = raw.decode("utf-8", errors="replace")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line, column = _toml_error_position(str(error))
        raise ContentError(
            [problem("brand_toml", name, line=line, column=column, reason=str(error).split(" (at")[0])]
        ) from None
    problems: list[Problem] = []
    source = Source(name, data, _toml_positions(text))
    checked = validate(BrandFile, source, problems)
    if checked is not None:
        problems += _font_problems(checked, source)
    if problems:
        raise ContentError(problems)
    assert checked is not None
    colors = checked.colors.model_dump()
    country_colors = colors.pop("countries")
    return Brand(
        colors=colors,
        country_colors=country_colors,
        heading_font=checked.fonts.heading,
        body_font=checked.fonts.body,
        faces=tuple(FontFace(f.family, FONTS_DIR / f.file, f.weight, f.style) for f in checked.fonts.faces),
        sizes=checked.sizes.model_dump(),
        digest=hashlib.sha256(raw).hexdigest(),
    )


def _font_problems(brand: BrandFile, source: Source) -> list[Problem]:
    found = []
    for index, face in enumerate(brand.fonts.faces):
        if not (FONTS_DIR / face.file).is_file():
            line, column = source.position(("fonts", "faces", index, "file"))
            found.append(
                problem(
                    "brand_font_file",
                    source.name,
                    line=line,
                    column=column,
                    field=f"fonts.faces[{index + 1}].file",
                    value=face.file,
                )
            )
    families = {face.family for face in brand.fonts.faces}
    for key in ("heading", "body"):
        family = getattr(brand.fonts, key)
        if family not in families:
            line, column = source.position(("fonts", key))
            found.append(
                problem("brand_family", source.name, line=line, column=column, field=f"fonts.{key}", family=family)
            )
    return found


# --------------------------------------------------------------- TOML positions
# tomllib keeps no positions; brand.toml is simple enough (tables, arrays of tables,
# `key = value` lines) to find each key's line by reading the lines.

_TABLE = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")


def _toml_positions(text: str) -> dict[FieldPath, Position]:
    positions: dict[FieldPath, Position] = {}
    table: FieldPath = ()
    arrays: dict[FieldPath, int] = {}
    for number, line in enumerate(text.split("\n"), start=1):
        header = _TABLE.match(line)
        if header:
            path: FieldPath = tuple(header.group(2).split("."))
            if header.group(1) == "[[":
                arrays[path] = arrays.get(path, -1) + 1
                positions.setdefault(path, (number, 1))
                path = path + (arrays[path],)
            table = path
            positions.setdefault(table, (number, 1))
            continue
        key = _KEY.match(line)
        if key:
            positions[table + (key.group(1),)] = (number, line.index(key.group(1)) + 1)
    return positions


def _toml_error_position(message: str) -> Position:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)
