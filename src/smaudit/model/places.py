"""Where something is written: a file, line and column."""

from __future__ import annotations

from dataclasses import dataclass

from smaudit.reading.marks import MarkTable, unpack


@dataclass(frozen=True, slots=True)
class Location:
    """A 1-based place in an input file."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def locate(fallback: Location, marks: MarkTable, path: tuple[str | int, ...]) -> Location:
    """Where `path` was written, or its nearest ancestor below the root; else `fallback`."""
    found, depth = marks.deepest(path)
    return Location(fallback.file, *unpack(found)) if depth else fallback
