"""Live editing: on every saved change, the page being edited at once, then the whole PDF.

The process keeps what does not change between saves: imported libraries (WeasyPrint,
matplotlib), the Jinja environment, the brand, every parsed and validated content file
(the loader's cache), WeasyPrint's font configuration and the SVG paths it drew
(`pdf.warm`). An invalid save prints the located problems and keeps the last good PDF.

A save of one part's file (a government's profile, a project, the letter: `parts.part_of`)
is shown first as a *quick view*: the new HTML, then only that part laid out (`pdf.render_part`),
with the page numbers, sides and running heads of the last full layout, which looks
exactly like those pages of the full PDF while the part keeps its length. The full build
runs at the same time in a forked copy of this warm process (`_Background`: WeasyPrint is
not thread-safe, and a process can be stopped): a newer save stops a build of older files.
Changes that reach every page (the edition file, styles, templates, charts, the brand)
go straight to the full build.

`--serve` adds the preview (`preview`: its server and page) on 127.0.0.1.
"""

from __future__ import annotations

import errno
import importlib
import multiprocessing
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import pipeline
from ..content import loader
from ..locale import describe
from ..paths import CHARTS_DIR, STYLES_DIR, shown
from ..problems import BuildError, ContentError, Message, message, os_reason
from ..render import pdf as pdf_stage
from ..render.brand import BRAND_FILE, forget_glyphs, load_brand
from ..render.parts import Layout, quick_part
from ..render.scratch import check_output, restore, scratch
from ..render.variant import Variant
from .output import Reporter
from .preview import BuildState, pages_shown, start_preview

if TYPE_CHECKING:
    from .compare import Baseline

DEFAULT_PORT = 8360
CONTENT_SUFFIXES = {".md", ".yml", ".yaml"}
# Milliseconds watchfiles waits for a burst of events (an editor's save) to end.
DEBOUNCE_MS = 30
# Milliseconds between looks at a full build running in the background, while no file changes.
POLL_MS = 20


def watched_paths(edition_dir: Path) -> list[Path]:
    """Content, styles, charts and templates: everything a save can change in the PDF."""
    return [path for path in pipeline.input_folders(edition_dir).values() if path.is_dir()]


def _ignored(path: str) -> bool:
    """Editors' swap and backup files, our own temporary files, bytecode."""
    name = Path(path).name
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".tmp", ".swp", ".swx", ".pyc"))
        or "__pycache__" in Path(path).parts
    )


@dataclass(frozen=True)
class Built:
    """What a full build in the background hands back (its PDF is in the output folder)."""

    pdf: Path
    pages: int
    layout: Layout | None


class _Background:
    """One full build in a forked copy of this warm process (its imports, caches, fonts and
    drawn paths come along). Forked, not a thread: WeasyPrint is not thread-safe, and a
    build of files a newer save changed can be stopped at once (`stop`). The child sends
    back a `Built` or the error, pickled; it never prints."""

    def __init__(self, work: Callable[[], Built], generation: int, started: float):
        context = multiprocessing.get_context("fork")
        self.generation, self.started = generation, started
        self._receive, send = context.Pipe(duplex=False)
        self._process = context.Process(target=_in_child, args=(work, send), name="ip360-full-build", daemon=True)
        self._process.start()
        send.close()

    def done(self) -> bool:
        return self._receive.poll() or not self._process.is_alive()

    def outcome(self) -> tuple[str, Any]:
        """("built", Built), ("content", ContentError), ("build", BuildError) or ("error", Message)."""
        try:
            outcome = self._receive.recv()
        except (EOFError, OSError):  # it died without a word (killed from outside, out of memory)
            outcome = ("error", message("watch_error", where="", kind="exit", reason=str(self._process.exitcode)))
        self._close()
        return outcome

    def stop(self) -> None:
        if self._process.is_alive():
            self._process.terminate()  # SIGTERM, default action: its half-written file is in the run's scratch
        self._close()

    def _close(self) -> None:
        self._process.join()
        self._process.close()
        self._receive.close()


def _in_child(work: Callable[[], Built], send) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # stopped: gone at once (the parent cleans the scratch)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    try:
        outcome: tuple[str, Any] = ("built", work())
    except ContentError as error:
        outcome = ("content", error)
    except BuildError as error:
        outcome = ("build", error)
    except Exception as error:  # worded here: not every exception pickles
        outcome = ("error", _unexpected(error))
    send.send(outcome)
    send.close()


