"""Reading vault exports: shapes told apart, encrypted and malformed files refused at their place
with what was expected, login URLs cleaned of what only a login needs."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from smaudit.errors import InputError
from smaudit.inventory.importers.vault import (
    READERS,
    _clean,
    detect_shape,
    import_vault,
    read_export,
)
from smaudit.inventory.importers.vault_1pux import NOT_1PUX
from smaudit.inventory.importers.vault_bitwarden import ENCRYPTED
from smaudit.inventory.importers.vault_members import NOT_MEMBERS
from tests.inventory.vault_exports import MEMBERS, VAULT, exports, secrets

SHAPES = [
    ("bitwarden_org.json", "bitwarden-json"),
    ("bw_list_items.json", "bitwarden-cli"),
    ("op_item_get.json", "op-json"),
    ("op_item_list.json", "op-json"),
    ("export.1pux", "1pux"),
]
# (file text, where the error is, what it says)
REFUSED = [
    ((VAULT / "bitwarden_encrypted.json").read_text("utf-8"), "2:16", ENCRYPTED),
    (  # account-restricted: items present, their strings sealed
        '{"encrypted": true, "encKeyValidation_DO_NOT_EDIT": "2.a|b|c", "folders": [],\n'
        ' "items": [{"type": 1, "name": "2.x|y|z", "login": {"password": "2.p|q|r"}}]}',
        "1:15",
        ENCRYPTED,
    ),
    ('{"items": [{"type": 1, "login": {"password": "Half-a-secr', "1:46", "invalid JSON: Unter"),
    ('[{"type": 1 "login": {}}]', "1:13", "invalid JSON: Expecting ',' delimiter"),
    ('{"value": [{"displayName": "Jane Doe"}]}', "1:1", "not a password-manager export"),
    ("[]", "1:1", "not a password-manager export"),
]
CLEANED = [
    ("https://user:hunter2@twitter.com/DCRnews", "https://twitter.com/DCRnews"),
    ("https://bank.example.com/login?session=8f3a9c#top", "https://bank.example.com/login"),
    (
        "https://www.facebook.com/profile.php?id=1234",
        "https://www.facebook.com/profile.php?id=1234",
    ),
    ("http://twitter.com/#!/DCRnews", "http://twitter.com/#!/DCRnews"),
    ("  x.com/dcrnews ", "x.com/dcrnews"),
    ("http://[::1", ""),
]


@pytest.mark.parametrize(("name", "shape"), SHAPES)
def test_the_shape_is_told_from_the_content(name: str, shape: str, tmp_path: Path) -> None:
    assert detect_shape(exports(tmp_path)[name]) == shape


@pytest.mark.parametrize(("text", "place", "message"), REFUSED)
def test_a_file_that_cannot_be_read_is_refused_at_its_place(
    text: str, place: str, message: str, tmp_path: Path
) -> None:
    path = tmp_path / "vault.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_vault(path)
    assert str(caught.value).startswith(f"{path}:{place}: {message}")
    # json's error keeps the whole document in `doc`: it must not ride along as the context
    assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_an_archive_without_export_data_is_not_a_1pux(tmp_path: Path) -> None:
    path = tmp_path / "export.1pux"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("export.attributes", "{}")
    with pytest.raises(InputError, match=NOT_1PUX):
        read_export(path)


def test_a_1pux_without_attributes_has_no_export_date(tmp_path: Path) -> None:
    path = tmp_path / "export.1pux"
    with zipfile.ZipFile(path, "w") as archive:
        archive.write(VAULT / "1pux" / "export.data", "export.data")
    assert read_export(path).exported_on is None


def test_a_forced_shape_reads_the_file_as_that_shape() -> None:
    export = read_export(VAULT / "op_item_list.json", "bitwarden-cli")
    assert export.items == () and export.passed_over == {"not-login": 5}


def test_a_member_list_must_be_one(tmp_path: Path) -> None:
    wrong = tmp_path / "members.json"
    wrong.write_text('{"name": "Social Media"}', encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(NOT_MEMBERS)):
        import_vault(VAULT / "op_item_get.json", members=wrong)


def test_a_member_list_is_1passwords(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="this export is not 1Password's"):
        import_vault(VAULT / "bitwarden_org.json", members=MEMBERS)


@pytest.mark.parametrize(("uri", "cleaned"), CLEANED)
def test_a_login_url_loses_what_no_account_address_has(uri: str, cleaned: str) -> None:
    assert _clean(uri) == cleaned


def test_the_docs_describe_every_shape() -> None:
    docs = (VAULT.parents[2] / "docs" / "importing.md").read_text(encoding="utf-8")
    section = docs[docs.index("## From a password manager") : docs.index("## Merging")]
    assert [shape for shape in READERS if f"| `{shape}` |" not in section] == []


JUNK: tuple[object, ...] = (None, 7, -1.5, True, "", "x", [], [None], {}, {"uri": 3})


def _paths(value: object, prefix: tuple[str | int, ...] = (), depth: int = 4) -> list[tuple]:
    """Every place in `value` down to `depth`: what a hostile export could put anything at."""
    if depth == 0:
        return []
    children: list[tuple[str | int, object]] = []
    if isinstance(value, dict):
        children = list(value.items())
    elif isinstance(value, list):
        children = list(enumerate(value))[:2]
    found: list[tuple] = []
    for key, child in children:
        found += [(*prefix, key), *_paths(child, (*prefix, key), depth - 1)]
    return found


def _with(document: object, path: tuple, junk: object) -> object:
    copy = json.loads(json.dumps(document))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = junk
    return copy


@pytest.mark.parametrize("name", ["bitwarden_org.json", "bw_list_items.json", "op_item_get.json"])
def test_any_value_anywhere_is_read_or_refused_never_a_crash(name: str, tmp_path: Path) -> None:
    text = (VAULT / name).read_text(encoding="utf-8")
    document = json.loads(text) if name != "op_item_get.json" else json.loads(f"[{_joined(text)}]")
    path = tmp_path / name
    shown = secrets()
    for place in _paths(document):
        for junk in JUNK:
            path.write_text(json.dumps(_with(document, place, junk)), encoding="utf-8")
            try:
                import_vault(path, "auto" if name != "op_item_get.json" else "op-json")
            except InputError as exc:
                assert [s for s in shown if s in str(exc)] == []


def _joined(text: str) -> str:
    """`op item get -` writes objects one after another: as one list, for editing."""
    return text.replace("}\n{", "},\n{")


def test_an_odd_element_among_the_items_is_counted_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "items.json"
    path.write_text('[7, {"type": 1, "login": {"uris": [{"uri": "x.com/dcr"}]}}]', "utf-8")
    export = read_export(path)
    assert (len(export.items), export.passed_over) == (1, {"not-login": 1})
