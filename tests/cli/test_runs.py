"""`smaudit diff` and `smaudit history` through click's CliRunner, and the functions that
`check --baseline` and `check --history` call."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from smaudit.cli.app import cli
from smaudit.cli.runs import baseline_drift, diff, history_command, record_run
from smaudit.runs.drift import Category
from smaudit.runs.history import list_runs
from smaudit.runs.record import record
from smaudit.schemas import load_schema
from tests.feeds import DAY1, DAY2, OFF, ON, SMS, document, inventory, report


def feed_file(path: Path, doc: dict[str, Any]) -> str:
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


@pytest.fixture
def feeds(tmp_path: Path) -> tuple[str, str]:
    """Day 1: a fails MFA (critical), c has SMS only (high). Day 2: a fixed, b regressed."""
    day1 = inventory(tmp_path / "1.yaml", {"a": OFF, "b": ON, "c": SMS})
    day2 = inventory(tmp_path / "2.yaml", {"a": ON, "b": OFF, "c": SMS})
    return (
        feed_file(tmp_path / "old.json", document(day1, DAY1)),
        feed_file(tmp_path / "new.json", document(day2, DAY2)),
    )


def test_diff_prints_a_table_and_exits_0_without_fail_on_new(
    runner: CliRunner, feeds: tuple[str, str]
) -> None:
    result = runner.invoke(diff, [*feeds])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("NEW FAILURES  [1]\n    CRITICAL  SM-IA-01  b ")
    assert result.stdout.rstrip().endswith(
        "2026-11-19 -> 2026-11-20: 1 new failure, 1 still failing, 1 fixed"
    )
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("options", "code"),
    [
        (["--fail-on-new"], 1),
        (["--fail-on-new", "--fail-on", "critical"], 1),
        (["--fail-on", "critical"], 0),
    ],
)
def test_fail_on_new(
    runner: CliRunner, feeds: tuple[str, str], options: list[str], code: int
) -> None:
    assert runner.invoke(diff, [*feeds, *options]).exit_code == code


def test_fail_on_new_passes_when_only_fixes_and_old_failures_remain(
    runner: CliRunner, tmp_path: Path
) -> None:
    old = document(inventory(tmp_path / "1.yaml", {"a": OFF, "c": SMS}), DAY1)
    new = document(inventory(tmp_path / "2.yaml", {"a": ON, "c": SMS}), DAY2)
    paths = [feed_file(tmp_path / "o.json", old), feed_file(tmp_path / "n.json", new)]
    assert runner.invoke(diff, [*paths, "--fail-on-new"]).exit_code == 0


def test_fail_on_new_exits_3_when_something_newly_cannot_be_assessed(
    runner: CliRunner, tmp_path: Path
) -> None:
    old = document(inventory(tmp_path / "1.yaml", {"a": ON}), DAY1)
    new = document(inventory(tmp_path / "2.yaml", {"a": None}), DAY2)
    paths = [feed_file(tmp_path / "o.json", old), feed_file(tmp_path / "n.json", new)]
    assert runner.invoke(diff, [*paths, "--fail-on-new"]).exit_code == 3


def test_diff_json_to_a_file_with_the_summary_on_stderr(
    runner: CliRunner, feeds: tuple[str, str], tmp_path: Path
) -> None:
    out = tmp_path / "drift.json"
    result = runner.invoke(diff, [*feeds, "--format", "json", "--output", str(out)])
    assert result.exit_code == 0 and result.stdout == ""
    assert "1 new failure" in result.stderr
    doc = json.loads(out.read_text())
    Draft202012Validator.check_schema(load_schema("drift"))
    jsonschema.validate(doc, load_schema("drift"))
    assert doc["old"]["source"] == feeds[0]


def test_diff_markdown(runner: CliRunner, feeds: tuple[str, str]) -> None:
    result = runner.invoke(diff, [*feeds, "--format", "markdown"])
    assert result.stdout.startswith("## smaudit drift\n")
    assert "| critical | `SM-IA-01` | `b` | mfa.enabled is false; expected true |" in result.stdout


def test_a_bad_feed_is_exit_2_with_its_location(
    runner: CliRunner, feeds: tuple[str, str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": "1.0.0",\n "tool": 3}', encoding="utf-8")
    result = runner.invoke(diff, [feeds[0], str(bad)])
    assert result.exit_code == 2
    assert f"error: {bad}:2:10: tool: expected a mapping (key: value), got 3" in result.stderr


def test_history_lists_runs_findings_and_time_to_fix(runner: CliRunner, tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    record(db, document(inventory(tmp_path / "1.yaml", {"a": OFF, "b": ON, "c": SMS}), DAY1))
    record(db, document(inventory(tmp_path / "2.yaml", {"a": ON, "b": OFF, "c": SMS}), DAY2))

    runs = runner.invoke(history_command, ["--history", str(db)])
    assert runs.exit_code == 0, runs.output
    lines = runs.stdout.splitlines()
    assert lines[0].split()[:6] == ["RUN", "AS", "OF", "PROFILE", "ACCOUNTS", "PASS"]
    # the shortest prefix that names one run, which --run accepts
    assert lines[2].split() == [
        "run-2026-11-1", "2026-11-19", "modern", "3", "60.0%", "2", "1", "critical,", "1",
        "high", "0", "0",
    ]  # fmt: skip

    one = runner.invoke(history_command, ["--history", str(db), "--run", "run-2026-11-2"])
    assert "Run run-2026-11-20 (as of 2026-11-20, profile modern): 2 findings" in one.stdout

    by_finding = runner.invoke(history_command, ["--history", str(db), "--findings"])
    fixed = next(line for line in by_finding.stdout.splitlines() if line.startswith("fixed"))
    assert fixed.split() == [
        "fixed", "CRITICAL", "SM-IA-01", "a", "2026-11-19", "2026-11-19", "2026-11-20", "1", "1",
    ]  # fmt: skip
    assert by_finding.stdout.rstrip().endswith(
        "1 fixed (median 1 day to fix, longest 1 day); 2 still open or unresolved"
    )


@pytest.mark.parametrize(
    ("options", "kind", "count"),
    [
        ([], "runs", 2),
        (["--run", "run-2026-11-19"], "run_findings", 2),
        (["--findings"], "timelines", 3),
    ],
)
def test_history_json_validates_against_the_shipped_schema(
    runner: CliRunner, tmp_path: Path, options: list[str], kind: str, count: int
) -> None:
    db = tmp_path / "h.sqlite"
    record(db, document(inventory(tmp_path / "1.yaml", {"a": OFF, "b": ON, "c": SMS}), DAY1))
    record(db, document(inventory(tmp_path / "2.yaml", {"a": ON, "b": OFF, "c": SMS}), DAY2))
    result = runner.invoke(history_command, ["--history", str(db), "--format", "json", *options])
    doc = json.loads(result.stdout)
    Draft202012Validator.check_schema(load_schema("history"))
    jsonschema.validate(doc, load_schema("history"))
    key = "findings" if kind == "run_findings" else kind
    assert doc["kind"] == kind and len(doc[key]) == count


def test_history_of_a_missing_file_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(history_command, ["--history", str(tmp_path / "none.sqlite")])
    assert result.exit_code == 2
    assert "no history here" in result.stderr


def test_record_run_and_baseline_drift_take_the_report_check_made(tmp_path: Path) -> None:
    db = tmp_path / "h.sqlite"
    day1 = report(inventory(tmp_path / "1.yaml", {"a": OFF, "b": ON}), DAY1, include_passed=True)
    assert record_run(db, day1) == "run-2026-11-19"
    assert list_runs(db)[0].counts
    with sqlite3.connect(db) as conn:  # passes are inferred, not stored
        assert conn.execute("SELECT DISTINCT status FROM findings").fetchall() == [("fail",)]
    old = feed_file(tmp_path / "old.json", document(tmp_path / "1.yaml", DAY1))
    day2 = report(inventory(tmp_path / "2.yaml", {"a": ON, "b": ON}), DAY2)
    drift = baseline_drift(Path(old), day2)
    assert [(e.category, e.account_id) for e in drift.entries] == [(Category.FIXED, "a")]
    assert drift.new.source == "this run"


def test_diff_and_history_are_smaudit_subcommands(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])
    assert "diff" in result.stdout and "history" in result.stdout
