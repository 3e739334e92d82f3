"""Meta Business Manager's Graph API responses, as saved by the user, as accounts with holders.

Each Facebook Page and Instagram account given becomes an account run through delegated roles,
its holders the users assigned to it, each with the role their tasks give (meta_values.py)
and their own two-factor status from the business users listing. The files are read, never
fetched: this module does no network I/O.

The business's `two_factor_type` never sets a holder's MFA. Meta's reference describes it only
as "the two factor type authentication used for this business", and says nothing of when or on
which sign-in it is enforced; taking it as each holder's status would pass SM-IA-15 on a
setting, not on what the people's logins are. It is reported in a note beside the holders
whose status is unknown or off.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers.assemble import Naming, assemble, normalise
from smaudit.inventory.importers.meta_files import (
    ASSIGNED_USERS,
    BUSINESS_USERS,
    EMPTY,
    Asset,
    Business,
    Entry,
    Listing,
    MetaFile,
    read_meta_file,
    text,
)
from smaudit.inventory.importers.meta_people import Roll, business_roll, more_pages
from smaudit.inventory.importers.meta_values import TWO_FACTOR_TYPES, requirement, role_of
from smaudit.inventory.importers.records import ImportResult, Remark, SourceRecord
from smaudit.model import Location
from smaudit.safety.terminal import display_path

SYSTEM = "meta-business-manager"
SHAPE = "Meta Business Manager, Graph API"


@dataclasses.dataclass(frozen=True, slots=True)
class _Tally:
    """Holders by what is known of their two-factor, for the business requirement's note."""

    unknown: int = 0
    off: int = 0


def import_meta(paths: Sequence[Path], naming: Naming | None = None) -> ImportResult:
    """One account per Page and Instagram account in `paths`; the agency is the business's
    name unless `naming` gives one."""
    files = [(path, read_meta_file(path)) for path in paths]
    business = _business(files)
    users = [f for _, f in files if isinstance(f, Listing) and f.kind == BUSINESS_USERS]
    if business is not None and business.users is not None:
        users.insert(0, business.users)
    _same_business(business, users)
    roll = business_roll(users)
    notes: list[Remark] = list(roll.notes)
    assets = [f for _, f in files if isinstance(f, Asset)]
    pages = _assigned_pages(files, assets)
    tally = _Tally()
    items: list[SourceRecord] = []
    for asset in assets:
        record, tally = _record(asset, pages.get(asset.id or "", []), roll, notes, tally)
        items.append(record)
    notes += _requirement_notes(business, tally)
    notes += [_empty(f.where) for _, f in files if isinstance(f, Listing) and f.kind == EMPTY]
    notes += _token_notes([f for _, f in files], [a.users for a in assets])
    chosen = naming or Naming()
    if chosen.agency is None and business is not None and business.name:
        chosen = dataclasses.replace(chosen, agency=business.name)
    source = ", ".join(display_path(path) for path in paths)
    result = assemble(normalise(items), source, SHAPE, chosen)
    return dataclasses.replace(
        result, notes=(*result.notes, *notes), system=SYSTEM, exported_on=None
    )


def _business(files: Sequence[tuple[Path, MetaFile]]) -> Business | None:
    found = [f for _, f in files if isinstance(f, Business)]
    ids = {b.id for b in found if b.id}
    if len(ids) > 1:
        where = found[-1].where
        message = "files of two businesses given: import one business portfolio at a time"
        raise InputError.at(where.file, where.line, where.column, message)
    return found[0] if found else None


def _same_business(business: Business | None, users: Sequence[Listing]) -> None:
    """A page of another business's people would give holders someone else's two-factor."""
    for listing in users:
        if business and business.id and listing.owner and listing.owner != business.id:
            message = f"business users of {listing.owner}, but the business given is {business.id}"
            raise InputError.at(listing.where.file, 1, 1, message)


def _assigned_pages(
    files: Sequence[tuple[Path, MetaFile]], assets: Sequence[Asset]
) -> dict[str, list[Listing]]:
    """Each asset's pages of assigned users: its own, then further pages naming it."""
    pages: dict[str, list[Listing]] = {a.id or "": [a.users] if a.users else [] for a in assets}
    for _, found in files:
        if not isinstance(found, Listing) or found.kind != ASSIGNED_USERS:
            continue
        if not found.entries and found.owner is None:
            continue  # an empty last page: nothing to attribute
        if found.owner is None or found.owner not in pages:
            raise InputError.at(found.where.file, 1, 1, _unattributed(found.owner))
        pages[found.owner].append(found)
    return pages


def _unattributed(owner: str | None) -> str:
    save = (
        "save the Page with its users in one file: GET /{page-id}?fields=id,name,username,"
        "link,assigned_users.business({business-id}){id,name,user_type,tasks} (see "
        "docs/importing.md)"
    )
    if owner is None:
        return f"a page of assigned users that does not say whose users they are; {save}"
    return f"assigned users of {owner}, but no file of that Page or account was given; {save}"


