"""Platform capabilities: shipped, dated data on what each platform offers, corrected per agency."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.model import Account, Inventory
from smaudit.reading.files import load_file

CAPABILITIES = (
    "security_keys",
    "passkeys",
    "totp",
    "delegated_roles",
    "login_alerts",
    "verification",
)
FIELD = "platform_capabilities"
"""Where the condition language reads them: `$.platform_capabilities.security_keys`."""
GAPS = "capability_gaps"
"""Where it reads the gaps the profile's controls leave (see gaps.py): each item has
`capabilities` (any one would close the gap), `needed_by` (control ids) and `acceptances` (the
account's risk acceptances that name one of those capabilities)."""


@dataclass(frozen=True)
class CapabilityTable:
    as_of: dt.date | None
    platforms: Mapping[str, Mapping[str, bool]]

    def lookup(self, platform: str) -> Mapping[str, bool]:
        return self.platforms.get(platform, {})


def load_capabilities(*directories: Path) -> CapabilityTable:
    """The first `platforms.yaml` found among the folders (a custom catalogue, then the shipped
    one); none at all means every capability is unknown."""
    for directory in directories:
        path = directory / "platforms.yaml"
        if path.is_file():
            return _parse(path)
    return CapabilityTable(None, {})


def _parse(path: Path) -> CapabilityTable:
    doc = load_file(path)
    data = doc.data if isinstance(doc.data, dict) else {}
    platforms: dict[str, dict[str, bool]] = {}
    for platform, entry in (data.get("platforms") or {}).items():
        for capability, value in (entry or {}).items():
            if capability not in CAPABILITIES or not isinstance(value, bool):
                line, column = doc.where(("platforms", platform, capability))
                raise InputError.at(
                    doc.file,
                    line,
                    column,
                    f"platforms.{platform}.{capability}: expected one of "
                    f"{', '.join(CAPABILITIES)} set to true or false",
                )
            platforms.setdefault(platform, {})[capability] = value
    as_of = data.get("as_of")
    return CapabilityTable(dt.date.fromisoformat(as_of) if as_of else None, platforms)


def with_overrides(
    table: CapabilityTable, overrides: Mapping[str, Mapping[str, bool]]
) -> CapabilityTable:
    merged = {p: dict(c) for p, c in table.platforms.items()}
    for platform, entry in overrides.items():
        merged.setdefault(platform, {}).update(entry)
    return CapabilityTable(table.as_of, merged)


Derived = Callable[[Mapping[str, Any]], Any]


def attach(
    inventory: Inventory, table: CapabilityTable, derived: Mapping[str, Derived] | None = None
) -> Inventory:
    """Give every account its platform's capabilities, so checks and scopes can read them, and
    each `derived` field worked out from the fields so far (capability_gaps, see gaps.py)."""

    def fields(account: Account) -> dict[str, Any]:
        result = {**account.fields, FIELD: table.lookup(account.platform)}
        for key, derive in (derived or {}).items():
            result[key] = derive(result)
        return result

    accounts = tuple(
        dataclasses.replace(account, fields=fields(account)) for account in inventory.accounts
    )
    return dataclasses.replace(inventory, accounts=accounts)
