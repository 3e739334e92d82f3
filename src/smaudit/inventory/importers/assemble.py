"""From source records to accounts: normalise, skip what cannot be used, merge duplicates, name."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from smaudit.inventory.addresses import AccountKey, Parsed
from smaudit.inventory.importers.records import (
    ImportedAccount,
    ImportResult,
    Normalised,
    Record,
    Remark,
    SourceRecord,
)
from smaudit.inventory.normalize import parse_handle, parse_url, platform_from_name

MAX_ID_LENGTH = 80
_ACRONYM = re.compile(r"\(([A-Za-z][A-Za-z0-9&.-]{1,15})\)\s*$")


@dataclass(frozen=True)
class Naming:
    """The inventory's agency and how account ids begin."""

    agency: str | None = None
    """The agency name to write; default: the agency most records name."""
    abbreviation: str | None = None
    """Prefix for ids of records that name no agency with an acronym (`DOC`)."""


DEFAULT_NAMING = Naming()


def normalise(items: Iterable[SourceRecord | Remark]) -> Normalised:
    """Give each record its account key; records that name no account are skipped, with why.
    A Remark among the items is a record its reader already had to skip."""
    records: list[Record] = []
    skipped: list[Remark] = []
    notes: list[Remark] = []
    for item in items:
        if isinstance(item, Remark):
            skipped.append(item)
            continue
        notes += [_remark(item, note, "note") for note in item.notes]
        outcome = _normalise_one(item, notes)
        if isinstance(outcome, Remark):
            skipped.append(outcome)
        else:
            records.append(outcome)
    return Normalised(tuple(records), tuple(skipped), tuple(notes))


def _normalise_one(source: SourceRecord, notes: list[Remark]) -> Record | Remark:
    hint = platform_from_name(source.service)
    from_url = parse_url(source.url, hint) if source.url else None
    from_handle = parse_handle(hint, source.handle) if source.handle and hint else None
    parsed = from_url or from_handle
    if parsed is None:
        return _unusable(source, hint)
    if source.url and from_url is None:
        notes.append(_remark(source, f"unusable URL {source.url!r}; used the handle", "url"))
    _check_agreement(source, hint, parsed, from_handle, notes)
    return Record(source, parsed, _service_label(source, parsed))


def _unusable(source: SourceRecord, hint: str | None) -> Remark:
    if not source.url and not source.handle:
        return _remark(source, "no URL and no handle", "no-address")
    if source.url:
        return _remark(source, f"{source.url!r} is not an account address", "unusable")
    if hint is None:
        message = f"handle {source.handle!r} comes without a platform or URL"
        return _remark(source, message, "no-platform")
    return _remark(source, f"{source.handle!r} is not a valid {hint} handle", "unusable")


def _check_agreement(
    source: SourceRecord,
    hint: str | None,
    parsed: Parsed,
    from_handle: Parsed | None,
    notes: list[Remark],
) -> None:
    """The URL is what the public follows, so it wins; the disagreement is worth a note."""
    if hint and hint != "other" and parsed.platform != hint:
        message = (
            f"the service is {source.service!r} but the URL is a {parsed.platform} address; "
            f"imported as {parsed.platform}"
        )
        notes.append(_remark(source, message, "platform"))
    elif from_handle and parsed.platform != "other" and from_handle.key != parsed.key:
        message = (
            f"account {source.handle!r} disagrees with the URL {source.url!r}; "
            f"used the URL's handle {parsed.handle!r}"
        )
        notes.append(_remark(source, message, "handle"))


def _service_label(source: SourceRecord, parsed: Parsed) -> str | None:
    """`pinterest` for a Pinterest board filed as `other`, from the source or the host."""
    if parsed.platform != "other":
        return None
    named = _slug(source.service or "")
    if named and named != "other":
        return named
    labels = parsed.key.ident.split("/")[0].split(".")
    return labels[-2] if len(labels) >= 2 else None


def _remark(source: SourceRecord, message: str, kind: str) -> Remark:
    return Remark(source.label, source.location, message, kind)


