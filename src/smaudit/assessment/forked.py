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
from collections.abc import Callable, Mapping, Sequence
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
