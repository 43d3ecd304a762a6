"""Synthetic editions: the 2020 edition with its government files repeated up to a size.

For the tests of layout at scale and for `bench/run.py` (scaling): real content files,
with the published figures matched to the profiles so the build's checks pass.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

EDITION = Path(__file__).resolve().parent.parent / "content" / "2020"


def synthetic_edition(target: Path, governments: int) -> Path:
    """The 2020 edition with its government files repeated (new ids and names) up to `governments`."""
    shutil.copytree(EDITION, target, ignore=shutil.ignore_patterns("*.en.md", "*.en.yml"))
    folder = target / "gobiernos"
    originals = [(path.stem, path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.md"))]
    for path in folder.glob("*.md"):
        path.unlink()
    for index in range(governments):
        name, text = originals[index % len(originals)]
        stem = re.sub(r"^\d+-", "", name)
        copy = index // len(originals)
        if copy:
            suffix = copy + 1
            text = re.sub(
                r"^nombre: (.+)$",
                lambda m, suffix=suffix: f"nombre: {m.group(1).strip(chr(34))} {suffix}",
                text,
                count=1,
                flags=re.M,
            )
        (folder / f"{index + 1:03d}-{stem}-{copy + 1}.md").write_text(text, encoding="utf-8")
    _match_published_figures(target)
    return target


def _match_published_figures(edition: Path) -> None:
    """The published figures must agree with the profiles (the build cross-checks them)."""
    fronts = [
        yaml.safe_load(p.read_text(encoding="utf-8").split("---")[1]) for p in (edition / "gobiernos").glob("*.md")
    ]
    totals = {
        "gobiernos": len(fronts),
        "laboratorios": sum((f.get("laboratorios") or {}).get("cantidad", 0) for f in fronts),
        "inscripciones_curso": sum(f["curso"]["participantes"] for f in fronts),
    }
    info = edition / "edicion.yml"
    text = info.read_text(encoding="utf-8")
    for key, value in totals.items():
        text = re.sub(rf"^(  - clave: {key}\n    valor:) \d+$", rf"\g<1> {value}", text, count=1, flags=re.M)
    info.write_text(text, encoding="utf-8")
