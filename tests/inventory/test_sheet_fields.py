"""The table of fields a spreadsheet column can fill: every one is an inventory field (or one
of the import's own), its kind comes from the schema, and --map names them by path."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from smaudit.inventory.fields import account_fields
from smaudit.inventory.importers.sheet_fields import FIELD_NAMES, parse_mapping, sheet_fields
from smaudit.inventory.importers.spreadsheet import import_spreadsheet
from smaudit.inventory.importers.tabular import column_name
from tests.conftest import ROOT

IMPORT_ONLY = {"agencies", "contacts"}


def test_every_field_is_a_field_of_the_inventory_schema() -> None:
    known = account_fields()
    for path in sheet_fields():
        assert path in IMPORT_ONLY or tuple(path.split(".")) in known, path


def test_kinds_and_values_come_from_the_schema() -> None:
    fields = sheet_fields()
    assert fields["mfa.enabled"].kind == "boolean"
    assert fields["mfa.methods"].kind == "choices"
    assert "totp" in fields["mfa.methods"].allowed
    assert fields["credentials.stored_in"].allowed == (
        "password_manager",
        "spreadsheet",
        "email",
        "document",
        "none",
    )
    assert fields["credentials.last_rotated"].kind == "date"
    assert fields["credentials.holders.removed_on"].kind == "date"
    assert fields["login.email"].kind == "email"
    assert fields["owner"].kind == "person"
    assert fields["credentials.holders"].kind == "people"


def test_people_and_addresses_are_private() -> None:
    fields = sheet_fields()
    for path in ("owner", "backup_owner", "login.email", "recovery.email", "credentials.holders"):
        assert fields[path].private, path
    assert not fields["mfa.methods"].private


def test_no_header_name_means_two_fields() -> None:
    seen: dict[str, str] = {}
    for path, spec in sheet_fields().items():
        for alias in spec.aliases:
            assert alias == column_name(alias), alias  # compared as header cells are
            assert seen.setdefault(alias, path) == path, alias


@pytest.mark.parametrize(
    "header",
    [
        "MFA",
        "2FA",
        "Two-factor",
        "MFA Enabled",
        "MFA Type/Method",
        "MFA Type",
        "Account Name",
        "Backup",
        "Backup Owner",
        "Password location",
        "Password stored",
        "Last password change",
        "Login email",
        "Recovery email/phone",
        "Recovery email",
    ],
)
def test_what_trackers_call_the_columns_is_known(header: str) -> None:
    assert any(column_name(header) in spec.aliases for spec in sheet_fields().values()), header


def test_trackers_headers_fill_their_fields(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Account Name,Service,MFA (Y/N),MFA Type/Method,Backup,Password stored,"
        "Last password change,Login email,Recovery email/phone\n"
        "ExampleGov,Twitter,Y,TOTP,john@example.gov,LastPass,2026-01-02,s@example.gov,"
        "r@example.gov\n",
        encoding="utf-8",
    )
    fields = import_spreadsheet(path).accounts[0].record.source.fields
    assert fields == {
        "backup_owner": {"email": "john@example.gov"},
        "login": {"email": "s@example.gov"},
        "mfa": {"enabled": True, "methods": ["totp"]},
        "recovery": {"email": "r@example.gov"},
        "credentials": {"stored_in": "password_manager", "last_rotated": "2026-01-02"},
    }


def test_map_takes_dotted_field_paths() -> None:
    mapping = parse_mapping(
        ["MFA Enabled=mfa.enabled", "Where=credentials.stored_in", "Old=registry_id", "X=ignore"]
    )
    assert mapping == {
        "mfa_enabled": "mfa.enabled",
        "where": "credentials.stored_in",
        "old": "registry.id",
        "x": "ignore",
    }
    assert "credentials.holders.person" in FIELD_NAMES


def test_docs_list_every_field_and_every_header_name() -> None:
    """docs/importing.md's table is written by hand: this keeps it the table's copy."""
    docs = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
    section = docs[docs.index("## From a spreadsheet") : docs.index("## From congress")]
    for path, spec in sheet_fields().items():
        assert f"`{path}`" in section, path
        for alias in spec.aliases:
            assert re.search(rf" {re.escape(alias)}[ ,;:|]", section), (path, alias)
