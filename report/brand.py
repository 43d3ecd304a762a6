"""The brand: colours, fonts and spacing from `styles/brand.toml`.

One file feeds both the page CSS (as custom properties and @font-face rules) and the
charts (as a matplotlib style), so pages and charts always match.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

STYLES_DIR = Path(__file__).resolve().parent.parent / "styles"
BRAND_FILE = STYLES_DIR / "brand.toml"
FONTS_DIR = STYLES_DIR / "fonts"


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

    def matplotlib_rc(self, fonttype: str = "none") -> dict[str, object]:
        """rcParams for the charts: the brand's colours and fonts, and stable SVG output.

        `fonttype` "none" keeps chart text as SVG <text> in the brand fonts (the page's
        @font-face rules draw it); "path" turns it into outlines.
        """
        c = self.colors
        small = float(self.sizes["small"].removesuffix("pt"))
        return {
            "font.family": "sans-serif",
            "font.sans-serif": [self.body_font],
            "font.size": small,
            "text.color": c["ink"],
            "axes.labelcolor": c["ink_soft"],
            "axes.edgecolor": c["rule"],
            "axes.facecolor": "none",
            "axes.linewidth": 0.6,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.prop_cycle": f"cycler('color', {[c['accent'], c['teal'], c['navy'], c['ink_soft']]!r})",
            "xtick.color": c["ink_soft"],
            "ytick.color": c["ink"],
            "xtick.labelsize": small,
            "ytick.labelsize": small,
            "legend.frameon": False,
            "legend.fontsize": small,
            "figure.facecolor": "none",
            "savefig.facecolor": "none",
            "savefig.transparent": True,
            "svg.fonttype": fonttype,
            "svg.hashsalt": "ip360",  # stable ids: byte-identical SVGs across runs
        }


@cache
def load_brand(path: Path = BRAND_FILE) -> Brand:
    raw = path.read_bytes()
    data = tomllib.loads(raw.decode("utf-8"))
    colors = dict(data["colors"])
    country_colors = colors.pop("countries")
    faces = tuple(
        FontFace(face["family"], FONTS_DIR / face["file"], int(face["weight"]), face["style"])
        for face in data["fonts"]["faces"]
    )
    return Brand(
        colors=colors,
        country_colors=country_colors,
        heading_font=data["fonts"]["heading"],
        body_font=data["fonts"]["body"],
        faces=faces,
        sizes=dict(data["sizes"]),
        digest=hashlib.sha256(raw).hexdigest(),
    )
