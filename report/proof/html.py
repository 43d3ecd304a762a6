"""The proof: one self-contained HTML page (the renders as data: URIs) of what changed, page by page."""

from __future__ import annotations

import base64
import html
import io
from pathlib import Path

from PIL import Image, ImageDraw

from ..locale import say
from ..problems import Message, message
from .align import Edit
from .diff import Comparison, PageChange, _pages, summary
from .read import Box

PROOF_SUFFIX = "-cambios.html"


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


RED, GREEN, BLUE = (214, 31, 38), (18, 130, 60), (30, 90, 200)

PROOF_STYLE = """
  :root { color-scheme: light; }
  body { font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d1d1b;
         margin: 0 auto; padding: 1.5rem; max-width: 1280px; }
  h1 { font-size: 1.6rem; margin: 0 0 .3rem; }
  .files { color: #555; margin: 0 0 1rem; }
  .verdict { font-size: 1.3rem; font-weight: 700; padding: .6rem .9rem; border-radius: 6px; }
  .verdict.same { background: #e3f4e7; color: #125c24; }
  .verdict.changed { background: #fff1d6; color: #6b4600; }
  table { border-collapse: collapse; margin: .6rem 0 1rem; }
  th, td { text-align: left; padding: .25rem .8rem .25rem 0; vertical-align: top; border-bottom: 1px solid #ddd; }
  tr.differs td { background: #fff1d6; }
  .legend { color: #555; font-size: .95rem; }
  .legend .box { display: inline-block; width: 1.1em; height: .8em; border: 2px solid rgb(214, 31, 38); }
  nav ul { columns: 2; padding-left: 1.2rem; }
  section { border-top: 3px solid #1d1d1b; margin-top: 2rem; padding-top: .6rem; }
  h2 { font-size: 1.3rem; margin: 0 0 .6rem; }
  .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; align-items: start; }
  .pair.single { grid-template-columns: 1fr 1fr; }
  figure { margin: 0; }
  figcaption { font-weight: 700; margin-bottom: .3rem; }
  figure img { width: 100%; height: auto; border: 1px solid #bbb; box-shadow: 0 1px 4px #0002; }
  .edits { margin: .4rem 0 1rem; padding-left: 1.2rem; }
  .edits li { margin: .35rem 0; }
  del { background: #fde2e2; color: #8a1212; text-decoration: line-through; padding: 0 .15em; }
  ins { background: #dcf3e1; color: #0d5a22; text-decoration: underline; padding: 0 .15em; }
  .context { color: #666; }
  .note { color: #555; font-style: italic; }
"""


def proof_html(comparison: Comparison, lang: str) -> str:
    """The whole proof page: summary, file data, then every page that changed."""
    text = _Words(lang)
    old, new = comparison.old, comparison.new
    verdict = "changed" if comparison.changed else "same"
    parts = [
        f'<!doctype html>\n<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{text('proof_title')}: {html.escape(new.name)}</title>\n<style>{PROOF_STYLE}</style>\n</head>\n<body>",
        f"<h1>{text('proof_title')}</h1>",
        f'<p class="files">{text("proof_old")}: <b>{html.escape(old.name)}</b> · '
        f"{text('proof_new')}: <b>{html.escape(new.name)}</b></p>",
        f'<p class="verdict {verdict}">{text(summary(comparison))}</p>',
        _counts_table(comparison, text),
        _fields_table(comparison, text),
    ]
    shown_pages = [p for p in comparison.pages if p.status in ("changed", "added", "removed")]
    if shown_pages:
        parts.append(
            f'<p class="legend"><span class="box"></span> {text("proof_legend_box")}'
            f" · <del>{text('proof_legend_del')}</del> · <ins>{text('proof_legend_ins')}</ins>"
            f" · {text('proof_resolution', dpi=comparison.dpi)}</p>"
        )
        parts.append("<nav><ul>")
        parts += [f'<li><a href="#{_anchor(page)}">{_page_heading(page, text)}</a></li>' for page in shown_pages]
        parts.append("</ul></nav>")
    parts += [_page_section(page, text) for page in shown_pages]
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)


