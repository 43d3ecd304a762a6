"""Benchmark, run by hand: `build.py matrix` against the sum of building each variant alone.

    .venv/bin/python bench/matrix.py [--runs 2]

Both sides run the real command line in fresh processes, with warm caches (one matrix run
first), so the difference is what the process pool buys: the variants overlap on the
cores, and each worker pays the start-up (imports, fonts) once for several variants.
Writes the «Matriz» section of docs/performance.md (other sections stay as they are).
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
DOC = ROOT / "docs" / "performance.md"


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    from report import pipeline
    from report.loading import find_edition
    from report.matrix import cpu_count
    from report.variants import variants_of

    edition_dir = find_edition(ROOT / "content")
    edition, _ = pipeline.load(edition_dir)
    variants = variants_of(edition)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        timed([PYTHON, "build.py", "matrix", "--edition", str(edition_dir), "--out", str(out / "warm")])
        matrix, alone = [], []
        for _ in range(args.runs):
            matrix.append(timed([PYTHON, "build.py", "matrix", "--edition", str(edition_dir), "--out", str(out / "m")]))
            total = 0.0
            for v in variants:
                command = [PYTHON, "build.py", "--edition", str(edition_dir), "--out", str(out / "a"), "--lang", v.lang]
                total += timed(command + (["--country", v.country] if v.country else []))
            alone.append(total)
    m, a = statistics.median(matrix), statistics.median(alone)
    load_after = os.getloadavg()[0]
    print(f"matrix {m:.1f} s, alone {a:.1f} s, ratio {m / a:.2f}, cores {cpu_count()}, load {load:.1f}→{load_after:.1f}")
    section = f"""## Matriz

`python bench/matrix.py --runs {args.runs}` ({"una corrida" if args.runs == 1 else f"mediana de {args.runs} corridas"}, cachés calientes): `build.py matrix`
contra la suma de `build.py --country X --lang Y` para cada una de las {len(variants)} variantes de
{edition_dir.name}, todo por la línea de comandos y en procesos nuevos.

| medida | tiempo |
| --- | --- |
| `matrix` ({len(variants)} variantes, {cpu_count()} núcleos) | {m:.1f} s |
| suma de cada variante sola | {a:.1f} s |
| matriz / suma | {m / a:.2f} |

Máquina de 2 núcleos compartida con otros procesos en el momento de medir (carga media
{load:.1f} al empezar y {load_after:.1f} al terminar): los números absolutos varían; la razón es
lo que importa. La matriz gana por dos cosas: las variantes se reparten entre los núcleos
(`ProcessPoolExecutor`, un proceso por núcleo) y cada proceso paga el arranque (importar
WeasyPrint, Pydantic y Babel, cargar las fuentes) una vez para varias variantes en vez de una
vez por variante.
"""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Rendimiento\n"
    if re.search(r"(?m)^## Matriz$", text):
        text = re.sub(r"(?ms)^## Matriz\n.*?(?=^## |\Z)", section + "\n", text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
