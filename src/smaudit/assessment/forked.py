"""Run one function over several inputs in forked worker processes (`check --jobs N`), or
make a stream of chunks in one (ForkedChunks: half the JSON feed).

The work is set up in this process and inherited by each fork, so nothing but the small inputs
and the results crosses between processes; results should be compact (bytes) since moving
Python objects back costs about as much as making them. Where `fork` is unavailable (Windows,
or a platform that forbids it) the inputs are run here, one after the other, with the same
results.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, TypeVar

from smaudit.model import SEVERITY_BY_VALUE, STATUS_BY_VALUE, Account, Evidence, Finding

In = TypeVar("In")
Out = TypeVar("Out")
Mine = TypeVar("Mine")

_task: Callable[[Any], Any] | None = None
"""The function the forks run: set before they start, so they inherit it (closures included)."""


def _run(item: Any) -> Any:
    assert _task is not None
    gc.disable()  # the worker builds many acyclic objects and exits: no cycles to look for
    return _task(item)


def available_cpus() -> int:
    """The CPUs this process may run on (a container's limit, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def map_forked(
    here: Callable[[], Mine], task: Callable[[In], Out], items: Sequence[In], jobs: int
) -> tuple[Mine, list[Out]]:
    """(here(), [task(item) for item in items]): `here()` in this process while the items run
    in up to `jobs` forked processes, in order. This process takes a share of the work rather
    than waiting on the forks: its share's results need not cross between processes (with two
    jobs, half the findings are neither packed nor rebuilt), and one fork fewer copies pages."""
    global _task
    if jobs < 1 or not items or not can_fork():
        return here(), [task(item) for item in items]
    _task = task
    gc.freeze()  # keep the collector of each fork off the inherited objects (copy-on-write)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            pending = pool.map_async(_run, items, chunksize=1)
            mine = here()
            return mine, pending.get()
    finally:
        _task = None
        gc.unfreeze()


class ForkedChunks:
    """`produce()`'s chunks, made in a forked process while this one goes on: the fork writes
    them to an unnamed temporary file, and iterating waits for it and reads them back in order
    (`check --jobs`: half a large JSON feed rendered beside the other half). Where `fork` is
    unavailable they are made when iterated, here."""

    def __init__(self, produce: Callable[[], Iterable[bytes]]) -> None:
        self._produce: Callable[[], Iterable[bytes]] | None = produce
        self._pid = 0
        self._spool: Any = None
        if not can_fork():
            return
        self._spool = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        gc.freeze()  # the fork's collector leaves the inherited objects alone (copy-on-write)
        try:
            self._pid = os.fork()
        finally:
            gc.unfreeze()
        if self._pid == 0:  # the fork: write, and leave without running the parent's exit code
            _write_and_exit(produce, self._spool.fileno())
        self._produce = None  # the fork makes them

    def __iter__(self) -> Iterator[bytes]:
        if not self._pid:
            produce, self._produce = self._produce, None
            if produce is not None:
                yield from produce()
            return
        pid, self._pid = self._pid, 0
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("a forked process writing the report failed")  # exit 4: a bug
        fd, offset = self._spool.fileno(), 0
        while chunk := os.pread(fd, _READ, offset):
            offset += len(chunk)
            yield chunk
        self.close()

    def close(self) -> None:
        """Stop the fork if it still runs (the report was abandoned) and remove its file."""
        self._produce = None
        if self._pid:
            pid, self._pid = self._pid, 0
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        if self._spool is not None:
            self._spool.close()
            self._spool = None


_READ = 1 << 20


def _write_and_exit(produce: Callable[[], Iterable[bytes]], fd: int) -> None:
    status = 1
    try:
        gc.disable()  # it builds acyclic objects and exits
        for chunk in produce():
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view) :]
        status = 0
    finally:
        # no traceback: the parent reports the failure, and the fork's text could hold values
        os._exit(status)


def pack_findings(findings: Sequence[Finding], position: Mapping[str, int]) -> list[Any]:
    """Findings as plain data for marshal (several times cheaper than pickling the objects),
    each account by its position: rebuilt by unpack_findings in the parent. Evidence that
    findings share (the same explanation, assessment/wording.py) is packed once, as one
    object: marshal writes it once and reads it back as one, so it is rebuilt once and stays
    shared, as in a run of one process."""
    packed: dict[int, tuple[Any, ...]] = {}  # the evidence outlives this: ids are not reused
    out = []
    for finding in findings:
        evidence = finding.evidence
        facts = packed.get(id(evidence))
        if facts is None:
            facts = packed[id(evidence)] = tuple(
                (e.path, e.actual, e.expected, e.outcome.value, e.source, e.decisive)
                for e in evidence
            )
        out.append(
            (
                finding.control_id,
                position[finding.account_id],
                finding.status.value,
                finding.severity.value,
                finding.message,
                facts,
                finding.field_place,
            )
        )
    return out


def unpack_findings(
    packed: Sequence[tuple[Any, ...]], accounts: Sequence[Account]
) -> list[Finding]:
    named = STATUS_BY_VALUE
    rebuilt: dict[int, tuple[Evidence, ...]] = {}  # ids: `packed` holds every facts meanwhile
    out = []
    for control_id, index, status, severity, message, facts, field_place in packed:
        evidence = rebuilt.get(id(facts))
        if evidence is None:
            evidence = rebuilt[id(facts)] = tuple(
                Evidence(path, actual, wanted, named[o], source, decisive)
                for path, actual, wanted, o, source, decisive in facts
            )
        account = accounts[index]
        out.append(
            Finding(
                control_id,
                account.id,
                account.platform,
                named[status],
                SEVERITY_BY_VALUE[severity],
                message,
                evidence,
                account.location,
                field_place,
            )
        )
    return out
