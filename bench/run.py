#!/usr/bin/env python3
"""Benchmark of the report pipeline on this machine (run by hand, not a test).

    .venv/bin/python bench/run.py [--runs 3] [--skip matrix,scaling]

Measures, each as the median of several runs (a ratio: the median of pairs run back to back,
so that a slow spell of the machine touches both of its sides alike):
  a. a cold build of the 2020 report (process start to PDF);
  b. bare `weasyprint` on the same final HTML with the same PDF options, and a/b;
  c. `watch --serve` after a save of one government's profile: save → the quick view of its
     page served by the preview (its `/version` changes and `/report.pdf` is read), and
     save → the full PDF served, against a bare, warm `HTML(...).write_pdf()` of the same
     HTML with the same options made right after each save (`bench/warm.py --bare-on-demand`);
  f. warm rebuilds: the PDF stage of a rebuild without and with what `watch` keeps between
     saves (`pdf.warm()`), alternated in one process, and a pyinstrument profile of one;
  d. `build.py matrix` against the sum of building each variant alone;
  e. scaling: synthetic editions of 20, 100 and 400 governments (time per page, peak memory);
  g. the web edition of 2020 beside its PDF: `build.py web --lang es` from process start, and
     `pipeline.web` alone in one process (the first call, then warm).

Writes its section of docs/performance.md between <!-- bench:start --> and <!-- bench:end -->,
keeping every other section of that file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.synthetic import synthetic_edition  # noqa: E402  (the same editions the tests build)

EDITION = ROOT / "content" / "2020"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
RESULTS = ROOT / ".cache" / "bench.json"  # the last run's numbers: `--again` writes the section from them
PYTHON = sys.executable
TARGETS = {"web": 1.0, "a/b": 1.15, "watch": 0.5, "full/bare": 1.0, "matrix": 0.65, "scaling": 1.25, "memory_mb": 600}
SIZES = (20, 100, 400)
STAGE_WORDS = {  # bench/warm.py's stages, as the Spanish page says them
    "layout (HTML.render)": "composición (`HTML.render`)",
    "writing the PDF (write_pdf)": "escritura del PDF (`write_pdf`)",
    "of which SVG drawing": "de ella, dibujo de los SVG",
    "text check (pages_text)": "comprobación del texto (`pages_text`)",
    "preflight": "revisión de la maqueta",
    "parts' layout": "lugar de cada parte (`read_layout`)",
    "PDF/A finishing": "acabado PDF/A",
}


@dataclass
class Run:
    seconds: float
    max_rss_mb: float
    output: str


def run(args: list[str], cwd: Path = ROOT) -> Run:
    """One child process: wall time from start to exit, and its peak memory (ru_maxrss)."""
    started = time.perf_counter()
    child = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = child.stdout.read()
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"failed ({child.returncode}): {' '.join(map(str, args))}\n{output}")
    return Run(seconds, usage.ru_maxrss / 1024, output)


def median_run(args: list[str], runs: int) -> tuple[float, float, str]:
    results = [run(args) for _ in range(runs)]
    return statistics.median(r.seconds for r in results), max(r.max_rss_mb for r in results), results[-1].output


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def weasyprint_options() -> list[str]:
    """The PDF options the build passes to WeasyPrint (archive profile)."""
    sys.path.insert(0, str(ROOT))
    from report.render.archival import WEASYPRINT_VARIANT
    from report.render.profiles import PROFILES

    profile = PROFILES["archive"]
    return [
        "--pdf-variant",
        WEASYPRINT_VARIANT,
        "--pdf-tags",
        "--optimize-images",
        "--dpi",
        str(profile.dpi),
        "--jpeg-quality",
        str(profile.jpeg_quality),
    ]


# --- a, b: cold build against bare WeasyPrint --------------------------------------------


def cold_build(tmp: Path, runs: int) -> dict:
    """a and b run alternately, so drift in the machine's load touches both alike."""
    out = tmp / "cold"
    build_args = [PYTHON, "build.py", "--edition", str(EDITION), "--out", str(out)]
    run([*build_args, "--html"])
    html = next(out.glob("*.html"))
    ours = next(out.glob("*.pdf"))
    bare_pdf = tmp / "bare.pdf"
    bare_args = [PYTHON, "-m", "weasyprint", *weasyprint_options(), str(html), str(bare_pdf)]
    builds, bares = [], []
    for _ in range(max(runs, 5)):
        builds.append(run(build_args))
        bares.append(run(bare_args))
    build = statistics.median(r.seconds for r in builds)
    bare = statistics.median(r.seconds for r in bares)
    return {
        "build": build,
        "build_rss": max(r.max_rss_mb for r in builds),
        "bare": bare,
        # each build over the bare run right after it: a slow spell touches both alike
        "ratio": statistics.median(a.seconds / b.seconds for a, b in zip(builds, bares, strict=True)),
        "ratios": [round(a.seconds / b.seconds, 3) for a, b in zip(builds, bares, strict=True)],
        "pages_build": pages(ours),
        "pages_bare": pages(bare_pdf),
    }


