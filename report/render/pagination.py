"""The page plan: where short profiles share a page, and a print edition's blank pages.

Every profile starts on a new page (report.css), so a short one alone leaves half a page
empty. The report is laid out once that way; each unit that may share a page
(`data-joinable` in the templates: a profile, a one-government country's compact heading
with its profile, the projects) is measured there: its pages, how much of its last page
it fills by the preflight's own measure (`preflight.page_fill`), how far its boxes reach,
how far its head and side column reach on its first page, and each labs panel split over
its last two pages. `plan` then chooses, unit by unit, whether it begins a page (or keeps
such a panel whole, to balance its pages, when the page above it stays full enough) or
follows on the page in progress: whole where it fits, or running over when its head and
side column fit; fewest pages under the preflight's minimum first, then fewest pages, then
those pages least short of it. The choice is a stylesheet (`break-before:
auto` on the units that follow, `break-inside: avoid` on the panels kept whole), never a
forced break inside a profile (WeasyPrint 70 loses text after one inside a grid item),
and the report is laid out again with it.

A print edition is padded to a multiple of 4 pages (a printer's sheet folds into 4) with
blank pages before the back cover: unnumbered, no running heads, nothing to tag. The plan
predicts the count; the planned layout corrects it if the prediction was off (a third
layout, at most).

Nothing here imports WeasyPrint: `measure` only reads the boxes it is handed.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import saved
from ..paths import CACHE_DIR, STYLES_DIR
from .preflight import PX_PER_MM, THRESHOLDS, page_fill, visible

JOIN_GAP_MM = 10.0  # between a unit and the one whose page it joins
# Layout rounding: a unit joins only where it fits with this to spare. A unit laid out after
# another ends where the plan predicts (0.00 mm off on 2020, 2021 and synthetic editions, in
# both languages): 3 mm kept Medellín off a page it fits on in English, by 0.45 mm.
SPARE_MM = 2.0
ESTIMATE = 0.02  # a fill the plan predicts (not measured) is counted this much short
SHEET = 4  # pages per folded sheet: a print edition has a multiple of this

_BACK = re.compile(r'<[a-zA-Z][a-zA-Z0-9]*\s[^<>]*?\bdata-part="back"[^<>]*>')


@dataclass(frozen=True)
class Keep:
    """A panel split over a long unit's last two pages, kept whole on the last: its pages balanced."""

    selector: str  # the panel, as a CSS selector
    above: float  # how much of the page before it fills then (the preflight's measure)
    moved: float  # how much moves down to the last page


@dataclass(frozen=True)
class Unit:
    """What can share a page, laid out alone from the top of a page. Heights are fractions
    of a page's content height."""

    anchor: str  # the element's id
    pages: int
    fill: float  # how much of its last page it fills, by the preflight's measure (its lowest visible box)
    extent: float  # how far down its last page its boxes reach (with the space below the text)
    follows: bool  # comes right after another unit (no divider, no other part between)
    content: float = 0.0  # what it holds: its pages' extents added up
    lead: float = 1.0  # how far down its first page its head and side column reach
    keeps: tuple[Keep, ...] = ()  # for a unit of several pages


@dataclass(frozen=True)
class Plan:
    joins: frozenset[str] = frozenset()  # units that begin on the page before (whole, or running over)
    keeps: frozenset[str] = frozenset()  # panels kept whole on the next page
    under: int = 0  # pages the plan expects under the minimum
    pages: int = 0  # pages the units take


@dataclass(frozen=True)
class _State:
    """The units placed so far, and the page in progress."""

    # Pages under the minimum, pages, how far under the minimum those pages fall (added up),
    # changes from one unit a page.
    cost: tuple[int, int, float, int]
    reach: float
    fill: float
    open: bool  # a unit may still join it (not the predicted end of a unit that ran over)
    joins: tuple[str, ...] = ()
    keeps: tuple[str, ...] = ()


def plan(units: Sequence[Unit], *, gap: float, room: float, minimum: float = THRESHOLDS.min_fill) -> Plan:
    """Where the units begin, so that the fewest pages fill less than `minimum`, then the
    fewest pages, then those pages fall least short of it (a 52 % page over a 30 % one),
    then the fewest changes. Each unit either begins a page (as measured,
    or with a panel split over its last two pages kept whole on the last), or follows on
    the page in progress: whole where it fits (`gap` before it, reaching at most `room`),
    or running over onto the next pages when its head and side column fit (`lead`)."""
    states = [_State((0, 0, 0.0, 0), 1.0, 1.0, False)]
    for unit in units:
        found: dict[tuple, _State] = {}
        for state in states:
            for after in _placed(state, unit, gap, room, minimum):
                key = (round(after.reach, 2), round(after.fill, 2), after.open)  # states alike are merged
                if key not in found or after.cost < found[key].cost:
                    found[key] = after
        states = list(found.values())
    if not units:
        return Plan()
    best = min(states, key=lambda state: _closed(state, minimum))  # the last page ends too
    return Plan(frozenset(best.joins), frozenset(best.keeps), _closed(best, minimum)[0], best.cost[1])


