"""JUnit XML: junit-10.xsd but for `file`, what GitLab and Jenkins read, junitparser reading it,
and GitLab's 30 MB a file at 10,000 accounts without a finding dropped."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import importlib
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from click.testing import CliRunner

from smaudit.assessment import waivers
from smaudit.cli.app import cli
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats.findings import junit
from smaudit.model import Report, Status
from tests.conftest import AS_OF as AS_OF_TEXT
from tests.conftest import SAMPLES
from tests.formats.conftest import (
    AS_OF,
    DATA,
    PLACES,
    a_waiver,
    junit_errors,
    junit_schema_errors,
    render,
    view,
)

GITLAB_FILE_LIMIT = 30_000_000
"""GitLab's documented most for one JUnit report, "30 MB" (docs: Unit test reports), read as
decimal megabytes, the smaller reading."""
GITLAB_OBJECT_LIMIT = 250_000
"""GitLab 17.6.1 refused JUnit reports of more XML elements than this (issue 507482): a bug of
that release, but a bound worth keeping under."""
GITLAB_TEXT_LIMIT = 10_000_000
"""Bytes in one text node: libxml2's most without its "huge" option, which GitLab's parser
(Nokogiri) does not set, so a larger node fails the whole report (GitLab issue 268035)."""


def junitparser() -> ModuleType:
    """The consumer, or a skip where it is absent; CI installs it and sets
    SMAUDIT_EXPECT_JUNITPARSER, which turns the skip into a failure."""
    try:
        return importlib.import_module("junitparser")
    except ImportError:
        if os.environ.get("SMAUDIT_EXPECT_JUNITPARSER"):
            raise
        pytest.skip("junitparser is not installed (pip install junitparser; .ci/run has it)")


def _root(text: str) -> ET.Element:
    return ET.fromstring(text)


def _cases(text: str) -> list[ET.Element]:
    return list(_root(text).iter("testcase"))


def _rendered(report: Report, root: Path = DATA) -> str:
    """The text the CLI writes, from the data folder, as a user in their repository does."""
    with contextlib.chdir(DATA):
        return FORMATS["junit"].render(view(report, "junit"), RenderOptions(source_root=root))


def _account(case: ET.Element) -> str:
    """`hq-x (x)` from `Multi-factor authentication is enabled: hq-x (x)`."""
    return case.get("name", "").rsplit(": ", 1)[1]


def test_valid_against_junit_10_xsd_but_for_the_file_gitlab_reads(report: Report) -> None:
    text = render(report, "junit")
    assert not junit_errors(text)
    departures = junit_schema_errors(text)
    assert departures and all("'file'" in error for error in departures)
    assert len(departures) == len(_cases(text))


def test_the_schema_check_rejects_what_it_should(report: Report) -> None:
    root = _root(render(report, "junit"))
    case = root.find("./testsuite/testcase")
    assert case is not None
    case.set("line", "12")
    assert junit_errors(ET.tostring(root, encoding="unicode"))


def test_passes_are_left_out_unless_asked_for(report: Report) -> None:
    assert not FORMATS["junit"].needs_all_outcomes
    default = _cases(render(report, "junit"))
    assert len(default) == len(report.without_passes().findings)
    assert all(c.find("*") is not None for c in default)  # every one fails, errs or is waived
    listed = _cases(junit.render(report))  # --include-passed: the report lists every outcome
    assert len(listed) == report.total
    assert any(c.find("*") is None for c in listed)


def test_passes_left_out_are_still_counted(report: Report) -> None:
    for suite in _root(render(report, "junit")).iter("testsuite"):
        properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
        counts = report.counts_by_control[properties["control_id"] or ""]
        assert properties["accounts_pass"] == str(counts.get(Status.PASS, 0))
        assert properties["agency"] == "Department of Examples"
        assert properties["inventory"] == "inventory/agency.yaml,inventory/regional.yaml"


def test_names_say_the_control_and_the_account_and_are_unique(report: Report) -> None:
    cases = _cases(junit.render(report))
    titles = {c.id: c.title for c in report.controls}
    pairs = [(c.get("classname"), c.get("name")) for c in cases]
    assert len(pairs) == len(set(pairs)) == len(report.controls) * len(report.inventory.accounts)
    assert ("SM-IA-01", "Multi-factor authentication is enabled: hq-x (x)") in pairs
    assert all((n or "").startswith(f"{titles[k or '']}: ") for k, n in pairs)


def test_counts_are_the_test_cases(report: Report) -> None:
    root = _root(junit.render(report))
    for suite in root.findall("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests", "")) == len(cases)
        for tag, attribute in (
            ("failure", "failures"),
            ("error", "errors"),
            ("skipped", "skipped"),
        ):
            assert int(suite.get(attribute, "")) == sum(c.find(tag) is not None for c in cases)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        str(report.total),
        str(report.count(Status.FAIL)),
        str(report.count(Status.ERROR)),
    )


def test_file_is_the_line_to_fix_relative_to_the_repository(report: Report) -> None:
    seen = {}
    for case in _cases(_rendered(report)):
        outcome = case.find("failure") if case.find("failure") is not None else case.find("error")
        if outcome is None:
            continue
        file, _, line = (case.get("file") or "").partition("#L")
        key = (case.get("classname"), _account(case).split(" ")[0])
        seen[key] = (file, int(line))
        assert (outcome.get("message") or "").startswith(f"{file}:{line}: ")
        assert outcome.get("type") and f"{file}:{line}:" in (outcome.text or "")
    assert seen == {k: (file, line) for k, (file, line, _) in PLACES.items()}
    outside = _cases(_rendered(report, root=DATA / "inventory"))
    assert {c.get("file", "").split("#")[0] for c in outside} == {"agency.yaml", "regional.yaml"}


def test_outcomes_show_as_what_they_are(report: Report) -> None:
    waived = waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF)
    cases = {(c.get("classname"), _account(c)): c for c in _cases(junit.render(waived))}
    skipped = cases[("SM-IA-01", "hq-x (x)")].find("skipped")
    assert skipped is not None and skipped.get("type") == "waived"
    assert "waived by W-1 (risk_acceptance, ticket SEC-12, until 2027-01-31)" in skipped.get(
        "message", ""
    )
    assert "found: fail" in (skipped.text or "")  # GitLab shows the text, not the message
    error = cases[("SM-IA-01", "region-youtube (youtube)")].find("error")
    assert error is not None and error.get("type") == "not_assessed"
    retired = cases[("SM-IA-01", "old-flickr (flickr)")].find("skipped")
    assert retired is not None and retired.get("type") == "not_applicable"
    assert "retired" in retired.get("message", "") and "retired" in (retired.text or "")


def test_many_accounts_alike_make_one_test_case(
    report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(junit, "GROUP_OVER", 0)
    cases = _cases(junit.render(report))
    names = {(c.get("classname"), c.get("name")) for c in cases}
    assert ("SM-IA-01", "Multi-factor authentication is enabled: accounts that fail") in names
    assert ("SM-IA-01", "Multi-factor authentication is enabled: accounts that pass") in names
    assert len(cases) == sum(len(c) for c in report.counts_by_control.values())
    failing = next(c for c in cases if c.get("name", "").endswith("accounts that fail"))
    failure = failing.find("failure")
    assert failure is not None and failure.get("message") == "1 of 4 accounts fail"
    assert "inventory/agency.yaml:26:16: hq-x (x)" in (failure.text or "")
    assert "remediation: " in (failure.text or "")
    passing = next(c for c in cases if c.get("name", "").endswith("accounts that pass"))
    assert passing.find("failure") is None and "hq-facebook (facebook)" in (
        passing.findtext("system-out") or ""
    )


def test_characters_illegal_in_xml_are_removed(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    hostile = dataclasses.replace(failure, message="bell\x07 nul\x00 esc\x1b[31m ok \ufffe")
    text = junit.render(dataclasses.replace(report, findings=(hostile,)))
    failure_element = ET.fromstring(text).find(".//failure")
    assert failure_element is not None
    assert "bell nul esc[31m ok " in failure_element.get("message", "")


def test_junitparser_reads_every_outcome(report: Report) -> None:
    parser = junitparser()
    waived = waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF)
    text = junit.render(waived)
    xml = parser.JUnitXml.fromstring(text)
    kinds = {
        (case.classname, case.name.rsplit(": ", 1)[1]): [type(r).__name__ for r in case.result]
        for suite in xml
        for case in suite
    }
    assert kinds[("SM-IA-01", "hq-x (x)")] == ["Skipped"]
    assert kinds[("SM-GOV-03", "hq-x (x)")] == ["Failure"]
    assert kinds[("SM-IA-01", "region-youtube (youtube)")] == ["Error"]
    assert kinds[("SM-IA-01", "hq-facebook (facebook)")] == []
    assert _junitparser_reads(text)["cases"] == len(kinds)  # and counts as we do


def _junitparser_reads(text: str) -> dict[str, int]:
    """What junitparser makes of a report: its outcomes counted, after checking that its own
    count of each suite's test cases agrees with the one written."""
    parser = junitparser()
    counts = {"cases": 0, "Failure": 0, "Error": 0, "Skipped": 0}
    for suite in parser.JUnitXml.fromstring(text):
        written = (suite.tests, suite.failures, suite.errors, suite.skipped)
        suite.update_statistics()
        assert (suite.tests, suite.failures, suite.errors, suite.skipped) == written, suite.name
        for case in suite:
            counts["cases"] += 1
            for result in case.result:
                counts[type(result).__name__] += 1
    return counts


