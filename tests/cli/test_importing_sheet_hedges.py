"""A tracker's cells that say not, planned or was, or name two values, are noted and left
absent by `import csv`, so `check` says not assessed: never the most favourable reading.

Before, the first synonym in a cell decided: "Excel - not in 1Password" became a password
manager and "SMS (no authenticator app yet)" an authenticator app, so SM-IA-08 (passwords in a
password manager) and SM-IA-02 (a phishing-resistant or app factor, not SMS alone) passed."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smaudit.cli.app import cli

TRACKER = """\
Platform,Handle,MFA,MFA Type,Password Location
x,q2,Yes,SMS (no authenticator app yet),Not in vault
x,q4,Yes,Security key not set up; SMS,Excel - not in 1Password
x,r2,Yes,Code sent to the Facebook app by text,No vault - email
x,r4,Yes,SMS; authenticator app planned,"Excel; moving to vault next year"
x,p5,Yes - planned,SMS,spreadsheet (moving to 1Password)
x,ok,Yes,Push notification (Duo app),1Password vault
x,bad,Yes,SMS,Excel
"""
JUDGED = {"SM-IA-01": "mfa", "SM-IA-02": "methods", "SM-IA-08": "place"}


def _statuses(runner: CliRunner, tmp_path: Path) -> dict[tuple[str, str], str]:
    (tmp_path / "tracker.csv").write_text(TRACKER, encoding="utf-8")
    inventory = str(tmp_path / "inv.yaml")
    imported = runner.invoke(
        cli, ["import", "csv", str(tmp_path / "tracker.csv"), "--status", "active", "-o", inventory]
    )
    assert imported.exit_code == 0, imported.output
    result = runner.invoke(
        cli,
        [
            *("check", inventory, "--as-of", "2026-11-20", "--format", "json"),
            *("--include-passed", "--select", ",".join(JUDGED)),
        ],
    )
    assert "Traceback" not in result.output
    return {
        (f["control_id"], f["account_id"]): f["status"]
        for f in json.loads(result.stdout)["findings"]
    }


def test_a_hedged_cell_is_not_assessed_and_a_plain_one_is_judged(
    runner: CliRunner, tmp_path: Path
) -> None:
    statuses = _statuses(runner, tmp_path)
    for handle in ("q2", "q4", "r2", "r4"):
        assert statuses[("SM-IA-02", f"x-{handle}")] == "error", handle
        assert statuses[("SM-IA-08", f"x-{handle}")] == "error", handle
    assert statuses[("SM-IA-01", "x-p5")] == "error"
    assert statuses[("SM-IA-08", "x-p5")] == "error"
    # what the sheet says plainly is judged as it says
    assert statuses[("SM-IA-02", "x-ok")] == "pass"
    assert statuses[("SM-IA-08", "x-ok")] == "pass"
    assert statuses[("SM-IA-02", "x-bad")] == "fail"
    assert statuses[("SM-IA-08", "x-bad")] == "fail"
