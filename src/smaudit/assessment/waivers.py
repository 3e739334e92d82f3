"""Waivers: load the waiver file, then apply it to a report (exact ids, expiry, unused ones)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

from smaudit.assessment.engine import sort_key
from smaudit.errors import InputError, Problem
from smaudit.model import Finding, Location, Report, Status, Waiver
from smaudit.reading import validation
from smaudit.reading.document import Document
from smaudit.reading.files import load_file
from smaudit.safety.redact import mask_name

WAIVABLE = (Status.FAIL, Status.ERROR)


def load_waivers(
    path: Path, control_ids: Collection[str], max_days: int | None = None
) -> tuple[Waiver, ...]:
    """Parse and check a waiver file; every problem is reported with its line."""
    doc = load_file(path)
    if not isinstance(doc.data, dict):
        raise InputError.at(doc.file, 1, 1, "expected a mapping with 'smaudit_waivers: 1'")
    validation.check(doc, "waivers")
    waivers: list[Waiver] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, raw in enumerate(doc.data["waivers"]):
        waiver = _waiver(doc, index, raw, problems)
        if waiver is None:
            continue
        problems += _problems(doc, index, waiver, control_ids, max_days, seen)
        seen.setdefault(waiver.id, waiver.location.line)
        waivers.append(waiver)
    if problems:
        raise InputError(problems)
    return tuple(waivers)


def _waiver(
    doc: Document, index: int, raw: Mapping[str, Any], problems: list[Problem]
) -> Waiver | None:
    dates = {}
    for key in ("granted_on", "expires_on"):
        try:
            dates[key] = dt.date.fromisoformat(raw[key])
        except ValueError:
            line, column = doc.where(("waivers", index, key))
            problems.append(
                Problem(
                    doc.file, line, column, f"waivers[{index}].{key}: not a real date: {raw[key]!r}"
                )
            )
    if len(dates) < 2:
        return None
    line, column = doc.where(("waivers", index))
    return Waiver(
        id=raw["id"],
        control_id=raw["control"],
        accounts=tuple(dict.fromkeys(raw["accounts"])),
        kind=raw["kind"],
        justification=raw["justification"].strip(),
        approver_name=raw["approver"]["name"],
        approver_role=raw["approver"]["role"],
        ticket=raw["ticket"],
        granted_on=dates["granted_on"],
        expires_on=dates["expires_on"],
        location=Location(doc.file, line, column),
    )


def _problems(
    doc: Document,
    index: int,
    waiver: Waiver,
    control_ids: Collection[str],
    max_days: int | None,
    seen: Mapping[str, int],
) -> list[Problem]:
    def at(key: str, message: str) -> Problem:
        line, column = doc.where(("waivers", index, key))
        return Problem(doc.file, line, column, f"waivers[{index}].{key}: {message}")

    found = []
    if waiver.id in seen:
        found.append(
            at("id", f"duplicate waiver id {waiver.id!r} (first at line {seen[waiver.id]})")
        )
    if waiver.control_id not in control_ids:
        found.append(at("control", f"unknown control {waiver.control_id!r}"))
    if waiver.expires_on < waiver.granted_on:
        found.append(at("expires_on", "expires before it was granted"))
    elif max_days is not None and (waiver.expires_on - waiver.granted_on).days > max_days:
        found.append(
            at(
                "expires_on",
                f"runs {(waiver.expires_on - waiver.granted_on).days} "
                f"days, over the profile's max_waiver_days of "
                f"{max_days}",
            )
        )
    return found


def apply(
    report: Report, waivers: Sequence[Waiver], as_of: dt.date, show_personal_data: bool = False
) -> Report:
    """Waived failures become `waived` (keeping their original outcome); an expired waiver
    hides nothing and is named on the finding; a waiver that matched nothing is unused.

    Waivers combine without regard to their order in the file: any waiver in force on the run
    date covers the finding (the one that runs longest is named), so a renewal works whether it
    is written before or after the waiver it renews. Two waivers of the same control and account
    whose periods overlap are reported."""
    if not show_personal_data:
        waivers = [
            dataclasses.replace(w, approver_name=mask_name(w.approver_name)) for w in waivers
        ]
    index: dict[tuple[str, str], list[Waiver]] = {}
    for waiver in waivers:
        for account in waiver.accounts:
            index.setdefault((waiver.control_id, account), []).append(waiver)
    used: set[str] = set()
    findings = []
    for finding in report.findings:
        candidates = index.get((finding.control_id, finding.account_id))
        if not candidates or finding.status not in WAIVABLE:
            findings.append(finding)
            continue
        used.update(w.id for w in candidates)
        findings.append(_waive(finding, candidates, as_of))
    findings.sort(key=sort_key)  # a waived finding moves below the failures
    return dataclasses.replace(
        report,
        findings=tuple(findings),
        counts=_recount(report.counts, findings),
        counts_by_control=_recount_by(report.counts_by_control, findings, lambda f: f.control_id),
        counts_by_severity=_recount_by(report.counts_by_severity, findings, lambda f: f.severity),
        unused_waivers=tuple(w for w in waivers if w.id not in used),
        overlapping_waivers=overlapping(waivers),
    )


def overlapping(waivers: Sequence[Waiver]) -> tuple[tuple[Waiver, Waiver], ...]:
    """Pairs of waivers of the same control, sharing an account, whose periods overlap."""
    by_control: dict[str, list[Waiver]] = {}
    for waiver in waivers:
        by_control.setdefault(waiver.control_id, []).append(waiver)
    pairs = []
    for group in by_control.values():
        group.sort(key=lambda w: (w.granted_on, w.id))
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                if second.granted_on > first.expires_on:
                    break  # sorted by grant: no later one overlaps the first either
                if set(first.accounts) & set(second.accounts):
                    pairs.append((first, second))
    return tuple(pairs)


def _waive(finding: Finding, candidates: Sequence[Waiver], as_of: dt.date) -> Finding:
    def latest(waivers: Sequence[Waiver]) -> Waiver:
        return max(waivers, key=lambda w: (w.expires_on, w.id))

    in_force = [w for w in candidates if w.granted_on <= as_of <= w.expires_on]
    if in_force:
        waiver = latest(in_force)
        return dataclasses.replace(
            finding, status=Status.WAIVED, original_status=finding.status, waiver=waiver
        )
    expired = [w for w in candidates if w.expires_on < as_of]
    if expired:
        waiver = latest(expired)
        return dataclasses.replace(
            finding,
            waiver=waiver,
            waiver_expired=True,
            message=f"{finding.message} (waiver {waiver.id} expired on "
            f"{waiver.expires_on.isoformat()})",
        )
    waiver = min(candidates, key=lambda w: (w.granted_on, w.id))  # all approved ahead of time
    return dataclasses.replace(
        finding,
        message=f"{finding.message} (waiver {waiver.id} takes effect only on "
        f"{waiver.granted_on.isoformat()})",
    )


def _moved(findings: Sequence[Finding]) -> list[Finding]:
    return [f for f in findings if f.status is Status.WAIVED and f.original_status]


def _recount(counts: Mapping[Status, int], findings: Sequence[Finding]) -> dict[Status, int]:
    result = Counter(counts)
    for finding in _moved(findings):
        assert finding.original_status is not None
        result[finding.original_status] -= 1
        result[Status.WAIVED] += 1
    return {status: n for status, n in result.items() if n}


def _recount_by(
    counts: Mapping[Any, Mapping[Status, int]],
    findings: Sequence[Finding],
    key: Any,
) -> dict[Any, dict[Status, int]]:
    result = {group: Counter(c) for group, c in counts.items()}
    for finding in _moved(findings):
        assert finding.original_status is not None
        group = result.setdefault(key(finding), Counter())
        group[finding.original_status] -= 1
        group[Status.WAIVED] += 1
    return {group: {s: n for s, n in c.items() if n} for group, c in result.items()}
