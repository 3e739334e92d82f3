"""`smaudit import vault` through click's CliRunner: each shape to standard output, to -o, merged
into an inventory, and malformed; no secret and no one an item's title names is ever shown."""

from __future__ import annotations

import logging
import shutil
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from smaudit.cli.importing import import_group
from smaudit.inventory import load_inventory
from tests.inventory.vault_exports import (
    MEMBERS,
    PEOPLE_NEVER_SHOWN,
    VAULT,
    control_character_in_a_secret,
    cut_in_a_secret,
    exports,
    onepux,
    secrets,
)

SHAPES = ("bitwarden_org.json", "bw_list_items.json", "op_item_get.json", "op_item_list.json")
ALL = (*SHAPES, "export.1pux")
# a secret of each JSON file for a malformed copy to break inside
BROKEN_IN = {
    "bitwarden_org.json": "v7#Qm!2pL9x$Wz4r&Kd",
    "bw_list_items.json": "L1nked!n-DCR-Page#2026",
    "op_item_get.json": "iG-9vK!q2Lm#Rt7w-DCR",
    "op_item_list.json": "insta@dcr.example.gov",
}


def _leaks(result: Result, *files: Path) -> list[str]:
    """The secrets and people shown in the run's output, in `files`, or in its exception."""
    shown = result.stdout + result.stderr
    shown += "".join(f.read_text("utf-8") for f in files if f.exists())
    if result.exception is not None:
        shown += "".join(traceback.format_exception(result.exception))
    return [s for s in (*secrets(), *PEOPLE_NEVER_SHOWN) if s in shown]


def _args(name: str, path: Path) -> list[str]:
    return ["vault", str(path), *([str(MEMBERS)] if name == "op_item_get.json" else [])]


@pytest.fixture(autouse=True)
def _every_log_record(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)


@pytest.mark.parametrize("name", ALL)
def test_to_standard_output_no_secret_is_shown(
    name: str, runner: CliRunner, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    result = runner.invoke(import_group, _args(name, exports(tmp_path)[name]))
    assert result.exit_code == 0, result.output
    assert "  - id: " in result.stdout and "stored_in: password_manager" in result.stdout
    assert _leaks(result) == []
    assert [s for s in secrets() if s in caplog.text] == []


@pytest.mark.parametrize("name", ALL)
def test_to_a_file_no_secret_is_written(name: str, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "inventory.yaml"
    result = runner.invoke(import_group, [*_args(name, exports(tmp_path)[name]), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert _leaks(result, out) == []
    load_inventory([out])  # the skeleton is a valid inventory


@pytest.mark.parametrize("name", ALL)
def test_merged_into_an_inventory_no_secret_is_written(
    name: str, runner: CliRunner, tmp_path: Path
) -> None:
    inventory = tmp_path / "inventory.yaml"
    shutil.copy(VAULT / "inventory.yaml", inventory)
    args = [*_args(name, exports(tmp_path)[name]), "--merge", str(inventory)]
    result = runner.invoke(import_group, args)
    assert result.exit_code == 0, result.output
    assert f"merged {exports(tmp_path)[name]} into {inventory}: " in result.stderr
    assert _leaks(result, inventory) == []
    load_inventory([inventory])


@pytest.mark.parametrize("name", SHAPES)
@pytest.mark.parametrize("breaking", [cut_in_a_secret, control_character_in_a_secret])
def test_a_malformed_export_is_refused_without_repeating_it(
    name: str, breaking: object, runner: CliRunner, tmp_path: Path
) -> None:
    broken = breaking(VAULT / name, BROKEN_IN[name], tmp_path)  # type: ignore[operator]
    out = tmp_path / "inventory.yaml"
    result = runner.invoke(import_group, ["vault", str(broken), "-o", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {broken}:") and "invalid JSON: " in result.stderr
    assert not out.exists()
    assert _leaks(result) == []
    assert BROKEN_IN[name][: len(BROKEN_IN[name]) // 2] not in result.stderr


def test_a_malformed_1pux_is_refused_without_repeating_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    cut = cut_in_a_secret(VAULT / "1pux" / "export.data", "YouTube-9x!Brand#DCR", tmp_path)
    archive = onepux(tmp_path, "broken.1pux", data=cut)
    result = runner.invoke(import_group, ["vault", str(archive)])
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"error: {archive}/export.data:")
    assert _leaks(result) == []


def test_an_encrypted_export_is_refused_saying_why(runner: CliRunner) -> None:
    result = runner.invoke(import_group, ["vault", str(VAULT / "bitwarden_encrypted.json")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {VAULT / 'bitwarden_encrypted.json'}:2:16: ")
    assert "export again with the format `.json`" in result.stderr.lower()
    assert _leaks(result) == []


def test_the_members_file_is_never_overwritten(runner: CliRunner, tmp_path: Path) -> None:
    members = tmp_path / "members.json"
    shutil.copy(MEMBERS, members)
    args = ["vault", str(VAULT / "op_item_get.json"), str(members), "-o", str(members)]
    result = runner.invoke(import_group, [*args, "--force"])
    assert result.exit_code == 2
    assert "is the file being imported" in result.stderr
    assert members.read_bytes() == MEMBERS.read_bytes()


def test_the_summary_counts_what_was_passed_over(runner: CliRunner) -> None:
    result = runner.invoke(import_group, ["vault", str(VAULT / "bitwarden_org.json"), "-q"])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"imported 4 accounts from {VAULT / 'bitwarden_org.json'} (Bitwarden vault export "
        "(JSON)), skipped 1: 1 duplicate; 4 notes"
    ]


def test_holders_found_in_the_roster_are_named_by_its_ids(runner: CliRunner) -> None:
    roster = VAULT / "inventory.yaml"  # people: pshah, Priya Shah
    args = ["vault", str(VAULT / "op_item_get.json"), str(MEMBERS), "--people", str(roster)]
    result = runner.invoke(import_group, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("        - person: pshah\n") == 2
    assert result.stdout.count("            name: Marcus Chen\n") == 2


def test_an_export_naming_no_account_says_what_it_held(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text(
        '[{"type": 1, "login": {"uris": [{"uri": "https://bank.example.com"}], '
        '"password": "Tr3asury!Card2025"}}, {"type": 2, "notes": "WelcomeDCR2026!"}]',
        encoding="utf-8",
    )
    result = runner.invoke(import_group, ["vault", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: {path}:1:1: no login item names a social media account: not logins (cards, "
        "notes, identities, ...): 1; logins naming no social media account (a bank, the "
        "intranet, a sign-in page): 1\n"
    )
