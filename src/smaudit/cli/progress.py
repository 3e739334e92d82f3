"""A sign of life on stderr for a long run: after two seconds, the stage and the time taken,
rewritten in place; only on a terminal, never in CI logs or pipes (where it would be noise)."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from typing import TextIO

DELAY = 2.0
"""Seconds before the first sign: a short run shows none."""
_EVERY = 0.5


def wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """On a terminal, outside CI (GitHub, GitLab, Jenkins' plugins and the rest set CI), and
    not on a terminal that cannot move the cursor (TERM=dumb)."""
    return stream.isatty() and "CI" not in environ and environ.get("TERM") != "dumb"


@contextlib.contextmanager
def progress(stage: str) -> Iterator[None]:
    """While the block runs, `smaudit: <stage> (12 s)` on stderr once it has taken DELAY."""
    stream = getattr(sys.stderr, "_stream", sys.stderr)  # our own text: past the escaping
    if not wanted(stream, os.environ):
        yield
        return
    done = threading.Event()
    worker = threading.Thread(target=_show, args=(stream, stage, done), daemon=True)
    worker.start()
    try:
        yield
    finally:
        done.set()
        worker.join()


def _show(stream: TextIO, stage: str, done: threading.Event) -> None:
    start = time.monotonic()
    if done.wait(DELAY):
        return
    while not done.wait(_EVERY):
        stream.write(f"\r\033[Ksmaudit: {stage} ({time.monotonic() - start:.0f} s)")
        stream.flush()
    stream.write("\r\033[K")
    stream.flush()
