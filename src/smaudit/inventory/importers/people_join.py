"""Owners, backup owners and holders of an account import named by the roster's person ids.

An account import (`import csv`, `import registry`) given `--people ROSTER` looks up every
person it would write inline (`owner: {email: jane.doe@agency.gov}`) in the roster: by e-mail
address (any case), else by name (any case and spacing), else by id (a sheet's owner column
may already hold `jdoe`). Found, the person is written as their id (`owner: jane.doe`), so the
roster's status, employment and dates reach every account they touch. Not found, or named by a
name two people of the roster share, they are written inline as before, and one note counts
them (never naming them). The registry's contacts found in the roster are shown by id in the
comment beside each account, to choose an owner from; a contact is never made the owner.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.errors import InputError, Problem
from smaudit.inventory.importers.records import ImportedAccount, ImportResult, Remark
from smaudit.inventory.loader import read_files
from smaudit.inventory.people import roster_entries
from smaudit.model import Location
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.safety.terminal import display_path

ROLES = {"owner": "owner", "backup_owner": "backup owner", "holder": "holder"}


@dataclass(frozen=True)
class Roster:
    """Who the roster holds, by the keys accounts find them by."""

    source: str
    ids: frozenset[str]
    by_email: Mapping[str, str]
    by_name: Mapping[str, str]
    shared_names: frozenset[str]
    """Names two or more people have: joining by them would be a guess."""

    def find(self, person: object) -> str | None:
        """The id of `person` (an inline `{name, email}` or a bare string), or None."""
        if isinstance(person, str):
            text = person.strip()
            if text in self.ids:
                return text
            person = {"email": text} if "@" in text else {"name": text}
        if not isinstance(person, Mapping):
            return None
        email = person.get("email")
        if isinstance(email, str) and email.lower() in self.by_email:
            return self.by_email[email.lower()]
        name = person.get("name")
        if isinstance(name, str):
            return self.by_name.get(_name_key(name)) or (name if name in self.ids else None)
        return None


def load_roster(path: Path) -> Roster:
    """The roster in `path`: a file written by `import people`, or an inventory with `people`
    (a folder of them too). It is checked as `smaudit check` would check it."""
    files = read_files([path], DEFAULT_LIMITS)
    docs = [item.doc for item in files.loaded]
    problems: list[Problem] = []
    entries = roster_entries(docs, problems)
    if problems:
        raise InputError(problems)
    if not entries:
        raise InputError.at(
            display_path(path),
            1,
            1,
            "no people in this file (expected `people:`, as `smaudit import people` writes it)",
        )
    people = [doc.data["people"][index] for doc, index in entries.values()]
    return roster_of(display_path(path), people)


def roster_of(source: str, people: Sequence[Mapping[str, Any]]) -> Roster:
    by_email = {p["email"].lower(): p["id"] for p in people if p.get("email")}
    names = Counter(_name_key(p["name"]) for p in people if p.get("name"))
    by_name = {_name_key(p["name"]): p["id"] for p in people if p.get("name")}
    shared = frozenset(name for name, n in names.items() if n > 1)
    for name in shared:
        del by_name[name]
    return Roster(source, frozenset(p["id"] for p in people), by_email, by_name, shared)


def join_people(result: ImportResult, roster: Roster) -> ImportResult:
    """`result` with every person the roster holds written as their id; a note counts the
    others. The accounts' other fields are untouched."""
    missing: Counter[str] = Counter()
    accounts = tuple(_joined(account, roster, missing) for account in result.accounts)
    notes = result.notes
    if missing:
        notes = (*notes, _missing_note(result.source, roster.source, missing))
    return dataclasses.replace(result, accounts=accounts, notes=notes, roster=roster.source)


def _joined(account: ImportedAccount, roster: Roster, missing: Counter[str]) -> ImportedAccount:
    source = account.record.source
    fields = dict(source.fields)
    for key in ("owner", "backup_owner"):
        if key in fields:
            fields[key] = _person(fields[key], roster, ROLES[key], missing)
    credentials = fields.get("credentials")
    if isinstance(credentials, Mapping) and isinstance(credentials.get("holders"), list):
        holders = [_holder(h, roster, missing) for h in credentials["holders"]]
        fields["credentials"] = {**credentials, "holders": holders}
    contacts = tuple(roster.find(c) or c for c in source.contacts)
    joined = dataclasses.replace(source, fields=fields, contacts=contacts)
    record = dataclasses.replace(account.record, source=joined)
    return dataclasses.replace(account, record=record)


def _holder(holder: object, roster: Roster, missing: Counter[str]) -> object:
    if isinstance(holder, Mapping) and "person" in holder:
        return {**holder, "person": _person(holder["person"], roster, "holder", missing)}
    return holder


def _person(person: object, roster: Roster, role: str, missing: Counter[str]) -> object:
    found = roster.find(person)
    if found is None:
        missing[role] += 1
        return person
    return found


def _missing_note(source: str, roster: str, missing: Counter[str]) -> Remark:
    counts = [_count(missing[role], role) for role in ROLES.values() if missing[role]]
    listed = ", ".join(counts[:-1]) + (" and " if len(counts) > 1 else "") + counts[-1]
    verb = "is" if sum(missing.values()) == 1 else "are"
    message = (
        f"{listed} {verb} not in the roster {roster}: written inline as the source names them; "
        "add them to the roster (or correct the spelling; a name two people share is not "
        "joined) and import again"
    )
    return Remark("roster", Location(source, 1, 1), message, "people")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _name_key(name: str) -> str:
    return " ".join(name.casefold().split())
