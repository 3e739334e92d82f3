"""Naming controls as people do (catalogue/selection.py), through the command line: ids in any
case, families, profiles, NIST's notation, suggestions, and options given twice refused."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from smaudit.catalogue.selection import nist_id
from smaudit.cli.app import cli
from tests.conftest import AS_OF, SAMPLES

AGENCY = str(SAMPLES / "agency.yaml")


def _ids(runner: CliRunner, *options: str) -> set[str]:
    result = runner.invoke(
        cli, ["check", AGENCY, "--as-of", AS_OF, "--format", "json", "--include-passed", *options]
    )
    assert result.exit_code in (0, 1, 3), result.output
    return {f["control_id"] for f in json.loads(result.stdout)["findings"]}


def _listed(runner: CliRunner, *options: str) -> list[list[str]]:
    result = runner.invoke(cli, ["controls", "list", *options])
    assert result.exit_code == 0, result.output
    return [line.split() for line in result.stdout.splitlines()[2:]]


def test_ids_are_read_in_any_case(runner: CliRunner) -> None:
    assert _ids(runner, "--select", "sm-ia-01") == {"SM-IA-01"}
    assert "SM-IA-01" not in _ids(runner, "--skip", "Sm-Ia-01")


def test_a_family_selects_the_profiles_members_of_it(runner: CliRunner) -> None:
    ia = _ids(runner, "--select", "ia")
    assert ia and all(i.startswith("SM-IA-") for i in ia)
    assert "SM-IA-13" not in ia  # calendar rotation: not in modern, and a family never adds it
    assert not any(i.startswith("SM-IA-") for i in _ids(runner, "--skip", "IA"))


def test_a_profile_names_its_controls(runner: CliRunner) -> None:
    isimc = {row[0] for row in _listed(runner, "--profile", "isimc-2009")}
    assert _ids(runner, "--select", "isimc-2009") == isimc - {"SM-IA-13"}
    assert not _ids(runner, "--skip", "isimc-2009") & isimc


def test_an_id_may_add_a_control_beyond_the_profile(runner: CliRunner) -> None:
    assert _ids(runner, "--select", "SM-IA-13") == {"SM-IA-13"}


@pytest.mark.parametrize(
    ("word", "hint"),
    [
        ("SM-IA-1", "did you mean SM-IA-01?"),
        ("moden", "did you mean modern?"),
        ("SM-NOPE-01", "not a control id, family or profile: 'SM-NOPE-01'\n"),
    ],
)
def test_a_near_miss_gets_a_suggestion(runner: CliRunner, word: str, hint: str) -> None:
    result = runner.invoke(cli, ["check", AGENCY, "--select", word])
    assert result.exit_code == 2 and hint in result.stderr
    result = runner.invoke(cli, ["controls", "show", word])
    assert result.exit_code == 2 and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("IA-2(1)", "ia-2.1"),
        ("ia-2.1", "ia-2.1"),
        ("IA-02 (01)", "ia-2.1"),
        ("AC-2", "ac-2"),
        ("ia2", None),
        ("IA-2(1", "ia-2.1"),
    ],
)
def test_nist_ids_in_nists_notation(typed: str, canonical: str | None) -> None:
    assert nist_id(typed) == canonical


def test_nist_base_control_finds_its_enhancements(runner: CliRunner) -> None:
    exact = {row[0] for row in _listed(runner, "--nist", "IA-2(1)")}
    base = {row[0] for row in _listed(runner, "--nist", "ia-2")}
    assert "SM-IA-01" in exact and exact <= base
    result = runner.invoke(cli, ["controls", "list", "--nist", "ia2"])
    assert result.exit_code == 2 and "IA-2(1)" in result.stderr


def test_controls_list_shows_the_profiles_severity(runner: CliRunner) -> None:
    """isimc-2009 makes SM-IA-01 info (the 2009 text only asks providers to support MFA)."""
    rows = {row[0]: row[1] for row in _listed(runner, "--profile", "isimc-2009")}
    assert rows["SM-IA-01"] == "info"
    assert {row[0]: row[1] for row in _listed(runner)}["SM-IA-01"] == "critical"
    filtered = _listed(runner, "--profile", "isimc-2009", "--severity", "info")
    assert [row[0] for row in filtered] == ["SM-IA-01"]


@pytest.mark.parametrize(
    "argv",
    [
        ["controls", "list", "--severity", "high", "--severity", "low"],
        ["check", AGENCY, "--format", "json", "--format=sarif"],
        ["check", AGENCY, "--fail-on", "high", "--fail-on", "low"],
        ["diff", "a.json", "b.json", "--format", "json", "--format", "table"],
    ],
)
def test_an_option_that_keeps_one_value_refuses_two(runner: CliRunner, argv: list[str]) -> None:
    result = runner.invoke(cli, argv)
    assert result.exit_code == 2 and "given more than once" in result.stderr


def test_repeatable_options_still_repeat(runner: CliRunner) -> None:
    assert _ids(runner, "--select", "SM-IA-01", "--select", "SM-IA-02") == {"SM-IA-01", "SM-IA-02"}


def test_version_names_the_catalogue(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("smaudit, version ") and "catalogue, version " in result.stdout
    assert "\nbuild: " in result.stdout  # which compiled parts ran: figures are read beside it
