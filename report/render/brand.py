"""The brand: colours, fonts and measures from `styles/brand.toml`, validated.

One file feeds both the page CSS (as custom properties and @font-face rules) and the
charts (as their style), so pages and charts always match. The file is validated like a
content file: a typo or a colour that is not a colour is a located problem, never a
`KeyError` halfway through a build.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tomllib
from dataclasses import dataclass
from dataclasses import field as _field
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from .. import saved
from ..content.reader import FieldPath, Position, Source
from ..content.schema import country_code as _country
from ..content.text import Glyphs
from ..content.validation import validate
from ..paths import CACHE_DIR, STYLES_DIR, shown
from ..problems import ContentError, Problem, Reason, problem

BRAND_FILE = STYLES_DIR / "brand.toml"
SAVED_DIR = CACHE_DIR / "brand"  # results of the brand checks, by digest (report/saved.py)
FONTS_DIR = STYLES_DIR / "fonts"


def _color(value: str) -> str:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise Reason("brand_color")
    return value.lower()


def _length(value: str) -> str:
    if not re.fullmatch(r"\d+(\.\d+)?(mm|pt)", value):
        raise Reason("brand_length")
    return value


def _family(value: str) -> str:
    """A family name is written into the CSS between quotes: letters, digits, spaces and
    hyphens only, so no value can close the rule it sits in."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 \-]{0,39}", value):
        raise Reason("brand_family_name")
    return value


_FONT_SUFFIXES = (".ttf", ".otf", ".woff", ".woff2")


def _font_path(value: str) -> str:
    """A path below styles/fonts/, written with «/»: never absolute, never «..»."""
    parts = value.split("/")
    if (
        not value
        or "\\" in value
        or ":" in value
        or value.startswith("/")
        or any(part in ("", ".", "..") for part in parts)
        or not value.lower().endswith(_FONT_SUFFIXES)
    ):
        raise Reason("brand_font_path")
    return value


Color = Annotated[str, AfterValidator(_color)]
Length = Annotated[str, AfterValidator(_length)]
Family = Annotated[str, AfterValidator(_family)]
FontPath = Annotated[str, AfterValidator(_font_path)]
CountryKey = Annotated[str, AfterValidator(_country)]

