"""Where a map's labels go: every dot named, no label over another label or a dot not its own,
none past the frame.

Pure geometry in points on paper (x to the right, y up), no matplotlib: the caller measures
its text (`measure`, with the brand's font) and draws what `place` returns. Dots closer
than `merge_within` are one place with one label («Hurlingham · Luján»). Each place tries
the spots beside its dot first, then spots further out joined to it by a leader line,
greedily, the most crowded places first (they have the fewest free spots). `problems`
checks any layout with the same rules, for the tests and the preflight.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

Box = tuple[float, float, float, float]  # x0, y0, x1, y1
Segment = tuple[tuple[float, float], tuple[float, float]]
FREE = 0.5  # a spot costing less is free: crossing another leader or the coast is allowed
FAULT = 1000.0  # a spot costing this much has what `problems` calls a fault
SEPARATOR = " · "
SVG_ID = "ip360-map-labels"  # the <metadata> element a map's SVG carries its layouts in


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    radius: float
    name: str


@dataclass(frozen=True)
class Label:
    text: str
    members: tuple[int, ...]  # the dots (indexes) it names
    box: Box
    anchor: tuple[float, float]  # where its dots are (their middle)
    radius: float  # of the largest of its dots: a leader starts at its edge
    leader: bool  # drawn away from its dots, joined by a line
    fits: bool = True  # False: no free spot was found, it was put where it overlaps least

    def leader_line(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """From the dot's edge to the nearest point of the label's box."""
        ax, ay = self.anchor
        x0, y0, x1, y1 = self.box
        bx, by = min(max(ax, x0), x1), min(max(ay, y0), y1)
        length = math.hypot(bx - ax, by - ay) or 1.0
        return (ax + (bx - ax) / length * self.radius, ay + (by - ay) / length * self.radius), (bx, by)


@dataclass(frozen=True)
class Layout:
    width: float
    height: float
    dots: tuple[Dot, ...]
    labels: tuple[Label, ...]


def place(
    dots: Sequence[Dot],
    width: float,
    height: float,
    measure: Callable[[str], tuple[float, float]],
    *,
    gap: float = 2.0,
    merge_within: float = 2.0,
    obstacles: Sequence[Box] = (),
    coast: Sequence[Segment] = (),
    margin: float = 1.0,
) -> Layout:
    """A label for every dot (or group of coincident dots) inside a frame of `width` ×
    `height` points. `measure(text)` → the label's (width, height) in points, padding
    included; `obstacles`: boxes no label may cover (a legend); `coast`: lines a label
    beside its dot had better not cross (the country's outline), when a spot beside it
    does not."""
    groups = _groups(dots, merge_within)
    placed: list[Label] = []
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
    frame = (margin, margin, width - margin, height - margin)

    def crowding(group: list[int]) -> tuple[float, int]:
        x, y = _middle(dots, group)
        near = sum(1 for d in dots if math.hypot(d.x - x, d.y - y) < 40)
        return (-near, group[0])

    for group in sorted(groups, key=crowding):
        text = _wrapped(list(dict.fromkeys(dots[i].name for i in group)), measure, width * 0.45)
        w, h = _size(text, measure)
        anchor = _middle(dots, group)
        radius = max(dots[i].radius for i in group)
        mine = [dots[i] for i in group]
        others = [d for i, d in enumerate(dots) if i not in group]
        reach = 2 * (w + h + radius + gap)
        shore = [line for line in coast if _segment_near(line, *anchor, reach)]
        best: tuple[float, Label] | None = None
        found_at = math.inf  # the ring where a spot without a fault was first found
        for box, ring in _candidates(anchor, radius, w, h, gap, max(width, height)):
            leader = ring > 0
            if leader and best is not None and best[0] < FREE:
                break  # the spots beside the dot are weighed: the best free one is taken
            if ring > found_at + 3:
                break  # a few rings past the first spot without a fault: the best of them
            label = Label(text, tuple(group), box, anchor, radius, leader)
            cost = _cost(label, frame, placed, leaders, mine, others, obstacles, gap, best[0] if best else math.inf)
            if not leader:  # across the coast: a little worse, still free
                cost += 0.1 * min(4, sum(1 for line in shore if _crosses(line, box)))
            if best is None or cost < best[0]:
                best = (cost, label)
                if cost < FAULT:
                    found_at = min(found_at, ring)
            if leader and cost < FREE:
                break
        assert best is not None
        cost, label = best
        if cost >= FAULT:  # no spot without a fault: the least bad one, marked
            label = Label(label.text, label.members, label.box, label.anchor, label.radius, label.leader, fits=False)
        if not label.leader and _nearer_dot(label, mine, others):  # only such a spot: a line says whose it is
            label = Label(label.text, label.members, label.box, label.anchor, label.radius, True, label.fits)
        placed.append(label)
        if label.leader:
            leaders.append(label.leader_line())
    order = {label.members[0]: label for label in placed}
    return Layout(width, height, tuple(dots), tuple(order[k] for k in sorted(order)))


def problems(layout: Layout, *, tolerance: float = 0.25) -> list[tuple[str, str]]:
    """What is wrong with a layout, as (kind, text): "unlabelled" (a dot no label names),
    "clipped" (a label past the frame), "overlap" (two labels), "covers" (a label over a
    dot not its own)."""
    found: list[tuple[str, str]] = []
    named = {i for label in layout.labels for i in label.members}
    found += [("unlabelled", dot.name) for i, dot in enumerate(layout.dots) if i not in named]
    for n, label in enumerate(layout.labels):
        x0, y0, x1, y1 = label.box
        if x0 < -tolerance or y0 < -tolerance or x1 > layout.width + tolerance or y1 > layout.height + tolerance:
            found.append(("clipped", label.text))
        for other in layout.labels[n + 1 :]:
            if _overlap(_shrunk(label.box, tolerance), other.box):
                found.append(("overlap", f"{label.text} / {other.text}"))
        for i, dot in enumerate(layout.dots):
            if i not in label.members and _circle_in_box(dot.x, dot.y, dot.radius - tolerance, label.box):
                found.append(("covers", f"{label.text} / {dot.name}"))
    return found


@dataclass(frozen=True)
class Drawn:
    """A layout as a map's SVG records it, with the colours its labels were drawn in."""

    layout: Layout
    color: str  # the labels' text
    background: str  # their pill or halo


def to_json(drawn: Sequence[Drawn]) -> dict:
    """The layouts of one figure as plain data (points, y up)."""
    return {
        "maps": [
            {
                "width": round(d.layout.width, 2),
                "height": round(d.layout.height, 2),
                "color": d.color,
                "background": d.background,
                "dots": [[round(dot.x, 2), round(dot.y, 2), round(dot.radius, 2), dot.name] for dot in d.layout.dots],
                "labels": [
                    {
                        "text": label.text,
                        "members": list(label.members),
                        "box": [round(v, 2) for v in label.box],
                        "anchor": [round(v, 2) for v in label.anchor],
                        "radius": round(label.radius, 2),
                        "leader": label.leader,
                    }
                    for label in d.layout.labels
                ],
            }
            for d in drawn
        ]
    }


def from_svg(svg: bytes) -> list[Drawn]:
    """The layouts a map's SVG carries (none for another chart or an SVG without them)."""
    import json
    import re
    from html import unescape

    found = re.search(rb'<metadata id="' + SVG_ID.encode() + rb'">(.*?)</metadata>', svg, re.S)
    if not found:
        return []
    data = json.loads(unescape(found.group(1).decode("utf-8")))
    return [
        Drawn(
            Layout(
                m["width"],
                m["height"],
                tuple(Dot(x, y, r, name) for x, y, r, name in m["dots"]),
                tuple(
                    Label(
                        label["text"],
                        tuple(label["members"]),
                        tuple(label["box"]),
                        tuple(label["anchor"]),
                        label["radius"],
                        label["leader"],
                    )
                    for label in m["labels"]
                ),
            ),
            m["color"],
            m["background"],
        )
        for m in data["maps"]
    ]


# --- how ----------------------------------------------------------------------------------


def _groups(dots: Sequence[Dot], within: float) -> list[list[int]]:
    """Dots closer than `within` to each dot of a group (not through a chain of them, which
    would name a whole crowded region in one label), in the dots' order."""
    groups: list[list[int]] = []
    for i, a in enumerate(dots):
        for group in groups:
            if all(math.hypot(a.x - dots[j].x, a.y - dots[j].y) < within for j in group):
                group.append(i)
                break
        else:
            groups.append([i])
    return groups


def _wrapped(names: list[str], measure: Callable[[str], tuple[float, float]], most: float) -> str:
    """Names joined by SEPARATOR, on more lines (each but the last ending in «·» where it
    ends a name) where one would be wider than `most`; a name wider alone breaks between
    its words."""
    lines: list[str] = []
    for n, name in enumerate(names):
        words = name.split(" ")
        if n < len(names) - 1:
            words[-1] += SEPARATOR.rstrip()
        for word in words:
            if lines and measure(lines[-1] + " " + word)[0] <= most:
                lines[-1] += " " + word
            else:
                lines.append(word)
    return "\n".join(lines)


LINE_SPACING = 1.2  # matplotlib's, between the lines of one text


def _size(text: str, measure: Callable[[str], tuple[float, float]]) -> tuple[float, float]:
    """The box of a label of one or more lines (`measure` gives one line with its padding)."""
    sizes = [measure(line) for line in text.split("\n")]
    single = sizes[0][1]
    return max(w for w, _h in sizes), single + (len(sizes) - 1) * single * LINE_SPACING


def _middle(dots: Sequence[Dot], group: list[int]) -> tuple[float, float]:
    return sum(dots[i].x for i in group) / len(group), sum(dots[i].y for i in group) / len(group)


def _candidates(anchor, radius: float, w: float, h: float, gap: float, reach: float):
    """Spots for a w × h label, with their ring (0: beside the dot: right, left, above,
    below, the corners; then rings 6 pt apart further out, joined by a leader line)."""

    x, y = anchor
    near = radius + gap * 0.6
    yield (x + near, y - h / 2, x + near + w, y + h / 2), 0
    yield (x - near - w, y - h / 2, x - near, y + h / 2), 0
    yield (x - w / 2, y + near, x + w / 2, y + near + h), 0
    yield (x - w / 2, y - near - h, x + w / 2, y - near), 0
    d = near * 0.7
    for sx, sy in ((1, 1), (-1, 1), (1, -1), (-1, -1)):
        bx = x + d if sx > 0 else x - d - w
        by = y + d if sy > 0 else y - d - h
        yield (bx, by, bx + w, by + h), 0
    step = 6.0
    distance = near + step
    ring = 1
    while distance < reach:
        count = max(24, int(2 * math.pi * distance / (2 * step)))
        for k in range(count):
            angle = 2 * math.pi * k / count
            px, py = x + distance * math.cos(angle), y + distance * math.sin(angle)
            c, s = math.cos(angle), math.sin(angle)
            bx = px if c > 0.3 else px - w if c < -0.3 else px - w / 2
            by = py if s > 0.3 else py - h if s < -0.3 else py - h / 2
            yield (bx, by, bx + w, by + h), ring
        distance += step
        ring += 1


def _cost(
    label: Label, frame: Box, placed, leaders, mine: list[Dot], others: list[Dot], obstacles, gap: float, bound: float
) -> float:
    """0 when the label fits; else how badly. What `problems` calls a fault (past the frame,
    over a label, an obstacle or a dot) weighs a thousand times what only looks worse (too
    close, a leader past a dot or through a label), and crossing leaders least of all."""
    box = label.box
    pad = gap / 2
    padded = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    fault = _outside(box, frame)
    fault += sum(_area(box, other.box) + 1 for other in placed if _overlap(box, other.box))
    fault += sum(_area(box, obstacle) + 1 for obstacle in obstacles if _overlap(box, obstacle))
    fault += sum(1 + d.radius for d in others if _circle_in_box(d.x, d.y, d.radius, box))
    cost = fault * FAULT
    if cost >= bound:  # no better than the best so far: the rest cannot make it so
        return cost
    cost += sum(_area(padded, other.box) for other in placed)
    cost += sum(1.0 for d in others if _circle_in_box(d.x, d.y, d.radius + pad, box))
    cost += sum(10.0 for line in leaders if _crosses(line, padded))
    if not label.leader and _nearer_dot(label, mine, others):  # it would read as that dot's label
        cost += 100.0  # worse than any leader line that is no fault
    if label.leader:
        line = label.leader_line()
        cost += sum(0.001 for other in leaders if _segments_cross(line, other))
        cost += sum(10.0 for other in placed if _crosses(line, other.box))
        cost += sum(10.0 for d in others if _segment_near(line, d.x, d.y, d.radius + 0.5))
        cost += sum(10.0 for obstacle in obstacles if _crosses(line, obstacle))
    return cost


def _nearer_dot(label: Label, mine: list[Dot], others: list[Dot]) -> bool:
    """Is another dot nearer the label's middle than the nearest of its own?"""
    box = label.box
    centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
    own = min(math.dist(centre, (d.x, d.y)) for d in mine)
    return any(math.dist(centre, (d.x, d.y)) <= own for d in others)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _shrunk(box: Box, by: float) -> Box:
    return box[0] + by, box[1] + by, box[2] - by, box[3] - by


def _area(a: Box, b: Box) -> float:
    return max(0.0, min(a[2], b[2]) - max(a[0], b[0])) * max(0.0, min(a[3], b[3]) - max(a[1], b[1]))


def _outside(box: Box, frame: Box) -> float:
    inside = _area(box, frame)
    return (box[2] - box[0]) * (box[3] - box[1]) - inside + (1.0 if inside == 0 else 0.0) * 100


def _circle_in_box(x: float, y: float, radius: float, box: Box) -> bool:
    nx, ny = min(max(x, box[0]), box[2]), min(max(y, box[1]), box[3])
    return math.hypot(x - nx, y - ny) < radius


def _segment_near(line, x: float, y: float, radius: float) -> bool:
    (x0, y0), (x1, y1) = line
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / length))
    return math.hypot(x - (x0 + t * dx), y - (y0 + t * dy)) < radius


def _crosses(line, box: Box) -> bool:
    """Does the segment pass through the box (Liang–Barsky)?"""
    (x0, y0), (x1, y1) = line
    if max(x0, x1) < box[0] or min(x0, x1) > box[2] or max(y0, y1) < box[1] or min(y0, y1) > box[3]:
        return False  # wholly to one side: most segments, at a fraction of the cost
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return high - low > 1e-6


def _segments_cross(a, b) -> bool:
    """Do two segments cross (touching ends do not count)?"""

    def side(p, q, r) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

    (p1, p2), (q1, q2) = a, b
    return side(p1, p2, q1) * side(p1, p2, q2) < 0 and side(q1, q2, p1) * side(q1, q2, p2) < 0
