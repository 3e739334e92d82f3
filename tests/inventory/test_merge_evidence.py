"""What a merge records of its source: the `sources` entry once, and in each account it writes
into an `evidence` entry naming exactly the fields it filled, never one the inventory kept."""

from __future__ import annotations

from typing import Any

import pytest

from smaudit.inventory.merge import IncomingAccount, MergeResult, merge
from smaudit.inventory.normalize import parse_url
from smaudit.reading.files import load_bytes
from tests.inventory.test_merge import HEAD, assert_only_inserted

VAULT = {"id": "bitwarden-2026-11-30", "system": "bitwarden", "recorded_on": "2026-11-30"}


def offered(url: str, **fields: Any) -> IncomingAccount:
    parsed = parse_url(url)
    assert parsed is not None
    return IncomingAccount(parsed.key, "x-new", {"platform": "x", "url": url, **fields})


def run(text: str, accounts: list[IncomingAccount], source: Any = VAULT) -> MergeResult:
    return merge(text, load_bytes(text.encode("utf-8"), "inv.yaml"), accounts, (), source)


def data(result: MergeResult) -> Any:
    return load_bytes(result.text.encode("utf-8"), "inv.yaml").data


ACCOUNT = "accounts:\n  - id: a\n    platform: x\n    url: https://x.com/a\n"
CREDENTIALS = {"credentials": {"stored_in": "password_manager", "last_rotated": "2026-11-01"}}


def test_an_account_filled_gets_evidence_for_the_fields_filled_only() -> None:
    text = HEAD + ACCOUNT + "    mfa:\n      enabled: true\n"
    result = run(text, [offered("https://x.com/a", mfa={"enabled": False}, **CREDENTIALS)])
    assert_only_inserted(text, result.text)
    account = data(result)["accounts"][0]
    # mfa.enabled is a conflict: the inventory keeps its value, and the vault is not its source;
    # platform and url it confirms (it says the same), so it vouches for them too
    assert account["evidence"] == [
        {
            "source": "bitwarden-2026-11-30",
            "fields": ["platform", "url", "credentials.stored_in", "credentials.last_rotated"],
        }
    ]
    assert data(result)["sources"] == [VAULT]
    assert len(result.conflicts) == 1


def test_an_added_account_names_the_source_for_every_field() -> None:
    text = HEAD + ACCOUNT
    result = run(text, [offered("https://x.com/b", **CREDENTIALS)])
    added = data(result)["accounts"][1]
    assert added["evidence"][0]["fields"] == [
        "platform",
        "url",
        "credentials.stored_in",
        "credentials.last_rotated",
    ]


def test_an_existing_evidence_list_and_sources_list_each_get_one_more_item() -> None:
    text = (
        HEAD
        + "sources:\n  - id: review\n    system: attestation\n    recorded_on: 2026-10-01\n"
        + ACCOUNT
        + "    evidence:\n      - source: review  # the owner checked it\n"
    )
    result = run(text, [offered("https://x.com/a", **CREDENTIALS)])
    assert_only_inserted(text, result.text)
    merged = data(result)
    assert [s["id"] for s in merged["sources"]] == ["review", "bitwarden-2026-11-30"]
    assert [e["source"] for e in merged["accounts"][0]["evidence"]] == [
        "review",
        "bitwarden-2026-11-30",
    ]


def test_the_same_import_merged_again_changes_nothing() -> None:
    text = HEAD + ACCOUNT
    once = run(text, [offered("https://x.com/a", **CREDENTIALS)])
    twice = run(once.text, [offered("https://x.com/a", **CREDENTIALS)])
    assert not twice.changed and twice.text == once.text


def test_another_export_of_the_same_id_is_kept_apart() -> None:
    text = HEAD + ACCOUNT
    once = run(text, [offered("https://x.com/a", **CREDENTIALS)])
    other = {**VAULT, "file": "second-export.json"}
    twice = run(once.text, [offered("https://x.com/a", mfa={"enabled": True})], other)
    ids = [s["id"] for s in data(twice)["sources"]]
    assert ids == ["bitwarden-2026-11-30", "bitwarden-2026-11-30-2"]
    assert data(twice)["accounts"][0]["evidence"][1]["source"] == "bitwarden-2026-11-30-2"


def test_a_newer_export_that_only_confirms_dates_the_facts_anew() -> None:
    """Review finding: a re-import that fills nothing used to record nothing, so the facts
    stayed dated by the old export and SM-AU-02 could never pass again."""
    text = HEAD + ACCOUNT
    once = run(text, [offered("https://x.com/a", **CREDENTIALS)])
    newer = {"id": "bitwarden-2027-02-01", "system": "bitwarden", "recorded_on": "2027-02-01"}
    again = run(once.text, [offered("https://x.com/a", **CREDENTIALS)], newer)
    assert again.changed and again.filled == 0 and again.evidenced == 1
    (_, second) = data(again)["accounts"][0]["evidence"]
    assert second == {
        "source": "bitwarden-2027-02-01",
        "fields": ["platform", "url", "credentials.stored_in", "credentials.last_rotated"],
    }


def test_values_the_source_does_not_share_are_not_claimed() -> None:
    text = HEAD + ACCOUNT + "    status: active\n"
    result = run(text, [offered("https://x.com/b")])
    assert data(result)["accounts"][0].get("evidence") is None


@pytest.mark.parametrize("source", [None])
def test_without_a_source_a_merge_records_nothing(source: Any) -> None:
    text = HEAD + ACCOUNT
    result = run(text, [offered("https://x.com/a", **CREDENTIALS)], source)
    assert "evidence" not in data(result)["accounts"][0]
    assert "sources" not in data(result)


def test_a_source_an_officer_dated_by_hand_is_kept_when_its_file_is_imported_again() -> None:
    """A spreadsheet says no date: the officer adds `recorded_on` to its entry; importing the
    same file again names that entry, not an undated copy of it."""
    sheet = {"id": "spreadsheet-tracker-csv", "system": "spreadsheet", "file": "tracker.csv"}
    once = run(HEAD + ACCOUNT, [offered("https://x.com/a", **CREDENTIALS)], sheet)
    dated = once.text.replace(
        "    file: tracker.csv\n", "    file: tracker.csv\n    recorded_on: 2026-11-02\n"
    )
    again = run(dated, [offered("https://x.com/a", status="active", **CREDENTIALS)], sheet)
    merged = data(again)
    assert [s["id"] for s in merged["sources"]] == ["spreadsheet-tracker-csv"]
    assert merged["accounts"][0]["evidence"][-1]["source"] == "spreadsheet-tracker-csv"
