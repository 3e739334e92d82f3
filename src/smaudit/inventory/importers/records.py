"""What importers produce: records as read, records as normalised, and the accounts kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from smaudit.inventory.addresses import AccountKey, Parsed
from smaudit.model import Location


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """One account as a source file writes it, before any normalisation."""

    label: str
    """How messages name it: `record 208719`, `row 17`."""
    location: Location
    service: str | None = None
    """The platform as the source names it: `twitter`, `Youtube`, `pinterest`."""
    handle: str | None = None
    url: str | None = None
    account_id: str | None = None
    """An inventory id the source supplies (a spreadsheet's id column)."""
    registry_id: str | None = None
    registry_status: str | None = None
    """The Digital Registry's own status: published, under_review, archived, ..."""
    registered: bool | None = None
    """Whether the record is in the U.S. Digital Registry; None when the source cannot say."""
    agencies: tuple[str, ...] = ()
    agency_ids: tuple[tuple[str, str | None], ...] = ()
    """The registry's ids of the sponsoring agencies, each with its name where the source has one:
    what `--agency 81` selects by."""
    office: str | None = None
    prefix: str | None = None
    """A short agency name for account ids (`NOAA`), when the source has one."""
    contacts: tuple[str, ...] = ()
    purpose: str | None = None
    status: str | None = None
    """The inventory status (active, dormant, retired), when the source says."""
    fields: Mapping[str, Any] = field(default_factory=dict)
    """Further inventory fields the source supplies (a spreadsheet's owner or tier column)."""
    notes: tuple[str, ...] = ()
    """Caveats found while reading: imported, but the user should know."""


@dataclass(frozen=True, slots=True)
class Record:
    """A source record with its account key: what reconciliation compares."""

    source: SourceRecord
    parsed: Parsed
    service: str | None
    """For platform `other`, the service's own name (`pinterest`, `tumblr`)."""

    @property
    def key(self) -> AccountKey:
        return self.parsed.key

    @property
    def platform(self) -> str:
        return self.parsed.platform


@dataclass(frozen=True, slots=True)
class Remark:
    """A record skipped, or imported with a caveat, and why."""

    label: str
    location: Location
    message: str
    kind: str
    """A short category for the summary: duplicate, no-address, unusable, ..."""

    def __str__(self) -> str:
        return f"{self.location}: {self.label}: {self.message}"


@dataclass(frozen=True, slots=True)
class Normalised:
    records: tuple[Record, ...]
    skipped: tuple[Remark, ...]
    notes: tuple[Remark, ...]


@dataclass(frozen=True, slots=True)
class ImportedAccount:
    id: str
    record: Record
    office: str | None


@dataclass(frozen=True, slots=True)
class ImportResult:
    """An inventory skeleton and the story of how it was made."""

    source: str
    shape: str
    agency: str
    abbreviation: str | None
    accounts: tuple[ImportedAccount, ...]
    skipped: tuple[Remark, ...]
    notes: tuple[Remark, ...]
    email_domains: tuple[str, ...] = ()
    """Mail domains seen in the registry's contacts: a hint for agency.email_domains."""
    agency_guessed: bool = True
    """The agency name was chosen from the records, not given: the output asks to check it."""
    roster: str | None = None
    """The people file owners and holders were joined to (`--people`): their ids are its."""
    system: str | None = None
    """The system that wrote the file (`bitwarden`, `meta-business-manager`), for the facts'
    provenance: what `sources[].system` says in the inventory."""
    exported_on: dt.date | None = None
    """When that system wrote the export, from the export's own metadata; None when it does not
    say (the facts' age is then unknown, never guessed from the file's date)."""
