"""Live editing: rebuild the PDF on every saved change, in one warm process.

The process keeps what does not change between saves: imported libraries (WeasyPrint,
matplotlib), the Jinja environment, the brand, and every parsed and validated content
file (the loader's cache). Only WeasyPrint's layout of the new HTML is redone in full.
An invalid save prints the located problems and keeps the last good PDF.

`--serve` adds a preview page on 127.0.0.1 that shows the latest PDF (served from
memory, so no viewer locks the file in dist/) and reloads itself after each rebuild.
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from .. import pipeline
from ..content import loader
from ..locale import describe, say
from ..paths import CHARTS_DIR, STYLES_DIR, shown
from ..problems import BuildError, ContentError, message
from ..render.brand import BRAND_FILE, load_brand
from ..render.html import TEMPLATES_DIR
from ..render.scratch import check_output
from ..render.variant import Variant
from .output import Reporter

if TYPE_CHECKING:
    from .compare import Baseline

DEFAULT_PORT = 8360
CONTENT_SUFFIXES = {".md", ".yml", ".yaml"}
# Milliseconds watchfiles waits for a burst of events (an editor's save) to end.
DEBOUNCE_MS = 30


def watched_paths(edition_dir: Path) -> list[Path]:
    """Content, styles, charts and templates: everything a save can change in the PDF."""
    return [p for p in (edition_dir, STYLES_DIR, CHARTS_DIR, TEMPLATES_DIR) if p.is_dir()]


def _ignored(path: str) -> bool:
    """Editors' swap and backup files, our own temporary files, bytecode."""
    name = Path(path).name
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".tmp", ".swp", ".swx", ".pyc"))
        or "__pycache__" in Path(path).parts
    )


@dataclass
class BuildState:
    """The latest good PDF and the latest outcome, shared with the preview server."""

    version: int = 0
    pdf: bytes | None = None
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def succeeded(self, pdf: bytes, pages: int) -> None:
        with self.lock:
            self.version += 1
            self.pdf, self.pages, self.problems = pdf, pages, []

    def failed(self, problems: list[str]) -> None:
        with self.lock:
            self.problems = problems

    def snapshot(self) -> dict:
        with self.lock:
            return {"version": self.version, "pages": self.pages, "problems": list(self.problems)}


class Rebuilder:
    """One warm builder: forgets only what the changed files invalidate, then builds."""

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

    def invalidate(self, changed: Iterable[Path]) -> None:
        for path in changed:
            if path == BRAND_FILE:
                load_brand.cache_clear()
            elif path.suffix == ".py" and CHARTS_DIR in path.parents:
                _reload_module_of(path)
            elif self.edition_dir in path.parents and path.suffix not in CONTENT_SUFFIXES:
                # An image appeared or vanished: files that reference it must be revalidated.
                loader.clear_cache()
            # Templates: Jinja's loader reloads a template whose file changed. CSS is read per build.

    def build(self) -> bool:
        """Build once; on failure print the located problems and keep the last good PDF."""
        started = time.perf_counter()
        try:
            output = pipeline.build(self.edition_dir, self.out_dir, self.variant, write_html=self.write_html)
        except ContentError as error:
            self.report.problems(error)
            self._kept([f"{p.location()}: {describe(p, self.report.lang)}" for p in error.problems])
            return False
        except BuildError as error:
            self.report.build_error(error)
            self._kept([self.report.say(error.message)])
            return False
        except Exception as error:  # a template or chart module with a mistake must not end the session
            reason = getattr(error, "message", None) or str(error)  # Jinja's message, without its own location
            said = message("watch_error", where=_template_location(error), kind=type(error).__name__, reason=reason)
            self.report.fail(said)
            self._kept([self.report.say(said)])
            return False
        elapsed = time.perf_counter() - started
        self.state.succeeded(output.pdf.read_bytes(), output.pages)
        self.report.done(
            "watch_built",
            time=time.strftime("%H:%M:%S"),
            pdf=output.pdf.name,
            pages=message("count_pages", count=output.pages),
            seconds=f"{elapsed:.2f}",
            version=self.state.version,
        )
        if self.against:
            self.against.check(output.pdf, self.report)
        return True

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
            report.fail("watch_port", port=port, reason=error.strerror or str(error))
            return 2
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
        ):
            changed = sorted({Path(path) for _change, path in changes})
            report.note("watch_changed", style="dim", paths=", ".join(shown(p) for p in changed))
            rebuilder.invalidate(changed)
            rebuilder.build()
            if on_build:
                on_build(rebuilder.state)
    finally:
        if server:
            server.shutdown()
            server.server_close()
    return 0


