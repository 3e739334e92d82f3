"""Which kind of smaudit file a document is, by its own marker key.

A folder given to `check` or `validate` may hold more than inventories: a waivers file beside
them, a profile, a control, a tool's own YAML. Each says what it is by a key at its top
(`smaudit: 1`, `smaudit_waivers: 1`, `profile:`, a control's `id` and `check`), so a file is
treated as what it is instead of failing as a bad inventory. A file with an inventory's keys but
no marker is still an inventory (a forgotten `smaudit: 1` is an error to report, not a file to
skip: skipping it would leave its accounts unaudited).
"""

from __future__ import annotations

from enum import Enum
from typing import Any


class Kind(Enum):
    INVENTORY = "inventory"
    WAIVERS = "waivers"
    PROFILE = "profile"
    CONTROL = "control"
    OTHER = "other"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]

    @property
    def option(self) -> str | None:
        """The option of `check` that reads a file of this kind, if any."""
        return _OPTIONS.get(self)


_DESCRIPTIONS = {
    Kind.INVENTORY: "an inventory",
    Kind.WAIVERS: "a waivers file",
    Kind.PROFILE: "a profile",
    Kind.CONTROL: "a control",
    Kind.OTHER: "not an smaudit file (no 'smaudit: 1' key)",
}
_OPTIONS = {
    Kind.WAIVERS: "--waivers",
    Kind.PROFILE: "--profile",
    Kind.CONTROL: "--controls (its folder)",
}
_INVENTORY_KEYS = ("smaudit", "agency", "people", "accounts")


def kind_of(data: Any) -> Kind:
    """The kind a document's data says it is."""
    if not isinstance(data, dict):
        return Kind.OTHER
    if "smaudit_waivers" in data:
        return Kind.WAIVERS
    if any(key in data for key in _INVENTORY_KEYS):
        return Kind.INVENTORY
    if "profile" in data:
        return Kind.PROFILE
    if "id" in data and "check" in data:
        return Kind.CONTROL
    if "waivers" in data:
        return Kind.WAIVERS
    return Kind.OTHER
