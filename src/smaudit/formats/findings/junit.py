"""JUnit XML for GitLab and Jenkins: a test suite per control, a test case per account and
outcome listed, or one per control and outcome when many accounts share it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence

from smaudit.formats.findings.common import (
    aware,
    controls_by_id,
    inventory_label,
    show_value,
    source_uri,
    underlying_status,
    waiver_note,
    where,
)
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Control, Finding, Report, Severity, Status

# XML 1.0 allows tab, LF, CR and these ranges; anything else (other control characters, lone
# surrogates, U+FFFE/U+FFFF) makes the whole report unreadable, so it is dropped.
_ILLEGAL_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'

GROUP_OVER = 100
"""Accounts: a control listed with one outcome for more accounts than this is one test case,
its accounts one a line in its text. GitLab takes 30 MB a file: at 10,000 accounts a test case
each, the failures alone are about 35 MB, and nobody reads 2,000 identical failures one by one."""

# The order outcomes are listed in, and how a test case of many accounts names them. A name
# carries no count, so that a test keeps its identity from run to run (GitLab compares by name).
OUTCOMES = (Status.FAIL, Status.ERROR, Status.WAIVED, Status.PASS, Status.NOT_APPLICABLE)
GROUP_NAMES = {
    Status.FAIL: "accounts that fail",
    Status.ERROR: "accounts not assessed",
    Status.WAIVED: "accounts waived",
    Status.PASS: "accounts that pass",
    Status.NOT_APPLICABLE: "accounts it does not apply to",
}
_TAGS = {
    Status.FAIL: "failure",
    Status.ERROR: "error",
    Status.WAIVED: "skipped",
    Status.NOT_APPLICABLE: "skipped",
}
_VERBS = {
    Status.FAIL: "fail",
    Status.ERROR: "could not be assessed",
    Status.WAIVED: "are waived",
    Status.PASS: "pass",
    Status.NOT_APPLICABLE: "are outside its scope",
}

Groups = dict[Status, list[Finding]]


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(_parts(report, options))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks, a suite at a time: one tree of a large run's test cases
    took a gigabyte at 10,000 accounts."""
    return (part.encode() for part in _parts(report, options))


def _parts(report: Report, options: RenderOptions) -> Iterator[str]:
    """The document one suite at a time, each indented where it sits, as ET.indent indents a
    whole tree (the golden file was written from one tree)."""
    controls = controls_by_id(report)
    by_control: dict[str, Groups] = {c.id: {} for c in report.controls}
    for finding in report.findings:
        by_control[finding.control_id].setdefault(finding.status, []).append(finding)
    root = ET.Element("testsuites", name="smaudit")
    _totals(root, list(by_control.values()))
    if not by_control:
        yield _DECLARATION + ET.tostring(root, encoding="unicode") + "\n"
        return
    opening = ET.tostring(root, encoding="unicode").removesuffix(" />")
    yield _DECLARATION + opening + ">"
    for control_id, groups in by_control.items():
        suite = _suite(controls[control_id], groups, report, options)
        ET.indent(suite, level=1)
        yield "\n  " + ET.tostring(suite, encoding="unicode")
    yield "\n</testsuites>\n"


def clean(text: str) -> str:
    return _ILLEGAL_XML.sub("", text)


def cases(groups: Groups, status: Status) -> int:
    """How many test cases `status` takes in a suite: one an account, or one for them all."""
    count = len(groups.get(status, ()))
    return 1 if count > GROUP_OVER else count


def _totals(element: ET.Element, suites: Sequence[Groups]) -> None:
    """The counts of test cases, which is what consumers count again, not of accounts."""
    element.set("tests", str(sum(cases(g, s) for g in suites for s in OUTCOMES)))
    element.set("failures", str(sum(cases(g, Status.FAIL) for g in suites)))
    element.set("errors", str(sum(cases(g, Status.ERROR) for g in suites)))


def _suite(control: Control, groups: Groups, report: Report, options: RenderOptions) -> ET.Element:
    suite = ET.Element("testsuite", name=clean(f"{control.id} {control.title}"))
    _totals(suite, [groups])
    skipped = cases(groups, Status.WAIVED) + cases(groups, Status.NOT_APPLICABLE)
    suite.set("skipped", str(skipped))
    suite.set("timestamp", aware(report.run.started_at).isoformat(timespec="seconds"))
    properties = ET.SubElement(suite, "properties")
    counts = report.counts_by_control.get(control.id, {})
    for name, value in (
        ("control_id", control.id),
        ("control_version", str(control.version)),
        ("severity", control.severity.value),
        ("nist_800_53", " ".join(control.nist_800_53)),
        ("agency", report.inventory.agency.name),
        ("inventory", inventory_label(report)),
        ("run_id", report.run.id),
        ("profile", report.run.profile),
        *((f"accounts_{s.value}", str(counts.get(s, 0))) for s in OUTCOMES),
    ):
        ET.SubElement(properties, "property", name=name, value=clean(value))
    one_each = (f for found in groups.values() if len(found) <= GROUP_OVER for f in found)
    suite.extend(_case(control, f, options) for f in sorted(one_each, key=_account))
    for status in OUTCOMES:
        if len(groups.get(status, ())) > GROUP_OVER:
            suite.append(_group(control, status, groups[status], report, options))
    return suite


