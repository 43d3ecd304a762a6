#!/usr/bin/env python3
"""Make `americas.json` from Natural Earth's countries, as the npm package world-atlas ships them.

Run by hand, offline, when the base map should change (it never runs in a build):

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python charts/maps/trim.py package/countries-50m.json > charts/maps/americas.json

Keeps the countries of Latin America and the Caribbean, decodes the TopoJSON arcs into
plain polygons (lon, lat; rings closed), rounds coordinates to 0.01° (about 1 km) and
drops repeated points: a small GeoJSON-like file keyed by ISO 3166-1 alpha-2 code.
"""

from __future__ import annotations

import json
import sys

# ISO 3166-1 numeric → alpha-2, for the countries the map shows.
COUNTRIES = {
    "032": "AR",
    "068": "BO",
    "076": "BR",
    "152": "CL",
    "170": "CO",
    "188": "CR",
    "192": "CU",
    "214": "DO",
    "218": "EC",
    "222": "SV",
    "238": "FK",
    "254": "GF",
    "320": "GT",
    "328": "GY",
    "332": "HT",
    "340": "HN",
    "388": "JM",
    "484": "MX",
    "558": "NI",
    "591": "PA",
    "600": "PY",
    "604": "PE",
    "630": "PR",
    "740": "SR",
    "780": "TT",
    "858": "UY",
    "862": "VE",
    "084": "BZ",
    "044": "BS",
    "840": "US",
    "250": "GF",
}
# Parts of a larger country the map keeps: the contiguous United States (for the context
# north of Mexico) and French Guiana (France's only part in the Americas).
KEEP = {"US": lambda lon, lat: -130 < lon < -60 and lat < 50, "GF": lambda lon, lat: lon < -30}


def arcs_of(topology: dict) -> list[list[tuple[float, float]]]:
    scale, translate = topology["transform"]["scale"], topology["transform"]["translate"]
    decoded = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:  # delta-encoded, quantized
            x, y = x + dx, y + dy
            points.append((x * scale[0] + translate[0], y * scale[1] + translate[1]))
        decoded.append(points)
    return decoded


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[list[float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        points.extend(arc if not points else arc[1:])
    rounded: list[list[float]] = []
    for lon, lat in points:
        point = [round(lon, 2), round(lat, 2)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    return rounded


def main(path: str) -> None:
    with open(path, encoding="utf-8") as stream:
        topology = json.load(stream)
    arcs = arcs_of(topology)
    countries = {}
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = COUNTRIES.get(str(geometry.get("id")))
        if code is None:
            continue
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        shapes = [[ring(r, arcs) for r in polygon] for polygon in polygons]
        keep = KEEP.get(code, lambda lon, lat: True)
        countries[code] = [s for s in shapes if len(s[0]) >= 4 and keep(*s[0][0])]
    result = {
        "source": "Natural Earth 1:50m Admin 0 countries (public domain), via the npm package world-atlas 2.0.2 (ISC)",
        "countries": dict(sorted(countries.items())),
    }
    json.dump(result, sys.stdout, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1])
