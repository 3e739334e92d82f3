"""`--people ROSTER`: an account import's owners, backup owners and holders named by roster id."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.people_join import join_people, load_roster, roster_of
from smaudit.inventory.importers.registry import import_registry
from smaudit.inventory.importers.spreadsheet import import_spreadsheet
from smaudit.inventory.writer import render

DATA = Path(__file__).parent / "data"
PEOPLE = [
    {"id": "jdoe", "name": "Jane Doe", "email": "Jane.Doe@example.gov"},
    {"id": "asmith", "name": "Alex Smith", "email": "alex.smith@example.gov"},
    {"id": "lee1", "name": "Sam Lee"},
    {"id": "lee2", "name": "sam  LEE"},
]
ROSTER = roster_of("people.yaml", PEOPLE)


@pytest.mark.parametrize(
    ("person", "expected"),
    [
        ({"email": "jane.doe@EXAMPLE.gov"}, "jdoe"),  # any case
        ({"name": "  alex   SMITH "}, "asmith"),  # any case and spacing
        ({"name": "Jane Doe", "email": "other@example.gov"}, "jdoe"),  # the address, else the name
        ({"name": "asmith"}, "asmith"),  # a sheet's owner column holding an id
        ("jane.doe@example.gov", "jdoe"),
        ("jdoe", "jdoe"),
        ({"name": "Sam Lee"}, None),  # two people share the name: no guess
        ({"email": "nobody@example.gov"}, None),
        ({"name": "Nobody"}, None),
        (42, None),
    ],
)
def test_people_are_found_by_email_name_or_id(person: object, expected: str | None) -> None:
    assert ROSTER.find(person) == expected


def test_owners_found_are_ids_and_the_others_are_counted(tmp_path: Path) -> None:
    sheet = tmp_path / "accounts.csv"
    sheet.write_text(
        "platform,handle,owner,backup_owner\n"
        "x,ExampleGov,jane.doe@example.gov,Alex Smith\n"
        "youtube,ExampleVideos,Sam Lee,nobody@example.gov\n"
        "facebook,ExamplePage,Nobody Known,\n"
    )
    result = join_people(import_spreadsheet(sheet, naming=Naming("Examples")), ROSTER)
    owners = [
        (a.record.source.fields.get("owner"), a.record.source.fields.get("backup_owner"))
        for a in result.accounts
    ]
    assert owners == [
        ("jdoe", "asmith"),
        ({"name": "Sam Lee"}, {"email": "nobody@example.gov"}),
        ({"name": "Nobody Known"}, None),
    ]
    (note,) = result.notes
    assert note.message.startswith(
        "2 owners and 1 backup owner are not in the roster people.yaml: written inline"
    )
    assert "Nobody" not in note.message and "nobody" not in note.message
    text = render(result, "smaudit import csv")
    assert "    owner: jdoe\n    backup_owner: asmith\n" in text
    assert "# people: in people.yaml;" in text


def test_holders_are_joined_too() -> None:
    sheet = import_spreadsheet(DATA / "spreadsheet.csv")
    account = sheet.accounts[0]
    holders = [{"person": {"email": "alex.smith@example.gov"}, "role": "admin"}, {"person": "x"}]
    source = dataclasses.replace(
        account.record.source, fields={"credentials": {"holders": holders}}
    )
    record = dataclasses.replace(account.record, source=source)
    result = dataclasses.replace(
        sheet, accounts=(dataclasses.replace(account, record=record),), notes=()
    )
    joined = join_people(result, ROSTER)
    fields = joined.accounts[0].record.source.fields
    assert fields["credentials"]["holders"] == [
        {"person": "asmith", "role": "admin"},
        {"person": "x"},
    ]
    assert joined.notes[0].message.startswith("1 holder is not in the roster")


def test_registry_contacts_in_the_roster_are_shown_by_id() -> None:
    result = join_people(import_registry(DATA / "registry_export.csv"), ROSTER)
    contacts = [a.record.source.contacts for a in result.accounts if a.record.source.contacts]
    assert contacts[0] == ("jdoe", "old.person@example.gov")
    assert all("owner" not in a.record.source.fields for a in result.accounts)  # never made owner
    assert "# registry contacts: jdoe, old.person@example.gov" in render(result, "import")


def test_a_roster_is_a_people_file_or_an_inventory_with_people(tmp_path: Path) -> None:
    people = tmp_path / "people.yaml"
    people.write_text("smaudit: 1\npeople:\n  - {id: jdoe, email: jane.doe@example.gov}\n")
    assert load_roster(people).by_email == {"jane.doe@example.gov": "jdoe"}
    empty = tmp_path / "inventory.yaml"
    empty.write_text("smaudit: 1\nagency: {name: X}\naccounts: []\n")
    with pytest.raises(InputError, match="no people in this file"):
        load_roster(empty)
    twice = tmp_path / "twice.yaml"
    twice.write_text("smaudit: 1\npeople:\n  - {id: jdoe}\n  - {id: jdoe}\n")
    with pytest.raises(InputError, match="duplicate person id"):
        load_roster(twice)
    bad = tmp_path / "bad.yaml"
    bad.write_text("smaudit: 1\npeople:\n  - {id: jdoe, status: gone}\n")
    with pytest.raises(InputError, match=r"bad\.yaml:3"):
        load_roster(bad)