# --- the preview page -------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<style>
  html, body {{ margin: 0; height: 100%; font-family: sans-serif; }}
  body {{ display: flex; flex-direction: column; }}
  header {{ padding: .4rem .8rem; background: #1d1d1b; color: #fff; font-size: .9rem; }}
  #problems {{ margin: 0; padding: .6rem .8rem; background: #fde8e8; color: #8a1212; white-space: pre-wrap; }}
  iframe {{ flex: 1; border: 0; width: 100%; }}
</style>
</head>
<body>
<header>{report} · {version_word} <span id="version">{version}</span> · <span id="status">{status}</span></header>
<pre id="problems"{hidden}>{problems}</pre>
<iframe id="pdf" title="{pdf_title}" src="/report.pdf?v={version}"></iframe>
<script>
  // Poll the version; after a rebuild, load the new PDF and show the new number.
  const words = {words};
  let current = {version};
  async function poll() {{
    try {{
      const state = await (await fetch("/version", {{cache: "no-store"}})).json();
      const problems = document.getElementById("problems");
      problems.hidden = state.problems.length === 0;
      problems.textContent = state.problems.join("\\n");
      document.getElementById("status").textContent = state.problems.length
        ? words.problems : state.pages + " " + words.pages;
      if (state.version !== current) {{
        current = state.version;
        document.getElementById("pdf").src = "/report.pdf?v=" + current;
        document.getElementById("version").textContent = current;
      }}
    }} catch (error) {{ /* the watcher is restarting: try again */ }}
    setTimeout(poll, 300);
  }}
  poll();
</script>
</body>
</html>
"""


def start_preview(state: BuildState, port: int, title: str, lang: str = "es") -> ThreadingHTTPServer:
    """Serve the preview on 127.0.0.1 from a daemon thread; port 0 picks a free one."""
    from html import escape as html_escape

    words = {"pages": say("preview_pages", lang), "problems": say("preview_with_problems", lang)}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            route = self.path.split("?", 1)[0]
            snapshot = state.snapshot()
            if route == "/":
                pages = f"{snapshot['pages']} {words['pages']}"
                page = PAGE.format(
                    lang=lang,
                    title=html_escape(say("preview_title", lang, title=title)),
                    report=html_escape(say("preview_report", lang, title=title)),
                    version_word=html_escape(say("preview_version", lang)),
                    version=snapshot["version"],
                    status=html_escape(pages if snapshot["version"] else say("preview_building", lang)),
                    problems=html_escape("\n".join(snapshot["problems"])),
                    hidden="" if snapshot["problems"] else " hidden",
                    pdf_title=html_escape(say("preview_pdf", lang)),
                    words=json.dumps(words, ensure_ascii=False).replace("<", "\\u003c"),
                )
                self._send(200, "text/html; charset=utf-8", page.encode("utf-8"))
            elif route == "/version":
                self._send(200, "application/json", json.dumps(snapshot).encode("utf-8"))
            elif route == "/report.pdf":
                with state.lock:
                    pdf = state.pdf
                if pdf is None:
                    self._send(404, "text/plain; charset=utf-8", say("preview_no_pdf", lang).encode("utf-8"))
                else:
                    self._send(200, "application/pdf", pdf)
            else:
                self._send(404, "text/plain; charset=utf-8", say("preview_not_found", lang).encode("utf-8"))

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass  # the terminal shows rebuilds, not every poll

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview", daemon=True).start()
    return server
