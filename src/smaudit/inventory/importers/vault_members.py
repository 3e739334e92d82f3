"""Who can reach a 1Password vault: `op vault user list VAULT --format json`, as holders.

`[{"id", "name", "email", "type", "state", "permissions": [...]}]`. A member is a holder of every
account whose login the vault keeps when the member is ACTIVE (a suspended member cannot sign
in to 1Password) and may see items: `allow_viewing` (Teams) or `view_items` (Business), or no
`permissions` listed. A member who can only manage the vault is not a holder. The list says
nothing of platform roles or of when access was granted, so holders get a person only.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers.jsonrecords import decoding, read_json_text, values_at
from smaudit.inventory.importers.vault_model import email, strings
from smaudit.safety.terminal import display_path

_VIEWING = frozenset({"allow_viewing", "view_items"})
NOT_MEMBERS = (
    'not a vault member list: expected `op vault user list VAULT --format json` ([{"name", '
    '"email", "state", "permissions"}, ...])'
)


@dataclass(frozen=True, slots=True)
class Members:
    file: str
    holders: tuple[Mapping[str, Any], ...]
    """`{"person": {"name": ..., "email": ...}}` for each member who can reach the items."""
    left_out: int
    """Members listed who cannot: suspended, or not allowed to view items."""


def read_members(path: Path) -> Members:
    name = display_path(path)
    text = read_json_text(path)
    with decoding(name):
        found = values_at(text, ("*",))
    if not text.lstrip().startswith("[") or not all(_is_member(m) for m, *_ in found):
        raise InputError.at(name, 1, 1, NOT_MEMBERS)
    holders = [_holder(m) for m, *_ in found if _reaches(m)]
    kept = tuple(h for h in holders if h is not None)
    return Members(name, kept, len(found) - len(kept))


def _is_member(value: Any) -> bool:
    return isinstance(value, Mapping) and ("email" in value or "name" in value)


def _reaches(member: Mapping[str, Any]) -> bool:
    if str(member.get("state", "ACTIVE")).upper() != "ACTIVE":
        return False
    permissions = member.get("permissions")
    return not isinstance(permissions, list) or bool(_VIEWING.intersection(map(str, permissions)))


def _holder(member: Mapping[str, Any]) -> Mapping[str, Any] | None:
    person: dict[str, str] = {}
    names = strings([member.get("name")])
    if names:
        person["name"] = names[0]
    address = email(member.get("email"))
    if address:
        person["email"] = address
    return {"person": person} if person else None
