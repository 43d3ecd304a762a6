"""The brand file: what both the CSS and the charts read."""

from __future__ import annotations

import pytest

from report.render.brand import load_brand


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


def test_css_declares_every_font_face_and_token():
    brand = load_brand()
    css = brand.css()
    assert css.count("@font-face") == len(brand.faces)
    assert all(face.file.is_file() for face in brand.faces)
    assert "--color-accent-text:" in css and "--country-AR:" in css
