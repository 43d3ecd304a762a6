"""Map labels: every dot named, no label over another label or a dot not its own, none past
the frame, 4.5:1 against what is behind it; whole countries framed, never a sliver.

Checked on what the maps really draw (the layout each map's SVG carries, from the brand's
font metrics), for 2020 and for dense made-up editions, with geometry written out here
rather than trusted to the placement module."""

from __future__ import annotations

import math
import random

import pytest

from charts import country_map, geography, placement, programme_map
from report.content.loader import load_edition
from report.render import chart_runner as runner
from report.render.brand import load_brand
from report.render.preflight import contrast
from report.render.totals import totals

from .conftest import EDITION_2020
from .synthetic import country_maps, government


@pytest.fixture(scope="module")
def edition():
    return load_edition(EDITION_2020).edition


def charts_of(edition, governments, cache, lang="es"):
    made = edition.model_copy(update={"governments": tuple(governments)})
    return runner.render_charts(runner.chart_context(made, totals(made), load_brand(), lang), cache_dir=cache).charts


def dense_argentina():
    """20 governments in Argentina, crowded round Buenos Aires and Córdoba, two at the same
    point, one on the border with Chile, beside Valparaíso (Chile); Punta Arenas, at Chile's
    far end, gives Chile its map (a country of one government has none)."""
    rng = random.Random(21)
    places = [(-34.6 + rng.uniform(-0.8, 0.8), -58.6 + rng.uniform(-0.9, 0.6)) for _ in range(9)]
    places += [(-31.4 + rng.uniform(-1.0, 1.0), -64.2 + rng.uniform(-1.0, 1.0)) for _ in range(6)]
    places += [(-38.7, -62.3), (-26.8, -65.2)]
    governments = [government(f"g{i:02}", f"Municipio {i + 1}", "AR", p, 5 + i * 7) for i, p in enumerate(places)]
    governments += [
        government("mismo-a", "Villa Uno", "AR", (-32.95, -60.65)),  # the same point twice
        government("mismo-b", "Villa Dos", "AR", (-32.95, -60.65)),
        government("frontera", "Paso Fronterizo", "AR", (-32.83, -70.05)),  # on the Andes' border line
        government("cordoba", "Córdoba", "AR", (-31.42, -64.18), 120),
        government("valparaiso", "Valparaíso", "CL", (-33.05, -71.62), 40),
        government("punta-arenas", "Punta Arenas", "CL", (-53.16, -70.91), 12),
        government("lejos", "Sin lugar", "AR", None),
    ]
    return governments


def layouts(chart) -> list[placement.Drawn]:
    found = placement.from_svg(chart.svg)
    assert found, f"{chart.name} carries no label layout"
    return found


def assert_clean(chart):
    """The geometry, written out: every dot named once, boxes inside the frame, apart from
    each other and from every dot they do not name; a label beside its dots names the
    nearest dot; colours at 4.5:1."""
    for drawn in layouts(chart):
        layout = drawn.layout
        named = [i for label in layout.labels for i in label.members]
        assert sorted(named) == list(range(len(layout.dots))), chart.name
        for label in layout.labels:
            assert label.text.replace("\n", " ") == " · ".join(
                dict.fromkeys(layout.dots[i].name for i in label.members)
            )
            x0, y0, x1, y1 = label.box
            assert 0 <= x0 < x1 <= layout.width and 0 <= y0 < y1 <= layout.height, (chart.name, label.text)
            for other in layout.labels:
                if other is not label:
                    a, b = label.box, other.box
                    apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
                    assert apart, (chart.name, label.text, other.text)
            for i, dot in enumerate(layout.dots):
                if i in label.members:
                    continue
                nearest = (min(max(dot.x, x0), x1), min(max(dot.y, y0), y1))
                assert math.dist(nearest, (dot.x, dot.y)) >= dot.radius, (chart.name, label.text, dot.name)
            if not label.leader:  # set beside its dot: no other dot is closer to the label
                centre = ((x0 + x1) / 2, (y0 + y1) / 2)
                closest = min(
                    range(len(layout.dots)), key=lambda i: math.dist(centre, (layout.dots[i].x, layout.dots[i].y))
                )
                mine = {(layout.dots[i].x, layout.dots[i].y) for i in label.members}
                assert (layout.dots[closest].x, layout.dots[closest].y) in mine, (chart.name, label.text)
        assert contrast(_rgb(drawn.color), _rgb(drawn.background)) >= 4.5, chart.name
        assert placement.problems(layout) == []


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


@pytest.fixture(scope="module")
def dense(edition, chart_cache):
    return charts_of(edition, dense_argentina(), chart_cache)


