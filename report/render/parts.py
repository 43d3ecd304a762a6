"""The report's parts: which part a content file feeds, where each part lies in a laid-out
report, and the HTML of one part alone, laid out as that part of the whole (`watch`'s quick view).

Every part of the report is a child of `<body>` marked `data-part` (`report.html.j2`:
`cover`, `contents`, `letter`, `glance`, `country:AR`, `government:rosario`, `projects`,
`back`), and a part starts on a new page unless the page plan (`pagination`) lets it share
one. So a part laid out alone (with the parts it shares pages with, and the plan's
stylesheet) gives the same pages as in the whole report, provided it starts with what the
pages before it left behind: the page number, the side (left or right: the folio's corner) and the running
heads' named strings (`string-set`). `read_layout` takes those from WeasyPrint's layout of
the whole report; `quick_html` puts them in front of the part, on a page of its own that
`pdf.render_part` drops. The glyph widths the whole PDF was written with come along too
(`Layout.widths`): WeasyPrint rounds a glyph's width the first time a document draws it,
so the same line drawn in a shorter document can land a fraction of a point off.

Nothing here imports WeasyPrint: `read_layout` only reads the boxes it is handed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..content.folder import document_of

PART_ATTRIBUTE = "data-part"
ENTRY_ATTRIBUTE = "data-quick-entry"  # the element that carries the strings in force before the part

# A part's opening tag: `<article class="profile" … data-part="government:rosario" …>`. Only the
# templates write the attribute (content reaches the HTML escaped, its attributes sanitised).
_PART_START = re.compile(r'<[a-zA-Z][a-zA-Z0-9]*\s[^<>]*?\bdata-part="([^"]*)"[^<>]*>')
_BODY_START = re.compile(r"<body\b[^>]*>")
_BODY_END = "</body>"


def part_of(edition_dir: Path, path: Path) -> str | None:
    """The part of the report a changed file feeds, or None when it feeds more than one
    part (the edition file's figures are on the contents, the glance and the openers) or
    is not a content file (a photo, a stylesheet, a template, a chart: a full build)."""
    document = document_of(edition_dir, path)
    if document is None:
        return None
    kind, key = document
    if kind == "government":
        return f"government:{key}"
    return {"project": "projects", "letter": "letter"}.get(kind)


def quick_part(edition_dir: Path, changed: Iterable[Path]) -> str | None:
    """The one part every changed file feeds (a profile and its translation saved
    together), or None: a full build only. A file that is gone and was no content file
    does not count: an editor's probe (vim's `4913`) or a removed photo (a profile that
    still names it fails validation before any view)."""
    parts = {
        part_of(edition_dir, path) for path in changed if path.exists() or document_of(edition_dir, path) is not None
    }
    return parts.pop() if len(parts) == 1 else None


@dataclass(frozen=True)
class Layout:
    """What a laid-out report tells about its pages, for laying one part out alone."""

    pages: int
    parts: dict[str, tuple[int, int]]  # part → its first and last page (1-based)
    sides: tuple[str, ...]  # each page's side: "left" or "right"
    strings: tuple[dict[str, str], ...]  # each page: the named strings in force as it begins
    widths: dict[str, dict[int, int]] = field(default_factory=dict)  # font → glyph → width drawn (1/1000 em)
    plan: str = ""  # the page plan's stylesheet the report was laid out with (`pagination`)

    def group(self, part: str) -> list[str]:
        """`part` and the parts it shares pages with, one after another (the page plan put
        them together): what is laid out for its quick view. The first begins a page."""
        names = list(self.parts)  # in the report's order
        start = end = names.index(part)
        while start > 0 and self.parts[names[start - 1]][1] >= self.parts[names[start]][0]:
            start -= 1
        while end + 1 < len(names) and self.parts[names[end + 1]][0] <= self.parts[names[end]][1]:
            end += 1
        return names[start : end + 1]


def read_layout(document: Any) -> Layout:
    """The parts, sides and named strings of a laid-out WeasyPrint document (and, once it
    is written, the glyph widths its fonts were drawn with)."""
    parts: dict[str, tuple[int, int]] = {}
    sides: list[str] = []
    strings: list[dict[str, str]] = []
    current: dict[str, str] = {}
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        sides.append(root.page_type.side)
        strings.append(dict(current))
        stack = [root]
        while stack:  # no recursion: the box tree can be deep
            box = stack.pop()
            if type(box).__name__ == "MarginBox":
                continue
            element = getattr(box, "element", None)
            name = element.get(PART_ATTRIBUTE) if element is not None else None
            if name:
                first, _last = parts.get(name, (number, number))
                parts[name] = (first, number)
            assigned = getattr(box, "string_set", None)
            if assigned and assigned != "none":
                current.update(assigned)  # WeasyPrint's order: the page's boxes in tree order
            stack.extend(reversed(getattr(box, "children", ())))
    widths = {font.hash: dict(font.widths) for font in getattr(document, "fonts", {}).values()}
    return Layout(len(sides), parts, tuple(sides), tuple(strings), widths)


@dataclass(frozen=True)
class Sliced:
    """The HTML cut at its parts: everything up to `<body …>`, and each part's markup."""

    head: str
    parts: dict[str, str]


def slice_parts(html: str) -> Sliced:
    """Each part runs from its opening tag to the next part's (the last one to `</body>`):
    parts are `<body>`'s children, one after another."""
    body = _BODY_START.search(html)
    end = html.rfind(_BODY_END)
    if body is None or end < 0:
        return Sliced(html, {})
    starts = [match for match in _PART_START.finditer(html, body.end(), end)]
    parts: dict[str, str] = {}
    for index, match in enumerate(starts):
        stop = starts[index + 1].start() if index + 1 < len(starts) else end
        parts[match.group(1)] = html[match.start() : stop]
    return Sliced(html[: body.end()], parts)


def css_string(text: str) -> str:
    """`text` as a CSS string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ").replace("\r", "\\d ")
    return f'"{escaped}"'


def quick_html(html: str, part: str, layout: Layout) -> str | None:
    """The report's HTML with only `part`, laid out as in the whole report: a first page
    of its own carries the page number, the side and the named strings in force where
    the part begins (`pdf.render_part` drops that page). None when `layout` does not
    know the part or the HTML does not have it (a new or removed profile). A part that
    shares its pages comes with the parts it shares them with (`Layout.group`)."""
    if part not in layout.parts:
        return None
    group = layout.group(part)
    sliced = slice_parts(html)
    if any(name not in sliced.parts for name in group):
        return None
    markup = "".join(sliced.parts[name] for name in group)
    part = group[0]  # the one that begins the first page
    first, _last = layout.parts[part]
    before = "left" if layout.sides[first - 1] == "right" else "right"
    entry = layout.strings[first - 1]
    rules = [
        f"@page :first {{ counter-reset: page {first - 1}; }}",  # the part's first page is page `first`
        f"html {{ break-before: {before}; }}",  # the first page's side: the part's is the other
        f"[{PART_ATTRIBUTE}={css_string(part)}] {{ break-before: page; }}",
    ]
    if entry:
        assigned = ", ".join(f"{name} {css_string(value)}" for name, value in entry.items())
        rules.append(f"[{ENTRY_ATTRIBUTE}] {{ string-set: {assigned}; }}")
    if layout.plan:
        rules.append(layout.plan)
    style = "<style>\n" + "\n".join(rules) + "\n</style>\n"
    head = sliced.head.replace("</head>", style + "</head>", 1)
    return f"{head}\n<div {ENTRY_ATTRIBUTE}></div>\n{markup}</body>\n</html>\n"
