"""What a merge takes and gives: the accounts a source supplies, the plan, the result."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from smaudit.inventory.addresses import AccountKey


@dataclass(frozen=True, slots=True)
class IncomingAccount:
    """One account as a source supplies it, in the inventory's own terms. Every importer
    (registry, spreadsheet, legislators, and later vaults and platform exports) gives these."""

    key: AccountKey
    """The account key (platform and normalised handle or URL) it is matched by."""
    id: str
    """The id to give it if the inventory lacks it."""
    fields: Mapping[str, Any]
    """The inventory fields the source supplies, nested as the inventory nests them
    (`{"platform": "x", "registry": {"registered": True, "id": "208719"}}`), without `id`."""
    label: str = ""
    """How messages name its record: `record 208719`, `row 17`."""


@dataclass(frozen=True, slots=True)
class Fill:
    """A field an existing account lacks, and the value the source gives it."""

    index: int
    """The account's position in `accounts`."""
    account: str
    path: tuple[str | int, ...]
    """Within the account, ending in the new key; everything before it exists as a mapping
    (or, as in `credentials.holders[2].mfa`, a list)."""
    value: Any

    @property
    def leaves(self) -> int:
        """How many fields it fills: each value in a nested mapping counts."""
        return _leaves(self.value)


def _leaves(value: Any) -> int:
    if isinstance(value, Mapping):
        return sum(_leaves(v) for v in value.values())
    return 1


@dataclass(frozen=True, slots=True)
class Stamp:
    """A value written whatever the account says: only for stamps of when something was last
    checked (`registry.last_validated`), never for a fact an officer states."""

    account: str
    """The id of the account."""
    path: tuple[str, ...]
    value: Any


@dataclass(frozen=True, slots=True)
class Conflict:
    """The inventory says one thing, the source another: the inventory keeps its value."""

    account: str
    field: str
    kept: str
    """The inventory's value as it may be shown: people masked."""
    offered: str

    def __str__(self) -> str:
        kept, offered = self.kept, self.offered
        return f"{self.account}: {self.field}: inventory keeps {kept}; source says {offered}"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where the merged facts came from, written beside them: the source, and an `evidence`
    entry naming it in each account the merge adds to, with the fields it wrote there."""

    source: Mapping[str, Any]
    """The `sources` entry, its id made unique in the inventory."""
    new: bool
    """Whether to add it (False: the inventory has this very entry already)."""
    created: tuple[Fill, ...]
    """An `evidence` list for each account that has none."""
    appended: tuple[tuple[int, Mapping[str, Any]], ...]
    """(account position, entry) for each account whose `evidence` list gets one more."""


@dataclass(frozen=True, slots=True)
class Plan:
    added: tuple[IncomingAccount, ...]
    """Accounts the inventory lacks, each with an id no account of the inventory has."""
    fills: tuple[Fill, ...]
    conflicts: tuple[Conflict, ...]
    stamped: tuple[Fill, ...] = ()
    """Stamps the accounts lack."""
    replaced: tuple[Fill, ...] = ()
    """Stamps over a value the account has (the only values a merge overwrites)."""
    provenance: Provenance | None = None
    """What the merge records of its source; None when it vouches for nothing."""
    matched: tuple[tuple[int, IncomingAccount], ...] = ()
    """Each account of the inventory a source account matched, by position: what the source
    may confirm (evidence.py)."""


@dataclass(frozen=True, slots=True)
class MergeResult:
    text: str
    """The inventory's text with the additions: every other byte as it was."""
    added: tuple[str, ...]
    """The ids of the accounts added."""
    filled: int
    """How many fields were filled in existing accounts."""
    conflicts: tuple[Conflict, ...]
    stamped: int = 0
    """How many accounts' stamps were written or brought up to date."""
    evidenced: int = 0
    """How many accounts the source vouches for anew (it filled or confirmed their facts)."""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.filled or self.stamped or self.evidenced)
