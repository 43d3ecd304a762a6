"""The brand file: what both the CSS and the charts read."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report.paths import STYLES_DIR
from report.problems import ContentError
from report.render.brand import BRAND_FILE, load_brand

from .conftest import ROOT, examples, worded


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("code", sorted(load_brand().country_colors))
def test_country_dividers_keep_white_text_readable(code):
    # Country openers set white text on the country colour: WCAG AA for body text.
    colour = load_brand().country_colors[code]
    assert contrast(colour, "#ffffff") >= 4.5, f"{code} {colour}: {contrast(colour, '#ffffff'):.2f}:1"


@pytest.mark.parametrize("token", ["ink", "ink_soft", "accent_text", "teal"])
def test_small_text_colours_read_on_white(token):
    colour = load_brand().colors[token]
    assert contrast(colour, "#ffffff") >= 4.5, f"{token} {colour}"


def test_small_accent_text_reads_on_navy():
    colors = load_brand().colors
    assert contrast(colors["accent_on_navy"], colors["navy"]) >= 4.5


def test_css_declares_every_font_face_and_token():
    brand = load_brand()
    css = brand.css()
    assert css.count("@font-face") == len(brand.faces)
    assert all(face.file.is_file() for face in brand.faces)
    assert "--color-accent-text:" in css and "--country-AR:" in css


def test_every_colour_and_shared_measure_comes_from_the_brand_file():
    """No colour literal in the stylesheets, and no millimetres in the charts: the page size,
    margins, bleed and chart widths are brand tokens, so changing one moves pages and charts."""
    for sheet in ("report.css", "print.css"):
        text = (STYLES_DIR / sheet).read_text(encoding="utf-8")
        assert not re.findall(r"#[0-9a-fA-F]{3,8}\b", text), sheet
        assert not re.findall(r"\b(?:297|210|303|166|120)mm\b", text), sheet
    for module in sorted((ROOT / "charts").glob("*.py")):
        code = module.read_text(encoding="utf-8")
        assert not re.findall(r"width_mm=\d", code), module.name
        assert not re.findall(r"#[0-9a-fA-F]{6}", code), module.name
    brand = load_brand()
    assert brand.text_width_mm() == pytest.approx(166)
    assert brand.mm("opener_list") == 56


def write_brand(tmp_path: Path, old: str, new: str) -> Path:
    text = BRAND_FILE.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "brand.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        ('navy = "#1f2a5c"', 'nvay = "#1f2a5c"', "colors.nvay", "¿quiso decir «navy»?"),
        ('accent = "#e8553d"', 'accent = "rojo"', "colors.accent", "se espera un color como #1f2a5c"),
        ('margin_top = "24mm"', 'margin_top = "24"', "sizes.margin_top", "se espera una medida en mm o pt"),
        ('AR = "#2b6cb0"', 'XY = "#2b6cb0"', "colors.countries.XY[key]", "código de país desconocido"),
        (
            'file = "lato/Lato-Bold.ttf"',
            'file = "lato/Lato-Negrita.ttf"',
            "fonts.faces[7].file",
            "el archivo de fuente no existe",
        ),
        ('body = "Lato"', 'body = "Lato Sans"', "fonts.body", "la familia «Lato Sans» no tiene ninguna fuente"),
    ],
)
def test_a_mistake_in_the_brand_file_is_located(tmp_path, old, new, field, says):
    path = write_brand(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        load_brand(path)
    [problem] = [p for p in caught.value.problems if p.field == field]
    assert problem.line == next(
        n
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if new.split(" = ")[0] in line and (new.split(" = ")[1] in line)
    )
    assert says in worded(problem), worded(problem)


def test_a_brand_file_that_is_not_toml_is_located(tmp_path):
    path = write_brand(tmp_path, 'ink = "#1d2238"', 'ink = "#1d2238')
    with pytest.raises(ContentError) as caught:
        load_brand(path)
    [problem] = caught.value.problems
    assert (problem.code, problem.line) == ("brand_toml", 5)


def test_checked_colours_and_font_characters_are_remembered_not_recomputed(tmp_path):
    """A second run reads the brand checks' results from .cache/brand/ (by digest): it
    imports neither coloraide nor fontTools, and gets the same characters."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from report.render import brand\n"
        f"brand.SAVED_DIR = __import__('pathlib').Path({str(tmp_path)!r})\n"
        "b = brand.load_brand()\n"
        "g = b.glyphs()\n"
        "print(len(g.codepoints), 'coloraide' in sys.modules, 'fontTools.ttLib' in sys.modules)\n"
    )
    first, second = (
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
        ).stdout.split()
        for _ in range(2)
    )
    assert first[1:] == ["True", "True"] and second[1:] == ["False", "False"]
    assert first[0] == second[0] and int(first[0]) > 300
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".ok", ".txt"]


def test_a_colour_that_fails_is_never_remembered(tmp_path, monkeypatch):
    from report.render import brand

    monkeypatch.setattr(brand, "SAVED_DIR", tmp_path)
    bad = tmp_path / "brand.toml"
    bad.write_text(BRAND_FILE.read_text(encoding="utf-8").replace('AR = "#2b6cb0"', 'AR = "#eeeeee"'), encoding="utf-8")
    for _ in range(2):  # the second time too: a failure is not cached
        with pytest.raises(ContentError):
            brand.load_brand.__wrapped__(bad)
    assert not list(tmp_path.glob("*.ok"))


def test_saved_results_survive_a_folder_that_cannot_be_written(tmp_path):
    from report import saved

    saved.write(tmp_path / "a", "x.txt", b"uno")
    assert saved.read(tmp_path / "a", "x.txt") == b"uno" and saved.read(tmp_path / "a", "y.txt") is None
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    saved.write(blocker, "x.txt", b"dos")  # cannot be made: nothing raised, nothing kept
    assert saved.read(blocker, "x.txt") is None and saved.read(None, "x.txt") is None


