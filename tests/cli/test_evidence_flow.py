"""Facts from a vault export, dated by it, go stale: the 1PUX export of 2025-11-25 merged into
the officer's inventory fills the credential facts, names itself as their source, and SM-AU-02
passes a month after the export and fails 200 days after it (the default profile's 90 days),
where the facts typed by hand are dated too (an attestation)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.inventory.vault_exports import VAULT, onepux, secrets

EXPORTED = "2025-11-25"  # the recorded 1PUX's export.attributes createdAt


def _merged(runner: CliRunner, tmp_path: Path) -> Path:
    inventory = tmp_path / "inventory.yaml"
    shutil.copy(VAULT / "inventory.yaml", inventory)
    result = runner.invoke(
        cli, ["import", "vault", str(onepux(tmp_path)), "--merge", str(inventory)]
    )
    assert result.exit_code == 0, result.output
    return inventory


def _statuses(runner: CliRunner, inventory: Path, as_of: str) -> dict[str, str]:
    result = runner.invoke(
        cli,
        [
            *("check", str(inventory), "--as-of", as_of, "--format", "json"),
            *("--include-passed", "--select", "SM-AU-02"),
        ],
    )
    assert "Traceback" not in result.output
    return {f["account_id"]: f["status"] for f in json.loads(result.stdout)["findings"]}


def test_a_merged_export_is_the_source_of_what_it_filled(runner: CliRunner, tmp_path: Path) -> None:
    inventory = _merged(runner, tmp_path)
    text = inventory.read_text(encoding="utf-8")
    # quoted: a plain scalar starting with a digit could read as something else
    assert f'  - id: "1password-{EXPORTED}"\n    system: "1password"\n' in text
    assert f'recorded_on: "{EXPORTED}"' in text
    for secret in secrets():
        assert secret not in text


def _attested(inventory: Path, on: str) -> None:
    """The officer's review of the facts typed by hand, dated `on`: an attestation every
    account names (with no `fields`, it vouches for every fact)."""
    data = yaml.safe_load(inventory.read_text(encoding="utf-8"))
    data.setdefault("sources", []).append(
        {"id": "review", "system": "attestation", "recorded_on": on}
    )
    for account in data["accounts"]:
        account.setdefault("evidence", []).append({"source": "review"})
    inventory.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_facts_the_export_did_not_give_need_a_source_of_their_own(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The export dates the credential facts it filled; the facts typed by hand beside them name
    no source, so the account fails (version 1 passed it), and one it did not reach names no
    source at all: not assessed, never passed."""
    inventory = _merged(runner, tmp_path)
    args = ["check", str(inventory), "--as-of", "2025-12-25", "--format", "json"]
    result = runner.invoke(cli, [*args, "--include-passed", "--select", "SM-AU-02"])
    findings = json.loads(result.stdout)["findings"]
    assert {f["status"] for f in findings} == {"fail", "error"}
    failed = [f for f in findings if f["status"] == "fail"]
    assert all(f["message"].startswith("unsourced_facts[0] is ") for f in failed)


@pytest.mark.parametrize(("as_of", "expected"), [("2025-12-25", "pass"), ("2026-06-13", "fail")])
def test_facts_imported_200_days_ago_are_stale(
    runner: CliRunner, tmp_path: Path, as_of: str, expected: str
) -> None:
    """Reviewed by hand on 2025-11-20, the export merged five days later: a month after the
    export every fact is current; 200 days after it, the export and the review are stale."""
    inventory = _merged(runner, tmp_path)
    _attested(inventory, "2025-11-20")
    statuses = _statuses(runner, inventory, as_of)
    assert {statuses["dcr-facebook"], statuses["dcr-x"]} == {expected}
    # the two the inventory gives no status: whether the control applies is unknown
    assert {statuses["github-dcr-gov"], statuses["youtube-dcrgov"]} == {"error"}


def test_an_export_that_gives_no_date_is_dated_by_recorded_on(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Bitwarden's export says no date: --recorded-on gives it, and 200 days later it is stale."""
    inventory = tmp_path / "inventory.yaml"
    shutil.copy(VAULT / "inventory.yaml", inventory)
    export = str(VAULT / "bitwarden_org.json")
    merge = ["import", "vault", export, "--recorded-on", "2026-05-04", "--merge", str(inventory)]
    assert runner.invoke(cli, merge).exit_code == 0
    assert "  - id: bitwarden-2026-05-04\n" in inventory.read_text(encoding="utf-8")
    statuses = _statuses(runner, inventory, "2026-11-20")
    assert "fail" in statuses.values() and "pass" not in statuses.values()
    ahead = runner.invoke(cli, ["import", "vault", export, "--recorded-on", "2999-01-01"])
    assert ahead.exit_code == 2 and "in the future" in ahead.stderr
