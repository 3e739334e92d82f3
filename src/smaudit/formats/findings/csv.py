"""CSV (RFC 4180) for spreadsheets: one row per listed finding, each with its waiver and the
run's roll-up columns, UTF-8 with a byte order mark, safe to open in Excel or LibreOffice."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping

from smaudit.formats.findings.common import controls_by_id, inventory_label, where
from smaudit.formats.findings.groups import account_groups
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Account, Control, Finding, Report, Waiver

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
    # appended after the first thirteen, so that readers by position keep working
    "original_status",
    "waiver_id",
    "waiver_kind",
    "waiver_ticket",
    "waiver_justification",
    "waiver_expires_on",
    "waiver_expired",
    "control_severity",
    "tier",
    "office",
    "agency",
    "inventory",
    "profile",
    "as_of",
    # appended after the run's columns: the roll-ups a sheet is pivoted on that it lacked
    "owner",
)
"""The columns, a contract documented in docs/formats.md (csv)."""

# Excel reads a CSV as UTF-8 only when it starts with a byte order mark, and takes it for the
# system's code page otherwise (Windows-1252: "Département" becomes "DÃ©partement").
BOM = "\ufeff"

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV Injection");
# account handles start with "@". Tab, CR and LF are on the list too: some spreadsheets strip
# them and then read the next character as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    return "".join(_chunks(report, options.show_personal_data))


def iter_render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> Iterator[bytes]:
    """`render`'s text as UTF-8 chunks of BATCH rows: a million rows are never held at once."""
    return (chunk.encode() for chunk in _chunks(report, options.show_personal_data))


BATCH = 256


def _chunks(report: Report, show_personal_data: bool) -> Iterator[str]:
    controls = controls_by_id(report)
    accounts = {account.id: account for account in report.inventory.accounts}
    owners = {key: _owner(account, show_personal_data) for key, account in accounts.items()}
    run = _run_cells(report)
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for start in range(0, len(report.findings), BATCH):
        for finding in report.findings[start : start + BATCH]:
            control = controls[finding.control_id]
            account = accounts.get(finding.account_id)
            owner = owners.get(finding.account_id, "")
            cells = [*_row(finding, control, account), *run, owner]
            writer.writerow([neutralise(cell) for cell in cells])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    if buffer.tell():  # the header alone, with no findings after it
        yield buffer.getvalue()


def neutralise(cell: str) -> str:
    """A leading `'` makes a spreadsheet show the cell as text instead of evaluating it."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _row(finding: Finding, control: Control, account: Account | None) -> list[str]:
    place = where(finding)
    fields: Mapping[str, object] = account.fields if account is not None else {}
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
        finding.original_status.value if finding.original_status is not None else "",
        *_waiver_cells(finding.waiver, expired=finding.waiver_expired),
        control.severity.value,
        _text(fields.get("tier")),
        _text(fields.get("office")),
    ]


def _waiver_cells(waiver: Waiver | None, *, expired: bool) -> list[str]:
    """Which waiver covers the finding, or covered it until it lapsed (`waiver_expired`)."""
    if waiver is None:
        return [""] * 6
    return [
        waiver.id,
        waiver.kind,
        waiver.ticket,
        waiver.justification,
        waiver.expires_on.isoformat(),
        "true" if expired else "false",
    ]


def _run_cells(report: Report) -> list[str]:
    """The same in every row: what a sheet of several runs or agencies is pivoted on. Not the
    run's id or start: the same inventory, date and profile give the same file, byte for byte."""
    return [
        report.inventory.agency.name,
        inventory_label(report),
        report.run.profile,
        report.run.as_of.isoformat(),
    ]


def _owner(account: Account, show_personal_data: bool) -> str:
    """Masked as every format names a person; empty when the inventory records no owner."""
    return account_groups(account, show_personal_data).get("owner", "")


def _text(value: object) -> str:
    return "" if value is None else str(value)
