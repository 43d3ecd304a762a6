"""The command line: `build` (the default), `check`, `matrix`, `web`, `pack`, `watch`, `compare`, `new` and `schema`.

Each command has its own options (`build.py check --help` lists only what `check` takes).
Everything the command line says, its help included, comes from the tool catalogue in the
language of `--lang`. Exit status: 0 done, 1 a problem in the content or the build, 2 a
usage error (130 Ctrl-C, 143 SIGTERM). `compare`: 0 nothing visible changed, 1 something
did, 2 an input that is not a readable PDF.
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..locale import SOURCE_LANGUAGE, languages, say
from ..paths import CONTENT_DIR, shown
from ..problems import BuildError, ContentError, Reason, message, os_reason
from ..render.profiles import DEFAULT_PROFILE, PROFILES
from .limits import DEFAULT_TIMEOUT, EXIT_INTERRUPTED, Stopped, bounded, collect_less_often
from .output import Reporter

COMMANDS = ("build", "check", "matrix", "web", "pack", "watch", "compare", "new", "translated", "schema")
DEBUG_VARIABLE = "IP360_DEBUG"
"""Set (to anything) to see a traceback instead of the message for a mistake of the tool."""
DEFAULT_PORT = 8360
DEFAULT_DPI = 72  # compare's renders: the same as report.proof.DEFAULT_DPI (not imported: NumPy would slow --help)
EXIT_USAGE = 2


def parser(lang: str = SOURCE_LANGUAGE) -> argparse.ArgumentParser:
    """The whole command line, its help in `lang`."""
    text: Callable[..., str] = lambda code, **params: say(code, lang, **params)  # noqa: E731
    top = _Parser(prog="build.py", description=text("help_description"), lang=lang)
    commands = top.add_subparsers(dest="command", title=text("help_commands"), metavar="{" + ",".join(COMMANDS) + "}")

    def option(group: argparse.ArgumentParser, name: str) -> None:
        """One option, declared once, added to each command that takes it."""
        if name == "edition":
            group.add_argument("--edition", type=Path, help=text("help_edition"))
        elif name == "out":
            group.add_argument("--out", type=Path, default=Path("dist"), help=text("help_out"))
        elif name == "html":
            group.add_argument("--html", action="store_true", help=text("help_html"))
        elif name == "timeout":
            group.add_argument(
                "--timeout",
                type=_seconds(lang),
                default=DEFAULT_TIMEOUT,
                metavar="SEG",
                help=text("help_timeout", default=DEFAULT_TIMEOUT),
            )
        elif name == "country":
            group.add_argument("--country", type=_country(lang), help=text("help_country"))
        elif name == "lang":
            group.add_argument(
                "--lang",
                type=_language(lang),
                default=SOURCE_LANGUAGE,
                help=text("help_lang", languages=", ".join(languages()), default=SOURCE_LANGUAGE),
            )
        elif name == "strict":
            group.add_argument("--strict", action="store_true", help=text("help_strict"))
        elif name == "profile":
            group.add_argument(
                "--profile",
                type=_profile(lang),
                default=DEFAULT_PROFILE,
                help=text(
                    "help_profile",
                    default=DEFAULT_PROFILE,
                    profiles="; ".join(f"{name} ({say(p.description, lang)})" for name, p in PROFILES.items()),
                ),
            )
        elif name == "max-size":
            group.add_argument("--max-size", type=_size(lang), help=text("help_max_size"))
        elif name == "against":
            group.add_argument("--against", type=Path, metavar="PDF", help=text("help_against"))

    shapes = {
        "build": ("edition", "country", "lang", "strict", "profile", "out", "html", "max-size", "against", "timeout"),
        "check": ("edition", "country", "lang", "profile", "strict", "timeout"),
        "matrix": ("edition", "out", "strict", "lang"),
        "web": ("edition", "country", "lang", "out", "strict", "timeout"),
        "pack": ("edition", "out", "strict", "lang"),
        "watch": ("edition", "country", "lang", "profile", "out", "html", "against"),
        "compare": ("lang",),
        "new": ("lang",),
        "translated": ("edition", "lang"),
        "schema": ("lang",),
    }
    for command in COMMANDS:
        sub = commands.add_parser(command, help=text(f"help_{command}"), description=text(f"help_{command}"), lang=lang)
        for name in shapes[command]:
            option(sub, name)
        if command == "watch":
            sub.add_argument("--serve", action="store_true", help=text("help_serve"))
            sub.add_argument(
                "--port", type=_port(lang), default=DEFAULT_PORT, help=text("help_port", default=DEFAULT_PORT)
            )
        elif command == "compare":
            sub.add_argument("old", type=Path, metavar="OLD.pdf", help=text("help_compare_old"))
            sub.add_argument("new", type=Path, metavar="NEW.pdf", help=text("help_compare_new"))
            sub.add_argument("--out", type=Path, default=Path("dist"), help=text("help_compare_out"))
            sub.add_argument("--dpi", type=_dpi(lang), default=DEFAULT_DPI, help=text("help_dpi", default=DEFAULT_DPI))
        elif command == "new":
            sub.add_argument("path", type=Path, help=text("help_new_path"))
            sub.add_argument("--from", dest="source", type=Path, help=text("help_from"))
            sub.add_argument("--year", type=int, help=text("help_year"))
            sub.add_argument("--keep-governments", metavar="IDS", help=text("help_keep_governments"))
        elif command == "web":
            sub.set_defaults(lang=None)  # no --lang: every language, so the links between them lead somewhere
        elif command == "check":
            sub.add_argument("--layout", action="store_true", help=text("help_layout"))
        elif command == "translated":
            sub.add_argument("files", nargs="+", type=Path, metavar="ARCHIVO", help=text("help_translated_files"))
        elif command == "schema":
            from .schema import KINDS

            sub.add_argument("path", nargs="?", type=Path, help=text("help_schema_folder"))
            sub.add_argument("--kind", choices=tuple(KINDS), help=text("help_kind", kinds=", ".join(KINDS)))
    return top


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are worded from the catalogue."""

    def __init__(self, *args, lang: str = SOURCE_LANGUAGE, **kwargs):
        self.lang = lang
        super().__init__(*args, **kwargs)

    def error(self, message: str):  # argparse's English, mapped to our words where we know it
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: {say('usage_error', self.lang, reason=_usage_reason(message, self.lang))}\n")
        sys.exit(EXIT_USAGE)


