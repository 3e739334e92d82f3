"""Markdown summary: worst first, not-assessed after failures, escaped cells, a row cap."""

from __future__ import annotations

import dataclasses

from smaudit.formats.findings import markdown
from smaudit.model import Report, Status
from tests.formats.conftest import render


def test_structure_worst_failures_first_then_not_assessed(report: Report) -> None:
    text = render(report, "markdown")
    assert text.startswith("## smaudit: Department of Examples: 3 failed, 1 not assessed\n")
    failures = text.index("### Failures, worst first (3)")
    unassessed = text.index("### Not assessed (1)")
    details = text.index("<details><summary>SM-IA-01")
    assert failures < unassessed < details
    rows = [line for line in text[failures:unassessed].splitlines() if line.startswith("| ")]
    assert [r.split(" | ")[0] for r in rows[1:]] == ["| critical", "| high", "| medium"]
    assert text.count("<details>") == text.count("</details>") == 3
    assert "| **total** | 3 | 1 | 5 | 3 |" in text


def test_cells_escape_pipes_backticks_html_and_mentions(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    hostile = dataclasses.replace(
        failure,
        account_id="a|b",
        message="<img src=x onerror=alert(1)> `code` | @octocat\nnext line",
    )
    text = markdown.render(dataclasses.replace(report, findings=(hostile,)))
    (row,) = [line for line in text.splitlines() if "octocat" in line]
    assert "<img" not in text and "&lt;img" in row
    assert "\\`code\\`" in row and "a\\|b" in row and "@&#8203;octocat" in row
    assert row.count(" | ") == 4  # still five cells: the pipes inside are escaped


def test_long_reports_are_capped_with_a_note(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    many = tuple(dataclasses.replace(failure, account_id=f"a{i:04d}") for i in range(1005))
    text = markdown.render(dataclasses.replace(report, findings=many))
    assert text.count("| critical | SM-IA-01 |") == markdown.MAX_ROWS
    assert "5 more not shown here" in text


def test_a_clean_run_says_so(report: Report) -> None:
    passes = tuple(f for f in report.findings if f.status is Status.PASS)
    counts = {Status.PASS: len(passes)}
    clean = dataclasses.replace(report, findings=passes, counts=counts)
    text = markdown.render(clean)
    assert "all checks passed" in text.splitlines()[0] and "<details>" not in text
