"""`smaudit history` for the terminal: runs with pass rates, a run's findings, time to fix."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from tabulate import tabulate

from smaudit.model import Status
from smaudit.runs.history import RunRow, StoredFinding, Timeline
from smaudit.safety.terminal import escape_inline

DETAIL_WIDTH = 70


def runs(rows: tuple[RunRow, ...]) -> str:
    if not rows:
        return "No runs recorded.\n"
    ids = short_ids([r.run_id for r in rows])
    headers = ["RUN", "AS OF", "PROFILE", "ACCOUNTS", "PASS RATE", "FAILED", "BY SEVERITY"]
    headers += ["NOT ASSESSED", "WAIVED"]
    body = [
        [
            ids[r.run_id],
            r.as_of.isoformat(),
            r.profile,
            r.accounts,
            _percent(r.pass_rate),
            r.counts.get(Status.FAIL, 0),
            ", ".join(f"{n} {s.value}" for s, n in r.failed_by_severity.items() if n),
            r.counts.get(Status.ERROR, 0),
            r.counts.get(Status.WAIVED, 0),
        ]
        for r in rows
    ]
    return tabulate(_escaped(body), headers, tablefmt="simple") + "\n"


def short_ids(ids: list[str], least: int = 8) -> dict[str, str]:
    """The shortest prefix of each id, at least `least` long, that no other id starts with
    (as git shortens commit hashes); `--run` accepts it."""
    ordered = sorted(set(ids))
    shared = [0] * len(ordered)  # longest prefix each id shares with a neighbour in order
    for i in range(1, len(ordered)):
        common = _common_length(ordered[i - 1], ordered[i])
        shared[i - 1], shared[i] = max(shared[i - 1], common), common
    return {run_id: run_id[: max(least, n + 1)] for run_id, n in zip(ordered, shared, strict=True)}


def _common_length(a: str, b: str) -> int:
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _percent(rate: float | None) -> str:
    return "-" if rate is None else f"{rate:.1%}"


def findings(run: RunRow, rows: tuple[StoredFinding, ...]) -> str:
    heading = f"Run {run.run_id} (as of {run.as_of}, profile {run.profile}): {len(rows)} findings"
    if not rows:
        return heading + "\n"
    body = [
        [_status(f), f.severity.value.upper(), f.control_id, f.account_id, f.message] for f in rows
    ]
    headers = ["STATUS", "SEVERITY", "CONTROL", "ACCOUNT", "DETAIL"]
    return escape_inline(heading) + "\n\n" + _table(body, headers) + "\n"


def _status(finding: StoredFinding) -> str:
    if finding.status is Status.WAIVED:
        original = finding.original_status.value if finding.original_status else "fail"
        return f"waived ({original}, {finding.waiver_id or '?'})"
    return finding.status.value


def timelines(rows: tuple[Timeline, ...]) -> str:
    if not rows:
        return "No finding has failed in the recorded runs.\n"
    body = [
        [
            t.standing.value,
            t.severity.value.upper(),
            t.control_id,
            t.account_id,
            t.first_seen.isoformat(),
            t.last_seen.isoformat(),
            t.fixed_on.isoformat() if t.fixed_on else "",
            "" if t.days_to_fix is None else t.days_to_fix,
            t.streaks,
        ]
        for t in rows
    ]
    headers = ["STANDING", "SEVERITY", "CONTROL", "ACCOUNT", "FIRST SEEN", "LAST SEEN"]
    headers += ["FIXED ON", "DAYS TO FIX", "STREAKS"]
    return _table(body, headers) + "\n\n" + _fix_summary(rows) + "\n"


def _fix_summary(rows: tuple[Timeline, ...]) -> str:
    days = [t.days_to_fix for t in rows if t.days_to_fix is not None]
    still = sum(1 for t in rows if t.fixed_on is None)
    if not days:
        return f"{still} still open or unresolved; none fixed yet"
    return (
        f"{len(days)} fixed (median {_days(statistics.median(days))} to fix, longest "
        f"{_days(max(days))}); {still} still open or unresolved"
    )


def _table(body: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    widths: list[int | None] = [None] * (len(headers) - 1) + [DETAIL_WIDTH]
    return tabulate(_escaped(body), headers, tablefmt="simple", maxcolwidths=widths)


def _escaped(body: Sequence[Sequence[Any]]) -> list[list[Any]]:
    """Cells with any text from an input file escaped for the terminal (terminal.py)."""
    return [[escape_inline(c) if isinstance(c, str) else c for c in row] for row in body]


def _days(n: float) -> str:
    return f"{n:g} day" + ("" if n == 1 else "s")
