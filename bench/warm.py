#!/usr/bin/env python3
"""Warm rebuilds in one process (run by `bench/run.py`, or by hand; not a test).

    .venv/bin/python bench/warm.py [--runs 5] [--edition content/2020]
    .venv/bin/python bench/warm.py --bare-on-demand [--edition content/2020]

Prints one JSON object:
  plain, warm: the PDF stage of a rebuild (`pipeline.render` of HTML already composed:
        layout, PDF/A finishing and every check) without and inside `pdf.warm()` (font
        configuration and SVG paths kept between builds), alternated, median seconds;
  profile: where a warm rebuild spends its time, from pyinstrument (seconds per stage).

With --bare-on-demand, it composes the report's final HTML, warms once, then makes one
bare, warm `HTML(string=…).write_pdf()` of it with the build's PDF options (the
`weasyprint` command's, as in row b) for each line read on stdin and prints its seconds:
`bench/run.py` pairs each `watch` save with one, so a slow spell of the machine touches
both sides of a ratio alike.
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


def bare_on_demand(edition: Path) -> int:
    from weasyprint import HTML

    from report import pipeline
    from report.render.archival import WEASYPRINT_VARIANT
    from report.render.profiles import PROFILES
    from report.render.variant import Variant

    profile = PROFILES["archive"]
    options = {
        "pdf_variant": WEASYPRINT_VARIANT,
        "pdf_tags": True,
        "optimize_images": True,
        "dpi": profile.dpi,
        "jpeg_quality": profile.jpeg_quality,
    }
    html = pipeline.compose(edition, Variant()).html

    def write() -> float:
        started = time.perf_counter()
        HTML(string=html, base_url=str(edition) + os.sep).write_pdf(**options)
        return time.perf_counter() - started

    write()  # the first warms the imports and the fonts
    print("ready", flush=True)
    for _ in sys.stdin:
        print(f"{write():.4f}", flush=True)
    return 0


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
    parser.add_argument("--bare-on-demand", action="store_true", help="one bare write per line on stdin")
    args = parser.parse_args()
    if args.bare_on_demand:
        return bare_on_demand(args.edition.resolve())

    from report import pipeline
    from report.commands.limits import collect_less_often
    from report.render import pdf
    from report.render.scratch import scratch
    from report.render.variant import Variant

    collect_less_often()  # as `watch` runs: through build.py

    edition = args.edition.resolve()
    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="ip360-warm-") as folder, scratch(Path(folder)):
        composed = pipeline.compose(edition, Variant())
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
    result |= {
        "plain": statistics.median(plain),
        "warm": statistics.median(warm),
        "runs": args.runs,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
