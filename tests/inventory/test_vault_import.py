"""Each recorded vault export imports as tests/data/vault/cases.yaml says: the accounts, their
vault facts exactly, what was skipped and noted, the system and the export's date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from smaudit.inventory.importers.records import ImportResult
from smaudit.inventory.importers.vault import import_vault
from tests.inventory.vault_exports import VAULT, exports

CASES: dict[str, dict[str, Any]] = yaml.safe_load((VAULT / "cases.yaml").read_text("utf-8"))


def _imported(name: str, tmp_path: Path) -> ImportResult:
    members = CASES[name].get("members")
    return import_vault(exports(tmp_path)[name], members=VAULT / members if members else None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_matched_account_gets_exactly_the_vault_facts(name: str, tmp_path: Path) -> None:
    result = _imported(name, tmp_path)
    found = {
        f"{a.record.platform}:{a.record.key.ident}": dict(a.record.source.fields)
        for a in result.accounts
    }
    assert found == CASES[name]["accounts"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_result_names_the_system_and_the_exports_own_date(name: str, tmp_path: Path) -> None:
    result = _imported(name, tmp_path)
    case = CASES[name]
    assert (result.shape, result.system) == (case["shape"], case["system"])
    expected = case["exported_on"]
    assert result.exported_on == (dt.date.fromisoformat(expected) if expected else None)


@pytest.mark.parametrize("name", sorted(CASES))
def test_what_is_passed_over_is_counted_by_kind(name: str, tmp_path: Path) -> None:
    result = _imported(name, tmp_path)
    assert [r.kind for r in result.skipped] == CASES[name]["skipped"]
    assert [r.kind for r in result.notes] == CASES[name]["notes"]
    summary = next(r.message for r in result.notes if r.kind == "passed-over")
    assert summary.endswith(CASES[name]["passed_over"])


def test_two_spellings_of_one_account_in_two_items_are_noted_with_their_places(
    tmp_path: Path,
) -> None:
    result = _imported("bitwarden_org.json", tmp_path)
    (duplicate,) = result.skipped
    assert (duplicate.label, str(duplicate.location).rpartition(".json:")[2]) == ("item 2", "50:5")
    assert duplicate.message == (
        "duplicate of item 1: 'x.com/dcrnews' and 'https://twitter.com/DCRnews' are the same x "
        "account"
    )


def test_an_item_naming_two_accounts_gives_its_facts_to_each_and_says_so(tmp_path: Path) -> None:
    result = _imported("bitwarden_org.json", tmp_path)
    (several,) = [r for r in result.notes if r.kind == "several"]
    assert str(several).endswith(
        ":73:5: item 3: names 2 accounts (https://www.facebook.com/DCR.gov, "
        "https://www.instagram.com/dcr.gov): its vault facts are given to each"
    )


def test_1pux_items_are_placed_in_export_data_by_vault_and_item(tmp_path: Path) -> None:
    result = _imported("export.1pux", tmp_path)
    places = [(a.record.source.label, str(a.record.source.location)) for a in result.accounts]
    archive = str(tmp_path / "export.1pux")
    assert places == [
        ("vault 1 item 1", f"{archive}/export.data:22:13"),
        ("vault 1 item 2", f"{archive}/export.data:84:13"),
        ("vault 2 item 1", f"{archive}/export.data:148:13"),
    ]


def test_the_members_note_counts_who_is_left_out_without_naming_them(tmp_path: Path) -> None:
    result = _imported("op_item_get.json", tmp_path)
    (holders,) = [r for r in result.notes if r.kind == "holders"]
    assert holders.message == (
        f"the 2 members of {VAULT / 'op_vault_users.json'} who can reach the vault's items; "
        "2 left out (suspended, or not allowed to view items)"
    )
