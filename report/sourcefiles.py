"""Reading one content file: bytes to data, with the line and column of every field.

YAML is parsed safely into nodes and built by hand, so that every key keeps its
position, aliases are refused (no alias bombs), and only `true`/`false` are booleans
(YAML 1.1 would read a country code `NO` as false). Tags (`!!python/...`) are refused and
nesting is bounded, so no file can run code, hang the parser or exhaust the stack.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem, say, show_value

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


def read_text(path: Path, name: str, lang: str = "es") -> str:
    """The file's text, refusing what is too large, empty or not UTF-8."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        message = say("file_too_large", lang, size=-(-size // 1024), limit=MAX_FILE_BYTES // 1024)
        raise SourceError(Problem(name, message, line=1, column=1, lang=lang))
    with path.open("rb") as stream:  # read at most the cap: the file may grow meanwhile
        raw = stream.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        message = say("file_too_large", lang, size=-(-len(raw) // 1024), limit=MAX_FILE_BYTES // 1024)
        raise SourceError(Problem(name, message, line=1, column=1, lang=lang))
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise SourceError(
            Problem(
                name,
                say("not_utf8", lang),
                line=line,
                column=column,
                value=f"byte 0x{raw[error.start]:02x}",
                lang=lang,
            )
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(Problem(name, say("empty_file", lang), line=1, column=1, lang=lang))
    return text


def read_source(path: Path, name: str, parse, lang: str, problems: list[Problem]) -> Source | None:
    """Read and parse one content file; what is wrong with it goes into `problems`."""
    try:
        return parse(read_text(path, name, lang), name, lang=lang)
    except SourceError as error:
        problems.append(error.problem)
        return None


def parse_yaml(text: str, name: str, line_offset: int = 0, lang: str = "es") -> Source:
    """A YAML mapping with the position of each field; `line_offset` for front matter."""
    depth_mark = _too_deep(text)
    if depth_mark is not None:
        line, column = depth_mark
        message = say("yaml_too_deep", lang, limit=MAX_DEPTH)
        raise SourceError(Problem(name, message, line=line + line_offset, column=column, lang=lang))
    loader = None
    try:
        loader = _Loader(text)  # checks every character first: may raise ReaderError
        node = loader.get_single_node()
        if node is None:
            raise SourceError(Problem(name, say("no_fields", lang), line=1 + line_offset, column=1, lang=lang))
        source = Source(name, {})
        data = _Builder(loader, source, line_offset, lang).build(node, ())
    except yaml.MarkedYAMLError as error:
        raise SourceError(_yaml_problem(error, name, line_offset, lang)) from None
    except yaml.reader.ReaderError as error:  # a control character: not a MarkedYAMLError
        line = text.count("\n", 0, error.position) + 1
        column = error.position - (text.rfind("\n", 0, error.position) + 1) + 1
        char = f"U+{error.character:04X}" if isinstance(error.character, int) else repr(error.character)
        message = say("yaml_bad_character", lang, char=char)
        raise SourceError(Problem(name, message, line=line + line_offset, column=column, lang=lang)) from None
    finally:
        if loader is not None:
            loader.dispose()
    if not isinstance(data, dict):
        line, column = node.start_mark.line + 1 + line_offset, node.start_mark.column + 1
        raise SourceError(Problem(name, say("not_mapping", lang), line=line, column=column, value=show_value(data, lang=lang), lang=lang))
    source.data = data
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


def _yaml_problem(error: yaml.MarkedYAMLError, name: str, line_offset: int, lang: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    if "quoted scalar" in (error.context or "") and error.context_mark:
        mark = error.context_mark  # where the quote opened, not the end of the file
    line, column = (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
    if isinstance(error, yaml.constructor.ConstructorError) and "tag" in (error.problem or ""):
        tag = _shown_tag((error.problem or "").rsplit(" ", 1)[-1].strip("'"))
        return Problem(name, say("yaml_tag", lang, tag=tag), line=line, column=column, lang=lang)
    return Problem(name, say("yaml_syntax", lang, reason=_yaml_reason(error, lang)), line=line, column=column, lang=lang)


def _shown_tag(tag: str) -> str:
    """A tag as it is written in the file: `!!python/object`, not its long form."""
    return tag.replace("tag:yaml.org,2002:", "!!")


def parse_front_matter(text: str, name: str, lang: str = "es") -> Source:
    """A Markdown file: YAML front matter between `---` lines, then the body."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        raise SourceError(Problem(name, say("no_front_matter", lang), line=1, column=1, lang=lang))
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            break
    else:
        raise SourceError(Problem(name, say("unclosed_front_matter", lang), line=1, column=1, lang=lang))
    source = parse_yaml("\n".join(lines[1:index]), name, line_offset=1, lang=lang)
    source.body = "\n".join(lines[index + 1 :]).strip()
    source.body_line = index + 2
    return source


_COLLECTION_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class _Builder:
    """Turns YAML nodes into Python data, recording positions; refuses aliases."""

    def __init__(self, loader: _Loader, source: Source, line_offset: int, lang: str = "es"):
        self.loader = loader
        self.source = source
        self.line_offset = line_offset
        self.lang = lang
        self.seen: set[int] = set()

    def _where(self, node: yaml.Node) -> Position:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def build(self, node: yaml.Node, path: FieldPath):
        if id(node) in self.seen:
            line, column = self._where(node)
            raise SourceError(Problem(self.source.name, say("yaml_alias", self.lang), line=line, column=column, lang=self.lang))
        self.seen.add(id(node))
        self.source.positions.setdefault(path, self._where(node))
        if not isinstance(node, yaml.ScalarNode) and node.tag not in _COLLECTION_TAGS:
            line, column = self._where(node)
            raise SourceError(Problem(self.source.name, say("yaml_tag", self.lang, tag=_shown_tag(node.tag)), line=line, column=column, lang=self.lang))
        if isinstance(node, yaml.MappingNode):
            result = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                if not isinstance(key, str):
                    key = str(key)
                line, column = self._where(key_node)
                if key in result:
                    raise SourceError(
                        Problem(self.source.name, say("duplicate_key", self.lang), line=line, column=column, field=key, lang=self.lang)
                    )
                self.source.positions[path + (key,)] = (line, column)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


def _yaml_reason(error: yaml.MarkedYAMLError, lang: str = "es") -> str:
    reason = f"{error.context or ''} {error.problem or ''}".strip() or "?"
    known = {
        "mapping values are not allowed here": "yaml_colon",
        "could not find expected ':'": "yaml_missing_colon",
        "found character '\\t' that cannot start any token": "yaml_tab",
        "found undefined alias": "yaml_undefined_alias",
        "while scanning a quoted scalar": "yaml_unclosed_quote",
        "found unexpected end of stream": "yaml_unexpected_end",
    }
    for english, key in known.items():
        if english in reason:
            return say(key, lang)
    return reason
