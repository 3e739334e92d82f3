"""`smaudit import people`: an HR export (CSV) and directory listings (Graph, Workspace) as the
inventory's roster, read leniently, with notes that name rows and columns, never people."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.inventory.importers.people import GoogleAccount, PeopleResult, PersonRecord
from smaudit.inventory.importers.people_import import import_people
from smaudit.inventory.importers.people_values import employment, lenient_date, status
from smaudit.inventory.roster_writer import render_people

DATA = Path(__file__).parent / "data"
TODAY = dt.date(2026, 12, 3)
AGENCY = "smaudit: 1\nagency: {name: Department of Examples, email_domains: [example.gov]}\n"

# (name cell, e-mail, status, separation, employment, training, rules of behavior): what an HR
# system's export looks like after a year of hand edits
HR_ROWS = [
    ("Doe, Jane", "Jane.Doe@example.gov", "Active ", "", "Employee", "3/1/2026", "2025-01-10"),
    (
        "John Smith",
        "john.smith@example.gov",
        "Terminated",
        "10/15/2026",
        "CTR",
        "1 Mar 2026",
        "N/A",
    ),
    ("Ann Lee", "ann.lee@example.gov", "A", "", "Intern", "March 1, 2026", "garbage"),
    ("Bob Ray", "bob.ray-at-example.gov", "Zombie", "", "Wizard", "-", ""),
    ("", "", "", "", "", "", ""),
    ("Jane Doe", "jane.doe@example.gov", "Active", "", "", "", ""),
    ("Jane Doe", "jane.doe@example.org", "Separated", "12/31/2030", "Federal", "", ""),
    ("Lee, Ann", "", "Inactive", "2026-02-01T17:00:00Z", "KTR", "01-Mar-2026", "4/5/26"),
    ("Zoë Ñúñez", "", "Current", "", "FTE", "2027-01-01", "TBD"),
]
HEADER = (
    "Employee Name,Work Email,Status,Termination Date,Employment Type,Training Date,"
    "ROB Signed,Employee ID"
)


@pytest.fixture
def hr_csv(tmp_path: Path) -> Path:
    """The HR export as Excel saves it: a byte-order mark, CRLF line ends, quoted commas."""
    lines = [HEADER]
    for number, row in enumerate(HR_ROWS, 1):
        lines.append(",".join(f'"{cell}"' if "," in cell else cell for cell in row) + f",{number}")
    path = tmp_path / "hr.csv"
    path.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def by_id(result: PeopleResult) -> dict[str, PersonRecord]:
    return {person.id or "": person for person in result.people}


def messages(result: PeopleResult) -> list[str]:
    return [str(remark) for remark in (*result.skipped, *result.notes)]


def test_hr_values_are_read_leniently(hr_csv: Path) -> None:
    people = by_id(import_people(hr_csv, today=TODAY))
    ids = ["jane.doe", "john.smith", "ann.lee", "bob.ray", "jane.doe-2", "ann.lee-2", "zoe.nunez"]
    assert list(people) == ids
    jane = people["jane.doe"]
    assert (jane.name, jane.email, jane.status, jane.employment) == (
        "Jane Doe",  # "Doe, Jane" turned round
        "Jane.Doe@example.gov",
        "active",
        "federal",
    )
    assert jane.training_completed_on == dt.date(2026, 3, 1)  # 3/1/2026: month first
    assert jane.rules_of_behavior_signed_on == dt.date(2025, 1, 10)
    john = people["john.smith"]
    assert (john.status, john.separated_on, john.employment) == (
        "separated",
        dt.date(2026, 10, 15),
        "contractor",
    )
    assert john.training_completed_on == dt.date(2026, 3, 1)
    assert john.rules_of_behavior_signed_on is None  # N/A: not recorded
    assert (people["ann.lee"].status, people["ann.lee"].employment) == ("active", "intern")
    later = people["jane.doe-2"]  # "Separated" on a day still to come: active until then
    assert (later.status, later.separated_on) == ("active", dt.date(2030, 12, 31))
    ann2 = people["ann.lee-2"]
    assert (ann2.name, ann2.status, ann2.employment) == ("Ann Lee", "separated", "contractor")
    assert ann2.separated_on == dt.date(2026, 2, 1)
    assert ann2.rules_of_behavior_signed_on == dt.date(2026, 4, 5)  # 4/5/26
    zoe = people["zoe.nunez"]
    assert (zoe.status, zoe.employment, zoe.training_completed_on) == ("active", "federal", None)
    bob = people["bob.ray"]
    assert (bob.email, bob.status, bob.employment) == (None, None, None)


def test_what_could_not_be_read_is_noted_by_row_and_column_never_by_person(hr_csv: Path) -> None:
    result = import_people(hr_csv, today=TODAY)
    assert [(s.label, s.kind) for s in result.skipped] == [
        ("row 6", "unusable"),
        ("row 7", "duplicate"),
    ]
    assert result.skipped[1].message == "same e-mail address as row 2"
    places = {(n.location.line, n.location.column): n.message for n in result.notes}
    assert places[(1, 1)].startswith("columns not imported: Employee ID")
    assert "column 'ROB Signed': the value is not a date" in places[(4, 7)]
    assert "column 'Work Email': the value is not an e-mail address" in places[(5, 2)]
    assert "column 'Status': the value is not a status" in places[(5, 3)]
    assert "column 'Employment Type': the value is not an employment type" in places[(5, 5)]
    assert "separation date is after today: written as active" in places[(8, 1)]
    assert "training_completed_on is after today" in places[(10, 1)]
    text = "\n".join(messages(result))
    for _name, address, *_rest in HR_ROWS:
        for identity in (*_name.replace(",", " ").split(), address.partition("@")[0]):
            assert not identity or identity not in text, identity
        assert "garbage" not in text and "Zombie" not in text  # values are not echoed either


def test_the_written_roster_reads_back_with_an_inventory(hr_csv: Path, tmp_path: Path) -> None:
    roster = tmp_path / "people.yaml"
    roster.write_text(render_people(import_people(hr_csv, today=TODAY), "smaudit import people"))
    text = roster.read_text()
    assert text.startswith("# yaml-language-server: $schema=")
    assert "7 people, 2 records skipped" in text
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(AGENCY + "accounts: []\n")
    loaded = load_inventory([inventory, roster], as_of=TODAY)
    assert loaded.people["john.smith"].status == "separated"
    assert loaded.people["jane.doe-2"].status == "active"
    assert loaded.people["ann.lee-2"].status == "separated"
    assert loaded.people["jane.doe"].email == "jane.doe@example.gov"


def test_map_names_columns_the_defaults_do_not_know(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("Login,Who,Mailbox,Kind\njdoe,Jane Doe,jane@example.gov,Contract\n")
    mapping = {"login": "id", "who": "name", "mailbox": "email", "kind": "employment"}
    (person,) = import_people(path, mapping, today=TODAY).people
    assert (person.id, person.name, person.email, person.employment) == (
        "jdoe",
        "Jane Doe",
        "jane@example.gov",
        "contractor",
    )


def test_first_and_last_name_columns_make_the_name(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("First Name,Last Name,Status\nJane,Doe,Active\n")
    (person,) = import_people(path, today=TODAY).people
    assert (person.id, person.name) == ("jane.doe", "Jane Doe")


def test_graph_users_listing(tmp_path: Path) -> None:
    result = import_people(DATA / "graph_users.json", today=TODAY)
    assert result.shape == "Microsoft Graph users"
    people = by_id(result)
    assert list(people) == ["avery.quinn", "blake.moreno", "casey.ibarra", "drew.partner.guest"]
    assert (people["avery.quinn"].status, people["avery.quinn"].employment) == ("active", "federal")
    blake = people["blake.moreno"]  # no mail: the sign-in name is an address
    assert (blake.email, blake.status, blake.employment) == (
        "blake.moreno@example.gov",
        "separated",
        "contractor",
    )
    assert blake.separated_on == dt.date(2026, 6, 30)
    casey = people["casey.ibarra"]
    assert (casey.status, casey.separated_on, casey.employment) == (
        "active",
        dt.date(2031, 1, 15),
        None,
    )
    assert people["drew.partner.guest"].email is None  # a guest's #EXT# name is no address
    assert [(s.label, s.kind) for s in result.skipped] == [("user 5", "duplicate")]
    notes = [n.message for n in result.notes]
    assert "employeeType: the value is not an employment type; left out" in notes
    assert any("more pages follow" in n for n in notes)
    assert "Astronaut" not in "\n".join(messages(result))


def test_workspace_users_listing() -> None:
    result = import_people(DATA / "workspace_users.json", today=TODAY)
    assert result.shape == "Google Workspace users"
    people = by_id(result)
    assert list(people) == ["riley.chen", "sam.okafor", "terry.ng", "riley.chen-2"]
    assert [people[p].status for p in people] == ["active", "separated", "separated", "active"]
    assert people["terry.ng"].name == "Terry Ng"  # no fullName: given and family names
    assert all(p.employment is None for p in result.people)
    assert any("does not say who is a federal employee" in n.message for n in result.notes)


def test_workspace_two_step_verification_and_recovery() -> None:
    """isEnrolledIn2Sv / isEnforcedIn2Sv / recoveryEmail / recoveryPhone as the Directory API
    gives them, messy cases included; the recovery address and number are never kept."""
    result = import_people(DATA / "workspace_users_2sv.json", today=TODAY)
    accounts = {pid: person.google_account for pid, person in by_id(result).items()}
    assert accounts == {
        "dana.ortiz": GoogleAccount(True, True, "gmail.com", True),
        "lee.park": GoogleAccount(False, True, None, False),  # "" is none set
        "morgan.wu": GoogleAccount(None, False, None, None),  # "TRUE" is no boolean
        "kai.reed": None,  # the listing says nothing: unknown, not "off"
        "jo.silva": GoogleAccount(True, False, "example.gov", None),
    }
    notes = [n.message for n in result.notes]
    assert "isEnrolledIn2Sv: the value is not true or false; left out" in notes
    assert "recoveryEmail: the value is not an e-mail address; left out" in notes
    assert any("more pages follow" in n for n in notes)
    roster = render_people(result, "smaudit import people")
    assert (
        "  - id: dana.ortiz\n"
        "    name: Dana Ortiz\n"
        "    email: dana.ortiz@example.gov\n"
        "    status: active\n"
        "    google_account:\n"
        "      mfa: {enabled: true, enforced: true}\n"
        "      recovery: {email_domain: gmail.com, phone: true}\n"
    ) in roster
    assert "      mfa: {enforced: false}\n" in roster
    told = roster + "\n".join(messages(result))
    for secret in ("dana.home", "7731", "2025550143", "not an address", "JO.SILVA"):
        assert secret not in told


def test_a_workspace_roster_loads_with_its_google_accounts(tmp_path: Path) -> None:
    result = import_people(DATA / "workspace_users_2sv.json", today=TODAY)
    roster = tmp_path / "people.yaml"
    roster.write_text(render_people(result, "smaudit import people"))
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(AGENCY + "accounts: []\n")
    people = load_inventory([inventory, roster], as_of=TODAY).people
    assert sorted(people) == ["dana.ortiz", "jo.silva", "kai.reed", "lee.park", "morgan.wu"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-01", dt.date(2026, 3, 1)),
        ("2026-03-01T23:30:00-05:00", dt.date(2026, 3, 2)),  # its UTC date
        ("3/1/2026", dt.date(2026, 3, 1)),
        ("03/01/26", dt.date(2026, 3, 1)),
        ("3-1-2026", dt.date(2026, 3, 1)),
        ("2026/03/01", dt.date(2026, 3, 1)),
        ("1 Mar 2026", dt.date(2026, 3, 1)),
        ("01-Mar-2026", dt.date(2026, 3, 1)),
        ("March 1, 2026", dt.date(2026, 3, 1)),
        ("Mar 1 2026", dt.date(2026, 3, 1)),
        ("3/1/2026 0:00", dt.date(2026, 3, 1)),
        ("3/1/2026 12:00 PM", dt.date(2026, 3, 1)),
        ("13/1/2026", None),
        ("2026-02-30", None),
        ("soon", None),
    ],
)
def test_dates(text: str, expected: dt.date | None) -> None:
    assert lenient_date(text) == expected


def test_words() -> None:
    assert [status(w) for w in ("Terminated", "Separated", "INACTIVE", "Active", "A", "x")] == [
        "separated",
        "separated",
        "separated",
        "active",
        "active",
        None,
    ]
    assert [employment(w) for w in ("Contractor", "CTR", "Full-Time", "intern", "x")] == [
        "contractor",
        "contractor",
        "federal",
        "intern",
        None,
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "the file is empty"),
        ("Name,Email\n,\n", "no people found"),
        ('{"value": [{"id": "1"}]}', "not a directory listing"),
        ('{"something": 1}', "not a directory listing"),
        ('{"value": [', "invalid JSON"),
    ],
)
def test_wrong_files_are_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "people.txt"
    path.write_text(content)
    with pytest.raises(InputError, match=message):
        import_people(path, today=TODAY)


def test_excel_s_windows_encoding_and_a_name_suffix(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_bytes(
        'Name;E-mail;Status\r\nZoë Ñúñez;;Active\r\n"Roe, Jr.";;T\r\n'.encode("cp1252")
    )
    zoe, roe = import_people(path, today=TODAY).people
    assert (zoe.id, zoe.name, zoe.status) == ("zoe.nunez", "Zoë Ñúñez", "active")
    assert (roe.id, roe.name, roe.status) == ("roe.jr", "Roe, Jr.", "separated")


@pytest.mark.parametrize(
    ("header", "cell", "message"),
    [
        ("Password", "hunter2", "column 'Password' looks like it holds passwords"),
        ("Notes", "AKIAIOSFODNN7EXAMPLE", "the cell holds what looks like an AWS Access Key"),
    ],
)
def test_an_hr_export_holding_a_secret_is_refused_without_repeating_it(
    tmp_path: Path, header: str, cell: str, message: str
) -> None:
    """An HR export is no place for a password: it is refused as a tracker would be."""
    path = tmp_path / "hr.csv"
    path.write_text(f"Name,Email,{header}\nJane Doe,jdoe@x.gov,{cell}\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        import_people(path)
    text = str(raised.value)
    assert message in text and cell not in text and "jdoe" not in text


def test_workspace_values_of_the_wrong_type_are_noted_never_guessed(tmp_path: Path) -> None:
    """A suspended flag written as text must not read as active; a recovery phone given as a
    number is noted without the number; a recovery domain past DNS's limits is not kept; a
    name with a direction control is written escaped, so the roster reads as it is."""
    users = [
        {"primaryEmail": "a.user@example.gov", "suspended": "true", "archived": False},
        {"primaryEmail": "b.user@example.gov", "name": "B User", "recoveryPhone": 2025550143},
        {"primaryEmail": "c.user@example.gov", "recoveryEmail": "c@" + "a" * 64 + ".com"},
        {"primaryEmail": "d.user@example.gov", "name": {"fullName": "Dee \u202egnp.exe"}},
    ]
    listing = tmp_path / "users.json"
    listing.write_text(json.dumps({"kind": "admin#directory#users", "users": users}))
    result = import_people(listing, today=TODAY)
    people = by_id(result)
    assert people["a.user"].status is None
    assert people["c.user"].google_account is None
    notes = [n.message for n in result.notes]
    assert "suspended: the value is not true or false; left out" in notes
    assert "name: the value is not an object of names; left out" in notes
    assert "recoveryPhone: the value is not a text; left out" in notes
    assert "recoveryEmail: the value is not an e-mail address; left out" in notes
    assert "2025550143" not in "\n".join(messages(result))
    roster = render_people(result, "smaudit import people")
    assert '    name: "Dee \\u202egnp.exe"\n' in roster
    path = tmp_path / "people.yaml"
    path.write_text(roster)
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(AGENCY + "accounts: []\n")
    assert load_inventory([inventory, path]).people["d.user"].name == "Dee \u202egnp.exe"
