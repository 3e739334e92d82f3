"""Run a command in a child process and measure it: wall time and the child's own peak RSS."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

# Runs `python -c CODE` in the child and, at its exit (normal, sys.exit or error), writes the
# child's own peak resident set size: RUSAGE_CHILDREN in the parent would be the largest child
# so far, not this one. With --jobs, the largest forked worker's is written beside it. On Linux
# the peak is VmHWM, the high-water mark of the child's own memory: its ru_maxrss also counts
# the parent's memory at the fork, which Linux carries over the exec (a benchmark that had just
# compared two 90 MB feeds saw every later child "peak" at 343 MiB).
RSS_WRAPPER = """\
import atexit, resource, sys
target = sys.argv.pop(1)
code = sys.argv.pop(1)
def _own():
    try:
        with open("/proc/self/status") as status:
            return next(int(l.split()[1]) for l in status if l.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def _peak():
    with open(target, "w") as out:
        workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        out.write(f"{_own()} {workers}")
atexit.register(_peak)
exec(compile(code, "<measured>", "exec"))
"""

SMAUDIT = "import sys; sys.argv[0] = 'smaudit'; from smaudit.cli.app import main; main()"
"""The code a measured `smaudit` child runs: the command line, with the arguments given."""


@dataclass(frozen=True)
class Measured:
    wall: float
    peak_kib: int
    worker_peak_kib: int
    returncode: int
    stderr: str


def measure(
    code: str, args: list[str], env: dict[str, str], python: str = sys.executable
) -> Measured:
    """Run `python -c code args...` with `env`, its standard output discarded."""
    with tempfile.TemporaryDirectory(prefix="smaudit-rss-") as scratch:
        rss = Path(scratch) / "peak"
        start = time.perf_counter()
        proc = subprocess.run(
            [python, "-c", RSS_WRAPPER, str(rss), code, *args],
            stdout=subprocess.DEVNULL,  # a --format json report also goes to stdout
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        wall = time.perf_counter() - start
        own, workers = rss.read_text().split() if rss.exists() else ("0", "0")
    return Measured(wall, int(own), int(workers), proc.returncode, proc.stderr.decode())
