"""Errors worded for the person who wrote the inventory: the account by its id, list items
counted from 1, and the value they meant suggested where it is plain (reading/document.py's
describe, validation's enum suggestions, the roster's nearest entry)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.reading.document import describe_path

Write = Callable[..., Path]
PEOPLE = "people: [{id: rpatel, status: active, employment: federal, email: r@example.gov}]\n"


def _messages(write: Write, accounts: str) -> list[str]:
    path = write(PEOPLE + "accounts:\n" + accounts)
    with pytest.raises(InputError) as info:
        load_inventory([path])
    return [p.message for p in info.value.problems]


@pytest.mark.parametrize(
    ("account", "expected"),
    [
        ("{id: a1, platform: twitter}", 'account a1, platform: expected one of "facebook", "x"'),
        ("{id: a1, platform: twitter}", 'got "twitter" (did you mean x?)'),
        ("{id: a1, platform: Facebook}", 'got "Facebook" (did you mean facebook?)'),
        ("{id: a1, platform: instagarm}", "(did you mean instagram?)"),
        ("{id: a1, platform: x, status: Active}", "account a1, status: expected one of"),
        (
            "{id: a1, platform: x, mfa: {enabled: true, methods: [totp, SMS]}}",
            'account a1, mfa.methods item 2: expected one of "security_key", "passkey", "totp", '
            '"app_prompt", "sms", "voice", "email"; got "SMS" (did you mean sms?)',
        ),
        ("{platform: x}", "account 1: missing required key 'id'"),
        (
            "{id: a1, platform: x, credentials: {holders: [{person: rpatel}, {person: rpatel, "
            "role: admn}]}}",
            "account a1, credentials.holders item 2, role: expected one of",
        ),
    ],
)
def test_schema_errors_name_the_account_and_count_from_one(
    write: Write, account: str, expected: str
) -> None:
    messages = _messages(write, f"  - {account}\n")
    assert any(expected in m for m in messages), messages


def test_a_yaml_merge_key_is_named_for_what_it_is(write: Write) -> None:
    # PyYAML-written files and YAML 1.1 habits bring `<<: *defaults`; YAML 1.2 has no merge
    (message,) = [
        m
        for m in _messages(write, "  - {id: a1, platform: x, <<: {status: active}}\n")
        if "<<" in m
    ]
    assert "a YAML 1.1 merge key" in message and "did you mean" not in message


def test_nothing_is_suggested_for_a_value_that_is_nothing_like_a_choice(write: Write) -> None:
    (message,) = _messages(write, "  - {id: a1, platform: myspace}\n")
    assert "did you mean" not in message


def test_a_misspelt_person_points_at_the_entry_meant_without_naming_anyone(write: Write) -> None:
    (message,) = _messages(write, "  - {id: a1, platform: x, owner: rpatell}\n")
    assert message.startswith("account a1, owner: unknown person person-")
    assert message.endswith("inventory.yaml:5?)")  # the roster entry's line, after the header
    assert "rpatel" not in message  # ids are often usernames: no one is named


def test_an_id_unfit_to_show_is_replaced_by_the_accounts_number() -> None:
    data = {"accounts": [{"id": "ok-1"}, {"id": "\x1b[31mred"}, {}]}
    assert describe_path(data, ("accounts", 0, "mfa", "enabled")) == "account ok-1, mfa.enabled"
    assert describe_path(data, ("accounts", 1, "platform")) == "account 2, platform"
    assert describe_path(data, ("accounts", 2)) == "account 3"
    assert describe_path(data, ("people", 4, "email")) == "person 5, email"
    assert describe_path(data, ("agency", "email_domains", 0)) == "agency.email_domains item 1"
    assert describe_path(data, ()) == "(document)"
