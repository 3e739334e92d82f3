"""Write output files: atomically where the target is a regular file, directly where it is not.

A dashboard or collector must never read half a file, so a regular file is written to a
temporary file beside it and renamed over it. A device, a pipe or a link to one (`/dev/null`,
`/dev/full`, `/dev/stdout`, a named pipe) is no such file: renaming over it would replace the
device with a file (as root, in /dev itself), so it is written to as it is, and an error it
gives (a full disk) is reported like any other.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from smaudit.errors import InputError
from smaudit.safety.terminal import display_path


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` (see the module's docstring). A file that cannot be written is
    an InputError naming it."""
    write_stream_atomic(path, (text.encode("utf-8"),))


def write_stream_atomic(path: Path, chunks: Iterable[bytes]) -> None:
    """`write_atomic` for text that arrives in pieces (already encoded), so the whole never has
    to be held at once. If `chunks` raises, the temporary file is removed, `path` is left as
    it was, and the exception propagates."""
    try:
        if is_replaceable(path):
            _write_replacing(path, chunks)
        else:
            _write_in_place(path, chunks)
    except OSError as exc:
        raise InputError.at(
            display_path(path), 0, 0, f"cannot write: {exc.strerror or exc}"
        ) from None


def is_replaceable(path: Path) -> bool:
    """Whether `path` is absent or a regular file itself (not a link): the only targets a
    rename may replace."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return True
    return stat.S_ISREG(mode)


def _write_in_place(path: Path, chunks: Iterable[bytes]) -> None:
    with path.open("wb") as handle:
        for chunk in chunks:
            handle.write(chunk)
        handle.flush()  # a full device says so here, not silently at close


def _write_replacing(path: Path, chunks: Iterable[bytes]) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    temporary: Path | None = None
    try:
        # the name is chosen, and known to the cleanup below, before the file exists: a Ctrl-C
        # or a stopping signal as it is created cannot leave it behind (with tempfile.mkstemp,
        # one arriving after the file was made and before its name was returned could)
        while True:
            temporary = directory / f".{path.name}.{secrets.token_hex(6)}.tmp"
            try:
                fd = os.open(temporary, _CREATE_NEW, 0o600)
                break
            except FileExistsError:  # another run's file of the same random name: not ours
                temporary = None
        with os.fdopen(fd, "wb") as handle:
            # the file is made private; give it the mode a plain open() would (or the mode
            # of the file it replaces), so a collector running as another user can still read it
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
            os.fchmod(handle.fileno(), mode)
            for chunk in chunks:
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:  # an error, Ctrl-C or a stopping signal (process.Terminated) alike
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise


# a new file only (never an existing one, nor through a link), not inherited by child processes
_CREATE_NEW = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def same_file(a: Path, b: Path) -> bool:
    """Whether two names reach one existing file (through links, `..` or a second name)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False
