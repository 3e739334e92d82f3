"""From what an agency has to an audit, end to end: an HR export becomes the roster, a tracker
without a Status column becomes the inventory (owners and holders by roster id), `todo` says
what is left, `check` judges, and a second import merged in changes nothing an officer wrote."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli

HR = """\
Employee Name,Work Email,Status,Separation Date,Employment Type,Training Date,ROB Signed
"Doe, Jane",jdoe@dcr.gov,Active,,Federal,1/14/2026,1/14/2026
John Smith,jsmith@dcr.gov,Terminated,9/30/2026,Contractor,2/1/2026,2/1/2026
Ana Lopez,alopez@dcr.gov,A,,Fed,3/3/2026,3/3/2026
"""
TRACKER = """\
Platform,URL,Owner,Backup,MFA,MFA Type,Password location,Last password change,Holder
x,https://x.com/dcrnews,jdoe@dcr.gov,alopez@dcr.gov,Yes,Auth app,1Password,3/1/2026,jdoe@dcr.gov
x,https://x.com/dcrnews,jdoe@dcr.gov,alopez@dcr.gov,Yes,Auth app,1Password,3/1/2026,jsmith@dcr.gov
facebook,https://facebook.com/dcrgov,alopez@dcr.gov,N/A,No,,Excel,TBD,alopez@dcr.gov
"""
AS_OF = ["--as-of", "2026-11-20"]
JUDGED = ["SM-IA-01", "SM-IA-08", "SM-PS-01"]


def _run(runner: CliRunner, *args: str) -> tuple[int, str]:
    result = runner.invoke(cli, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.stdout


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "hr.csv").write_text(HR, encoding="utf-8")
    (tmp_path / "tracker.csv").write_text(TRACKER, encoding="utf-8")
    return {name: tmp_path / name for name in ("hr.csv", "tracker.csv", "people.yaml", "inv.yaml")}


def _statuses(runner: CliRunner, files: dict[str, Path]) -> dict[tuple[str, str], str]:
    code, out = _run(
        runner, "check", str(files["inv.yaml"]), str(files["people.yaml"]), *AS_OF,
        "--format", "json", "--include-passed", "--select", ",".join(JUDGED),
    )  # fmt: skip
    assert code in (0, 1, 3)
    return {(f["control_id"], f["account_id"]): f["status"] for f in json.loads(out)["findings"]}


def test_hr_export_and_tracker_to_an_audit(runner: CliRunner, files: dict[str, Path]) -> None:
    people, inventory = str(files["people.yaml"]), str(files["inv.yaml"])
    assert _run(runner, "import", "people", str(files["hr.csv"]), "-o", people)[0] == 0
    tracker = ["import", "csv", str(files["tracker.csv"]), "--people", people]
    assert _run(runner, *tracker, "-o", inventory)[0] == 0
    # no Status column: status is the first thing to fill in, and the checks wait on it
    code, out = _run(runner, "todo", inventory, people, *AS_OF, "--format", "json")
    assert code == 0
    first = [o["tasks"][0]["field"] for o in json.loads(out)["owners"]]
    assert first == ["status", "status"]
    blank = _statuses(runner, files)
    assert blank[("SM-IA-01", "x-dcrnews")] == blank[("SM-IA-01", "facebook-dcrgov")] == "error"

    # the user says the sheet's accounts are in use: now every one of these is judged
    assert _run(runner, *tracker, "--status", "active", "-o", inventory, "--force")[0] == 0
    assert _statuses(runner, files) == {
        ("SM-IA-01", "x-dcrnews"): "pass",  # an authenticator app ("Auth app")
        ("SM-IA-01", "facebook-dcrgov"): "fail",  # "No"
        ("SM-IA-08", "x-dcrnews"): "pass",  # 1Password
        ("SM-IA-08", "facebook-dcrgov"): "fail",  # Excel
        ("SM-PS-01", "x-dcrnews"): "fail",  # John Smith, terminated, still holds it
        ("SM-PS-01", "facebook-dcrgov"): "pass",
    }

    # an officer edits the inventory; the same tracker merged again changes none of it
    path = files["inv.yaml"]
    edited = path.read_text(encoding="utf-8").replace(
        "    mfa:\n      enabled: false\n",
        "    # officer, 2026-11-25: turned on with a security key\n"
        "    mfa:\n      enabled: true\n      methods: [security_key]\n",
    )
    assert edited != path.read_text(encoding="utf-8")
    path.write_text(edited, encoding="utf-8")
    result = runner.invoke(cli, [*tracker, "--status", "active", "--merge", inventory])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == edited
    assert "0 accounts added, 0 fields filled, 1 conflict" in result.stderr
    assert _statuses(runner, files)[("SM-IA-01", "facebook-dcrgov")] == "pass"
