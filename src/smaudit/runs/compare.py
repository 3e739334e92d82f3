"""Comparing two feeds: each finding's change classified, and the accounts and controls that
came or went."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from smaudit.model import Status
from smaudit.runs.drift import Category, Drift, Entry, entry_order
from smaudit.runs.feed import FAILING, ExpiredWaiver, Feed, FeedFinding


def compare(old: Feed, new: Feed) -> Drift:
    entries = [*_scope_entries(old, new), *_finding_entries(old, new)]
    entries.sort(key=entry_order)
    return Drift(old.run, new.run, tuple(entries), tuple(_notes(old, new)))


class _State(Enum):
    FAILING = "failing"
    WAIVED = "waived"
    NOT_ASSESSED = "not_assessed"
    NOT_APPLICABLE = "not_applicable"
    OK = "ok"
    OUT = "out"
    """Not evaluated: the control or the account is not part of that run."""


def _state(feed: Feed, listed: FeedFinding | None, control_id: str, account_id: str) -> _State:
    if listed is not None:
        return _STATUS_STATE[listed.status]
    if control_id not in feed.controls:
        return _State.OUT
    if account_id not in feed.accounts and feed.accounts_complete:
        return _State.OUT
    if feed.not_applicable is not None and (control_id, account_id) in feed.not_applicable:
        return _State.NOT_APPLICABLE
    # Evaluated but not listed: passed (or, in a feed of schema 1.0, not applicable: such a
    # feed does not say which; passes are listed only on request).
    return _State.OK


_STATUS_STATE = {
    Status.FAIL: _State.FAILING,
    Status.WAIVED: _State.WAIVED,
    Status.ERROR: _State.NOT_ASSESSED,
    Status.PASS: _State.OK,
    Status.NOT_APPLICABLE: _State.NOT_APPLICABLE,
}


@dataclass(frozen=True, slots=True)
class _Change:
    """One fingerprint in both runs: as listed (None when not listed) and as judged."""

    old: Feed
    new: Feed
    was: FeedFinding | None
    now: FeedFinding | None
    before: _State
    after: _State


def _finding_entries(old: Feed, new: Feed) -> Iterator[Entry]:
    before = {f.fingerprint: f for f in old.findings}
    after = {f.fingerprint: f for f in new.findings}
    for fingerprint in sorted(before.keys() | after.keys()):
        was, now = before.get(fingerprint), after.get(fingerprint)
        finding = now or was
        assert finding is not None  # one of the two feeds listed this fingerprint
        ids = (finding.control_id, finding.account_id)
        change = _Change(old, new, was, now, _state(old, was, *ids), _state(new, now, *ids))
        classified = _classify(change)
        if classified is not None:
            yield Entry(
                classified[0],
                finding.control_id,
                finding.account_id,
                finding.severity,
                classified[1],
                fingerprint,
                was.status if was else None,
                now.status if now else None,
            )


def _classify(change: _Change) -> tuple[Category, str] | None:
    now, after = change.now, change.after
    if now is not None and after is _State.FAILING:
        return _failing_now(change, now)
    if now is not None and after is _State.WAIVED and change.before is not _State.WAIVED:
        return Category.NEWLY_WAIVED, _waived(now)
    if now is not None and after is _State.NOT_ASSESSED and change.before is not after:
        return Category.NEWLY_NOT_ASSESSED, now.message + _was(change, now)
    if change.was is not None and change.before in _OPEN:
        if after is _State.NOT_APPLICABLE:
            return Category.NO_LONGER_APPLIES, _no_longer_applies(change)
        if after is _State.OK:
            return Category.FIXED, _fixed(change.was, now, change.new)
    return None


_OPEN = (_State.FAILING, _State.WAIVED, _State.NOT_ASSESSED)


def _failing_now(change: _Change, now: FeedFinding) -> tuple[Category, str]:
    was = change.was
    if change.before is _State.FAILING and was is not None:
        raised = was.severity.rank < now.severity.rank
        note = f" (severity raised from {was.severity.value})" if raised else ""
        return Category.STILL_FAILING, now.message + note
    if now.expired_waiver is not None:
        return Category.WAIVER_EXPIRED, _expired(now, now.expired_waiver)
    return Category.NEW_FAILURE, now.message + _was(change, now)


def _was(change: _Change, now: FeedFinding) -> str:
    """What the finding was in the old run, when that explains the change."""
    before, was = change.before, change.was
    if before is _State.OUT:
        return " (new control)" if now.control_id not in change.old.controls else " (new account)"
    if before is _State.WAIVED and was is not None and was.waiver is not None:
        return f" (was waived by {was.waiver.id}; that waiver no longer applies)"
    return {
        _State.WAIVED: " (was waived)",
        _State.NOT_ASSESSED: " (was not assessed)",
        _State.FAILING: " (was failing)",
    }.get(before, "")


def _expired(now: FeedFinding, expired: ExpiredWaiver) -> str:
    if f"waiver {expired.id} expired" in now.message:
        return now.message  # smaudit's own message already says which waiver and when
    on = f" on {expired.expired_on}" if expired.expired_on else ""
    return f"waiver {expired.id} expired{on}: {now.message}"


def _waived(now: FeedFinding) -> str:
    waiver = now.waiver
    if waiver is None:
        return f"waived: {now.message}"
    details = [
        waiver.kind,
        f"ticket {waiver.ticket}" if waiver.ticket else None,
        f"approved by the {waiver.approver_role}" if waiver.approver_role else None,
        f"expires {waiver.expires_on}" if waiver.expires_on else None,
    ]
    shown = ", ".join(d for d in details if d)
    return f"waived by {waiver.id}" + (f" ({shown})" if shown else "") + f": {now.message}"


def _no_longer_applies(change: _Change) -> str:
    """Not a fix: the account left the control's scope (its MFA was switched off, say). The
    controls that newly fail on the same account are what changed."""
    was = change.was
    assert was is not None  # only a finding listed before can stop applying
    before = {f.control_id for f in change.old.by_account.get(was.account_id, ())}
    worse = sorted(
        f.control_id
        for f in change.new.by_account.get(was.account_id, ())
        if f.status is Status.FAIL and f.control_id not in before
    )
    also = f"; the account now fails {', '.join(worse)}" if worse else ""
    return f"the control no longer applies to the account: not a fix{also} (was: {was.message})"


def _fixed(was: FeedFinding, now: FeedFinding | None, new: Feed) -> str:
    if now is not None:
        how = "now passes"
    elif was.account_id in new.accounts:
        how = (
            "no longer failing (passed or not applicable: the older feed does not say which)"
            if new.not_applicable is None
            else "now passes"
        )
    else:
        how = (
            "no longer listed: assumed passing, since the new feed does not list its "
            "accounts and a removed account would look the same"
        )
    if was.status is Status.WAIVED and was.waiver is not None:
        how += f"; waiver {was.waiver.id} no longer needed"
    return f"{how} (was: {was.message})"


def _scope_entries(old: Feed, new: Feed) -> Iterator[Entry]:
    if new.accounts_complete:
        for account in sorted(old.accounts - new.accounts):
            yield Entry(
                Category.ACCOUNT_REMOVED, None, account, None, _gone(old, "account_id", account)
            )
    if old.accounts_complete:
        for account in sorted(new.accounts - old.accounts):
            yield Entry(Category.ACCOUNT_ADDED, None, account, None, "new in the inventory")
    for control in sorted(old.controls - new.controls):
        yield Entry(
            Category.CONTROL_REMOVED, control, None, None, _gone(old, "control_id", control)
        )
    for control in sorted(new.controls - old.controls):
        yield Entry(Category.CONTROL_ADDED, control, None, None, _added_control(new, control))


def _gone(old: Feed, attribute: str, value: str) -> str:
    open_ = [f for f in old.findings if getattr(f, attribute) == value and f.status in FAILING]
    what = "account" if attribute == "account_id" else "control"
    if not open_:
        return f"{what} not in the new run"
    return f"{what} not in the new run; it had {len(open_)} failing finding(s), no longer tracked"


def _added_control(new: Feed, control: str) -> str:
    counts = new.by_control.get(control, {})
    failed, unassessed = counts.get(Status.FAIL, 0), counts.get(Status.ERROR, 0)
    return f"newly evaluated: {failed} failed, {unassessed} not assessed"


def _notes(old: Feed, new: Feed) -> Iterator[str]:
    for label, feed in (("old", old), ("new", new)):
        if not feed.accounts_complete:
            yield (
                f"The {label} feed ({feed.run.source}) lists neither its accounts nor its passes: "
                "its accounts were inferred from its findings, so accounts with nothing to report "
                "are not counted as added or removed."
            )
    if old.run.profile != new.run.profile:
        yield f"The profiles differ ({old.run.profile} -> {new.run.profile})."
    if old.run.catalogue_version != new.run.catalogue_version:
        yield (
            f"The catalogue versions differ ({old.run.catalogue_version} -> "
            f"{new.run.catalogue_version}): controls may have been added, removed or changed."
        )
    if old.run.as_of > new.run.as_of:
        yield (
            f"The old run is dated after the new one ({old.run.as_of} > {new.run.as_of}): "
            "are the files the wrong way round?"
        )
    if old.run.id == new.run.id:
        yield "Both files are the same run."
