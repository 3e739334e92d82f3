"""A 1Password Unencrypted Export (1PUX) as login items: a zip holding `export.attributes`
(`{"version", "description", "createdAt"}`) and `export.data` (accounts -> vaults -> items).

Of an item only these are read: `categoryUuid` (001 Login and 005 Password are logins; others
are passed over), `state` and `trashed` (an archived or trashed item is passed over),
`overview.urls[].url` and `overview.url`, the value of the login field designated `username`
(kept only where it is an e-mail address), whether a section field holds a `totp` seed, and the
times of `details.passwordHistory` (the newest is when the current password was set). Never a
field's value otherwise: passwords, seeds, old passwords, concealed fields, `notesPlain`.
`updatedAt` moves with any edit, so it is not read. The export's own `createdAt` is its date.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers.jsonrecords import checked_text, decoding, values_at
from smaudit.inventory.importers.vault_model import (
    ONEPASSWORD,
    VaultExport,
    VaultItem,
    counted,
    email,
    epoch_day,
    newest,
    strings,
)
from smaudit.model import Location
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.safety.terminal import display_path

SHAPE = "1pux"
TITLE = "1Password export (1PUX)"
_LOGINS = frozenset({"001", "005"})
NOT_1PUX = "not a 1PUX export: expected a zip archive holding export.data"


def read_1pux(path: Path) -> VaultExport:
    """The login items of every vault of the 1PUX archive at `path`."""
    archive = display_path(path)
    name = f"{archive}/export.data"
    text = checked_text(_member(path, "export.data", archive), name)
    items: list[VaultItem] = []
    passed: list[str] = []
    with decoding(name):
        vaults = values_at(text, ("accounts", "*", "vaults", "*"))
        for number, (vault, _, _, offset) in enumerate(vaults, 1):
            found = values_at(text, ("items", "*"), offset)
            for index, (raw, line, column, _) in enumerate(found, 1):
                label = f"vault {number} item {index}"
                read = _item(raw, label, Location(name, line, column), _vault_name(vault))
                if isinstance(read, VaultItem):
                    items.append(read)
                else:
                    passed.append(read)
        del vaults, text  # every secret of the file goes with them
    exported = _exported_on(path, archive)
    return VaultExport(TITLE, ONEPASSWORD, exported, tuple(items), counted(passed))


def is_zip(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) == b"PK\x03\x04"


def _member(path: Path, member: str, archive: str) -> str:
    """The text of `member`, refusing an archive that would inflate past the reading limit."""
    try:
        with zipfile.ZipFile(path) as zipped:
            info = zipped.getinfo(member)
            if info.file_size > DEFAULT_LIMITS.max_bytes:
                limit = DEFAULT_LIMITS.max_bytes
                raise InputError.at(archive, 0, 0, f"{member} is larger than {limit} bytes")
            raw = zipped.read(info)
    except (zipfile.BadZipFile, KeyError, NotImplementedError, RuntimeError):
        # RuntimeError: a password-protected zip, which 1Password never writes
        raise InputError.at(archive, 1, 1, NOT_1PUX) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError.at(f"{archive}/{member}", 1, 1, "not valid UTF-8 text") from None


def _exported_on(path: Path, archive: str) -> dt.date | None:
    try:
        attributes = json.loads(_member(path, "export.attributes", archive))
    except (InputError, ValueError, RecursionError):
        return None  # the date is provenance, not content: unknown rather than refused
    return epoch_day(attributes.get("createdAt")) if isinstance(attributes, Mapping) else None


def _vault_name(vault: Any) -> str | None:
    attrs = vault.get("attrs") if isinstance(vault, Mapping) else None
    found = strings([attrs.get("name"), attrs.get("uuid")]) if isinstance(attrs, Mapping) else ()
    return found[0] if found else None


def _item(raw: Any, label: str, where: Location, vault: str | None) -> VaultItem | str:
    if isinstance(raw, Mapping) and isinstance(raw.get("item"), Mapping):
        raw = raw["item"]  # early exports wrap each item: {"item": {...}}
    if not isinstance(raw, Mapping) or str(raw.get("categoryUuid")) not in _LOGINS:
        return "not-login"
    if raw.get("trashed") is True or raw.get("state") in ("archived", "deleted"):
        return "deleted"
    overview = _mapping(raw.get("overview"))
    details = _mapping(raw.get("details"))
    urls = [u.get("url") for u in _list(overview.get("urls")) if isinstance(u, Mapping)]
    fields = [f for f in _list(details.get("loginFields")) if isinstance(f, Mapping)]
    username = next((f.get("value") for f in fields if f.get("designation") == "username"), None)
    old = [h for h in _list(details.get("passwordHistory")) if isinstance(h, Mapping)]
    return VaultItem(
        label,
        where,
        strings([*urls, overview.get("url")]),
        login_email=email(username),
        last_rotated=newest(epoch_day(h.get("time")) for h in old),
        totp=_has_totp(details),
        vault=vault,
    )


def _has_totp(details: Mapping[str, Any]) -> bool:
    sections = [s for s in _list(details.get("sections")) if isinstance(s, Mapping)]
    fields = [f for s in sections for f in _list(s.get("fields")) if isinstance(f, Mapping)]
    values = [_mapping(f.get("value")).get("totp") for f in fields]
    return bool(strings(values))


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
