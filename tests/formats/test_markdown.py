"""Markdown summary: worst first, escaped cells, in GitHub's comment limit, as GitHub sees it."""

from __future__ import annotations

import dataclasses
import re

import pytest
from click.testing import CliRunner

from smaudit.cli import cli
from smaudit.formats.findings import markdown
from smaudit.formats.findings.markdown_text import JOB_SUMMARY
from smaudit.model import Report, Status
from tests.conftest import SAMPLES
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


def test_long_reports_stay_within_a_job_summary_and_count_what_they_leave_out(
    report: Report,
) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    many = tuple(dataclasses.replace(failure, account_id=f"a{i:05d}") for i in range(12005))
    text = markdown.render(dataclasses.replace(report, findings=many))
    assert len(text.encode()) <= JOB_SUMMARY.limit
    shown = text.count("| critical | SM-IA-01 |")
    assert 1000 < shown < 12005
    assert f"{12005 - shown} more not shown here" in text and "1,048,576-byte job summary" in text
    assert "<details><summary>SM-IA-01" in text  # the remediation still has its room


def test_a_clean_run_says_so(report: Report) -> None:
    passes = tuple(f for f in report.findings if f.status is Status.PASS)
    counts = {Status.PASS: len(passes)}
    clean = dataclasses.replace(report, findings=passes, counts=counts)
    text = markdown.render(clean)
    assert "all checks passed" in text.splitlines()[0] and "<details>" not in text


# The tags the summary may produce; GitHub's sanitizer keeps these (details and summary among
# them) and would strip any other, so one would mean inventory text got through as markup.
_TAGS = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "details", "summary"}
_TAGS |= {"code", "strong", "ul", "li", "a"}  # a: the catalogue's prose names a mailbox


def _github(text: str) -> str:
    """What GitHub makes of it: its own Markdown renderer, cmark-gfm, with raw HTML kept (as
    GitHub keeps it before sanitizing), so that any tag the text carries shows."""
    cmarkgfm = pytest.importorskip("cmarkgfm", reason="cmarkgfm (GitHub's cmark-gfm) is absent")
    from cmarkgfm.cmark import Options

    return str(cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE))


def _tags(page: str) -> set[str]:
    return set(re.findall(r"<([a-z0-9]+)[\s>]", page))


def test_github_renders_every_row_and_no_markup_from_the_inventory() -> None:
    result = CliRunner().invoke(
        cli,
        ["check", str(SAMPLES / "agency.yaml"), "--as-of", "2026-11-20", "--format", "markdown"],
        env={"GITHUB_SERVER_URL": None, "GITHUB_REPOSITORY": None, "GITHUB_SHA": None},
    )
    text = result.stdout
    page = _github(text)
    rows = sum(1 for line in text.splitlines() if line.startswith("| "))
    assert page.count("<tr>") == rows  # every table line a table row: no cell broke its table
    assert page.count("<details>") == text.count("<details>")
    assert _tags(page) <= _TAGS
    tables = "".join(re.findall(r"<table>.*?</table>", page, re.S))
    assert "<a " not in tables  # no address or URL from the inventory became a link
    assert len(text.encode()) <= JOB_SUMMARY.limit


def test_ten_thousand_accounts_fit_one_job_summary(scale_report: Report) -> None:
    text = render(scale_report, "markdown")
    assert len(text.encode()) <= JOB_SUMMARY.limit
    assert "more not shown here" in text
    assert _github(text).count("<tr>") == sum(1 for ln in text.splitlines() if ln.startswith("| "))
