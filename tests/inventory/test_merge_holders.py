"""A merge fills what each listed holder lacks (their role, their own MFA), matching holders by
person; holders the inventory does not list are one conflict that names no one."""

from __future__ import annotations

from typing import Any

import pytest

from smaudit.inventory.merge import IncomingAccount, merge
from smaudit.inventory.merge.holders import match_holder
from smaudit.inventory.normalize import parse_url
from smaudit.reading.files import load_bytes

ROSTER = {"jdoe": {"id": "jdoe", "name": "Jane Doe", "email": "Jane.Doe@example.gov"}}
JANE = {"name": "Jane Doe", "email": "jane.doe@example.gov"}


@pytest.mark.parametrize(
    ("kept", "offered", "found"),
    [
        ([{"person": "jdoe"}], {"person": "jdoe"}, 0),
        ([{"person": "jdoe"}], {"person": JANE}, 0),  # the roster entry's address
        ([{"person": {"email": "JANE.DOE@example.gov"}}], {"person": JANE}, 0),
        ([{"person": {"name": "Jane  Doe"}}], {"person": {"name": "jane doe"}}, 0),
        # two addresses that differ are two people, whatever the names say
        ([{"person": {"name": "Jane Doe", "email": "jd@x.gov"}}], {"person": JANE}, None),
        # a name alone does not match someone the other side gives an address for
        ([{"person": {"name": "Jane Doe"}}], {"person": JANE}, None),
        ([{"person": "asmith"}], {"person": JANE}, None),
        ([{"role": "admin"}], {"person": JANE}, None),
        ([{"person": "jdoe"}, {"person": JANE}], {"person": JANE}, 0),
    ],
)
def test_holders_are_matched_by_person(kept: list[Any], offered: Any, found: int | None) -> None:
    assert match_holder(kept, offered, ROSTER, set()) == found


def test_a_holder_already_matched_is_not_matched_twice() -> None:
    kept = [{"person": JANE}, {"person": {"email": "jane.doe@example.gov"}}]
    assert match_holder(kept, {"person": JANE}, ROSTER, {0}) == 1


INVENTORY = """\
smaudit: 1
agency:
  name: Department of Examples
people:
  - {id: jdoe, name: Jane Doe, email: jane.doe@example.gov}
accounts:
  - id: page
    platform: facebook
    url: https://www.facebook.com/ExampleGov
    credentials:
      type: delegated_roles
      holders:
        - person: jdoe  # since 2024
          role: editor
        - person:
            name: Sam Roe
"""


def _incoming(holders: list[dict[str, Any]]) -> IncomingAccount:
    parsed = parse_url("https://www.facebook.com/ExampleGov")
    assert parsed is not None
    fields = {
        "platform": "facebook",
        "credentials": {"type": "delegated_roles", "holders": holders},
    }
    return IncomingAccount(parsed.key, "facebook-examplegov", fields, "page 1")


def test_a_listed_holder_gets_the_mfa_it_lacks_and_keeps_its_role() -> None:
    offered = [
        {"person": JANE, "role": "admin", "mfa": {"enabled": False}},
        {"person": {"name": "Sam Roe"}, "role": "analyst"},
        {"person": {"name": "Pat Poe", "email": "pat.poe@example.gov"}, "role": "editor"},
    ]
    result = merge(INVENTORY, load_bytes(INVENTORY.encode(), "inv.yaml"), [_incoming(offered)])
    assert result.text == INVENTORY.replace(
        "          role: editor\n",
        "          role: editor\n          mfa:\n            enabled: false\n",
    ).replace("            name: Sam Roe\n", "            name: Sam Roe\n          role: analyst\n")
    assert [str(c) for c in result.conflicts] == [
        # Jane's role: the inventory's stands
        'page: credentials.holders[0].role: inventory keeps "editor"; source says "admin"',
        # Pat holds the Page and the inventory does not say so: named by no one
        'page: credentials.holders: inventory keeps "[2 items]"; source says "[1 items]"',
    ]


def test_a_holder_written_inline_is_a_conflict_and_the_rest_still_merges() -> None:
    inline = INVENTORY.replace(
        "        - person: jdoe  # since 2024\n          role: editor\n",
        "        - {person: jdoe, role: editor}  # since 2024\n",
    )
    offered = [
        {"person": JANE, "mfa": {"enabled": True}},
        {"person": {"name": "Sam Roe"}, "role": "analyst"},
    ]
    result = merge(inline, load_bytes(inline.encode(), "inv.yaml"), [_incoming(offered)])
    assert result.text == inline.replace(
        "            name: Sam Roe\n", "            name: Sam Roe\n          role: analyst\n"
    )
    assert [str(c) for c in result.conflicts] == [
        "page: credentials.holders[0].mfa.enabled: inventory keeps nothing (the holder is "
        "written inline: fill it in by hand); source says true"
    ]
