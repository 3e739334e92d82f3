"""What a spreadsheet import says about cells it could not read, and what it refuses: a note
at the row and column for each value left out (never repeating one that may name a person),
and no import at all from a sheet that holds passwords."""

from __future__ import annotations

from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory.importers.spreadsheet import import_spreadsheet, parse_mapping


def sheet(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tracker.csv"
    path.write_text(text, encoding="utf-8")
    return path


def notes(path: Path) -> list[str]:
    return [str(n) for n in import_spreadsheet(path).notes if n.kind == "value"]


def test_each_unread_value_is_a_note_with_its_row_and_column(tmp_path: Path) -> None:
    path = sheet(
        tmp_path,
        "Platform,Handle,MFA Enabled,MFA Type,Password location,Last password change,Tier,"
        "Last reviewed\n"
        "X,a,maybe,SMS,Excel,3/1/2026,standard,2026-01-05\n"
        "X,b,yes,carrier pigeon,under the keyboard,31/12/2025,gold,31/12/2025\n",
    )
    name = str(path)
    assert notes(path) == [
        f'{name}:2:3: row 2: column "MFA Enabled": "maybe" is not a yes or a no (expected yes, '
        "no, true, false, y, n, x, enabled...); left absent",
        f'{name}:3:4: row 3: column "MFA Type": "carrier pigeon" is not read as an MFA method (a '
        "part must name one method, and not say not, planned or was; expected one of "
        "security_key, passkey, totp, app_prompt, sms, voice, email); left absent",
        # a column named for passwords may hold one where the place should be: never repeated
        f'{name}:3:5: row 3: column "Password location": the value is not a place to keep a '
        "password (expected one of password_manager, spreadsheet, email, document, none); "
        "left absent",
        f'{name}:3:6: row 3: column "Last password change": the value is not a date (expected '
        "2026-03-01, 3/1/2026 (month first), 1 Mar 2026 or March 1, 2026); left absent",
        f'{name}:3:7: row 3: column "Tier": "gold" is not a value of tier (expected one of '
        "high-impact, standard); left absent",
        f'{name}:3:8: row 3: column "Last reviewed": "31/12/2025" is not a date (expected '
        "2026-03-01, 3/1/2026 (month first), 1 Mar 2026 or March 1, 2026); left absent",
    ]


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("Owner", "jane.doe@"),
        ("Backup owner", "Jane <jane@nowhere>"),
        ("Login email", "jane.doe"),
        ("Recovery email/phone", "(555) 010-0199"),
        ("Holders", "Jane <jane@>"),
        ("Recovery phone", "555-0199"),
    ],
)
def test_a_value_that_may_name_a_person_is_not_repeated(
    tmp_path: Path, header: str, cell: str
) -> None:
    path = sheet(tmp_path, f'url,{header}\nhttps://x.com/a,"{cell}"\n')
    (note,) = notes(path)
    assert f'column "{header}": the value ' in note and ":2:2:" in note
    assert cell not in note and cell.split()[0] not in note


def test_a_mapped_password_column_is_never_repeated(tmp_path: Path) -> None:
    path = sheet(tmp_path, "url,Password\nhttps://x.com/a,Hunter2Hunter2\n")
    result = import_spreadsheet(path, parse_mapping(["Password=credentials.stored_in"]))
    (note,) = [str(n) for n in result.notes]
    assert "the value is not a place to keep a password" in note
    assert "Hunter2" not in note


def test_a_method_list_with_a_part_not_understood_is_left_absent_whole(tmp_path: Path) -> None:
    # ["sms"] alone would fail SM-IA-02 as SMS-only when the part not read may be a security key
    path = sheet(tmp_path, "url,2FA method\nhttps://x.com/a,SMS; smoke signals\n")
    result = import_spreadsheet(path)
    assert "mfa" not in result.accounts[0].record.source.fields
    assert '"smoke signals" is not read as an MFA method' in str(result.notes[0])


def test_an_unnamed_column_with_values_is_named_in_the_columns_note(tmp_path: Path) -> None:
    path = sheet(tmp_path, "url,,Followers,\nhttps://x.com/a,12,300,\n")
    (note,) = import_spreadsheet(path).notes
    assert note.message.startswith("columns not imported: column 2 (no header), Followers (map")


@pytest.mark.parametrize(
    "header", ["Password", "PWD", "passwords", "Current password", "MFA seed", "Backup codes"]
)
def test_a_column_that_holds_passwords_is_refused(tmp_path: Path, header: str) -> None:
    path = sheet(tmp_path, f"Platform,Handle,{header}\nX,a,Summer2026!\n")
    with pytest.raises(InputError) as raised:
        import_spreadsheet(path)
    message = str(raised.value)
    assert f"{path}:1:3:" in message
    assert "looks like it holds passwords or other secrets" in message
    assert "Summer2026" not in message


def test_a_password_column_is_refused_even_when_ignored(tmp_path: Path) -> None:
    path = sheet(tmp_path, "Platform,Handle,Password\nX,a,Summer2026!\n")
    with pytest.raises(InputError, match="holds passwords"):
        import_spreadsheet(path, parse_mapping(["Password=ignore"]))


def test_an_empty_password_column_is_harmless(tmp_path: Path) -> None:
    path = sheet(tmp_path, "Platform,Handle,Password\nX,a,\n")
    assert len(import_spreadsheet(path).accounts) == 1


def test_a_cell_shaped_like_a_credential_is_refused(tmp_path: Path) -> None:
    token = "ghp_" + "a1B2c3D4e5" * 4
    path = sheet(tmp_path, f"Platform,Handle,Notes\nX,a,ok\nX,b,token {token}\n")
    with pytest.raises(InputError) as raised:
        import_spreadsheet(path)
    assert f"{path}:3:3:" in str(raised.value) and "a GitHub token" in str(raised.value)
    assert token not in str(raised.value)
