"""One agency's records out of a registry file: what `--agency` selects on import and reconcile.

A query names an agency, case-insensitively, by

- its full name as the registry writes it, with or without the acronym: `National Oceanic and
  Atmospheric Administration (NOAA)`, `Department of Commerce`;
- the acronym in parentheses at the end of that name: `NOAA`, `nist`;
- the registry's agency id: `81` in the API JSON, a numeric id in the bulk-import CSV, the short
  name (`commerce`, `hhs`) in the 2012 registry.

A record that names several agencies (a department and its bureau) is selected when any of them
matches. Nothing matching is an input error that lists the agencies the file does hold, with how
many records name each: an empty selection must never look like an empty inventory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from smaudit.errors import InputError
from smaudit.inventory.importers.assemble import acronym
from smaudit.inventory.importers.records import SourceRecord

T = TypeVar("T")
LISTED = 40
"""At most this many agencies in a no-match message (the 2012 registry names over a hundred)."""


@dataclass(frozen=True)
class Selection(Generic[T]):
    """What the queries selected, and which of the file's agencies they matched."""

    kept: tuple[T, ...]
    matched: tuple[str, ...]
    """The agencies' names (or `agency id 81` where the file gives no name), in file order."""
    considered: int
    """How many records there were to choose from."""


def matches(query: str, source: SourceRecord) -> str | None:
    """The agency of `source` that `query` names, or None."""
    wanted = fold(query)
    if not wanted:
        return None
    for name in source.agencies:
        short = acronym(name)
        # `Patent and Trademark Office` names `Patent and Trademark Office (USPTO)` too
        bare = name.rsplit("(", 1)[0] if short else name
        if wanted in (fold(name), fold(bare), fold(short or "")):
            return name
    for ident, named in source.agency_ids:
        if wanted == fold(ident):
            return named or f"agency id {ident}"
    return None


def select(
    items: Sequence[T],
    queries: Sequence[str],
    file: str,
    source_of: Callable[[T], SourceRecord | None],
    hint: str = "",
) -> Selection[T]:
    """The items any query matches; an item with no source record (a reader's remark) is kept.
    Raises InputError, listing the file's agencies, when no record matches."""
    kept: list[T] = []
    matched: dict[str, None] = {}
    considered = 0
    for item in items:
        source = source_of(item)
        if source is None:
            kept.append(item)
            continue
        considered += 1
        found = [name for name in (matches(q, source) for q in queries) if name]
        if found:
            kept.append(item)
            matched.update(dict.fromkeys(found))
    if not matched:
        sources = (s for s in map(source_of, items) if s is not None)
        raise InputError.at(file, 0, 0, no_match(queries, sources) + hint)
    return Selection(tuple(kept), tuple(matched), considered)


def names_any(sources: Iterable[SourceRecord]) -> bool:
    """Whether any record names an agency at all (a bulk-import file may not)."""
    return any(s.agencies or s.agency_ids for s in sources)


def no_match(queries: Sequence[str], sources: Iterable[SourceRecord]) -> str:
    """`no record names an agency 'NOA'; the file names: Department of Commerce (id 81): 263
    records, ...`: the user picks one from the list instead of guessing again."""
    counts = agency_counts(sources)
    asked = ", ".join(repr(q) for q in queries)
    if not counts:
        return f"no record names an agency {asked}: this file names no agency at all"
    listed = sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
    shown = "; ".join(f"{name}: {n} record{'s' if n != 1 else ''}" for name, n in listed[:LISTED])
    more = f"; and {len(listed) - LISTED} more" if len(listed) > LISTED else ""
    return (
        f"no record names an agency {asked} (by name, acronym or registry id, any case); "
        f"the file names {len(listed)}: {shown}{more}"
    )


def agency_counts(sources: Iterable[SourceRecord]) -> Counter[str]:
    """How many records name each agency, written as a user can pass it back to --agency."""
    counts: Counter[str] = Counter()
    for source in sources:
        names = {ident: name for ident, name in source.agency_ids}
        ids = {name: ident for ident, name in source.agency_ids if name}
        labels = [f"{name} (id {ids[name]})" if name in ids else name for name in source.agencies]
        labels += [f"agency id {ident}" for ident, name in names.items() if not name]
        counts.update(list(dict.fromkeys(labels)))
    return counts


def fold(text: str) -> str:
    """`  noaa ` and `(NOAA)` compare equal to `NOAA`; runs of spaces count as one."""
    return " ".join(text.split()).strip("() ").casefold()