def test_dense_edition_labels_every_dot_apart(dense):
    for name in ("mapa", "mapa-ar", "mapa-cl"):
        assert_clean(dense[name])
    programme = layouts(dense["mapa"])[0].layout
    # The same point twice: one dot, one label for both.
    assert any(label.text == "Villa Uno · Villa Dos" for label in programme.labels)
    country = layouts(dense["mapa-ar"])[0].layout
    assert any(label.text.replace("\n", " ") == "Villa Uno · Villa Dos" for label in country.labels)


def test_cordoba_is_named_beside_its_own_dot(dense):
    """Córdoba (AR) and Valparaíso (CL) across the Andes: each name on its own dot."""
    for drawn in layouts(dense["mapa"]):
        dots = drawn.layout.dots
        for label in drawn.layout.labels:
            names = {dots[i].name for i in label.members}
            if "Córdoba" in label.text:
                assert "Córdoba" in names and "Valparaíso" not in names
            if "Valparaíso" in label.text:
                assert names == {"Valparaíso"}


def test_captions_name_the_governments_without_a_place(dense, edition, chart_cache):
    assert "Sin ubicación en el mapa: Sin lugar." in dense["mapa-ar"].caption
    assert "Sin lugar" in dense["mapa"].caption and "Sin lugar" not in dense["mapa"].alt
    assert "Sin ubicación" not in dense["mapa-cl"].caption
    english = charts_of(edition, dense_argentina(), chart_cache, lang="en")
    assert "Not placed on the map (no location given): Sin lugar." in english["mapa-ar"].caption


def test_2020_maps_label_every_dot(edition, chart_cache):
    drawn = charts_of(edition, edition.governments, chart_cache)
    # A map for each country with an opener (two governments or more): a country of one
    # government is a heading on its profile's page, with no map.
    assert {name for name in drawn if name.startswith("mapa-")} == country_maps(edition.governments)
    for name in drawn:
        if name.startswith("mapa"):
            assert_clean(drawn[name])
    # Hurlingham and Luján, 40 km apart, are one place on the programme's map.
    programme = layouts(drawn["mapa"])[0].layout
    assert "Hurlingham · Luján" in [label.text for label in programme.labels]
    # Every locator names its one government.
    for g in edition.governments:
        locator = drawn[f"ubicacion-{g.id}"]
        assert_clean(locator)
        assert [label.text.replace("\n", " ") for label in layouts(locator)[0].layout.labels] == [g.name]


def test_every_country_is_framed_whole_and_wide_enough(edition, dense):
    # Tierra del Fuego belongs to Argentina's and Chile's frames; the Galápagos do not shrink Ecuador.
    assert geography.bounds("AR")[1] < -54.5 and geography.bounds("CL")[1] < -55.5
    assert geography.bounds("EC")[0] > -82
    drawn = dense
    for code in ("ar", "cl"):
        chart = drawn[f"mapa-{code}"]
        assert chart.width_mm >= country_map.MIN_WIDTH_MM - 1e-6 and chart.height_mm <= country_map.MAX_HEIGHT_MM + 1e-6
        west, south, east, north = dict(_extra(edition, code))["box"]
        b = geography.bounds(code.upper())
        assert west <= b[0] and south <= b[1] and east >= b[2] and north >= b[3], code


def _extra(edition, code):
    made = edition.model_copy(update={"governments": tuple(dense_argentina())})
    context = runner.chart_context(made, totals(made), load_brand(), "es")
    return next(d.extra for d in country_map.specs(context) if d.name == f"mapa-{code}")


def test_mexicos_locator_is_mexico(edition, chart_cache):
    drawn = charts_of(edition, edition.governments, chart_cache)
    jalisco = drawn["ubicacion-jalisco"]
    # As wide as the side column, lower than it was (46 × 69 mm, half of it the United States).
    assert jalisco.width_mm == 46 and jalisco.height_mm <= 46 * 0.8
    for name, chart in drawn.items():
        if name.startswith("ubicacion-"):
            assert 46 * 0.75 - 0.01 <= chart.height_mm <= 46 * 1.5 + 0.01, name


def test_dots_have_areas_in_proportion_to_participants(edition, chart_cache):
    assert programme_map.radius(100, 100) == programme_map.MAX_RADIUS_PT
    assert programme_map.radius(25, 100) == pytest.approx(programme_map.MAX_RADIUS_PT / 2)  # a quarter the area
    assert programme_map.legend_values(104) == (100, 20, 10)
    assert programme_map.legend_values(7) == (5, 2)
    drawn = charts_of(edition, edition.governments, chart_cache)
    assert "Bahía Blanca (Argentina), " in drawn["mapa"].alt
    dots = {d.name: d.radius for d in layouts(drawn["mapa"])[0].layout.dots}
    largest = max(g.course.participants for g in edition.governments)
    for g in edition.governments:
        assert f"{g.name} ({{}}), {g.course.participants}".split("{")[0] in drawn["mapa"].alt
        assert dots[g.name] == pytest.approx(programme_map.radius(g.course.participants, largest), abs=0.01)