def assemble(
    normalised: Normalised,
    source: str,
    shape: str,
    naming: Naming = DEFAULT_NAMING,
    *,
    system: str | None = None,
    exported_on: dt.date | None = None,
) -> ImportResult:
    """One account per key, first record wins; every account gets a unique, stable id.
    `system` and `exported_on` say where the facts came from (the inventory's `sources`)."""
    agency = naming.agency or choose_agency(normalised.records)
    first_by_key: dict[AccountKey, Record] = {}
    accounts: list[ImportedAccount] = []
    skipped = list(normalised.skipped)
    notes = list(normalised.notes)
    taken: set[str] = set()
    for record in normalised.records:
        first = first_by_key.setdefault(record.key, record)
        if first is not record:
            skipped.append(_duplicate(record, first))
            continue
        account_id = _account_id(record, _prefix(record.source, agency, naming), taken, notes)
        accounts.append(ImportedAccount(account_id, record, office(record.source, agency)))
    return ImportResult(
        source,
        shape,
        agency,
        naming.abbreviation or acronym(agency),
        tuple(accounts),
        _in_file_order(skipped),
        _in_file_order(notes),
        _email_domains(normalised.records),
        agency_guessed=naming.agency is None,
        system=system,
        exported_on=exported_on,
    )


def _in_file_order(remarks: Iterable[Remark]) -> tuple[Remark, ...]:
    return tuple(sorted(remarks, key=lambda r: (r.location.line, r.location.column)))


def choose_agency(records: Sequence[Record]) -> str:
    """The agency most records name (ties: alphabetical), so a slice of one department reads as
    that department. The import's header asks the user to check it."""
    counts = Counter(a for r in records for a in dict.fromkeys(r.source.agencies))
    if not counts:
        return "Unnamed agency"
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def office(source: SourceRecord, agency: str) -> str | None:
    """The office is the most specific sponsor: the agencies other than the inventory's own."""
    if source.office:
        return source.office
    others = [a for a in source.agencies if a != agency]
    if others:
        return "; ".join(others)
    return source.agencies[0] if source.agencies else None


def acronym(name: str | None) -> str | None:
    """`National Institute of Standards and Technology (NIST)` -> `NIST`."""
    match = _ACRONYM.search(name or "")
    return match.group(1) if match else None


def _prefix(source: SourceRecord, agency: str, naming: Naming) -> str | None:
    if source.prefix:
        return source.prefix
    sponsors = [a for a in source.agencies if a != agency] + [agency]
    found = next((acronym(a) for a in sponsors if acronym(a)), None)
    return found or naming.abbreviation


def _account_id(record: Record, prefix: str | None, taken: set[str], notes: list[Remark]) -> str:
    """`noaa-x-noaafisheries`; a clash takes the registry id (stable) or else a number."""
    given = record.source.account_id
    if given:
        base = _slug(given, lower=False) or "account"
    else:
        # the key, not the spelling: `eda.commerce` and `EdaCommerce` get one id
        name = record.parsed.handle if record.platform == "other" else record.key.ident
        parts = (prefix, record.service or record.platform, name)
        base = _slug("-".join(p for p in parts if p)) or "account"
    candidate = base
    if candidate in taken and record.source.registry_id:
        candidate = _slug(f"{base}-{record.source.registry_id}")
    number = 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    if given and candidate != given:
        message = (
            f"id {given!r} is written as {candidate!r} (ids must be unique letters, digits, .-_:)"
        )
        notes.append(_remark(record.source, message, "id"))
    taken.add(candidate)
    return candidate


def _slug(text: str, lower: bool = True) -> str:
    """Letters, digits and `.`, `_`, `:`, `-` only, starting with a letter or digit."""
    text = text.lower() if lower else text
    text = re.sub(r"[^A-Za-z0-9._:-]+", "-", text.strip())
    text = re.sub(r"-{2,}", "-", text)
    return re.sub(r"^[^A-Za-z0-9]+", "", text)[:MAX_ID_LENGTH].rstrip("-._:")


def _duplicate(record: Record, first: Record) -> Remark:
    this = record.source.url or record.source.handle or ""
    other = first.source.url or first.source.handle or ""
    if this.strip() == other.strip():
        message = f"duplicate of {first.source.label} (same address {other.strip()!r})"
    else:
        message = (
            f"duplicate of {first.source.label}: {this.strip()!r} and {other.strip()!r} "
            f"are the same {record.platform} account"
        )
    ids = (first.source.registry_id, record.source.registry_id)
    if all(ids) and ids[0] != ids[1]:
        message += f" (the registry lists it twice: {ids[0]} and {ids[1]})"
    return _remark(record.source, message, "duplicate")


def _email_domains(records: Sequence[Record]) -> tuple[str, ...]:
    domains = Counter(
        c.rpartition("@")[2].lower() for r in records for c in r.source.contacts if "@" in c
    )
    return tuple(sorted(domains, key=lambda d: (-domains[d], d)))
