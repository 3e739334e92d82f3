"""Spreadsheet (CSV) imports: the default column mapping, --map, and what real sheets look like."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.spreadsheet import import_spreadsheet, parse_mapping
from smaudit.inventory.writer import render

DATA = Path(__file__).parent / "data"


def load(
    path: Path, tmp_path: Path, mapping: dict[str, str] | None = None
) -> dict[str, dict[str, Any]]:
    result = import_spreadsheet(path, mapping, Naming(agency="Department of Examples"))
    out = tmp_path / "out.yaml"
    out.write_text(render(result, "smaudit import csv"), encoding="utf-8")
    return {a.id: dict(a.fields) for a in load_inventory([out]).accounts}


def test_the_default_mapping_on_a_semicolon_sheet(tmp_path: Path) -> None:
    accounts = load(DATA / "spreadsheet.csv", tmp_path)
    assert list(accounts) == ["x-examplegov", "youtube-examplevideos", "press-fb"]
    x = accounts["x-examplegov"]
    assert (x["handle"], x["url"], x["office"]) == (
        "ExampleGov",
        "https://x.com/ExampleGov",
        "Press Office",
    )
    assert x["owner"] == {"email": "jane.doe@example.gov"}
    assert x["backup_owner"] == {"name": "John Roe"}
    assert (x["status"], x["tier"]) == ("active", "high-impact")
    assert accounts["youtube-examplevideos"]["status"] == "dormant"  # "inactive"
    assert "owner" not in accounts["press-fb"]  # not an email address: left blank, with a note
    assert "status" not in accounts["press-fb"]  # "published" is no inventory status


def test_what_was_skipped_and_noted_is_said() -> None:
    result = import_spreadsheet(DATA / "spreadsheet.csv")
    assert [(s.label, s.kind) for s in result.skipped] == [
        ("row 5", "duplicate"),
        ("row 6", "no-address"),
    ]
    notes = [n.message for n in result.notes]
    assert notes[0] == ("columns not imported: Followers, Notes (map them with --map COLUMN=FIELD)")
    assert any("'not-an-email@' looks like an email address" in n for n in notes)
    assert any("status 'published' is not one of active, dormant, retired" in n for n in notes)


def test_map_overrides_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text(
        "Network,Account Name,Link,Owner,Team\n"
        "Twitter,Example Agency,https://twitter.com/ExampleGov,jane.doe@example.gov,Press\n",
        encoding="utf-8",
    )
    mapping = parse_mapping(["Team=office", "owner=ignore"])
    accounts = load(path, tmp_path, mapping)
    fields = accounts["x-examplegov"]
    assert fields["office"] == "Press"
    assert "owner" not in fields


def test_a_bom_and_a_windows_code_page_are_read(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    rows = "platform,url,office\r\nfacebook,https://facebook.com/example.gov,Oficina de Prensa\r\n"
    path.write_bytes(("\ufeff" + rows).encode("utf-8"))
    assert load(path, tmp_path)["facebook-examplegov"]["office"] == "Oficina de Prensa"
    path.write_bytes(
        "platform,url,office\r\nx,https://x.com/ejemplo,Oficina Señal\r\n".encode("cp1252")
    )
    assert load(path, tmp_path)["x-ejemplo"]["office"] == "Oficina Señal"


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["handle"], "expected COLUMN=FIELD"),
        (["=handle"], "expected COLUMN=FIELD"),
        (["Account=mfa"], "unknown field 'mfa'"),
    ],
)
def test_bad_map_pairs_are_refused(pairs: list[str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_mapping(pairs)


def test_a_mapped_column_that_is_not_in_the_header_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_text("platform,url\nx,https://x.com/a\n", encoding="utf-8")
    with pytest.raises(InputError, match="not in the header: handel"):
        import_spreadsheet(path, parse_mapping(["Handel=handle"]))


def test_an_xlsx_file_is_refused_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "sheet.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00")
    with pytest.raises(InputError, match="NUL byte"):
        import_spreadsheet(path)
