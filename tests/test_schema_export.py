"""`build.py schema`: the JSON Schema of each kind of content file, exported from the
Pydantic models, accepts the real 2020 edition and rejects what `check` rejects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from report.commands.cli import main
from report.commands.scaffold import scaffold
from report.commands.schema import KINDS, schema_for, write_schemas
from report.content.folder import ENTRY_NAME
from report.content.reader import parse_front_matter, parse_yaml

from .conftest import EDITION_2020, ROOT


def data_of(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    parse = parse_yaml if path.suffix == ".yml" else parse_front_matter
    return parse(text, path.name).data


def content_files(edition: Path) -> list[tuple[str, Path]]:
    """(kind, path) for every Spanish content file of an edition (translations have their own models)."""
    files = [("edicion", edition / "edicion.yml"), ("carta", edition / "carta.md")]
    for kind, folder in (("gobierno", "gobiernos"), ("proyecto", "proyectos")):
        files += [(kind, p) for p in sorted((edition / folder).glob("*.md")) if not ENTRY_NAME.match(p.name)["lang"]]
    return files


def validator(kind: str) -> Draft202012Validator:
    schema = schema_for(kind)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_every_2020_file_validates_against_its_schema():
    files = content_files(EDITION_2020)
    assert len(files) == 2 + 10 + 3
    for kind, path in files:
        errors = [e.message for e in validator(kind).iter_errors(data_of(path))]
        assert not errors, f"{path.name}: {errors}"


def test_injected_fields_are_not_in_the_front_matter_schemas():
    for kind, injected in (
        ("gobierno", {"id", "descripcion"}),
        ("proyecto", {"id", "descripcion"}),
        ("carta", {"cuerpo"}),
    ):
        schema = schema_for(kind)
        assert not injected & set(schema["properties"]), kind
        assert not injected & set(schema.get("required", ())), kind
    assert "descripcion" in schema_for("gobierno")["$defs"]["Labs"]["properties"]  # nested ones stay


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.update(pias="AR"), "Additional properties"),
        (lambda d: d.update(descripcion="El texto en el encabezado"), "Additional properties"),
        (lambda d: d["curso"].update(participantes="treinta"), "is not of type 'integer'"),
        (lambda d: d.update(pais="Argentina"), "does not match"),
        (lambda d: d.update(tipo=""), "should be non-empty"),
        (lambda d: d.pop("nombre"), "'nombre' is a required property"),
    ],
)
def test_the_government_schema_rejects_what_check_rejects(change, expected):
    data = data_of(EDITION_2020 / "gobiernos" / "05-rosario.md")
    change(data)
    messages = [e.message for e in validator("gobierno").iter_errors(data)]
    assert any(expected in m for m in messages), messages


def test_the_schema_rejects_a_fresh_scaffold_like_check(tmp_path):
    edition = tmp_path / "content" / "2021"
    scaffold(edition, EDITION_2020, keep=["todos"])
    invalid = {path.name for kind, path in content_files(edition) if list(validator(kind).iter_errors(data_of(path)))}
    governments = {p.name for p in (edition / "gobiernos").glob("*.md") if p.name.count(".") == 1}
    assert invalid == {"edicion.yml"} | governments  # the letter's empty body is not front matter
    errors = list(validator("edicion").iter_errors(data_of(edition / "edicion.yml")))
    assert {tuple(e.path) for e in errors} == {("titulo",), ("subtitulo",)} | {("cifras", i, "valor") for i in range(9)}


def test_the_government_kinds_of_2020_are_suggestions_not_a_wall():
    kind = schema_for("gobierno")["properties"]["tipo"]
    assert kind["type"] == "string" and "enum" not in kind
    assert {"municipio", "provincia", "área metropolitana"} <= set(kind["examples"])


def test_the_committed_schemas_are_up_to_date(tmp_path):
    """schemas/ is what `python build.py schema schemas` writes; regenerate it after a model change."""
    fresh = {p.name: p.read_text(encoding="utf-8") for p in write_schemas(tmp_path)}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas").glob("*.schema.json")}
    assert committed == fresh


def test_editors_are_pointed_at_the_schema():
    first = (EDITION_2020 / "edicion.yml").read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match and (EDITION_2020 / match[1]).resolve() == ROOT / "schemas" / "edicion.schema.json"
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema in settings["yaml.schemas"]:
        assert (ROOT / schema).is_file(), schema


def test_schema_from_the_command_line(capsys):
    assert main(["schema", "--kind", "gobierno"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["title"].startswith("Perfil de gobierno")
    assert main(["schema"]) == 0
    assert set(json.loads(capsys.readouterr().out)) == set(KINDS)
    assert main(["schema", "--kind", "municipio"]) == 2