def _case(control: Control, finding: Finding, options: RenderOptions) -> ET.Element:
    """One account's outcome. classname + name are unique (GitLab keeps the first of several
    alike), and `file` is the line to fix, which GitLab links in its test report."""
    place = where(finding)
    name = f"{control.title}: {finding.account_id} ({finding.platform})"
    file = f"{source_uri(place.file, options)}#L{max(place.line, 1)}"
    case = ET.Element("testcase", classname=control.id, name=clean(name), file=file)
    tag = _TAGS.get(finding.status)
    if tag is None:  # a pass
        return case
    message = f"{place.file}:{place.line}: {finding.message}"
    if finding.status is Status.WAIVED:
        message = f"{place.file}:{place.line}: {waiver_note(finding)}: {finding.message}"
    elif finding.status is Status.NOT_APPLICABLE:
        message = finding.message
    # GitLab shows an outcome's text and not its message; Jenkins shows both
    outcome = ET.SubElement(case, tag, message=clean(message), type=_type(finding))
    outcome.text = clean(_body(control, finding))
    return case


def _type(finding: Finding) -> str:
    if finding.status is Status.FAIL:
        return finding.severity.value
    return {Status.ERROR: "not_assessed"}.get(finding.status, finding.status.value)


def _body(control: Control, finding: Finding) -> str:
    """What a pipeline shows: where, what was found, and how to fix it."""
    if finding.status is Status.NOT_APPLICABLE:
        return f"{finding.account_id} ({finding.platform}): {finding.message}"
    lines = [f"{where(finding)}: {finding.account_id} ({finding.platform}): {finding.message}"]
    if finding.status is Status.WAIVED:
        lines.append(f"{waiver_note(finding)}; found: {underlying_status(finding).value}")
    lines.append(f"severity: {finding.severity.value}")
    lines += [
        f"evidence: {e.path} = {show_value(e.actual)} (expected {e.expected}): {e.outcome.value}"
        for e in finding.evidence
    ]
    lines.append(f"remediation: {control.remediation_for(finding.platform)}")
    return "\n".join(lines)


def _group(
    control: Control,
    status: Status,
    findings: list[Finding],
    report: Report,
    options: RenderOptions,
) -> ET.Element:
    """Many accounts' one outcome: a test case that names the control and the outcome, and
    lists the accounts in its text, by what was found, each with its file and line."""
    name = f"{control.title}: {GROUP_NAMES[status]}"
    case = ET.Element("testcase", classname=control.id, name=clean(name))
    files = {where(f).file for f in findings}
    if len(files) == 1:  # no one line to point at, but the file
        case.set("file", source_uri(files.pop(), options))
    total = len(report.inventory.accounts)
    summary = f"{len(findings):,} of {total:,} accounts {_VERBS[status]}"
    worst = max((f.severity for f in findings), key=lambda s: s.rank)
    lines = [f"{summary}:", *_listing(findings, worst)]
    if status in (Status.FAIL, Status.ERROR):
        lines.append(_remediation(control, findings))
    tag = _TAGS.get(status)
    if tag is None:  # passes have no outcome element: their list is the case's output
        ET.SubElement(case, "system-out").text = clean("\n".join(lines))
        return case
    kind = worst.value if status is Status.FAIL else _type(findings[0])
    outcome = ET.SubElement(case, tag, message=clean(summary), type=kind)
    outcome.text = clean("\n".join(lines))
    return case


def _listing(findings: list[Finding], worst: Severity) -> list[str]:
    """The accounts under each thing found, the most common first: a large run has a few
    thousand distinct messages for a hundred thousand failures, so each is written once."""
    by_what: dict[str, list[Finding]] = {}
    for finding in findings:
        by_what.setdefault(_what(finding), []).append(finding)
    lines = []
    for what, found in sorted(by_what.items(), key=lambda item: (-len(item[1]), item[0])):
        if what:
            lines.append(f"{what} ({len(found):,}):")
        lines += [("  " if what else "") + _who(f, worst) for f in sorted(found, key=_account)]
    return lines


def _what(finding: Finding) -> str:
    if finding.status is Status.WAIVED:
        return f"{waiver_note(finding)}: {finding.message}"
    return "" if finding.status is Status.PASS else finding.message


def _who(finding: Finding, worst: Severity) -> str:
    """Which account, and where to fix it when it needs fixing; its severity when a tier makes
    it less than the test case's."""
    who = f"{finding.account_id} ({finding.platform})"
    if finding.status is Status.FAIL and finding.severity is not worst:
        who = f"{finding.account_id} ({finding.platform}, {finding.severity.value})"
    if finding.status in (Status.PASS, Status.NOT_APPLICABLE):
        return who
    return f"{where(finding)}: {who}"


def _remediation(control: Control, findings: list[Finding]) -> str:
    """The general steps once, then each platform's, for the platforms listed."""
    platforms = sorted({f.platform for f in findings} & set(control.remediation_by_platform))
    steps = [f"{p}: {control.remediation_by_platform[p]}" for p in platforms]
    return "\n".join([f"remediation: {control.remediation}", *steps])


def _account(finding: Finding) -> str:
    return finding.account_id
