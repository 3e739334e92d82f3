"""1Password CLI output as login items: `op item list --format json` and `op item get
--format json` (one item, or several one after another as `op item list ... | op item get -`
writes them, or a list of them).

Of an item only these are read: `category` (LOGIN and PASSWORD are logins; others are passed
over), `state` (an ARCHIVED item is passed over, as in the trash), `urls[].href`, `vault` (its
name, which `op vault user list` names the members of), the value of the field whose `purpose`
is USERNAME (kept only where it is an e-mail address), and whether a field of `type` OTP holds a
seed. Never a field's value otherwise: the PASSWORD field, CONCEALED fields, OTP seeds, notes
and `password_details.history` are not read. `op item list` has no fields at all, so it gives
URLs and vaults only. The CLI says nothing of when the password changed (`updated_at` moves with
any edit), so `last_rotated` is left absent.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smaudit.inventory.importers.jsonrecords import decoding, read_json_text, top_values
from smaudit.inventory.importers.vault_model import (
    ONEPASSWORD,
    VaultExport,
    VaultItem,
    counted,
    email,
    strings,
)
from smaudit.model import Location
from smaudit.safety.terminal import display_path

SHAPE = "op-json"
TITLE = "1Password CLI items (op item list/get)"
_LOGINS = frozenset({"LOGIN", "PASSWORD"})


def read_op_items(path: Path) -> VaultExport:
    """The login items of `op item list` or `op item get` JSON."""
    name = display_path(path)
    text = read_json_text(path)
    with decoding(name):
        found = top_values(text)
    items: list[VaultItem] = []
    passed: list[str] = []
    for number, (raw, line, column) in enumerate(found, 1):
        read = _item(raw, f"item {number}", Location(name, line, column))
        if isinstance(read, VaultItem):
            items.append(read)
        else:
            passed.append(read)
    del found, text  # every secret of the file goes with them
    return VaultExport(TITLE, ONEPASSWORD, None, tuple(items), counted(passed))


def is_op_item(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("vault"), Mapping)


def _item(raw: Any, label: str, where: Location) -> VaultItem | str:
    if not isinstance(raw, Mapping) or str(raw.get("category", "")).upper() not in _LOGINS:
        return "not-login"
    if str(raw.get("state", "")).upper() == "ARCHIVED" or raw.get("trashed") is True:
        return "deleted"
    urls = raw.get("urls")
    listed = urls if isinstance(urls, list) else []
    fields = raw.get("fields")
    known = [f for f in fields if isinstance(f, Mapping)] if isinstance(fields, list) else []
    vault = raw.get("vault")
    return VaultItem(
        label,
        where,
        strings(url.get("href") for url in listed if isinstance(url, Mapping)),
        login_email=next(
            (email(f.get("value")) for f in known if f.get("purpose") == "USERNAME"), None
        ),
        totp=any(f.get("type") == "OTP" and strings([f.get("value")]) for f in known),
        vault=_vault_name(vault) if isinstance(vault, Mapping) else None,
    )


def _vault_name(vault: Mapping[str, Any]) -> str | None:
    found = strings([vault.get("name"), vault.get("id")])
    return found[0] if found else None
