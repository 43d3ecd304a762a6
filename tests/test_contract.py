"""The contract layer: what the pipeline hands WeasyPrint, held to snapshots, in a second.

For mini, 2021 and 2020 (each in its languages), the composed HTML (`pipeline.compose`:
no layout) and each chart's data as CSV are compared with tests/contract/EDITION-LANG/.
A change that moves the report's words, markup or figures shows here as a diff, long
before a PDF test would; after an intended change, `make references` rewrites them
(`pytest tests/test_contract.py --update-references`). Each snapshot is its own test, so a
new chart or language adds a case and fails only that one: it breaks nothing else.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from report import pipeline
from report.render.variant import Variant

from .conftest import EDITION_2020, MINI, ROOT

SNAPSHOTS = ROOT / "tests" / "contract"
EDITIONS = {
    "mini": MINI,
    "2021": ROOT / "tests" / "fixtures" / "2021",
    "2020": EDITION_2020,
}
VARIANTS = [(name, lang) for name in EDITIONS for lang in ("es", "en")]
HTML = "informe.html"


@cache
def composed(name: str, lang: str) -> pipeline.Composed:
    return pipeline.compose(EDITIONS[name], Variant(lang=lang))


def _digest(match: re.Match[str]) -> str:
    return f"data:{match.group(1)};sha256={hashlib.sha256(match.group(2).encode('ascii')).hexdigest()[:16]}"


def _stylesheet_digest(match: re.Match[str]) -> str:
    return f"<style>/* sha256={hashlib.sha256(match.group(1).encode('utf-8')).hexdigest()[:16]} */</style>"


def normalised(html: str) -> str:
    """The HTML with what is not the report's doing made stable: the checkout's path, and
    each embedded image as its digest (the CSV snapshots hold the charts' data). The inlined
    stylesheet (brand.toml's tokens, then styles/*.css) is its digest too: the same 600 lines
    in every snapshot would only repeat files the repository already holds."""
    html = html.replace(ROOT.as_uri(), "file://ROOT").replace(str(ROOT), "ROOT")
    html = re.sub(r"<style>(.*?)</style>", _stylesheet_digest, html, flags=re.S)
    return re.sub(r"data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)", _digest, html)


def snapshot(name: str, lang: str) -> dict[str, bytes]:
    """Every file of a variant's contract: its HTML and one CSV per chart."""
    made = composed(name, lang)
    files = {HTML: normalised(made.html).encode("utf-8")}
    files.update({item.filename: item.data for item in made.attachments if item.filename.endswith(".csv")})
    return files


def cases() -> list[tuple[str, str, str]]:
    """(edition, language, file) for every file the snapshots hold or the pipeline makes."""
    found = set()
    for name, lang in VARIANTS:
        folder = SNAPSHOTS / f"{name}-{lang}"
        found |= {(name, lang, path.name) for path in folder.glob("*")} if folder.is_dir() else set()
        found.add((name, lang, HTML))
    return sorted(found)


def _diff(expected: bytes, actual: bytes, label: str) -> str:
    lines = difflib.unified_diff(
        expected.decode("utf-8", "replace").splitlines(),
        actual.decode("utf-8", "replace").splitlines(),
        f"{label} (snapshot)",
        f"{label} (now)",
        lineterm="",
        n=1,
    )
    return "\n".join(line[:200] for line in list(lines)[:40])


@pytest.mark.parametrize(("name", "lang"), VARIANTS, ids=["-".join(variant) for variant in VARIANTS])
def test_every_chart_of_the_report_has_a_snapshot(name, lang, request):
    made = snapshot(name, lang)
    folder = SNAPSHOTS / f"{name}-{lang}"
    if request.config.getoption("--update-references"):  # `make references`: rewrite the variant's snapshots
        folder.mkdir(parents=True, exist_ok=True)
        for stale in set(path.name for path in folder.iterdir()) - set(made):
            (folder / stale).unlink()
        for file, data in made.items():
            (folder / file).write_bytes(data)
        return
    held = {path.name for path in folder.glob("*.csv")}
    charts = set(made) - {HTML}
    assert charts == held, f"charts without a snapshot: {sorted(charts - held)}; gone: {sorted(held - charts)}"


@pytest.mark.parametrize(("name", "lang", "file"), cases(), ids=["/".join(case) for case in cases()])
def test_the_composed_report_is_its_snapshot(name, lang, file, request):
    if request.config.getoption("--update-references"):
        pytest.skip("the snapshots are being written")
    made = snapshot(name, lang)
    label = f"{name}-{lang}/{file}"
    path = SNAPSHOTS / f"{name}-{lang}" / file
    assert path.exists(), f"{label}: no snapshot yet (`make references`)"
    assert file in made, f"{label}: the pipeline no longer makes it (`make references` if intended)"
    expected = path.read_bytes()
    assert made[file] == expected, f"{label} changed (`make references` if intended):\n" + _diff(
        expected, made[file], label
    )


def test_a_snapshot_ignores_where_the_checkout_is():
    html = f'<img src="data:image/svg+xml;base64,PHN2Zz4="><link href="{ROOT.as_uri()}/styles/x.css">'
    assert normalised(html) == (
        '<img src="data:image/svg+xml;sha256=' + hashlib.sha256(b"PHN2Zz4=").hexdigest()[:16] + '">'
        '<link href="file://ROOT/styles/x.css">'
    )


def test_the_snapshots_are_of_every_edition_and_language():
    assert {path.name for path in SNAPSHOTS.iterdir()} == {f"{name}-{lang}" for name, lang in VARIANTS}
    assert all((SNAPSHOTS / f"{name}-{lang}" / HTML).is_file() for name, lang in VARIANTS)


# ------------------------------------------------------------------ a newcomer's change

THROWAWAY_CHART = "prueba-descartable"
# The registry-driven tests that a new chart or language touches, and this layer.
TOUCHED = ["tests/test_contract.py", "tests/test_charts.py", "tests/test_variants.py", "tests/test_architecture.py"]


def _add_language(root: Path, lang: str) -> None:
    """A language as docs/architecture.md says: a catalogue folder. English's words, with
    the plural forms of `lang` (Polish: three), so no test may assume Spanish's two."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    folder = root / "report" / "locale" / lang / "LC_MESSAGES"
    folder.mkdir(parents=True)
    for path in (root / "report" / "locale" / "en" / "LC_MESSAGES").glob("*.po"):
        with path.open("rb") as stream:
            english = read_po(stream, locale="en")
        catalogue = Catalog(locale=lang, project=english.project)
        for message in english:
            if message.id:
                plural = isinstance(message.id, tuple | list)
                forms = tuple(message.string) if plural else message.string
                catalogue.add(message.id, (*forms, forms[-1]) if plural else forms, context=message.context)
        with (folder / path.name).open("wb") as stream:
            write_po(stream, catalogue)


@pytest.mark.slow  # a second pytest run, in a copy: 15 s
def test_a_new_chart_and_language_break_only_what_concerns_them(tmp_path):
    copy = tmp_path / "checkout"
    skip = shutil.ignore_patterns(".venv", ".git", "dist", "__pycache__", "*_cache", "contract-*")
    shutil.copytree(ROOT, copy, ignore=skip)
    chart = (copy / "charts" / "participants_by_government.py").read_text(encoding="utf-8")
    (copy / "charts" / "throwaway.py").write_text(
        chart.replace('NAME = "participantes-por-gobierno"', f'NAME = "{THROWAWAY_CHART}"'), encoding="utf-8"
    )
    # A chart is in the report where a template places it (architecture.md: «add a chart»).
    glance = copy / "report" / "render" / "templates" / "glance.html.j2"
    placed = (
        '{% if "participantes-por-gobierno" in charts %}'
        '{{ chart_figure(charts["participantes-por-gobierno"]) }}{% endif %}'
    )
    added = f'{{% if "{THROWAWAY_CHART}" in charts %}}{{{{ chart_figure(charts["{THROWAWAY_CHART}"]) }}}}{{% endif %}}'
    text = glance.read_text(encoding="utf-8")
    assert placed in text
    glance.write_text(text.replace(placed, placed + added), encoding="utf-8")
    _add_language(copy, "pl")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", *TOUCHED, "-m", "not pdf", "-q", "-rf", "-p", "no:cacheprovider"]
        + ["-k", "not break_only_what_concerns_them", "--tb=line"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
    )
    failed = re.findall(r"^FAILED (\S+)", done.stdout, re.M)
    # Only the snapshots of the reports that draw the new chart (two governments or more):
    # which charts they hold, and their composed HTML, where the chart now stands.
    drawn = [("2020", "en"), ("2020", "es"), ("2021", "en"), ("2021", "es")]
    assert sorted(failed) == sorted(
        [f"tests/test_contract.py::test_every_chart_of_the_report_has_a_snapshot[{n}-{lang}]" for n, lang in drawn]
        + [f"tests/test_contract.py::test_the_composed_report_is_its_snapshot[{n}/{lang}/{HTML}]" for n, lang in drawn]
    ), done.stdout[-3000:]
    assert done.stdout.count(f"charts without a snapshot: ['{THROWAWAY_CHART}.csv']") >= len(failed), done.stdout