def _unexpected(error: Exception) -> Message:
    """A template or chart module with a mistake: said with its place, the session goes on."""
    reason = getattr(error, "message", None) or str(error)  # Jinja's message, without its own location
    return message("watch_error", where=_template_location(error), kind=type(error).__name__, reason=reason)


class Rebuilder:
    """One warm builder: forgets only what the changed files invalidate, shows the quick
    view of the part they feed, and builds the whole PDF."""

    def __init__(
        self,
        edition_dir: Path,
        out_dir: Path,
        variant: Variant,
        *,
        write_html: bool,
        report: Reporter,
        against: Baseline | None = None,
    ):
        self.edition_dir = edition_dir
        self.out_dir = out_dir
        self.variant = variant
        self.write_html = write_html
        self.report = report
        self.against = against
        self.state = BuildState()
        self.layout: Layout | None = None  # the last full layout: where each part lies
        self.generation = 0  # saves seen
        self.background: _Background | None = None

    def invalidate(self, changed: Iterable[Path]) -> None:
        for path in changed:
            if path == BRAND_FILE:
                load_brand.cache_clear()
            elif path.suffix == ".py" and CHARTS_DIR in path.parents:
                _reload_module_of(path)
            elif self.edition_dir in path.parents and path.suffix not in CONTENT_SUFFIXES:
                # An image appeared or vanished: files that reference it must be revalidated.
                loader.clear_cache()
            if STYLES_DIR in path.parents:  # the brand or a font: registered and its characters read afresh
                pdf_stage.forget_fonts()
                forget_glyphs()
                loader.clear_cache()  # what the files were checked against may have changed
            # Templates: Jinja's loader reloads a template whose file changed. CSS is read per build.

    def _restore_output(self) -> None:
        """The output folder deleted while watching: made again (with the session's
        temporary folder, whose fonts WeasyPrint then registers afresh), not the end."""
        if restore(self.out_dir):
            pdf_stage.forget_fonts()
            self.report.note("watch_out_recreated", style="yellow", out=shown(self.out_dir))

    def build(self) -> bool:
        """Build once, here and now; on failure print the located problems and keep the last good PDF."""
        started = time.perf_counter()
        try:
            self._restore_output()
            built = self._full()
        except Exception as error:
            self._failed(error)
            return False
        self._built(built, started, clear_problems=True)
        return True

    def _full(self, composed: pipeline.Composed | None = None) -> Built:
        output = pipeline.build(
            self.edition_dir, self.out_dir, self.variant, write_html=self.write_html, composed=composed, layout=True
        )
        return Built(output.pdf, output.pages, output.layout)

    def changed(self, paths: Iterable[Path]) -> None:
        """A save: the new HTML, the full build started in the background, and meanwhile the
        quick view of the part the files feed. An invalid save leaves a running build of the
        last valid files alone: its PDF is still the last good one."""
        paths = list(paths)
        started = time.perf_counter()
        self.generation += 1
        self.invalidate(paths)
        part = quick_part(self.edition_dir, paths) if self.layout else None
        try:
            self._restore_output()
            composed = pipeline.compose(self.edition_dir, self.variant)
        except Exception as error:
            self._failed(error)
            return
        self.stop()  # a build of older files: this one replaces it
        self.background = _Background(lambda: self._full(composed), self.generation, started)
        if part and self.layout:
            self._quick(composed, part, self.layout, started)

    def _quick(self, composed: pipeline.Composed, part: str, layout: Layout, started: float) -> None:
        """The part alone, as in the last full layout. If it cannot be shown (a check
        fails on it), the full build says why, with the place."""
        try:
            view = pdf_stage.render_part(
                composed.html, part, layout, self.edition_dir, load_brand(), profile=self.variant.profile
            )
        except BuildError:
            return
        if view is None:
            return
        self.state.quick_view(view.pdf, view.first, view.last)
        self.report.note(
            "watch_quick",
            style="cyan",
            time=time.strftime("%H:%M:%S"),
            pages=pages_shown(view.first, view.last),
            seconds=f"{time.perf_counter() - started:.2f}",
            version=self.state.version,
        )

    def poll(self) -> bool:
        """Take the background build's outcome if it has one; True when it had."""
        background = self.background
        if background is None or not background.done():
            return False
        self.background = None
        kind, value = background.outcome()
        if kind == "built":
            self._built(value, background.started, clear_problems=background.generation == self.generation)
        else:
            self._failed(value)
        return True

    def stop(self) -> None:
        if self.background is not None:
            self.background.stop()
            self.background = None

    def _built(self, built: Built, started: float, *, clear_problems: bool) -> None:
        elapsed = time.perf_counter() - started
        if built.layout is not None:
            self.layout = built.layout
        self.state.succeeded(built.pdf.read_bytes(), built.pages, clear_problems=clear_problems)
        self.report.done(
            "watch_built",
            time=time.strftime("%H:%M:%S"),
            pdf=built.pdf.name,
            pages=message("count_pages", count=built.pages),
            seconds=f"{elapsed:.2f}",
            version=self.state.version,
        )
        if self.against:
            self.against.check(built.pdf, self.report)

    def _failed(self, error: Exception | Message) -> None:
        """Print the located problems (or the build error) and keep the last good PDF."""
        if isinstance(error, ContentError):
            self.report.problems(error)
            self._kept([f"{p.location()}: {describe(p, self.report.lang)}" for p in error.problems])
        elif isinstance(error, BuildError):
            self.report.build_error(error)
            self._kept([self.report.say(error.message)])
        else:  # a template or chart module with a mistake must not end the session
            said = error if isinstance(error, Message) else _unexpected(error)
            self.report.fail(said)
            self._kept([self.report.say(said)])

    def _kept(self, problems: list[str]) -> None:
        self.state.failed(problems)
        if self.state.pdf is not None:
            self.report.note("watch_kept", style="yellow")


