"""Write output files atomically, so a dashboard or collector never reads half a file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from smaudit.errors import InputError


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over `path`.
    A file that cannot be written is an InputError naming it."""
    write_stream_atomic(path, (text.encode("utf-8"),))


def write_stream_atomic(path: Path, chunks: Iterable[bytes]) -> None:
    """`write_atomic` for text that arrives in pieces (already encoded), so the whole never has
    to be held at once. If `chunks` raises, the temporary file is removed, `path` is left as
    it was, and the exception propagates."""
    try:
        _write(path, chunks)
    except OSError as exc:
        raise InputError.at(str(path), 0, 0, f"cannot write: {exc.strerror or exc}") from None


def _write(path: Path, chunks: Iterable[bytes]) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp makes the file private; give it the mode a plain open() would (or the mode
            # of the file it replaces), so a collector running as another user can still read it
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
            os.fchmod(handle.fileno(), mode)
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
