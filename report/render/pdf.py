"""The PDF stage: the final HTML into a PDF with WeasyPrint, strictly.

WeasyPrint logs problems (a missing image, an unknown CSS property) instead of raising
them; every warning or error it logs during the build fails the build with its message.
The PDF may embed only the brand's fonts: a fallback font means a missing glyph.

Every profile is PDF/A-3a with an sRGB output intent, tagged for PDF/UA-1 (see
`archival`), with the data behind the figures attached as associated files, and dated
by its provenance rather than the clock, so the same inputs give the same bytes.
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
from .pdftext import pages_text
from .profiles import PROFILES
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


def render_pdf(
    html: str,
    base_dir: Path,
    brand: Brand,
    *,
    profile: str = "archive",
    attachments: Sequence[Attachment] = (),
    provenance: Provenance | None = None,
    inspect: Callable[[Any], None] | None = None,
    places: Mapping[str, str] | None = None,
) -> tuple[bytes, int]:
    """The PDF bytes of `html` and its page count; relative URLs resolve against `base_dir`.
    Every text of `html` must reach the page (`textcheck`); `places` (anchor id → content
    file) names where a lost text came from. `inspect` is handed the laid-out document."""
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
        document = HTML(string=html, base_url=str(base_dir) + os.sep, url_fetcher=fetcher).render()
        if inspect is not None:
            inspect(document)  # e.g. the layout preflight, on the laid-out pages
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
        used = {
            font.family.decode() if isinstance(font.family, bytes) else str(font.family)
            for font in document.fonts.values()
        }
    _check_fonts(used, brand)
    check_on_page(document)
    check_text(html, pages_text(pdf), places or {})
    return pdf, len(document.pages)


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