# --- c: save → quick view and save → full PDF in `watch --serve` ----------------------------


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bare_writer() -> subprocess.Popen:
    """A warm process making one bare `write_pdf()` of the report's final HTML on demand."""
    child = subprocess.Popen(
        [PYTHON, str(ROOT / "bench" / "warm.py"), "--bare-on-demand", "--edition", str(EDITION)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    if child.stdout is None or child.stdout.readline().strip() != "ready":
        raise SystemExit("the bare writer did not start")
    return child


def watch_latency(tmp: Path, runs: int) -> dict:
    edition = tmp / "watch" / "2020"
    shutil.copytree(EDITION, edition)
    out = tmp / "watch-out"
    port = free_port()
    child = subprocess.Popen(
        [PYTHON, "build.py", "watch", "--serve", "--port", str(port), "--edition", str(edition), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
    )
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(line.rstrip() for line in child.stdout), daemon=True).start()
    base = f"http://127.0.0.1:{port}"
    bare = bare_writer()

    def state(seen: int | None = None) -> dict:
        query = f"?seen={seen}" if seen is not None else ""
        return json.loads(urllib.request.urlopen(base + "/version" + query, timeout=60).read())

    def served(version: int) -> bytes:
        return urllib.request.urlopen(f"{base}/report.pdf?v={version}", timeout=60).read()

    deadline = time.monotonic() + 300
    while not any("127.0.0.1" in line for line in lines):
        if child.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("watch did not start:\n" + "\n".join(lines))
        time.sleep(0.05)
    try:
        government = edition / "gobiernos" / "05-rosario.md"
        original = government.read_text(encoding="utf-8")
        quick, full, bares, quick_pages = [], [], [], set()
        for index in range(runs + 1):  # the first save also warms what the first build did not
            now = state()
            started = time.perf_counter()
            government.write_text(original.rstrip("\n") + f"\n\nEdición de prueba número {index}.\n", encoding="utf-8")
            seen, shown_quick = now["serial"], None
            while True:  # the quick view, then the full PDF (any order of states in between)
                now = state(seen)
                seen = now["serial"]
                if now["problems"]:
                    raise SystemExit("watch reported problems:\n" + "\n".join(lines))
                if now["quick"] and shown_quick is None:
                    served(now["version"])
                    shown_quick = time.perf_counter() - started
                    quick_pages.add((now["quick"]["first"], now["quick"]["last"]))
                elif not now["quick"] and now["version"] > 0 and shown_quick is not None:
                    served(now["version"])
                    shown_full = time.perf_counter() - started
                    break
                if time.perf_counter() - started > 300:
                    raise SystemExit("no full PDF after a save:\n" + "\n".join(lines))
            quick.append(shown_quick)
            full.append(shown_full)
            time.sleep(0.5)  # let the watcher settle before the next save
            bare.stdin.write("\n")  # and pair this save with a bare, warm write of the same HTML
            bare.stdin.flush()
            bares.append(float(bare.stdout.readline()))
        rebuilds = [float(m) for line in lines if "✓" in line for m in re.findall(r"en ([\d.]+) s", line)]
    finally:
        child.terminate()
        child.wait(timeout=30)
        bare.stdin.close()
        bare.wait(timeout=60)
    return {
        "quick": statistics.median(quick[1:]),
        "quick_all": quick[1:],
        "pages": sorted(quick_pages),
        "full": statistics.median(full[1:]),
        "full_all": full[1:],
        "bare": statistics.median(bares[1:]),
        "bare_all": bares[1:],
        "full/bare": statistics.median(f / b for f, b in zip(full[1:], bares[1:], strict=True)),
        "rebuild": statistics.median(rebuilds[2:] or rebuilds),
    }


# --- f (and the bare warm write of c): warm rebuilds in one process ----------------------------


def warm_rebuilds(tmp: Path, runs: int) -> dict:
    result = run([PYTHON, str(ROOT / "bench" / "warm.py"), "--runs", str(runs), "--edition", str(EDITION)])
    return json.loads(result.output.strip().splitlines()[-1])


# --- d: the matrix against each variant alone --------------------------------------------


def matrix(tmp: Path, runs: int) -> dict:
    from report.content.loader import load_edition
    from report.render.variant import variants_of

    variants = variants_of(load_edition(EDITION, ROOT).edition)
    together, rss, _ = median_run(
        [PYTHON, "build.py", "matrix", "--edition", str(EDITION), "--out", str(tmp / "matrix")], runs
    )
    alone = 0.0
    for variant in variants:
        args = [PYTHON, "build.py", "--edition", str(EDITION), "--out", str(tmp / "alone"), "--lang", variant.lang]
        if variant.country:
            args += ["--country", variant.country]
        alone += median_run(args, runs)[0]
    return {"variants": len(variants), "matrix": together, "matrix_rss": rss, "alone": alone, "ratio": together / alone}


# --- g: the web edition beside the PDF ----------------------------------------------------

WEB_STAGE = """
import json, statistics, sys, time
from pathlib import Path
from report import pipeline
edition, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
times = []
for _ in range(runs + 1):
    started = time.perf_counter()
    pipeline.web(edition, out)
    times.append(time.perf_counter() - started)
print(json.dumps({"first": times[0], "warm": statistics.median(times[1:]), "all": times}))
"""


def web_edition(tmp: Path, runs: int) -> dict:
    out = tmp / "web"
    run([PYTHON, "build.py", "--edition", str(EDITION), "--out", str(out)])  # the PDF the page links to
    command, rss, _ = median_run(
        [PYTHON, "build.py", "web", "--lang", "es", "--edition", str(EDITION), "--out", str(out)], runs
    )
    stage = json.loads(
        run([PYTHON, "-c", WEB_STAGE, str(EDITION), str(out), str(runs)]).output.strip().splitlines()[-1]
    )
    return {"command": command, "rss": rss, **stage}


# --- e: scaling with synthetic editions -----------------------------------------------------


def scaling(tmp: Path, runs: int) -> list[dict]:
    rows = []
    for size in SIZES:
        edition = synthetic_edition(tmp / f"synthetic-{size}" / "2020", size)
        out = tmp / f"synthetic-{size}-out"
        seconds, rss, _ = median_run(
            [PYTHON, "build.py", "--edition", str(edition), "--out", str(out), "--timeout", "0", "--max-size", "500MB"],
            runs,
        )
        count = pages(next(out.glob("*.pdf")))
        rows.append({"governments": size, "pages": count, "seconds": seconds, "per_page": seconds / count, "rss": rss})
    return rows


# --- the machine and the report ------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")
    )
    weasyprint = run([PYTHON, "-c", "import weasyprint; print(weasyprint.__version__)"]).output.strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": memory / 1024 / 1024,
        "python": platform.python_version(),
        "weasyprint": weasyprint,
    }


