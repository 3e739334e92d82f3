"""Lenient reading of a tracker's cells: what each free-form value becomes, or why it cannot."""

from __future__ import annotations

import pytest

from smaudit.inventory.importers import sheet_values as values
from smaudit.inventory.importers.sheet_fields import sheet_fields

METHODS = sheet_fields()["mfa.methods"].allowed
STORES = sheet_fields()["credentials.stored_in"].allowed


@pytest.mark.parametrize(
    "cell", ["", "N/A", "n/a", "NA", "-", "--", "?", "unknown", "TBD", " tbd "]
)
def test_not_recorded_leaves_the_field_absent(cell: str) -> None:
    assert values.not_recorded(cell)


@pytest.mark.parametrize("cell", ["No", "none", "✓", "0", "Yes"])
def test_an_answer_is_not_taken_for_not_recorded(cell: str) -> None:
    assert not values.not_recorded(cell)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        *[(c, True) for c in ["Yes", "Y", "y", "TRUE", "true", "x", "X", "enabled", "On", "✓"]],
        *[(c, True) for c in ["Yes (app)", "Enforced", "1"]],
        *[(c, False) for c in ["No", "N", "FALSE", "disabled", "off", "0", "None", "Not enabled"]],
    ],
)
def test_booleans(cell: str, expected: bool) -> None:
    assert values.boolean(cell) is expected


@pytest.mark.parametrize("cell", ["maybe", "sometimes", "Nope, not yet"])
def test_a_boolean_that_is_neither(cell: str) -> None:
    assert isinstance(values.boolean(cell), values.Unmapped)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Authenticator app", ["totp"]),
        ("TOTP", ["totp"]),
        ("Google Authenticator", ["totp"]),
        ("SMS", ["sms"]),
        ("text message", ["sms"]),
        ("Security key", ["security_key"]),
        ("YubiKey", ["security_key"]),
        ("FIDO2", ["security_key"]),
        ("passkey", ["passkey"]),
        ("Phone call", ["voice"]),
        ("email code", ["email"]),
        ("SMS / Authenticator app", ["sms", "totp"]),
        ("YubiKey + TOTP; SMS", ["security_key", "totp", "sms"]),
        ("security_key", ["security_key"]),
    ],
)
def test_mfa_methods(cell: str, expected: list[str]) -> None:
    assert values.choices(cell, METHODS) == (expected, [])


def test_an_mfa_method_not_understood_is_returned_for_the_note() -> None:
    assert values.choices("carrier pigeon", METHODS) == ([], ["carrier pigeon"])
    assert values.choices("SMS, carrier pigeon", METHODS) == (["sms"], ["carrier pigeon"])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        *[(c, "password_manager") for c in ["1Password", "Bitwarden", "LastPass", "Keeper"]],
        *[(c, "password_manager") for c in ["vault", "Agency vault", "password manager"]],
        *[(c, "spreadsheet") for c in ["Excel", "shared sheet", "Excel on SharePoint"]],
        ("email", "email"),
        ("Word document", "document"),
        ("none", "none"),
    ],
)
def test_where_a_password_is_kept(cell: str, expected: str) -> None:
    assert values.choice(cell, STORES, "a place") == expected


def test_a_place_not_understood() -> None:
    found = values.choice("under the keyboard", STORES, "a place to keep a password")
    assert isinstance(found, values.Unmapped)
    assert found.expected.startswith("is not a place to keep a password (expected one of")


@pytest.mark.parametrize(
    "cell",
    [
        "2026-03-01",
        "2026/3/1",
        "3/1/2026",
        "03/01/2026",
        "3/1/26",
        "3-1-2026",
        "3/1/2026 0:00",
        "2026-03-01 00:00:00",
        "1 Mar 2026",
        "1-Mar-26",
        "01-Mar-2026",
        "1st March 2026",
        "March 1, 2026",
        "Mar 1, 2026",
        "Mar. 1 2026",
    ],
)
def test_dates_in_the_formats_trackers_write(cell: str) -> None:
    assert values.date(cell) == "2026-03-01"


@pytest.mark.parametrize(
    "cell", ["13/1/2026", "2/30/2026", "Marchish 2026", "last spring", "46082"]
)
def test_a_date_that_is_not_one(cell: str) -> None:
    """Month first, as US federal trackers write: 13/1/2026 is no date, not 13 January."""
    found = values.date(cell)
    assert isinstance(found, values.Unmapped)
    assert "month first" in found.expected


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Jane Doe <jane.doe@example.gov>", {"name": "Jane Doe", "email": "jane.doe@example.gov"}),
        ("Jane Doe (jane.doe@example.gov)", {"name": "Jane Doe", "email": "jane.doe@example.gov"}),
        ("jane.doe@example.gov", {"email": "jane.doe@example.gov"}),
        ("Doe, Jane", {"name": "Doe, Jane"}),
        ("jdoe", {"name": "jdoe"}),
    ],
)
def test_people(cell: str, expected: dict[str, str]) -> None:
    assert values.person(cell) == expected


def test_a_list_of_holders() -> None:
    cell = "jdoe; Jane Doe <jane@x.gov> (admin) | Doe, John [editor]\nasmith"
    assert values.people(cell) == [
        ("jdoe", None),
        ("Jane Doe <jane@x.gov>", "admin"),
        ("Doe, John", "editor"),
        ("asmith", None),
    ]
    assert values.people("a@x.gov, b@x.gov") == [("a@x.gov", None), ("b@x.gov", None)]


# A cell that says not, planned or was, or names two values, is not read: the first synonym
# found would have made each of these the most favourable value (a new user's trial found it:
# SM-IA-02 and SM-IA-08 passed SMS-only accounts and passwords kept in Excel).
HEDGED_PLACES = [
    "Not in vault",
    "Excel - not in 1Password",
    "Shared drive (Word doc), not Keeper",
    "No vault - email",
    "Excel; moving to vault next year",
    "spreadsheet (moving to 1Password)",
    "not in a vault",
    "Not in password manager",
    "was in LastPass",
    "Excel and 1Password",
]


@pytest.mark.parametrize("cell", HEDGED_PLACES)
def test_a_place_that_says_not_planned_or_two_places_is_not_read(cell: str) -> None:
    assert isinstance(values.choice(cell, STORES, "a place"), values.Unmapped)


@pytest.mark.parametrize(
    "cell",
    [
        "SMS (no authenticator app yet)",
        "Security key not set up",
        "Code sent to the Facebook app by text",
        "authenticator app planned",
        "Push notification (Duo app) pending",
        "previously SMS",
    ],
)
def test_a_method_that_says_not_planned_or_two_methods_is_not_read(cell: str) -> None:
    assert values.choices(cell, METHODS) == ([], [cell])


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Push notification (Duo app)", "app_prompt"),  # the specific word, not "app"
        ("1Password vault", "password_manager"),
        ("Word doc", "document"),
        ("Not stored", "none"),  # "not" is part of the value's own words
    ],
)
def test_a_specific_word_decides_over_a_general_one(cell: str, expected: str) -> None:
    allowed = METHODS if expected == "app_prompt" else STORES
    assert values.choice(cell, allowed, "a value") == expected


@pytest.mark.parametrize("cell", ["Yes - planned", "Yes, pending", "Y (not yet)", "yes next FY"])
def test_a_yes_for_later_is_not_a_yes(cell: str) -> None:
    assert isinstance(values.boolean(cell), values.Unmapped)


@pytest.mark.parametrize("cell", ["No - planned for 2027", "No (requested)"])
def test_a_no_for_now_is_a_no(cell: str) -> None:
    assert values.boolean(cell) is False
