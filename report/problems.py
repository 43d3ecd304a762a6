"""Problems: what went wrong and where, as a message code and its parameters.

Nothing here words a message. A `Problem` (in the content) or a `BuildError` (in the build)
carries a code and the values that fill it; the commands word them in the user's language
through the catalogues of `report/locale` (`report.locale.say`, `report.locale.describe`).
Every stage collects problems and raises `ContentError` with all of them at once, so the
communications team fixes every mistake in one pass.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as _field


@dataclass(frozen=True)
class Message:
    """A message code and its parameters; a parameter may itself be a `Message` (or a tuple
    of them, worded one a line)."""

    code: str
    params: Mapping[str, object] = _field(default_factory=dict, hash=False)


def message(code: str, /, **params: object) -> Message:
    return Message(code, dict(params))


class Verbatim(str):
    """A value shown as it is in a message (a byte, a number as read), not quoted as text."""


class Country(str):
    """A country code, which a message shows by its name in the reader's language."""


class Lines(tuple):
    """Parameters shown one a line (a tuple parameter is otherwise joined with commas)."""


@dataclass(frozen=True)
class Problem:
    """One located problem in the content: `code` says what, the rest where and with what."""

    code: str
    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    value: object = None  # the value as read, shown in the message when not None
    params: Mapping[str, object] = _field(default_factory=dict, hash=False)

    @property
    def message(self) -> Message:
        return Message(self.code, self.params)

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def problem(
    code: str,
    file: str,
    /,
    *,
    line: int | None = None,
    column: int | None = None,
    field: str | None = None,
    value: object = None,
    **params: object,
) -> Problem:
    return Problem(code, file, line, column, field, value, dict(params))


def _order(item: Problem) -> tuple:
    return (item.file, item.line or 0, item.column or 0, item.field or "")


class ContentError(Exception):
    """The content has problems; `problems` lists every one of them, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=_order)
        super().__init__("; ".join(f"{p.location()}: {p.code}" for p in self.problems))

    def __reduce__(self):  # pickles (matrix workers send it back) with its problems
        return (ContentError, (self.problems,))


class BuildError(Exception):
    """The build itself failed (a strict-rendering warning, a missing font...)."""

    def __init__(self, code: str, /, **params: object):
        self.message = message(code, **params)
        super().__init__(code)

    def __reduce__(self):
        return (_rebuild_error, (type(self), self.message.code, dict(self.message.params)))


def _rebuild_error(kind: type[BuildError], code: str, params: dict) -> BuildError:
    return kind(code, **params)


class Reason(ValueError):
    """A validator's verdict as a message code, turned into a located problem by the loader."""

    def __init__(self, code: str, /, **params: object):
        self.code = code
        self.params = params
        super().__init__(code)


# Why the system refused to read or write, in the team's words (strerror is English).
_OS_REASONS = {
    errno.ENOSPC: "os_no_space",
    errno.EDQUOT: "os_no_space",
    errno.EACCES: "os_permission",
    errno.EPERM: "os_permission",
    errno.EROFS: "os_read_only",
    errno.ENOTDIR: "os_not_folder",
    errno.EISDIR: "os_is_folder",
    errno.EEXIST: "os_exists",
    errno.ENOENT: "os_not_found",
    errno.ENAMETOOLONG: "os_name_too_long",
    errno.ELOOP: "os_loop",
    errno.EIO: "os_io",
}


def os_reason(error: OSError) -> Message:
    """What an `OSError` means, as a message (its English `strerror` only when unknown)."""
    code = _OS_REASONS.get(error.errno or 0)
    if code:
        return message(code)
    return message("os_other", reason=error.strerror or type(error).__name__)
