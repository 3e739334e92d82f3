"""Read an input file within a size bound that holds before the bytes are read.

Checking a file's size after `read_bytes()` costs the whole file in memory first (a 4 GB file,
4 GB), and a stream has no size to check: `/dev/zero` or `/dev/urandom` given as an inventory
would grow until memory ran out. So a regular file's size is asked of the system before it is
read, anything else is read in chunks up to the bound, and a chunk that already shows the
file cannot be text (a NUL byte, as /dev/zero gives at once) ends the reading there.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import BinaryIO

from smaudit.errors import InputError
from smaudit.reading.limits import Limits
from smaudit.safety.terminal import display_path

CHUNK = 1 << 20


@dataclasses.dataclass
class _Budget:
    """What the files of one run may still add up to: a folder of files, each within the
    per-file limits, must not sum past what one run may cost."""

    total_bytes: int
    bytes_left: int
    total_values: int
    values_left: int


_BUDGET: ContextVar[_Budget | None] = ContextVar("smaudit_run_budget", default=None)


@contextlib.contextmanager
def run_budget(limits: Limits) -> Iterator[None]:
    """Within this block, every file read (read_input) and loaded (files.load_bytes) counts
    towards one total of bytes (limits.max_total_bytes) and of values (limits.max_nodes).
    Within a block already, nothing changes: the outer one counts."""
    if _BUDGET.get() is not None:
        yield
        return
    budget = _Budget(limits.max_total_bytes, limits.max_total_bytes, *(limits.max_nodes,) * 2)
    token = _BUDGET.set(budget)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def clamped(limits: Limits) -> Limits:
    """`limits` for the next file of a run: no more values than the run has left."""
    budget = _BUDGET.get()
    if budget is None or budget.values_left >= limits.max_nodes:
        return limits
    return dataclasses.replace(
        limits,
        max_nodes=budget.values_left,
        nodes_note=f" (what is left of {budget.total_values} for all the files of this run)",
    )


def charge_values(count: int) -> None:
    if (budget := _BUDGET.get()) is not None:
        budget.values_left = max(0, budget.values_left - count)


def check_total_size(paths: Iterable[Path], max_bytes: int) -> None:
    """Refuse files that together exceed what this run may read, before reading any of them
    (a folder of 200 files of 1 MB each would otherwise be read and parsed for seconds first).
    Streams have no size yet: they count as they are read."""
    budget = _BUDGET.get()
    if budget is None:
        return
    total = 0
    for path in paths:
        with contextlib.suppress(OSError):  # reported when the file itself is read
            info = path.stat()
            if stat.S_ISREG(info.st_mode):
                if info.st_size > max_bytes:  # the more precise refusal first
                    raise too_large(display_path(path), info.st_size, max_bytes)
                total += info.st_size
        if total > budget.bytes_left:
            raise _over_total(display_path(path), budget)


def _over_total(name: str, budget: _Budget) -> InputError:
    return InputError.at(
        name,
        0,
        0,
        f"this run's input files come to more than {budget.total_bytes} bytes together; "
        "raise --max-total-size",
    )


def _charge_bytes(name: str, count: int) -> None:
    budget = _BUDGET.get()
    if budget is None:
        return
    if count > budget.bytes_left:
        raise _over_total(name, budget)
    budget.bytes_left -= count


def read_input(path: Path, max_bytes: int, *, binary_ok: bool = False) -> bytes:
    """The bytes of `path`, at most `max_bytes` of them; InputError naming the file otherwise.
    Unless `binary_ok`, a NUL byte is refused at the chunk it arrives in, with its place."""
    name = display_path(path)
    try:
        with path.open("rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError.at(name, 0, 0, "is a folder, not a file")
            if stat.S_ISREG(info.st_mode):
                if info.st_size > max_bytes:
                    raise too_large(name, info.st_size, max_bytes)
                _charge_bytes(name, info.st_size)  # before reading: the size is known
                # in one read, into one buffer: a file that grew since is cut at the limit
                data = handle.read(min(info.st_size, max_bytes) + 1)
                if len(data) > max_bytes:
                    raise too_large(name, None, max_bytes)
                if not binary_ok and b"\0" in data:
                    raise _nul(name, data, data.index(b"\0"))
                return bytes(data)
            data = _read_bounded(handle, name, max_bytes, binary_ok)
            _charge_bytes(name, len(data))
            return data
    except OSError as exc:
        raise InputError.at(name, 0, 0, f"cannot read file: {exc.strerror or exc}") from None


def _read_bounded(handle: BinaryIO, name: str, max_bytes: int, binary_ok: bool) -> bytes:
    read = handle.read
    data = bytearray()
    while chunk := read(min(CHUNK, max_bytes + 1 - len(data)) or 1):
        if not binary_ok and b"\0" in chunk:
            offset = len(data) + chunk.index(b"\0")
            data += chunk
            raise _nul(name, data, offset)
        data += chunk
        if len(data) > max_bytes:
            raise too_large(name, None, max_bytes)
    return bytes(data)


def _nul(name: str, data: bytes | bytearray, offset: int) -> InputError:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return InputError.at(name, line, column, "file contains a NUL byte (binary data?)")


def too_large(name: str, size: int | None, max_bytes: int) -> InputError:
    told = f"file is {size} bytes" if size is not None else "file (a stream) goes on"
    return InputError.at(
        name, 0, 0, f"{told}, over the limit of {max_bytes} bytes; raise --max-file-size"
    )
