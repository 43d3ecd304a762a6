"""Synthetic editions: the 2020 edition with its government files repeated up to a size.

For the tests of layout at scale and for `bench/run.py` (scaling): real content files,
with the published figures matched to the profiles so the build's checks pass. Also
made-up governments for the chart tests, and the rule of which countries get a map.
"""

from __future__ import annotations

import re
import shutil
from collections import Counter
from collections.abc import Iterable
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


MINI = Path(__file__).resolve().parent / "fixtures" / "mini"

# (name, country, where) of a short-profiles edition: most not on the maps (their side
# column is short: they share pages, two or three to one); a country's first placed (its
# locator and figures fill more than half a page alone).
_SHORT = [
    ("Córdoba", "AR", (-31.4201, -64.1888)),
    ("Rafaela", "AR", None),
    ("Villa María", "AR", None),
    ("Paraná", "AR", None),
    ("Santa Fe", "AR", None),
    ("Niterói", "BR", (-22.8832, -43.1034)),
    ("Recife", "BR", None),
    ("Olinda", "BR", None),
    ("Valparaíso", "CL", (-33.0472, -71.6127)),
    ("Peñalolén", "CL", None),
    ("Temuco", "CL", None),
    ("Valdivia", "CL", None),
]


def short_profiles_edition(target: Path, governments: int = len(_SHORT)) -> Path:
    """The mini edition with `governments` short profiles in three countries: a sentence
    or three each, a few with labs or a place on the maps (a shape no real edition has)."""
    shutil.copytree(MINI, target)
    folder = target / "gobiernos"
    for path in folder.glob("*.md"):
        path.unlink()
    sentence = "El equipo municipal trabajó en datos abiertos y participación ciudadana con el programa."
    for index, (name, country, where) in enumerate(_SHORT[:governments]):
        front = [f"nombre: {name}", "tipo: municipio", f"pais: {country}", "curso:", f"  participantes: {20 + index}"]
        if index % 4 == 1:
            front += [
                "laboratorios:",
                "  cantidad: 1",
                "  descripcion: Un laboratorio de cocreación sobre datos abiertos.",
            ]
        if index % 3 == 0:
            front += ["actividades:", "  - Taller de gobierno abierto con el equipo municipal."]
        if where:
            front += ["ubicacion:", f"  latitud: {where[0]}", f"  longitud: {where[1]}"]
        body = " ".join([f"{name} se sumó al programa este año."] + [sentence] * (index % 3))
        text = "---\n" + "\n".join(front) + "\n---\n" + body + "\n"
        (folder / f"{index + 1:02d}-{_slug(name)}.md").write_text(text, encoding="utf-8")
    letter = target / "carta.md"  # a letter of a page, as a real one
    head, body = letter.read_text(encoding="utf-8").rsplit("---\n", 1)
    paragraph = " ".join([sentence] * 4)
    letter.write_text(head + "---\n" + body + "".join(f"\n{paragraph}\n" for _ in range(4)), encoding="utf-8")
    _match_published_figures(target)
    return target


def _slug(name: str) -> str:
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def government(id_: str, name: str, country: str, place=None, participants: int = 10, labs: int | None = None):
    """A made-up government, built with the content's own keys; `place`: (lat, lon) of its seat."""
    from report.content.schema import Government

    data: dict = {
        "id": id_,
        "nombre": name,
        "tipo": "municipio",
        "pais": country,
        "descripcion": "Texto.",
        "curso": {"participantes": participants},
    }
    if labs:
        data["laboratorios"] = {"cantidad": labs, "descripcion": "Taller."}
    if place:
        data["ubicacion"] = {"latitud": place[0], "longitud": place[1]}
    return Government.model_validate(data)


def country_maps(governments: Iterable) -> set[str]:
    """The country maps an edition draws: one per country of two governments or more (a
    country of one has no divider page, only a heading on its profile's page)."""
    counts = Counter(g.country for g in governments)
    return {f"mapa-{country.lower()}" for country, count in counts.items() if count > 1}
