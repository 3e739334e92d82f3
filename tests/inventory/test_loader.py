"""Inventory loading: merging files, people joined by id, and every error at file:line:column."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.safety.redact import pseudonym

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
        f'{path}:12:16: account a3, mfa.enabled: expected true or false, got "yes"'
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
        f"{path}:9:11: account a1, mfa.enabeld: unknown key 'enabeld' (did you mean 'enabled'?)"
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
        ":7:15: account a1, platform: expected one of" in m and '"myspace"' in m for m in found
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
        f"{path}:8:20: account a1, last_reviewed: not a real date: '2026-02-30'"
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
        f"{path}:10:42: account a1, credentials.holders item 2, person: unknown person "
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
    assert message == f"{path}:2:64: account a1, mfa.enabled: expected true or false, got 1"


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
          - {id: later, separated_on: 2027-03-31}
        accounts:
          - {id: a1, platform: x, owner: gone, backup_owner: leaving, reviewed_by: later}
        """)
    inventory = load_inventory([path], as_of=dt.date(2026, 11, 20))
    fields = inventory.accounts[0].fields
    assert fields["owner"]["status"] == "separated"  # the date has passed: status is stale
    assert fields["backup_owner"]["status"] == "active"  # a planned departure
    assert fields["reviewed_by"]["status"] == "active"  # the date says: not gone yet
    assert fields["owner"]["email"] == "gone.person@example.gov"
    late = write(
        "accounts:\n  - {id: a1, platform: x, last_reviewed: 2062-10-01,\n"
        "     credentials: {holders: [{person: {name: A}, removed_on: 2027-01-01}]}}\n",
        name="late.yaml",
    )
    with pytest.raises(InputError) as info:
        load_inventory([late], as_of=dt.date(2026, 11, 20))
    (problem,) = info.value.problems
    assert "account a1, last_reviewed: 2062-10-01 is after the run date 2026-11-20" in str(problem)


def test_an_empty_person_is_not_a_person(write: Write) -> None:
    path = write("accounts:\n  - {id: a1, platform: x, reviewed_by: {}}\n")
    assert problems([path]) == [f"{path}:6:40: account a1, reviewed_by: expected a non-empty value"]


def test_a_departure_still_to_come_is_recorded_as_active(write: Write) -> None:
    # "separated" with a later date says two things at once: the run cannot pick one
    path = write(
        "people:\n  - {id: p, status: separated, separated_on: 2027-01-31}\naccounts: []\n"
    )
    with pytest.raises(InputError) as info:
        load_inventory([path], as_of=dt.date(2026, 11, 20))
    (problem,) = info.value.problems
    assert str(problem) == (
        f"{path}:6:21: person 1, status: status is separated, but separated_on 2027-01-31 is "
        "after the run date 2026-11-20: record a departure that is still to come with status "
        "active (it takes effect on its date by itself)"
    )


def test_scheduled_dates_may_lie_ahead_and_events_may_not(write: Write) -> None:
    # the schema says which: x-date "scheduled" (in force from its date) or "event"
    path = write("""\
        people:
          - {id: p, status: active, separated_on: 2027-01-31, position_changed_on: 2026-12-15}
        accounts:
          - id: a1
            platform: x
            credentials:
              holders:
                - {person: p, granted_on: 2026-12-01, removed_on: 2027-01-31,
                   access_expires_on: 2027-06-30}
            risk_acceptances:
              - {capability: totp, granted_on: 2026-12-01, expires_on: 2027-12-01}
        """)
    load_inventory([path], as_of=dt.date(2026, 11, 20))
    for event in ("training_completed_on", "rules_of_behavior_signed_on"):
        late = write(f"people:\n  - {{id: p, {event}: 2026-12-01}}\naccounts: []\n", "late.yaml")
        with pytest.raises(InputError, match="cannot be dated in the future"):
            load_inventory([late], as_of=dt.date(2026, 11, 20))


def test_shared_facts_are_inherited_by_the_most_specific_level(write: Write) -> None:
    path = write("""\
          shared:
            incident_response: {plan_ref: IR-AGENCY, last_exercised: 2026-02-01}
            by_platform:
              facebook: {incident_response: {plan_ref: IR-FACEBOOK}}
            by_office:
              Public Affairs: {incident_response: {plan_ref: IR-OPA}}
        accounts:
          - {id: x1, platform: x}
          - {id: fb1, platform: facebook}
          - {id: fb2, platform: facebook, office: Public Affairs}
          - {id: fb3, platform: facebook, office: Public Affairs,
             incident_response: {plan_ref: IR-OWN}}
        """)
    inventory = load_inventory([path], as_of=dt.date(2026, 11, 20))
    plans = {a.id: a.fields["incident_response"]["plan_ref"] for a in inventory.accounts}
    assert plans == {"x1": "IR-AGENCY", "fb1": "IR-FACEBOOK", "fb2": "IR-OPA", "fb3": "IR-OWN"}
    x1, fb1, fb2, fb3 = inventory.accounts
    # blocks are taken whole: the agency's exercise date is not merged into Facebook's plan
    assert "last_exercised" not in fb1.fields["incident_response"]
    assert x1.fields["incident_response"]["last_exercised"] == dt.date(2026, 2, 1)
    assert (
        str(x1.source_of(("incident_response", "plan_ref"))) == f"stated for the agency at {path}:6"
    )
    assert (
        str(fb2.source_of(("incident_response",)))
        == f"stated for office Public Affairs at {path}:10"
    )
    assert fb3.source_of(("incident_response", "plan_ref")) is None  # its own
    line, _ = divmod(x1.place(("incident_response", "plan_ref")), 1 << 32)
    assert line == 6  # the place of an inherited fact is where it is stated
