"""The PDF stage: the final HTML into a PDF with WeasyPrint, strictly.

WeasyPrint logs problems (a missing image, an unknown CSS property) instead of raising
them; every warning or error it logs during the build fails the build with its message.
The PDF may embed only the brand's fonts: a fallback font means a missing glyph.

Every profile is PDF/A-3a with an sRGB output intent, tagged for PDF/UA-1 (see
`archival`), with the data behind the figures attached as associated files, and dated
by its provenance rather than the clock, so the same inputs give the same bytes.

`render_part` lays out one part of the report alone (`watch`'s quick view, see `parts`):
the same stylesheets, fonts and image options, no archival finishing. Inside `warm()` (a
process that builds again and again: `watch`), renders keep what stays the same between
builds: WeasyPrint's font configuration (the brand's `@font-face` fonts, registered once)
and the drawing of each SVG path (the maps' coastlines are most of the time spent writing
the PDF); the bytes written are the same.
"""

from __future__ import annotations

import io
import logging
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..paths import STYLES_DIR, shown
from ..problems import BuildError, Lines, os_reason
from .archival import WEASYPRINT_VARIANT, Stamp, finisher
from .brand import Brand
from .parts import Layout, quick_html, read_layout
from .pdftext import pages_text
from .profiles import DEFAULT_PROFILE, PROFILES
from .prose import WORD_JOINER
from .provenance import Provenance
from .scratch import scratch, umask
from .textcheck import check_on_page, check_text


@dataclass(frozen=True)
class Attachment:
    """A file associated with the PDF (PDF/A-3 /AF), e.g. the data behind a chart."""

    filename: str
    data: bytes
    description: str
    relationship: str = "Data"


POINTS_PER_MM = 72 / 25.4

# Undated builds (no provenance) still must not read the clock.
_FALLBACK_DATE = datetime(2000, 1, 1, tzinfo=UTC)


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def strict_weasyprint():
    """Turn every warning WeasyPrint logs inside the block into a `BuildError`."""
    logger = logging.getLogger("weasyprint")
    collector = _Collector()
    previous = (logger.level, logger.propagate)
    logger.addHandler(collector)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(collector)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]
    if collector.messages:
        raise BuildError("weasyprint_problems", messages=Lines(f"  - {m}" for m in collector.messages))


class _Warm:
    """What renders in one process may share: a font configuration, drawn SVG paths."""

    PATHS_KEPT = 20_000  # SVG paths whose drawing is kept; past it, the memo starts again

    def __init__(self) -> None:
        self.font_config: Any = None
        self.paths: dict[tuple, tuple[list, list]] = {}

    def fonts(self) -> Any:
        from weasyprint.text.fonts import FontConfiguration

        if self.font_config is None:
            self.font_config = FontConfiguration()  # its folder: the run's scratch (tempfile)
        return self.font_config


_warm: _Warm | None = None


@contextmanager
def warm():
    """Inside the block, renders share a font configuration and the SVG paths they drew
    (see the module's docstring). For a process that holds its scratch folder open around
    the block, so the fonts' folder lives as long as the configuration."""
    global _warm
    previous, _warm = _warm, _Warm()
    _memoize_svg_paths()
    try:
        yield
    finally:
        _warm = previous


def forget_fonts() -> None:
    """The brand or its fonts changed: the next render registers them afresh."""
    if _warm is not None:
        _warm.font_config = None


