"""`smaudit import people` and the `--people ROSTER` join, through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from smaudit.cli.importing import import_group
from smaudit.inventory import load_inventory

DATA = Path(__file__).parents[1] / "inventory" / "data"
AGENCY = "smaudit: 1\nagency: {name: Department of Examples, email_domains: [example.gov]}\n"
HR = (
    "Employee Name,Email,Status,Separation Date,Employment Type\n"
    "Avery Quinn,avery.quinn@example.gov,Active,,Employee\n"
    "Blake Moreno,blake.moreno@example.gov,Terminated,3/1/2026,Contractor\n"
    "Casey Ibarra,casey.ibarra@example.gov,On the moon,,Federal\n"
)


def test_import_people_writes_a_roster_and_says_what_it_did(
    runner: CliRunner, tmp_path: Path
) -> None:
    hr = tmp_path / "hr.csv"
    hr.write_text(HR)
    out = tmp_path / "people.yaml"
    result = runner.invoke(import_group, ["people", str(hr), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == f"note: {hr}:4:3: row 4: column 'Status': the value is not a status " + (
        "(active or separated; Terminated, Inactive, A, ... are read too); left out"
    )
    assert lines[-2] == f"imported 3 people from {hr} (HR export (CSV)), skipped 0; 1 note"
    assert lines[-1] == f"wrote {out}; next: import accounts with --people {out}"
    assert "Casey" not in result.stderr
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(AGENCY + "accounts: []\n")
    people = load_inventory([inventory, out]).people
    assert sorted(people) == ["avery.quinn", "blake.moreno", "casey.ibarra"]


def test_import_people_reads_a_directory_listing_to_standard_output(runner: CliRunner) -> None:
    result = runner.invoke(import_group, ["people", str(DATA / "workspace_users.json"), "-q"])
    assert result.exit_code == 0, result.output
    assert "  - id: riley.chen\n" in result.stdout
    assert result.stderr.splitlines() == [
        f"imported 4 people from {DATA / 'workspace_users.json'} (Google Workspace users), "
        "skipped 0; 1 note"
    ]


def test_import_people_refuses_bad_input_with_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    hr = tmp_path / "hr.csv"
    hr.write_text(HR)
    out = tmp_path / "people.yaml"
    out.write_text("people: []\n")
    cases = [
        (["people", str(hr), "--map", "Email=mailbox"], "unknown field 'mailbox'"),
        (["people", str(hr), "--map", "Nope=email"], "not in the header"),
        (["people", str(DATA / "graph_users.json"), "--map", "a=email"], "CSV file only"),
        (["people", str(hr), "-o", str(out)], "exists; choose another --output or add --force"),
        (["people", str(hr), "-o", str(hr)], "is the file being imported"),
        (["people", str(DATA / "registry_api.json")], "not a directory listing"),
    ]
    for args, message in cases:
        result = runner.invoke(import_group, args)
        assert result.exit_code == 2, (args, result.output)
        assert message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
