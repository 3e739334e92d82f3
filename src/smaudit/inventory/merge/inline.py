"""Fills inside a holder the file cannot take exactly (a holder, or its person, written inline:
`- {person: jdoe, role: admin}`) become conflicts instead: one inline holder must not stop the
rest of the merge, and the officer fills it in by hand."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.merge.layout import Layout
from smaudit.inventory.merge.model import Conflict, Fill, Plan
from smaudit.inventory.merge.plan import shown
from smaudit.reading.document import Document, format_path

INLINE = "nothing (the holder is written inline: fill it in by hand)"


def settle_inline_holders(planned: Plan, text: str, document: Document) -> Plan:
    """`planned` with each holder fill whose mapping is written inline moved to conflicts."""
    layout = Layout(text, document)
    fills: list[Fill] = []
    conflicts = list(planned.conflicts)
    for fill in planned.fills:
        if any(isinstance(step, int) for step in fill.path) and not _editable(layout, fill):
            for path, value in _leaves(fill.path, fill.value):
                conflicts.append(
                    Conflict(fill.account, format_path(path), INLINE, shown(path, value))
                )
        else:
            fills.append(fill)
    return dataclasses.replace(planned, fills=tuple(fills), conflicts=tuple(conflicts))


def _editable(layout: Layout, fill: Fill) -> bool:
    try:
        layout.mapping_end(("accounts", fill.index, *fill.path[:-1]))
    except InputError:
        return False
    return True


def _leaves(path: tuple[str | int, ...], value: Any) -> Iterator[tuple[tuple[str | int, ...], Any]]:
    """Each value of a nested fill with its path: `mfa.enabled: false`, not `mfa: {...}`."""
    if isinstance(value, Mapping) and value:
        for key, inner in value.items():
            yield from _leaves((*path, key), inner)
    else:
        yield path, value
