"""Merging what a source says into an inventory people have edited, without changing a byte of
theirs: plan (what to add, fill or report as a conflict), edit (text inserted at the places the
reader gives), verify (the result read back and compared, refused otherwise)."""

from __future__ import annotations

from collections.abc import Sequence

from smaudit.inventory.merge.edit import apply
from smaudit.inventory.merge.model import Conflict, Fill, IncomingAccount, MergeResult, Plan
from smaudit.inventory.merge.plan import plan
from smaudit.inventory.merge.verify import verify
from smaudit.reading import validation
from smaudit.reading.document import Document

__all__ = ["Conflict", "Fill", "IncomingAccount", "MergeResult", "Plan", "merge"]


def merge(text: str, document: Document, incoming: Sequence[IncomingAccount]) -> MergeResult:
    """`incoming` merged into the inventory `document`, read from `text` (without a byte-order
    mark): accounts it lacks appended, fields it lacks filled, nothing it says overwritten.
    Raises InputError (file, line, column) where the file cannot be edited exactly."""
    validation.check(document, "inventory")  # a file that is not an inventory is not edited
    planned = plan(document.data, incoming)
    merged = apply(text, document, planned)
    verify(document, planned, merged)
    return MergeResult(
        merged,
        tuple(a.id for a in planned.added),
        sum(f.leaves for f in planned.fills),
        planned.conflicts,
    )
