"""`build.py matrix` on a reduced edition (one government, to stay fast): every variant
built through the real command, a manifest whose hashes match the files, and a failing
variant reported while the others finish."""

from __future__ import annotations

import hashlib
import json
import re

import pytest
from pypdf import PdfReader

from report.commands import cli
from report.commands.matrix import run_matrix
from report.locale import languages

pytestmark = pytest.mark.pdf  # every test here builds real PDFs


@pytest.fixture
def small_edition(edition_copy):
    """Only La Paz (Bolivia) and ArandúLab; the published labs figure follows the data."""
    for path in (edition_copy / "gobiernos").iterdir():
        if not path.name.startswith("09-la-paz"):
            path.unlink()
    for path in (edition_copy / "proyectos").iterdir():
        if not path.name.startswith("02-arandulab"):
            path.unlink()
    info = edition_copy / "edicion.yml"
    info.write_text(
        info.read_text(encoding="utf-8").replace(
            "- clave: laboratorios\n    valor: 9\n", "- clave: laboratorios\n    valor: 1\n"
        ),
        encoding="utf-8",
    )
    return edition_copy


def test_the_matrix_builds_every_variant_and_its_manifest(small_edition, tmp_path, capsys):
    out = tmp_path / "dist"
    assert cli.main(["matrix", "--edition", str(small_edition), "--out", str(out)]) == 0
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    names = {entry["file"] for entry in manifest["files"]}
    assert names == {f"ip360-informe-2020-{country}{lang}.pdf" for country in ("", "bo-") for lang in languages()}
    assert manifest["failed"] == []
    for entry in manifest["files"]:
        data = (out / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
        assert entry["bytes"] == len(data)
        assert entry["pages"] == len(PdfReader(out / entry["file"]).pages)
        variant = entry["variant"]
        expected = "-".join(p for p in ((variant["country"] or "").lower(), variant["lang"]) if p)
        assert entry["file"] == f"ip360-informe-2020-{expected}.pdf"
        assert re.fullmatch(r"[a-z0-9.-]+", entry["file"])  # ASCII, no spaces
    assert f"Matriz: {2 * len(languages())} variantes" in capsys.readouterr().err


def test_a_failing_variant_is_reported_while_the_others_finish(small_edition, tmp_path, capsys):
    broken = small_edition / "gobiernos" / "09-la-paz.en.md"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("---\n", "---\nnombre: The Peace\n", 1), encoding="utf-8"
    )
    out = tmp_path / "dist"
    result = run_matrix(small_edition, out, jobs=2)
    assert result.exit_status == 1
    assert sorted(r.variant.slug() for r in result.failed) == ["bo-en", "en"]
    assert sorted(p.name for p in out.glob("*.pdf")) == ["ip360-informe-2020-bo-es.pdf", "ip360-informe-2020-es.pdf"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) == 2 and len(manifest["failed"]) == 2
    assert "09-la-paz.en.md" in manifest["failed"][0]["error"]
    assert "fallaron" in capsys.readouterr().err
