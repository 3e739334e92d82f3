"""The provenance of a merge, planned from the data alone: the source added to the inventory's
`sources` (once), and in each account it matched, an `evidence` entry naming it with the fields
it wrote there or confirmed (said what the inventory says). Facts the inventory kept against it
(a conflict) are not claimed for the source."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from smaudit.inventory.merge.model import Fill, IncomingAccount, Plan, Provenance
from smaudit.inventory.provenance import EVIDENCE, SOURCES, evidence_item, fact_paths


def recorded(planned: Plan, data: Any, source: Mapping[str, Any]) -> Plan:
    """`planned` with its provenance: run after every fill is settled, so the evidence names
    exactly what the merge writes (and what the source confirms)."""
    accounts = list(data.get("accounts") or [])
    found = provenance(data, accounts, planned.matched, planned.fills, source, bool(planned.added))
    if found is None:
        return planned
    added = with_evidence(planned.added, found.source["id"])
    return dataclasses.replace(planned, added=added, provenance=found)


def with_evidence(added: Sequence[IncomingAccount], source_id: str) -> tuple[IncomingAccount, ...]:
    """The accounts to add, each with its `evidence` entry: every field came from the source."""
    return tuple(
        dataclasses.replace(
            item,
            fields={**item.fields, EVIDENCE: [evidence_item(source_id, fact_paths(item.fields))]},
        )
        for item in added
    )


def provenance(
    data: Any,
    accounts: Sequence[Mapping[str, Any]],
    matched: Sequence[tuple[int, IncomingAccount]],
    fills: Sequence[Fill],
    source: Mapping[str, Any],
    adds_accounts: bool,
) -> Provenance | None:
    """The source entry, and for each matched account the evidence of what the source filled
    or confirmed (said the same as the inventory); None when it vouches for nothing new."""
    entry, new = unique_source(data, source)
    paths: dict[int, list[str]] = {}
    for position, offered in matched:
        paths[position] = _agreeing(accounts[position], offered.fields)
    for fill in fills:
        # a holder's position is not part of the field's name: credentials.holders.mfa
        dotted = ".".join(str(step) for step in fill.path if not isinstance(step, int))
        filled = fact_paths(fill.value, f"{dotted}.") if _nested(fill.value) else [dotted]
        paths.setdefault(fill.index, []).extend(filled)
    created: list[Fill] = []
    appended: list[tuple[int, Mapping[str, Any]]] = []
    for index, vouched in paths.items():
        have = accounts[index].get(EVIDENCE)
        if not vouched or _already(have, entry["id"], vouched):
            continue
        named = evidence_item(entry["id"], vouched)
        if isinstance(have, list) and have:
            appended.append((index, named))
        else:
            created.append(Fill(index, str(accounts[index]["id"]), (EVIDENCE,), [named]))
    if not created and not appended and not adds_accounts:
        return None
    return Provenance(entry, new, tuple(created), tuple(appended))


def _nested(value: Any) -> bool:
    return isinstance(value, Mapping) and bool(value)


def _agreeing(
    account: Mapping[str, Any], offered: Mapping[str, Any], prefix: str = ""
) -> list[str]:
    """The fact paths where the source says what the account says: a re-import confirms them,
    and so dates them anew (SM-AU-02)."""
    found: list[str] = []
    for key, value in offered.items():
        if (not prefix and key in ("id", EVIDENCE)) or key.startswith("x-") or key not in account:
            continue
        have = account[key]
        if _nested(value) and _nested(have):
            found += _agreeing(have, value, f"{prefix}{key}.")
        elif not _nested(value) and have == value:
            found.append(f"{prefix}{key}")
    return found


def _already(have: Any, source_id: str, paths: Sequence[str]) -> bool:
    """Whether the account's evidence already names this source for every one of `paths`."""
    named = {
        field
        for entry in (have if isinstance(have, list) else ())
        if isinstance(entry, Mapping) and entry.get("source") == source_id
        for field in (entry.get("fields") or ())
    }
    return set(paths) <= named


def unique_source(data: Any, source: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """`source` as the inventory will hold it: the very same entry is reused, and so is the
    entry of the same file and system an officer dated by hand (the export said no date);
    another entry of the same id (an export of the same day, from another file) gets `-2`..."""
    known = {str(e.get("id")): e for e in (data.get(SOURCES) or []) if isinstance(e, Mapping)}
    base, number, entry = str(source["id"]), 1, dict(source)
    while entry["id"] in known:
        have = dict(known[entry["id"]])
        if have == dict(source) | {"id": entry["id"]} or _dated_by_hand(have, source):
            return have, False
        number += 1
        entry["id"] = f"{base}-{number}"
    return entry, True


def _dated_by_hand(have: Mapping[str, Any], source: Mapping[str, Any]) -> bool:
    same = all(have.get(key) == source.get(key) for key in ("system", "file"))
    return same and "recorded_on" not in source and "recorded_on" in have
