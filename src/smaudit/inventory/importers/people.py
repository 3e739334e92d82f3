"""People read from an HR or directory export, made a roster: duplicates dropped, each
person's dates checked against the import's day, and ids given.

**Person ids** are what accounts name owners and holders by, so they must be stable across
imports and unique. A person's id is, in this order: the file's own id column (`--map
"User ID=id"`); else the local part of their e-mail address (`jane.doe@agency.gov` ->
`jane.doe`); else their name's words joined by dots (`Jane Doe` -> `jane.doe`). Letters are
lower-cased and accents dropped; in an address, anything but letters, digits, `.`, `_` and `-`
becomes `-`. When two people would
get the same id, the first in the file keeps it and the next take `-2`, `-3`, ... in file order.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from smaudit.errors import InputError
from smaudit.inventory.importers.records import Remark
from smaudit.model import Location

EVENT_DATES = ("training_completed_on", "rules_of_behavior_signed_on")
"""Dates of something done: one after the import's day is a typo, and is left out."""
_ID_CHARS = re.compile(r"[^a-z0-9._-]+")
_NAME_PARTS = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True, slots=True)
class GoogleAccount:
    """A person's agency Google account as the Workspace directory describes it (the roster's
    `google_account`); None where the listing does not say."""

    mfa_enabled: bool | None = None
    mfa_enforced: bool | None = None
    recovery_email_domain: str | None = None
    """Only the domain: the address itself is often a personal mailbox, which no output names."""
    recovery_phone: bool | None = None


@dataclass(frozen=True, slots=True)
class PersonRecord:
    """One person as the source gives them, values already read; `id` is set once ids are given."""

    label: str
    """How messages name the person: `row 17`, `user 3` (never by name or address)."""
    location: Location
    id: str | None = None
    name: str | None = None
    email: str | None = None
    employment: str | None = None
    status: str | None = None
    separated_on: dt.date | None = None
    position_changed_on: dt.date | None = None
    training_completed_on: dt.date | None = None
    rules_of_behavior_signed_on: dt.date | None = None
    google_account: GoogleAccount | None = None


@dataclass(frozen=True, slots=True)
class Read:
    """What a reader of one shape found, before duplicates, dates and ids are settled."""

    shape: str
    records: tuple[PersonRecord, ...]
    skipped: tuple[Remark, ...]
    notes: tuple[Remark, ...]


@dataclass(frozen=True, slots=True)
class PeopleResult:
    """A roster and the story of how it was made."""

    source: str
    shape: str
    people: tuple[PersonRecord, ...]
    skipped: tuple[Remark, ...]
    notes: tuple[Remark, ...]
    system: str = "other"
    """The `sources` system the roster's evidence names: hr, google-workspace, microsoft-entra."""
    exported_on: dt.date | None = None
    """The day the export was made (`--recorded-on`): no HR or directory file says."""


def finish(
    source: str,
    shape: str,
    records: Sequence[PersonRecord],
    remarks: tuple[Sequence[Remark], Sequence[Remark]],
    today: dt.date,
) -> PeopleResult:
    """The roster of `records` (read with `remarks`: skipped, notes): duplicates skipped, dates
    checked against `today`, ids given."""
    kept, duplicates = _without_duplicates(records)
    skipped = [*remarks[0], *duplicates]
    notes = list(remarks[1])
    checked = [_as_of(record, today, notes) for record in kept]
    people = tuple(assign_ids(checked))
    if not people:
        raise InputError.at(
            source,
            0,
            0,
            f"no people found ({len(skipped)} skipped); is this an HR or directory file?",
        )

    def place(remark: Remark) -> tuple[int, int]:
        return remark.location.line, remark.location.column

    return PeopleResult(
        source, shape, people, tuple(sorted(skipped, key=place)), tuple(sorted(notes, key=place))
    )


def _without_duplicates(
    records: Sequence[PersonRecord],
) -> tuple[list[PersonRecord], list[Remark]]:
    """One entry per e-mail address (and per id the file gives): a second is the same person."""
    kept: list[PersonRecord] = []
    skipped: list[Remark] = []
    first: dict[str, PersonRecord] = {}
    for record in records:
        keys = [f"email:{record.email.lower()}"] if record.email else []
        keys += [f"id:{record.id}"] if record.id else []
        earlier = next((first[k] for k in keys if k in first), None)
        if earlier is not None:
            what = "e-mail address" if keys[0] in first else "id"
            skipped.append(
                Remark(
                    record.label, record.location, f"same {what} as {earlier.label}", "duplicate"
                )
            )
            continue
        first.update(dict.fromkeys(keys, record))
        kept.append(record)
    return kept, skipped


def _as_of(record: PersonRecord, today: dt.date, notes: list[Remark]) -> PersonRecord:
    """What the inventory's reader would refuse or misread, settled with a note instead."""
    status = record.status
    leaves = record.separated_on
    if leaves and leaves > today and status == "separated":
        # the reader wants a departure still to come recorded as active: it counts from its date
        status = "active"
        notes.append(
            _note(
                record,
                "the separation date is after today: written as active "
                "(smaudit counts the person as gone from that date)",
            )
        )
    elif leaves and leaves <= today and status == "active":
        notes.append(
            _note(
                record,
                "status says active but the separation date has passed: "
                "smaudit counts the person as separated",
            )
        )
    done = {key: _done(record, key, today, notes) for key in EVENT_DATES}
    return dataclasses.replace(
        record,
        status=status,
        training_completed_on=done["training_completed_on"],
        rules_of_behavior_signed_on=done["rules_of_behavior_signed_on"],
    )


def _done(record: PersonRecord, key: str, today: dt.date, notes: list[Remark]) -> dt.date | None:
    when: dt.date | None = getattr(record, key)
    if when and when > today:
        notes.append(_note(record, f"{key} is after today (a typo?); left out"))
        return None
    return when


def _note(record: PersonRecord, message: str) -> Remark:
    return Remark(record.label, record.location, message, "dates")


def assign_ids(records: Sequence[PersonRecord]) -> list[PersonRecord]:
    """Every record with a unique id (see the module docstring): the file's own ids first,
    then derived ones, in file order."""
    taken = {record.id for record in records if record.id}
    result: list[PersonRecord] = []
    for record in records:
        if record.id:
            result.append(record)
            continue
        base = derived_id(record)
        pid, number = base, 1
        while pid in taken:
            number += 1
            pid = f"{base}-{number}"
        taken.add(pid)
        result.append(dataclasses.replace(record, id=pid))
    return result


def derived_id(record: PersonRecord) -> str:
    """`Jane.Doe@agency.gov` -> `jane.doe`; without an address, `Jane Doe` -> `jane.doe`."""
    text = record.email.rpartition("@")[0] if record.email else record.name or ""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    if not record.email:
        return ".".join(_NAME_PARTS.findall(text)) or "person"
    return _ID_CHARS.sub("-", text).strip("-.") or "person"
