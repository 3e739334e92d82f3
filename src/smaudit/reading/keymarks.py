"""Where each mapping key of a file is written, read only when a message first needs one."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from smaudit.reading.document import JsonPath

KeyPlaces = dict[JsonPath, tuple[int, int]]


class KeyMarks(Mapping[JsonPath, tuple[int, int]]):
    """The places of a file's keys, read again from its text the first time one is asked for.
    Only messages about a key need these (an unknown field, a secret's name), and most runs
    have none: a table of every key would be a fifth of a large inventory's memory. `read`
    reads them, with the reader that reads the file the Python way (files.py says which)."""

    def __init__(self, read: Callable[[], KeyPlaces]) -> None:
        self._read: Callable[[], KeyPlaces] | None = read
        self._table: KeyPlaces = {}

    def _loaded(self) -> KeyPlaces:
        if self._read is not None:
            self._table, self._read = self._read(), None
        return self._table

    def __getitem__(self, path: JsonPath) -> tuple[int, int]:
        return self._loaded()[path]

    def __iter__(self) -> Iterator[JsonPath]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())
