"""The preview of `watch --serve`: the state a build leaves (`BuildState`), and a page on
127.0.0.1 that shows the latest PDF (served from memory, so no viewer locks the file in
dist/), marks a quick view as such («vista rápida de las páginas N–M») and reloads itself
when the state changes (it long-polls `/version`). Moved out of the command module: the
watcher writes the state, this module only reads it."""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from ..locale import say
from ..problems import Message, message

# Seconds a preview's request for `/version?seen=N` waits for the state to change.
LONG_POLL_S = 20.0


@dataclass
class BuildState:
    """The latest good PDF (or quick view) and the latest outcome, shared with the preview
    server. `version` counts what the preview shows; `serial` counts every change of state
    (a new PDF, problems, a quick view replaced), which the preview waits for."""

    version: int = 0
    pdf: bytes | None = None
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    quick: tuple[int, int] | None = None  # the pages a quick view shows, until the full PDF replaces it
    serial: int = 0
    full_pdf: bytes | None = None  # the last full PDF: what a failed build falls back to (a quick view keeps `pages`)
    lock: threading.Lock = field(default_factory=threading.Lock)
    changed: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self.changed = threading.Condition(self.lock)

    def _bump(self) -> None:
        self.serial += 1
        self.changed.notify_all()

    def succeeded(self, pdf: bytes, pages: int, *, clear_problems: bool = True) -> None:
        with self.lock:
            self.version += 1
            self.pdf, self.pages, self.quick = pdf, pages, None
            self.full_pdf = pdf
            if clear_problems:
                self.problems = []
            self._bump()

    def quick_view(self, pdf: bytes, first: int, last: int) -> None:
        with self.lock:
            self.version += 1
            self.pdf, self.quick, self.problems = pdf, (first, last), []
            self._bump()

    def failed(self, problems: list[str]) -> None:
        with self.lock:
            self.problems = problems
            if self.quick is not None:  # a quick view of what did not build: back to the last full PDF
                self.version += 1
                self.pdf, self.quick = self.full_pdf, None
            self._bump()

    def snapshot(self) -> dict:
        with self.lock:
            return self._snapshot()

    def _snapshot(self) -> dict:
        quick = {"first": self.quick[0], "last": self.quick[1]} if self.quick else None
        return {
            "version": self.version,
            "pages": self.pages,
            "problems": list(self.problems),
            "quick": quick,
            "serial": self.serial,
        }

    def wait(self, seen: int, timeout: float) -> dict:
        """The snapshot once `serial` is no longer `seen` (or after `timeout` seconds)."""
        with self.lock:
            self.changed.wait_for(lambda: self.serial != seen, timeout)
            return self._snapshot()


def pages_shown(first: int, last: int) -> Message:
    return (
        message("preview_quick_page", page=first)
        if first == last
        else message("preview_quick_pages", first=first, last=last)
    )


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
  #quick {{ margin-left: .6rem; padding: .1rem .5rem; background: #ffd54a; color: #1d1d1b; font-weight: bold; }}
  iframe {{ flex: 1; border: 0; width: 100%; }}
</style>
</head>
<body>
<header>{report} · {version_word} <span id="version">{version}</span> · <span id="status">{status}</span>
<mark id="quick"{quick_hidden}>{quick}</mark></header>
<pre id="problems"{hidden}>{problems}</pre>
<iframe id="pdf" title="{pdf_title}" src="/report.pdf?v={version}"></iframe>
<script>
  // Wait for the state to change (long polling); after a rebuild or a quick view, load the
  // new PDF and show its number; a quick view is marked with the pages it shows.
  const words = {words};
  let current = {version};
  let serial = {serial};
  function quickWords(quick) {{
    return quick.first === quick.last
      ? words.quick_page.replace("{{page}}", quick.first)
      : words.quick_pages.replace("{{first}}", quick.first).replace("{{last}}", quick.last);
  }}
  async function poll() {{
    let wait = 0;
    try {{
      const state = await (await fetch("/version?seen=" + serial, {{cache: "no-store"}})).json();
      serial = state.serial;
      const problems = document.getElementById("problems");
      problems.hidden = state.problems.length === 0;
      problems.textContent = state.problems.join("\\n");
      document.getElementById("status").textContent = state.problems.length
        ? words.problems : state.pages + " " + words.pages;
      const quick = document.getElementById("quick");
      quick.hidden = !state.quick;
      quick.textContent = state.quick ? quickWords(state.quick) : "";
      if (state.version !== current) {{
        current = state.version;
        document.getElementById("pdf").src = "/report.pdf?v=" + current;
        document.getElementById("version").textContent = current;
      }}
    }} catch (error) {{ wait = 300; /* the watcher is restarting: try again */ }}
    setTimeout(poll, wait);
  }}
  poll();
