"""The quick view's groundwork, without WeasyPrint: which part a saved file feeds, the HTML
cut at its parts, one part's HTML laid out as in the whole report, and the preview's state."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from report.commands.preview import BuildState
from report.render.parts import (
    ENTRY_ATTRIBUTE,
    Layout,
    css_string,
    part_of,
    quick_html,
    quick_part,
    slice_parts,
)

from .conftest import EDITION_2020, ROOT


@pytest.mark.parametrize(
    ("relative", "part"),
    [
        ("gobiernos/05-rosario.md", "government:rosario"),
        ("gobiernos/05-rosario.en.md", "government:rosario"),
        ("gobiernos/07-area-metropolitana-valle-de-aburra.md", "government:area-metropolitana-valle-de-aburra"),
        ("gobiernos/rosario.md", "government:rosario"),  # the number is optional
        ("proyectos/02-arandulab.md", "projects"),
        ("proyectos/02-arandulab.en.md", "projects"),
        ("carta.md", "letter"),
        ("carta.en.md", "letter"),
        ("edicion.yml", None),  # its figures are on the contents, the glance and every opener
        ("edicion.en.yml", None),
        ("gobiernos/fotos/rosario.jpg", None),  # a photo: the files that name it are validated again
        ("gobiernos/Rosario.md", None),  # not an entry's name
        ("CORRECCIONES.md", None),
        ("gobiernos", None),
    ],
)
def test_a_saved_file_feeds_one_part(relative, part):
    assert part_of(EDITION_2020, EDITION_2020 / relative) == part


def test_files_outside_the_edition_feed_no_part():
    for path in (ROOT / "styles" / "report.css", ROOT / "report" / "render" / "templates" / "government.html.j2"):
        assert part_of(EDITION_2020, path) is None
    assert part_of(EDITION_2020, EDITION_2020.parent / "2019" / "gobiernos" / "05-rosario.md") is None


def test_a_quick_view_only_when_every_file_feeds_the_same_part():
    rosario = EDITION_2020 / "gobiernos" / "05-rosario.md"
    assert quick_part(EDITION_2020, [rosario, rosario.with_name("05-rosario.en.md")]) == "government:rosario"
    assert quick_part(EDITION_2020, [rosario, EDITION_2020 / "gobiernos" / "02-tucuman.md"]) is None
    assert quick_part(EDITION_2020, [rosario, EDITION_2020 / "edicion.yml"]) is None
    assert quick_part(EDITION_2020, [ROOT / "styles" / "report.css"]) is None
    assert quick_part(EDITION_2020, []) is None


HTML = """<!DOCTYPE html>
<html lang="es">
<head>
  <meta charset="utf-8">
  <title>Informe</title>
  <style>p { color: red }</style>
</head>
<body>
<section class="cover" data-part="cover" data-free><h1>Gobiernos</h1></section>
<article class="profile" id="gobierno-rosario" data-part="government:rosario" data-section="country:AR">
  <h2 class="profile-name">Rosario</h2><p>Escribió data-part=&#34;back&#34; &lt;div data-part="back"&gt;.</p>
  <div class="profile-main"><p>Texto.</p></div>
