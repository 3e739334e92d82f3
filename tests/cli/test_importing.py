"""`smaudit import ...` and `smaudit reconcile` through click's CliRunner, as users meet them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.cli.importing import import_group
from smaudit.cli.reconcile import reconcile_command
from smaudit.inventory import load_inventory
from smaudit.schemas import SCHEMA_BASE, load_schema
from tests.conftest import needs_shared

DATA = Path(__file__).parents[1] / "inventory" / "data"
INVENTORY = str(DATA / "inventory_reconcile.yaml")
EXPORT = str(DATA / "registry_export.csv")


def test_import_registry_writes_a_valid_inventory_and_a_summary(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "inventory.yaml"
    result = runner.invoke(import_group, ["registry", EXPORT, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert load_inventory([out]).accounts[0].id == "ooe-x-examplegov"
    lines = result.stderr.splitlines()
    assert lines[0] == f"skipped: {EXPORT}:8:1: record 107: no URL and no handle"
    assert lines[-2] == (
        f"imported 6 accounts from {EXPORT} (U.S. Digital Registry CSV export), "
        "skipped 1: 1 no-address"
    )
    assert lines[-1].startswith(f"wrote {out}; next:")


def test_import_to_stdout_and_quiet(runner: CliRunner) -> None:
    result = runner.invoke(import_group, ["registry", EXPORT, "--quiet"])
    assert result.exit_code == 0
    first, second = result.stdout.splitlines()[:2]
    assert first == f"# yaml-language-server: $schema={SCHEMA_BASE}inventory.schema.json"
    assert second.startswith("# Inventory skeleton written by `smaudit import registry`")
    assert len(result.stderr.splitlines()) == 1


def test_an_existing_output_is_not_overwritten_without_force(
    runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "inventory.yaml"
    out.write_text("hand-written work\n", encoding="utf-8")
    result = runner.invoke(import_group, ["registry", EXPORT, "-o", str(out)])
    assert result.exit_code == 2
    assert "exists; choose another --output or add --force" in result.stderr
    assert out.read_text(encoding="utf-8") == "hand-written work\n"
    forced = runner.invoke(import_group, ["registry", EXPORT, "-o", str(out), "--force"])
    assert forced.exit_code == 0


def test_import_csv_with_map(runner: CliRunner, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Network,Link,Team\nTwitter,https://twitter.com/ExampleGov,Press\n", "utf-8")
    out = tmp_path / "out.yaml"
    result = runner.invoke(
        import_group,
        [
            "csv",
            str(sheet),
            "--map",
            "Team=office",
            "--agency",
            "Department of Examples",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    account = load_inventory([out]).accounts[0]
    assert (account.id, account.fields["office"]) == ("x-examplegov", "Press")


def test_bad_input_exits_2_with_file_and_line(runner: CliRunner, tmp_path: Path) -> None:
    bad_map = runner.invoke(import_group, ["csv", EXPORT, "--map", "x=mfa"])
    assert bad_map.exit_code == 2 and "unknown field 'mfa'" in bad_map.stderr
    absent = runner.invoke(import_group, ["registry", str(tmp_path / "absent.json")])
    assert absent.exit_code == 2 and "no such file" in absent.stderr
    broken = tmp_path / "broken.json"
    broken.write_text('[{"id": 1,,}]', encoding="utf-8")
    result = runner.invoke(import_group, ["registry", str(broken)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {broken}:1:")


def test_import_legislators(runner: CliRunner, tmp_path: Path) -> None:
    path = needs_shared("realdata/congress-legislators/legislators-social-media.yaml")
    result = runner.invoke(import_group, ["legislators", str(path), "-q"])
    assert result.exit_code == 0
    assert "imported 1733 accounts" in result.stderr


def test_reconcile_table_and_exit_1(runner: CliRunner) -> None:
    result = runner.invoke(
        reconcile_command, [INVENTORY, "--registry", EXPORT, "--as-of", "2026-11-20"]
    )
    assert result.exit_code == 1, result.output
    assert "HIGH  RECONCILE-UNKNOWN" in result.stdout
    assert "MEDIUM  SM-GOV-06" in result.stdout
    assert result.stderr.splitlines()[-1] == (
        f"reconciled 6 accounts with 6 records of {EXPORT}: 1 unregistered, 1 unknown, "
        "2 mismatched (1 registry records name no usable account)"
    )


@pytest.mark.parametrize(
    ("flag", "shown", "hidden"),
    [
        ("--summary", "Needs attention, by control", "(record 104)"),
        ("--details", "(record 104)", "Needs attention, by control"),
    ],
)
def test_reconcile_chooses_the_summary_or_the_details_as_check_does(
    runner: CliRunner, flag: str, shown: str, hidden: str
) -> None:
    args = [INVENTORY, "--registry", EXPORT, "--as-of", "2026-11-20", flag]
    result = runner.invoke(reconcile_command, args)
    assert result.exit_code == 1, result.output
    assert shown in result.stdout and hidden not in result.stdout


def test_reconcile_json_validates_and_fail_on_critical_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(
        reconcile_command,
        [INVENTORY, "--registry", EXPORT, "--format", "json", "--fail-on", "critical"],
    )
    assert result.exit_code == 0
    feed = json.loads(result.stdout)
    jsonschema.validate(feed, load_schema("findings"))
    assert feed["run"]["profile"] == "reconcile"
    assert {f["control_id"] for f in feed["findings"]} == {
        "SM-GOV-06",
        "RECONCILE-UNKNOWN",
        "RECONCILE-MISMATCH",
    }


def test_reconcile_writes_an_output_file(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = runner.invoke(
        reconcile_command, [INVENTORY, "--registry", EXPORT, "--output", f"json:{out}"]
    )
    assert result.exit_code == 1
    assert json.loads(out.read_text(encoding="utf-8"))["summary"]["fail"] == 4


def test_reconcile_bad_inventory_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("smaudit: 1\naccounts: []\n", encoding="utf-8")
    result = runner.invoke(reconcile_command, [str(bad), "--registry", EXPORT])
    assert result.exit_code == 2
    assert "missing required key 'agency'" in result.stderr


def test_import_and_reconcile_are_smaudit_subcommands(runner: CliRunner) -> None:
    help_text = runner.invoke(cli, ["--help"]).stdout
    assert "import" in help_text and "reconcile" in help_text
    result = runner.invoke(cli, ["import", "registry", EXPORT, "-q"])
    assert result.exit_code == 0


def test_import_csv_maps_dotted_fields_and_notes_what_it_could_not_read(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(
        "Network,Account,Two step,Kept in\nTwitter,ExampleGov,Yes,carrier pigeon\n",
        encoding="utf-8",
    )
    out = tmp_path / "inventory.yaml"
    pairs = ["--map", "Two step=mfa.enabled", "--map", "Kept in=credentials.stored_in"]
    result = runner.invoke(import_group, ["csv", str(sheet), *pairs, "-o", str(out)])
    assert result.exit_code == 0, result.output
    account = load_inventory([out]).accounts[0]
    assert account.fields["mfa"] == {"enabled": True}
    assert f'note: {sheet}:2:4: row 2: column "Kept in": "carrier pigeon"' in result.stderr
    assert "imported 1 accounts" in result.stderr and "1 note" in result.stderr


def test_import_csv_refuses_a_password_column_and_writes_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text("Platform,Handle,Password\nX,ExampleGov,Summer2026!\n", encoding="utf-8")
    out = tmp_path / "inventory.yaml"
    result = runner.invoke(import_group, ["csv", str(sheet), "-o", str(out)])
    assert result.exit_code == 2
    assert f"{sheet}:1:3:" in result.stderr and "holds passwords" in result.stderr
    assert "Summer2026" not in result.output
    assert "Traceback" not in result.output
    assert not out.exists()


# A tracker as an agency's social media team keeps it, not as smaudit would: its own headers,
# free-form answers, one row per person with access.
TRACKER = """\
Account Name,Service,Status,Impact,2FA?,2FA Method,Password kept in,Password last changed,\
Access type,Team member,Access level
ExampleGov,Twitter,Active,High,Yes,YubiKey,1Password,3/1/2026,shared login,\
Jane Doe <jane.doe@example.gov>,Admin
ExampleGov,Twitter,Active,High,Yes,YubiKey,1Password,3/1/2026,shared login,\
John Roe <john.roe@example.gov>,Editor
example.gov,Facebook,active,standard,No,N/A,Excel,"Jan 5, 2025",Shared password,jdoe,Editor
ExampleVideos,YouTube,active,Standard,Y,text message,Bitwarden,1 Mar 2026,delegated roles,\
asmith@example.gov,admin
"""
# the controls that read the facts such a sheet holds: MFA (IA-01 to IA-03), where the password
# is kept (IA-08), its last change (IA-13, in the GSA 2015 profile), the access model (IA-10)
# and the holders (IA-09, IA-11, PS-03, PS-04, AT-01)
READ_FROM_THE_SHEET = {
    "modern": "SM-IA-01 SM-IA-02 SM-IA-03 SM-IA-08 SM-IA-09 SM-IA-10 SM-IA-11 SM-PS-03 "
    "SM-PS-04 SM-AT-01",
    "gsa-2015": "SM-IA-01 SM-IA-08 SM-IA-13",
}


JSON_WITH_PASSES = ("--format", "json", "--include-passed")


@pytest.mark.parametrize("profile", sorted(READ_FROM_THE_SHEET))
def test_an_imported_tracker_is_assessed_on_mfa_credentials_and_holders(
    runner: CliRunner, tmp_path: Path, profile: str
) -> None:
    sheet = tmp_path / "tracker.csv"
    sheet.write_text(TRACKER, encoding="utf-8")
    out = tmp_path / "inventory.yaml"
    imported = runner.invoke(cli, ["import", "csv", str(sheet), "-o", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "note:" not in imported.stderr  # every value was read
    checked = runner.invoke(
        cli,
        ["check", str(out), "--as-of", "2026-11-20", "--profile", profile, *JSON_WITH_PASSES],
    )
    assert checked.exit_code == 1, checked.output
    report = json.loads(checked.stdout)
    outcome = {(f["control_id"], f["account_id"]): f["status"] for f in report["findings"]}
    for control, account_ids in report["not_applicable"].items():
        outcome.update({(control, a): "not_applicable" for a in account_ids})
    accounts = ["x-examplegov", "facebook-examplegov", "youtube-examplevideos"]
    assert report["accounts"] == accounts
    for control in READ_FROM_THE_SHEET[profile].split():
        found = {a: outcome.get((control, a)) for a in accounts}
        assert set(found.values()) <= {"pass", "fail", "not_applicable"}, (control, found)
        assert {"pass", "fail"} & set(found.values()), (control, found)
    assert outcome[("SM-IA-01", "facebook-examplegov")] == "fail"  # "No"
    assert outcome[("SM-IA-08", "facebook-examplegov")] == "fail"  # kept in Excel
    assert outcome[("SM-IA-08", "x-examplegov")] == "pass"
    if profile == "modern":
        assert outcome[("SM-IA-03", "x-examplegov")] == "pass"  # YubiKey, high-impact account
        assert outcome[("SM-IA-02", "youtube-examplevideos")] == "fail"  # text messages only
    else:
        assert outcome[("SM-IA-13", "facebook-examplegov")] == "fail"  # changed in Jan 2025
