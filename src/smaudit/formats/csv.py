"""CSV (RFC 4180) for spreadsheets: one row per listed finding, safe to open in Excel."""

from __future__ import annotations

import csv
import io

from smaudit.formats.common import controls_by_id, where
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Control, Finding, Report

HEADER = (
    "control_id",
    "title",
    "severity",
    "status",
    "account_id",
    "platform",
    "file",
    "line",
    "column",
    "message",
    "remediation",
    "nist_800_53",
    "fingerprint",
)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV Injection");
# account handles start with "@". Tab, CR and LF are on the list too: some spreadsheets strip
# them and then read the next character as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    controls = controls_by_id(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for finding in report.findings:
        writer.writerow([neutralise(cell) for cell in _row(finding, controls[finding.control_id])])
    return buffer.getvalue()


def neutralise(cell: str) -> str:
    """A leading `'` makes a spreadsheet show the cell as text instead of evaluating it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _row(finding: Finding, control: Control) -> list[str]:
    place = where(finding)
    return [
        finding.control_id,
        control.title,
        finding.severity.value,
        finding.status.value,
        finding.account_id,
        finding.platform,
        place.file,
        str(place.line),
        str(place.column),
        finding.message,
        control.remediation_for(finding.platform),
        "; ".join(control.nist_800_53),
        finding.fingerprint,
    ]
