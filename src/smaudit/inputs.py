"""Read an input file within a size bound that holds before the bytes are read.

Checking a file's size after `read_bytes()` costs the whole file in memory first (a 4 GB file,
4 GB), and a stream has no size to check: `/dev/zero` or `/dev/urandom` given as an inventory
would grow until memory ran out. So a regular file's size is asked of the system before it is
read, anything else is read in chunks up to the bound, and a chunk that already shows the
file cannot be text (a NUL byte, as /dev/zero gives at once) ends the reading there.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from smaudit.errors import InputError
from smaudit.terminal import display_path

CHUNK = 1 << 20


def read_input(path: Path, max_bytes: int, *, binary_ok: bool = False) -> bytes:
    """The bytes of `path`, at most `max_bytes` of them; InputError naming the file otherwise.
    Unless `binary_ok`, a NUL byte is refused at the chunk it arrives in, with its place."""
    name = display_path(path)
    try:
        with path.open("rb", buffering=0) as handle:
            info = os.fstat(handle.fileno())
            if stat.S_ISDIR(info.st_mode):
                raise InputError.at(name, 0, 0, "is a folder, not a file")
            if stat.S_ISREG(info.st_mode) and info.st_size > max_bytes:
                raise too_large(name, info.st_size, max_bytes)
            return _read_bounded(handle, name, max_bytes, binary_ok)
    except OSError as exc:
        raise InputError.at(name, 0, 0, f"cannot read file: {exc.strerror or exc}") from None


def _read_bounded(handle: object, name: str, max_bytes: int, binary_ok: bool) -> bytes:
    read = handle.read  # type: ignore[attr-defined]
    data = bytearray()
    while chunk := read(min(CHUNK, max_bytes + 1 - len(data)) or 1):
        if not binary_ok and b"\0" in chunk:
            offset = len(data) + chunk.index(b"\0")
            data += chunk
            line = data.count(b"\n", 0, offset) + 1
            column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
            raise InputError.at(name, line, column, "file contains a NUL byte (binary data?)")
        data += chunk
        if len(data) > max_bytes:
            raise too_large(name, None, max_bytes)
    return bytes(data)


def too_large(name: str, size: int | None, max_bytes: int) -> InputError:
    told = f"file is {size} bytes" if size is not None else "file (a stream) goes on"
    return InputError.at(
        name, 0, 0, f"{told}, over the limit of {max_bytes} bytes; raise --max-file-size"
    )
