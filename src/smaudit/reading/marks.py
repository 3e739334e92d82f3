"""Where each value of a parsed file was written: 1-based line and column, packed into one int,
and a compact table of those places by path.

An inventory of 100,000 accounts has ten million values, each with its place kept for findings
and error messages. As a (line, column) tuple a place costs 84 bytes, as one int 32; in a dict
keyed by path tuples, about 140 bytes in all, which was 1.4 GB at 100,000 accounts, half the
run's memory. `MarkTable` keeps the same places in about 16 bytes each. Columns stay below
2**32 because files do (the loader's size limit is far lower).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence

_COLUMN_BITS = 32
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1

Path = tuple[str | int, ...]
Shape = int | dict[str, int]
"""A sequence's length, or a mapping's position of each key."""


def pack(line: int, column: int) -> int:
    return line << _COLUMN_BITS | column


def unpack(mark: int) -> tuple[int, int]:
    return mark >> _COLUMN_BITS, mark & _COLUMN_MASK


class MarkTable(Mapping[Path, int]):
    """The packed place of every value of one file, by path (the root is the empty path).

    The places of each mapping's or sequence's children sit side by side in one array; a second
    array says which children are containers themselves, by number. Each container keeps where
    its children start and its shape. Files repeat a few mapping shapes (an inventory of 10,000
    accounts has 24), so shapes are shared, and a place costs about 16 bytes, not 140.
    """

    __slots__ = ("_bases", "_marks", "_refs", "_root", "_root_mark", "_shapes")

    def __init__(
        self,
        marks: Sequence[int],
        refs: Sequence[int],
        bases: Sequence[int],
        shapes: list[Shape],
        root_mark: int,
        root: int,
    ) -> None:
        self._marks, self._refs, self._bases, self._shapes = marks, refs, bases, shapes
        self._root_mark, self._root = root_mark, root  # 0 for an empty file; -1: not a container

    def find(self, path: Path) -> int:
        """The place at `path`, or 0 if no value is there (a packed place is never 0)."""
        mark, depth = self.deepest(path)
        return mark if depth == len(path) else 0

    def deepest(self, path: Path) -> tuple[int, int]:
        """The place of the deepest value along `path`, and how many steps of it were taken:
        len(path) if the whole path is there, 0 if only the root (place 0 for an empty file)."""
        mark, k = self._root_mark, self._root
        for depth, step in enumerate(path):
            if k < 0:
                return mark, depth
            shape = self._shapes[k]
            if type(shape) is int:
                if type(step) is not int or not 0 <= step < shape:
                    return mark, depth
                i = self._bases[k] + step
            else:
                position = shape.get(step)  # type: ignore[union-attr, arg-type]
                if position is None:
                    return mark, depth
                i = self._bases[k] + position
            mark, k = self._marks[i], self._refs[i]
        return mark, len(path)

    def get(self, path: Path, default: int | None = None) -> int | None:  # type: ignore[override]
        return self.find(path) or default

    def __getitem__(self, path: Path) -> int:
        mark = self.find(path)
        if not mark:
            raise KeyError(path)
        return mark

    def __iter__(self) -> Iterator[Path]:
        if self._root_mark:
            yield ()
            yield from self._paths(self._root, ())

    def _paths(self, k: int, prefix: Path) -> Iterator[Path]:
        if k < 0:
            return
        shape, base = self._shapes[k], self._bases[k]
        steps: Iterable[str | int] = range(shape) if isinstance(shape, int) else shape
        for position, step in enumerate(steps):  # a mapping's keys are in position order
            path: Path = (*prefix, step)
            yield path
            yield from self._paths(self._refs[base + position], path)

    def __len__(self) -> int:
        return len(self._marks) + (1 if self._root_mark else 0)

    def key_names(self) -> set[str]:
        """Every key of every mapping of the file, once: its mappings share a few shapes."""
        shapes = {id(shape): shape for shape in self._shapes if type(shape) is dict}
        return {key for shape in shapes.values() for key in shape}


class MarkTableBuilder:
    """Fills a MarkTable one container at a time, as a reader finishes each."""

    def __init__(self) -> None:
        self.marks: array[int] = array("Q")
        self.refs: array[int] = array("i")
        self.bases: array[int] = array("q")
        self.shapes: list[Shape] = []
        self._shared: dict[tuple[str, ...], dict[str, int]] = {}

    def container(
        self, marks: list[int], children: list[tuple[int, int]], keys: tuple[str, ...] | None
    ) -> int:
        """Store one container's children: their places, which of them are containers (position,
        number), and for a mapping its keys in order. Returns the container's number."""
        base = len(self.marks)
        self.marks.extend(marks)
        self.refs.frombytes(b"\xff" * (self.refs.itemsize * len(marks)))  # -1 each: not a container
        for position, number in children:
            self.refs[base + position] = number
        self.bases.append(base)
        if keys is None:
            self.shapes.append(len(marks))
        else:
            shape = self._shared.get(keys)
            if shape is None:
                shape = self._shared[keys] = {key: i for i, key in enumerate(keys)}
            self.shapes.append(shape)
        return len(self.bases) - 1

    def finish(self, root_mark: int, root: int) -> MarkTable:
        return MarkTable(self.marks, self.refs, self.bases, self.shapes, root_mark, root)


EMPTY = MarkTable(array("Q"), array("i"), array("q"), [], 0, -1)
