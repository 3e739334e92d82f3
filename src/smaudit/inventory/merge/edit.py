"""The merge written into the text: each addition inserted where layout.py says, as YAML lines
at the indentation of the block it joins. Nothing of the original text is removed or moved."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from smaudit.inventory.merge.layout import Layout, Spot
from smaudit.inventory.merge.model import IncomingAccount, Plan
from smaudit.inventory.provenance import EVIDENCE, SOURCES
from smaudit.inventory.writer import TO_FILL, scalar
from smaudit.reading.document import Document, JsonPath

STEP = 2
"""The indentation of nested blocks the merge writes (its own lines only)."""


def apply(text: str, document: Document, planned: Plan) -> str:
    """`text` with the plan's fills and accounts inserted."""
    layout = Layout(text, document)
    # (start, -depth, end, text): an insertion has start == end; the deepest first at a tie
    edits: list[tuple[int, int, int, str]] = []
    by_parent: dict[JsonPath, list[tuple[str, Any]]] = {}
    found = planned.provenance
    created = found.created if found else ()
    for fill in (*planned.fills, *planned.stamped, *created):
        parent: JsonPath = ("accounts", fill.index, *fill.path[:-1])
        by_parent.setdefault(parent, []).append((str(fill.path[-1]), fill.value))
    for parent, entries in by_parent.items():
        spot = layout.mapping_end(parent)
        lines = [line for key, value in entries for line in _entry(key, value, spot.indent)]
        edits.append((spot.offset, -len(parent), spot.offset, _joined(lines, spot)))
    for stamp in planned.replaced:
        start, end = layout.scalar_span(("accounts", stamp.index, *stamp.path))
        edits.append((start, 0, end, _scalar(stamp.value)))
    if planned.added:
        offset, depth, chunk = _accounts(layout, document, planned.added)
        edits.append((offset, depth, offset, chunk))
    for index, item in found.appended if found else ():
        spot = layout.sequence_end(("accounts", index, EVIDENCE))
        edits.append((spot.offset, -3, spot.offset, _joined(list(_item(item, spot)), spot)))
    if found is not None and found.new:
        edits.append(_source(layout, document, found.source))
    out, done = [], 0
    for start, _, end, chunk in sorted(edits, key=lambda e: (e[0], e[1])):
        out += [text[done:start], chunk]
        done = end
    out.append(text[done:])
    return "".join(out)


def _accounts(
    layout: Layout, document: Document, added: tuple[IncomingAccount, ...]
) -> tuple[int, int, str]:
    if "accounts" in document.data:
        spot = layout.sequence_end(("accounts",))
        lines = [line for account in added for line in _account(account, spot)]
        return spot.offset, -1, _joined(lines, spot)
    spot = layout.mapping_end(())
    item = Spot(spot.offset, STEP * 2, STEP, spot.newline, spot.lead)
    lines = ["accounts:", *(line for account in added for line in _account(account, item))]
    return spot.offset, 0, _joined(lines, spot)


def _source(
    layout: Layout, document: Document, entry: Mapping[str, Any]
) -> tuple[int, int, int, str]:
    """The new `sources` entry: after the list's last item, or a `sources` key at the end."""
    if document.data.get(SOURCES):
        spot = layout.sequence_end((SOURCES,))
        return spot.offset, -1, spot.offset, _joined(list(_item(entry, spot)), spot)
    spot = layout.mapping_end(())
    item = Spot(spot.offset, STEP * 2, STEP, spot.newline, spot.lead)
    lines = [f"{SOURCES}:", *_item(entry, item)]
    return spot.offset, 1, spot.offset, _joined(lines, spot)


def _item(entry: Mapping[str, Any], spot: Spot) -> Iterator[str]:
    """One mapping as a new item of a block sequence: its first key behind the dash."""
    lines = [line for key, value in entry.items() for line in _entry(key, value, spot.indent)]
    gap = " " * (spot.indent - spot.dash - 1)
    yield f"{' ' * spot.dash}-{gap}{lines[0][spot.indent :]}"
    yield from lines[1:]


def _account(account: IncomingAccount, spot: Spot) -> Iterator[str]:
    gap = " " * (spot.indent - spot.dash - 1)
    yield f"{' ' * spot.dash}-{gap}id: {scalar(account.id)}"
    for key, value in account.fields.items():
        yield from _entry(key, value, spot.indent)
    missing = [f for f in TO_FILL if f not in account.fields]
    if missing:
        yield f"{' ' * spot.indent}# added by merge; to fill in: {', '.join(missing)}"


def _entry(key: str, value: Any, indent: int) -> Iterator[str]:
    pad = " " * indent
    if isinstance(value, Mapping) and value:
        yield f"{pad}{scalar(key)}:"
        for name, inner in value.items():
            yield from _entry(name, inner, indent + STEP)
    elif isinstance(value, list) and value:
        yield f"{pad}{scalar(key)}:"
        yield from _items(value, indent + STEP)
    else:
        yield f"{pad}{scalar(key)}: {_scalar(value)}"


def _items(values: list[Any], indent: int) -> Iterator[str]:
    pad = " " * indent
    for value in values:
        if isinstance(value, Mapping) and value:
            lines = [line for k, v in value.items() for line in _entry(k, v, indent + STEP)]
            yield f"{pad}- {lines[0][indent + STEP :]}"
            yield from lines[1:]
        elif isinstance(value, list) and value:
            yield f"{pad}-"
            yield from _items(value, indent + STEP)
        else:
            yield f"{pad}- {_scalar(value)}"


def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, Mapping):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return scalar(str(value))


def _joined(lines: list[str], spot: Spot) -> str:
    return spot.lead + "".join(line + spot.newline for line in lines)
