"""Reading one content file: its bytes to data, with the line and column of every field.

The text is NFC-normalised (an accent typed as a letter and a combining mark, as macOS
pastes it, becomes the one character the fonts have) and refused if it holds control or
line-separator characters. YAML is parsed safely into nodes and built by hand, so that
every key keeps its position, aliases are refused (no alias bombs), and only what YAML
1.2 reads as a boolean or a number is one: `true`/`false` (YAML 1.1 would read a country
code `NO` as false) and plain decimal numbers (YAML 1.1 would read `067` as 55 and `1:07`
as 67); the other YAML 1.1 number forms are refused, saying what they would have been.
Tags (`!!python/...`) are refused and nesting, list lengths and digits are bounded, so
no file can run code, hang the parser or exhaust the stack or the memory.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..problems import Message, Problem, Verbatim, message, problem
from .limits import MAX_DEPTH, MAX_FILE_BYTES, MAX_LIST_ITEMS, MAX_NUMBER_DIGITS

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
    body_field: str | None = None  # the field the body fills: its positions are the file's own lines

    def position(self, path: FieldPath) -> Position:
        """The line and column of a field, or of its closest enclosing field."""
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class SourceError(Exception):
    """The file cannot be read as content; `problems` say where and why (`problem`, the first)."""

    def __init__(self, problem: Problem, *more: Problem):
        self.problem = problem
        self.problems = [problem, *more]
        super().__init__(problem.code)


class _Loader(yaml.SafeLoader):
    """SafeLoader whose booleans and numbers are YAML 1.2's: true and false, plain decimals."""


_BOOL, _INT, _FLOAT = (f"tag:yaml.org,2002:{kind}" for kind in ("bool", "int", "float"))
# What YAML 1.1 (PyYAML's default) reads as a number: kept to say what a refused form meant.
_YAML11_NUMBER = [
    regexp
    for resolvers in yaml.SafeLoader.yaml_implicit_resolvers.values()
    for tag, regexp in resolvers
    if tag in (_INT, _FLOAT)
]
_PLAIN_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$")
_PLAIN_FLOAT = re.compile(
    r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$|^[-+]?\.(?:inf|Inf|INF)$|^\.(?:nan|NaN|NAN)$"
)

_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in (_BOOL, _INT, _FLOAT)]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
_Loader.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_Loader.add_implicit_resolver(_INT, _PLAIN_INT, list("-+0123456789"))
_Loader.add_implicit_resolver(_FLOAT, _PLAIN_FLOAT, list("-+0123456789."))


class _FastLoader(getattr(yaml, "CSafeLoader", _Loader)):  # type: ignore[misc]
    """The same reading through libyaml, about ten times faster. Only a file it reads whole is
    taken from it: anything it refuses is read again by `_Loader`, whose messages the team sees."""

    yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


# Characters no text of the report may hold: C0 and C1 controls (tab and line feed aside),
# the Unicode line and paragraph separators (YAML reads them as line breaks), non-characters.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")
_SHOWN_FORBIDDEN = 10


def character_name(char: str) -> str:
    """`U+2028 LINE SEPARATOR`; a control character, which has no name, as `U+0000`."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}" if name else f"U+{ord(char):04X}"


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
    text = unicodedata.normalize("NFC", text)
    found = [  # only those shown: a file of control characters would cost a scan for each
        problem("yaml_bad_character", name, line=line, column=column, char=character_name(match.group()))
        for match in itertools.islice(FORBIDDEN.finditer(text), _SHOWN_FORBIDDEN)
        for line, column in [position_in(text, match.start())]
    ]
    if found:
        raise SourceError(*found)
    return text


def position_in(text: str, offset: int) -> Position:
    """The line and column (from 1) of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def parse_yaml(text: str, name: str, line_offset: int = 0) -> Source:
    """A YAML mapping with the position of each field; `line_offset` for front matter."""
    depth_mark = _too_deep(text)
    if depth_mark is not None:
        line, column = depth_mark
        raise SourceError(problem("yaml_too_deep", name, line=line + line_offset, column=column, limit=MAX_DEPTH))
    loader, node = _compose_fast(text)
    try:
        if loader is None:
            loader = _Loader(text)  # checks every character first: may raise ReaderError
            node = loader.get_single_node()
        if node is None:
            raise SourceError(problem("no_fields", name, line=1 + line_offset, column=1))
        source = Source(name, {})
        builder = _Builder(loader, source, line_offset)
        data = builder.build(node, ())
        if builder.problems:
            for index, found in enumerate(builder.problems):  # name each field as the team knows it
                path = builder.paths[index]
                builder.problems[index] = _with_field(found, field_name(path, data))
            raise SourceError(*builder.problems)
    except yaml.MarkedYAMLError as error:
        raise SourceError(_yaml_problem(error, name, line_offset)) from None
    except yaml.reader.ReaderError as error:  # a control character: not a MarkedYAMLError
        line, column = position_in(text, error.position)
        code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
        char = character_name(chr(code))
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


