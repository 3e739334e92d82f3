"""JUnit XML: the junit-10.xsd schema, counts, unique names, and text XML 1.0 can carry."""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET

from smaudit.formats.findings import junit
from smaudit.model import Report, Status
from tests.formats.conftest import PLACES, junit_errors, render


def test_validates_against_junit_10_xsd(report: Report) -> None:
    assert not junit_errors(render(report, "junit"))


def test_the_schema_rejects_file_and_line_on_a_testcase(report: Report) -> None:
    root = ET.fromstring(render(report, "junit"))
    case = root.find("./testsuite/testcase")
    assert case is not None
    case.set("file", "inventory/agency.yaml")
    assert junit_errors(ET.tostring(root, encoding="unicode"))


def test_one_suite_per_control_one_case_per_account(report: Report) -> None:
    root = ET.fromstring(render(report, "junit"))
    suites = root.findall("testsuite")
    assert [s.get("name", "").split()[0] for s in suites] == [c.id for c in report.controls]
    names = [(c.get("classname"), c.get("name")) for c in root.iter("testcase")]
    assert len(names) == len(set(names)) == len(report.controls) * len(report.inventory.accounts)


def test_counts_match_the_outcomes(report: Report) -> None:
    root = ET.fromstring(render(report, "junit"))
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


def test_failures_and_errors_say_file_and_line(report: Report) -> None:
    root = ET.fromstring(render(report, "junit"))
    seen = {}
    for case in root.iter("testcase"):
        outcome = case.find("failure") if case.find("failure") is not None else case.find("error")
        if outcome is None:
            continue
        assert outcome.get("type") and outcome.text
        place = outcome.get("message", "").split(": ")[0]
        file, line = place.rsplit(":", 1)
        seen[(case.get("classname"), case.get("name"))] = (file, int(line))
        assert f"{file}:{line}:" in outcome.text
    assert seen == {k: (file, line) for k, (file, line, _) in PLACES.items()}


def test_not_applicable_is_skipped_with_its_reason(report: Report) -> None:
    root = ET.fromstring(render(report, "junit"))
    skipped = [c.find("skipped") for c in root.iter("testcase") if c.get("name") == "old-flickr"]
    assert all(s is not None and "retired" in s.get("message", "") for s in skipped)


def test_characters_illegal_in_xml_are_removed(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    hostile = dataclasses.replace(failure, message="bell\x07 nul\x00 esc\x1b[31m ok \ufffe")
    text = junit.render(dataclasses.replace(report, findings=(hostile,)))
    failure_element = ET.fromstring(text).find(".//failure")
    assert failure_element is not None
    assert "bell nul esc[31m ok " in failure_element.get("message", "")