</script>
</body>
</html>
"""


# The names the preview answers to. Any other Host is a page elsewhere reaching 127.0.0.1
# through its own DNS name (DNS rebinding): it gets nothing, not even the draft PDF.
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]"}
MAX_TARGET = 256  # characters of a request's path and query: the preview's own are far shorter
_SEEN = re.compile(r"[0-9]{1,18}")  # ASCII digits only («²» is a digit to str.isdigit)


def host_allowed(host: str | None, port: int) -> bool:
    """Is `host` (a Host header) this preview's own name: 127.0.0.1, localhost or [::1],
    with no port or the preview's?"""
    if not host:
        return False
    host = host.strip().lower()
    if host.startswith("["):
        name, _, rest = host.partition("]")
        name += "]"
        given = rest.removeprefix(":") if rest.startswith(":") else None
        if rest and given is None:
            return False
    else:
        name, colon, given_port = host.partition(":")
        given = given_port if colon else None
    if name not in LOCAL_HOSTS:
        return False
    return given is None or given == str(port)


class _PreviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A tab closed mid-answer (or any request gone wrong) is no news for the terminal,
        which shows rebuilds: no traceback."""


def start_preview(state: BuildState, port: int, title: str, lang: str = "es") -> ThreadingHTTPServer:
    """Serve the preview on 127.0.0.1 from a daemon thread; port 0 picks a free one."""
    from html import escape as html_escape

    words = {
        "pages": say("preview_pages", lang),
        "problems": say("preview_with_problems", lang),
        "quick_page": say("preview_quick_page", lang, page="{page}"),
        "quick_pages": say("preview_quick_pages", lang, first="{first}", last="{last}"),
    }

    def plain(code: str) -> bytes:
        return say(code, lang).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            if not host_allowed(self.headers.get("Host"), listening[0]):
                self._send(421, "text/plain; charset=utf-8", plain("preview_foreign_host"))
                return
            if len(self.path) > MAX_TARGET:
                self._send(414, "text/plain; charset=utf-8", plain("preview_bad_request"))
                return
            route, _, query = self.path.partition("?")
            try:
                values = parse_qs(query, max_num_fields=4).get("seen", [""])
            except ValueError:  # more fields than any preview sends
                values = []
            seen = values[0] if len(values) == 1 else "?"  # one `seen`, or a bad request
            if route == "/version" and seen and not _SEEN.fullmatch(seen):
                self._send(400, "text/plain; charset=utf-8", plain("preview_bad_request"))
                return
            if route == "/version" and seen:
                snapshot = state.wait(int(seen), LONG_POLL_S)  # until something changes
            else:
                snapshot = state.snapshot()
            if route == "/":
                quick = snapshot["quick"]
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
                    quick=html_escape(say(pages_shown(quick["first"], quick["last"]), lang)) if quick else "",
                    quick_hidden="" if quick else " hidden",
                    serial=snapshot["serial"],
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
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Cache-Control", "no-store")
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the tab was closed during the long poll: nobody to answer
                self.close_connection = True

        def log_message(self, format, *args):
            pass  # the terminal shows rebuilds, not every poll

    listening = [port]  # the port bound (port 0: the one the system picked)
    server = _PreviewServer(("127.0.0.1", port), Handler)
    listening[0] = server.server_address[1]
    # A short poll: `shutdown()` (Ctrl+C, the end of a test) waits for the loop to notice.
    threading.Thread(target=server.serve_forever, args=(0.05,), name="preview", daemon=True).start()
    return server