def _closed(state: _State, minimum: float) -> tuple[int, int, float, int]:
    """The cost of `state` once its page in progress ends: counted, if short, with how short."""
    under, pages, short, changes = state.cost
    return under + (state.fill < minimum), pages, round(short + max(0.0, minimum - state.fill), 4), changes


def _placed(state: _State, unit: Unit, gap: float, room: float, minimum: float) -> Iterator[_State]:
    """The ways `unit` can follow `state`."""
    under, pages, short, changes = state.cost
    closed, _, shorter, _ = _closed(state, minimum)  # where the unit begins a page
    yield _State((closed, pages + unit.pages, shorter, changes), unit.extent, unit.fill, True, state.joins, state.keeps)
    for option in unit.keeps:
        # Never a short page inside a profile (a gap above a panel reads as a mistake; a
        # short last page is the profile's end).
        reach, fill = unit.extent + option.moved, unit.fill + option.moved - ESTIMATE
        if reach <= room and option.above >= minimum:
            cost = (closed, pages + unit.pages, shorter, changes + 1)
            yield _State(cost, reach, fill, True, state.joins, (*state.keeps, option.selector))
    if not (unit.follows and state.open):
        return
    top = state.reach + gap
    joined = (*state.joins, unit.anchor)
    if unit.pages == 1 and top + unit.extent <= room:
        yield _State((under, pages, short, changes + 1), top + unit.extent, top + unit.fill, True, joined, state.keeps)
    elif top + unit.lead <= room:
        over = unit.content - (1 - top)  # what runs over onto the next pages
        if over > 0:
            more = math.ceil(over)
            tail = over - (more - 1)
            fill = tail - (unit.extent - unit.fill) - ESTIMATE
            yield _State((under, pages + more, short, changes + 1), tail, fill, False, joined, state.keeps)


def measure(document: Any) -> tuple[list[Unit], float]:
    """The units of a report laid out with every unit on its own pages, and the content
    height of their pages in CSS px."""
    order: list[tuple[str, Any, int]] = []  # (part, its element, first page), in document order
    seen: set[str] = set()
    for number, page in enumerate(document.pages, start=1):
        for child in _body(page._page_box):
            element = getattr(child, "element", None)
            part = element.get("data-part") if element is not None else None
            if part and part not in seen:
                seen.add(part)
                order.append((part, element, number))
    units: list[Unit] = []
    height = 0.0
    for index, (_part, element, first) in enumerate(order):
        anchor = element.get("id")
        if element.get("data-joinable") is None or not anchor:
            continue
        # It runs to the page before the next part that starts a page of its own.
        later = [start for *_, start in order[index + 1 :] if start > first]
        last = (min(later) if later else len(document.pages) + 1) - 1
        boxes = [document.pages[number - 1]._page_box for number in range(first, last + 1)]
        height, top = boxes[0].height, boxes[0].content_box_y()
        extents = [(_bottom(_body(box), top) - top) / height for box in boxes]
        sides = [b for b in _descendants(_body(boxes[0])) if _has_class(b, "profile-side")]
        lead = max((_bottom([side], top) - top) / height for side in sides) if sides else extents[0]
        keeps = _keeps(boxes[-2], boxes[-1]) if len(boxes) > 1 else ()
        units.append(
            Unit(
                anchor,
                len(boxes),
                page_fill(last, boxes[-1]),
                extents[-1],
                index > 0 and order[index - 1][0].startswith("government:"),
                sum(extents),
                lead,
                keeps,
            )
        )
    return units, height


PANELS = ("labs", "activities")  # a profile's sections that may move whole to the next page


def _keeps(before: Any, last: Any) -> tuple[Keep, ...]:
    """The panels split between the page `before` and the `last` one, and what keeping each
    whole on the last page would do."""
    height, top = before.height, before.content_box_y()
    on_last = {id(b.element) for b in _descendants(_body(last)) if _panel(b)}
    found = []
    for article in _body(before):
        anchor = article.element.get("id") if getattr(article, "element", None) is not None else None
        for panel in _descendants([article]):
            if not (anchor and _panel(panel) and id(panel.element) in on_last):
                continue
            inside = {id(b) for b in _descendants([panel])}
            rest = [b for b in _descendants(_body(before)) if id(b) not in inside and visible(b)]
            above = (_bottom(rest, top) - top) / height
            # Its text, not its box: a split box reaches down to the page's end.
            text = _bottom([b for b in _descendants(panel.children) if visible(b)], panel.content_box_y())
            moved = (text + panel.padding_bottom + panel.border_bottom_width - panel.position_y) / height
            name = next(c for c in PANELS if _has_class(panel, c))
            found.append(Keep(f"#{anchor} .{name}", above, moved))
    return tuple(found)


def _panel(box: Any) -> bool:
    return any(_has_class(box, name) for name in PANELS)