_ARGPARSE = (
    (r"^argument (?P<argument>\S+): (?P<reason>.*)$", "usage_argument"),
    (r"^the following arguments are required: (?P<arguments>.*)$", "usage_required"),
    (r"^unrecognized arguments: (?P<arguments>.*)$", "usage_unrecognized"),
)


def _usage_reason(text: str, lang: str) -> str:
    for pattern, code in _ARGPARSE:
        found = re.match(pattern, text)
        if found:
            parts = found.groupdict()
            if code == "usage_argument":
                parts["reason"] = _usage_reason(parts["reason"], lang)
            return say(code, lang, **parts)
    found = re.match(r"^(?:expected one argument|invalid \w+ value: '(?P<value>.*)')$", text)
    if found:
        return say("usage_expected_value" if found["value"] is None else "usage_number", lang, value=found["value"])
    found = re.match(r"^invalid choice: '(?P<value>.*?)' \(choose from (?P<choices>.*)\)$", text)
    if found:
        return say("usage_choice", lang, value=found["value"], choices=found["choices"].replace("'", ""))
    return text


def _checker(lang: str, check: Callable[[str], object]) -> Callable[[str], object]:
    """An argparse `type` whose refusal (a `Reason`) is worded in `lang`."""

    def parse(value: str):
        try:
            return check(value)
        except Reason as reason:
            raise argparse.ArgumentTypeError(say(message(reason.code, **reason.params), lang)) from None

    parse.__name__ = check.__name__
    return parse


def _country(lang: str):
    def country(value: str) -> str:
        from ..content.schema import country_codes

        if value.strip().upper() not in country_codes():
            raise Reason("usage_country", value=value)
        return value.strip().upper()

    return _checker(lang, country)


def _language(lang: str):
    def language(value: str) -> str:
        if value not in languages():
            raise Reason("usage_language", value=value, languages=", ".join(languages()))
        return value

    return _checker(lang, language)


def _profile(lang: str):
    def profile(value: str) -> str:
        if value not in PROFILES:
            raise Reason("usage_profile", value=value, profiles=", ".join(PROFILES))
        return value

    return _checker(lang, profile)


def _size(lang: str):
    def size(value: str) -> int:
        from ..render.budget import parse_size

        return parse_size(value)

    return _checker(lang, size)


def _seconds(lang: str):
    def seconds(value: str) -> float:
        try:
            number = float(value)
        except ValueError:
            raise Reason("usage_seconds", value=value) from None
        if not math.isfinite(number) or number < 0 or number > 86400:
            raise Reason("usage_seconds", value=value)
        return number

    return _checker(lang, seconds)


