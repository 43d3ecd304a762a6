"""The command line: `build` (default), `check`, `matrix`, `watch`, `new` and `schema`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from rich.console import Console

from .loading import find_edition
from .limits import DEFAULT_TIMEOUT, EXIT_INTERRUPTED, Stopped, bounded
from .problems import BuildError, ContentError, say
from .variants import Variant, VariantError

COMMANDS = ("build", "check", "matrix", "new", "schema", "watch")
CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="build.py",
        description="Informe de gestión de Innovación Pública 360: de los archivos de contenido al PDF.",
    )
    parser.add_argument("command", nargs="?", default="build", choices=COMMANDS, help="build (por defecto), check, matrix, watch, new o schema")
    parser.add_argument("--edition", type=Path, help="carpeta de la edición (por defecto, la más reciente en content/)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="carpeta de salida (por defecto dist/)")
    parser.add_argument("--html", action="store_true", help="escribir también el HTML final junto al PDF")
    parser.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SEGUNDOS",
        help=f"build/check: detener la compilación pasado este tiempo (por defecto {DEFAULT_TIMEOUT}; 0 = sin límite)",
    )
    parser.add_argument("--country", type=_country_code, help="código ISO de dos letras (AR, BO, CO, MX…): el informe de un solo país")
    parser.add_argument("--lang", choices=("es", "en"), default="es", help="idioma del informe (por defecto es)")
    parser.add_argument("--strict", action="store_true", help="una traducción que falta es un error, no un aviso")
    parser.add_argument(
        "--profile", choices=("archive", "print", "screen"), default="archive",
        help="archive (por defecto: PDF/A para donantes), print (imprenta: sangrado y marcas de corte) o screen (el más liviano, para correo)",
    )
    parser.add_argument("--max-size", type=_size, help="tamaño máximo del PDF, p. ej. 1.5MB (por defecto, el del perfil)")
    parser.add_argument("--serve", action="store_true", help="watch: vista previa en el navegador (127.0.0.1)")
    parser.add_argument("--port", type=int, default=8360, help="watch --serve: puerto de la vista previa (por defecto 8360)")
    parser.add_argument("path", nargs="?", type=Path, help="new: carpeta de la nueva edición; schema: carpeta donde escribir los esquemas")
    parser.add_argument("--from", dest="source", type=Path, help="new: la edición de la que se parte (por defecto, la más reciente)")
    parser.add_argument("--year", type=int, help="new: año de la nueva edición (por defecto, el nombre de la carpeta)")
    parser.add_argument("--kind", help="schema: un solo tipo de archivo (edicion, gobierno, proyecto, carta)")
    return parser


def _country_code(value: str) -> str:
    from .schema import country_codes

    if value.strip().upper() not in country_codes():
        raise argparse.ArgumentTypeError(f"«{value}» no es un código de país ISO 3166-1 de dos letras (AR, BO, CO, MX…)")
    return value.strip().upper()


def _size(value: str) -> int:
    from .budget import parse_size

    try:
        return parse_size(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    console = Console(stderr=True, highlight=False)
    lang = getattr(args, "lang", "es")
    # A time limit for one build or check; every command stops cleanly on Ctrl-C or SIGTERM.
    timeout = args.timeout if args.command in ("build", "check") and args.timeout > 0 else None
    try:
        with bounded(timeout, lang):
            return _main(args, console)
    except KeyboardInterrupt:
        console.print(f"[bold red]{say('interrupted', lang, signal='Ctrl-C')}[/]", soft_wrap=True)
        return EXIT_INTERRUPTED
    except Stopped as stop:
        console.print(f"[bold red]{stop.message}[/]", soft_wrap=True)
        return stop.exit_code


def _main(args: argparse.Namespace, console: Console) -> int:
    from . import pipeline  # after argument parsing: --help stays fast

    try:
        if args.command in ("new", "schema"):
            return _editor_tools(args, console)
        edition_dir = args.edition or find_edition(CONTENT_DIR)
        variant = Variant(lang=args.lang, country=args.country, profile=args.profile)
        if args.command == "check":
            edition, missing = pipeline.load(edition_dir, variant)
            if missing:
                _print_missing(console, missing, strict=args.strict)
                if args.strict:
                    return 1
            console.print(
                f"[green]✓[/] {edition_dir}: la edición es válida "
                f"({len(edition.governments)} gobiernos, {len(edition.projects)} proyectos)."
            )
            return 0
        if args.command == "matrix":
            from .matrix import run_matrix

            return run_matrix(edition_dir, args.out, console=console, strict=args.strict).exit_status
        if args.command == "watch":
            return _watch(args, console, edition_dir)
        started = time.perf_counter()
        output = pipeline.build(edition_dir, args.out, variant, write_html=args.html, strict=args.strict, max_size=args.max_size)
    except ContentError as error:
        print_problems(console, error)
        return 1
    except VariantError as error:
        console.print(f"[bold red]No se puede hacer esta variante:[/] {error}", soft_wrap=True)
        return 1
    except BuildError as error:
        console.print(f"[bold red]{say('build_failed', args.lang)}[/] {error}", soft_wrap=True)
        return 1
    elapsed = time.perf_counter() - started
    console.print(
        f"[green]✓[/] {output.pdf} — {output.pages} páginas, {output.size / 1024:.0f} KB, {elapsed:.1f} s"
        + (f"; HTML en {output.html}" if output.html else "")
    )
    return 0


def print_problems(console: Console, error: ContentError) -> None:
    """Every located problem, one a line (`check`, `build` and `watch` alike)."""
    count = len(error.problems)
    lang = error.problems[0].lang if error.problems else "es"
    console.print(f"[bold red]{say('problems_one' if count == 1 else 'problems_many', lang, count=count)}[/]")
    for problem in error.problems:
        console.print(f"  [bold]{problem.location()}[/]: " + str(problem).split(": ", 1)[1], soft_wrap=True)


def _print_missing(console: Console, missing, *, strict: bool) -> None:
    """Translations that fall back to Spanish: a warning, or with --strict an error."""
    head = "[bold red]Error" if strict else "[bold yellow]Aviso"
    console.print(f"{head}: {len(missing)} textos sin traducir (se usa el español):[/]")
    for problem in missing:
        console.print(f"  [bold]{problem.file}[/]: campo «{problem.field}»", soft_wrap=True)


def _watch(args: argparse.Namespace, console: Console, edition_dir: Path) -> int:
    """`watch`: rebuild on every saved change; `--serve` adds the preview page."""
    from .variants import Variant
    from .watch import watch

    options = {key: getattr(args, key) for key in ("lang", "country", "profile") if getattr(args, key, None)}
    return watch(edition_dir, args.out, Variant(**options), write_html=args.html, serve=args.serve, port=args.port, console=console)


def _editor_tools(args: argparse.Namespace, console: Console) -> int:
    """`new` (a new edition from an earlier one) and `schema` (JSON Schema of the files)."""
    if args.command == "schema":
        from .schema_export import KINDS, schemas_json, write_schemas

        if args.kind and args.kind not in KINDS:
            console.print(f"[bold red]Tipo desconocido[/] «{args.kind}»: use uno de {', '.join(KINDS)}.")
            return 2
        if args.path:
            for written in write_schemas(args.path):
                console.print(f"[green]✓[/] {written}")
        else:
            sys.stdout.write(schemas_json(args.kind))
        return 0
    from .scaffold import scaffold

    if args.path is None:
        console.print("[bold red]Falta la carpeta[/] de la nueva edición: python build.py new content/2021 --from content/2020")
        return 2
    source = args.source or find_edition(CONTENT_DIR)
    written = scaffold(args.path, source, args.year)
    console.print(
        f"[green]✓[/] {args.path}: nueva edición a partir de {source} ({len(written)} archivos). "
        f"Complete los campos vacíos; [bold]python build.py check --edition {args.path}[/] los lista."
    )
    return 0
