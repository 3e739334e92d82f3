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
    # an owner's cell may name a person: the note says "the value", never what it was
    owner = 'column "Owner": the value looks like an email address but is not one; left absent'
    assert owner in notes
    assert not any("not-an-email" in n for n in notes)
    published = 'column "Status": "published" is not a value of status (expected one of active'
    assert any(n.startswith(published) for n in notes)
    where = {n.message.split(":")[0]: str(n.location) for n in result.notes}
    assert where['column "Owner"'].endswith("spreadsheet.csv:4:6")


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
        (["Account=mfa.seed"], "unknown field 'mfa.seed'"),
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


def test_security_facts_are_imported_into_nested_fields(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "Platform,Handle,2FA,MFA Type,Password location,Last password change,Login email,"
        "Credential type,Tier\n"
        "X,ExampleGov,Yes,YubiKey / SMS,1Password,3/1/2026,social@example.gov,shared password,"
        "High\n"
        "Facebook,example.gov,No,N/A,Excel,March 1 2026,N/A,TBD,standard\n"
        "YouTube,ExampleVideos,unknown,-,,1 Mar 2026,,,\n",
        encoding="utf-8",
    )
    accounts = load(path, tmp_path)
    x = accounts["x-examplegov"]
    assert x["mfa"] == {"enabled": True, "methods": ["security_key", "sms"]}
    assert x["credentials"]["stored_in"] == "password_manager"
    assert x["credentials"]["type"] == "shared_password"
    assert str(x["credentials"]["last_rotated"]) == "2026-03-01"
    assert x["login"] == {"email": "social@example.gov"}
    assert x["tier"] == "high-impact"
    fb = accounts["facebook-examplegov"]
    assert fb["mfa"] == {"enabled": False}  # N/A: not recorded, so no methods at all
    assert "login" not in fb and "type" not in fb["credentials"]
    youtube = accounts["youtube-examplevideos"]
    assert "mfa" not in youtube  # unknown and "-": left for the check to call not assessed
    assert set(youtube["credentials"]) == {"last_rotated"}


def test_an_mfa_column_that_names_the_method_turns_mfa_on(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "url,MFA\nhttps://x.com/a,Authenticator app\nhttps://x.com/b,Yes (SMS)\n"
        "https://x.com/c,Yes - see notes\n",
        encoding="utf-8",
    )
    accounts = load(path, tmp_path)
    assert accounts["x-a"]["mfa"] == {"enabled": True, "methods": ["totp"]}
    assert accounts["x-b"]["mfa"] == {"enabled": True, "methods": ["sms"]}
    assert accounts["x-c"]["mfa"] == {"enabled": True}


def test_the_header_stops_asking_for_what_the_sheet_gave(tmp_path: Path) -> None:
    path = tmp_path / "tracker.csv"
    path.write_text(
        "url,status,tier,account type,owner,backup,MFA,Login email,Recovery email,"
        "password location,holders\n"
        "https://x.com/a,active,standard,official,a@example.gov,b@example.gov,yes,"
        "s@example.gov,r@example.gov,vault,jdoe\n",
        encoding="utf-8",
    )
    text = render(import_spreadsheet(path), "smaudit import csv")
    assert "# It records which accounts exist, and the security facts the source gave." in text
    assert "#   status, account_type, tier" not in text
    assert "#   owner, backup_owner" not in text
    assert "#   login, mfa, recovery" not in text
    assert "#   credentials, third_party_apps" in text  # no sheet lists third-party apps
    assert "    # to fill in: third_party_apps\n" in text
