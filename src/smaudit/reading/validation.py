"""Validate a loaded document against a shipped schema and word each error for a person."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache
from typing import Any

import jsonschema_rs
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from smaudit.errors import InputError, Problem
from smaudit.reading.document import Document, JsonPath, format_path
from smaudit.reading.userschema import safe_validator
from smaudit.safety.redact import quote, quote_key
from smaudit.schemas import load_schema

__all__ = ["check", "describe", "format_path", "is_valid", "problems", "short", "validator"]

MAX_PROBLEMS = 50
_TYPE_WORDS = {
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "string": "a string",
    "object": "a mapping (key: value)",
    "array": "a list",
    "null": "nothing (null)",
}


@cache
def validator(name: str) -> Draft202012Validator:
    """The wording validator of a shipped schema: its patterns on RE2, as jsonschema-rs's are
    on Rust's regex, so the two agree on what a pattern accepts (see userschema.py)."""
    return safe_validator(load_schema(name))  # type: ignore[no-any-return]


@cache
def _fast(name: str) -> Any:
    """jsonschema-rs answers "valid?" about a hundred times faster than jsonschema; the Python
    validator then runs only on invalid documents, to word each error for a person."""
    return jsonschema_rs.validator_for(load_schema(name))


def is_valid(data: Any, schema: str) -> bool:
    """Whether `data` meets the shipped schema `schema`: the fast answer, without the words."""
    return bool(_fast(schema).is_valid(data))


def check(doc: Document, schema: str) -> None:
    """Raise InputError listing every way `doc` breaks the shipped schema `schema`."""
    if is_valid(doc.data, schema):
        return
    errors = sorted(validator(schema).iter_errors(doc.data), key=lambda e: list(map(str, e.path)))
    if errors:
        raise InputError(problems(doc, errors[:MAX_PROBLEMS]))
    # One validator decides: what the fast one refuses is refused, even where the wording one
    # (which should agree) finds nothing to say.
    error = next(iter(_fast(schema).iter_errors(doc.data)))
    path: JsonPath = tuple(error.instance_path)
    where = doc.describe(path)
    raise InputError.at(doc.file, *doc.where(path), f"{where}: does not meet the {schema} schema")


def problems(doc: Document, errors: Iterable[ValidationError]) -> list[Problem]:
    return [_problem(doc, error) for error in errors]


def short(value: Any, limit: int = 60) -> str:
    """A value as the user wrote it, cut short so one bad line stays one line, with nothing
    in it a message may not repeat (redact.quote)."""
    return quote(value, limit)


def _problem(doc: Document, error: ValidationError) -> Problem:
    path: JsonPath = tuple(error.absolute_path)
    message, key = describe(error)
    if key is not None:
        path = (*path, key)
    line, column = doc.where(path, key=key is not None)
    return Problem(doc.file, line, column, f"{doc.describe(path)}: {message}")


def _expected(error: ValidationError) -> str | None:
    schema = error.schema if isinstance(error.schema, dict) else {}
    hint = schema.get("x-expected")
    return str(hint) if hint else None


def _enum_suggestion(value: Any, choices: list[Any], schema: Any) -> str:
    """` (did you mean x?)` where the intended value is plain: the schema's own aliases
    (`x-aliases`: twitter is x), the same word in another case (Facebook, SMS), or a near
    spelling. Nothing for values that are not short words: they are not echoed further."""
    if not isinstance(value, str) or len(value) > 40:
        return ""
    aliases = schema.get("x-aliases", {}) if isinstance(schema, dict) else {}
    folded = value.strip().casefold()
    words = [c for c in choices if isinstance(c, str)]
    found = aliases.get(folded) or next((c for c in words if c.casefold() == folded), None)
    if found is None:
        close = difflib.get_close_matches(folded, words, n=1, cutoff=0.75)
        found = close[0] if close else None
    return f" (did you mean {found}?)" if found else ""


def describe(error: ValidationError) -> tuple[str, str | None]:
    """The message, and the offending key when the error is about a key rather than a value."""
    kind, value, got = error.validator, error.instance, short(error.instance)
    hint = _expected(error)
    if kind == "required":
        missing = str(error.message).split("'")[1]
        return f"missing required key {missing!r}", None
    if kind == "additionalProperties":
        schema = error.schema if isinstance(error.schema, dict) else {}
        allowed = sorted(schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed))  # type: ignore[arg-type]
        key = next((k for k in extra if not k.startswith("x-")), extra[0])
        close = difflib.get_close_matches(key, allowed, n=1)
        suggestion = f" (did you mean {close[0]!r}?)" if close else ""
        if key == "<<":  # what PyYAML and YAML 1.1 tools write for a merged anchor
            suggestion = (
                " (a YAML 1.1 merge key: smaudit reads YAML 1.2, which has none; write the "
                "fields out in each account)"
            )
        return (
            f"unknown key {quote_key(key)}{suggestion}; expected one of {', '.join(allowed)} "
            "or an 'x-' prefixed key",
            key,
        )
    if hint:
        return f"expected {hint}, got {got}", None
    if kind == "type":
        wanted: Any = error.validator_value
        words = [_TYPE_WORDS.get(t, t) for t in ([wanted] if isinstance(wanted, str) else wanted)]
        return f"expected {' or '.join(words)}, got {got}", None
    if kind == "enum":
        choices = list(error.validator_value)  # type: ignore[arg-type]
        options = ", ".join(short(v) for v in choices)
        hint = _enum_suggestion(value, choices, error.schema)
        return f"expected one of {options}; got {got}{hint}", None
    if kind == "const":
        return f"expected {short(error.validator_value)}, got {got}", None
    if kind in ("minLength", "minProperties"):
        return "expected a non-empty value", None
    if kind == "pattern":
        return f"expected a value matching {error.validator_value}, got {got}", None
    if kind in ("minimum", "maximum", "minItems", "maxItems", "uniqueItems"):
        return f"{error.message}", None
    return f"{error.message}", None
