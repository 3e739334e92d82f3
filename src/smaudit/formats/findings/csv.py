"""CSV (RFC 4180) for spreadsheets: one row per listed finding, safe to open in Excel."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from smaudit.formats.findings.common import controls_by_id, where
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
    return "".join(_chunks(report))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks of BATCH rows: a million rows are never held at once."""
    return (chunk.encode() for chunk in _chunks(report))


BATCH = 256


def _chunks(report: Report) -> Iterator[str]:
    controls = controls_by_id(report)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for start in range(0, len(report.findings), BATCH):
        for finding in report.findings[start : start + BATCH]:
            control = controls[finding.control_id]
            writer.writerow([neutralise(cell) for cell in _row(finding, control)])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # the header alone, with no findings after it
        yield buffer.getvalue()


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
