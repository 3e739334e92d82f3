"""Bitwarden's exports as login items: the vault export (JSON) and `bw list items`.

- `bitwarden-json`: File > Export vault, format `.json` (the organization's export, or a
  personal one): `{"encrypted": false, "collections" (or "folders"): [...], "items": [...]}`.
- `bitwarden-cli`: `bw list items` (also `--organizationid`, `--collectionid`): a bare list
  of the same items, whose `login` adds `passwordRevisionDate`.

Of an item only these are read: `type` (1 is a login; secure notes, cards, identities and SSH
keys are passed over), `deletedDate` (an item in the trash is passed over), `login.uris[].uri`,
`login.username` (kept only where it is an e-mail address), whether `login.totp` holds a seed,
`login.passwordRevisionDate` and the dates (`lastUsedDate`) of `passwordHistory`. Never the
password, the seed, the old passwords, `fields` (hidden ones hold secrets), `notes`, `card` or
`identity`. `revisionDate` moves with any edit (a renamed item, a new URL), so it is no
evidence of when the password changed and is not read.

Collections carry no members in either shape, so holders are left absent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers.jsonrecords import decoding, read_json_text, values_at
from smaudit.inventory.importers.records import Remark
from smaudit.inventory.importers.vault_model import (
    BITWARDEN,
    VaultExport,
    VaultItem,
    counted,
    email,
    iso_day,
    newest,
    strings,
)
from smaudit.model import Location
from smaudit.safety.terminal import display_path

EXPORT = "bitwarden-json"
CLI = "bitwarden-cli"
TITLES = {EXPORT: "Bitwarden vault export (JSON)", CLI: "Bitwarden CLI items (bw list items)"}
_LOGIN = 1
ENCRYPTED = (
    "an encrypted Bitwarden export: its items are sealed with a key this file does not hold, "
    "so no login can be matched to an account. Export again with the format `.json` (not "
    "`.json (Encrypted)`), import it, then delete it: it holds every password in plain text"
)


def read_bitwarden(path: Path, shape: str) -> VaultExport:
    """The login items of a Bitwarden export of `shape` (EXPORT or CLI)."""
    name = display_path(path)
    text = read_json_text(path)
    with decoding(name):
        if shape == EXPORT:
            refuse_encrypted(values_at(text, ("encrypted",)), name)
            found = values_at(text, ("items", "*"))
        else:
            found = values_at(text, ("*",))
    items: list[VaultItem] = []
    passed: list[str] = []
    notes: list[Remark] = []
    for number, (raw, line, column, _) in enumerate(found, 1):
        read = _item(raw, f"item {number}", Location(name, line, column), notes)
        if isinstance(read, VaultItem):
            items.append(read)
        else:
            passed.append(read)
    del found, text  # every secret of the file goes with them
    return VaultExport(TITLES[shape], BITWARDEN, None, tuple(items), counted(passed), tuple(notes))


def refuse_encrypted(flags: list[tuple[Any, int, int, int]], name: str) -> None:
    for flag, line, column, _ in flags:
        if flag is True:
            raise InputError.at(name, line, column, ENCRYPTED)


def _item(raw: Any, label: str, where: Location, notes: list[Remark]) -> VaultItem | str:
    """The item's VaultItem, or the kind of item passed over."""
    if not isinstance(raw, Mapping) or raw.get("deletedDate"):
        return "deleted" if isinstance(raw, Mapping) else "not-login"
    login = raw.get("login")
    if raw.get("type") != _LOGIN or not isinstance(login, Mapping):
        return "not-login"
    uris = login.get("uris")
    listed = uris if isinstance(uris, list) else []
    return VaultItem(
        label,
        where,
        strings(uri.get("uri") for uri in listed if isinstance(uri, Mapping)),
        login_email=email(login.get("username")),
        last_rotated=_rotated(raw, login, label, where, notes),
        totp=bool(strings([login.get("totp")])),
    )


def _rotated(
    raw: Mapping[str, Any],
    login: Mapping[str, Any],
    label: str,
    where: Location,
    notes: list[Remark],
) -> dt.date | None:
    """`passwordRevisionDate`; else when the newest old password stopped being used, which is
    when the current one was set; else unknown."""
    given = login.get("passwordRevisionDate", raw.get("passwordRevisionDate"))
    if given is not None:
        day = iso_day(given)
        if day is not None:
            return day
        message = "passwordRevisionDate is not a date; read the password history instead"
        notes.append(Remark(label, where, message, "value"))
    history = raw.get("passwordHistory")
    entries = [e for e in history if isinstance(e, Mapping)] if isinstance(history, list) else []
    day = newest(iso_day(entry.get("lastUsedDate")) for entry in entries)
    if entries and day is None:
        message = "the password history has no readable lastUsedDate; last_rotated left absent"
        notes.append(Remark(label, where, message, "value"))
    return day
