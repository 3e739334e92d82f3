"""The safe loader: YAML 1.2 scalars, locations, and the errors users see for broken files."""

from __future__ import annotations

import pytest

from smaudit.errors import InputError
from smaudit.yamlio import Limits, load_bytes


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