def test_junitparser_reads_the_sample() -> None:
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF_TEXT, "--format", "junit"]
    result = CliRunner().invoke(cli, args)
    counts = _junitparser_reads(result.stdout)
    assert counts["cases"] == len(_cases(result.stdout)) and counts["Failure"] > 0


def test_the_sample_through_the_cli() -> None:
    runner = CliRunner()
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF_TEXT, "--format", "junit"]
    default = runner.invoke(cli, args)
    listed = runner.invoke(cli, [*args, "--include-passed"])
    assert default.exit_code == listed.exit_code == 1, default.output
    assert not junit_errors(default.stdout) and not junit_errors(listed.stdout)
    failing, every = _cases(default.stdout), _cases(listed.stdout)
    assert 0 < len(failing) < len(every)
    assert all(
        re.fullmatch(r"sample_accounts/agency\.yaml#L\d+", c.get("file", "")) for c in failing
    )


def _accounts_named(suite: ET.Element) -> Iterator[str]:
    """Every account a suite names: in a test case of its own, or a line of one of many."""
    for case in suite.iter("testcase"):
        name = case.get("name", "")
        if name.endswith(")"):
            yield _account(case).split(" ")[0]
        for text in (e.text or "" for e in case):
            yield from re.findall(r"^(?:\S+: | {2}\S+: | {2})?([\w.:-]+) \(", text, re.M)