def _memoize_svg_paths() -> None:
    """Wrap WeasyPrint's SVG `<path>` drawer once per process: inside `warm()`, a path
    drawn before (same `d`, same font size and viewport) appends the same operators to the
    stream and the same vertices to its node, without parsing `d` again."""
    from weasyprint import svg

    original = svg.TAGS["path"]
    if getattr(original, "memoized", False):
        return

    def path(image, node, font_size):
        memo = _warm.paths if _warm is not None else None
        if memo is None:
            return original(image, node, font_size)
        key = (node.get("d", ""), font_size, image.inner_width, image.inner_height, image.inner_diagonal)
        if (drawn := memo.get(key)) is not None:
            image.stream.stream.extend(drawn[0])
            node.vertices.extend(drawn[1])
            return None
        operators, vertices = len(image.stream.stream), len(node.vertices)
        result = original(image, node, font_size)
        if len(memo) >= _Warm.PATHS_KEPT:
            memo.clear()
        memo[key] = (image.stream.stream[operators:], list(node.vertices)[vertices:])
        return result

    path.memoized = True  # type: ignore[attr-defined]
    svg.TAGS["path"] = path


def _render_options() -> dict[str, Any]:
    return {"font_config": _warm.fonts()} if _warm is not None else {}


def _plain_bookmarks(document) -> None:
    """Bookmarks without the word joiners that keep a heading's last two words together
    (`prose.WORD_JOINER`): a viewer's outline may draw them as boxes."""
    for page in document.pages:
        page.bookmarks = [
            (level, label.replace(WORD_JOINER, ""), position, state) for level, label, position, state in page.bookmarks
        ]


def render_pdf(
    html: str,
    base_dir: Path,
    brand: Brand,
    *,
    profile: str = DEFAULT_PROFILE,
    attachments: Sequence[Attachment] = (),
    provenance: Provenance | None = None,
    inspect: Callable[[Any], None] | None = None,
    places: Mapping[str, str] | None = None,
    sources: Sequence[str] = (),
    source_file: Callable[[str], str] | None = None,
    on_layout: Callable[[Layout], None] | None = None,
    paginate: Callable[[str, Any], str | None] | None = None,
) -> tuple[bytes, int]:
    """The PDF bytes of `html` and its page count; relative URLs resolve against `base_dir`.
    `paginate` is handed `html` and its layout, and may return the HTML to lay out instead
    (`pagination.paginate`: the page plan), then that HTML's layout, for a correction.
    Every text of `html` must reach the page (`textcheck`); `places` (anchor id → content
    file) names where a lost text came from; `sources` (each prose block as the author wrote
    it) must reach the page too, `source_file` names a lost one's file. `inspect` is handed the laid-out document,
    `on_layout` what the written one tells about its parts (`parts.Layout`)."""
    from weasyprint import HTML  # heavy: imported only when a PDF is made
    from weasyprint import Attachment as WeasyAttachment

    from .fetcher import ContentFetcher, refusals_fail  # imports WeasyPrint too
    from .languages import tag_passage_languages

    tag_passage_languages()
    settings = PROFILES[profile]
    date = provenance.date if provenance else _FALLBACK_DATE
    stamp = Stamp(inputs_digest=provenance.digest if provenance else None, profile=profile)
    fetcher = ContentFetcher([base_dir, STYLES_DIR])  # the document reads only these, never the network
    with strict_weasyprint(), refusals_fail(fetcher):
        document = HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=fetcher).render(**_render_options())
        for _ in range(2):  # the plan, then at most a correction
            planned = paginate(html, document) if paginate is not None else None
            if planned is None:
                break
            html = planned
            document = HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=fetcher).render(
                **_render_options()
            )
        if inspect is not None:
            inspect(document)  # e.g. the layout preflight, on the laid-out pages
        _plain_bookmarks(document)
        document.metadata.created = document.metadata.modified = date.strftime("%Y-%m-%dT%H:%M:%SZ")
        files = [
            WeasyAttachment(
                file_obj=io.BytesIO(item.data),
                name=item.filename,
                description=item.description,
                created=date,
                modified=date,
                relationship=item.relationship,
            )
            for item in sorted(attachments, key=lambda item: item.filename.encode("utf-8"))  # a name tree is sorted
        ]
        pdf = document.write_pdf(
            pdf_variant=WEASYPRINT_VARIANT,
            pdf_tags=True,
            pdf_identifier=provenance.identifier if provenance else True,
            attachments=files,
            optimize_images=True,
            dpi=settings.dpi,
            jpeg_quality=settings.jpeg_quality,
            finisher=finisher(stamp, bleed=brand.mm("bleed") * POINTS_PER_MM),
        )
        used = _families(document)
    _check_fonts(used, brand)
    check_on_page(document)
    check_text(html, pages_text(pdf), places or {}, sources, source_file)
    if on_layout is not None:
        on_layout(read_layout(document))
    return pdf, len(document.pages)


