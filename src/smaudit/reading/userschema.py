"""JSON Schemas that users write (a control folder's `parameters.yaml`), made safe to apply.

jsonschema follows a `$ref` wherever it points: to a URL (a cloud metadata endpoint, say), which
it fetches, or to a file. And it runs `pattern` on Python's `re`, which backtracks: `^(a+)+$`
against 31 characters takes minutes. So a user's schema is checked when it is loaded, with the
place of each problem: it must be a valid schema, every reference must point inside itself,
every pattern must be one RE2 runs (linear time), and keywords that would run Python's `re`
anyway (`patternProperties`) are refused. It is then applied by a validator whose `pattern` is
RE2's, searched in the text as JSON Schema says, and whose references resolve only within the
schema: nothing is ever fetched or read.

The same RE2 `pattern` serves the shipped schemas' wording validator, so it agrees with
jsonschema-rs (Rust's regex): `$` is the end of the text, not "before a final newline" as in
Python's `re`, so `acct-0\\n` does not pass for `acct-0`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import re2  # type: ignore[import-untyped]
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import SchemaError, ValidationError
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource

SchemaPath = tuple[str | int, ...]

_OPTIONS = re2.Options()
_OPTIONS.log_errors = False
# keywords that make jsonschema run a regular expression of its own on Python's re
_REFUSED = {"patternProperties": "patternProperties is not supported here (it runs unbounded)"}
_REFERENCES = ("$ref", "$dynamicRef")


@cache
def compiled(pattern: str) -> Any:
    """The pattern compiled by RE2 (cached: a schema is applied to many values)."""
    return re2.compile(pattern, _OPTIONS)


def _pattern(
    validator: Any, pattern: str, instance: Any, _schema: Mapping[str, Any]
) -> Iterator[ValidationError]:
    if validator.is_type(instance, "string") and not compiled(pattern).search(instance):
        # the value is not quoted: the wording validator's callers say what they may show
        yield ValidationError(f"does not match {pattern!r}")


def _refuse_retrieval(uri: str) -> Resource[Any]:
    raise NoSuchResource(uri)  # nothing outside the schema is fetched or read


SafeValidator = validators.extend(  # type: ignore[no-untyped-call]
    Draft202012Validator, {"pattern": _pattern}
)


def safe_validator(schema: Mapping[str, Any]) -> Any:
    """A validator for `schema` (already checked by `problems`, or shipped)."""
    return SafeValidator(dict(schema), registry=Registry(retrieve=_refuse_retrieval))  # type: ignore[call-arg]


def problems(schema: Any) -> list[tuple[SchemaPath, str]]:
    """Why `schema` cannot be used, each with its path inside the schema; [] when it can."""
    if not isinstance(schema, Mapping):
        return [((), "expected a JSON Schema (a mapping)")]
    found = list(_walk(schema, schema, ()))
    if found:
        return found
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as exc:
        return [(tuple(exc.absolute_path), f"not a valid JSON Schema: {exc.message}")]
    return []


def _walk(node: Any, root: Mapping[str, Any], at: SchemaPath) -> Iterator[tuple[SchemaPath, str]]:
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, root, (*at, index))
        return
    if not isinstance(node, Mapping):
        return
    for key, value in node.items():
        here = (*at, key)
        if key in _REFUSED:
            yield here, _REFUSED[key]
        elif key in _REFERENCES:
            if not _resolves(value, root):
                yield here, "a reference must point inside this schema (#/...), to a part it has"
        elif key == "$id":
            yield here, "$id is not supported here (references resolve within this schema only)"
        elif key == "pattern" and isinstance(value, str):
            try:
                compiled(value)
            except re2.error as exc:
                yield here, f"not a pattern RE2 can run in linear time: {exc}"
        elif key not in ("const", "enum", "default", "examples"):
            yield from _walk(value, root, here)


def _resolves(reference: Any, root: Mapping[str, Any]) -> bool:
    """Whether `reference` is a JSON pointer into `root` that reaches something."""
    if not isinstance(reference, str) or not reference.startswith("#"):
        return False
    node: Any = root
    for token in reference[1:].split("/")[1:] if reference != "#" else []:
        token = token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return reference == "#" or reference.startswith("#/")
