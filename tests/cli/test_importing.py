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


@pytest.mark.skipif("import" not in cli.commands, reason="not yet registered in cli/app.py")
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
