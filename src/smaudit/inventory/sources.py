"""The inventory's sources: each export an import read and each attestation an officer made,
defined once (in any file of a split inventory) and named by accounts' `evidence` entries."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from smaudit.errors import Problem
from smaudit.inventory.values import Context, normalise
from smaudit.reading.document import Document


def source_entries(
    docs: Sequence[Document], contexts: Mapping[int, Context], problems: list[Problem]
) -> dict[str, Mapping[str, Any]]:
    """Each source by id, its dates read; a second definition of an id is a problem."""
    sources: dict[str, Mapping[str, Any]] = {}
    where: dict[str, str] = {}
    for doc in docs:
        for index, raw in enumerate(doc.data.get("sources", [])):
            sid = raw["id"]
            line, column = doc.where(("sources", index))
            if sid in sources:
                problems.append(
                    Problem(
                        doc.file,
                        line,
                        column,
                        f"duplicate source id {sid!r} (first defined at {where[sid]})",
                    )
                )
                continue
            where[sid] = f"{doc.file}:{line}:{column}"
            sources[sid] = normalise(raw, contexts[id(doc)], ("sources", index))
    return sources
