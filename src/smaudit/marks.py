"""A place in a file, 1-based line and column, packed into one int.

An inventory of 100,000 accounts has ten million values, each with its place kept for findings
and error messages: as a (line, column) tuple a place costs 84 bytes, as one int 32. Columns
stay below 2**32 because files do (the loader's size limit is far lower).
"""

from __future__ import annotations

_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def pack(line: int, column: int) -> int:
    return line << _COLUMN_BITS | column


def unpack(mark: int) -> tuple[int, int]:
    return mark >> _COLUMN_BITS, mark & _COLUMN_MASK
