"""The condition language, case by case: operators, quantifiers on empty lists, missing data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from smaudit.model import Status
from smaudit.rules import CompileError, compile_check

AS_OF = dt.date(2026, 11, 20)
PARAMS = {"max_admins": 2, "domains": ["example.gov"], "days": 90}
ACCOUNT: dict[str, Any] = {
    "platform": "x",
    "handle": "@DeptExample",
    "mfa": {"enabled": True, "methods": ["sms", "totp"]},
    "login": {"email": "social@hq.example.gov"},
    "credentials": {
        "password_length": 20,
        "last_rotated": dt.date(2026, 9, 1),
        "holders": [
            {"person": {"id": "a", "status": "active"}, "role": "admin", "removed_on": None},
            {
                "person": {"id": "b", "status": "separated"},
                "role": "admin",
                "removed_on": dt.date(2026, 8, 15),
            },
            {"person": {"id": "c", "status": "active"}, "role": "editor"},
        ],
    },
    "third_party_apps": [],
    "last_reviewed": dt.date(2026, 6, 1),
}


def run(check: dict[str, Any], account: dict[str, Any] | None = None) -> bool | None:
    account = ACCOUNT if account is None else account
    node = compile_check(check, PARAMS, AS_OF)
    fast = node.eval(account, account, (), None)
    traced = node.eval(account, account, (), [])
    assert fast == traced, "the traced and the fast path must agree"
    return fast


@pytest.mark.parametrize(
    ("check", "expected"),
    [
        ({"path": "mfa.enabled", "eq": True}, True),
        ({"path": "mfa.enabled", "eq": 1}, False),  # no coercion: true is not 1
        ({"path": "platform", "ne": "facebook"}, True),
        ({"path": "platform", "in": ["x", "threads"]}, True),
        ({"path": "platform", "not_in": ["x"]}, False),
        ({"path": "mfa.methods", "contains": "sms"}, True),
        ({"path": "mfa.methods", "contains_any": ["security_key", "passkey"]}, False),
        ({"path": "mfa.methods", "subset_of": ["sms", "totp", "voice"]}, True),
        ({"path": "login.email", "ends_with": [".gov", ".mil"]}, True),
        ({"path": "login.email", "email_domain_in": {"param": "domains"}}, True),  # subdomain
        ({"path": "login.email", "email_domain_in": ["ample.gov"]}, False),  # not a suffix match
        ({"path": "login.email", "email_domain_in": ["gov"]}, True),
        ({"path": "handle", "matches": "@?[A-Za-z]+"}, True),
        ({"path": "handle", "matches": "Dept"}, False),  # full match, not search
        ({"path": "credentials.password_length", "ge": 15}, True),
        ({"path": "credentials.password_length", "lt": 20}, False),
        ({"path": "credentials.last_rotated", "within_days": {"param": "days"}}, True),
        ({"path": "credentials.last_rotated", "older_than_days": 90}, False),
        ({"path": "last_reviewed", "older_than_days": 90}, True),
        ({"path": "credentials.last_rotated", "on_or_after": "2026-09-01"}, True),
        ({"path": "credentials.last_rotated", "after": "2026-09-01"}, False),
        ({"path": "credentials.last_rotated", "before": {"path": "last_reviewed"}}, False),
        ({"path": "credentials.password_length", "older_than_days": 3}, None),  # not a date
        ({"path": "recovery.email", "exists": False}, True),
        ({"path": "recovery.email", "eq": "x@example.gov"}, None),  # missing: not assessed
        ({"path": "credentials.holders", "exists": True}, True),
    ],
)
def test_operators(check: dict[str, Any], expected: bool | None) -> None:
    assert run(check) is expected


@pytest.mark.parametrize(
    ("kind", "items", "expected"),
    [
        ("all", [], True),
        ("any", [], False),
        ("none", [], True),
        ("all", [1, 2], True),
        ("any", [0, 2], True),
        ("none", [0, 2], False),
        ("all", [0, 2], False),
        ("any", [0, 0], False),
        ("none", [0, 0], True),
    ],
)
def test_quantifiers_and_their_documented_results_on_empty_lists(
    kind: str, items: list[int], expected: bool
) -> None:
    check = {kind: {"path": "values", "check": {"path": "@", "ge": 1}}}
    assert run(check, {"values": items}) is expected


def test_count_with_where_and_parameter_bounds() -> None:
    admins = {
        "count": {
            "path": "credentials.holders",
            "where": {
                "all_of": [{"path": "role", "eq": "admin"}, {"path": "removed_on", "exists": False}]
            },
            "le": {"param": "max_admins"},
        }
    }
    assert run(admins) is True
    assert run({"count": {"path": "credentials.holders", "ge": 3, "lt": 4}}) is True
    assert run({"count": {"path": "third_party_apps", "eq": 0}}) is True


def test_count_with_unknown_items_decides_only_when_bounds_allow() -> None:
    account = {"items": [{"v": 1}, {}, {"v": 1}]}
    # two sure matches, one unknown: "at least 2" holds either way; "exactly 2" cannot be known
    assert (
        run({"count": {"path": "items", "where": {"path": "v", "eq": 1}, "ge": 2}}, account) is True
    )
    assert (
        run({"count": {"path": "items", "where": {"path": "v", "eq": 1}, "eq": 2}}, account) is None
    )


def test_missing_list_is_not_assessed_unless_declared_empty() -> None:
    check: dict[str, Any] = {"all": {"path": "incidents", "check": {"path": "x", "exists": True}}}
    assert run(check) is None
    check["all"]["when_missing"] = "empty"
    assert run(check) is True


def test_date_order_against_every_holder_removal() -> None:
    check = {
        "all": {
            "path": "credentials.holders",
            "where": {"path": "removed_on", "exists": True},
            "check": {"path": "$.credentials.last_rotated", "on_or_after": {"path": "removed_on"}},
        }
    }
    assert run(check) is True
    late = {
        **ACCOUNT,
        "credentials": {**ACCOUNT["credentials"], "last_rotated": dt.date(2026, 8, 1)},
    }
    assert run(check, late) is False


def test_roster_fields_through_person_references() -> None:
    check = {
        "none": {
            "path": "credentials.holders",
            "where": {"path": "removed_on", "exists": False},
            "check": {"path": "person.status", "eq": "separated"},
        }
    }
    assert run(check) is True  # b is separated but was removed


@pytest.mark.parametrize(
    ("combinator", "parts", "expected"),
    [
        ("all_of", [False, None], False),  # a definite failure is reported despite gaps
        ("all_of", [True, None], None),
        ("all_of", [True, True], True),
        ("any_of", [True, None], True),
        ("any_of", [False, None], None),
        ("any_of", [False, False], False),
    ],
)
def test_three_valued_combinators(
    combinator: str, parts: list[bool | None], expected: bool | None
) -> None:
    leaves = [
        {"path": "mfa.enabled", "eq": True}
        if p
        else ({"path": "mfa.enabled", "eq": False} if p is False else {"path": "nope", "eq": 1})
        for p in parts
    ]
    assert run({combinator: leaves}) is expected
    assert run({"not": {combinator: leaves}}) is (None if expected is None else not expected)


def test_if_then_else() -> None:
    check = {
        "if": {"path": "mfa.enabled", "eq": True},
        "then": {"path": "credentials.password_length", "ge": 8},
        "else": {"path": "credentials.password_length", "ge": 64},
    }
    assert run(check) is True
    assert run(check, {**ACCOUNT, "mfa": {"enabled": False}}) is False
    assert run(check, {**ACCOUNT, "mfa": {}}) is None  # condition unknown, branches differ


def test_trace_records_paths_values_and_negated_expectations() -> None:
    node = compile_check(
        {
            "none": {
                "path": "credentials.holders",
                "check": {"path": "person.status", "eq": "separated"},
            }
        },
        PARAMS,
        AS_OF,
    )
    trace: list[Any] = []
    assert node.eval(ACCOUNT, ACCOUNT, (), trace) is False
    failing = [e for e in trace if e.outcome is Status.FAIL]
    assert [(e.path, e.value, e.expectation.render(lambda v, k: v)) for e in failing] == [
        (("credentials", "holders", 1, "person", "status"), "separated", 'not "separated"')
    ]


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ({"path": "a", "eq": 1, "ne": 2}, "exactly one operator"),
        ({"path": "a", "frobnicate": 1}, "exactly one operator"),
        ({"path": "a..b", "eq": 1}, "invalid path"),
        ({"path": "a", "ge": {"param": "nope"}}, "unknown parameter 'nope'"),
        ({"all_of": [{"path": "a", "eq": 1}], "any_of": []}, "only one of"),
        ({"path": "a", "matches": "("}, "matches:"),
        ({"path": "a", "within_days": {"path": "b"}}, "not a path"),
        ({"count": {"path": "a"}}, "count needs a bound"),
        ({"path": "a", "on_or_after": "yesterday"}, "expected a number or a date"),
    ],
)
def test_compile_errors_are_precise(check: dict[str, Any], words: str) -> None:
    with pytest.raises(CompileError, match=words.replace("(", r"\(")):
        compile_check(check, PARAMS, AS_OF)


def test_date_operand_shifted_by_a_parameter() -> None:
    holder = {"removed_on": dt.date(2026, 9, 3), "person": {"separated_on": dt.date(2026, 9, 1)}}
    check = {
        "path": "removed_on",
        "on_or_before": {"path": "person.separated_on", "plus_days": {"param": "grace"}},
    }
    node = compile_check(check, {"grace": 2}, AS_OF)
    assert node.eval(holder, holder, (), None) is True
    node = compile_check(check, {"grace": 1}, AS_OF)
    trace: list[Any] = []
    assert node.eval(holder, holder, (), trace) is False
    assert trace[0].expectation.render(lambda v, k: v) == (
        "on or before 2026-09-02 (person.separated_on + 1 days)"
    )


def test_facts_that_did_not_decide_the_result_are_not_decisive() -> None:
    # the url branch fails but the handle branch passes: the any_of holds, so the missing url
    # must not be the reason the whole check fails on last_reviewed
    check = {
        "all_of": [
            {"any_of": [{"path": "url", "exists": True}, {"path": "handle", "exists": True}]},
            {"path": "last_reviewed", "within_days": 30},
        ]
    }
    node = compile_check(check, PARAMS, AS_OF)
    trace: list[Any] = []
    assert node.eval(ACCOUNT, ACCOUNT, (), trace) is False
    decisive = [e.path for e in trace if e.decisive and e.outcome is Status.FAIL]
    assert decisive == [("last_reviewed",)]
    assert [e.path for e in trace if not e.decisive] == [("url",), ("handle",)]


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ({"path": "a", "within_days": 99999999999}, "outside the calendar"),
        ({"path": "a", "on_or_before": {"path": "b", "plus_days": 999999999}}, "at most 36500"),
        ({"count": {"path": "a", "ge": {"param": "domains"}}}, "must be a whole number"),
    ],
)
def test_out_of_range_numbers_are_compile_errors(check: dict[str, Any], words: str) -> None:
    with pytest.raises(CompileError, match=words):
        compile_check(check, PARAMS, AS_OF)


def test_a_date_shifted_outside_the_calendar_cannot_be_judged() -> None:
    record = {"a": dt.date(2026, 1, 1), "b": dt.date(9999, 12, 1)}
    node = compile_check({"path": "a", "on_or_before": {"path": "b", "plus_days": 365}}, {}, AS_OF)
    assert node.eval(record, record, (), None) is None
    assert node.eval(record, record, (), []) is None


# --- the shared notions: named conditions, and what a field's absence means -----------------

NAMED: dict[str, Any] = {
    "holds_access": {
        "description": "holds access on the run date",
        "condition": {
            "any_of": [
                {"path": "removed_on", "exists": False},
                {"path": "removed_on", "after": {"param": "as_of"}},
            ]
        },
    },
    "left": {"description": "has left", "condition": {"path": "status", "eq": "separated"}},
    "after": {
        "description": "on or after",
        "arguments": {"date": "a path"},
        "condition": {"path": {"arg": "date"}, "on_or_after": {"path": "$.since"}},
    },
    "loop": {"description": "uses itself", "condition": {"use": "loop"}},
}


def _absence(path: tuple[str, ...]) -> str | None:
    """As the inventory schema says: a review date is a record; `apps` is empty when absent."""
    return {"reviewed_on": "not-done", "apps": "none"}.get(path[-1]) if path else None


def named(check: dict[str, Any], account: dict[str, Any]) -> bool | None:
    node = compile_check(check, {**PARAMS, "as_of": AS_OF}, AS_OF, NAMED, _absence)
    trace: list[Any] = []
    fast, traced = node.eval(account, account, (), None), node.eval(account, account, (), trace)
    assert fast == traced
    return fast


def test_a_named_condition_is_read_on_the_current_item_or_at_a_path() -> None:
    holders = {"holders": [{"removed_on": dt.date(2027, 1, 1)}, {"removed_on": AS_OF}]}
    count = {"count": {"path": "holders", "where": {"use": "holds_access"}, "eq": 1}}
    assert named(count, holders) is True  # scheduled next year: holds; removed today: not
    owner = {"owner": {"status": "separated"}}
    assert named({"use": "left", "at": "owner"}, owner) is True
    assert named({"use": "left", "at": "owner"}, {}) is None  # no owner: nothing known


def test_named_condition_arguments_and_mistakes() -> None:
    record = {"since": dt.date(2026, 1, 1), "changed": dt.date(2026, 2, 1)}
    assert named({"use": "after", "with": {"date": "changed"}}, record) is True
    for check, words in (
        ({"use": "nope"}, "unknown named condition 'nope'"),
        ({"use": "loop"}, "uses itself"),
        ({"use": "after"}, "after takes date in `with`"),
        ({"use": "left", "where": {"path": "a", "eq": 1}}, "use takes only at and with"),
    ):
        with pytest.raises(CompileError, match=words):
            named(check, record)


def test_a_missing_record_of_a_required_action_fails_a_missing_fact_is_unknown() -> None:
    within = {"path": "reviewed_on", "within_days": 90}
    assert named(within, {}) is False  # no record of a review: it was not done
    assert named({"not": within}, {}) is True  # "not reviewed lately" holds
    assert named({"path": "enabled", "eq": True}, {}) is None  # a fact not stated: unknown
    # a list that is empty when absent: nothing in it to judge
    assert named({"all": {"path": "apps", "check": {"path": "ok", "eq": True}}}, {}) is True
    # an absent record cannot be "older than" anything: the control must ask the positive
    with pytest.raises(CompileError, match="within_days"):
        named({"path": "reviewed_on", "older_than_days": 90}, {})


def test_a_missing_record_read_as_the_operand_fails_too() -> None:
    check = {"path": "last", "on_or_after": {"path": "reviewed_on"}}
    assert named(check, {"last": AS_OF}) is False
    assert named({"path": "last", "on_or_after": {"path": "other"}}, {"last": AS_OF}) is None


def test_a_named_condition_cannot_hide_a_costly_nest() -> None:
    # quantifiers nest at most two deep, and an inner one walks the current item's own lists:
    # the rule is the compiler's, so a nest split across named conditions is refused too
    walk = {"all": {"path": "$.apps", "check": {"path": "ok", "eq": True}}}
    named_walk = {"walk": {"description": "walks the apps", "condition": walk}}
    outer = {"all": {"path": "holders", "check": {"use": "walk"}}}
    with pytest.raises(CompileError, match="current item's lists"):
        compile_check(outer, PARAMS, AS_OF, named_walk)
    deep = {"all": {"path": "a", "check": {"all": {"path": "b", "check": {"all": {"path": "c",
            "check": {"path": "x", "eq": 1}}}}}}}  # fmt: skip
    with pytest.raises(CompileError, match="at most 2 deep"):
        compile_check(deep, PARAMS, AS_OF)
    at_root = {"all": {"path": "holders", "check": {"use": "walk", "at": "$.x"}}}
    with pytest.raises(CompileError, match="current item's fields"):
        compile_check(at_root, PARAMS, AS_OF, named_walk)
