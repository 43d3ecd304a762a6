"""The print profile as a print shop gets it: every page trimmed to A4 with 3 mm of bleed
that the full-bleed pages fill to its edge, and beyond it a white slug where the crop and
registration marks show, on every page. Pages are rendered with poppler's pdftoppm at
72 dpi (one pixel per PDF point) over the whole sheet, the media box.
"""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter

import pikepdf
import pytest
from PIL import Image

from report import pipeline
from report.locale import country_name
from report.render.brand import load_brand
from report.render.variant import Variant

from .conftest import EDITION_2020

MM = 72 / 25.4
WHITE = (255, 255, 255)

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) no está instalado")


class Sheet:
    """One rendered page and its boxes, in PDF points (origin bottom left)."""

    def __init__(self, image: Image.Image, page: pikepdf.Page):
        self.image = image.convert("RGB")
        self.media, self.bleed, self.trim = (
            [float(v) for v in page.obj[key]] for key in ("/MediaBox", "/BleedBox", "/TrimBox")
        )

    def colour(self, x: float, y: float) -> tuple[int, int, int]:
        """The colour at a point of the page (PDF coordinates)."""
        column = round(x - self.media[0])
        row = round(self.media[3] - y)
        return self.image.getpixel((min(column, self.image.width - 1), min(row, self.image.height - 1)))

    def dark_in(self, x0: float, y0: float, x1: float, y1: float) -> int:
        """How many dark pixels (marks) a rectangle of the page holds."""
        left, right = sorted((round(x0 - self.media[0]), round(x1 - self.media[0])))
        top, bottom = sorted((round(self.media[3] - y0), round(self.media[3] - y1)))
        region = self.image.crop((left, top, right, bottom)).convert("L")
        return sum(count for value, count in enumerate(region.histogram()) if value < 128)


@pytest.fixture(scope="module")
def print_build(build_2020):
    return build_2020(Variant(profile="print"))


@pytest.fixture(scope="module")
def sheets(print_build, tmp_path_factory) -> list[Sheet]:
    folder = tmp_path_factory.mktemp("sheets")
    subprocess.run(["pdftoppm", "-r", "72", "-png", str(print_build.pdf), str(folder / "p")], check=True)
    images = sorted(folder.glob("p-*.png"))
    with pikepdf.open(print_build.pdf) as pdf:
        assert len(images) == len(pdf.pages)
        return [Sheet(Image.open(path), page) for path, page in zip(images, pdf.pages, strict=True)]


def close(first, second, tolerance=12) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(first, second, strict=True))


def test_trim_bleed_and_media_boxes(sheets):
    brand = load_brand()
    bleed, slug = brand.mm("bleed") * MM, brand.mm("slug") * MM
    width, height = brand.mm("page_width") * MM, brand.mm("page_height") * MM
    for sheet in sheets:
        assert sheet.trim == pytest.approx([0, 0, width, height], abs=0.01)
        assert sheet.bleed == pytest.approx([-bleed, -bleed, width + bleed, height + bleed], abs=0.01)
        margin = bleed + slug
        assert sheet.media == pytest.approx([-margin, -margin, width + margin, height + margin], abs=0.01)


def full_bleed_pages(print_build) -> set[int]:
    """The cover, each country's divider and the back cover (1-based). A country with one
    government has a heading on its profile's page instead of a divider."""
    edition = pipeline.load(EDITION_2020).edition
    counts = Counter(government.country for government in edition.governments)
    names = {country_name(code, "es") for code in edition.countries() if counts[code] > 1}
    with pikepdf.open(print_build.pdf) as pdf:
        outline = pdf.open_outline()
        dividers = {
            pdf.pages.index(pikepdf.Page(item.destination[0])) + 1 for item in outline.root if item.title in names
        }
        return {1, len(pdf.pages)} | dividers


def test_full_bleed_pages_fill_the_bleed_box_to_its_edge(sheets, print_build):
    """At the four corners and the middle of the bottom edge, the colour 2 mm inside the
    trim reaches 0.7 mm from the bleed box's edge: no white strip after the guillotine."""
    coloured = set()
    for number, sheet in enumerate(sheets, start=1):
        left, bottom, right, top = sheet.trim
        inside, outside = 2 * MM, (sheet.trim[0] - sheet.bleed[0]) - 0.7 * MM
        spots = {
            "top left": ((left + inside, top - inside), (left - outside, top + outside)),
            "top right": ((right - inside, top - inside), (right + outside, top + outside)),
            "bottom left": ((left + inside, bottom + inside), (left - outside, bottom - outside)),
            "bottom right": ((right - inside, bottom + inside), (right + outside, bottom - outside)),
            "bottom edge": (((left + right) / 2, bottom + inside), ((left + right) / 2, bottom - outside)),
        }
        for spot, (in_trim, in_bleed) in spots.items():
            page_colour, bleed_colour = sheet.colour(*in_trim), sheet.colour(*in_bleed)
            assert close(page_colour, bleed_colour), f"page {number}, {spot}: {page_colour} → {bleed_colour}"
            if not close(page_colour, WHITE):
                coloured.add(number)
    assert coloured == full_bleed_pages(print_build)


def test_crop_and_registration_marks_show_on_white_outside_the_bleed(sheets):
    for number, sheet in enumerate(sheets, start=1):
        left, bottom, right, top = sheet.trim
        m_left, m_bottom, m_right, m_top = sheet.media
        b_left, b_bottom, b_right, b_top = sheet.bleed
        middle_x, middle_y = (left + right) / 2, (bottom + top) / 2
        # Crop marks: a short line beyond each corner, along each of its two edges.
        for x, y in ((left, top), (right, top), (left, bottom), (right, bottom)):
            side = m_left if x == left else m_right
            beyond = b_left if x == left else b_right
            assert sheet.dark_in(side, y - 2, beyond, y + 2) > 0, f"page {number}: crop mark at {x, y}"
            end = m_top if y == top else m_bottom
            past = b_top if y == top else b_bottom
            assert sheet.dark_in(x - 2, end, x + 2, past) > 0, f"page {number}: crop mark at {x, y}"
        # Registration marks in the middle of each edge's slug.
        for region in (
            (middle_x - 10, m_top, middle_x + 10, b_top),
            (middle_x - 10, m_bottom, middle_x + 10, b_bottom),
            (m_left, middle_y - 10, b_left, middle_y + 10),
            (m_right, middle_y - 10, b_right, middle_y + 10),
        ):
            assert sheet.dark_in(*region) > 0, f"page {number}: no registration mark in {region}"
        # Elsewhere the slug is white paper.
        for x, y in ((left + (right - left) / 4, (m_top + b_top) / 2), ((m_left + b_left) / 2, bottom + top / 4)):
            assert sheet.colour(x, y) == WHITE, f"page {number}: slug not white at {x, y}"