# Third round (issue 25): every brand value by type and range, paths confined, nothing pasted into the CSS.
@pytest.mark.parametrize(
    ("old", "new", "field", "says"),
    [
        (
            'file = "lato/Lato-Bold.ttf"',
            'file = "../../../../etc/passwd.ttf"',
            "fonts.faces[7].file",
            "dentro de styles/fonts/",
        ),
        (
            'file = "lato/Lato-Bold.ttf"',
            'file = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"',
            "fonts.faces[7].file",
            "sin ruta absoluta",
        ),
        ('file = "lato/Lato-Bold.ttf"', 'file = "lato/OFL.txt"', "fonts.faces[7].file", "terminada en .ttf"),
        ('style = "italic"', 'style = "italic; } body { color: white"', "fonts.faces[6].style", "'normal' o 'italic'"),
        (
            'family = "Lato"',
            "family = \"Lato'; } body { color: white; } x { x: '\"",
            "fonts.faces[5].family",
            "sin comillas",
        ),
        ("weight = 900", "weight = 950", "fonts.faces[9].weight", "menor o igual que 900"),
        ("weight = 900", 'weight = "900"', "fonts.faces[9].weight", "número entero"),
        ('body = "10.5pt"', 'body = "400pt"', "sizes.body", "entre 6pt y 16pt"),
        ('body = "10.5pt"', 'body = "0.5pt"', "sizes.body", "entre 6pt y 16pt"),
        ('leading = "1.42"', 'leading = "9"', "sizes.leading", "entre 1.0 y 2.5"),
        ('margin_inner = "22mm"', 'margin_inner = "220mm"', "sizes.margin_inner", "entre 5mm y 80mm"),
        ('margin_outer = "22mm"', 'margin_outer = "80mm"', "sizes.page_width", "queda para el texto"),
        ('page_height = "297mm"', 'page_height = "180mm"', "sizes.page_height", "queda para el texto"),
    ],
)
def test_a_brand_value_out_of_type_or_range_is_located(tmp_path, old, new, field, says):
    path = write_brand(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        load_brand(path)
    [problem] = [p for p in caught.value.problems if p.field == field]
    assert problem.file.endswith("brand.toml") and problem.line is not None
    text = path.read_text().splitlines()[problem.line - 1]
    assert field.rsplit(".", 1)[-1] in text, (problem.line, text)
    assert says in worded(problem), worded(problem)
    assert worded(problem, "en") != worded(problem)  # worded in English too


def test_a_file_that_is_not_a_font_and_a_link_out_of_the_fonts_folder(tmp_path, monkeypatch):
    from report.render import brand

    fonts = tmp_path / "fonts"
    shutil.copytree(brand.FONTS_DIR, fonts, symlinks=True)
    (fonts / "lato" / "Lato-Bold.ttf").write_bytes(b"<html>not a font</html>")
    (fonts / "lato" / "Lato-Black.ttf").unlink()
    (fonts / "lato" / "Lato-Black.ttf").symlink_to("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    monkeypatch.setattr(brand, "FONTS_DIR", fonts)
    with pytest.raises(ContentError) as caught:
        load_brand.__wrapped__(BRAND_FILE)
    said = {p.field: (p.code, worded(p, "en")) for p in caught.value.problems}
    assert said["fonts.faces[7].file"][0] == "brand_font_not_font"
    assert "is not a TrueType, OpenType or WOFF font" in said["fonts.faces[7].file"][1]
    assert said["fonts.faces[9].file"][0] == "brand_font_path"


TOML_VALUES = st.one_of(
    st.text(alphabet=st.sampled_from(list("abc'\"{};:/\\.-_ #0123456789ptm\n")), max_size=30).map(lambda t: f'"{t}"'),
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.floats(allow_nan=False, allow_infinity=False, width=32).map(repr),
    st.sampled_from(["true", "[]", '["x"]', '"1e9pt"', '"0mm"', '"999mm"', '"../x.ttf"', '"x.woff2"']),
)
BRAND_KEYS = [
    "family",
    "file",
    "weight",
    "style",
    "body",
    "small",
    "leading",
    "page_width",
    "margin_top",
    "gap",
    "heading",
]


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(BRAND_KEYS), TOML_VALUES)
def test_any_brand_value_loads_safely_or_is_located(tmp_path, key, value):
    """A brand value of any shape: loaded, with nothing that could close a CSS rule in the
    CSS, or refused with every problem located in brand.toml; never another exception."""
    text = BRAND_FILE.read_text(encoding="utf-8")
    lines = text.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"{key} = "))
    lines[index] = f"{key} = {value}"
    path = tmp_path / "brand.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    try:
        brand = load_brand.__wrapped__(path)
    except ContentError as error:
        assert error.problems and all(p.file.endswith("brand.toml") and p.line for p in error.problems)
        assert all(worded(p) and worded(p, "en") for p in error.problems)
        return
    css = brand.css()
    assert css.count("{") == css.count("}") == css.count("@font-face") + 1
    assert all(face.file.resolve().is_relative_to(STYLES_DIR.resolve()) for face in brand.faces)


def test_every_brand_problem_is_listed_at_once(tmp_path):
    path = write_brand(tmp_path, 'file = "lato/Lato-Bold.ttf"', 'file = "../fuera.ttf"')
    path.write_text(path.read_text(encoding="utf-8").replace('body = "10.5pt"', 'body = "400pt"'), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        load_brand.__wrapped__(path)
    assert sorted((p.code, p.field) for p in caught.value.problems) == [
        ("brand_font_path", "fonts.faces[7].file"),
        ("brand_measure_range", "sizes.body"),
    ]
