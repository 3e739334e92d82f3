"""Inventory loading: merging files, people joined by id, and every error at file:line:column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.redact import pseudonym

Write = Callable[..., Path]


def problems(paths: list[Path]) -> list[str]:
    with pytest.raises(InputError) as info:
        load_inventory(paths)
    return [str(p) for p in info.value.problems]


def test_people_are_joined_by_id_and_dates_parsed(write: Write) -> None:
    path = write("""\
        people:
          - {id: jdoe, name: Jane Doe, employment: federal, status: separated,
             separated_on: 2026-09-30}
        accounts:
          - id: a1
            platform: x
            owner: jdoe
            credentials:
              last_rotated: 2026-08-01T23:30:00-05:00
              holders: [{person: jdoe, removed_on: null}]
        """)
    inventory = load_inventory([path])
    account = inventory.accounts[0]
    assert account.fields["owner"]["status"] == "separated"
    assert account.fields["credentials"]["holders"][0]["person"]["id"] == "jdoe"
    # a zoned date-time counts on its UTC date
    assert account.fields["credentials"]["last_rotated"] == dt.date(2026, 8, 2)
    assert account.location.line == 9
    assert inventory.people["jdoe"].separated_on == dt.date(2026, 9, 30)


def test_wrong_type_names_path_expectation_and_place(write: Write) -> None:
    path = write("""\
        accounts:
          - {id: a0, platform: x}
          - {id: a1, platform: x}
          - {id: a2, platform: x}
          - id: a3
            platform: x
            mfa:
              enabled: "yes"
        """)
    assert problems([path]) == [
        f'{path}:12:16: accounts[3].mfa.enabled: expected true or false, got "yes"'
    ]


def test_unknown_key_is_an_error_with_a_suggestion_and_x_keys_are_free(write: Write) -> None:
    path = write("""\
        accounts:
          - id: a1
            platform: x
            x-team: comms
            mfa: {enabeld: true}
        """)
    (message,) = problems([path])
    assert message.startswith(
        f"{path}:9:11: accounts[0].mfa.enabeld: unknown key 'enabeld' (did you mean 'enabled'?)"
    )


def test_enum_and_date_errors(write: Write) -> None:
    path = write("""\
        accounts:
          - id: a1
            platform: myspace
            last_reviewed: 2026-13-40
        """)
    found = problems([path])
    assert any(
        ":7:15: accounts[0].platform: expected one of" in m and '"myspace"' in m for m in found
    )
    path = write(
        """\
        accounts:
          - id: a1
            platform: x
            last_reviewed: 2026-02-30
        """,
        name="second.yaml",
    )
    assert problems([path]) == [
        f"{path}:8:20: accounts[0].last_reviewed: not a real date: '2026-02-30'"
    ]


def test_dangling_person_reference_is_located(write: Write) -> None:
    path = write("""\
        people: [{id: jdoe}]
        accounts:
          - id: a1
            platform: x
            credentials:
              holders: [{person: jdoe}, {person: ghost}]
        """)
    (message,) = problems([path])
    assert message.startswith(
        f"{path}:10:42: accounts[0].credentials.holders[1].person: unknown person "
        f"{pseudonym('ghost')} (not in people)"
    )


def test_folder_merges_files_and_duplicate_ids_name_both_places(write: Write) -> None:
    first = write("accounts: [{id: a1, platform: x}]\n", name="team/a.yaml")
    write("accounts:\n  - {id: a2, platform: facebook}\n", name="team/b.yaml", header=False)
    (first.parent / "b.yaml").write_text("smaudit: 1\naccounts:\n  - {id: a2, platform: x}\n")
    inventory = load_inventory([first.parent])
    assert [a.id for a in inventory.accounts] == ["a1", "a2"]
    assert inventory.accounts[1].location.file.endswith("b.yaml")
    (first.parent / "c.yaml").write_text("smaudit: 1\naccounts:\n  - {id: a1, platform: x}\n")
    (message,) = problems([first.parent])
    assert message == (
        f"{first.parent / 'c.yaml'}:3:5: duplicate account id 'a1' (first defined at {first}:5:12)"
    )


def test_json_inventory_is_accepted_with_locations(tmp_path: Path) -> None:
    path = tmp_path / "inv.json"
    path.write_text(
        '{"smaudit": 1, "agency": {"name": "D"},\n'
        ' "accounts": [{"id": "a1", "platform": "x", "mfa": {"enabled": 1}}]}'
    )
    (message,) = problems([path])
    assert message == f"{path}:2:64: accounts[0].mfa.enabled: expected true or false, got 1"


def test_missing_agency_and_files(tmp_path: Path) -> None:
    path = tmp_path / "inv.yaml"
    path.write_text("smaudit: 1\naccounts: []\n")
    assert problems([path]) == [
        f"{path}:1:1: missing required key 'agency' (in at least one inventory file)"
    ]
    assert problems([tmp_path / "nope.yaml"]) == [
        f"{tmp_path / 'nope.yaml'}: no such file or folder"
    ]


def test_wrong_format_version(write: Write) -> None:
    path = write("smaudit: 2\nagency: {name: D}\n", header=False)
    assert problems([path]) == [f"{path}:1:10: smaudit: expected 1, got 2"]


def test_read_as_of_the_run_date(write: Write) -> None:
    path = write("""\
        people:
          - {id: gone, status: active, separated_on: 2026-03-01, email: Gone.Person@Example.gov}
          - {id: leaving, status: active, separated_on: 2027-01-31}
        accounts:
          - {id: a1, platform: x, owner: gone, backup_owner: leaving}
        """)
    inventory = load_inventory([path], as_of=dt.date(2026, 11, 20))
    fields = inventory.accounts[0].fields
    assert fields["owner"]["status"] == "separated"  # the date has passed: status is stale
    assert fields["backup_owner"]["status"] == "active"  # a planned departure
    assert fields["owner"]["email"] == "gone.person@example.gov"
    late = write(
        "accounts:\n  - {id: a1, platform: x, last_reviewed: 2062-10-01,\n"
        "     credentials: {holders: [{person: {name: A}, removed_on: 2027-01-01}]}}\n",
        name="late.yaml",
    )
    with pytest.raises(InputError) as info:
        load_inventory([late], as_of=dt.date(2026, 11, 20))
    (problem,) = info.value.problems
    assert "accounts[0].last_reviewed: 2062-10-01 is after the run date 2026-11-20" in str(problem)


def test_an_empty_person_is_not_a_person(write: Write) -> None:
    path = write("accounts:\n  - {id: a1, platform: x, reviewed_by: {}}\n")
    assert problems([path]) == [f"{path}:6:40: accounts[0].reviewed_by: expected a non-empty value"]
