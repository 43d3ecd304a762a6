"""An output profile is one entry of the registry (`report/render/profiles.py`): the
command line, the file name, the PDF's settings and its archival stamp all follow it."""

from __future__ import annotations

import pikepdf
import pytest

from report.commands.cli import main
from report.render.archival import NS
from report.render.profiles import MB, PROFILES, Profile

from .conftest import MINI


@pytest.mark.pdf
def test_a_new_profile_is_one_registry_entry(monkeypatch, tmp_path, capsys):
    monkeypatch.setitem(PROFILES, "proof", Profile("proof", "profile_screen", dpi=72, jpeg_quality=50, budget=2 * MB))
    assert "proof (el más liviano" in _build_help(capsys)  # --help lists it, with its description
    assert main(["build", "--edition", str(MINI), "--profile", "proof", "--out", str(tmp_path)]) == 0
    pdf = tmp_path / "ip360-informe-2022-es-proof.pdf"
    with pikepdf.open(pdf) as document, document.open_metadata() as xmp:
        assert xmp[f"{{{NS['ip360']}}}profile"] == "proof"
        assert xmp["pdfaid:part"] == "3"


def test_the_help_of_build_lists_every_profile_and_only_builds_options(capsys):
    assert main(["build", "--help"]) == 0
    help_text = capsys.readouterr().out
    assert all(name in help_text for name in PROFILES)
    assert "--port" not in help_text and "--kind" not in help_text
    assert main(["check", "--help"]) == 0
    check_help = capsys.readouterr().out
    # check writes nothing: no output options; --profile only for --layout's thresholds.
    assert "--layout" in check_help and "--profile" in check_help
    assert "--out" not in check_help and "--max-size" not in check_help and "--against" not in check_help


def _build_help(capsys) -> str:
    main(["build", "--help"])
    return capsys.readouterr().out
