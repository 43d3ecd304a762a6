"""The handbook stays true: its pictures exist, the commands it shows are accepted by the
command line, and the example profile in docs/content.md is the real file."""

from __future__ import annotations

import re
import shlex

import pytest

from report.cli import _parser

from .conftest import ROOT

DOCS = ROOT / "docs"


def test_every_picture_and_local_link_of_the_handbook_exists():
    for page in ("manual.md", "content.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
        assert targets, page
        missing = [target for target in targets if not (DOCS / target).exists()]
        assert missing in ([], ["errores.md"] * len(missing)), f"{page}: {missing}"
    if not (DOCS / "errores.md").exists():
        pytest.skip("docs/errores.md (linked from the manual) is written by another change")


def test_the_commands_in_the_handbook_are_accepted():
    text = (DOCS / "manual.md").read_text(encoding="utf-8") + (DOCS / "content.md").read_text(encoding="utf-8")
    commands = {m.strip() for m in re.findall(r"python build\.py([^`\n#]*)", text) if "…" not in m}
    assert len(commands) >= 10
    parser = _parser()
    for command in commands:
        parser.parse_args(shlex.split(command))  # a usage error exits: the test fails


def test_the_example_profile_is_the_real_file():
    text = (DOCS / "content.md").read_text(encoding="utf-8")
    real = (ROOT / "content" / "2020" / "gobiernos" / "02-tucuman.md").read_text(encoding="utf-8").rstrip("\n")
    assert f"```markdown\n{real}\n```" in text
