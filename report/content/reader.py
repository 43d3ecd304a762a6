"""Reading one content file: its bytes to data, with the line and column of every field.

YAML is parsed safely into nodes and built by hand, so that every key keeps its
position, aliases are refused (no alias bombs), and only `true`/`false` are booleans
(YAML 1.1 would read a country code `NO` as false). Tags (`!!python/...`) are refused and
nesting is bounded, so no file can run code, hang the parser or exhaust the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from ..problems import Message, Problem, Verbatim, message, problem

MAX_FILE_BYTES = 512 * 1024
"""A content file larger than this is refused: prose for a report is far smaller."""

MAX_DEPTH = 20
"""Nesting deeper than this is refused: content needs four levels; the parser recurses."""

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
        super().__init__(problem.code)


class _Loader(yaml.SafeLoader):
    """SafeLoader whose booleans are YAML 1.2's: only true and false."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def decode(raw: bytes, name: str, size_on_disk: int | None = None) -> str:
    """The file's text, refusing what is too large, empty or not UTF-8."""
    if len(raw) > MAX_FILE_BYTES:
        size = -(-max(len(raw), size_on_disk or 0) // 1024)
        raise SourceError(problem("file_too_large", name, line=1, column=1, size=size, limit=MAX_FILE_BYTES // 1024))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        value = Verbatim(f"byte 0x{raw[error.start]:02x}")
        raise SourceError(problem("not_utf8", name, line=line, column=column, value=value)) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(problem("empty_file", name, line=1, column=1))
    return text


def parse_yaml(text: str, name: str, line_offset: int = 0) -> Source:
    """A YAML mapping with the position of each field; `line_offset` for front matter."""
    depth_mark = _too_deep(text)
    if depth_mark is not None:
        line, column = depth_mark
        raise SourceError(problem("yaml_too_deep", name, line=line + line_offset, column=column, limit=MAX_DEPTH))
    loader = None
    try:
        loader = _Loader(text)  # checks every character first: may raise ReaderError
        node = loader.get_single_node()
        if node is None:
            raise SourceError(problem("no_fields", name, line=1 + line_offset, column=1))
        source = Source(name, {})
        data = _Builder(loader, source, line_offset).build(node, ())
    except yaml.MarkedYAMLError as error:
        raise SourceError(_yaml_problem(error, name, line_offset)) from None
    except yaml.reader.ReaderError as error:  # a control character: not a MarkedYAMLError
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        char = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        raise SourceError(
            problem("yaml_bad_character", name, line=line + line_offset, column=column, char=char)
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        line, column = node.start_mark.line + 1 + line_offset, node.start_mark.column + 1
        raise SourceError(problem("not_mapping", name, line=line, column=column, value=data))
    source.data = data
    return source


def parse_front_matter(text: str, name: str, *, empty_header: bool = False) -> Source:
    """A Markdown file: YAML front matter between `---` lines, then the body.

    `empty_header`: the header may hold no field at all (a translation of the body alone)."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise SourceError(problem("no_front_matter", name, line=1, column=1))
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
    else:
        raise SourceError(problem("unclosed_front_matter", name, line=1, column=1))
    header = "\n".join(lines[1:index])
    source = Source(name, {}) if empty_header and not header.strip() else parse_yaml(header, name, line_offset=1)
    source.body = "\n".join(lines[index + 1 :]).strip()
    source.body_line = index + 2
    return source


def _too_deep(text: str) -> Position | None:
    """Where nesting first passes `MAX_DEPTH`, by brackets or indentation: before parsing."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" -")
        if stripped and not stripped.startswith("#") and (len(line) - len(stripped)) // 2 > MAX_DEPTH:
            return number, 1
        for column, char in enumerate(line, start=1):
            if char in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number, column
            elif char in "]}" and depth:
                depth -= 1
    return None


def _yaml_problem(error: yaml.MarkedYAMLError, name: str, line_offset: int) -> Problem:
    mark = error.problem_mark or error.context_mark
    if "quoted scalar" in (error.context or "") and error.context_mark:
        mark = error.context_mark  # where the quote opened, not the end of the file
    line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in (error.problem or ""):
        tag = _shown_tag((error.problem or "").rsplit(" ", 1)[-1].strip("'"))
        return problem("yaml_tag", name, line=line, column=column, tag=tag)
    return problem("yaml_syntax", name, line=line, column=column, reason=_yaml_reason(error))


def _shown_tag(tag: str) -> str:
    """A tag as it is written in the file: `!!python/object`, not its long form."""
    return tag.replace("tag:yaml.org,2002:", "!!")


_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


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
        line, column = self._where(node)
        if id(node) in self.seen:
            raise SourceError(problem("yaml_alias", self.source.name, line=line, column=column))
        self.seen.add(id(node))
        self.source.positions.setdefault(path, (line, column))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            raise SourceError(problem("yaml_tag", self.source.name, line=line, column=column, tag=_shown_tag(node.tag)))
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    key = str(key)
                key_line, key_column = self._where(key_node)
                if key in result:
                    raise SourceError(
                        problem("duplicate_key", self.source.name, line=key_line, column=key_column, field=key)
                    )
                self.source.positions[path + (key,)] = (key_line, key_column)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


_KNOWN_REASONS = {
    "mapping values are not allowed here": "yaml_colon",
    "could not find expected ':'": "yaml_missing_colon",
    "found character '\\t' that cannot start any token": "yaml_tab",
    "found undefined alias": "yaml_undefined_alias",
    "while scanning a quoted scalar": "yaml_unclosed_quote",
    "found unexpected end of stream": "yaml_unexpected_end",
}


def _yaml_reason(error: yaml.MarkedYAMLError) -> Message | str:
    reason = f"{error.context or ''} {error.problem or ''}".strip() or "?"
    for english, code in _KNOWN_REASONS.items():
        if english in reason:
            return message(code)
    return reason
