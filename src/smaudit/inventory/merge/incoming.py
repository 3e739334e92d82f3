"""An import's accounts as a merge takes them: the one place ImportResult becomes IncomingAccount.

The accounts' fields are those the import's skeleton writes, read back from it: a merge fills
exactly what a fresh import would have written, and writer.py stays the one place that decides
what that is (a field it learns to write, a merge learns to fill).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from smaudit.inventory.importers.assemble import Naming, assemble
from smaudit.inventory.importers.records import ImportResult, Normalised, Record
from smaudit.inventory.merge.model import IncomingAccount
from smaudit.inventory.provenance import EVIDENCE, source_entry
from smaudit.inventory.writer import render
from smaudit.reading.files import load_bytes


def incoming_accounts(result: ImportResult, command: str) -> tuple[IncomingAccount, ...]:
    """Every account of `result`, in its order, with the fields its skeleton gives it."""
    if not result.accounts:
        return ()
    text = render(result, command)
    written = load_bytes(text.encode("utf-8"), result.source, written_by_people=False)
    items = written.data["accounts"]
    return tuple(
        IncomingAccount(
            account.record.key,
            account.id,
            # the merge writes its own evidence: only for the fields it really fills
            {key: value for key, value in item.items() if key not in ("id", EVIDENCE)},
            account.record.source.label,
        )
        for account, item in zip(result.accounts, items, strict=True)
    )


def record_accounts(
    records: Sequence[Record], source: str, shape: str, naming: Naming, command: str
) -> tuple[tuple[IncomingAccount, ...], dict[str, Any]]:
    """Registry records (reconcile's unknown ones) as an import of them would write them:
    named and given ids the same way, one account per key; and the import's source entry."""
    records_read = Normalised(tuple(records), (), ())
    result = assemble(records_read, source, shape, naming, system="digital-registry")
    return incoming_accounts(result, command), source_entry(result)
