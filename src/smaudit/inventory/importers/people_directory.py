"""A directory listing's JSON as roster entries: Microsoft Graph `/users`, Google Workspace
`users.list`, each as its API returns it (save the response body to a file).

- Microsoft Graph (`GET /v1.0/users?$select=displayName,mail,userPrincipalName,accountEnabled,
  employeeType,employeeLeaveDateTime`): `{"value": [...]}`. `displayName` is the name; `mail` the
  address, else `userPrincipalName` when it is one (not a guest's `#EXT#` name); `accountEnabled:
  false` is separated, true active; `employeeLeaveDateTime` the separation date; `employeeType`
  (free text: Employee, Contractor, ...) the employment.
- Google Workspace (`GET admin/directory/v1/users`): `{"kind": "admin#directory#users", "users":
  [...]}`. `name.fullName` is the name, `primaryEmail` the address; a `suspended` or `archived`
  user is separated, else active. The directory does not say who is a federal employee, so
  `employment` is left to fill in (or import the HR export, which does). Its 2-Step
  Verification and recovery fields become the person's `google_account`: `isEnrolledIn2Sv` is
  `mfa.enabled`, `isEnforcedIn2Sv` is `mfa.enforced`, `recoveryEmail` is kept as its domain
  only (`recovery.email_domain`) and `recoveryPhone` as whether one is set (`recovery.phone`);
  an empty string is none set, an absent field unknown (the listing leaves out what the
  caller's admin role may not read).

A disabled, suspended or archived directory account counts as separated: its owner can no longer
sign in as the agency, which is what the roster's status is for. A listing of several pages is
one file per page; a file that says more pages follow gets a note.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.importers import people_values as values
from smaudit.inventory.importers.jsonrecords import read_records
from smaudit.inventory.importers.people import GoogleAccount, PersonRecord, Read
from smaudit.inventory.importers.records import Remark
from smaudit.model import Location
from smaudit.reading.inputs import read_input
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.safety.terminal import display_path

GRAPH = "Microsoft Graph users"
WORKSPACE = "Google Workspace users"
NOT_A_LISTING = (
    'not a directory listing: expected Microsoft Graph users ({"value": [{"displayName", '
    '"mail", ...}]}) or Google Workspace users ({"users": [{"primaryEmail", ...}]})'
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
# as the inventory schema's `domain`, within DNS's limits (63 per label, 253 in all)
_DOMAIN = re.compile(r"(?=.{1,253}$)[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+")
_NEXT_PAGE = {GRAPH: b'"@odata.nextLink"', WORKSPACE: b'"nextPageToken"'}


def read_directory(path: Path) -> Read:
    """Every user object of the listing at `path` as a PersonRecord."""
    name = display_path(path)
    try:
        items = read_records(path, ("value", "users"))
    except InputError as exc:
        if "expected a list of records" in str(exc):  # valid JSON, some other API's
            raise InputError.at(name, 1, 1, NOT_A_LISTING) from None
        raise
    users = [item for item, _, _ in items if isinstance(item, Mapping)]
    shape = _shape(users, name)
    records: list[PersonRecord] = []
    skipped: list[Remark] = []
    notes: list[Remark] = []
    for number, (item, line, column) in enumerate(items, 1):
        where = Location(name, line, column)
        if not isinstance(item, Mapping):
            skipped.append(Remark(f"user {number}", where, "not a user object", "unusable"))
            continue
        read = _graph if shape == GRAPH else _workspace
        record = read(item, f"user {number}", where, notes)
        if record.email or record.name:
            records.append(record)
        else:
            skipped.append(Remark(record.label, where, "no name or e-mail address", "unusable"))
    notes += _paging(path, shape, name)
    if shape == WORKSPACE and records:
        notes.append(
            Remark(
                "listing",
                Location(name, 1, 1),
                "a Workspace directory does not say who is a federal employee: fill in "
                "employment (SM-GOV-03 reads it), or import the HR export instead",
                "employment",
            )
        )
    return Read(shape, tuple(records), tuple(skipped), tuple(notes))


def _shape(users: list[Mapping[str, Any]], name: str) -> str:
    if any("primaryEmail" in user for user in users):
        return WORKSPACE
    if any(key in user for user in users for key in ("userPrincipalName", "displayName", "mail")):
        return GRAPH
    raise InputError.at(name, 1, 1, NOT_A_LISTING)


def _graph(
    user: Mapping[str, Any], label: str, where: Location, notes: list[Remark]
) -> PersonRecord:
    enabled = user.get("accountEnabled")
    kind = _string(user.get("employeeType"))
    employment = values.employment(kind) if kind and not values.not_recorded(kind) else None
    if kind and employment is None and not values.not_recorded(kind):
        notes.append(_unread(label, where, "employeeType", "an employment type"))
    leaves = _string(user.get("employeeLeaveDateTime"))
    separated_on = values.lenient_date(leaves) if leaves else None
    if leaves and separated_on is None:
        notes.append(_unread(label, where, "employeeLeaveDateTime", "a date-time"))
    return PersonRecord(
        label,
        where,
        name=_string(user.get("displayName")),
        email=_address(user.get("mail")) or _address(user.get("userPrincipalName")),
        employment=employment,
        status=None if not isinstance(enabled, bool) else "active" if enabled else "separated",
        separated_on=separated_on,
    )


def _workspace(
    user: Mapping[str, Any], label: str, where: Location, notes: list[Remark]
) -> PersonRecord:
    names = user.get("name")
    name = None
    if isinstance(names, Mapping):
        parts = (_string(names.get("givenName")), _string(names.get("familyName")))
        name = _string(names.get("fullName")) or " ".join(p for p in parts if p) or None
    elif names is not None:
        notes.append(_unread(label, where, "name", "an object of names"))
    email = _address(user.get("primaryEmail"))
    if user.get("primaryEmail") and email is None:
        notes.append(_unread(label, where, "primaryEmail", "an e-mail address"))
    return PersonRecord(
        label,
        where,
        name=name,
        email=email,
        status=_status(user, label, where, notes),
        google_account=_google_account(user, label, where, notes),
    )


def _status(
    user: Mapping[str, Any], label: str, where: Location, notes: list[Remark]
) -> str | None:
    """Separated where `suspended` or `archived` is true; active where each given is false;
    unknown where one is given but is no boolean (a suspended user must not read as active)."""
    flags = {key: user[key] for key in ("suspended", "archived") if key in user}
    unread = [key for key, flag in flags.items() if not isinstance(flag, bool)]
    for key in unread:
        notes.append(_unread(label, where, key, "true or false"))
    if any(flag is True for flag in flags.values()):
        return "separated"
    return "active" if flags and not unread else None


def _google_account(
    user: Mapping[str, Any], label: str, where: Location, notes: list[Remark]
) -> GoogleAccount | None:
    """The user's 2-Step Verification and recovery settings; None where the listing gives none.
    The recovery address and number themselves are never kept (see the module docstring)."""
    flags: dict[str, bool | None] = {}
    for key in ("isEnrolledIn2Sv", "isEnforcedIn2Sv"):
        value = user.get(key)
        flags[key] = value if isinstance(value, bool) else None
        if key in user and not isinstance(value, bool):
            notes.append(_unread(label, where, key, "true or false"))
    domain = phone = None
    email = user.get("recoveryEmail")
    for key, value in (("recoveryEmail", email), ("recoveryPhone", user.get("recoveryPhone"))):
        if value is not None and not isinstance(value, str):
            notes.append(_unread(label, where, key, "a text"))
    if isinstance(email, str) and email.strip():
        address = _address(email)
        domain = address.rpartition("@")[2].lower() if address else None
        if domain is not None and not _DOMAIN.fullmatch(domain):
            domain = None
        if domain is None:
            notes.append(_unread(label, where, "recoveryEmail", "an e-mail address"))
    number = user.get("recoveryPhone")
    if isinstance(number, str):
        phone = bool(number.strip())
    found = GoogleAccount(flags["isEnrolledIn2Sv"], flags["isEnforcedIn2Sv"], domain, phone)
    return None if found == GoogleAccount() else found


def _paging(path: Path, shape: str, name: str) -> list[Remark]:
    raw = read_input(path, DEFAULT_LIMITS.max_bytes)
    if _NEXT_PAGE[shape] not in raw:
        return []
    message = (
        "the listing says more pages follow: this file is one page; import the others too "
        "(or ask for more per page: $top=999 for Graph, maxResults=500 for Workspace)"
    )
    return [Remark("listing", Location(name, 1, 1), message, "paging")]


def _unread(label: str, where: Location, key: str, expected: str) -> Remark:
    return Remark(label, where, f"{key}: the value is not {expected}; left out", "value")


def _string(value: object) -> str | None:
    return (" ".join(value.split()) or None) if isinstance(value, str) else None


def _address(value: object) -> str | None:
    """An e-mail address; a guest's `name_agency.gov#EXT#@tenant...` sign-in name is not one."""
    text = _string(value)
    return text if text and "#EXT#" not in text.upper() and _EMAIL.fullmatch(text) else None