def verdict(ok: bool) -> str:
    return "sí" if ok else "**no**"


def render(results: dict, runs: int, loads: tuple) -> str:
    m = results["machine"]
    lines = [
        START,
        "## Compilación, edición en vivo y escala (`bench/run.py`)",
        "",
        f"Medido el {results['when']} en {m['cpu']}, {m['cores']} núcleos, {m['ram_gb']:.0f} GB de RAM; "
        f"Python {m['python']}, WeasyPrint {m['weasyprint']}. Tiempo de reloj, de un proceso nuevo a su fin "
        f"(`watch`: de guardar el archivo a que la vista previa sirve la página); mediana de {runs} ejecuciones (a y b: de {max(runs, 5)}, alternadas); "
        "cada cociente es la mediana de los cocientes de pares medidos uno tras otro, para que una racha lenta de la máquina toque a los dos lados por igual. "
        f"Carga media de la máquina (1 min) al empezar y al terminar: {loads[0]:.2f} y {loads[1]:.2f}.",
        "",
        "| medida | valor | objetivo | cumple |",
        "| --- | --- | --- | --- |",
    ]
    a = results.get("cold")
    if a:
        lines += [
            f"| a. compilación en frío del informe 2020 ({a['pages_build']} páginas), del arranque al PDF | {a['build']:.2f} s | | |",
            f"| b. `weasyprint` solo, mismo HTML y mismas opciones PDF ({a['pages_bare']} páginas) | {a['bare']:.2f} s | | |",
            f"| a/b | {a['ratio']:.2f} | ≤ {TARGETS['a/b']} | {verdict(a['ratio'] <= TARGETS['a/b'])} |",
        ]
    c = results.get("watch")
    f = results.get("warm")
    if c:
        pages = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in c["pages"])
        lines += [
            f"| c. `watch --serve`: de guardar un perfil a que la vista previa sirve la vista rápida de su página (p. {pages}) | {c['quick']:.2f} s | ≤ {TARGETS['watch']} s | {verdict(c['quick'] <= TARGETS['watch'])} |",
            f"| c. `watch --serve`: de guardar el perfil a que la vista previa sirve el PDF completo | {c['full']:.2f} s | | |",
            f"| c. `watch`: tiempo de la compilación completa que informa la orden | {c['rebuild']:.2f} s | | |",
        ]
    if c:
        ratio = c["full/bare"]
        lines += [
            f"| c. `HTML(...).write_pdf()` solo, en caliente, mismo HTML y opciones que b, tras cada guardado | {c['bare']:.2f} s | | |",
            f"| c. PDF completo / `write_pdf()` en caliente, guardado a guardado | {ratio:.2f} | ≤ {TARGETS['full/bare']} | {verdict(ratio <= TARGETS['full/bare'])} |",
        ]
    if f:
        lines += [
            f"| f. recompilación en caliente, etapa PDF, sin lo que guarda `watch` | {f['plain']:.2f} s | | |",
            f"| f. la misma, con la configuración de fuentes y los trazados SVG guardados (`pdf.warm`) | {f['warm']:.2f} s | | |",
            f"| f. con / sin | {f['warm'] / f['plain']:.2f} | | |",
        ]
    d = results.get("matrix")
    if d:
        lines += [
            f"| d. `matrix` ({d['variants']} variantes) | {d['matrix']:.2f} s | | |",
            f"| d. suma de compilar cada variante sola | {d['alone']:.2f} s | | |",
            f"| d. matriz / suma | {d['ratio']:.2f} | ≤ {TARGETS['matrix']} | {verdict(d['ratio'] <= TARGETS['matrix'])} |",
        ]
    g = results.get("web")
    if g:
        lines += [
            f"| g. `build.py web --lang es`: edición web de 2020 junto a su PDF, del arranque a la página | {g['command']:.2f} s | | |",
            f"| g. `pipeline.web` solo, primera vez en el proceso | {g['first']:.2f} s | < {TARGETS['web']} s | {verdict(g['first'] < TARGETS['web'])} |",
            f"| g. `pipeline.web` en caliente | {g['warm']:.2f} s | | |",
        ]
    rows = results.get("scaling")
    if rows:
        base = rows[0]["per_page"]
        for row in rows:
            ratio = row["per_page"] / base
            lines.append(
                f"| e. {row['governments']} gobiernos: {row['pages']} páginas en {row['seconds']:.1f} s | "
                f"{row['per_page'] * 1000:.0f} ms/página ({ratio:.2f}×), {row['rss']:.0f} MB de pico | "
                f"≤ {TARGETS['scaling']}× y < {TARGETS['memory_mb']} MB | "
                f"{verdict(ratio <= TARGETS['scaling'] and row['rss'] < TARGETS['memory_mb'])} |"
            )
    if f:
        profile = f["profile"]
        lines += [
            "",
            f"Dónde va una recompilación en caliente (pyinstrument, `bench/warm.py`, {profile['total']:.2f} s en total): "
            + "; ".join(
                f"{STAGE_WORDS.get(name, name)} {seconds:.2f} s" for name, seconds in profile.items() if name != "total"
            )
            + ".",
        ]
    if a and "ratios" in a:
        lines += ["", "Cada par a/b: " + "; ".join(f"{r:.2f}" for r in a["ratios"]) + "."]
    if c:
        lines += [
            "",
            "Cada guardado, en segundos (vista rápida; PDF completo; `write_pdf()` solo, justo después): "
            + "; ".join(
                f"{q:.2f}; {w:.2f}; {b:.2f}"
                for q, w, b in zip(c["quick_all"], c["full_all"], c["bare_all"], strict=True)
            )
            + ".",
        ]
    lines += ["", NOTES.rstrip("\n")]
    if a and a["pages_build"] != a["pages_bare"]:
        lines += [
            "",
            f"**El HTML de `--html` no da las mismas páginas con `weasyprint` solo: {a['pages_build']} frente a {a['pages_bare']}.**",
        ]
    lines += ["", END]
    return "\n".join(lines)


