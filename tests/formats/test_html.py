"""The HTML report: well-formed, the feed's figures, escaped, masked, fetching nothing, within
its caps; and (tests/formats/html_consumer) opened in headless Chromium and checked by axe-core.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.assessment import waivers
from smaudit.cli.app import cli
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats.findings import groups, html, jsonfeed
from smaudit.formats.findings.html import attention, controls
from smaudit.model import Report, Status
from smaudit.runs.compare import compare
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import AS_OF as AS_OF_DATE
from tests.formats.conftest import PERSONAL, a_waiver, render

VOID = {"meta", "br", "hr", "img", "input", "link", "wbr", "col", "source", "area", "base"}


class Page(HTMLParser):
    """What the tests read of a page: its problems as HTML, headings, tables, figures."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.headings: list[int] = []
        self.figures: dict[str, int] = {}
        self.attributes: list[tuple[str, str, str]] = []
        self.ids: list[str] = []
        self.tables = self.captions = 0
        self.unscoped_headers = 0
        self.style = ""
        self.csp = ""
        self.text: list[str] = []
        self.feed(text)
        self.close()
        if self.stack:
            self.problems.append(f"never closed: {self.stack}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.attributes += [(tag, k, v) for k, v in values.items()]
        if "id" in values:
            self.ids.append(values["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables += 1
        if tag == "caption":
            self.captions += 1
        if tag == "th" and values.get("scope") not in ("col", "row"):
            self.unscoped_headers += 1
        if tag == "data" and "data-figure" in values:
            self.figures[values["data-figure"]] = int(values["value"])
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.csp = values["content"]
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.style += data
        else:
            self.text.append(data)


def _page(report: Report, options: RenderOptions | None = None) -> tuple[str, Page]:
    text = FORMATS["html"].render(report.without_passes(), options or RenderOptions())
    return text, Page(text)


@pytest.fixture(scope="module")
def sample_page() -> tuple[str, Page, dict[str, object]]:
    """The sample with its waivers through the CLI, and the JSON feed of the same run."""
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF]
    args += ["--waivers", str(SAMPLES / "waivers.yaml"), "--format", "html"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    feed = CliRunner().invoke(cli, [*args[:-1], "json"])
    return result.stdout, Page(result.stdout), json.loads(feed.stdout)


def test_the_page_is_well_formed_with_ordered_headings_and_real_tables(
    sample_page: tuple[str, Page, dict[str, object]],
) -> None:
    text, page, _ = sample_page
    assert page.problems == []
    assert text.startswith('<!DOCTYPE html>\n<html lang="en">')
    assert page.headings.count(1) == 1 and page.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:], strict=False))
    assert page.tables > 10 and page.tables == page.captions
    assert page.unscoped_headers == 0
    assert len(page.ids) == len(set(page.ids))
    assert ("a", "href", "#main") in page.attributes and "main" in page.ids
    links = {v[1:] for tag, k, v in page.attributes if tag == "a" and k == "href"}
    assert links <= set(page.ids)  # every link is to a part of the page itself


def test_the_cards_are_the_feeds_figures(
    sample_page: tuple[str, Page, dict[str, object]],
) -> None:
    _, page, feed = sample_page
    summary = feed["summary"]
    assert isinstance(summary, dict)
    expected = {status: summary[status] for status in ("fail", "error", "waived", "pass")}
    expected |= {f"fail-{s}": counts["fail"] for s, counts in summary["by_severity"].items()}
    assert page.figures == expected
    assert page.figures["fail"] == 142 and page.figures["waived"] == 1


def test_the_small_report_has_every_part(report: Report) -> None:
    text, page = _page(report)
    assert page.problems == []
    assert page.figures["fail"] == report.count(Status.FAIL) == 3
    for control_id in ("SM-IA-01", "SM-GOV-03", "SM-GOV-04"):
        assert f'id="control-{control_id.lower()}"' in text
    assert "IA-2(1)" in text or "IA-2" in text  # NIST ids as people write them
    assert "SHALL" in text and "inventory/agency.yaml:26" in text
    assert "Could not be assessed, by owner" in text and "backup_owner" in text
    assert "This run was not compared with an earlier one" in text


