"""The command line: `build` (default) and `check`, with the team's options."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console

from .loading import find_edition
from .problems import BuildError, ContentError

COMMANDS = ("build", "check")
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Informe de gestión de Innovación Pública 360: de los archivos de contenido al PDF.",
    )
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS, help="build (por defecto) o check")
    parser.add_argument("--edition", type=Path, help="carpeta de la edición (por defecto, la más reciente en content/)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="carpeta de salida (por defecto dist/)")
    parser.add_argument("--html", action="store_true", help="escribir también el HTML final junto al PDF")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=True, highlight=False)
    from . import pipeline  # after argument parsing: --help stays fast

    try:
        edition_dir = args.edition or find_edition(CONTENT_DIR)
        if args.command == "check":
            edition = pipeline.check(edition_dir)
            console.print(
                f"[green]✓[/] {edition_dir}: la edición es válida "
                f"({len(edition.governments)} gobiernos, {len(edition.projects)} proyectos)."
            )
            return 0
        started = time.perf_counter()
        output = pipeline.build(edition_dir, args.out, write_html=args.html)
    except ContentError as error:
        count = len(error.problems)
        console.print(f"[bold red]{count} {'problema' if count == 1 else 'problemas'} en el contenido:[/]")
        for problem in error.problems:
            console.print(f"  [bold]{problem.location()}[/]: " + str(problem).split(": ", 1)[1], soft_wrap=True)
        return 1
    except BuildError as error:
        console.print(f"[bold red]La compilación falló:[/] {error}", soft_wrap=True)
        return 1
    elapsed = time.perf_counter() - started
    console.print(
        f"[green]✓[/] {output.pdf} — {output.pages} páginas, {output.size / 1024:.0f} KB, {elapsed:.1f} s"
        + (f"; HTML en {output.html}" if output.html else "")
    )
    return 0
