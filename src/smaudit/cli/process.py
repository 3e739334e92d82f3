"""How the process meets its surroundings: signals, a closed pipe, and what reaches stderr.

A CI job stops a run with SIGTERM, a closed terminal sends SIGHUP, a person presses Ctrl-C, and
`smaudit check --format json | head` closes the pipe early. Each must leave no temporary file
behind and exit with the code a shell expects for it (128 + the signal's number), quietly: not
the code for bad input (2), nor the one for a bug (4). Everything written to stderr is for a
person, so it passes through the terminal escaping on its way.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Any, TextIO

from smaudit.safety.terminal import escape


class Terminated(BaseException):
    """Raised where a stopping signal arrives, so that cleanup code (`finally`, `except
    BaseException`) runs as the stack unwinds; a BaseException, like KeyboardInterrupt, so no
    `except Exception` takes it for an error of the run."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


STOPPING: tuple[int, ...] = (signal.SIGTERM, signal.SIGHUP)


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise Terminated(signum)


def interrupted_code(exc: BaseException) -> int:
    """The exit code a shell expects after this interruption: 130 for Ctrl-C (SIGINT), 143 for
    SIGTERM, 129 for SIGHUP, 141 for a closed pipe (SIGPIPE)."""
    if isinstance(exc, Terminated):
        return 128 + exc.signum
    if isinstance(exc, BrokenPipeError):
        return 128 + signal.SIGPIPE
    return 128 + signal.SIGINT


def quiet_stdout() -> None:
    """After the reader of stdout went away: send what is still buffered nowhere, so Python's
    own flush at exit does not fail a second time."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


class EscapingStream:
    """A text stream that writes through `escape`: stderr carries only messages for people."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(escape(text))

    def __getattr__(self, name: str) -> Any:  # flush, fileno, isatty, encoding, ...
        return getattr(self._stream, name)


@contextlib.contextmanager
def escaped_stderr() -> Iterator[None]:
    """stderr escapes what it is given, until the block ends (already so: nothing changes)."""
    stderr = sys.stderr
    if isinstance(stderr, EscapingStream):
        yield
        return
    sys.stderr = EscapingStream(stderr)
    try:
        yield
    finally:
        sys.stderr = stderr


@contextlib.contextmanager
def stopping_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise Terminated until the block ends; the handlers as they were
    afterwards, so a test that runs the CLI in process leaves nothing changed."""
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    for signum in STOPPING:
        with contextlib.suppress(ValueError, OSError):  # not the main thread: leave it be
            previous[signum] = signal.signal(signum, _stop)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