NOTES = """\
Qué se midió antes de optimizar (pyinstrument sobre una recompilación en caliente del informe
2020, y fases con `ru_maxrss` sobre la edición de 400 gobiernos):

- Casi todo el tiempo es de WeasyPrint: alrededor de 55 % en la composición (`HTML.render`) y
  40 % en escribir el PDF (dibujo, subconjuntos de fuentes, etiquetas PDF/UA). Lo nuestro
  (leer y validar, Jinja, gráficos desde la caché, el acabado PDF/A) es menos del 5 %.
- En frío se suman las importaciones: WeasyPrint (~0,75 s, que `weasyprint` solo también paga)
  y lo nuestro (Pydantic y los modelos, Jinja, Markdown, Babel, Rich: ~0,2 s).
- La memoria de pico también es de WeasyPrint: con 426 páginas, la composición retiene unos
  515 MB (las cajas de todas las páginas) y escribir el PDF suma ~170 MB. Es memoria viva:
  forzar el recolector de ciclos (`gc.collect()` tras componer, umbrales más bajos) no baja el pico.

Qué se hizo: `watch` es un proceso caliente (bibliotecas importadas, entorno Jinja y marca en
memoria); el cargador guarda cada archivo leído y validado por (ruta, fecha, tamaño y resumen
del contenido) y solo vuelve a leer los que cambiaron; los gráficos salen de `.cache/charts/`
sin importar matplotlib, y la versión de matplotlib de su clave se lee una vez y no una por
gráfico (~30 ms menos); las plantillas compiladas quedan en `.cache/jinja/`; WeasyPrint se
importa solo cuando hay que hacer un PDF.

La vista rápida (issue 17): WeasyPrint no compone por partes, así que `watch` no acelera la
compilación completa sino que, al guardar un perfil (un proyecto, la carta), compone y
escribe solo esa parte, con las hojas de estilo del informe y el número de página, el lado
y los encabezados de la última composición completa (`report/render/parts.py`,
`pdf.render_part`): un perfil solo es una décima parte del informe. La vista previa la sirve
apenas está (la página espera `/version?seen=N`, que responde en cuanto cambia el estado, en
vez de preguntar cada 300 ms). La compilación completa corre a la vez, en una copia del
proceso caliente (`fork`), en el otro núcleo; un guardado nuevo la detiene en vez de
esperarla. La fila «c. PDF completo / `write_pdf()` en caliente» compara de guardar a que
se sirve el PDF completo (lectura, HTML, composición, PDF/A, las comprobaciones de texto y
maqueta, escritura) con solo `write_pdf()` de WeasyPrint sobre el mismo HTML, en caliente,
en otro proceso y justo después de cada guardado (`bench/warm.py --bare-on-demand`). Hasta
el 2026-12-01 esa escritura se medía aparte, antes o después de los guardados, y una racha
lenta de la máquina virtual en medio daba 0,90 en una corrida y 1,34 en la siguiente con el
mismo código; guardado a guardado, las dos mitades de cada cociente ven la misma máquina.

Lo que se guarda entre compilaciones (fila f; perfil de pyinstrument de una recompilación en
caliente: la composición y la escritura del PDF son casi todo, y dentro de la escritura, el
dibujo de los trazados SVG de los mapas —las costas de Natural Earth— era la partida más
grande): la configuración de fuentes de WeasyPrint (las `@font-face` de la marca se registran
una vez) y el dibujo de cada trazado SVG (`pdf.warm`: el mismo `d` en el mismo marco da los
mismos operadores; el PDF es idéntico byte a byte, `tests/test_quick.py`). Los gráficos ya
salían de la caché y el entorno Jinja ya quedaba en memoria. No se guarda la hoja de estilos
ya analizada: analizarla cuesta ~33 ms por compilación (medido con `CSS(string=…)` y la
configuración de fuentes en caliente) y WeasyPrint registra al analizarla las reglas
`@page` y `@font-face` de cada documento, que habría que repetir a mano.

Sobre a/b: lo que separa una compilación en frío de `weasyprint` solo es nuestro trabajo, y
desde los issues 13, 14 y 16 incluye tres comprobaciones que `weasyprint` no hace: la
revisión de la maqueta (`preflight`), que todo el texto llegó al PDF (`textcheck`, que lee
el PDF con PDFium) y el acabado PDF/A. Antes de ellas el cociente era 1,07–1,21 (cuatro
corridas el 2026-11-25); con ellas pasó a 1,63. Lo que se hizo el 2026-12-01, en orden:
leer el texto con PDFium (0,07 s; antes 0,45 s); guardar en `.cache/brand/` la comprobación
de colores y los mapas de caracteres de las fuentes (`report/saved.py`); convertir cada
color de la maqueta una sola vez (0,10 → 0,05 s); buscar las palabras cortas finales solo al
final de cada bloque y no en los trazados de los mapas (44 → 6 ms, el mismo HTML); y que el
recolector de ciclos de Python pase cada 50 000 objetos y no cada 700
(`report/commands/limits.py`): recorría una y otra vez las cajas de WeasyPrint, 0,37 s de
una compilación de 2020 frente a 0,19 s en `weasyprint` solo, y ahora 0,06 s (a 400
gobiernos, 7 s menos, con el mismo pico de memoria). Ese último cambio acelera también la
parte de WeasyPrint de nuestra compilación, que `weasyprint` solo no tiene: sin él el
cociente sería ~0,1 más alto. Lo que queda, medido con marcas de tiempo dentro de una
compilación en frío: importar nuestras bibliotecas antes que WeasyPrint (Pydantic y los
modelos, Rich, PyYAML, markdown-it, Jinja2, Babel, Pillow: ~0,3 s); leer, validar y hacer el
HTML (~0,28 s, de ellos ~0,05 s el YAML en Python puro y 0,02 s los datos de los mapas);
importar PDFium y comprobar el texto (~0,09 s); la maqueta (0,06 s) y el acabado PDF/A
(0,08 s). La máquina virtual es ruidosa a escala de segundos: en una misma corrida un par
a/b va de 1,12 a 1,56, por eso cada cociente es la mediana de pares. Bajar de 1,15 con
seguridad pide solapar la importación y la validación con la importación de WeasyPrint en
otro proceso (no se hizo: `fork` no es seguro en macOS) o el lector YAML en C (~40 ms, pero
sus mensajes y posiciones no son los que usan nuestros errores).
"""


