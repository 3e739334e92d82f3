"""Runs over part of the inventory (assessment/narrowing.py): --account and --office filter any
run, and a name that matches nothing is an error with a suggestion, never a clean empty run."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.conftest import AS_OF, SAMPLES

AGENCY = str(SAMPLES / "agency.yaml")


def _accounts(runner: CliRunner, *options: str) -> set[str]:
    argv = ["check", AGENCY, "--as-of", AS_OF, "--format", "json", "--include-passed", *options]
    result = runner.invoke(cli, argv)
    assert result.exit_code in (0, 1, 3), result.output
    return {f["account_id"] for f in json.loads(result.stdout)["findings"]}


def test_account_filters_any_run(runner: CliRunner) -> None:
    chosen = _accounts(runner, "--account", "dcr-x-main", "--account", "dcr-facebook-main")
    assert chosen == {"dcr-x-main", "dcr-facebook-main"}


def test_office_filters_in_any_case_and_adds_to_accounts(runner: CliRunner) -> None:
    office = _accounts(runner, "--office", "office of public affairs")
    assert office and "dcr-x-main" in office
    every = _accounts(runner)
    assert office < every
    named = ["--office", "Office of Public Affairs", "--account", "dcr-bluesky-main"]
    both = _accounts(runner, *named)
    assert both == office | {"dcr-bluesky-main"}


@pytest.mark.parametrize(
    ("options", "said"),
    [
        (["--account", "dcr-facebok-main"], "(did you mean dcr-facebook-main"),
        (["--office", "Public Affairs"], "(did you mean 'Office of Public Affairs'?)"),
    ],
)
def test_a_name_that_matches_nothing_is_an_error(
    runner: CliRunner, options: list[str], said: str
) -> None:
    result = runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF, *options])
    assert result.exit_code == 2 and said in result.stderr


def test_explain_still_takes_one_account(runner: CliRunner) -> None:
    argv = ["check", AGENCY, "--as-of", AS_OF, "--explain", "SM-IA-12"]
    result = runner.invoke(cli, [*argv, "--account", "dcr-instagram-secretary"])
    assert "dcr-instagram-secretary (instagram" in result.stdout
    assert "dcr-youtube-hurricane (" not in result.stdout
