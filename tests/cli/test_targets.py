"""--output read the same way by every command (cli/targets.py): a prefix names the format, else
--format if typed, else the file's name; a name that says nothing is refused with the choices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from tests.conftest import AS_OF, SAMPLES

AGENCY = str(SAMPLES / "agency.yaml")
COMPLIANT = str(SAMPLES / "compliant.yaml")


@pytest.mark.parametrize(
    ("name", "marker"),
    [
        ("results.sarif", '"version": "2.1.0"'),
        ("results.sarif.json", '"version": "2.1.0"'),
        ("feed.json", '"catalogue_version"'),
        ("FEED.JSON", '"catalogue_version"'),
        ("findings.csv", "\nSM-IA-01,"),
        ("report.md", "| SM-IA-01"),
        ("junit.xml", "<testsuites"),
        ("smaudit.prom", "# TYPE smaudit_"),
        ("table.txt", "CRITICAL  SM-IA-01"),
    ],
)
def test_a_bare_file_takes_the_format_its_name_says(
    runner: CliRunner, tmp_path: Path, name: str, marker: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF, "--output", str(out)])
    assert result.exit_code == 1, result.output
    assert result.stdout == ""  # a bare file takes the terminal's place
    assert marker in out.read_text(encoding="utf-8-sig")


def test_a_typed_format_wins_over_the_name(runner: CliRunner, tmp_path: Path) -> None:
    """SARIF files named `.json` are common; what the user typed is what they get."""
    out = tmp_path / "results.json"
    result = runner.invoke(
        cli, ["check", AGENCY, "--as-of", AS_OF, "--format", "sarif", "--output", str(out)]
    )
    assert result.exit_code == 1
    assert json.loads(out.read_text())["version"] == "2.1.0"


def test_a_page_named_html_is_the_html_report(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["check", COMPLIANT, "--as-of", AS_OF, "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text("utf-8").startswith("<!DOCTYPE html>")


@pytest.mark.parametrize("name", ["results", "results.sarif2", "report.pdf"])
def test_a_name_that_says_nothing_is_refused_with_the_choices(
    runner: CliRunner, tmp_path: Path, name: str
) -> None:
    out = tmp_path / name
    result = runner.invoke(cli, ["check", COMPLIANT, "--output", str(out)])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "cannot tell the format" in result.stderr and ".sarif (sarif)" in result.stderr
    assert not out.exists()


def test_diff_reads_output_as_check_does(runner: CliRunner, tmp_path: Path) -> None:
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    for feed, day in ((old, AS_OF), (new, "2026-11-25")):
        runner.invoke(cli, ["check", AGENCY, "--as-of", day, "--output", f"json:{feed}"])
    prefixed, named = tmp_path / "drift.md", tmp_path / "drift.json"
    result = runner.invoke(
        cli,
        ["diff", str(old), str(new), "--output", f"markdown:{prefixed}", "--output", str(named)],
    )
    assert result.exit_code == 0, result.output
    assert prefixed.read_text().startswith("#") and "summary" in json.loads(named.read_text())
    assert not (tmp_path / f"markdown:{prefixed}").exists()
    assert result.stdout == "" and "->" in result.stderr
    result = runner.invoke(cli, ["diff", str(old), str(new), "--output", str(tmp_path / "d.sarif")])
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr
    result = runner.invoke(cli, ["diff", str(old), str(new), "--output", f"json:{old}"])
    assert result.exit_code == 2 and "one of this run's inputs" in result.stderr


def test_history_writes_its_view_to_a_file(runner: CliRunner, tmp_path: Path) -> None:
    db, out = tmp_path / "history.sqlite", tmp_path / "runs.json"
    runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF, "--history", str(db)])
    result = runner.invoke(cli, ["history", "--history", str(db), "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads(out.read_text())