def shown_results() -> str:
    return str(RESULTS.relative_to(ROOT))


def write_doc(section: str) -> None:
    """Replace only our section; other sections (Gráficos, Matriz…) stay as they are."""
    text = DOC.read_text(encoding="utf-8") if DOC.is_file() else "# Rendimiento\n\n"
    if START in text and END in text:
        text = text[: text.index(START)] + section + text[text.index(END) + len(END) :]
    else:
        head, sep, rest = text.partition("\n## ")
        text = head.rstrip("\n") + "\n\n" + section + "\n" + (("\n## " + rest) if sep else "")
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip", default="", help="comma-separated: cold,watch,warm,matrix,scaling,web")
    parser.add_argument("--no-write", action="store_true", help="print the table, do not touch docs/performance.md")
    parser.add_argument(
        "--again", action="store_true", help=f"write the section again from the last run's {shown_results()}"
    )
    args = parser.parse_args()
    if args.again:
        saved = json.loads(RESULTS.read_text(encoding="utf-8"))
        section = render(saved["results"], saved["runs"], tuple(saved["loads"]))
        print(section)
        if not args.no_write:
            write_doc(section)
        return 0
    skip = set(filter(None, args.skip.split(",")))
    loads_start = os.getloadavg()[0]
    results: dict = {"machine": machine(), "when": time.strftime("%Y-%m-%d %H:%M")}
    with tempfile.TemporaryDirectory(prefix="ip360-bench-") as folder:
        tmp = Path(folder)
        steps = (
            ("cold", cold_build),
            ("watch", watch_latency),
            ("warm", warm_rebuilds),
            ("matrix", matrix),
            ("scaling", scaling),
            ("web", web_edition),
        )
        for name, step in steps:
            if name in skip:
                continue
            print(f"· {name}…", file=sys.stderr, flush=True)
            results[name] = step(tmp, args.runs)
            print(f"  {results[name]}", file=sys.stderr, flush=True)
    loads = (loads_start, os.getloadavg()[0])
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps({"results": results, "runs": args.runs, "loads": loads}), encoding="utf-8")
    section = render(results, args.runs, loads)
    print(section)
    if not args.no_write:
        write_doc(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