MIN_CONTRAST = 4.5
"""WCAG AA for body text: the country dividers set white text on the country's colour."""
MIN_DISTANCE = 25
"""CIE76 ΔE*ab between any two country colours: clearly different on the page and in a legend.
Every pair of the brand's country colours is held to it, so any edition's countries are too."""
MIN_CHROMA = 25
"""CIE LCh chroma of a country colour: below it a colour reads as grey, no country's own."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Colors(_Strict):
    ink: Color  # body text and headings
    ink_soft: Color  # captions, notes, running headers
    navy: Color  # cover and dividers
    accent: Color  # big numbers, rules, display type on navy
    accent_text: Color  # accent for small text on white (4.5:1)
    accent_on_navy: Color  # accent for small text on navy (4.5:1)
    teal: Color  # labs blocks, secondary highlights
    teal_tint: Color  # the labs block's background
    sand: Color  # tinted panels
    rule: Color  # hairlines
    paper: Color
    countries: dict[CountryKey, Color]  # a country's own colour, by ISO code
    palette: list[Color]  # in order, for the countries without one


class Face(_Strict):
    family: Family
    file: FontPath  # below styles/fonts/
    weight: Annotated[int, Field(ge=100, le=900)]
    style: Literal["normal", "italic"]


class Fonts(_Strict):
    heading: Family
    body: Family
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
    opener_list: Length  # a country divider's list of its governments, beside its map
    side_column: Length  # a profile's column of key facts, and its locator map
    map_width: Length  # the programme's map, beside its figures


class Logo(_Strict):
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.\-]+\.(svg|png)$")]  # in styles/, SVG or PNG


class BrandFile(_Strict):
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    logo: Logo | None = None


@dataclass(frozen=True)
class FontFace:
    family: str
    file: Path
    weight: int
    style: str


@dataclass(frozen=True)
class CountryColors:
    """The colour of every country of an edition, and which ones the palette gave."""

    colors: dict[str, str]  # in report order
    assigned: tuple[str, ...]  # codes that got a palette colour (not one of their own)
    moved: dict[str, tuple[str, str]] = _field(default_factory=dict)  # code → (its usual colour, who has it)


@dataclass(frozen=True)
class Brand:
    colors: dict[str, str]
    country_colors: dict[str, str]  # the countries' own colours
    palette: tuple[str, ...]
    heading_font: str
    body_font: str
    faces: tuple[FontFace, ...]
    sizes: dict[str, str]
    digest: str
    palette_line: int | None = None  # where `palette` is in brand.toml, for messages
    logo: Path | None = None  # the organisation's logo (styles/), on the closing page

    def logo_uri(self) -> str | None:
        """The logo as a `data:` URI, so the HTML stays self-contained; None without one."""
        if self.logo is None:
            return None
        kind = "image/svg+xml" if self.logo.suffix == ".svg" else "image/png"
        return f"data:{kind};base64," + base64.b64encode(self.logo.read_bytes()).decode("ascii")

    def colors_for(self, countries: list[str]) -> CountryColors:
        """Each country its colour: its own in brand.toml, or its usual one of the palette
        (`assign_country_colors`). Raises `ContentError` (located in brand.toml) when the
        palette runs out."""
        return assign_country_colors(countries, self.country_colors, self.palette, self.palette_line)

    def font_families(self) -> set[str]:
        return {face.family for face in self.faces}

    def glyphs(self) -> Glyphs:
        """The characters every face of the brand can draw: what the content may use."""
        return _glyphs(tuple(face.file for face in self.faces), ", ".join(sorted(self.font_families())))

    def mm(self, size: str) -> float:
        """A size token in millimetres (`22mm`, or `10.5pt` converted)."""
        value = self.sizes[size]
        return float(value[:-2]) * (25.4 / 72 if value.endswith("pt") else 1)

    def text_width_mm(self) -> float:
        """The width of the text column: the page less its inner and outer margins."""
        return self.mm("page_width") - self.mm("margin_inner") - self.mm("margin_outer")

    def css(self, country_colors: dict[str, str] | None = None) -> str:
        """@font-face rules and custom properties, prepended to the stylesheet; `--country-XX`
        for `country_colors` (the edition's), or for the countries' own colours."""
        rules = [
            "@font-face {"
            f" font-family: '{face.family}'; src: url('{face.file.as_uri()}');"
            f" font-weight: {face.weight}; font-style: {face.style}; }}"
            for face in self.faces
        ]
        tokens = [f"  --color-{name.replace('_', '-')}: {value};" for name, value in self.colors.items()]
        countries = self.country_colors if country_colors is None else country_colors
        tokens += [f"  --country-{code}: {value};" for code, value in countries.items()]
        tokens += [f"  --size-{name.replace('_', '-')}: {value};" for name, value in self.sizes.items()]
        tokens += [f"  --font-heading: '{self.heading_font}';", f"  --font-body: '{self.body_font}';"]
        return "\n".join(rules) + "\n:root {\n" + "\n".join(tokens) + "\n}\n"


def forget_glyphs() -> None:
    """A font file changed (`watch`): its characters are read again, not taken from memory."""
    _glyphs.cache_clear()


@cache
def _glyphs(files: tuple[Path, ...], fonts: str) -> Glyphs:
    """The intersection of the fonts' character maps: a name is drawn in the heading font on
    its page and in the body font in the charts, so a character must be in every face."""
    digest = hashlib.sha256(b"".join(hashlib.sha256(file.read_bytes()).digest() for file in files))
    name = f"glyphs-{digest.hexdigest()}.txt"
    kept = saved.read(SAVED_DIR, name)  # the fonts' character maps, read once per set of files
    if kept is not None:
        return Glyphs(frozenset(int(code) for code in kept.split()), fonts)
    from fontTools.ttLib import TTFont  # reads only the cmap table

    common: set[int] | None = None
    for file in files:
        with TTFont(file, lazy=True) as font:
            codepoints = set(font.getBestCmap())
        common = codepoints if common is None else common & codepoints
    saved.write(SAVED_DIR, name, " ".join(str(code) for code in sorted(common or ())).encode("ascii"))
    return Glyphs(frozenset(common or ()), fonts)


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
        problems += _font_problems(checked, source) + _measure_problems(checked.sizes, source)
        problems += _country_color_problems(checked.colors, source)
    else:
        problems += _measures_beside(data, source)
    if problems:
        raise ContentError(problems)
    assert checked is not None
    colors = checked.colors.model_dump()
    country_colors, palette = colors.pop("countries"), colors.pop("palette")
    return Brand(
        colors=colors,
        country_colors=country_colors,
        palette=tuple(palette),
        palette_line=source.position(("colors", "palette"))[0],
        heading_font=checked.fonts.heading,
        body_font=checked.fonts.body,
        faces=tuple(FontFace(f.family, FONTS_DIR / f.file, f.weight, f.style) for f in checked.fonts.faces),
        sizes=checked.sizes.model_dump(),
        digest=hashlib.sha256(raw).hexdigest(),
        logo=STYLES_DIR / checked.logo.file if checked.logo else None,
    )


def usual_color(code: str, palette: tuple[str, ...]) -> int:
    """The index of a country's usual palette colour: from its code alone, so it is the same
    in every edition whatever the other countries are."""
    return int.from_bytes(hashlib.sha256(code.encode()).digest()[:4], "big") % len(palette)


def assign_country_colors(
    countries: list[str], own: dict[str, str], palette: tuple[str, ...], palette_line: int | None = None
) -> CountryColors:
    """The colours of an edition's countries (in report order). A country with its own
    colour keeps it; the others, in the order of their codes, take their usual palette
    colour, or when a country before them has it the next free one (`moved` says so, and
    a colour of their own in brand.toml settles it). The brand check holds every pair of
    these colours apart (MIN_DISTANCE), so any edition's countries, neighbours included,
    are told apart."""
    chosen = {code: own[code] for code in countries if code in own}
    unassigned = sorted(code for code in countries if code not in chosen)
    free = [color for color in palette if color not in chosen.values()]
    if len(unassigned) > len(free):
        short = problem(
            "brand_palette_short",
            shown(BRAND_FILE),
            line=palette_line,
            field="colors.palette",
            countries=len(unassigned),
            colors=len(free),
            codes=", ".join(unassigned),
        )
        raise ContentError([short])
    holder = {color: code for code, color in chosen.items()}
    moved: dict[str, tuple[str, str]] = {}
    for code in unassigned:
        usual = usual_color(code, palette)
        color = next(
            palette[(usual + step) % len(palette)]
            for step in range(len(palette))
            if palette[(usual + step) % len(palette)] not in holder
        )
        if color != palette[usual]:
            moved[code] = (palette[usual], holder[palette[usual]])
        chosen[code] = color
        holder[color] = code
    return CountryColors({code: chosen[code] for code in countries}, tuple(unassigned), moved)


def _country_color_problems(colors: Colors, source: Source) -> list[Problem]:
    """Every country colour (own or of the palette) reads white text and differs from the
    others. Colours that passed are remembered in `.cache/brand/` by their digest: the check
    (and importing coloraide, a third of a second) is paid again only when they change."""
    checked = hashlib.sha256(
        repr(
            (colors.paper, sorted(colors.countries.items()), colors.palette, MIN_CONTRAST, MIN_DISTANCE, MIN_CHROMA)
        ).encode()
    )
    name = f"colours-{checked.hexdigest()}.ok"
    if saved.read(SAVED_DIR, name) is not None:
        return []
    found = _color_check(colors, source) + _chroma_check(colors, source)
    if not found:
        saved.write(SAVED_DIR, name, b"")
    return found


def _country_color_entries(colors: Colors) -> list[tuple[FieldPath, str, str]]:
    """Every country colour, the countries' own then the palette's: (path, field, value)."""
    entries: list[tuple[FieldPath, str, str]] = [
        (("colors", "countries", code), f"colors.countries.{code}", value) for code, value in colors.countries.items()
    ]
    return entries + [
        (("colors", "palette", i), f"colors.palette[{i + 1}]", value) for i, value in enumerate(colors.palette)
    ]


def _color_check(colors: Colors, source: Source) -> list[Problem]:
    from coloraide import Color as Colour  # colour science: WCAG contrast and CIE76 ΔE

    entries = _country_color_entries(colors)
    found: list[Problem] = []
    paper = Colour(colors.paper)
    for index, (path, field, value) in enumerate(entries):
        line, column = source.position(path)
        contrast = Colour(value).contrast(paper)
        if contrast < MIN_CONTRAST:
            found.append(
                problem(
                    "brand_country_contrast",
                    source.name,
                    line=line,
                    column=column,
                    field=field,
                    value=value,
                    contrast=f"{contrast:.1f}",
                    minimum=MIN_CONTRAST,
                )
            )
        for _, other_field, other in entries[:index]:
            if _same_country_color(field, other_field, value, other):
                continue
            distance = Colour(value).delta_e(Colour(other), method="76")
            if distance < MIN_DISTANCE:
                found.append(
                    problem(
                        "brand_country_close",
                        source.name,
                        line=line,
                        column=column,
                        field=field,
                        value=value,
                        other=other_field,
                        distance=f"{distance:.0f}",
                        minimum=MIN_DISTANCE,
                    )
                )
    return found


def _same_country_color(field: str, other_field: str, value: str, other: str) -> bool:
    """A palette colour that is also a country's own is one colour, not two alike: that
    country has it in every edition; in an edition without it, the palette lends it."""
    kinds = {field.split(".")[1].split("[")[0], other_field.split(".")[1].split("[")[0]}
    return kinds == {"countries", "palette"} and value == other


def _chroma_check(colors: Colors, source: Source) -> list[Problem]:
    """A country colour must read as a colour: a grey (or near-grey) one is refused."""
    from coloraide import Color as Colour

    found = []
    for path, name, value in _country_color_entries(colors):
        chroma = Colour(value).convert("lch-d65")["chroma"]
        if chroma < MIN_CHROMA:
            line, column = source.position(path)
            found.append(
                problem(
                    "brand_country_grey",
                    source.name,
                    line=line,
                    column=column,
                    field=name,
                    value=value,
                    chroma=f"{chroma:.0f}",
                    minimum=MIN_CHROMA,
                )
            )
    return found


def _font_problems(brand: BrandFile, source: Source) -> list[Problem]:
    found = []
    for index, face in enumerate(brand.fonts.faces):
        code = _font_file_problem(FONTS_DIR / face.file)
        if code:
            line, column = source.position(("fonts", "faces", index, "file"))
            found.append(
                problem(
                    code,
                    source.name,
                    line=line,
                    column=column,
                    field=f"fonts.faces[{index + 1}].file",
                    value=face.file,
                )
            )
    if brand.logo is not None and not (STYLES_DIR / brand.logo.file).is_file():
        line, column = source.position(("logo", "file"))
        found.append(
            problem("brand_logo_file", source.name, line=line, column=column, field="logo.file", value=brand.logo.file)
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


# A font file starts with one of these: TrueType, OpenType (CFF), Apple TrueType, WOFF, WOFF2.
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"true", b"wOFF", b"wOF2")


def _font_file_problem(path: Path) -> str | None:
    """Why a face's file cannot be used (a code), or None: it must be a regular file inside
    styles/fonts/ once links are followed, and start like a font."""
    try:
        inside = path.resolve().is_relative_to(FONTS_DIR.resolve())
        if not inside:
            return "brand_font_path"
        if not path.is_file():
            return "brand_font_file"
        with path.open("rb") as stream:
            head = stream.read(4)
    except OSError:
        return "brand_font_file"
    return None if head in _FONT_MAGIC else "brand_font_not_font"


# What a measure of the brand may be, in mm (points converted): outside it the pages break
# (a 0.5pt body is unreadable, a 400pt one makes layout run for ever, margins wider than
# the page leave no room for text).
MEASURE_RANGES: dict[str, tuple[float, float]] = {
    "body": (6 * 25.4 / 72, 16 * 25.4 / 72),
    "small": (5 * 25.4 / 72, 12 * 25.4 / 72),
    "page_width": (100, 500),
    "page_height": (100, 700),
    "margin_top": (5, 80),
    "margin_bottom": (5, 80),
    "margin_inner": (5, 80),
    "margin_outer": (5, 80),
    "gap": (1, 30),
    "bleed": (0, 10),
    "slug": (0, 20),
    "opener_list": (20, 150),
    "side_column": (20, 120),
    "map_width": (30, 200),
}
LEADING_RANGE = (1.0, 2.5)
MIN_TEXT_MM = (60.0, 150.0)
"""The text's own width beside the side column and gap, and the text area's height, at least."""


def _measures_beside(data: dict, source: Source) -> list[Problem]:
    """The measures' ranges even when another part of the file is wrong (a font's path):
    every problem of brand.toml at once, as for the content."""
    try:
        sizes = Sizes.model_validate(data.get("sizes"))
    except ValueError:  # their own types are wrong: validate() has said so
        return []
    return _measure_problems(sizes, source)


def _measure_problems(sizes: Sizes, source: Source) -> list[Problem]:
    """Every measure in its range, and a text area that fits on the page."""
    found = []
    values = sizes.model_dump()

    def mm(name: str) -> float:
        value = values[name]
        return float(value[:-2]) * (25.4 / 72 if value.endswith("pt") else 1)

    def located(name: str, code: str, **params: object) -> Problem:
        line, column = source.position(("sizes", name))
        return problem(code, source.name, line=line, column=column, field=f"sizes.{name}", value=values[name], **params)

    for name, (low, high) in MEASURE_RANGES.items():
        if not low <= mm(name) <= high:
            unit = "pt" if name in ("body", "small") else "mm"
            scale = 72 / 25.4 if unit == "pt" else 1
            found.append(
                located(
                    name, "brand_measure_range", minimum=f"{low * scale:g}{unit}", maximum=f"{high * scale:g}{unit}"
                )
            )
    if not LEADING_RANGE[0] <= float(values["leading"]) <= LEADING_RANGE[1]:
        found.append(located("leading", "brand_measure_range", minimum=LEADING_RANGE[0], maximum=LEADING_RANGE[1]))
    if found:
        return found
    width = mm("page_width") - mm("margin_inner") - mm("margin_outer") - mm("side_column") - mm("gap")
    height = mm("page_height") - mm("margin_top") - mm("margin_bottom")
    if width < MIN_TEXT_MM[0] or height < MIN_TEXT_MM[1]:
        name = "page_width" if width < MIN_TEXT_MM[0] else "page_height"
        found.append(
            located(
                name,
                "brand_text_area",
                width=f"{width:.0f}",
                height=f"{height:.0f}",
                min_width=f"{MIN_TEXT_MM[0]:.0f}",
                min_height=f"{MIN_TEXT_MM[1]:.0f}",
            )
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
    items: tuple[FieldPath, int] | None = None  # inside a multi-line array: its path and next index
    for number, line in enumerate(text.split("\n"), start=1):
        if items is not None:
            value = line.split("#", 1)[0].strip()
            if value.startswith("]"):
                items = None
            elif value:
                positions[items[0] + (items[1],)] = (number, len(line) - len(line.lstrip()) + 1)
                items = (items[0], items[1] + 1)
            continue
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
            rest = line.split("=", 1)[1].split("#", 1)[0].strip()
            if rest.startswith("[") and "]" not in rest:
                items = (table + (key.group(1),), 0)
    return positions


def _toml_error_position(message: str) -> Position:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (1, 1)