def _compose_fast(text: str) -> tuple[Any, yaml.Node | None]:
    """The node tree read by libyaml, or no loader when it refuses the text (the pure reader then
    says where and why, in the words the team knows)."""
    loader = _FastLoader(text)
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError:
        loader.dispose()
        return None, None


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
    below = lines[index + 1 :]
    blank = next((number for number, line in enumerate(below) if line.strip()), len(below))
    source.body = "\n".join(below).strip()
    source.body_line = index + 2 + blank  # the body's first line of text: positions in it count from here
    return source


def _too_deep(text: str) -> Position | None:
    """Where nesting first passes `MAX_DEPTH`, by brackets or indentation: before parsing."""
    depth = 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.lstrip(" -")
        if stripped and not stripped.startswith("#") and (len(line) - len(stripped)) // 2 > MAX_DEPTH:
            return number, 1
        for bracket in _BRACKETS.finditer(line):  # a line without one (most) costs one search
            if bracket.group() in "[{":
                depth += 1
                if depth > MAX_DEPTH:
                    return number, bracket.start() + 1
            elif depth:
                depth -= 1
    return None


_BRACKETS = re.compile(r"[\[\]{}]")


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

    def __init__(self, loader: yaml.SafeLoader | _FastLoader, source: Source, line_offset: int):
        self.loader = loader
        self.source = source
        self.line_offset = line_offset
        self.seen: set[int] = set()
        self.problems: list[Problem] = []  # numbers and lists refused; the build goes on to find them all
        self.paths: list[FieldPath] = []

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
            if len(node.value) > MAX_LIST_ITEMS:
                self._refuse(path, "too_many_items", line, column, count=len(node.value), limit=MAX_LIST_ITEMS)
                return []
            return [self.build(item, path + (index,)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.ScalarNode) and not node.style:  # numbers only from plain scalars (libyaml: "")
            refused = self._number(node, path, line, column)
            if refused:
                return node.value
        return self.loader.construct_object(node, deep=True)

    def _refuse(self, path: FieldPath, code: str, line: int, column: int, value: object = None, **params) -> None:
        line, column = self.source.positions.get(path, (line, column))  # the field's key, as other problems
        self.problems.append(problem(code, self.source.name, line=line, column=column, value=value, **params))
        self.paths.append(path)

    def _number(self, node: yaml.ScalarNode, path: FieldPath, line: int, column: int) -> bool:
        """Refuse a number YAML 1.1 would read otherwise than it looks, or one too long."""
        text = node.value
        shown = Verbatim(text)
        if node.tag == _INT and len(text.lstrip("+-")) > MAX_NUMBER_DIGITS:
            self._refuse(
                path, "number_too_long", line, column, shown, digits=len(text.lstrip("+-")), limit=MAX_NUMBER_DIGITS
            )
            return True
        if node.tag in (_INT, _FLOAT) or not any(regexp.match(text) for regexp in _YAML11_NUMBER):
            return False
        digits = text.replace("_", "").lstrip("+-")
        if len(digits) > MAX_NUMBER_DIGITS + 2:
            self._refuse(path, "number_too_long", line, column, shown, digits=len(digits), limit=MAX_NUMBER_DIGITS)
            return True
        read = _yaml11_value(text)
        if "_" in text:
            code, plain = "number_underscore", text.replace("_", "")
        elif ":" in text:
            code, plain = "number_sexagesimal", ""
        elif re.match(r"^[-+]?0x", text):
            code, plain = "number_hexadecimal", str(read)
        elif re.match(r"^[-+]?0b", text):
            code, plain = "number_binary", str(read)
        else:
            code, plain = "number_octal", re.sub(r"^([-+]?)0+(?=\d)", r"\1", text)
        self._refuse(
            path,
            code,
            line,
            column,
            shown,
            read=Verbatim(f"{read:g}" if isinstance(read, float) else read),
            plain=plain,
        )
        return True


def _yaml11_value(text: str) -> Any:
    """What YAML 1.1 (PyYAML's default) would have read: the value the team did not mean."""
    return yaml.safe_load(text)


def _with_field(found: Problem, name: str) -> Problem:
    return problem(
        found.code,
        found.file,
        line=found.line,
        column=found.column,
        field=name or None,
        value=found.value,
        **found.params,
    )


def field_name(loc: tuple, data: Any) -> str:
    """`curso.participantes`, `actividades[2]`; an item of a list named by its `clave` when it
    has one (`cifras.laboratorios.valor`), as the team knows it."""
    parts: list[str] = []
    for part in loc:
        item = data[part] if isinstance(data, list | dict) and _has(data, part) else None
        if isinstance(part, int):
            key = item.get("clave") if isinstance(item, dict) else None
            parts.append(f".{key}" if isinstance(key, str) and key else f"[{part + 1}]")
        else:
            parts.append(str(part) if str(part).startswith("[") else f".{part}")  # pydantic's `[key]`
        data = item
    return "".join(parts).lstrip(".")


def _has(data: list | dict, part: object) -> bool:
    if isinstance(data, list):
        return isinstance(part, int) and 0 <= part < len(data)
    return part in data


# PyYAML's reasons (its `context` and `problem`, in English) → our codes. Every reason gets
# a code: one PyYAML says that is not listed here is worded by the generic `yaml_unreadable`.
_KNOWN_REASONS = (
    ("mapping values are not allowed here", "yaml_colon"),
    ("could not find expected ':'", "yaml_missing_colon"),
    ("found character '\\t' that cannot start any token", "yaml_tab"),
    ("found a tab character", "yaml_tab"),
    ("found undefined alias", "yaml_undefined_alias"),
    ("while scanning an alias", "yaml_alias"),
    ("while scanning an anchor", "yaml_alias"),
    ("found duplicate anchor", "yaml_alias"),
    ("while scanning a quoted scalar", "yaml_unclosed_quote"),
    ("found unexpected end of stream", "yaml_unexpected_end"),
    ("that cannot start any token", "yaml_cannot_start"),
    ("found unknown escape character", "yaml_escape"),
    ("expected escape sequence", "yaml_escape"),
    ("while scanning a block scalar", "yaml_block_scalar"),
    ("while scanning a directive", "yaml_directive"),
    ("found incompatible YAML document", "yaml_directive"),
    ("found duplicate YAML directive", "yaml_directive"),
    ("while scanning a tag", "yaml_tag_syntax"),
    ("found undefined tag handle", "yaml_tag_syntax"),
    ("expected '<document start>'", "yaml_document"),
    ("expected ',' or ']'", "yaml_flow"),
    ("expected ',' or '}'", "yaml_flow"),
    ("while parsing a flow", "yaml_flow"),
    ("did not find expected '-' indicator", "yaml_list_indent"),
    ("while parsing a block collection", "yaml_list_indent"),
    ("expected <block end>", "yaml_indentation"),
    ("did not find expected key", "yaml_indentation"),
    ("while parsing a block mapping", "yaml_indentation"),
    ("expected the node content", "yaml_missing_value"),
    ("did not find expected node content", "yaml_missing_value"),
    ("found unhashable key", "yaml_key_not_text"),
    ("expected a comment or a line break", "yaml_after_value"),
)


def _yaml_reason(error: yaml.MarkedYAMLError) -> Message:
    reason = f"{error.context or ''} {error.problem or ''}"
    for english, code in _KNOWN_REASONS:
        if english in reason:
            if code == "yaml_cannot_start":
                found = re.search(r"found character '(.+)' that cannot start", reason)
                return message(code, char=found.group(1) if found else "?")
            return message(code)
    return message("yaml_unreadable")
