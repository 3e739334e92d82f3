"""`smaudit import meta` through click's CliRunner: a skeleton, refusals with exit 2, and the
main use, merged into an inventory that `check` then judges on the holders' own two-factor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.inventory import load_inventory

DATA = Path(__file__).parents[1] / "data" / "meta"
ALL = [
    str(DATA / name)
    for name in (
        "business.json",
        "business_users_1.json",
        "business_users_2.json",
        "page.json",
        "page_users_2.json",
        "instagram.json",
    )
]
INVENTORY = """\
smaudit: 1
agency:
  name: Department of Examples
  email_domains: [example.gov]
accounts:
  - id: dox-facebook
    platform: facebook
    url: http://facebook.com/Example.Gov/
    status: active
    account_type: official
    # run through Business Manager since 2024
    credentials:
      type: delegated_roles
  - id: dox-instagram
    platform: instagram
    handle: "@examplegov"
    status: active
"""
IDENTITIES = ["Avery", "Blake", "Casey", "Drew", "Emery", "example.gov", "PLACEHOLDER"]


def test_a_skeleton_of_the_pages_and_accounts(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "meta.yaml"
    result = runner.invoke(cli, ["import", "meta", *ALL, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[-2].startswith("imported 2 accounts from ")
    assert lines[-2].endswith("(Meta Business Manager, Graph API), skipped 0; 8 notes")
    assert sum(line.startswith("note: ") for line in lines) == 8
    assert not [line for line in lines[:-2] for who in IDENTITIES if who in line]
    accounts = {a.id: a for a in load_inventory([out]).accounts}
    assert sorted(accounts) == ["facebook-examplegov", "instagram-examplegov"]
    assert "# to fill in: status, owner," in out.read_text()


def test_the_command_is_listed_and_says_what_to_save(runner: CliRunner) -> None:
    listed = runner.invoke(cli, ["import", "--help"])
    assert listed.exit_code == 0 and "meta" in listed.output
    own = runner.invoke(cli, ["import", "meta", "--help"])
    assert own.exit_code == 0
    assert "two_fac_status" in own.output and "docs/importing.md" in own.output


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("not_meta.json", "not_meta.json:1:1: not a Business Manager export; expected"),
        ("graph_error.json", "graph_error.json:2:12: the file is a Graph API error response"),
        ("orphan_assigned_users.json", "orphan_assigned_users.json:1:1: a page of assigned"),
        ("missing.json", "missing.json"),
    ],
)
def test_a_file_that_cannot_be_used_exits_2(runner: CliRunner, name: str, says: str) -> None:
    result = runner.invoke(cli, ["import", "meta", str(DATA / "business.json"), str(DATA / name)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    assert says in result.stderr
    assert not [who for who in [*IDENTITIES, "Session has expired"] if who in result.stderr]


def test_no_file_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["import", "meta"])
    assert result.exit_code == 2
    assert "give the saved responses (FILES), or --fetch BUSINESS_ID" in result.output


def _statuses(runner: CliRunner, inventory: Path) -> dict[tuple[str, str], str]:
    args = ["check", str(inventory), "--as-of", "2026-11-20", "--format", "json"]
    args += ["--include-passed", "--select", "SM-IA-15,SM-IA-16"]
    result = runner.invoke(cli, args)
    assert result.exit_code in (0, 1, 3), result.output
    findings = json.loads(result.stdout)["findings"]
    return {(f["control_id"], f["account_id"]): f["status"] for f in findings}


def test_merged_into_an_inventory_check_judges_each_holders_own_two_factor(
    runner: CliRunner, tmp_path: Path
) -> None:
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(INVENTORY)
    before = _statuses(runner, inventory)
    assert before[("SM-IA-15", "dox-facebook")] == "error"  # no holders: not assessed
    result = runner.invoke(cli, ["import", "meta", *ALL, "--merge", str(inventory), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1].endswith(
        "into " + str(inventory) + ": 0 accounts added, 5 fields filled, 0 conflicts; "
        "evidence recorded on 2 accounts"
    )
    text = inventory.read_text()
    assert text.startswith(INVENTORY.split("  - id: dox-instagram")[0].split("    credentials")[0])
    assert "# run through Business Manager since 2024\n" in text
    assert _statuses(runner, inventory) == {
        # Blake Moreno edits the Page and Meta reports his two-factor off
        ("SM-IA-15", "dox-facebook"): "fail",
        # the Page's admin has two-factor on, but Meta does not say which methods
        ("SM-IA-16", "dox-facebook"): "error",
        # the one holder of the Instagram account has it on
        ("SM-IA-15", "dox-instagram"): "pass",
        ("SM-IA-16", "dox-instagram"): "not_applicable",  # no security keys on Instagram
    }
    again = runner.invoke(cli, ["import", "meta", *ALL, "--merge", str(inventory), "-q"])
    assert again.exit_code == 0
    assert inventory.read_text() == text  # the same export twice changes nothing


def test_people_joins_holders_to_the_roster(runner: CliRunner, tmp_path: Path) -> None:
    roster = tmp_path / "people.yaml"
    roster.write_text(
        "smaudit: 1\npeople:\n"
        "  - {id: avery.quinn, name: Avery Quinn, email: avery.quinn@example.gov}\n"
    )
    args = ["import", "meta", *ALL[1:4], "--people", str(roster)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "        - person: avery.quinn\n" in result.stdout
    assert "roster: 3 holders are not in the roster" in result.stderr


def test_holders_listed_by_hand_get_their_two_factor_and_unlisted_ones_a_conflict(
    runner: CliRunner, tmp_path: Path
) -> None:
    inventory = tmp_path / "inventory.yaml"
    listed = INVENTORY.replace(
        "      type: delegated_roles\n",
        "      type: delegated_roles\n      holders:\n"
        "        - person:\n            email: Blake.Moreno@example.gov\n"
        "          role: editor  # confirmed with the press office\n",
    )
    inventory.write_text(listed)
    result = runner.invoke(cli, ["import", "meta", *ALL, "--merge", str(inventory)])
    assert result.exit_code == 0, result.output
    facebook, instagram = inventory.read_text().split("  - id: dox-instagram\n")
    facebook, evidence = facebook.split("    evidence:\n")  # what the merge vouches for, last
    assert "      - source: meta-business-manager-business-json\n" in evidence
    assert "          - credentials.holders.mfa.enabled\n" in evidence
    assert facebook == listed.split("  - id: dox-instagram\n")[0].replace(
        "            email: Blake.Moreno@example.gov\n",
        "            email: Blake.Moreno@example.gov\n            name: Blake Moreno\n",
    ).replace(
        "# confirmed with the press office\n",
        "# confirmed with the press office\n          mfa:\n            enabled: false\n"
        "    handle: ExampleGov\n",
    )
    assert "          role: editor\n          mfa:\n            enabled: true\n" in instagram
    conflicts = [line for line in result.stderr.splitlines() if line.startswith("conflict: ")]
    assert conflicts == [
        'conflict: dox-facebook: credentials.holders: inventory keeps "[1 items]"; source says '
        '"[4 items]"'
    ]
    assert _statuses(runner, inventory)[("SM-IA-15", "dox-facebook")] == "fail"


def test_an_admin_meta_reports_without_two_factor_fails_sm_ia_16(
    runner: CliRunner, tmp_path: Path
) -> None:
    users = json.loads((DATA / "business_users_1.json").read_text())
    users["data"][0]["two_fac_status"] = "disabled"  # Avery Quinn, the Page's admin
    saved = tmp_path / "business_users_1.json"
    saved.write_text(json.dumps(users, indent=2))
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(INVENTORY)
    files = [saved if Path(f).name == saved.name else f for f in ALL]
    result = runner.invoke(cli, ["import", "meta", *map(str, files), "--merge", str(inventory)])
    assert result.exit_code == 0, result.output
    admin_note = [line for line in result.stderr.splitlines() if "an admin of the business" in line]
    assert admin_note == [
        f"note: {saved}:3:5: business user 1001: an admin of the business portfolio without "
        "two-factor: a business admin can assign themselves any of its Pages and accounts, so "
        "turn it on first"
    ]
    statuses = _statuses(runner, inventory)
    assert statuses[("SM-IA-16", "dox-facebook")] == "fail"
    assert statuses[("SM-IA-15", "dox-instagram")] == "fail"