</article>
<article class="profile" data-part="government:lujan"><h2>Luján</h2></article>
<section class="back-cover" data-part="back"></section>
</body>
</html>
"""


def test_the_html_is_cut_at_its_parts():
    sliced = slice_parts(HTML)
    assert list(sliced.parts) == ["cover", "government:rosario", "government:lujan", "back"]
    assert sliced.head.endswith("<body>")
    rosario = sliced.parts["government:rosario"]
    assert rosario.startswith('<article class="profile" id="gobierno-rosario"')
    assert rosario.rstrip().endswith("</article>") and "Texto." in rosario and "Luján" not in rosario
    assert "data-part=&#34;back&#34;" in rosario  # escaped text is no part
    assert sliced.parts["back"].rstrip() == '<section class="back-cover" data-part="back"></section>'
    assert slice_parts("<p>no body</p>").parts == {}


def layout(**strings: str) -> Layout:
    return Layout(
        pages=5,
        parts={"cover": (1, 1), "government:rosario": (2, 3), "government:lujan": (4, 4), "back": (5, 5)},
        sides=("right", "left", "right", "left", "right"),
        strings=({}, {"report-title": "Gobiernos"}, {}, dict(strings), {}),
    )


def test_one_part_alone_starts_where_it_lies_in_the_report():
    alone = quick_html(
        HTML, "government:lujan", layout(**{"report-title": 'Gobiernos "disruptivos"', "section": "Rosario"})
    )
    assert alone is not None
    assert "Luján" in alone and "Rosario</h2>" not in alone and "Gobiernos</h1>" not in alone
    assert "<style>p { color: red }</style>" in alone  # the report's stylesheets, as they are
    assert "@page :first { counter-reset: page 3; }" in alone  # the carrier page is 3, the part's first is 4
    assert "html { break-before: right; }" in alone  # page 4 is a left page: the carrier is a right one
    assert (
        f'[{ENTRY_ATTRIBUTE}] {{ string-set: report-title "Gobiernos \\"disruptivos\\"", section "Rosario"; }}' in alone
    )
    assert alone.index(f"<div {ENTRY_ATTRIBUTE}></div>") < alone.index(
        '<article class="profile" data-part="government:lujan"'
    )
    assert alone.rstrip().endswith("</body>\n</html>")


def test_a_part_on_a_right_page_gets_a_left_carrier():
    right = layout()
    right = Layout(right.pages, right.parts, ("right", "right", "left", "right", "left"), right.strings)
    alone = quick_html(HTML, "government:rosario", right)
    assert alone is not None
    assert "counter-reset: page 1;" in alone and "html { break-before: left; }" in alone
    assert f'[{ENTRY_ATTRIBUTE}] {{ string-set: report-title "Gobiernos"; }}' in alone


def test_no_quick_view_of_a_part_the_layout_or_the_html_does_not_have():
    assert quick_html(HTML, "government:tucuman", layout()) is None  # a new profile: not laid out yet
    gone = HTML.replace('<article class="profile" data-part="government:lujan"><h2>Luján</h2></article>', "")
    assert quick_html(gone, "government:lujan", layout()) is None  # a removed one


def test_an_editors_probe_file_does_not_stop_the_quick_view(tmp_path: Path):
    edition = tmp_path / "2020"
    (edition / "gobiernos").mkdir(parents=True)
    rosario = edition / "gobiernos" / "05-rosario.md"
    rosario.write_text("---\n---\n", encoding="utf-8")
    probe = edition / "gobiernos" / "4913"  # vim makes it, then removes it, before writing
    assert quick_part(edition, [probe, rosario]) == "government:rosario"
    probe.write_text("", encoding="utf-8")  # still there: some other file, a full build
    assert quick_part(edition, [probe, rosario]) is None
    assert quick_part(edition, [edition / "gobiernos" / "02-tucuman.md", rosario]) is None  # removed: still content


def test_css_strings_are_escaped():
    assert css_string('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\a d"'


def test_a_quick_view_is_marked_and_a_failed_build_goes_back_to_the_last_full_pdf():
    state = BuildState()
    state.succeeded(b"%PDF full", 22)
    state.quick_view(b"%PDF quick", 11, 11)
    snapshot = state.snapshot()
    assert snapshot["quick"] == {"first": 11, "last": 11} and snapshot["version"] == 2
    assert state.pdf == b"%PDF quick"
    state.failed(["gobiernos/05-rosario.md:6:3: …"])
    snapshot = state.snapshot()
    assert snapshot["quick"] is None and snapshot["version"] == 3 and snapshot["pages"] == 22
    assert state.pdf == b"%PDF full" and snapshot["problems"]
    state.succeeded(b"%PDF older files", 22, clear_problems=False)  # a build of the last valid files ended
    assert state.snapshot()["problems"] and state.pdf == b"%PDF older files"


def test_the_preview_waits_for_the_state_to_change():
    state = BuildState()
    seen = state.snapshot()["serial"]
    assert state.wait(seen, 0.05)["serial"] == seen  # nothing changed: back after the time out
    threading.Timer(0.1, state.quick_view, (b"%PDF", 3, 4)).start()
    started = time.monotonic()
    snapshot = state.wait(seen, 10)
    assert snapshot["quick"] == {"first": 3, "last": 4} and time.monotonic() - started < 5


def test_the_photo_folder_of_an_edition_is_no_part(tmp_path: Path):
    edition = tmp_path / "2020"
    (edition / "gobiernos").mkdir(parents=True)
    assert part_of(edition, edition / "gobiernos" / "05-rosario.md") == "government:rosario"
    assert part_of(edition, tmp_path / "elsewhere.md") is None
