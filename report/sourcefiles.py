"""Reading one content file: bytes to data, with the line and column of every field.

YAML is parsed safely into nodes and built by hand, so that every key keeps its
position, aliases are refused (no alias bombs), and only `true`/`false` are booleans
(YAML 1.1 would read a country code `NO` as false).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, show_value

MAX_FILE_BYTES = 512 * 1024
"""A content file larger than this is refused: prose for a report is far smaller."""

Position = tuple[int, int]
FieldPath = tuple[str | int, ...]


@dataclass
class Source:
    """A parsed content file: its data, and where each field sits in it."""

    name: str
    data: dict
    positions: dict[FieldPath, Position] = field(default_factory=dict)
    body: str | None = None
    body_line: int | None = None

    def position(self, path: FieldPath) -> Position:
        """The line and column of a field, or of its closest enclosing field."""
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class SourceError(Exception):
    """The file cannot be read as content; `problem` says where and why."""

    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


class _Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are YAML 1.2's: only true and false."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def read_text(path: Path, name: str) -> str:
    """The file's text, refusing what is too large, empty or not UTF-8."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError(Problem(name, f"el archivo pesa {size // 1024} KB; el máximo es {MAX_FILE_BYTES // 1024} KB"))
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(
            Problem(
                name,
                "el archivo no está en UTF-8 (¿texto pegado desde un procesador de textos, en Latin-1 o "
                "Windows-1252?); guárdelo con codificación UTF-8",
                line=line,
                column=column,
                value=f"byte 0x{raw[error.start]:02x}",
            )
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(Problem(name, "el archivo está vacío"))
    return text


def parse_yaml(text: str, name: str, line_offset: int = 0) -> Source:
    """A YAML mapping with the position of each field; `line_offset` for front matter."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark else (None, None)
        raise SourceError(
            Problem(name, f"error de sintaxis YAML: {_yaml_reason(error)}", line=line, column=column)
        ) from None
    finally:
        loader.dispose()
    if node is None:
        raise SourceError(Problem(name, "no hay ningún campo: se esperaba «clave: valor» en cada línea", line=1 + line_offset))
    source = Source(name, {})
    builder = _Builder(loader, source, line_offset)
    data = builder.build(node, ())
    if not isinstance(data, dict):
        raise SourceError(
            Problem(name, "se esperaban campos «clave: valor»", line=node.start_mark.line + 1 + line_offset, value=show_value(data))
        )
    source.data = data
    return source


def parse_front_matter(text: str, name: str) -> Source:
    """A Markdown file: YAML front matter between `---` lines, then the body."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise SourceError(
            Problem(name, "falta el encabezado: el archivo debe empezar con una línea «---», los campos y otra línea «---»", line=1, column=1)
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
    else:
        raise SourceError(
            Problem(name, "el encabezado no está cerrado: falta la línea «---» después de los campos", line=1, column=1)
        )
    source = parse_yaml("\n".join(lines[1:index]), name, line_offset=1)
    source.body = "\n".join(lines[index + 1 :]).strip()
    source.body_line = index + 2
    return source


class _Builder:
    """Turns YAML nodes into Python data, recording positions; refuses aliases."""

    def __init__(self, loader: _Loader, source: Source, line_offset: int):
        self.loader = loader
        self.source = source
        self.line_offset = line_offset
        self.seen: set[int] = set()

    def _where(self, node: yaml.Node) -> Position:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: FieldPath):
        if id(node) in self.seen:
            line, column = self._where(node)
            raise SourceError(
                Problem(self.source.name, "no se admiten anclas ni alias de YAML (&, *): escriba el valor completo", line=line, column=column)
            )
        self.seen.add(id(node))
        self.source.positions.setdefault(path, self._where(node))
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    key = str(key)
                line, column = self._where(key_node)
                if key in result:
                    raise SourceError(Problem(self.source.name, "el campo está repetido", line=line, column=column, field=key))
                self.source.positions[path + (key,)] = (line, column)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


def _yaml_reason(error: yaml.MarkedYAMLError) -> str:
    reason = error.problem or error.context or "formato no válido"
    known = {
        "mapping values are not allowed here": "hay un «:» donde no se esperaba (si el texto lleva «: », póngalo entre comillas)",
        "could not find expected ':'": "falta «:» después del nombre de un campo",
        "found character '\\t' that cannot start any token": "hay un tabulador; use espacios para sangrar",
        "found undefined alias": "no se admiten alias de YAML (*)",
    }
    for english, spanish in known.items():
        if english in reason:
            return spanish
    return reason
