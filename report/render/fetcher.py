"""What the document may fetch while WeasyPrint lays it out: nothing outside its folders.

WeasyPrint fetches every URL the HTML and CSS name (images, stylesheets, fonts,
`<link rel=attachment>`). The content must not read other files of the machine nor reach
the network, so the fetcher allows only `data:` URLs and regular files under the allowed
folders (the edition's and `styles/`), after resolving symlinks; no HTTP at all, hence no
redirects. A refusal stops the build at once with a `RefusedFetch` naming the URL.
"""

from __future__ import annotations

import mimetypes
import os
import stat
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..problems import BuildError, message

MAX_RESOURCE_BYTES = 50 * 1024 * 1024
"""Fonts and images of a report are far smaller; this stops a runaway read."""


class RefusedFetch(FatalURLFetchingError):
    """The document asked for a resource outside what it may use.

    A `BaseException` (through WeasyPrint's fatal error), so WeasyPrint does not turn it
    into a logged warning and go on: the build stops here."""

    def __init__(self, url: str, why: str):
        self.url = url
        self.why = why
        super().__init__(f"{why}: {_short(url)}")

    def error(self) -> BuildError:
        return BuildError(
            "fetch_refused", url=_short(self.url), why=message(self.why, limit=MAX_RESOURCE_BYTES // 2**20)
        )


class ContentFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to `roots`; records what it refused."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=5)
        self.roots = [Path(root).resolve() for root in roots]
        self.refused: list[RefusedFetch] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            self._refuse(url, "fetch_scheme")
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            self._refuse(url, "fetch_scheme")
        path = Path(unquote(parts.path)).resolve()  # symlinks followed: where the bytes are
        if not any(path.is_relative_to(root) for root in self.roots):
            self._refuse(url, "fetch_outside")
        try:
            # O_NOFOLLOW: the resolved path has no symlink left; one swapped in now is refused.
            descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            self._refuse(url, "fetch_not_file")
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):  # no devices, FIFOs, sockets: /dev/urandom never ends
                self._refuse(url, "fetch_not_file")
            if info.st_size > MAX_RESOURCE_BYTES:
                self._refuse(url, "fetch_too_large")
            data = stream.read(MAX_RESOURCE_BYTES + 1)
        if len(data) > MAX_RESOURCE_BYTES:
            self._refuse(url, "fetch_too_large")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": kind})

    def _refuse(self, url: str, why: str):
        refusal = RefusedFetch(url, why)
        self.refused.append(refusal)
        raise refusal


def _short(url: str, limit: int = 100) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"


@contextmanager
def refusals_fail(fetcher: ContentFetcher):
    """Turn a refused fetch inside the block into a `BuildError` that names the URL,
    even if WeasyPrint caught the refusal on its way out."""
    try:
        yield
    except RefusedFetch as refusal:
        raise refusal.error() from None
    if fetcher.refused:
        raise fetcher.refused[0].error()
