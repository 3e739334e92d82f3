"""Who holds access, from a spreadsheet: one row per holder (rows of one account merged), or a
column listing them (`jdoe; Jane Doe <jane@x.gov> (admin)`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from smaudit.inventory import load_inventory
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.records import ImportResult
from smaudit.inventory.importers.spreadsheet import import_spreadsheet
from smaudit.inventory.writer import render


def imported(tmp_path: Path, text: str) -> tuple[ImportResult, dict[str, dict[str, Any]]]:
    path = tmp_path / "tracker.csv"
    path.write_text(text, encoding="utf-8")
    result = import_spreadsheet(path, naming=Naming(agency="Department of Examples"))
    out = tmp_path / "inventory.yaml"
    out.write_text(render(result, "smaudit import csv"), encoding="utf-8")
    return result, {a.id: dict(a.fields) for a in load_inventory([out]).accounts}


def test_one_row_per_holder_is_one_account_with_every_holder(tmp_path: Path) -> None:
    result, accounts = imported(
        tmp_path,
        "Platform,Handle,MFA,Holder,Role,Access granted\n"
        "X,ExampleGov,Yes,Jane Doe <jane.doe@example.gov>,Admin,1/15/2026\n"
        "X,@examplegov,Yes,John Roe <john.roe@example.gov>,Editor,\n"
        "X,ExampleGov,No,asmith,viewer,N/A\n"
        "Facebook,example.gov,Yes,,,\n",
    )
    assert list(accounts) == ["x-examplegov", "facebook-examplegov"]
    holders = accounts["x-examplegov"]["credentials"]["holders"]
    assert [(h["person"], h.get("role")) for h in holders] == [
        ({"name": "Jane Doe", "email": "jane.doe@example.gov"}, "admin"),
        ({"name": "John Roe", "email": "john.roe@example.gov"}, "editor"),
        ({"name": "asmith"}, "analyst"),
    ]
    assert str(holders[0]["granted_on"]) == "2026-01-15"
    assert accounts["x-examplegov"]["mfa"] == {"enabled": True}  # the first row's
    assert result.skipped == ()
    (differs,) = [n for n in result.notes if n.kind == "merged"]
    assert str(differs).endswith(
        "row 4: another holder of row 2's account; its mfa.enabled differs from row 2's, "
        "which was kept"
    )


def test_a_repeated_row_without_a_holder_is_still_a_duplicate(tmp_path: Path) -> None:
    result, accounts = imported(
        tmp_path,
        "Platform,Handle,Holder\nX,ExampleGov,jdoe\nX,ExampleGov,\n",
    )
    assert [s.kind for s in result.skipped] == ["duplicate"]
    assert len(accounts["x-examplegov"]["credentials"]["holders"]) == 1


def test_a_holders_column_lists_several(tmp_path: Path) -> None:
    _, accounts = imported(
        tmp_path,
        "url,Who has access\n"
        'https://x.com/a,"jdoe; Jane Doe <jane@example.gov> (admin) | Doe, John [Editor]"\n',
    )
    holders = accounts["x-a"]["credentials"]["holders"]
    assert holders == [
        {"person": {"name": "jdoe"}},
        {"person": {"name": "Jane Doe", "email": "jane@example.gov"}, "role": "admin"},
        {"person": {"name": "Doe, John"}, "role": "editor"},
    ]


def test_a_holder_role_without_a_holder_is_a_note(tmp_path: Path) -> None:
    result, accounts = imported(tmp_path, "url,Holder,Role\nhttps://x.com/a,,admin\n")
    assert "credentials" not in accounts["x-a"]
    (note,) = result.notes
    assert str(note).endswith(":2:3: row 2: role of a holder, but the row names no holder")


def test_a_holder_not_understood_is_not_repeated(tmp_path: Path) -> None:
    result, accounts = imported(tmp_path, "url,Holders\nhttps://x.com/a,jdoe; jane@nowhere\n")
    assert "credentials" not in accounts["x-a"]
    (note,) = result.notes
    assert "the value names someone who looks like an email address" in str(note)
    assert "nowhere" not in str(note)


def test_a_later_row_that_disagrees_on_status_is_noted(tmp_path: Path) -> None:
    result, accounts = imported(
        tmp_path,
        "url,Status,Office,Holder\n"
        "https://x.com/a,active,,jdoe\n"
        "https://x.com/a,dormant,Press,asmith\n",
    )
    assert accounts["x-a"]["status"] == "active"
    assert accounts["x-a"]["office"] == "Press"  # the first row left it blank
    (note,) = [n for n in result.notes if n.kind == "merged"]
    assert note.message.endswith("its status differs from row 2's, which was kept")


def test_an_owner_name_and_email_in_two_columns_are_one_owner(tmp_path: Path) -> None:
    _, accounts = imported(
        tmp_path,
        "url,Owner Name,Owner Email,Backup Email\n"
        "https://x.com/a,Jane Doe,jane.doe@example.gov,john.roe@example.gov\n",
    )
    assert accounts["x-a"]["owner"] == {"name": "Jane Doe", "email": "jane.doe@example.gov"}
    assert accounts["x-a"]["backup_owner"] == {"email": "john.roe@example.gov"}
