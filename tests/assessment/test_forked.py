"""Assessing in forked processes (`check --jobs`): the same findings as one process, and the
evidence that findings share still shared once the shares come back."""

from __future__ import annotations

import datetime as dt

import pytest

from smaudit.assessment import planner
from smaudit.assessment.engine import Options, evaluate
from smaudit.assessment.forked import can_fork
from tests.conftest import AS_OF, SAMPLES


@pytest.mark.skipif(not can_fork(), reason="--jobs runs serially where processes cannot fork")
def test_forked_findings_are_the_serial_ones_with_their_evidence_shared() -> None:
    as_of = dt.date.fromisoformat(AS_OF)
    run = planner.plan([SAMPLES / "agency.yaml"], as_of=as_of)
    started = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)

    def findings(jobs: int) -> tuple:  # type: ignore[type-arg]
        options = Options(jobs=jobs, run_id="r", started_at=started, include_passed=True)
        return evaluate(run.inventory, run.controls, as_of, run.parameters, options).findings

    serial, forked = findings(1), findings(2)
    assert forked == serial
    distinct = len({id(f.evidence) for f in serial})
    assert distinct < len(serial)  # the sample has findings that share their evidence
    # each share words its own, so at most one copy per job of what one process shares
    assert len({id(f.evidence) for f in forked}) <= 2 * distinct


@pytest.mark.skipif(not can_fork(), reason="--jobs runs serially where processes cannot fork")
@pytest.mark.parametrize("jobs", [2, 3, 40])
def test_every_share_is_counted_once_whichever_process_assessed_it(jobs: int) -> None:
    """The first share is assessed in this process, the others in forks meanwhile: the counts,
    the findings and the accounts each control did not apply to are the serial run's, in its
    order (40 jobs: more than the sample's 34 accounts, one account a share)."""
    as_of = dt.date.fromisoformat(AS_OF)
    run = planner.plan([SAMPLES / "agency.yaml"], as_of=as_of)
    started = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    reports = [
        evaluate(
            run.inventory,
            run.controls,
            as_of,
            run.parameters,
            Options(jobs=n, run_id="r", started_at=started),
        )
        for n in (1, jobs)
    ]
    serial, forked = reports
    assert forked.findings == serial.findings
    assert forked.counts == serial.counts
    assert forked.counts_by_control == serial.counts_by_control
    assert forked.counts_by_severity == serial.counts_by_severity
    assert forked.not_applicable == serial.not_applicable
