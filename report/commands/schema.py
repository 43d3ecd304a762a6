"""JSON Schema of the content files, generated from the Pydantic models.

Editors use it for completion and inline errors (VS Code's YAML extension reads
`schemas/edicion.schema.json` through the comment at the top of `edicion.yml`).
One schema per kind of file, keyed by the Spanish names the team types; the fields
the loader fills in itself (the id from the file name, the text from the body) are
left out, since writing them in the header is an error.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ..content.schema import EditionInfo, Government, Letter, Project

# kind → (model, file pattern, fields the loader injects, title)
KINDS: dict[str, tuple[type[BaseModel], str, tuple[str, ...], str]] = {
    "edicion": (EditionInfo, "edicion.yml", (), "Edición del informe (edicion.yml)"),
    "gobierno": (
        Government,
        "gobiernos/NN-id.md",
        ("id", "descripcion"),
        "Perfil de gobierno (encabezado de gobiernos/NN-id.md)",
    ),
    "proyecto": (Project, "proyectos/NN-id.md", ("id", "descripcion"), "Proyecto (encabezado de proyectos/NN-id.md)"),
    "carta": (Letter, "carta.md", ("cuerpo",), "Carta de presentación (encabezado de carta.md)"),
}
DRAFT = "https://json-schema.org/draft/2020-12/schema"
# Hover texts in the team's language (the models' docstrings are written for the code).
SPANISH = {
    "EditionInfo": "Lo que comparte toda la edición: portada, cifras del programa y contratapa.",
    "Government": "Perfil de un gobierno subnacional. El texto del perfil va en el cuerpo, después del segundo «---».",
    "Project": "Otro proyecto del programa. Su texto va en el cuerpo, después del segundo «---».",
    "Letter": "Carta de presentación. El texto de la carta va en el cuerpo, después del segundo «---».",
    "Course": "Agentes del gobierno formados en el Curso Innovación Pública 360.",
    "Labs": "Laboratorios de cocreación (o talleres) hechos con el gobierno.",
    "Image": "Una imagen de la carpeta de la edición, con su texto alternativo.",
    "PublishedFigure": (
        "Una cifra del programa, tal como se publica: clave, valor, etiqueta y, si hace falta, nota, lugar y control."
    ),
    "Closing": "Contratapa.",
    "Social": "Una cuenta en redes sociales; la plataforma queda vacía si no se sabe.",
}
COUNTRY_PATTERN = "^\\s*[A-Za-z]{2}\\s*$"
"""What the country validator accepts before checking the code against ISO 3166-1."""


def _localise(schema: dict) -> None:
    for name, definition in schema.get("$defs", {}).items():
        if name in SPANISH:
            definition["description"] = SPANISH[name]
        _country_pattern(definition)
    _country_pattern(schema)


def _country_pattern(definition: dict) -> None:
    country = definition.get("properties", {}).get("pais")
    if country is None:
        return
    for option in country.get("anyOf", [country]):
        if option.get("type") == "string":
            option["pattern"] = COUNTRY_PATTERN


def schema_for(kind: str) -> dict:
    """The JSON Schema of one kind of content file (its YAML data, or its front matter)."""
    model, pattern, injected, title = KINDS[kind]
    schema = model.model_json_schema(by_alias=True, mode="validation")
    for name in injected:
        schema["properties"].pop(name, None)
        if name in schema.get("required", []):
            schema["required"].remove(name)
    _localise(schema)
    schema["title"] = title
    schema["description"] = f"{SPANISH[model.__name__]} Archivo: {pattern}."
    return {"$schema": DRAFT, "$id": f"{kind}.schema.json", **schema}


def schemas_json(kind: str | None = None) -> str:
    """One schema, or all of them keyed by kind, as stable, readable JSON."""
    data = schema_for(kind) if kind else {name: schema_for(name) for name in KINDS}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write `KIND.schema.json` for every kind into `folder`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = folder / f"{kind}.schema.json"
        path.write_text(schemas_json(kind), encoding="utf-8")
        written.append(path)
    return written
