"""Property-based tests: random and mutated input gives a report or a clean error, never a crash."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from smaudit.assessment.engine import Options, evaluate
from smaudit.catalogue.load import load_catalogue
from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.reading.files import load_bytes
from smaudit.reading.limits import Limits
from smaudit.rules import CompileError, compile_check
from smaudit.rules.fast import predicate
from smaudit.rules.operators import OPERATORS
from tests.conftest import CONTROLS
from tests.strategies import mutated_sample

CATALOGUE = load_catalogue(CONTROLS)
AS_OF = dt.date(2026, 11, 20)
FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(st.binary(max_size=2000))
def test_any_bytes_load_or_fail_cleanly(raw: bytes) -> None:
    try:
        load_bytes(raw, "fuzz.yaml", Limits(max_nodes=100_000))
    except InputError as exc:
        assert exc.problems and all(p.file == "fuzz.yaml" for p in exc.problems)


@FAST
@given(text=mutated_sample())
def test_mutated_inventories_give_a_report_or_located_errors(tmp_path: Path, text: str) -> None:
    path = tmp_path / "mutated.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        inventory = load_inventory([path])
    except InputError as exc:
        assert exc.problems and all(str(path) in str(p) for p in exc.problems)
        return
    controls = list(CATALOGUE.controls.values())
    params = {name: spec.default for name, spec in CATALOGUE.parameters.items()}
    params["allowed_email_domains"] = ["dcr.gov"]
    report = evaluate(inventory, controls, AS_OF, params, Options(include_passed=True))
    assert report.total == len(controls) * len(inventory.accounts)


PATHS = st.sampled_from(["a", "b", "a.b", "a.b.d", "list", "@", "$.a", "$.a.b", "when", "d"])
VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.text(max_size=5),
    st.lists(st.integers(0, 3), max_size=3),
    st.lists(st.sampled_from(["", "a", "0", "true"]), max_size=3),
    st.sampled_from(["2026-01-01", "x@example.gov", "a", "0", "true"]),
    st.fixed_dictionaries({"param": st.sampled_from(["n", "nope"])}),
    st.fixed_dictionaries({"path": PATHS}),
)


def conditions() -> st.SearchStrategy[Any]:
    leaf = st.builds(
        lambda p, o, v: {"path": p, o: v}, PATHS, st.sampled_from(list(OPERATORS)), VALUES
    )
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda c: {"all_of": c}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda c: {"any_of": c}, st.lists(inner, min_size=1, max_size=3)),
            st.builds(lambda c: {"not": c}, inner),
            st.builds(
                lambda k, p, c: {k: {"path": p, "check": c}},
                st.sampled_from(["all", "any", "none"]),
                PATHS,
                inner,
            ),
            st.builds(
                lambda k, p, w, c: {k: {"path": p, "where": w, "check": c}},
                st.sampled_from(["all", "any", "none"]),
                PATHS,
                inner,
                inner,
            ),
            st.builds(lambda p, w: {"count": {"path": p, "where": w, "ge": 1}}, PATHS, inner),
            st.builds(lambda i, t: {"if": i, "then": t}, inner, inner),
            st.builds(lambda i, t, e: {"if": i, "then": t, "else": e}, inner, inner, inner),
            st.builds(lambda n: {"use": n}, st.sampled_from(list(NAMED))),
            st.builds(lambda n, p: {"use": n, "at": p}, st.sampled_from(list(NAMED)), PATHS),
            st.builds(lambda p: {"use": "later_than", "with": {"field": p}}, PATHS),
        ),
        max_leaves=8,
    )


# named conditions, one with an argument, and what absence means for some fields: `b` records a
# required action (absent: not done), `list` is a list that is empty when absent
NAMED: dict[str, Any] = {
    "is_one": {"description": "is one", "condition": {"path": "a", "eq": 1}},
    "has_b": {
        "description": "has b",
        "condition": {"any_of": [{"path": "b", "exists": True}, {"use": "is_one"}]},
    },
    "later_than": {
        "description": "d on or after the field",
        "arguments": {"field": "a path"},
        "condition": {"path": "d", "on_or_after": {"path": {"arg": "field"}}},
    },
}


def _absence(path: tuple[str, ...]) -> str | None:
    return {"b": "not-done", "list": "none"}.get(path[-1]) if path else None


ITEMS = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.text(max_size=8),
        st.sampled_from(["a", "0", "true"]),
        st.dates(),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["a", "b", "list", "d"]), inner, max_size=3),
    ),
    max_leaves=10,
)


@FAST
@given(
    check=conditions(),
    record=st.dictionaries(st.sampled_from(["a", "b", "list", "d"]), ITEMS, max_size=4),
)
def test_condition_language_compiles_or_refuses_and_always_evaluates_alike(
    check: Any, record: dict[str, Any]
) -> None:
    try:
        node = compile_check(check, {"n": 2}, AS_OF, NAMED, _absence)
    except CompileError as exc:
        assert exc.message
        return
    fast = node.eval(record, record, (), None)
    traced = node.eval(record, record, (), [])
    assert fast in (True, False, None)
    assert fast == traced
    # the closures the engine runs for every account give the node tree's verdict
    assert predicate(node)(record, record) is fast