def _record(
    asset: Asset, pages: Sequence[Listing], roll: Roll, notes: list[Remark], tally: _Tally
) -> tuple[SourceRecord, _Tally]:
    kind = "page" if asset.platform == "facebook" else "instagram account"
    label = f"{kind} {asset.id}" if asset.id else kind
    credentials: dict[str, Any] = {"type": "delegated_roles"}
    if pages:
        holders, tally = _holders(label, pages, roll, notes, tally)
        credentials["holders"] = holders
        if all(page.more for page in pages):
            notes.append(Remark(label, pages[-1].where, more_pages("assigned users"), "paging"))
    else:
        message = "no assigned users given (ask for the assigned_users field): holders left out"
        notes.append(Remark(label, asset.where, message, "holders"))
    handle = asset.username or (asset.id if asset.platform == "facebook" else None)
    record = SourceRecord(
        label=label,
        location=asset.where,
        service=asset.platform,
        handle=handle,
        url=asset.link if asset.platform == "facebook" else None,
        fields={"credentials": credentials},
    )
    return record, tally


def _holders(
    label: str, pages: Sequence[Listing], roll: Roll, notes: list[Remark], tally: _Tally
) -> tuple[list[dict[str, Any]], _Tally]:
    holders: list[dict[str, Any]] = []
    seen: set[str] = set()
    for page in pages:
        notes += page.skipped
        for entry in page.entries:
            user_id = text(entry.value.get("id")) or ""
            if user_id in seen:
                continue
            seen.add(user_id)
            holder = _holder(f"{label} user {user_id}", entry, roll, notes)
            if holder is not None:
                holders.append(holder)
                mfa = holder.get("mfa", {}).get("enabled")
                tally = _Tally(tally.unknown + (mfa is None), tally.off + (mfa is False))
    return holders, tally


def _holder(label: str, entry: Entry, roll: Roll, notes: list[Remark]) -> dict[str, Any] | None:
    user = entry.value
    if str(user.get("user_type") or "").strip().lower() == "system_user":
        message = (
            "a system user (a token an app acts with, not a person): not a holder; record "
            "the app under third_party_apps"
        )
        notes.append(Remark(label, entry.where, message, "system-user"))
        return None
    member = roll.members.get(text(user.get("id")) or "")
    assigned_name = text(user.get("name"))
    person = dict(member.person) if member and member.person else {}
    if not person and assigned_name:
        person = {"name": assigned_name}
    if not person:
        notes.append(Remark(label, entry.where, "no name or e-mail address: not written", "shape"))
        return None
    if member is None and roll.given:
        message = "not in the business users given: its two-factor status is unknown"
        notes.append(Remark(label, entry.where, message, "mfa"))
    holder: dict[str, Any] = {"person": person}
    role = _role(label, entry, notes)
    if role:
        holder["role"] = role
    if member is not None and member.mfa is not None:
        holder["mfa"] = {"enabled": member.mfa}
    return holder


def _role(label: str, entry: Entry, notes: list[Remark]) -> str | None:
    tasks = entry.value.get("tasks")
    if not isinstance(tasks, list):
        message = (
            "no tasks (permitted_tasks are what may be assigned, not what this user holds): "
            "role left absent"
        )
        notes.append(Remark(label, entry.where, message, "role"))
        return None
    read = role_of(tasks)
    if read.unknown:
        message = f"tasks {', '.join(read.unknown)} not known to smaudit: not read as a role"
        notes.append(Remark(label, entry.where, message, "role"))
    return read.role


def _empty(where: Location) -> Remark:
    message = "an empty page that does not say which listing it ends: nothing read"
    return Remark("listing", where, message, "paging")


def _requirement_notes(business: Business | None, tally: _Tally) -> list[Remark]:
    if business is None or business.two_factor_type is None:
        return []
    where = business.where
    required = requirement(business.two_factor_type)
    if required is None:
        expected = ", ".join(TWO_FACTOR_TYPES)
        message = f"two_factor_type is not one of {expected}: the requirement is not read"
        return [Remark("business", where, message, "mfa")]
    if required == "none" or not (tally.unknown or tally.off):
        return []
    message = (
        f"the business asks {TWO_FACTOR_TYPES[required]} to use two-factor ({required}); "
        "Meta does not document it as enforced on each person's own sign-in, so it is not "
        f"taken as their status: {tally.unknown} holders without a status left absent, "
        f"{tally.off} that Meta reports without two-factor recorded as off"
    )
    return [Remark("business", where, message, "mfa")]


def _token_notes(files: Sequence[MetaFile], nested: Sequence[Listing | None]) -> list[Remark]:
    listings = [f for f in files if isinstance(f, Listing)]
    listings += [f.users for f in files if isinstance(f, Business) and f.users]
    listings += [n for n in nested if n]
    carrying = sorted({lst.where.file for lst in listings if lst.token})
    message = (
        "a paging address in this file carries an access token: a live credential (never "
        "read or printed here); delete the saved files once imported"
    )
    return [Remark("paging", Location(name, 1, 1), message, "token") for name in carrying]
