"""The handbook stays true: its pictures exist, the commands it shows are accepted by the
command line, and the example profile in docs/content.md is the real file."""

from __future__ import annotations

import re
import shlex

from report.commands.cli import parser, with_default_command

from .conftest import ROOT

DOCS = ROOT / "docs"


def test_every_picture_and_local_link_of_the_handbook_exists():
    for page in ("manual.md", "content.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        targets = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text)
        assert targets, page
        local = [target for target in targets if not target.startswith(("https://", "http://"))]
        missing = [target for target in local if not (DOCS / target).exists()]
        assert missing == [], f"{page}: {missing}"


def test_the_commands_in_the_handbook_are_accepted():
    text = (DOCS / "manual.md").read_text(encoding="utf-8") + (DOCS / "content.md").read_text(encoding="utf-8")
    commands = {m.strip() for m in re.findall(r"python build\.py([^`\n#]*)", text) if "…" not in m}
    assert len(commands) >= 10
    line = parser()
    for command in commands:
        line.parse_args(with_default_command(shlex.split(command)))  # a usage error exits: the test fails


def test_the_example_profile_is_the_real_file():
    text = (DOCS / "content.md").read_text(encoding="utf-8")
    real = (ROOT / "content" / "2020" / "gobiernos" / "02-tucuman.md").read_text(encoding="utf-8").rstrip("\n")
    assert f"```markdown\n{real}\n```" in text


def test_the_new_edition_walkthrough_asks_for_what_the_handbook_says(tmp_path):
    """Section 5's example: the command it shows, then `check` lists as many fields as it says."""
    from report.commands.cli import main
    from report.content.loader import load_edition
    from report.problems import ContentError

    text = (DOCS / "manual.md").read_text(encoding="utf-8")
    section = text[text.index("## 5.") : text.index("## 6.")]
    count = int(re.search(r"`check` pide (\d+) datos", section).group(1))
    command = r"python build\.py new content/2021 --from content/2020 --keep-governments (\S+)"
    kept = re.search(command, section).group(1)
    target = tmp_path / "content" / "2021"
    assert main(["new", str(target), "--from", str(ROOT / "content" / "2020"), "--keep-governments", kept]) == 0
    try:
        load_edition(target)
    except ContentError as error:
        assert len(error.problems) == count
    else:
        raise AssertionError("a new edition should not be valid before it is filled")
