"""The HTML report's trend: the runs `--history` recorded, then this one, as an SVG chart with
its table; the table's last row is this run, the feed's figures (the consumer test,
test_html_consumer.py, opens a page with a trend in Chromium and axe-core)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats.findings.html import trend
from smaudit.model import Report, Severity, Status
from smaudit.runs.history import RunRow
from tests.conftest import AS_OF, SAMPLES
from tests.formats.test_html import Page


def _row(day: int, failed: int, not_assessed: int) -> RunRow:
    return RunRow(
        run_id=f"run-{day:04d}",
        as_of=dt.date(2026, 1, 1) + dt.timedelta(days=day),
        started_at="2026-01-01T00:00:00+00:00",
        profile="modern",
        catalogue_version="1",
        tool_version="0",
        accounts=10,
        controls=44,
        counts={Status.FAIL: failed, Status.ERROR: not_assessed, Status.PASS: 100},
        failed_by_severity={Severity.CRITICAL: failed},
    )


def _page(report: Report, history: tuple[RunRow, ...] | None) -> tuple[str, Page]:
    text = FORMATS["html"].render(report.without_passes(), RenderOptions(history=history))
    return text, Page(text)


def _section(text: str) -> str:
    return text[text.index('<section id="trend"') : text.index('<section id="rollups"')]


def test_without_a_history_the_page_says_how_to_keep_one(report: Report) -> None:
    text, page = _page(report, None)
    assert page.problems == []
    assert "keeps no history" in _section(text) and "<svg" not in text


def test_the_first_recorded_run_is_a_table_of_one_row_and_no_line(report: Report) -> None:
    text, page = _page(report, ())
    section = _section(text)
    assert page.problems == []
    assert "<svg" not in section and "One run so far" in section
    assert section.count("(this run)") == 1


def test_the_chart_and_its_table_hold_the_last_runs(report: Report) -> None:
    earlier = tuple(_row(day, 200 - day, 50) for day in range(trend.MAX_RUNS + 10))
    text, page = _page(report, earlier)
    section = _section(text)
    assert page.problems == []
    assert section.count('<tr><th scope="row"') == trend.MAX_RUNS
    assert "11 earlier runs not shown" in section  # 70 recorded and this one, 60 shown
    assert section.count("<polyline") == 2
    # the text alternative names the chart and its one-sentence summary
    assert 'role="img" aria-labelledby="trend-title trend-summary"' in section
    xs = [float(x) for x in re.findall(r'<circle cx="([\d.]+)"', section)]
    assert xs == sorted(xs) and len(xs) == trend.MAX_RUNS


def test_the_last_row_is_this_run_with_the_feeds_figures(tmp_path: Path) -> None:
    """Through the CLI: two runs recorded, then a third that writes the page and the feed."""
    history, page, feed = tmp_path / "h.db", tmp_path / "r.html", tmp_path / "f.json"
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF, "--history", str(history)]
    for _ in range(2):
        assert CliRunner().invoke(cli, args).exit_code == 1
    result = CliRunner().invoke(cli, [*args, f"--output=html:{page}", f"--output=json:{feed}"])
    assert result.exit_code == 1, result.output
    summary = json.loads(feed.read_text("utf-8"))["summary"]
    section = _section(page.read_text("utf-8"))
    rows = re.findall(r"<tr><th scope=\"row\".*?</tr>", section)
    assert len(rows) == 3 and "(this run)" in rows[-1]
    cells = [int(c.replace(",", "")) for c in re.findall(r'<td class="n">([\d,]+)</td>', rows[-1])]
    # accounts, failed, five severities, not assessed, waived, passed
    assert cells[1] == summary["fail"] and cells[7] == summary["error"]
    assert cells[9] == summary["pass"]
    assert rows[0].split("</td>", 2)[2] == rows[-1].split("</td>", 2)[2]  # same runs, same figures


def test_an_unreadable_history_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    history, page = tmp_path / "h.db", tmp_path / "r.html"
    history.write_text("not a database", "utf-8")
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF, "--history", str(history)]
    result = CliRunner().invoke(cli, [*args, f"--output=html:{page}"])
    assert result.exit_code == 2
    assert "history database" in result.output and "Traceback" not in result.output
    assert not page.exists()


@pytest.mark.parametrize("value", [*range(0, 130), 149, 151, 999, 1_001, 12_345, 720_000])
def test_the_axis_top_is_round_and_close(value: int) -> None:
    top = trend._nice_ceiling(value)
    assert top >= max(value, 5) and top % 5 == 0
    assert value <= 5 or top < 2 * value  # the lines use at least half the height


def test_a_run_without_findings_draws_on_a_floor_of_five(report: Report) -> None:
    empty = dataclasses.replace(report, findings=(), passes_listed=False)
    text, page = _page(empty, (_row(0, 0, 0),))
    assert page.problems == [] and ">5</text>" in _section(text)
