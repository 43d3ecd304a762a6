"""The PDF stage: the final HTML into a PDF with WeasyPrint, strictly.

WeasyPrint logs problems (a missing image, an unknown CSS property) instead of raising
them; every warning or error it logs during the build fails the build with its message.
The PDF may embed only the brand's fonts: a fallback font means a missing glyph.
"""

from __future__ import annotations

import logging
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .brand import Brand
from .problems import BuildError


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
        raise BuildError("WeasyPrint informó problemas:\n" + "\n".join(f"  - {m}" for m in collector.messages))


def render_pdf(html: str, base_dir: Path, brand: Brand) -> tuple[bytes, int]:
    """The PDF bytes of `html` and its page count; relative URLs resolve against `base_dir`."""
    from weasyprint import HTML  # heavy: imported only when a PDF is made

    with strict_weasyprint():
        document = HTML(string=html, base_url=str(base_dir) + os.sep).render()
        pdf = document.write_pdf(pdf_tags=True)
        used = {font.family.decode() if isinstance(font.family, bytes) else str(font.family) for font in document.fonts.values()}
    _check_fonts(used, brand)
    return pdf, len(document.pages)


def _check_fonts(used: set[str], brand: Brand) -> None:
    allowed = brand.font_families()
    foreign = sorted(name for name in used if not any(family in name for family in allowed))
    if foreign:
        raise BuildError(
            "el PDF usaría fuentes ajenas a la marca "
            f"({', '.join(foreign)}): algún carácter del contenido no existe en {', '.join(sorted(allowed))}"
        )


def write_atomically(data: bytes, target: Path) -> None:
    """Write to a temporary file beside `target`, then rename: never a partial PDF."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