class _Words:
    """The proof's words in one language, escaped for HTML."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, item: Message | str, **params: object) -> str:
        return html.escape(say(item, self.lang, **params))


def _number(page: PageChange) -> int:
    """The page's number in the new file, or in the old one for a removed page."""
    side = page.new or page.old
    assert side is not None
    return side.number


def _counts_table(comparison: Comparison, text: _Words) -> str:
    rows = [
        ("proof_count_same", "same"),
        ("proof_count_changed", "changed"),
        ("proof_count_added", "added"),
        ("proof_count_removed", "removed"),
        ("proof_count_moved", "moved"),
    ]
    cells = []
    for code, status in rows:
        pages = comparison.having(status)
        listed = ""
        if status != "same" and pages:
            listed = f' <span class="context">({text(_pages([_number(p) for p in pages]))})</span>'
        cells.append(f"<tr><th>{text(code)}</th><td>{len(pages)}{listed}</td></tr>")
    return f'<table class="counts">{"".join(cells)}</table>'


def _fields_table(comparison: Comparison, text: _Words) -> str:
    rows = [f"<tr><th>{text('proof_file_data')}</th><th>{text('proof_old')}</th><th>{text('proof_new')}</th></tr>"]
    for item in comparison.fields:
        differs = ' class="differs"' if item.old != item.new or item.altered else ""
        new = html.escape(item.new) or "—"
        if item.altered:
            new += f' <span class="context">({text("proof_attachments_altered", names=", ".join(item.altered))})</span>'
        old = html.escape(item.old) or "—"
        rows.append(f"<tr{differs}><td>{text(f'compare_label_{item.name}')}</td><td>{old}</td><td>{new}</td></tr>")
    return f'<table class="fields">{"".join(rows)}</table>'


def _anchor(page: PageChange) -> str:
    return f"p{page.new.number}" if page.new else f"old{_number(page)}"


def _page_heading(page: PageChange, text: _Words) -> str:
    if page.status == "added":
        return text("proof_page_added", page=_number(page))
    if page.status == "removed":
        return text("proof_page_removed", page=_number(page))
    assert page.old is not None and page.new is not None
    if page.old.number != page.new.number:
        return text("proof_page_moved", page=page.new.number, before=page.old.number)
    return text("proof_page", page=page.new.number)


def _page_section(page: PageChange, text: _Words) -> str:
    parts = [f'<section id="{_anchor(page)}">', f"<h2>{_page_heading(page, text)}</h2>"]
    if page.status == "changed":
        if page.edits:
            parts.append(f'<h3>{text("proof_text_changes")}</h3>\n<ul class="edits">')
            parts += [f"<li>{_edit_html(edit)}</li>" for edit in page.edits]
            parts.append("</ul>")
        else:
            parts.append(f'<p class="note">{text("proof_look_only")}</p>')
    parts.append('<div class="pair">')
    sides = (
        ("proof_old", "proof_not_in_old", page.old_image, page.old),
        ("proof_new", "proof_not_in_new", page.new_image, page.new),
    )
    for side, absent, image, this in sides:
        if image is None or this is None:
            parts.append(f'<p class="note">{text(absent)}</p>')
            continue
        alt = text("proof_render_alt", side=message(side), page=this.number)
        parts.append(
            f"<figure><figcaption>{text(side)} · {text('proof_page_short', page=this.number)}</figcaption>"
            f'<img alt="{alt}" src="{_data_uri(_boxed(image, page.regions))}"></figure>'
        )
    parts.append("</div>")
    parts.append("</section>")
    return "\n".join(parts)


def _edit_html(edit: Edit) -> str:
    def words(items: tuple[str, ...]) -> str:
        return html.escape(" ".join(items))

    pieces = []
    if edit.before:
        pieces.append(f'<span class="context">…{words(edit.before)}</span>')
    if edit.removed:
        pieces.append(f"<del>{words(edit.removed)}</del>")
    if edit.added:
        pieces.append(f"<ins>{words(edit.added)}</ins>")
    if edit.after:
        pieces.append(f'<span class="context">{words(edit.after)}…</span>')
    return " ".join(pieces)


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
