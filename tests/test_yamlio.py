"""The safe loader: YAML 1.2 scalars, locations, and the errors users see for broken files."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smaudit.errors import InputError
from smaudit.yamlio import Limits, load_bytes, read_composed, read_events
from tests.conftest import SAMPLES
from tests.strategies import mutated_sample


def load(text: str, limits: Limits | None = None):  # type: ignore[no-untyped-def]
    return load_bytes(text.encode(), "f.yaml", limits or Limits())


def test_yaml_12_scalars_yes_is_text_and_dates_stay_text() -> None:
    doc = load("a: yes\nb: 2026-01-01\nc: [1, 2.5, true, null, ~, '1']\nd: !!str 12\n")
    assert doc.data == {
        "a": "yes",
        "b": "2026-01-01",
        "c": [1, 2.5, True, None, None, "1"],
        "d": "12",
    }


def test_locations_are_one_based_for_values_and_keys() -> None:
    doc = load("top:\n  inner: [10, 20]\n")
    assert doc.where(("top", "inner", 1)) == (2, 15)
    assert doc.where(("top", "inner"), key=True) == (2, 3)
    assert doc.where(("top", "nothing", "here")) == (2, 3)  # nearest existing ancestor


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("a: 1\na: 2\n", 2, 1, "duplicate key 'a' (first defined at line 1)"),
        ("a: !!python/object:os.system 1\n", 1, 4, "is not allowed"),
        ("a: !custom 1\n", 1, 4, "is not allowed"),
        ("a: [\n", 2, 1, "invalid YAML"),
        ("--- 1\n--- 2\n", 2, 1, "expected one YAML document"),
        ("a:\n\tb: 1\n", 2, 1, "invalid YAML"),
        ("? [1, 2]\n: x\n", 1, 3, "mapping keys must be plain strings"),
    ],
)
def test_broken_yaml_is_one_located_error(text: str, line: int, column: int, words: str) -> None:
    with pytest.raises(InputError) as info:
        load(text)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (line, column)
    assert words in problem.message


def test_non_utf8_and_nul_bytes_are_located() -> None:
    with pytest.raises(InputError, match=r"f.yaml:2:4: file is not valid UTF-8"):
        load_bytes(b"a: 1\nb: \xff\n", "f.yaml")
    with pytest.raises(InputError, match="NUL byte"):
        load_bytes(b"a: 1\x00\n", "f.yaml")


def test_byte_order_mark_is_accepted() -> None:
    assert load_bytes(b"\xef\xbb\xbfa: 1\n", "f.yaml").data == {"a": 1}


def test_alias_expansion_and_depth_are_bounded() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(6)
    )
    with pytest.raises(InputError, match="alias bomb"):
        load(bomb, Limits(max_nodes=100_000))
    with pytest.raises(InputError, match="nesting deeper than 5"):
        load("a: " + "[" * 10 + "]" * 10 + "\n", Limits(max_depth=5))


def test_json_goes_through_the_same_loader_with_locations() -> None:
    doc = load('{"a": {"b": [1, true]}}')
    assert doc.data == {"a": {"b": [1, True]}}
    assert doc.where(("a", "b", 1)) == (1, 17)


def _outcome(reader: Any, text: str) -> Any:
    try:
        doc = reader(text, "f.yaml", Limits(max_nodes=200_000, max_depth=64))
    except InputError as exc:
        return [str(p) for p in exc.problems]
    return doc.data, doc.marks, doc.key_marks


def _same(text: str) -> None:
    assert _outcome(read_events, text) == _outcome(read_composed, text)


@pytest.mark.parametrize("name", ["agency.yaml", "compliant.yaml", "waivers.yaml"])
def test_event_reader_matches_the_composing_reader_on_the_samples(name: str) -> None:
    _same((SAMPLES / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "a: yes\nb: [1, 0x1F, 0o17, -2.5e3, .inf, -.Inf, ~, Null, TRUE, 'true']\n",
        "a: 1\na: 2\n",
        "a: !!python/object:os.system 1\n",
        "--- 1\n--- 2\n",
        "a: *nothing\n",
        "? [1, 2]\n: x\n",
        "~: 1\n",
        "1.5: x\n",
        "true: x\n1: y\n",
        "a: [\n",
        "a:\n\tb: 1\n",
        "x: " + "[" * 70 + "]" * 70 + "\n",
        "--- !!map\na: !!str 12\n",
        "a: !!seq [1]\nb: !!int x\n",
        "- a\n- {b: [c, {d: e}]}\n",
        "just text\n",
        "a: b: c\n",
        "%YAML 1.1\n---\na: 1\n",
    ],
)
def test_event_reader_matches_the_composing_reader_on_edge_cases(text: str) -> None:
    _same(text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{},'\" \n#!?|>*.0123456789tT~")), max_size=60))
def test_event_reader_matches_the_composing_reader_on_random_text(text: str) -> None:
    _same(text)


@settings(max_examples=150, deadline=None)
@given(mutated_sample(300, st.text(alphabet="ab:-[]{},'\" #!?|>*.09tT~%", max_size=20)))
def test_event_reader_matches_the_composing_reader_on_mutated_samples(text: str) -> None:
    _same(text)