def test_placement_merges_coincident_dots_and_falls_back_to_leaders():
    """Pure: a ring of 12 dots 4 pt apart round a centre has no room beside each dot, so
    labels go out on leader lines; two dots at one point get one label."""
    dots = [placement.Dot(100 + 4 * math.cos(k), 100 + 4 * math.sin(k), 1.5, f"Lugar {k}") for k in range(12)]
    dots += [placement.Dot(60, 60, 1.5, "A"), placement.Dot(60.5, 60, 1.5, "B")]
    layout = placement.place(dots, 200, 200, lambda text: (len(text) * 4.0, 8.0), merge_within=2)
    assert placement.problems(layout) == []
    assert any(label.leader for label in layout.labels)
    assert "A · B" in [label.text for label in layout.labels]
    # The checker finds what it should: a label moved over another is an overlap.
    first, second = layout.labels[0], layout.labels[1]
    moved = placement.Layout(
        200,
        200,
        layout.dots,
        (first, placement.Label(second.text, second.members, first.box, second.anchor, 1.5, True), *layout.labels[2:]),
    )
    assert ("overlap", f"{first.text} / {second.text}") in placement.problems(moved)
    clipped = placement.Layout(50, 50, layout.dots, layout.labels)
    assert any(kind == "clipped" for kind, _ in placement.problems(clipped))


# ---------------------------------------------------------------- the preflight reads the maps


def _svg(layout: placement.Layout, color="#2b6cb0", background="#ffffff") -> bytes:
    """A minimal map SVG carrying `layout`, as charts/style.py writes one."""
    import json
    from xml.sax.saxutils import escape

    data = escape(json.dumps(placement.to_json([placement.Drawn(layout, color, background)])))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{layout.width}pt" height="{layout.height}pt" '
        f'viewBox="0 0 {layout.width} {layout.height}"><metadata id="{placement.SVG_ID}">{data}</metadata>'
        f'<rect width="{layout.width}" height="{layout.height}" fill="#eeeeee"/></svg>'
    ).encode()


def _bad_layout() -> placement.Layout:
    dots = (
        placement.Dot(50, 50, 2, "Córdoba"),
        placement.Dot(60, 50, 2, "Valparaíso"),
        placement.Dot(10, 10, 2, "Sola"),
    )
    labels = (
        placement.Label("Córdoba", (0,), (54, 45, 90, 55), (50, 50), 2, False),  # over Valparaíso's dot
        placement.Label(
            "Valparaíso", (1,), (80, 45, 130, 55), (60, 50), 2, False
        ),  # over Córdoba's label, past the edge
    )
    return placement.Layout(120, 100, dots, labels)


def test_the_preflight_reads_what_is_wrong_inside_a_map():
    from report.locale import say
    from report.render.preflight import map_messages

    said = [say(m) for m in map_messages(_svg(_bad_layout(), color="#9ab3d0"), "Mapa de Argentina")]
    assert "en el mapa «Mapa de Argentina» un punto queda sin nombre: Sola" in said
    assert "en el mapa «Mapa de Argentina» una etiqueta tapa a otra o a un punto ajeno: Córdoba / Valparaíso" in said
    assert "en el mapa «Mapa de Argentina» el borde corta la etiqueta «Valparaíso»" in said
    assert any("contrastan 2.2:1 con su fondo (mínimo 4.5:1)" in text for text in said), said
    assert len(said) == 5  # both overlaps (label over label, label over dot), nothing else
    # A clean layout (what the maps draw) says nothing; an SVG that is no map, neither.
    clean = placement.place(list(_bad_layout().dots), 120, 100, lambda text: (len(text) * 4.0, 8.0))
    assert map_messages(_svg(clean), "Mapa") == []
    assert map_messages(b"<svg/>", "Mapa") == []


@pytest.mark.pdf
def test_a_map_with_overlapping_labels_is_reported_on_its_page():
    import base64

    from weasyprint import HTML

    from report.locale import say
    from report.render.preflight import preflight

    uri = "data:image/svg+xml;base64," + base64.b64encode(_svg(_bad_layout())).decode("ascii")
    text = "<p>" + "Texto de relleno para que la página se lea llena. " * 30 + "</p>"
    html = (
        "<style>@page { size: A4; margin: 20mm } body { font: 11pt/1.4 serif }</style>"
        f'{text}<p style="break-before: page">{text}</p><img src="{uri}" alt="Mapa de prueba" style="width: 60mm">'
    )
    found = [(f.page, say(f.message)) for f in preflight(HTML(string=html).render(), "archive")]
    maps = [(page, text) for page, text in found if "en el mapa «Mapa de prueba»" in text]
    assert {page for page, _ in maps} == {2} and len(maps) == 4
