"""`smaudit import people` and the `--people ROSTER` join, through click's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from smaudit.cli.app import cli
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


ACCOUNTS = (
    "Platform,Handle,Owner,Backup Owner,Status\n"
    "x,ExampleGov,avery.quinn@example.gov,Casey Ibarra,active\n"  # both current federal staff
    "youtube,ExampleVideos,Blake Moreno,,active\n"  # a contractor who has left
    "facebook,ExamplePage,AVERY.QUINN@example.gov,blake.moreno@example.gov,active\n"
)


def outcomes(runner: CliRunner, *files: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(account, control) -> (status, message) of every finding of SM-GOV-03 and SM-PS-01."""
    args = ["check", *map(str, files), "--as-of", "2026-12-03", "--format", "json"]
    result = runner.invoke(cli, args)
    assert result.exit_code in (1, 3), result.output
    findings = json.loads(result.stdout)["findings"]
    wanted = ("SM-GOV-03", "SM-PS-01")
    return {
        (f["account_id"], f["control_id"]): (f["status"], f["message"])
        for f in findings
        if f["control_id"] in wanted
    }


def test_people_then_accounts_with_people_makes_the_owner_controls_assessed(
    runner: CliRunner, tmp_path: Path
) -> None:
    hr, sheet = tmp_path / "hr.csv", tmp_path / "accounts.csv"
    hr.write_text(HR)
    sheet.write_text(ACCOUNTS)
    people, joined, inline = (tmp_path / n for n in ("people.yaml", "joined.yaml", "inline.yaml"))
    assert runner.invoke(import_group, ["people", str(hr), "-o", str(people)]).exit_code == 0
    base = ["csv", str(sheet), "--agency", "Department of Examples"]
    result = runner.invoke(import_group, [*base, "--people", str(people), "-o", str(joined)])
    assert result.exit_code == 0, result.output
    assert "note:" not in result.stderr  # every owner was found
    assert runner.invoke(import_group, [*base, "-o", str(inline)]).exit_code == 0

    before = outcomes(runner, inline)  # owners inline: nothing says who they are
    accounts = ("x-examplegov", "youtube-examplevideos", "facebook-examplepage")
    for account in accounts:
        assert before[account, "SM-GOV-03"][0] == "error"
        assert before[account, "SM-PS-01"][0] == "error"

    after = outcomes(runner, joined, people)
    assert ("x-examplegov", "SM-GOV-03") not in after  # passed: a current federal owner
    assert after["youtube-examplevideos", "SM-GOV-03"][0] == "fail"  # a contractor, gone
    assert ("facebook-examplepage", "SM-GOV-03") not in after
    assert after["youtube-examplevideos", "SM-PS-01"][0] == "fail"  # the owner has left
    assert after["facebook-examplepage", "SM-PS-01"][0] == "fail"  # the backup has left
    # the owners are assessed; what is left unknown is who holds the password
    assert after["x-examplegov", "SM-PS-01"] == (
        "error",
        "not assessed: credentials.holders missing (expected a list)",
    )


def test_people_given_a_bad_roster_is_refused_with_exit_2(
    runner: CliRunner, tmp_path: Path
) -> None:
    sheet = tmp_path / "accounts.csv"
    sheet.write_text(ACCOUNTS)
    roster = tmp_path / "inventory.yaml"
    roster.write_text(AGENCY + "accounts: []\n")
    for given, message in ((roster, "no people in this file"), (tmp_path / "no.yaml", "no such")):
        result = runner.invoke(import_group, ["csv", str(sheet), "--people", str(given)])
        assert result.exit_code == 2, result.output
        assert message in result.stderr


CHANNELS = """\
accounts:
  - id: video
    platform: youtube
    status: active
    credentials:
      type: delegated_roles
      holders:
        - {person: dana.ortiz, role: admin}
        - {person: lee.park, role: editor}
  - id: page
    platform: facebook
    status: active
    credentials:
      type: delegated_roles
      holders:
        - {person: dana.ortiz, role: admin}
"""


def test_workspace_two_step_verification_decides_youtube_managers_mfa(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The directory's 2SV reaches SM-IA-15/16 through the roster, on YouTube only."""
    people, inventory = tmp_path / "people.yaml", tmp_path / "inventory.yaml"
    listing = DATA / "workspace_users_2sv.json"
    args = ["people", str(listing), "-o", str(people), "-q", "--recorded-on", "2026-12-01"]
    result = runner.invoke(import_group, args)
    assert result.exit_code == 0, result.output
    inventory.write_text(AGENCY + CHANNELS)
    args = ["check", str(inventory), str(people), "--as-of", "2026-12-03", "--format", "json"]
    result = runner.invoke(cli, args)
    assert result.exit_code in (1, 3), result.output
    found = {
        (f["account_id"], f["control_id"]): (f["status"], f["message"])
        for f in json.loads(result.stdout)["findings"]
        if f["control_id"] in ("SM-IA-15", "SM-IA-16")
    }
    pseudonym = found["video", "SM-IA-15"][1].split("(")[1].split(")")[0]
    assert found == {
        ("video", "SM-IA-15"): (  # Lee Park is not enrolled in 2-Step Verification
            "fail",
            f"credentials.holders[1].person ({pseudonym}).google_account.mfa.enabled is false; "
            "expected true",
        ),
        ("video", "SM-IA-16"): (  # Dana Ortiz is enrolled; by which methods, it does not say
            "error",
            found["video", "SM-IA-16"][1],
        ),
        ("page", "SM-IA-15"): ("error", found["page", "SM-IA-15"][1]),
        ("page", "SM-IA-16"): ("error", found["page", "SM-IA-16"][1]),
    }
    assert "google_account.mfa.methods" in found["video", "SM-IA-16"][1]
    assert "credentials.holders[0].mfa" in found["page", "SM-IA-15"][1]
    assert "Lee" not in result.stdout and "dana.home" not in result.stdout
    explained = runner.invoke(cli, [*args[:5], "--explain", "SM-IA-15"])
    assert (
        "    from  google-workspace-2026-12-01 (google-workspace, workspace_users_2sv.json, "
        "recorded 2026-12-01): credentials.holders[0].person.google_account.mfa.enabled, "
        "credentials.holders[1].person.google_account.mfa.enabled\n"
    ) in explained.stdout