def _dpi(lang: str):
    def dpi(value: str) -> int:
        if not value.isdigit() or not 10 <= int(value) <= 300:
            raise Reason("usage_dpi", value=value)
        return int(value)

    return _checker(lang, dpi)


def _port(lang: str):
    def port(value: str) -> int:
        if not value.isdigit() or not 0 <= int(value) <= 65535:
            raise Reason("usage_port", value=value)
        return int(value)

    return _checker(lang, port)


def with_default_command(argv: list[str]) -> list[str]:
    """`build.py` and `build.py --country AR` mean `build.py build …`."""
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        return ["build", *argv]
    return argv


def _requested_language(argv: list[str]) -> str:
    """The `--lang` of the command line, read before parsing so the help is in it."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    value = early.parse_known_args(argv)[0].lang
    return value if value in languages() else SOURCE_LANGUAGE


@functools.lru_cache(maxsize=16)
def _parser(lang: str, known: tuple[str, ...], profiles: tuple[object, ...]) -> argparse.ArgumentParser:
    """`parser(lang)`, kept while the languages and output profiles it lists stay the same (a
    warm `watch`, the tests): building it asks the catalogues for every help text."""
    return parser(lang)


def main(argv: list[str] | None = None) -> int:
    collect_less_often()
    argv = with_default_command(list(sys.argv[1:] if argv is None else argv))
    try:
        args = _parser(_requested_language(argv), languages(), tuple(PROFILES.values())).parse_args(argv)
    except SystemExit as done:  # --help (0) or a usage error (2), already printed
        return done.code if isinstance(done.code, int) else EXIT_USAGE
    report = Reporter(lang=args.lang or SOURCE_LANGUAGE)
    # A time limit for one build or check; every command stops cleanly on Ctrl-C or SIGTERM.
    timeout = args.timeout if getattr(args, "timeout", 0) > 0 else None
    try:
        with bounded(timeout):
            return _run(args, report)
    except KeyboardInterrupt:
        report.fail("interrupted", signal="Ctrl-C")
        return EXIT_INTERRUPTED
    except Stopped as stop:
        report.fail(stop.message)
        return stop.exit_code
    except OSError as error:  # a place the system refused that no stage named (a read-only folder, a full disk)
        report.fail("system_refused", path=_path_of(error), reason=os_reason(error))
        return 1
    except Exception as error:  # a mistake of the tool itself: said plainly, the details on request
        if os.environ.get(DEBUG_VARIABLE):
            raise
        report.fail("unexpected", kind=type(error).__name__, reason=str(error)[:300])
        return 1


def _path_of(error: OSError) -> str:
    return shown(Path(error.filename)) if error.filename else "—"


def _run(args: argparse.Namespace, report: Reporter) -> int:
    if args.command == "compare":  # no WeasyPrint: a comparison starts at once
        from .compare import run_compare

        return run_compare(args.old, args.new, args.out, report, dpi=args.dpi)
    baseline = None
    if getattr(args, "against", None):
        from ..proof import UnreadablePdf
        from .compare import Baseline

        try:
            baseline = Baseline(args.against)  # read now: the build may overwrite the same file
        except UnreadablePdf as error:
            report.fail(error.message)
            return EXIT_USAGE

    from .. import pipeline  # after argument parsing: --help stays fast
    from ..content.loader import find_edition
    from ..render.preflight import LayoutError
    from ..render.variant import Variant, VariantError

    try:
        if args.command in ("new", "schema"):
            return _editor_tools(args, report)
        if args.command == "translated":
            from .translated import mark_translated

            edition_dir = args.edition or _edition_of(args.files[0])
            for path in mark_translated(edition_dir, args.files):
                report.done("translated_done", file=str(path))
            return 0
        edition_dir = args.edition or find_edition(CONTENT_DIR)
        if args.command == "matrix":
            from .matrix import run_matrix

            return run_matrix(edition_dir, args.out, report=report, strict=args.strict).exit_status
        if args.command == "pack":
            from .pack import run_pack

            return run_pack(edition_dir, args.out, report=report, strict=args.strict)
        if args.command == "web":
            return _web(edition_dir, args, report)
        variant = Variant(lang=args.lang, country=args.country, profile=getattr(args, "profile", DEFAULT_PROFILE))
        if args.command == "watch":
            from .watch import watch

            return watch(
                edition_dir,
                args.out,
                variant,
                write_html=args.html,
                serve=args.serve,
                port=args.port,
                report=report,
                against=baseline,
            )
        if args.command == "check":
            prepared = pipeline.load(edition_dir, variant)
            report.colors(prepared.colors)
            from charts.geography import has_shape

            governments = prepared.loaded.edition.governments
            report.unlocated(
                [g.name for g in governments if g.location is None],
                [g.name for g in governments if g.location is not None and not has_shape(g.country)],
            )
            report.translations(prepared.missing, prepared.outdated, strict=args.strict)
            if args.strict and (prepared.missing or prepared.outdated):
                return 1
            edition = prepared.edition
            if args.layout:  # lay the pages out, in memory: check writes nothing
                made = pipeline.render(edition_dir, variant)
                report.findings(made.findings, made.pages)
                if args.strict and made.findings:
                    return 1
            report.done(
                "check_ok",
                edition=str(edition_dir),
                governments=message("count_governments", count=len(edition.governments)),
                projects=message("count_projects", count=len(edition.projects)),
            )
            return 0
        started = time.perf_counter()
        output = pipeline.build(
            edition_dir, args.out, variant, write_html=args.html, strict=args.strict, max_size=args.max_size
        )
    except ContentError as error:
        report.problems(error)
        return 1
    except LayoutError as error:
        report.findings(error.findings)
        report.build_error(error)
        return 1
    except VariantError as error:
        report.build_error(error, head="variant_impossible")
        return 1
    except BuildError as error:
        report.build_error(error)
        return 1
    built = message(
        "built",
        pdf=str(output.pdf),
        pages=message("count_pages", count=output.pages),
        size=f"{output.size / 1024:.0f}",
        seconds=f"{time.perf_counter() - started:.1f}",
    )
    report.done(
        message("joined", first=built, second=message("built_html", html=str(output.html)) if output.html else "")
    )
    report.findings(output.findings)
    report.translation_summary(len(output.prepared.missing), len(output.prepared.outdated), variant.lang)
    if baseline:
        baseline.check(output.pdf, report)  # the build succeeded: changes are news, not a failure
    return 0


def _web(edition_dir: Path, args: argparse.Namespace, report: Reporter) -> int:
    """`web`: each language's page (or `--lang`'s), after its PDF when `--out` lacks it,
    so the page links to the PDF with its size."""
    from .. import pipeline
    from ..render.variant import Variant

    for lang in [args.lang] if args.lang else languages():
        variant = Variant(lang=lang, country=args.country)
        pdf = args.out / pipeline.output_name(pipeline.load(edition_dir, variant).edition, variant)
        if not pdf.is_file():
            built = pipeline.build(edition_dir, args.out, variant, strict=args.strict)
            report.done("built_pdf_for_web", pdf=str(built.pdf))
        started = time.perf_counter()
        made = pipeline.web(edition_dir, args.out, variant, strict=args.strict)
        report.done(
            "built_web",
            page=str(made.page),
            size=f"{made.size / 1024:.0f}",
            seconds=f"{time.perf_counter() - started:.1f}",
        )
        report.translation_summary(len(made.prepared.missing), len(made.prepared.outdated), lang)
    return 0


def _edition_of(path: Path) -> Path:
    """The edition a content file belongs to: its folder, or the one above `gobiernos/`."""
    from ..content.folder import EDITION_FILE

    folder = path.resolve().parent
    return folder if (folder / EDITION_FILE).is_file() else folder.parent


def _editor_tools(args: argparse.Namespace, report: Reporter) -> int:
    """`new` (a new edition from an earlier one) and `schema` (JSON Schema of the files)."""
    if args.command == "schema":
        from .schema import schemas_json, write_schemas

        if args.path:
            for schema_file in write_schemas(args.path):
                report.done("path", path=str(schema_file))
        else:
            sys.stdout.write(schemas_json(args.kind))
        return 0
    from ..content.loader import find_edition
    from .scaffold import governments_of, scaffold

    source = args.source or find_edition(CONTENT_DIR)
    keep = args.keep_governments
    if keep is None and sys.stdin.isatty():  # a person at the terminal: ask which continue
        keep = report.ask("new_which_governments", available=", ".join(governments_of(source)))
    elif keep is None:  # a script: nobody can answer, so say what that means
        report.note("new_not_asked", style="yellow")
    written = scaffold(args.path, source, args.year, keep=[k.strip() for k in (keep or "").split(",") if k.strip()])
    report.done("new_done", path=str(args.path), source=str(source), files=message("count_files", count=len(written)))
    return 0
