"""What each inventory field means to an assessment, read from the inventory schema: whether its
absence means "unknown" or "not done", and whether a date records an event or a schedule.

The schema is the single source of truth (`x-absent` and `x-date` beside each field); this
module only indexes it, so the loader and the condition language apply one rule per kind of fact.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from smaudit.schemas import load_schema

FieldPath = tuple[str, ...]
"""Field names from the account (or from the agency for `agency.*`), list items left out:
("credentials", "holders", "person", "training_completed_on")."""

SCHEDULED = "scheduled"
_PERSON_REF = "#/$defs/person_ref"
_SOURCE_REF = "#/$defs/source_ref"


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """A property's schema with `$ref`s followed. Accounts read a person reference as the
    roster entry it names (the loader swaps one for the other), so it resolves to `person`; a
    source reference, likewise, to the `source` it names."""
    while "$ref" in node:
        ref = node["$ref"]
        name = {_PERSON_REF: "person", _SOURCE_REF: "source"}.get(ref, ref.rsplit("/", 1)[-1])
        node = schema["$defs"][name]
    return node


def _walk(
    schema: Mapping[str, Any], node: Mapping[str, Any], path: FieldPath, depth: int = 0
) -> Iterator[tuple[FieldPath, Mapping[str, Any]]]:
    node = _resolve(schema, node)
    if node.get("type") == "array" and "items" in node:
        yield from _walk(schema, node["items"], path, depth)
        return
    if depth > 8:  # the schema nests no deeper; a guard against a reference loop
        return
    for key, sub in node.get("properties", {}).items():
        yield (*path, key), sub
        yield from _walk(schema, sub, (*path, key), depth + 1)


@cache
def account_fields() -> Mapping[FieldPath, Mapping[str, Any]]:
    """Every field an account can hold (with the roster fields of the people it names), by
    path from the account, as the schema declares it (x-absent, x-date, description...)."""
    schema = load_schema("inventory")
    return dict(_walk(schema, schema["$defs"]["account"], ()))


@cache
def roster_fields() -> Mapping[FieldPath, Mapping[str, Any]]:
    """Every field a roster entry can hold, by path from the person."""
    schema = load_schema("inventory")
    return dict(_walk(schema, schema["$defs"]["person"], ()))


def absence(path: FieldPath) -> str | None:
    """What a missing value at `path` means (the schema's `x-absent`): "not-done" for a record
    of a required action (the action was not done: a failure), "unknown" for a fact the agency
    has not stated, "none" for a list with no items; None for a field the schema does not know
    (one smaudit derives, such as platform_capabilities)."""
    spec = account_fields().get(path)
    return None if spec is None else spec.get("x-absent")


@cache
def date_keys() -> tuple[frozenset[str], frozenset[str]]:
    """(every date field's key, the keys of those that are scheduled), over the whole schema.
    The loader reads dates by key, so a key is scheduled everywhere or nowhere (a test checks)."""
    schema = load_schema("inventory")
    everything = [
        *_walk(schema, schema, ()),
        *_walk(schema, schema["$defs"]["account"], ()),
        *_walk(schema, schema["$defs"]["person"], ()),
    ]
    dates = {path[-1]: spec for path, spec in everything if "x-date" in spec}
    scheduled = {key for key, spec in dates.items() if spec["x-date"] == SCHEDULED}
    return frozenset(dates), frozenset(scheduled)


@cache
def dimension_values(key: str) -> tuple[str, ...]:
    """The values an account's scope field (status, tier, account_type) can take."""
    spec = _resolve(load_schema("inventory"), account_fields()[(key,)])
    return tuple(spec.get("enum", ()))