def test_inventory_values_are_escaped_never_markup(write: Callable[..., Path]) -> None:
    hostile = "<script>alert(1)</script>"
    path = write(
        f"""\
        smaudit: 1
        agency:
          name: "<img src=x onerror=alert(2)>"
          email_domains: [example.gov]
        accounts:
          - id: hq-x
            platform: x
            status: active
            office: "{hostile}"
            mfa:
              enabled: false
        """,
        header=False,
    )
    result = CliRunner().invoke(cli, ["check", str(path), "--as-of", AS_OF, "--format", "html"])
    assert result.exit_code == 1, result.output
    text = result.stdout
    assert "<script" not in text and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(2)&gt;" in text
    assert Page(text).problems == []


def test_a_hostile_message_and_waiver_are_escaped(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    hostile = dataclasses.replace(failure, message='"><script>alert(1)</script>')
    text, page = _page(dataclasses.replace(report, findings=(hostile,)))
    assert "<script" not in text and "&lt;script&gt;" in text and page.problems == []


def test_no_personal_data_unless_asked(report: Report, personal_report: Report) -> None:
    text, _ = _page(report)
    assert not [p for p in PERSONAL if p in text]
    assert "jdoe" not in text and "asmith" not in text  # owners are pseudonyms
    assert groups.owner_label("jdoe", False) in text
    personal, _ = _page(personal_report, RenderOptions(show_personal_data=True))
    assert "jane.doe" in personal and "jdoe" in personal


def test_the_approver_is_masked_and_the_waiver_shown(report: Report) -> None:
    waived = waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2026, 12, 1))], AS_OF_DATE)
    text, page = _page(waived)
    assert "Pat Approver" not in text and "P. A." in text
    assert "W-1" in text and "SEC-12" in text and "2026-12-01" in text
    assert "expires soon, in 11 days" in text  # within attention.EXPIRING_SOON_DAYS
    assert page.figures["waived"] == 1


def test_the_policy_forbids_fetching_and_allows_only_its_own_style(
    sample_page: tuple[str, Page, dict[str, object]],
) -> None:
    _, page, _ = sample_page
    digest = base64.b64encode(hashlib.sha256(page.style.encode()).digest()).decode()
    assert page.csp.startswith("default-src 'none'; ")
    assert f"style-src 'sha256-{digest}'" in page.csp
    assert "script-src 'none'" in page.csp and "img-src 'none'" in page.csp
    assert page.style == html.stylesheet()


def test_nothing_in_the_page_could_be_fetched(
    sample_page: tuple[str, Page, dict[str, object]],
) -> None:
    text, page, _ = sample_page
    fetching = [(t, k, v) for t, k, v in page.attributes if k in ("src", "srcset", "data")]
    fetching += [(t, k, v) for t, k, v in page.attributes if k == "href" and not v.startswith("#")]
    assert fetching == []
    assert not {t for t, _, _ in page.attributes} & {"script", "link", "img", "iframe", "object"}
    assert "@import" not in page.style and "url(" not in page.style
    assert not re.search(r"\b(?:src|href|action|poster)\s*=\s*[\"']?\s*(?:https?:)?//", text)


def test_the_strip_counts_what_changed_since_the_baseline(report: Report) -> None:
    waived = waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF_DATE)
    drift = compare(jsonfeed.as_feed(report), jsonfeed.as_feed(waived))
    text, page = _page(waived, RenderOptions(drift=drift))
    assert page.problems == []
    assert "Since the last run" in text and "Compared with run" in text
    for category, key, _, _ in attention._SINCE:
        assert page.figures[key] == drift.count(category)
    assert page.figures["still-failing"] > 0


def test_large_runs_are_capped_and_say_what_they_left_out(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    count = controls.MAX_ROWS + 7
    many = tuple(dataclasses.replace(failure, account_id=f"a{i:04d}") for i in range(count))
    text, page = _page(dataclasses.replace(report, findings=many))
    assert page.problems == []
    assert text.count('<tr><th scope="row"><span class="id">a0') == controls.MAX_ROWS
    assert "7 more accounts of SM-IA-01 not listed here" in text


def test_an_empty_run_renders(report: Report) -> None:
    empty = dataclasses.replace(report, findings=(), passes_listed=False)
    text, page = _page(empty)
    assert page.problems == [] and "No control failed" in text


def test_the_golden_helpers_see_the_format(report: Report) -> None:
    """The shared helpers render it like any other format (test_outputs holds its golden)."""
    assert render(report, "html").startswith("<!DOCTYPE html>")