def _body(page_box) -> list[Any]:
    """The body's children on a page: the parts' boxes (`<html>` → `<body>` → parts)."""
    for html in getattr(page_box, "children", ()):
        for body in getattr(html, "children", ()):
            return list(getattr(body, "children", ()))
    return []


def _descendants(boxes: Sequence[Any]) -> list[Any]:
    found = []
    stack = list(reversed(boxes))
    while stack:  # no recursion: the box tree can be deep
        box = stack.pop()
        found.append(box)
        stack.extend(reversed(getattr(box, "children", ())))
    return found


def _bottom(boxes: Sequence[Any], top: float) -> float:
    return max((box.border_box_y() + box.border_height() for box in boxes), default=top)


def _has_class(box: Any, name: str) -> bool:
    element = getattr(box, "element", None)
    return element is not None and name in (element.get("class") or "").split()


def stylesheet(plan: Plan) -> str:
    """The CSS of a page plan: the units that follow on the page before, the panels kept whole."""
    rules = []
    if plan.joins:
        selectors = ", ".join(f"#{anchor}" for anchor in sorted(plan.joins))
        rules.append(f"{selectors} {{ break-before: auto; margin-top: {JOIN_GAP_MM:g}mm; }}")
    if plan.keeps:
        rules.append(f"{', '.join(sorted(plan.keeps))} {{ break-inside: avoid; }}")
    return "\n".join(rules)


def padding(pages: int) -> int:
    """The blank pages that make `pages` a multiple of a sheet."""
    return -pages % SHEET


def paginate(html: str, document: Any, *, pad: bool) -> str | None:
    """The report's HTML with its page plan (and, `pad`ded for print, its blank pages), or
    None when the layout `document` of `html` is already the planned one. Handed the
    planned HTML's layout, it only corrects the blank pages, should the plan have
    miscounted the pages."""
    if PLAN in html:
        blanks = html.count(BLANK)
        wanted = padding(len(document.pages) - blanks) if pad else 0
        return None if wanted == blanks else _with_blanks(html, wanted)
    units, height = measure(document)
    planned = Plan()
    if units:
        planned = plan(units, gap=JOIN_GAP_MM * PX_PER_MM / height, room=1 - SPARE_MM * PX_PER_MM / height)
    pages = len(document.pages) - sum(unit.pages for unit in units) + planned.pages
    css = stylesheet(planned)
    if not css and not (pad and padding(pages)):
        return None
    return _planned(html, css, padding(pages) if pad else 0)


PLAN = '<style data-page-plan="">'  # the plan's stylesheet: the HTML has been planned
BLANK = '<div class="blank-page" data-part="blank" data-free aria-hidden="true"></div>\n'


PLAN_CACHE_DIR = CACHE_DIR / "plans"


def recall(html: str, *, pad: bool, cache_dir: Path | None = PLAN_CACHE_DIR) -> str | None:
    """`html` with the plan a build of the same HTML chose before, or None: then the
    report is laid out once, not twice (a plan is a saving, never a source of truth: the
    preflight and the nothing-lost check still judge the pages)."""
    kept = saved.read(cache_dir, _key(html, pad))
    if kept is None:
        return None
    css, _, blanks = kept.decode("utf-8").rpartition("\n")
    return _planned(html, css, int(blanks))


def remember(html: str, planned: str, *, pad: bool, cache_dir: Path | None = PLAN_CACHE_DIR) -> None:
    """Keep the plan `planned` (a planned HTML) of `html` for the next build of it."""
    record = f"{planned_css(planned)}\n{planned.count(BLANK)}"
    saved.write(cache_dir, _key(html, pad), record.encode("utf-8"))


def _key(html: str, pad: bool) -> str:
    """What a layout depends on beyond the HTML (which inlines the stylesheets): the fonts'
    files, WeasyPrint's version and this planner's code."""
    import weasyprint  # its version only: this module stays free of WeasyPrint's layout

    digest = hashlib.sha256(html.encode("utf-8"))
    digest.update(f"{pad} {weasyprint.__version__}".encode())
    for path in sorted((STYLES_DIR / "fonts").rglob("*.ttf")) + [Path(__file__), Path(page_fill.__code__.co_filename)]:
        digest.update(path.read_bytes())
    return f"{digest.hexdigest()}.plan"


def _planned(html: str, css: str, blanks: int) -> str:
    """`html` with the plan's stylesheet and `blanks` blank pages."""
    html = html.replace("</head>", f"{PLAN}\n{css}\n</style>\n</head>", 1)
    return _with_blanks(html, blanks)


def planned_css(html: str) -> str:
    """The page plan's stylesheet in a planned HTML (empty if it has none)."""
    start = html.find(PLAN)
    return html[start + len(PLAN) : html.index("</style>", start)].strip() if start >= 0 else ""


def _with_blanks(html: str, count: int) -> str:
    """`html` with `count` blank pages before the back cover."""
    html = html.replace(BLANK, "")
    back = _BACK.search(html)
    if back is None:
        return html
    return html[: back.start()] + BLANK * count + html[back.start() :]
