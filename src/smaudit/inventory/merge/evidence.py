"""The provenance of a merge, planned from the data alone: the source added to the inventory's
`sources` (once), and in each account the merge writes facts into, an `evidence` entry naming
it with exactly the fields written there. Facts the inventory kept (a conflict) are not
claimed for the source."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from smaudit.inventory.merge.model import Fill, IncomingAccount, Provenance
from smaudit.inventory.provenance import EVIDENCE, SOURCES, evidence_item, fact_paths


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
    fills: Sequence[Fill],
    source: Mapping[str, Any],
    adds_accounts: bool,
) -> Provenance | None:
    """The source entry and the evidence of `fills`; None when the merge writes no fact."""
    if not fills and not adds_accounts:
        return None
    entry, new = unique_source(data, source)
    paths: dict[int, list[str]] = {}
    for fill in fills:
        dotted = ".".join(fill.path)
        found = paths.setdefault(fill.index, [])
        if isinstance(fill.value, Mapping) and fill.value:
            found += fact_paths(fill.value, f"{dotted}.")
        else:
            found.append(dotted)
    created: list[Fill] = []
    appended: list[tuple[int, Mapping[str, Any]]] = []
    for index, written in paths.items():
        item = evidence_item(entry["id"], written)
        if isinstance(accounts[index].get(EVIDENCE), list) and accounts[index][EVIDENCE]:
            appended.append((index, item))
        else:
            account_id = str(accounts[index]["id"])
            created.append(Fill(index, account_id, (EVIDENCE,), [item]))
    return Provenance(entry, new, tuple(created), tuple(appended))


def unique_source(data: Any, source: Mapping[str, Any]) -> tuple[Mapping[str, Any], bool]:
    """`source` as the inventory will hold it: the very same entry is reused; another entry
    of the same id (an earlier export of the same day, from another file) gets `-2`, `-3`..."""
    known = {str(e.get("id")): e for e in (data.get(SOURCES) or []) if isinstance(e, Mapping)}
    base, number, entry = str(source["id"]), 1, dict(source)
    while entry["id"] in known:
        if dict(known[entry["id"]]) == dict(source) | {"id": entry["id"]}:
            return entry, False
        number += 1
        entry["id"] = f"{base}-{number}"
    return entry, True