@pytest.mark.parametrize("passes", [False, True], ids=["default", "include-passed"])
def test_10000_accounts_within_gitlab_limits_and_nothing_dropped(
    scale_report: Report, passes: bool
) -> None:
    shown = scale_report if passes else view(scale_report, "junit")
    text = b"".join(junit.iter_render(shown, RenderOptions())).decode()
    assert len(text.encode()) < GITLAB_FILE_LIMIT
    root = ET.fromstring(text)
    assert sum(1 for _ in root.iter()) < GITLAB_OBJECT_LIMIT
    assert max(len((e.text or "").encode()) for e in root.iter()) < GITLAB_TEXT_LIMIT
    expected: dict[str, set[str]] = {}
    for finding in shown.findings:
        expected.setdefault(finding.control_id, set()).add(finding.account_id)
    for suite in root.iter("testsuite"):
        control = suite.get("name", "").split(" ")[0]
        assert set(_accounts_named(suite)) >= expected.get(control, set()), control
    assert not junit_errors(text)


def test_junitparser_reads_10000_accounts(scale_report: Report) -> None:
    shown = view(scale_report, "junit")
    text = b"".join(junit.iter_render(shown, RenderOptions())).decode()
    counts = _junitparser_reads(text)
    root = _root(text)
    assert counts["cases"] == int(root.get("tests", "")) > 0
    assert counts["Failure"] == int(root.get("failures", "")) > 0
    assert counts["Error"] == int(root.get("errors", ""))
