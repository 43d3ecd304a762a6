"""Chart stage benchmark, run by hand: `.venv/bin/python bench/charts.py`.

1. The chart runner cold (empty cache, fresh process: matplotlib imported and every chart
   drawn) and cached (fresh process, warm cache: nothing drawn, matplotlib not imported).
2. SVG text as <text> (svg.fonttype "none") against outlines ("path"): SVG size, and the
   WeasyPrint render of the whole report with each, under the strict log and font check.
Times are process CPU time (the machine is shared). Results go to docs/performance.md (section «Gráficos») by hand.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EDITION = ROOT / "content" / "2020"
RUNS = 3

STAGE = """
import sys, time
from pathlib import Path
started = time.process_time()
from report.render import chart_runner
from report.render.brand import load_brand
from report.render.totals import totals
from report.content.loader import load_edition
edition = load_edition(Path({edition!r})).edition
context = chart_runner.chart_context(edition, totals(edition), load_brand(), "es")
begin = time.process_time()
run = chart_runner.render_charts(context, cache_dir=Path({cache!r}))
print(time.process_time() - begin, run.drawn, run.cached, "matplotlib" in sys.modules)
"""


def stage(cache: Path) -> tuple[float, str]:
    code = STAGE.format(edition=str(EDITION), cache=str(cache))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout.split()
    return float(out[0]), f"drawn {out[1]}, cached {out[2]}, matplotlib imported: {out[3]}"


def runner_times() -> None:
    cold, cached = [], []
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as cache:
            seconds, what_cold = stage(Path(cache))
            cold.append(seconds)
            seconds, what_cached = stage(Path(cache))
            cached.append(seconds)
    print(f"chart stage cold:   median {statistics.median(cold) * 1000:.0f} ms ({what_cold})")
    print(f"chart stage cached: median {statistics.median(cached) * 1000:.1f} ms ({what_cached})")


def fonttypes() -> None:
    from report.content.loader import load_edition
    from report.locale import say
    from report.problems import BuildError
    from report.render.brand import load_brand
    from report.render.chart_runner import chart_context, render_charts
    from report.render.html import Filling, render_html
    from report.render.pdf import render_pdf
    from report.render.totals import totals
    from report.render.variant import Variant

    edition = load_edition(EDITION).edition
    counted, brand = totals(edition), load_brand()
    for fonttype in ("none", "path"):
        context = chart_context(edition, counted, brand, "es")
        charts = render_charts(context, cache_dir=None, fonttype=fonttype).charts
        html = render_html(Filling(edition, counted, Variant(), charts), brand)
        svg = sum(len(c.svg) for c in charts.values())
        times, verdict, size = [], "ok", 0
        for _ in range(RUNS):
            started = time.process_time()
            try:
                pdf, _pages = render_pdf(html, EDITION, brand)
                size = len(pdf)
            except BuildError as error:
                verdict = f"FAILS: {say(error.message)}"
            times.append(time.process_time() - started)
        print(
            f"svg.fonttype={fonttype!r}: SVG {svg / 1024:.0f} KB in {len(charts)} charts; "
            f"WeasyPrint median {statistics.median(times):.2f} s; PDF {size / 1024:.0f} KB; "
            f"strict log and fonts: {verdict}"
        )
    html = render_html(Filling(edition, counted, Variant(), {}), brand)
    times = []
    for _ in range(RUNS):
        started = time.process_time()
        render_pdf(html, EDITION, brand)
        times.append(time.process_time() - started)
    print(f"no charts: WeasyPrint median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    runner_times()
    fonttypes()
