"""Pydantic's verdicts on a file's data, as located problems with message codes.

Used for every file the team edits: content files, their translations, `brand.toml`.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..problems import Message, Problem, Reason, message, problem
from .reader import Source, field_name, position_in

# Pydantic's error types that need no more than a code of ours.
_SIMPLE = {
    "int_type": "int_type",
    "int_parsing": "int_parsing",
    "int_from_float": "int_from_float",
    "string_type": "string_type",
    "list_type": "list_type",
    "tuple_type": "list_type",
    "model_type": "mapping_type",
    "model_attributes_type": "mapping_type",
    "dict_type": "mapping_type",
    "bool_type": "bool_type",
}
# Keys the loader fills in itself, never suggested at the top of a file.
INJECTED = {"id", "descripcion", "cuerpo"}


def validate(model: type[BaseModel], source: Source, problems: list[Problem], context: dict | None = None):
    """`source.data` as a `model`, or None with its problems added to `problems`."""
    try:
        return model.model_validate(source.data, context=context)
    except ValidationError as error:
        problems.extend(explain(error, model, source))
        return None


def explain(error: ValidationError, model: type[BaseModel], source: Source) -> list[Problem]:
    """Pydantic's errors rewritten as located problems."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        kind = item["type"]
        value = item.get("input")
        field = field_name(loc, source.data)
        said = _message(kind, item.get("ctx") or {}, value, model, loc)
        line, column = _where(source, loc, value, (item.get("ctx") or {}).get("error"))
        in_body = source.body_field is not None and loc == (source.body_field,)
        shown = None if kind in ("missing", "extra_forbidden") or in_body else value  # a body: its line says where
        problems.append(
            problem(said.code, source.name, line=line, column=column, field=field or None, value=shown, **said.params)
        )
    return problems


def _where(source: Source, loc: tuple, value: Any, reason: object) -> tuple[int, int]:
    """The field's line and column; in a file's body, the line of the character at fault."""
    line, column = source.position(loc)
    at = getattr(reason, "at", None)
    if at is not None and isinstance(value, str) and source.body_field is not None and loc == (source.body_field,):
        lines, column = position_in(value, at)
        line += lines - 1
    return line, column


def _plain_number(limit: Any) -> Any:
    """90, not 90.0: a float field's limit as the team would write it."""
    return int(limit) if isinstance(limit, float) and limit.is_integer() else limit


def _message(kind: str, ctx: dict, value: Any, model: type[BaseModel], loc: tuple) -> Message:
    if kind == "missing":
        return message("missing")
    if kind == "extra_forbidden":
        valid = _valid_keys(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), valid, n=1, cutoff=0.5)
        hint: Message | str = message("did_you_mean", name=close[0]) if close else ""
        return message("unknown_field", hint=hint, valid=", ".join(valid))
    if kind == "value_error":
        reason = ctx.get("error")
        if isinstance(reason, Reason):
            return message(reason.code, **reason.params)
        return message("invalid", kind=str(reason))
    if kind in _SIMPLE:
        said = message(_SIMPLE[kind])
        # A key left with no value: what `build.py new` writes for what must be filled in.
        return message("empty_then", message=said) if value is None else said
    if kind == "greater_than_equal":
        return message("greater_than_equal", limit=_plain_number(ctx.get("ge")))
    if kind == "less_than_equal":
        return message("less_than_equal", limit=_plain_number(ctx.get("le")))
    if kind in ("string_too_short", "too_short"):
        return message("empty_value")
    if kind == "literal_error":
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return message("literal_error" if len(options) > 1 else "literal_one", expected=choices(options))
    return message("invalid", kind=kind)


def choices(options: list[str]) -> Message | str:
    """«'a', 'b' o 'c'»: the allowed values, quoted, in the reader's language."""
    quoted = [f"'{option}'" for option in options]
    if len(quoted) < 2:
        return "".join(quoted)
    return message("list_or", items=", ".join(quoted[:-1]), last=quoted[-1])


def _valid_keys(model: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a content file may use at `loc`, for suggestions."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        fields = {(f.alias or n): f for n, f in current.model_fields.items()}
        if part not in fields:
            return []
        current = model_in(fields[part].annotation)
        if current is None:
            return []
    hidden = INJECTED if not [p for p in loc if isinstance(p, str)] else set()
    return [f.alias or n for n, f in current.model_fields.items() if (f.alias or n) not in hidden]


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model inside an annotation like `Labs | None` or `list[Social]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = model_in(arg)
        if found is not None:
            return found
    return None
