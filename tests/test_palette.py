"""The country colours: each country one colour in every edition, any two told apart,
none grey, and `check` showing the assignment. No WeasyPrint: these read brand.toml."""

from __future__ import annotations

import itertools
import random

import pytest
from coloraide import Color

from report.commands.cli import main
from report.problems import ContentError
from report.render.brand import (
    BRAND_FILE,
    MIN_CHROMA,
    MIN_CONTRAST,
    MIN_DISTANCE,
    assign_country_colors,
    load_brand,
    usual_color,
)

from .conftest import ROOT, worded

LATIN_AMERICA = [
    "AR",
    "BO",
    "BR",
    "CL",
    "CO",
    "CR",
    "CU",
    "DO",
    "EC",
    "GT",
    "HN",
    "MX",
    "NI",
    "PA",
    "PE",
    "PY",
    "SV",
    "UY",
    "VE",
    "PR",
]


def test_every_country_colour_is_a_readable_colour_apart_from_every_other():
    """The brand check's rules, on the real brand file: so any edition's countries differ."""
    brand = load_brand()
    colours = sorted({*brand.country_colors.values(), *brand.palette})
    assert len(colours) >= 18
    for value in colours:
        assert Color(value).contrast(Color("#ffffff")) >= MIN_CONTRAST, value
        assert Color(value).convert("lch-d65")["chroma"] >= MIN_CHROMA, value
    for a, b in itertools.combinations(colours, 2):
        assert Color(a).delta_e(Color(b), method="76") >= MIN_DISTANCE, (a, b)
    assert MIN_DISTANCE >= 25


@pytest.mark.parametrize("seed", range(20))
def test_a_country_keeps_its_colour_whatever_the_other_countries(seed):
    """Random editions of 14 Latin American countries: every pair ΔE ≥ 25, and each
    country's colour the same as in an edition where it is alone."""
    brand = load_brand()
    alone = {code: brand.colors_for([code]).colors[code] for code in LATIN_AMERICA}
    rng = random.Random(seed)
    codes = rng.sample([c for c in LATIN_AMERICA if c not in ("VE", "PR")], 14)
    colors = brand.colors_for(codes)
    assert list(colors.colors) == codes  # report order
    assert {code: alone[code] for code in codes} == colors.colors
    assert not colors.moved
    for (a, x), (b, y) in itertools.combinations(colors.colors.items(), 2):
        assert Color(x).delta_e(Color(y), method="76") >= MIN_DISTANCE, (a, b)


def test_adding_a_country_recolours_no_other():
    brand = load_brand()
    before = brand.colors_for(["AR", "BO", "GT", "SV", "MX"]).colors
    after = brand.colors_for(["AR", "BO", "GT", "SV", "HN", "MX", "PE"]).colors
    assert {code: after[code] for code in before} == before


def test_a_country_without_its_own_colour_takes_its_usual_one_or_is_told():
    palette = ("#15803d", "#c2410c", "#1d4ed8")
    usual = palette[usual_color("VE", palette)]
    alone = assign_country_colors(["VE"], {}, palette)
    assert alone.colors == {"VE": usual} and alone.assigned == ("VE",) and not alone.moved
    # A country of the edition has VE's usual colour as its own: VE takes another, and says so.
    taken = assign_country_colors(["AR", "VE"], {"AR": usual}, palette)
    assert taken.colors["VE"] != usual and taken.moved == {"VE": (usual, "AR")}
    # The same usual colour in another edition without AR: VE has it again.
    assert assign_country_colors(["VE", "CL"], {"AR": usual}, palette).colors["VE"] == usual


def test_a_palette_that_runs_out_is_a_located_problem():
    with pytest.raises(ContentError) as caught:
        assign_country_colors(["AR", "VE", "PR"], {"AR": "#2b6cb0"}, ("#15803d",), palette_line=26)
    [problem] = caught.value.problems
    assert problem.field == "colors.palette" and problem.line == 26 and problem.params["codes"] == "PR, VE"


def write_brand(tmp_path, old: str, new: str):
    text = BRAND_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "brand.toml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "code", "says"),
    [
        ('  "#4e3600",  # bark', '  "#57534e",  # stone', "brand_country_grey", "se ve gris"),
        ('  "#6c0c54",  # aubergine', '  "#0f5132",  # forest', "brand_country_close", "se parece demasiado"),
        ('GT = "#6d28d9"', 'GT = "#0f6b5a"', "brand_country_close", "colors.countries.BO"),
    ],
)
def test_a_grey_or_look_alike_colour_is_a_located_problem(tmp_path, monkeypatch, old, new, code, says):
    from report.render import brand

    monkeypatch.setattr(brand, "SAVED_DIR", tmp_path)
    path = write_brand(tmp_path, old, new)
    with pytest.raises(ContentError) as caught:
        brand.load_brand.__wrapped__(path)
    found = [p for p in caught.value.problems if p.code == code]
    assert found, caught.value.problems
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if new in text)
    assert found[0].line == line and says in worded(found[0]), worded(found[0])


def test_a_country_listed_with_a_palette_colour_is_no_look_alike(tmp_path, monkeypatch):
    """BR's own colour is the palette's green: one colour, not two alike."""
    from report.render import brand

    monkeypatch.setattr(brand, "SAVED_DIR", tmp_path)
    assert brand.load_brand.__wrapped__(BRAND_FILE).country_colors["BR"] in brand.load_brand().palette


def test_check_shows_every_country_colour(capsys):
    assert main(["check", "--edition", str(ROOT / "tests" / "fixtures" / "2021")]) == 0
    err = capsys.readouterr().err
    line = next(text for text in err.splitlines() if text.startswith("Colores de los países"))
    for name in ("Argentina (AR) #2b6cb0", "Uruguay (UY) #1d4ed8", "Ecuador (EC) #787200", "Brasil (BR)"):
        assert name in line, line
    assert main(["check", "--edition", str(ROOT / "tests" / "fixtures" / "2021"), "--lang", "en"]) == 0
    assert "Colours of the countries" in capsys.readouterr().err
