"""What the commands print, worded in the user's language: the one place that words and
prints problems, errors and results (build, check, watch and matrix alike).

Everything that comes from the content or the system is escaped for Rich (a value like
`[/]` is shown as it is, never read as markup) and its control characters made visible.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape

from ..locale import SOURCE_LANGUAGE, describe, say, visible
from ..problems import BuildError, ContentError, Message, Problem


def plain(text: str) -> str:
    """Text from outside (content, paths, other programs) made safe to print with Rich."""
    return escape(visible(text))


class Reporter:
    """Prints for one command run, in one language."""

    def __init__(self, console: Console | None = None, lang: str = SOURCE_LANGUAGE):
        self.console = console or Console(stderr=True, highlight=False)
        self.lang = lang

    def say(self, item: Message | str, **params: object) -> str:
        return say(item, self.lang, **params)

    def _print(self, markup: str) -> None:
        self.console.print(markup, soft_wrap=True)

    def done(self, item: Message | str, **params: object) -> None:
        self._print(f"[green]✓[/] {plain(self.say(item, **params))}")

    def fail(self, item: Message | str, **params: object) -> None:
        self._print(f"[bold red]{plain(self.say(item, **params))}[/]")

    def note(self, item: Message | str, style: str = "", **params: object) -> None:
        text = plain(self.say(item, **params))
        self._print(f"[{style}]{text}[/]" if style else text)

    def problems(self, error: ContentError) -> None:
        """Every located problem, one a line."""
        self.fail("problems_count", count=len(error.problems))
        for problem in error.problems:
            self._problem(problem)

    def _problem(self, problem: Problem) -> None:
        self._print(f"  [bold]{plain(problem.location())}[/]: {plain(describe(problem, self.lang))}")

    def missing(self, missing: Iterable[Problem], *, strict: bool) -> None:
        """Translations that fall back to Spanish: a warning, or with --strict an error."""
        missing = list(missing)
        code = "translations_missing_error" if strict else "translations_missing_warning"
        self._print(f"[bold {'red' if strict else 'yellow'}]{plain(self.say(code, count=len(missing)))}[/]")
        for problem in missing:
            field = self.say("label_field", field=problem.field or "")
            self._print(f"  [bold]{plain(problem.file)}[/]: {plain(field)}")

    def build_error(self, error: BuildError, head: str = "build_failed") -> None:
        self._print(f"[bold red]{plain(self.say(head))}[/] {plain(self.say(error.message))}")
