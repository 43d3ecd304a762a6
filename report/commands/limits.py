"""Limits of one run: a time limit, clean stops on Ctrl-C and SIGTERM, and how often the
cycle collector may interrupt it.

Both arrive as exceptions raised wherever the build happens to be, so every cleanup on
the way out runs (`write_atomically` removes its temporary file): a stopped build leaves
the previous PDF as it was and no partial file behind. They derive from BaseException,
so no `except Exception` inside a library (WeasyPrint catches broadly) can swallow them.
"""

from __future__ import annotations

import gc
import signal
import threading
from contextlib import contextmanager

from ..problems import Message, message

DEFAULT_TIMEOUT = 300
"""Seconds: a build takes a few; a hang (or a hostile input) should not hold the machine."""

EXIT_INTERRUPTED = 130  # 128 + SIGINT, what shells report for Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


# WeasyPrint lays a report out in millions of boxes that live until the PDF is written; at
# Python's default thresholds (700, 10, 10) the cycle collector walks them again and again
# for garbage that is rarely there: 0.3 s of a 2020 build, 7 s of a 400-government one.
# Collecting less often keeps the same peak memory (docs/performance.md).
COLLECTOR_THRESHOLDS = (50_000, 10, 10)


def collect_less_often() -> None:
    gc.set_threshold(*COLLECTOR_THRESHOLDS)


class Stopped(BaseException):
    """The run was stopped from outside or by its time limit."""

    def __init__(self, exit_code: int, said: Message):
        self.exit_code = exit_code
        self.message = said
        super().__init__(said.code)


class TimeLimit(Stopped):
    """The run went past its time limit."""


@contextmanager
def bounded(timeout: float | None):
    """Run the block with SIGTERM → `Stopped`, Ctrl-C → KeyboardInterrupt and, when
    `timeout` is set, SIGALRM after `timeout` seconds → `TimeLimit`."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; a caller's thread keeps its own
        return

    def on_term(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the cleanup on the way out must not be cut short
        raise Stopped(EXIT_TERMINATED, message("interrupted", signal="SIGTERM"))

    def on_alarm(signum, frame):
        raise TimeLimit(1, message("timeout", seconds=f"{timeout:g}"))

    previous = {number: signal.getsignal(number) for number in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM)}
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored
    if timeout:
        signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
