"""What the commands print, worded in the user's language: the one place that words and
prints problems, errors and results (build, check, watch and matrix alike).

Everything that comes from the content or the system is escaped for Rich (a value like
`[/]` is shown as it is, never read as markup) and its control characters made visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.console import Console
from rich.markup import escape

from ..locale import SOURCE_LANGUAGE, describe, say, visible
from ..problems import BuildError, ContentError, Country, Message, Problem, message
from ..render.brand import CountryColors


def plain(text: str) -> str:
    """Text from outside (content, paths, other programs) made safe to print with Rich."""
    return escape(visible(text))


class Reporter:
    """Prints for one command run, in one language."""

    def __init__(self, console: Console | None = None, lang: str = SOURCE_LANGUAGE):
        self.console = console or Console(stderr=True, highlight=False, emoji=False)
        self.lang = lang

    def say(self, item: Message | str, **params: object) -> str:
        return say(item, self.lang, **params)

    def _print(self, markup: str) -> None:
        self.console.print(markup, soft_wrap=True, emoji=False)  # «:x:» in a value stays «:x:»

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

    def translations(self, missing: Iterable[Problem], outdated: Iterable[Problem], *, strict: bool) -> None:
        """Text that falls back to Spanish, and translations whose Spanish changed since:
        warnings, or with --strict errors; each with its file (and field)."""
        missing, outdated = list(missing), list(outdated)
        style = "bold red" if strict else "bold yellow"
        if missing:
            code = "translations_missing_error" if strict else "translations_missing_warning"
            self._print(f"[{style}]{plain(self.say(code, count=len(missing)))}[/]")
            for problem in missing:
                field = self.say("label_field", field=problem.field or "")
                self._print(f"  [bold]{plain(problem.file)}[/]: {plain(field)}")
        if outdated:
            code = "translations_outdated_error" if strict else "translations_outdated_warning"
            self._print(f"[{style}]{plain(self.say(code, count=len(outdated)))}[/]")
            for problem in outdated:
                self._problem(problem)

    def translation_summary(self, missing: int, outdated: int, lang: str) -> None:
        """After a build in another language: one line on what is not translated (or outdated)."""
        parts = [message("count_texts_in_spanish", count=missing)] if missing else []
        parts += [message("count_translations_outdated", count=outdated)] if outdated else []
        if parts:
            what = parts[0] if len(parts) == 1 else message("list_and", first=parts[0], second=parts[1])
            self.note("translations_summary", style="yellow", lang=lang, what=what)

    def colors(self, colors: CountryColors) -> None:
        """Every country's colour, in report order, marked where the palette gave it (a
        choice made for the team), and each country that did not get its usual one."""
        if not colors.colors:
            return
        listed = tuple(
            message(
                "country_color_palette" if code in colors.assigned else "country_color",
                name=Country(code),
                code=code,
                color=color,
            )
            for code, color in colors.colors.items()
        )
        self.note("colors_assignment", listed=listed)
        for code, (usual, holder) in colors.moved.items():
            self.note(
                "country_color_moved",
                style="yellow",
                name=Country(code),
                code=code,
                color=colors.colors[code],
                usual=usual,
                holder=Country(holder),
                holder_code=holder,
            )

    def findings(self, findings, pages: int | None = None, variant: Message | None = None) -> None:
        """The layout preflight's findings as a short table (page, finding); `variant`
        names the report they belong to when several were built."""
        from rich.table import Table

        if not findings:
            if pages is not None:
                self.done("preflight_clean", pages=message("count_pages", count=pages))
            return
        title = self.say("preflight_title", count=len(findings))
        if variant is not None:
            title = self.say("preflight_title_of", variant=variant, title=title)
        table = Table(title=title, title_justify="left")
        table.add_column(self.say("preflight_col_page"), justify="right")
        table.add_column(self.say("preflight_col_finding"))
        for finding in findings:
            table.add_row(str(finding.page), plain(self.say(finding.message)))
        self.console.print(table)

    def unlocated(self, names: Sequence[str], off_map: Sequence[str] = ()) -> None:
        """Governments the maps leave out: without `ubicacion`, or in a country the base map lacks."""
        if names:
            self.note("governments_unlocated", style="yellow", count=len(names), names=", ".join(names))
        if off_map:
            self.note("governments_off_map", style="yellow", count=len(off_map), names=", ".join(off_map))

    def ask(self, item: Message | str, **params: object) -> str:
        """A question at the terminal; the answer as typed (empty when none)."""
        from rich.prompt import Prompt

        return Prompt.ask(plain(self.say(item, **params)), console=self.console, default="", show_default=False)

    def build_error(self, error: BuildError, head: str = "build_failed") -> None:
        self._print(f"[bold red]{plain(self.say(head))}[/] {plain(self.say(error.message))}")