def _reload_module_of(path: Path) -> None:
    """Re-import an edited chart module, so the next build draws with the new code."""
    for module in list(sys.modules.values()):
        file = getattr(module, "__file__", None)
        if file and Path(file).resolve() == path.resolve():
            importlib.reload(module)


def _template_location(error: Exception):
    filename, line = getattr(error, "filename", None), getattr(error, "lineno", None)
    if filename and line:
        return message("watch_error_where", file=shown(Path(filename)), line=line)
    return ""


def watch(
    edition_dir: Path,
    out_dir: Path,
    variant: Variant = Variant(),
    *,
    write_html: bool = False,
    serve: bool = False,
    port: int = DEFAULT_PORT,
    report: Reporter | None = None,
    stop: threading.Event | None = None,
    on_build: Callable[[BuildState], None] | None = None,
    against: Baseline | None = None,
) -> int:
    """Build, then rebuild on every change until Ctrl+C (or `stop` is set); with `against`,
    compare each new PDF with that one and print what changed."""
    from watchfiles import watch as watch_changes  # the Rust watcher: only this command needs it

    report = report or Reporter()
    edition_dir, out_dir = edition_dir.resolve(), out_dir.resolve()
    check_output(out_dir, pipeline.input_folders(edition_dir))  # inside what it watches, it would rebuild for ever
    rebuilder = Rebuilder(edition_dir, out_dir, variant, write_html=write_html, report=report, against=against)
    server = None
    if serve:
        try:
            server = start_preview(
                rebuilder.state, port, title=f"{edition_dir.name} · {variant.slug()}", lang=report.lang
            )
        except OSError as error:
            if error.errno == errno.EADDRINUSE:  # another preview, most likely: say what to do
                report.fail("watch_port_in_use", port=port, other=port + 1 if port < 65535 else port - 1)
            else:
                report.fail("watch_port", port=port, reason=os_reason(error))
            return 2
    # One scratch folder and one warm WeasyPrint for the whole session: the font
    # configuration's folder lives in it, and every build (the forked ones too) writes there.
    with scratch(out_dir), pdf_stage.warm():
        try:
            rebuilder.build()
            if on_build:
                on_build(rebuilder.state)
            paths = watched_paths(edition_dir)
            if server:
                report.note("watch_preview_at", style="bold", url=f"http://127.0.0.1:{server.server_address[1]}/")
            report.note("watch_watching", paths=", ".join(shown(p) for p in paths))
            for changes in watch_changes(
                *paths,
                watch_filter=lambda _change, path: not _ignored(path),
                debounce=DEBOUNCE_MS,
                step=10,
                stop_event=stop,
                raise_interrupt=False,
                rust_timeout=POLL_MS,
                yield_on_timeout=True,  # an empty set every POLL_MS: time to look at the background build
            ):
                if changes:
                    changed = sorted({Path(path) for _change, path in changes})
                    report.note("watch_changed", style="dim", paths=", ".join(shown(p) for p in changed))
                    rebuilder.changed(changed)
                elif not rebuilder.poll():
                    continue
                if on_build:
                    on_build(rebuilder.state)
        finally:
            rebuilder.stop()
            if server:
                server.shutdown()
                server.server_close()
    return 0
