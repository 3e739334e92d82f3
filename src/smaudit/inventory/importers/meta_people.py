"""The business's people as Meta lists them: every page of `business_users` joined into one
roll, each person with their inline identity, two-factor status and business role.

Notes name people by their business-scoped id and place, never by name or address: notes end
up in logs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from smaudit.inventory.importers.meta_files import BUSINESS_USERS, Listing, text
from smaudit.inventory.importers.meta_values import TWO_FAC_STATUS, mfa_of
from smaudit.inventory.importers.records import Remark
from smaudit.model import Location

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_SHOWN = re.compile(r"[A-Za-z_ -]{1,40}")


@dataclass(frozen=True, slots=True)
class Member:
    """One business user: who they are (inline, as the inventory writes a person without a
    roster), whether their own login has two-factor on, and whether they administer the
    business."""

    id: str
    person: Mapping[str, str]
    mfa: bool | None
    admin: bool
    where: Location


@dataclass(frozen=True, slots=True)
class Roll:
    members: Mapping[str, Member]
    given: bool
    """Some business users listing was given: a user missing from it is worth a note."""
    notes: tuple[Remark, ...]


def business_roll(listings: Sequence[Listing]) -> Roll:
    """Every member of the business users `listings` (one page each), first listing wins."""
    members: dict[str, Member] = {}
    notes: list[Remark] = []
    unstated = 0
    for listing in listings:
        notes += listing.skipped
        for entry in listing.entries:
            user_id = text(entry.value.get("id"))
            if user_id is None:
                notes.append(Remark("business user", entry.where, "no id; not read", "shape"))
                continue
            if user_id in members:
                continue
            member = _member(user_id, entry.value, entry.where, notes)
            unstated += "two_fac_status" not in entry.value
            members[user_id] = member
    if listings:
        notes += _completeness(listings, len(members))
    if unstated:
        notes.append(_unstated(listings[0].where, unstated))
    return Roll(members, bool(listings), tuple(notes))


def _member(
    user_id: str, user: Mapping[str, object], where: Location, notes: list[Remark]
) -> Member:
    label = f"business user {user_id}"
    status = user.get("two_fac_status")
    mfa = mfa_of(status)
    if status is not None and mfa is None:
        shown = repr(status) if isinstance(status, str) and _SHOWN.fullmatch(status) else "it"
        expected = ", ".join(TWO_FAC_STATUS)
        message = f"two_fac_status {shown} is not one of {expected}; mfa.enabled left absent"
        notes.append(Remark(label, where, message, "mfa"))
    admin = str(user.get("role") or "").strip().upper() == "ADMIN"
    if admin and mfa is False:
        message = (
            "an admin of the business portfolio without two-factor: a business admin can "
            "assign themselves any of its Pages and accounts, so turn it on first"
        )
        notes.append(Remark(label, where, message, "mfa"))
    return Member(user_id, _person(user), mfa, admin, where)


def _person(user: Mapping[str, object]) -> dict[str, str]:
    """`{name, email}` from what Business Manager holds. `pending_email` is not used: it is an
    address not yet verified, so it may not be the person's."""
    parts = (text(user.get("first_name")), text(user.get("last_name")))
    name = text(user.get("name")) or " ".join(p for p in parts if p) or None
    email = text(user.get("email"))
    person = {"name": name} if name else {}
    if email and _EMAIL.fullmatch(email):
        person["email"] = email
    return person


def _completeness(listings: Sequence[Listing], found: int) -> list[Remark]:
    where = listings[-1].where
    if all(listing.more for listing in listings):
        return [Remark(BUSINESS_USERS, where, more_pages("business users"), "paging")]
    totals = [listing.total for listing in listings if listing.total is not None]
    if totals and found < max(totals):
        message = (
            f"Meta counts {max(totals)} business users and the pages given hold {found}: "
            "a page is missing, and holders not on the pages given have no two-factor status"
        )
        return [Remark(BUSINESS_USERS, where, message, "paging")]
    return []


def more_pages(what: str) -> str:
    return (
        f"the {what} listing says more pages follow (paging.next), and no page given ends it: "
        "people may be missing; save each page and give them all"
    )


def _unstated(where: Location, count: int) -> Remark:
    who = f"{count} business users carry" if count != 1 else "1 business user carries"
    message = (
        f"{who} no two_fac_status: ask for it (fields=id,name,email,role,two_fac_status); "
        "mfa.enabled left absent"
    )
    return Remark(BUSINESS_USERS, where, message, "mfa")
