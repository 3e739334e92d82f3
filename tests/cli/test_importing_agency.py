"""`--agency` on `import registry` and `reconcile`, on the real registry files: the counts are
taken from the raw files independently of the importer."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.importing import import_group
from smaudit.cli.reconcile import reconcile_command
from smaudit.inventory import load_inventory
from tests.conftest import needs_shared

API = "realdata/us-digital-registry-2017/DOC_accts.json"
OLD = "realdata/social-media-registry-2012/accounts.csv"


def _noaa_records(path: Path) -> int:
    records = json.loads(path.read_text(encoding="utf-8"))
    return sum(any("(NOAA)" in a["name"] for a in r["agencies"]) for r in records)


def _commerce_rows(path: Path) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        return sum("commerce" in r[2].split("|") for r in csv.reader(handle) if len(r) > 2)


def _import(runner: CliRunner, source: Path, out: Path, *args: str) -> str:
    result = runner.invoke(import_group, ["registry", str(source), "-o", str(out), *args])
    assert result.exit_code == 0, result.output
    return result.stderr.splitlines()[-2]


def test_agency_imports_only_that_agencys_records_and_names_the_inventory(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = needs_shared(API)
    out = tmp_path / "noaa.yaml"
    summary = _import(runner, source, out, "--agency", "noaa")
    inventory = load_inventory([out])
    assert inventory.agency.name == "National Oceanic and Atmospheric Administration (NOAA)"
    # every NOAA record is either an account or a listed duplicate: none lost, none added
    skipped = int(summary.split("skipped ")[1].split(":")[0])
    assert len(inventory.accounts) + skipped == _noaa_records(source) == 261
    assert all(a.fields["status"] == "active" for a in inventory.accounts)


def test_name_names_the_inventory_without_selecting(runner: CliRunner, tmp_path: Path) -> None:
    source = needs_shared(API)
    out = tmp_path / "doc.yaml"
    _import(runner, source, out, "--name", "Department of Commerce")
    inventory = load_inventory([out])
    assert inventory.agency.name == "Department of Commerce"
    assert len(inventory.accounts) == 391


def test_an_agency_the_file_does_not_name_exits_2_listing_what_it_names(
    runner: CliRunner, tmp_path: Path
) -> None:
    source = needs_shared(API)
    out = tmp_path / "none.yaml"
    result = runner.invoke(
        import_group, ["registry", str(source), "--agency", "NOA", "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "no record names an agency 'NOA'" in result.stderr
    assert "National Oceanic and Atmospheric Administration (NOAA) (id 2011): 261 records" in (
        result.stderr
    )
    assert "Traceback" not in result.output and not out.exists()


def test_reconciling_one_agency_reports_only_its_records(runner: CliRunner, tmp_path: Path) -> None:
    """The 2012 registry lists 1,262 records of over a hundred agencies: an inventory of
    Commerce's accounts, reconciled against it, has no unknown record of another agency."""
    source = needs_shared(OLD)
    out = tmp_path / "commerce.yaml"
    _import(runner, source, out, "--agency", "commerce")
    args = [str(out), "--registry", str(source), "--as-of", "2026-11-20"]
    own = runner.invoke(reconcile_command, args)
    assert own.exit_code == 0, own.output
    records = _commerce_rows(source)
    assert own.stderr.splitlines()[-1].startswith(
        f"reconciled 30 accounts with {records} of 1262 records of {source}: 0 unregistered, "
        "0 unknown, 0 mismatched"
    )
    every = runner.invoke(reconcile_command, [*args, "--all-agencies"])
    assert every.exit_code == 1
    assert f"{1262 - records} unknown" in every.stderr.splitlines()[-1]


@pytest.mark.parametrize("query", ["commerce", "COMMERCE", " Commerce "])
def test_reconcile_agency_selects_by_any_case(
    runner: CliRunner, tmp_path: Path, query: str
) -> None:
    source = needs_shared(OLD)
    out = tmp_path / "commerce.yaml"
    _import(runner, source, out, "--agency", "commerce")
    args = [str(out), "--registry", str(source), "--agency", query, "--as-of", "2026-11-20"]
    result = runner.invoke(reconcile_command, args)
    assert result.exit_code == 0, result.output
    assert " 0 unknown" in result.stderr.splitlines()[-1]


def test_agency_and_all_agencies_contradict(runner: CliRunner, tmp_path: Path) -> None:
    source = needs_shared(OLD)
    out = tmp_path / "commerce.yaml"
    _import(runner, source, out, "--agency", "commerce")
    args = [str(out), "--registry", str(source), "--agency", "hhs", "--all-agencies"]
    result = runner.invoke(reconcile_command, args)
    assert result.exit_code == 2
    assert "--agency and --all-agencies contradict each other" in result.stderr
