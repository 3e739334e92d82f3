"""What a merge does, decided from the data alone: which accounts to add, which fields to fill,
and where the source and the inventory disagree (the inventory always keeps its value)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from smaudit.inventory.addresses import AccountKey
from smaudit.inventory.merge.holders import match_holder
from smaudit.inventory.merge.model import Conflict, Fill, IncomingAccount, Plan, Stamp
from smaudit.inventory.normalize import account_keys, parse_handle, parse_url
from smaudit.reading.document import JsonPath, format_path
from smaudit.safety.redact import present, pseudonym, quote

IDENTITY = ("handle", "url")
"""The fields an account is matched by: never filled from a source that names another."""
PERSON_FIELDS = frozenset({"owner", "backup_owner"})
"""Fields that name a person: a roster id there is shown by its pseudonym, never as written."""


def plan(data: Any, incoming: Sequence[IncomingAccount], stamps: Sequence[Stamp] = ()) -> Plan:
    """The merge of `incoming` into the inventory `data` (as read: plain mappings and lists).
    Accounts are matched as reconcile matches them: by registry id, then by account key (the
    same key the importers use); the first incoming account of a key counts, as in an import.
    `stamps` are written over what the accounts they name say."""
    accounts: list[Mapping[str, Any]] = list(data.get("accounts") or [])
    index = _index(accounts)
    by_id = {_registry_id(a): i for i, a in reversed(list(enumerate(accounts))) if _registry_id(a)}
    roster = _roster(data.get("people"))
    taken = {str(a.get("id")) for a in accounts}
    added: list[IncomingAccount] = []
    fills: list[Fill] = []
    conflicts: list[Conflict] = []
    seen: set[AccountKey] = set()
    claimed: set[int] = set()
    matched: list[tuple[int, IncomingAccount]] = []
    for item in incoming:
        if item.key in seen:
            continue
        seen.add(item.key)
        position = by_id.get(_registry_id(item.fields), index.get(item.key))
        if position is None:
            account_id = _unique(item.id, taken)
            added.append(dataclasses.replace(item, id=account_id))
        elif position not in claimed:  # two spellings the inventory's one account both has
            claimed.add(position)
            matched.append((position, item))
            _account(position, accounts[position], item, roster, fills, conflicts)
    stamped, replaced = _stamps(accounts, stamps, fills)
    return Plan(
        tuple(added), tuple(fills), tuple(conflicts), stamped, replaced, matched=tuple(matched)
    )


def _account(
    position: int,
    account: Mapping[str, Any],
    item: IncomingAccount,
    roster: Mapping[str, Mapping[str, Any]],
    fills: list[Fill],
    conflicts: list[Conflict],
) -> None:
    """What one matched account lacks of `item` (to `fills`), and where they disagree."""
    account_id, offered = str(account["id"]), item.fields
    keys = _keys(account)
    if keys and item.key not in keys:
        # matched by registry id under another address: renamed, or a mistake to look at
        conflicts.append(_conflict(account_id, _renamed(account, offered)))
        offered = {k: v for k, v in offered.items() if k not in IDENTITY}
    for found in _compare(account, offered, (), roster):
        if isinstance(found, _Gap):
            fills.append(Fill(position, account_id, found.path, found.value))
        else:
            conflicts.append(_conflict(account_id, found))


def _stamps(
    accounts: Sequence[Mapping[str, Any]], stamps: Sequence[Stamp], fills: Sequence[Fill]
) -> tuple[tuple[Fill, ...], tuple[Fill, ...]]:
    """Each stamp as a fill (the account lacks the field) or a replacement (it has another
    value); one the account already has is no change. A stamp on a field a fill of the same
    merge writes would write it twice: the fill's value stands."""
    positions = {str(a.get("id")): i for i, a in enumerate(accounts)}
    filling = {(f.index, f.path[0]) for f in fills}
    added: list[Fill] = []
    replaced: list[Fill] = []
    for stamp in stamps:
        position = positions.get(stamp.account)
        if position is None or (position, stamp.path[0]) in filling:
            continue
        have: Any = accounts[position]
        for depth, step in enumerate(stamp.path):
            if not isinstance(have, Mapping):
                break
            if step not in have:
                value = _nested(stamp.path[depth + 1 :], stamp.value)
                added.append(Fill(position, stamp.account, stamp.path[: depth + 1], value))
                break
            have = have[step]
        else:
            if have != stamp.value:
                replaced.append(Fill(position, stamp.account, stamp.path, stamp.value))
    return tuple(added), tuple(replaced)


def _nested(path: tuple[str, ...], value: Any) -> Any:
    for step in reversed(path):
        value = {step: value}
    return value


def _registry_id(fields: Mapping[str, Any]) -> str:
    """The registry's id of an account, "" for none: a renamed handle is still the account
    the registry lists under that id."""
    registry = fields.get("registry")
    found = registry.get("id") if isinstance(registry, Mapping) else None
    return "" if found is None or isinstance(found, bool) else str(found)


def _keys(account: Mapping[str, Any]) -> tuple[AccountKey, ...]:
    handle, url = account.get("handle"), account.get("url")
    return account_keys(
        str(account.get("platform")),
        handle if isinstance(handle, str) else None,
        url if isinstance(url, str) else None,
    )


