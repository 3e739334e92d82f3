"""Write output files atomically, so a dashboard or collector never reads half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from smaudit.errors import InputError


def write_atomic(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, flush it to disk, then rename over `path`.
    A file that cannot be written is an InputError naming it."""
    try:
        _write(path, text)
    except OSError as exc:
        raise InputError.at(str(path), 0, 0, f"cannot write: {exc.strerror or exc}") from None


def _write(path: Path, text: str) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    # mkstemp makes the file private; give it the mode a plain open() would (or the mode of the
    # file it replaces), so a collector running as another user can still read it
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
    os.fchmod(fd, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
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
