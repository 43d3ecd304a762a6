#!/usr/bin/env python3
"""Warm rebuilds in one process (run by `bench/run.py`, or by hand; not a test).

    .venv/bin/python bench/warm.py [--runs 5] [--edition content/2020] [--bare-only HTML]

Prints one JSON object:
  bare: a bare, warm `HTML(string=…).write_pdf()` of the report's final HTML with the
        build's PDF options (the `weasyprint` command's, as in row b), median seconds;
  plain, warm: the PDF stage of a rebuild (`pipeline.render` of HTML already composed:
        layout, PDF/A finishing and every check) without and inside `pdf.warm()` (font
        configuration and SVG paths kept between builds), alternated, median seconds;
  profile: where a warm rebuild spends its time, from pyinstrument (seconds per stage).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGES = {  # pyinstrument frame → stage
    "render": "layout (HTML.render)",
    "write_pdf": "writing the PDF (write_pdf)",
    "draw": "of which SVG drawing",
    "pages_text": "text check (pages_text)",
    "preflight": "preflight",
    "read_layout": "parts' layout",
    "finish": "PDF/A finishing",
}


def bare_writes(html_path: Path, base: Path, runs: int) -> list[float]:
    from weasyprint import HTML

    from report.render.archival import WEASYPRINT_VARIANT
    from report.render.profiles import PROFILES

    profile = PROFILES["archive"]
    options = {
        "pdf_variant": WEASYPRINT_VARIANT,
        "pdf_tags": True,
        "optimize_images": True,
        "dpi": profile.dpi,
        "jpeg_quality": profile.jpeg_quality,
    }
    html = html_path.read_text(encoding="utf-8")
    times = []
    for index in range(runs + 1):  # the first warms the imports and the fonts
        started = time.perf_counter()
        HTML(string=html, base_url=str(base) + os.sep).write_pdf(**options)
        if index:
            times.append(time.perf_counter() - started)
    return times


def profile_of(run) -> dict[str, float]:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.002)
    profiler.start()
    run()
    profiler.stop()
    found: dict[str, float] = dict.fromkeys(STAGES.values(), 0.0)
    total = profiler.last_session.duration

    def walk(frame, inside: frozenset[str]) -> None:
        name = frame.function
        key = name
        if name == "draw" and "svg" not in (frame.file_path or ""):
            key = ""
        if name == "render" and "weasyprint" not in (frame.file_path or ""):
            key = ""
        if key in STAGES and key not in inside:
            found[STAGES[key]] += frame.time
            inside = inside | {key}
        for child in frame.children:
            walk(child, inside)

    walk(profiler.last_session.root_frame(), frozenset())
    return {"total": total, **found}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--edition", type=Path, default=ROOT / "content" / "2020")
    parser.add_argument("--html", type=Path, help="the build's --html output, for the bare writes")
    args = parser.parse_args()

    from report import pipeline
    from report.render import pdf
    from report.render.scratch import scratch
    from report.render.variant import Variant

    edition = args.edition.resolve()
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="ip360-warm-") as folder, scratch(Path(folder)):
        composed = pipeline.compose(edition, Variant())
        html = args.html or Path(folder) / "report.html"
        if not args.html:
            html.write_text(composed.html, encoding="utf-8")
        bare = bare_writes(html, edition, args.runs)
        plain, warm = [], []
        with pdf.warm():
            pipeline.render(edition, Variant(), composed=composed, layout=True)  # fills what is kept
            for _ in range(args.runs):
                started = time.perf_counter()
                pipeline.render(edition, Variant(), composed=composed, layout=True)
                warm.append(time.perf_counter() - started)
                with pdf.warm():  # a fresh warm state: nothing kept yet, as without it
                    started = time.perf_counter()
                    pipeline.render(edition, Variant(), composed=composed, layout=True)
                    plain.append(time.perf_counter() - started)
            result["profile"] = profile_of(lambda: pipeline.render(edition, Variant(), composed=composed, layout=True))
        bare += bare_writes(html, edition, args.runs)  # before and after: the machine's drift touches both
    result |= {
        "bare": statistics.median(bare),
        "plain": statistics.median(plain),
        "warm": statistics.median(warm),
        "runs": args.runs,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