def _renamed(account: Mapping[str, Any], offered: Mapping[str, Any]) -> _Differs:
    """The one conflict for an account whose address the source gives differently."""
    field = next((f for f in ("handle", "url") if account.get(f)), "handle")
    other = offered.get(field) or next((offered[f] for f in IDENTITY if offered.get(f)), None)
    return _Differs((field,), account.get(field), other)


def _index(accounts: Sequence[Mapping[str, Any]]) -> dict[AccountKey, int]:
    found: dict[AccountKey, int] = {}
    for position, account in enumerate(accounts):
        for key in _keys(account):
            found.setdefault(key, position)
    return found


def _roster(people: Any) -> dict[str, Mapping[str, Any]]:
    if not isinstance(people, list):
        return {}
    return {str(p["id"]): p for p in people if isinstance(p, Mapping) and "id" in p}


def _unique(wanted: str, taken: set[str]) -> str:
    candidate, number = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


@dataclass(frozen=True, slots=True)
class _Gap:
    path: JsonPath
    value: Any


@dataclass(frozen=True, slots=True)
class _Differs:
    path: JsonPath
    kept: Any
    offered: Any


def _compare(
    have: Mapping[str, Any],
    offered: Mapping[str, Any],
    path: JsonPath,
    roster: Mapping[str, Mapping[str, Any]],
) -> Iterator[_Gap | _Differs]:
    """What `have` lacks of `offered`, and where the two disagree."""
    for key, value in offered.items():
        here = (*path, key)
        if key not in have:
            yield _Gap(here, value)
            continue
        kept = have[key]
        if isinstance(kept, Mapping) and isinstance(value, Mapping):
            yield from _compare(kept, value, here, roster)
        elif key == "holders" and isinstance(kept, list) and isinstance(value, list):
            yield from _holders(kept, value, here, roster)
        elif not _agree(here, kept, value, have, roster):
            yield _Differs(here, kept, value)


def _holders(
    kept: list[Any], offered: list[Any], path: JsonPath, roster: Mapping[str, Mapping[str, Any]]
) -> Iterator[_Gap | _Differs]:
    """Holder by holder: what a holder the inventory lists lacks (their role, their MFA) is
    filled; holders it does not list are one conflict. Someone holding access the inventory
    does not record may be a stale source or an unrecorded grant: the officer decides."""
    taken: set[int] = set()
    others: list[Any] = []
    for holder in offered:
        position = match_holder(kept, holder, roster, taken)
        if position is None or not isinstance(kept[position], Mapping):
            others.append(holder)
            continue
        taken.add(position)
        if isinstance(holder, Mapping):
            yield from _compare(kept[position], holder, (*path, position), roster)
    if others:
        yield _Differs(path, kept, others)


def _agree(
    path: JsonPath,
    kept: Any,
    offered: Any,
    account: Mapping[str, Any],
    roster: Mapping[str, Mapping[str, Any]],
) -> bool:
    """Whether two values say the same: addresses by the account key they give (an officer
    may write `@NOAA` where the registry has `noaa`), a roster id by the person's address,
    text whatever its case and spacing."""
    if path in (("handle",), ("url",)) and isinstance(kept, str) and isinstance(offered, str):
        platform = str(account.get("platform"))
        if path == ("url",):
            one, two = parse_url(kept, platform), parse_url(offered, platform)
        else:
            one, two = parse_handle(platform, kept), parse_handle(platform, offered)
        return one is not None and two is not None and one.key == two.key
    holder = len(path) >= 3 and path[-1] == "person" and path[-3] == "holders"
    names_person = holder or path in {(f,) for f in PERSON_FIELDS}
    if names_person and isinstance(kept, str):
        entry = roster.get(kept)
        if isinstance(offered, Mapping) and entry is not None:
            return _same(entry.get("email"), offered.get("email"))
    return _same(kept, offered)


def _same(one: Any, two: Any) -> bool:
    if isinstance(one, bool) or isinstance(two, bool) or one is None or two is None:
        return one is two or one == two
    if isinstance(one, (str, int, float)) and isinstance(two, (str, int, float)):
        return " ".join(str(one).split()).casefold() == " ".join(str(two).split()).casefold()
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(_same(a, b) for a, b in zip(one, two, strict=True))
    if isinstance(one, Mapping) and isinstance(two, Mapping):
        return one.keys() == two.keys() and all(_same(one[k], two[k]) for k in one)
    return False


def _conflict(account: str, found: _Differs) -> Conflict:
    path = found.path
    return Conflict(account, format_path(path), shown(path, found.kept), shown(path, found.offered))


def shown(path: JsonPath, value: Any) -> str:
    """A value as a conflict may show it: a person as a pseudonym or masked, e-mail addresses
    and phone numbers masked, a credential never, long text cut short."""
    person = bool(path) and (path[0] in PERSON_FIELDS or "holders" in path)
    if person and isinstance(value, str) and path[-1] in (*PERSON_FIELDS, "id", "person"):
        return pseudonym(value)  # a roster id: often a username or an address
    key = str(path[-1]) if path and (person or path[-1] != "id") else ""
    return quote(present(value, key, False))
