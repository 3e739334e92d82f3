"""What a password-manager export is read into: login items with their secrets already gone.

A reader (vault_bitwarden.py, vault_onepassword.py, vault_1pux.py) turns each raw item into a
VaultItem as it meets it. A VaultItem has no field that could hold a password, a TOTP seed, an
old password, a hidden field or a note: only whether a seed was there, and dates. So nothing
past the reader can leak a secret, however it is printed or logged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from smaudit.inventory.importers.records import Remark
from smaudit.model import Location

BITWARDEN = "bitwarden"
ONEPASSWORD = "1password"
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True, slots=True)
class VaultItem:
    """One login item, as far as the inventory needs it."""

    label: str
    """How messages name it: `item 7`, `vault 2 item 3`; never its title, which can name a
    person (`Jane's Twitter`)."""
    location: Location
    uris: tuple[str, ...]
    login_email: str | None = None
    """The username, where it is an e-mail address; any other username is not kept."""
    last_rotated: dt.date | None = None
    totp: bool = False
    """A TOTP seed is stored with the item (the seed itself is not kept)."""
    vault: str | None = None
    """The 1Password vault holding the item: whose members can reach it."""
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class VaultExport:
    """What a reader found: the login items, and how many items it passed over, by kind."""

    shape: str
    """The export's kind, for messages: `Bitwarden organization export (JSON)`."""
    system: str
    exported_on: dt.date | None
    items: tuple[VaultItem, ...]
    passed_over: Mapping[str, int] = field(default_factory=dict)
    """Items that are not logins (`not-login`: cards, notes, identities) or are in the trash
    (`deleted`): counted, never named."""
    notes: tuple[Remark, ...] = ()


def counted(kinds: Iterable[str]) -> dict[str, int]:
    return dict(Counter(kinds))


def email(value: object) -> str | None:
    """The value, where it is an e-mail address."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if _EMAIL.fullmatch(text) else None


def iso_day(value: object) -> dt.date | None:
    """`2026-03-01T17:25:29.123Z` (or a bare date) -> its date, as the export writes it in UTC."""
    if not isinstance(value, str):
        return None
    match = _ISO_DAY.match(value.strip())
    if match is None:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def epoch_day(value: object) -> dt.date | None:
    """Seconds since 1970 (1PUX writes its times so) -> the UTC date."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
        return None
    try:
        return dt.datetime.fromtimestamp(value, dt.UTC).date()
    except (OverflowError, OSError, ValueError):
        return None


def newest(days: Iterable[dt.date | None]) -> dt.date | None:
    known = [day for day in days if day is not None]
    return max(known) if known else None


def strings(values: Iterable[object]) -> tuple[str, ...]:
    """The non-blank strings among `values`, trimmed, each once."""
    found = (v.strip() for v in values if isinstance(v, str))
    return tuple(dict.fromkeys(v for v in found if v))
