"""The proof: one self-contained HTML page (the renders as data: URIs) of what changed, page by page.

The page is `templates/proof.html.j2` with autoescape on, so the words read from the PDFs
(edits, titles, file names) are escaped by Jinja, never by hand; the page's own words are
said here from the tool's catalogue and handed to the template.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from PIL import Image, ImageDraw

from ..locale import say
from ..problems import Message, message
from .diff import Comparison, PageChange, page_numbers, summary
from .read import Box

PROOF_SUFFIX = "-cambios.html"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
RED = (214, 31, 38)
WORDS = (
    "proof_title",
    "proof_old",
    "proof_new",
    "proof_file_data",
    "proof_legend_box",
    "proof_legend_del",
    "proof_legend_ins",
    "proof_text_changes",
    "proof_look_only",
)
"""The proof's words without parameters: the template finds each by its code."""
COUNTED = (
    ("proof_count_same", "same"),
    ("proof_count_changed", "changed"),
    ("proof_count_added", "added"),
    ("proof_count_removed", "removed"),
    ("proof_count_moved", "moved"),
)

Text = Callable[..., str]


def proof_path(new_name: str, out_dir: Path) -> Path:
    stem = new_name[:-4] if new_name.lower().endswith(".pdf") else Path(new_name).name
    return out_dir / f"{stem}{PROOF_SUFFIX}"


def write_proof(comparison: Comparison, out_dir: Path, lang: str) -> Path:
    target = proof_path(comparison.new.name, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    try:
        temporary.write_text(proof_html(comparison, lang), encoding="utf-8")
        temporary.replace(target)
    except OSError:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written proof behind
        raise
    return target


@dataclass(frozen=True)
class _Side:
    """Half of a page's pair: its render (caption and alt text), or the note that the page
    is not on that side."""

    note: str = ""
    label: str = ""
    page: str = ""
    alt: str = ""
    src: str = ""


@dataclass(frozen=True)
class _Section:
    """A page that changed, was added or was removed, as the proof shows it."""

    page: PageChange
    anchor: str
    heading: str
    sides: tuple[_Side, _Side]


def proof_html(comparison: Comparison, lang: str) -> str:
    """The whole proof page: summary, file data, then every page that changed."""

    def text(item: Message | str, **params: object) -> str:
        return say(item, lang, **params)

    shown_pages = [p for p in comparison.pages if p.status in ("changed", "added", "removed")]
    return _template().render(
        lang=lang,
        words={code: text(code) for code in WORDS},
        old_name=comparison.old.name,
        new_name=comparison.new.name,
        verdict="changed" if comparison.changed else "same",
        summary=text(summary(comparison)),
        counts=_counts(comparison, text),
        fields=[
            (
                item,
                text(f"compare_label_{item.name}"),
                text("proof_attachments_altered", names=", ".join(item.altered)) if item.altered else "",
            )
            for item in comparison.fields
        ],
        resolution=text("proof_resolution", dpi=comparison.dpi),
        sections=[_section(page, text) for page in shown_pages],
    )


@cache
def _template() -> Template:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return environment.get_template("proof.html.j2")


def _number(page: PageChange) -> int:
    """The page's number in the new file, or in the old one for a removed page."""
    side = page.new or page.old
    assert side is not None
    return side.number


def _counts(comparison: Comparison, text: Text) -> list[tuple[str, int, str]]:
    """(label, how many pages, which) for each status; which pages, except the same ones."""
    rows = []
    for code, status in COUNTED:
        pages = comparison.having(status)
        listed = text(page_numbers([_number(p) for p in pages])) if status != "same" and pages else ""
        rows.append((text(code), len(pages), listed))
    return rows


def _anchor(page: PageChange) -> str:
    return f"p{page.new.number}" if page.new else f"old{_number(page)}"


def _page_heading(page: PageChange, text: Text) -> str:
    if page.status == "added":
        return text("proof_page_added", page=_number(page))
    if page.status == "removed":
        return text("proof_page_removed", page=_number(page))
    assert page.old is not None and page.new is not None
    if page.old.number != page.new.number:
        return text("proof_page_moved", page=page.new.number, before=page.old.number)
    return text("proof_page", page=page.new.number)


def _section(page: PageChange, text: Text) -> _Section:
    sides = []
    for side, absent, image, this in (
        ("proof_old", "proof_not_in_old", page.old_image, page.old),
        ("proof_new", "proof_not_in_new", page.new_image, page.new),
    ):
        if image is None or this is None:
            sides.append(_Side(note=text(absent)))
            continue
        sides.append(
            _Side(
                label=text(side),
                page=text("proof_page_short", page=this.number),
                alt=text("proof_render_alt", side=message(side), page=this.number),
                src=_data_uri(_boxed(image, page.regions)),
            )
        )
    return _Section(page, _anchor(page), _page_heading(page, text), (sides[0], sides[1]))


def _boxed(image: Image.Image, regions: list[Box]) -> Image.Image:
    """The render with a red box around each changed region."""
    if not regions:
        return image
    boxed = image.convert("RGB")
    draw = ImageDraw.Draw(boxed)
    width, height = boxed.size
    line = max(2, round(width / 300))
    pad = line + 2
    for x0, y0, x1, y1 in regions:
        draw.rectangle(
            (
                max(0, x0 * width - pad),
                max(0, y0 * height - pad),
                min(width - 1, x1 * width + pad),
                min(height - 1, y1 * height + pad),
            ),
            outline=RED,
            width=line,
        )
    return boxed


def _data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
