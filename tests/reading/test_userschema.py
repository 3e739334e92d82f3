"""smaudit.userschema: a user's JSON Schema fetches nothing, runs no backtracking pattern, and
its patterns mean what jsonschema-rs says they mean."""

from __future__ import annotations

import time
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smaudit.reading.userschema import problems, safe_validator


@pytest.mark.parametrize(
    ("schema", "words"),
    [
        ({"$ref": "http://169.254.169.254/latest/meta-data/"}, "inside this schema"),
        ({"$ref": "file:///etc/passwd"}, "inside this schema"),
        ({"$ref": "other.json#/x"}, "inside this schema"),
        ({"$ref": "#/$defs/missing"}, "inside this schema"),
        ({"$dynamicRef": "https://x.example/s"}, "inside this schema"),
        ({"$id": "https://x.example/", "$ref": "#"}, "$id"),
        ({"pattern": "(?<=a)b"}, "linear time"),
        ({"pattern": "(a)\\1"}, "linear time"),
        ({"patternProperties": {"^a": {}}}, "patternProperties"),
        ({"type": 5}, "not a valid JSON Schema"),
        ({"items": [{"$ref": "https://x.example/"}]}, "inside this schema"),
    ],
)
def test_an_unsafe_schema_is_refused_with_its_place(schema: dict[str, Any], words: str) -> None:
    found = problems(schema)
    assert found and words in found[0][1]


def test_local_references_resolve_and_nothing_else_is_tried() -> None:
    schema = {"$defs": {"n": {"type": "integer"}}, "$ref": "#/$defs/n"}
    assert problems(schema) == []
    assert list(safe_validator(schema).iter_errors(3)) == []
    assert list(safe_validator(schema).iter_errors("x"))


def test_a_catastrophic_pattern_runs_in_linear_time() -> None:
    validator = safe_validator({"type": "string", "pattern": "^(a+)+$"})
    start = time.perf_counter()
    assert list(validator.iter_errors("a" * 50_000 + "!"))
    assert time.perf_counter() - start < 0.5


_PATTERNS = ["^[a-z0-9-]+$", "^acct-[0-9]+$", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "gov$", "^a"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_PATTERNS), st.text(alphabet="acgt-0@.v\n \t", max_size=12))
def test_the_two_validators_agree_on_every_pattern(pattern: str, value: str) -> None:
    schema = {"type": "string", "pattern": pattern}
    ours = not list(safe_validator(schema).iter_errors(value))
    assert ours == jsonschema_rs.validator_for(schema).is_valid(value)


def test_a_trailing_newline_does_not_satisfy_an_anchored_pattern() -> None:
    validator = safe_validator({"type": "string", "pattern": "^acct-[0-9]+$"})
    assert not list(validator.iter_errors("acct-0"))
    assert list(validator.iter_errors("acct-0\n"))
