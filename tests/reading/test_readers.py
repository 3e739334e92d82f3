"""The safe loader: YAML 1.2 scalars, locations, and the errors users see for broken files."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.nodes import ScalarNode

from smaudit.errors import InputError
from smaudit.reading.composed import read_composed
from smaudit.reading.events import read_events
from smaudit.reading.files import load_bytes
from smaudit.reading.limits import DEEPEST, Limits, too_deep
from smaudit.reading.parser import yaml_errors
from smaudit.reading.scalars import IMPLICIT, Resolver, plain_tag
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


def _outcome(reader: Any, text: str, limits: Limits | None = None) -> Any:
    try:
        doc = reader(text, "f.yaml", limits or Limits(max_nodes=200_000, max_depth=64))
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


def test_reading_plain_scalars_without_resolve_is_exact() -> None:
    # plain_tag and IMPLICIT stand in for resolve: that holds while Resolver has no
    # wildcard or path resolvers, which resolve would also consult.
    assert None not in Resolver.yaml_implicit_resolvers
    assert not Resolver.yaml_path_resolvers
    assert IMPLICIT is Resolver.yaml_implicit_resolvers


@settings(max_examples=500, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("-+.0123456789eExobaf_ :tTrRuUlLsSnN~I")), max_size=12)
    | st.sampled_from(["", "~", "true", "FALSE", "Null", ".inf", "-.Inf", ".NaN", "0x1F", "0o17"])
)
def test_plain_tag_is_what_resolve_says(value: str) -> None:
    resolved = Resolver().resolve(ScalarNode, value, (True, False))  # type: ignore[no-untyped-call]
    assert plain_tag(value) == resolved


@pytest.mark.parametrize(
    ("text", "limits", "where", "words"),
    [
        ("a: x\nb: y\nc: [d, e]\n", Limits(max_nodes=2), (2, 4), "more than 2 values"),
        ("a: x\nb: y\nc: [d, e]\n", Limits(max_nodes=4), (3, 5), "more than 4 values"),
        ("a: ab\nb: [abc]\n", Limits(max_scalar_length=2), (2, 5), "longer than 2 characters"),
        ("- [ab, abc]\n", Limits(max_scalar_length=2), (1, 8), "longer than 2 characters"),
        ("a: x\n", Limits(max_depth=0), (1, 4), "nesting deeper than 0 levels"),
        ("a: [x]\n", Limits(max_depth=1), (1, 5), "nesting deeper than 1 levels"),
        ("- [x]\n", Limits(max_depth=1), (1, 4), "nesting deeper than 1 levels"),
        ("null: 1\n", Limits(), (1, 1), "mapping keys must be plain strings"),
        ("a: 1\n1.5: 2\n", Limits(), (2, 1), "mapping keys must be plain strings"),
    ],
)
def test_limits_and_keys_hold_for_plain_values_in_collections(
    text: str, limits: Limits, where: tuple[int, int], words: str
) -> None:
    with pytest.raises(InputError) as info:
        read_events(text, "f.yaml", limits)
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == where
    assert words in problem.message


def test_repeated_plain_scalars_read_the_same_each_time() -> None:
    doc = load("a: [true, true, 1, 1, 1.5, 1.5, .nan, .nan, tier, tier, 2026-01-01, null, Null]\n")
    items = doc.data["a"]
    assert items[:6] == [True, True, 1, 1, 1.5, 1.5]
    assert [type(item) for item in items[:6]] == [bool, bool, int, int, float, float]
    assert math.isnan(items[6]) and math.isnan(items[7]) and items[6] is not items[7]
    assert items[8:] == ["tier", "tier", "2026-01-01", None, None]
    assert doc.where(("a", 11)) == (1, 69)
    keys = load("tier: 1\ntrue: 2\n7: 3\n")
    assert keys.data == {"tier": 1, "true": 2, "7": 3}
    assert keys.key_marks == {("tier",): (1, 1), ("true",): (2, 1), ("7",): (3, 1)}


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet=st.sampled_from(list("ab:-[]{},'\" \n#!?|>*.0123456789tT~")), max_size=60),
    st.integers(0, 4),
    st.integers(0, 3),
)
def test_event_reader_matches_the_composing_reader_under_tight_limits(
    text: str, depth: int, length: int
) -> None:
    limits = Limits(max_nodes=200_000, max_depth=depth, max_scalar_length=length)
    assert _outcome(read_events, text, limits) == _outcome(read_composed, text, limits)


@pytest.mark.parametrize("depth", [DEEPEST + 1, 999, 1000, 3000])
@pytest.mark.parametrize("max_depth", [64, DEEPEST, 10_000])
def test_nesting_past_any_limit_is_one_located_error_in_both_readers(
    depth: int, max_depth: int
) -> None:
    # Past DEEPEST every reader has a limit of its own (Python's recursion near 330 levels;
    # the libyaml of PyYAML 6.0.3 and later at 1,000): each must say what ours says, located.
    deep = "[" * depth + "]" * depth
    limits = Limits(max_depth=max_depth)
    expected = too_deep(limits)
    assert expected.startswith(f"nesting deeper than {min(max_depth, DEEPEST)} levels")
    outcomes = set()
    for reader, text in ((read_events, f"x: {deep}\n"), (read_composed, f"x: {deep}\n")):
        with pytest.raises(InputError) as raised:
            reader(text, "f.yaml", limits)
        [problem] = raised.value.problems
        assert problem.message == expected
        assert problem.line == 1 and problem.column > 3
        outcomes.add((problem.line, problem.column))
    assert len(outcomes) == 1  # the same place too, whichever reader ran
    with pytest.raises(InputError, match=re.escape(expected)):  # and an anchor changes nothing
        load(f"a: &anchor 1\nx: {deep}\n", limits)


def test_libyamls_own_depth_refusal_is_worded_as_ours() -> None:
    # Whichever PyYAML is installed: the mapping holds even where libyaml never refuses
    mark = yaml.Mark("f.yaml", 0, 4, 1002, None, None)
    error = yaml.parser.ParserError(None, None, "exceeded maximum nesting depth", mark)
    with pytest.raises(InputError) as raised, yaml_errors("", "f.yaml", Limits(max_depth=9)):
        raise error
    assert str(raised.value) == "f.yaml:5:1003: nesting deeper than 9 levels; raise --max-depth"
