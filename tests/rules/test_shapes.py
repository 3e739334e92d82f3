"""rules/shapes.py against the traced evaluation it stands in for: whatever the check and
whichever records came before, the trace it gives is the one `Node.eval` records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from smaudit.rules import CompileError, Trace, compile_check
from smaudit.rules.shapes import value_key
from smaudit.rules.templates import Traces
from tests.test_fuzz import NAMED, _absence, conditions

AS_OF = dt.date(2026, 11, 20)
KEYS = st.sampled_from(["a", "b", "list", "d"])
# few values, so that records often read alike; among them values equal but read differently
SCALARS = st.sampled_from(
    [None, True, False, 0, 1, 1.0, 0.0, -0.0, "a", "0", "true", "", dt.date(2026, 1, 1)]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)),
    max_leaves=6,
)
FIELDS = st.dictionaries(st.sampled_from(["a", "b", "d"]), SCALARS, max_size=3)
RECORD = st.fixed_dictionaries(
    {},
    optional={
        "a": st.one_of(SCALARS, FIELDS, VALUES),
        "b": SCALARS,
        "d": SCALARS,
        "list": st.lists(st.one_of(FIELDS, FIELDS, SCALARS), max_size=3),
    },
)


@st.composite
def records(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A record and variants of it, each with one value changed: records that read alike but
    for one value, where a key that overlooks a value would share a trace it should not."""
    base = draw(RECORD)
    made = [base]
    for _ in range(draw(st.integers(1, 6))):
        variant = {**base, "list": list(base.get("list", []))}
        items = variant["list"]
        if items and draw(st.booleans()):
            k = draw(st.integers(0, len(items) - 1))
            element = items[k]
            items[k] = {**element, **draw(FIELDS)} if isinstance(element, dict) else draw(FIELDS)
        else:
            variant[draw(KEYS)] = draw(st.one_of(SCALARS, FIELDS))
        made.append(variant)
    return made


def _strict(trace: Trace) -> list[tuple[Any, ...]]:
    """A trace as its words and values read: 1, 1.0 and True apart, -0.0 apart from 0.0."""

    def shown(value: Any) -> Any:
        return (type(value), repr(value))

    return [
        (
            e.path,
            e.key,
            shown(e.value),
            e.expectation.render(lambda value, _key: shown(value)),
            shown(e.expectation.operand),
            e.outcome,
            e.decisive,
        )
        for e in trace
    ]


@settings(max_examples=300, deadline=None)
@given(check=conditions(), alike=records())
def test_a_shared_trace_is_the_one_the_record_would_give(
    check: Any, alike: list[dict[str, Any]]
) -> None:
    try:
        node = compile_check(check, {"n": 2}, AS_OF, NAMED, _absence)
    except CompileError:
        return
    traces = Traces(node)
    for record in alike + alike:  # the second time round, shapes are known
        reference: Trace = []
        node.eval(record, record, (), reference)
        assert _strict(traces.trace(record)) == _strict(reference)


def test_values_that_are_equal_but_read_differently_have_different_keys() -> None:
    keys = [value_key(v) for v in (1, 1.0, True, "1", 0.0, -0.0, dt.date(2026, 1, 1))]
    assert len(set(keys)) == len(keys)


def test_what_selects_an_item_is_part_of_its_shape() -> None:
    """Two records alike but for the field a `where` reads, which the check itself does not."""
    for kind in ("all", "any", "none"):
        check = {
            kind: {
                "path": "list",
                "where": {"path": "a", "eq": 1},
                "check": {"path": "b", "eq": True},
            }
        }
        node = compile_check(check, {}, AS_OF, {}, _absence)
        traces = Traces(node)
        alike = [{"list": [{"a": a, "b": False}]} for a in (1, 2, 1, 2)]
        for record in alike:
            reference: Trace = []
            node.eval(record, record, (), reference)
            assert _strict(traces.trace(record)) == _strict(reference)


def test_an_operand_read_from_the_record_is_filled_in_shifted_or_not() -> None:
    """A date compared with another field of the same item, shifted by some days, and one read
    from the account: each finding names its own operand, and an operand shifted outside the
    calendar reads as missing, not as an earlier record's operand (`b` records an action: its
    absence fails, so a late date and one outside the calendar fail alike)."""
    day = dt.date(2026, 1, 1)
    checks = [
        {
            "all": {
                "path": "list",
                "check": {"path": "a", "on_or_before": {"path": f, "plus_days": 3}},
            }
        }
        for f in ("d", "b")
    ]
    checks.append({"any": {"path": "list", "check": {"path": "$.d", "on_or_after": {"path": "a"}}}})
    items = [{"a": day + dt.timedelta(days=k), "d": day, "b": day} for k in range(0, 12, 3)]
    items += [{"a": day}, {"a": day, "d": dt.date.max, "b": dt.date.max}, {"a": day}]
    for check in checks:
        node = compile_check(check, {}, AS_OF, {}, _absence)
        traces = Traces(node)
        alike = [{"list": [item], "d": item.get("d", day)} for item in items]
        for record in alike + alike:
            reference: Trace = []
            node.eval(record, record, (), reference)
            assert _strict(traces.trace(record)) == _strict(reference)
        assert traces.reused, "the shapes recur: templates are filled"
