"""JUnit XML for GitLab and Jenkins: a test suite per control, a test case per account."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator

from smaudit.formats.findings.common import controls_by_id, show_value, waiver_note, where
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Control, Finding, Report, Status

# XML 1.0 allows tab, LF, CR and these ranges; anything else (other control characters, lone
# surrogates, U+FFFE/U+FFFF) makes the whole report unreadable, so it is dropped.
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(_parts(report))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks, a suite at a time: a report lists every evaluation, and
    one tree of them all took a gigabyte at 10,000 accounts."""
    return (part.encode() for part in _parts(report))


def _parts(report: Report) -> Iterator[str]:
    """The document one suite at a time, each indented where it sits, as ET.indent indents a
    whole tree (the golden file was written from one tree)."""
    controls = controls_by_id(report)
    by_control: dict[str, list[Finding]] = {c.id: [] for c in report.controls}
    for finding in report.findings:
        by_control[finding.control_id].append(finding)
    root = ET.Element("testsuites", name="smaudit")
    _totals(root, report.findings)
    if not by_control:
        yield _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
        return
    opening = ET.tostring(root, encoding="unicode").removesuffix(" />")
    yield _DECLARATION + opening + ">"
    for control_id, findings in by_control.items():
        findings.sort(key=lambda f: f.account_id)
        suite = _suite(controls[control_id], findings, report)
        ET.indent(suite, level=1)
        yield "\n  " + ET.tostring(suite, encoding="unicode")
    yield "\n</testsuites>\n"


def clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def _totals(element: ET.Element, findings: Iterable[Finding]) -> None:
    statuses = [f.status for f in findings]
    element.set("tests", str(len(statuses)))
    element.set("failures", str(statuses.count(Status.FAIL)))
    element.set("errors", str(statuses.count(Status.ERROR)))


def _suite(control: Control, findings: list[Finding], report: Report) -> ET.Element:
    suite = ET.Element("testsuite", name=clean(f"{control.id} {control.title}"))
    _totals(suite, findings)
    skipped = sum(f.status in (Status.NOT_APPLICABLE, Status.WAIVED) for f in findings)
    suite.set("skipped", str(skipped))
    suite.set("timestamp", report.run.started_at.isoformat(timespec="seconds"))
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("control_id", control.id),
        ("control_version", str(control.version)),
        ("severity", control.severity.value),
        ("nist_800_53", " ".join(control.nist_800_53)),
        ("run_id", report.run.id),
        ("profile", report.run.profile),
    ):
        ET.SubElement(properties, "property", name=name, value=clean(value))
    for finding in findings:
        suite.append(_case(control, finding))
    return suite


def _case(control: Control, finding: Finding) -> ET.Element:
    # classname + name must be unique: GitLab silently drops repeated ones
    case = ET.Element("testcase", classname=control.id, name=clean(finding.account_id))
    place = where(finding)
    message = clean(f"{place.file}:{place.line}: {finding.message}")
    if finding.status is Status.FAIL:
        outcome = ET.SubElement(case, "failure", message=message, type=finding.severity.value)
        outcome.text = clean(_body(control, finding))
    elif finding.status is Status.ERROR:
        outcome = ET.SubElement(case, "error", message=message, type="not_assessed")
        outcome.text = clean(_body(control, finding))
    elif finding.status is Status.WAIVED:
        note = f"{waiver_note(finding)}: {finding.message}"
        ET.SubElement(case, "skipped", message=clean(note), type="waived")
    elif finding.status is Status.NOT_APPLICABLE:
        ET.SubElement(case, "skipped", message=clean(finding.message), type="not_applicable")
    return case


def _body(control: Control, finding: Finding) -> str:
    """What a pipeline log shows: where, what was found, and how to fix it."""
    lines = [
        f"{where(finding)}: {finding.account_id} ({finding.platform}): {finding.message}",
        f"severity: {finding.severity.value}",
    ]
    lines += [
        f"evidence: {e.path} = {show_value(e.actual)} (expected {e.expected}): {e.outcome.value}"
        for e in finding.evidence
    ]
    lines.append(f"remediation: {control.remediation_for(finding.platform)}")
    return "\n".join(lines)