@dataclass(frozen=True)
class QuickView:
    """One part laid out alone: its pages, numbered as in the whole report."""

    part: str
    pdf: bytes
    first: int  # the page number of its first page
    last: int


def render_part(
    html: str, part: str, layout: Layout, base_dir: Path, brand: Brand, *, profile: str = DEFAULT_PROFILE
) -> QuickView | None:
    """`part` of the report's `html` laid out alone, as it lies in the report `layout`
    describes: same stylesheets, fonts and image options, page numbers, sides and running
    heads from `layout`, glyphs drawn at the widths the whole PDF drew them. A preview,
    not a deliverable: no PDF/A or PDF/UA finishing, no tags, no attachments. The strict
    log, the fonts and the nothing-lost checks apply as to a build (the part's own text).
    None when the part is not in `html` or not in `layout` (a new or removed profile)."""
    from weasyprint import HTML

    from .fetcher import ContentFetcher, refusals_fail

    alone = quick_html(html, part, layout)
    if alone is None:
        return None
    settings = PROFILES[profile]
    fetcher = ContentFetcher([base_dir, STYLES_DIR])
    with strict_weasyprint(), refusals_fail(fetcher):
        laid_out = HTML(string=alone, base_url=str(base_dir) + os.sep, url_fetcher=fetcher).render(**_render_options())
        document = laid_out.copy(laid_out.pages[1:])  # the first page only carried what came before
        document.fonts = _SeededFonts(layout.widths)
        pdf = document.write_pdf(optimize_images=True, dpi=settings.dpi, jpeg_quality=settings.jpeg_quality)
        used = _families(document)
    _check_fonts(used, brand)
    check_on_page(document)
    check_text(alone, pages_text(pdf), {})
    first = layout.parts[layout.group(part)[0]][0]  # with the parts it shares pages with
    return QuickView(part, pdf, first, first + len(document.pages) - 1)


class _SeededFonts(dict):
    """`Document.fonts` for a quick view: each font WeasyPrint adds starts with the glyph
    widths the whole report's PDF drew (WeasyPrint keeps the width it first computes for a
    glyph, rounded, and places every later one of them by it)."""

    def __init__(self, widths: Mapping[str, Mapping[int, int]]):
        super().__init__()
        self.seed = widths

    def __setitem__(self, key, font) -> None:
        font.widths.update(self.seed.get(font.hash, {}))
        super().__setitem__(key, font)


def _families(document) -> set[str]:
    return {
        font.family.decode() if isinstance(font.family, bytes) else str(font.family) for font in document.fonts.values()
    }


def _check_fonts(used: set[str], brand: Brand) -> None:
    allowed = brand.font_families()
    foreign = sorted(name for name in used if not any(family in name for family in allowed))
    if foreign:
        raise BuildError("foreign_fonts", foreign=", ".join(foreign), allowed=", ".join(sorted(allowed)))


def write_atomically(data: bytes, target: Path) -> None:
    """Write to a temporary file of this run (`scratch`, beside `target`), then rename:
    never a partial file. The file gets the permissions the umask gives any new file
    (a temporary file's are private), so a shared drive or a web server can read it."""
    temporary: str | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with scratch(target.parent) as folder:
            handle, temporary = tempfile.mkstemp(prefix=f"{target.name}.", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as stream:
                os.fchmod(stream.fileno(), 0o666 & ~umask())
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, target)
    except OSError as error:
        raise BuildError("write_failed", file=shown(target), reason=os_reason(error)) from None
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
