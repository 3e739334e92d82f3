"""Run one function over several inputs in forked worker processes (`check --jobs N`).

The work is set up in this process and inherited by each fork, so nothing but the small inputs
and the results crosses between processes; results should be compact (bytes) since moving
Python objects back costs about as much as making them. Where `fork` is unavailable (Windows,
or a platform that forbids it) the inputs are run here, one after the other, with the same
results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from smaudit.model import SEVERITY_BY_VALUE, STATUS_BY_VALUE, Account, Evidence, Finding

In = TypeVar("In")
Out = TypeVar("Out")

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


def map_forked(task: Callable[[In], Out], items: Sequence[In], jobs: int) -> list[Out]:
    """[task(item) for item in items], in up to `jobs` forked processes, in order."""
    global _task
    if jobs <= 1 or len(items) <= 1 or not can_fork():
        return [task(item) for item in items]
    _task = task
    gc.freeze()  # keep the collector of each fork off the inherited objects (copy-on-write)
    try:
        with multiprocessing.get_context("fork").Pool(min(jobs, len(items))) as pool:
            return pool.map(_run, items, chunksize=1)
    finally:
        _task = None
        gc.unfreeze()


def pack_finding(finding: Finding, index: int) -> tuple[Any, ...]:
    """A finding as plain data for marshal (several times cheaper than pickling the objects),
    its account by position: rebuilt by unpack_finding in the parent."""
    return (
        finding.control_id,
        index,
        finding.status.value,
        finding.severity.value,
        finding.message,
        tuple(
            (e.path, e.actual, e.expected, e.outcome.value, e.source, e.decisive)
            for e in finding.evidence
        ),
        finding.field_place,
    )


def unpack_finding(item: tuple[Any, ...], accounts: Sequence[Account]) -> Finding:
    control_id, index, status, severity, message, evidence, field_place = item
    account = accounts[index]
    named = STATUS_BY_VALUE
    return Finding(
        control_id,
        account.id,
        account.platform,
        named[status],
        SEVERITY_BY_VALUE[severity],
        message,
        tuple(
            Evidence(path, actual, wanted, named[o], source, decisive)
            for path, actual, wanted, o, source, decisive in evidence
        ),
        account.location,
        field_place,
    )
