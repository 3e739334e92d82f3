"""A source merged into a hand-edited inventory, every byte of it kept: plan, edit, verify."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from smaudit.inventory.merge.edit import apply
from smaudit.inventory.merge.evidence import recorded
from smaudit.inventory.merge.inline import settle_inline_holders
from smaudit.inventory.merge.model import (
    Conflict,
    Fill,
    IncomingAccount,
    MergeResult,
    Plan,
    Stamp,
)
from smaudit.inventory.merge.plan import plan
from smaudit.inventory.merge.verify import verify
from smaudit.reading import validation
from smaudit.reading.document import Document

__all__ = ["Conflict", "Fill", "IncomingAccount", "MergeResult", "Plan", "Stamp", "merge"]


def merge(
    text: str,
    document: Document,
    incoming: Sequence[IncomingAccount],
    stamps: Sequence[Stamp] = (),
    source: Mapping[str, Any] | None = None,
) -> MergeResult:
    """`incoming` merged into the inventory `document`, read from `text` (without a byte-order
    mark): accounts it lacks appended, fields it lacks filled, nothing it says overwritten.
    Raises InputError (file, line, column) where the file cannot be edited exactly. `stamps`
    are the exception: written over what an account says, as stamps are. `source`, the
    import's `sources` entry, is recorded with what the merge writes (evidence.py).

    plan.py decides what to add, fill or report as a conflict from the data alone; edit.py
    inserts text at the places the reader gives (layout.py finds them); verify.py reads the
    result back and refuses it unless it is the inventory plus exactly the additions."""
    validation.check(document, "inventory")  # a file that is not an inventory is not edited
    planned = settle_inline_holders(plan(document.data, incoming, stamps), text, document)
    if source is not None:
        planned = recorded(planned, document.data, source)
    merged = apply(text, document, planned)
    verify(document, planned, merged)
    return MergeResult(
        merged,
        tuple(a.id for a in planned.added),
        sum(f.leaves for f in planned.fills),
        planned.conflicts,
        len(planned.stamped) + len(planned.replaced),
        len(found.created) + len(found.appended) if (found := planned.provenance) else 0,
    )
