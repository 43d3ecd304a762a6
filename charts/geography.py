"""The base map: Natural Earth's countries of Latin America and the Caribbean.

`maps/americas.json` is made offline by `maps/trim.py` from the npm package world-atlas
(see `maps/SOURCE.md`); nothing is downloaded when a report is built. Coordinates are
longitude and latitude in degrees, drawn in an equirectangular projection whose aspect
is corrected for the map's middle latitude (good enough at these scales, and exact for
the points, which are plotted in the same coordinates).
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

MAP_FILE = Path(__file__).resolve().parent / "maps" / "americas.json"

Ring = list[list[float]]
Polygon = list[Ring]  # an outer ring, then its holes

# The part of the Americas the programme map shows: Mexico to Tierra del Fuego.
LATIN_AMERICA = (-118.0, -56.0, -33.0, 33.0)  # west, south, east, north


@cache
def countries() -> dict[str, list[Polygon]]:
    """Every country of the base map by ISO code, as polygons of (lon, lat) rings."""
    return json.loads(MAP_FILE.read_text(encoding="utf-8"))["countries"]


@cache
def polygon_boxes(code: str) -> tuple[tuple[float, float, float, float], ...]:
    """(west, south, east, north) of each of a country's polygons: a map skips those out of view."""
    return tuple(_box(polygon[0]) for polygon in countries()[code])


def has_shape(code: str) -> bool:
    return code in countries()


def bounds(code: str, *, mainland: bool = True) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a country; `mainland`: of its largest polygon and the
    islands within `NEAR` degrees of it (Tierra del Fuego, Chiloé), so far islands (the
    Galápagos, Easter Island) do not shrink the map."""
    polygons = countries()[code]
    boxes = [_box(polygon[0]) for polygon in polygons]
    if not mainland:
        return _union(boxes)
    box = boxes[max(range(len(polygons)), key=lambda i: _area(polygons[i][0]))]
    rest = [b for b in boxes if b != box]
    grew = True
    while grew:  # an island near one taken in may be near the next
        near = [b for b in rest if _gap(box, b) <= NEAR]
        rest = [b for b in rest if b not in near]
        grew = bool(near)
        box = _union([box, *near])
    return box


NEAR = 1.0  # degrees: Tierra del Fuego and Chiloé belong to the mainland's frame, Guadalupe not


def _box(ring: Ring) -> tuple[float, float, float, float]:
    lons, lats = [point[0] for point in ring], [point[1] for point in ring]
    return min(lons), min(lats), max(lons), max(lats)


def _union(boxes) -> tuple[float, float, float, float]:
    return min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)


def _gap(a, b) -> float:
    """How far apart two boxes are (0 when they touch or overlap), in degrees."""
    return max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3], 0.0)


def padded(box: tuple[float, float, float, float], ratio: float, points=()) -> tuple[float, float, float, float]:
    """A box grown to include `points` (lon, lat) and a margin of `ratio` of its size."""
    west, south, east, north = box
    for lon, lat in points:
        west, east, south, north = min(west, lon), max(east, lon), min(south, lat), max(north, lat)
    width, height = east - west, north - south
    return west - width * ratio, south - height * ratio, east + width * ratio, north + height * ratio


def framed(box: tuple[float, float, float, float], least: float, most: float) -> tuple[float, float, float, float]:
    """The box grown on one side, around its centre, so that its height ÷ width on paper
    lies between `least` and `most` (a map that fits its frame)."""
    west, south, east, north = box
    scale = math.cos(math.radians((north + south) / 2))
    width, height = (east - west) * scale, north - south
    if height / width > most:  # too tall: widen
        grow = (height / most - width) / scale / 2
        return west - grow, south, east + grow, north
    if height / width < least:  # too wide: heighten
        grow = (width * least - height) / 2
        return west, south - grow, east, north + grow
    return box


def aspect(box: tuple[float, float, float, float]) -> float:
    """Height ÷ width of the box on paper, in the projection the maps use."""
    west, south, east, north = box
    return (north - south) / ((east - west) * math.cos(math.radians((north + south) / 2)))


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def distance_to(code: str, lon: float, lat: float) -> float:
    """How far (in degrees) the point lies outside the country's shapes; 0 inside.

    The base map is simplified (1:50 million), so a port or a river city may sit a little
    off its coast: callers allow a margin."""
    best = math.inf
    for polygon in countries()[code]:
        outer = polygon[0]
        if _inside(outer, lon, lat) and not any(_inside(hole, lon, lat) for hole in polygon[1:]):
            return 0.0
        for (x0, y0), (x1, y1) in zip(outer, outer[1:] + outer[:1], strict=True):
            best = min(best, _to_segment(lon, lat, x0, y0, x1, y1))
    return best


def _inside(ring: Ring, x: float, y: float) -> bool:
    """Even-odd rule: does a ray from the point cross the ring an odd number of times?"""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _to_segment(x: float, y: float, x0: float, y0: float, x1: float, y1: float) -> float:
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / length))
    return math.hypot(x - (x0 + t * dx), y - (y0 + t * dy))
