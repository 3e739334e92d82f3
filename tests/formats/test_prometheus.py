"""Prometheus text: prometheus_client's parser reads it; the numbers add up; every series names
its agency and inventory; the series stay the same whatever the run finds; per-account series
only on request; a bounded number of series at 10,000 accounts."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from prometheus_client.parser import text_string_to_metric_families

from smaudit.assessment import waivers
from smaudit.formats import RenderOptions
from smaudit.formats.findings import prometheus
from smaudit.model import Report, Severity, Status
from tests.formats.conftest import AS_OF, STARTED_AT, a_waiver, prometheus_errors, render, view

Samples = dict[str, list[tuple[dict[str, str], float]]]
RUN = {
    "agency": "Department of Examples",
    "inventory": "inventory/agency.yaml,inventory/regional.yaml",
}
PER_ACCOUNT = RenderOptions(per_account_metrics=True)


def _samples(text: str) -> Samples:
    return {
        family.name: [(s.labels, s.value) for s in family.samples]
        for family in text_string_to_metric_families(text)
    }


def _series(text: str) -> set[tuple[str, frozenset[tuple[str, str]]]]:
    """Each series' identity: its name and labels, not its value."""
    return {
        (name, frozenset(labels.items()))
        for name, samples in _samples(text).items()
        for labels, _ in samples
    }


def test_parses_and_names_every_metric_once(report: Report) -> None:
    text = render(report, "prometheus")
    samples = _samples(text)
    assert list(samples) == [
        "smaudit_findings",
        "smaudit_accounts",
        "smaudit_accounts_compliant",
        "smaudit_last_run_timestamp_seconds",
        "smaudit_run_info",
    ]
    for name in samples:
        assert text.count(f"# HELP {name} ") == text.count(f"# TYPE {name} gauge") == 1
    assert samples["smaudit_accounts"] == [(RUN, 4.0)]
    assert samples["smaudit_accounts_compliant"] == [(RUN, 2.0)]
    assert samples["smaudit_last_run_timestamp_seconds"] == [(RUN, STARTED_AT.timestamp())]


def test_every_series_names_the_agency_and_the_inventory(report: Report) -> None:
    """What keeps two inventories' textfiles on one node from colliding."""
    for samples in _samples(prometheus.render(report, PER_ACCOUNT)).values():
        for labels, _ in samples:
            assert {k: labels[k] for k in RUN} == RUN


def test_two_agencies_share_no_series(report: Report) -> None:
    agency = dataclasses.replace(report.inventory.agency, name="Department of Other Things")
    other = dataclasses.replace(
        report, inventory=dataclasses.replace(report.inventory, agency=agency)
    )
    ours, theirs = (_series(prometheus.render(r, PER_ACCOUNT)) for r in (report, other))
    assert len(ours) == len(theirs) and not ours & theirs


def test_the_parser_rejects_a_broken_exposition(report: Report) -> None:
    assert not prometheus_errors(render(report, "prometheus"))
    assert prometheus_errors('smaudit_accounts{account="unterminated} 1\n')
    assert prometheus_errors("smaudit_accounts one\n")


@pytest.mark.parametrize("listed", [True, False])
def test_finding_counts_add_up_per_control_and_status(report: Report, listed: bool) -> None:
    """Whether or not passes are listed, every evaluation is counted once."""
    view = report if listed else report.without_passes()
    counted: dict[tuple[str, str], float] = {}
    for labels, value in _samples(prometheus.render(view))["smaudit_findings"]:
        key = (labels["control"], labels["status"])
        counted[key] = counted.get(key, 0) + value
    for control_id, counts in report.counts_by_control.items():
        for status in Status:
            assert counted[(control_id, status.value)] == counts.get(status, 0)


def test_the_series_stay_the_same_whatever_the_run_finds(report: Report) -> None:
    """A failure that is waived, or whose severity a tier raises, moves a count from one series
    to another; listing passes or not changes nothing: no series comes or goes."""
    waived = waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF)
    raised = dataclasses.replace(
        report,
        findings=tuple(
            dataclasses.replace(f, severity=Severity.CRITICAL)
            if (f.control_id, f.status) == ("SM-GOV-04", Status.FAIL)
            else f
            for f in report.findings
        ),
    )
    texts = [prometheus.render(r) for r in (report, report.without_passes(), waived, raised)]
    assert len({frozenset(_series(text)) for text in texts}) == 1

    def count(text: str, control: str, status: str, severity: str) -> float:
        [value] = [
            v
            for labels, v in _samples(text)["smaudit_findings"]
            if (labels["control"], labels["status"], labels.get("severity"))
            == (control, status, severity)
        ]
        return value

    before, _, after_waiver, after_raise = texts
    assert count(before, "SM-IA-01", "fail", "critical") == 1
    assert count(after_waiver, "SM-IA-01", "fail", "critical") == 0
    assert count(after_waiver, "SM-IA-01", "waived", "critical") == 1
    assert count(before, "SM-GOV-04", "fail", "medium") == 1
    assert count(after_raise, "SM-GOV-04", "fail", "medium") == 0
    assert count(after_raise, "SM-GOV-04", "fail", "critical") == 1


def test_per_account_series_only_when_asked(report: Report) -> None:
    assert "smaudit_account_compliant" not in _samples(render(report, "prometheus"))
    samples = _samples(prometheus.render(report.without_passes(), PER_ACCOUNT))
    compliant = {labels["account"]: value for labels, value in samples["smaudit_account_compliant"]}
    assert compliant == {"hq-x": 0, "hq-facebook": 1, "region-youtube": 0, "old-flickr": 1}
    assert sum(compliant.values()) == samples["smaudit_accounts_compliant"][0][1]


def test_label_values_are_escaped(report: Report) -> None:
    assert prometheus.escape('a\\b"c\nd') == 'a\\\\b\\"c\\nd'
    run = dataclasses.replace(report.run, profile='my "odd"\\profile\n')
    samples = _samples(prometheus.render(dataclasses.replace(report, run=run)))
    ((labels, value),) = samples["smaudit_run_info"]
    assert labels["profile"] == 'my "odd"\\profile\n' and value == 1


def test_no_sample_carries_a_timestamp(report: Report) -> None:
    for family in text_string_to_metric_families(render(report, "prometheus")):
        assert all(sample.timestamp is None for sample in family.samples)


def series_per_run(controls: int) -> int:
    """17 per control (pass and not applicable; fail, error and waived at 5 severities each),
    then the accounts, the compliant accounts, the time and the run's info."""
    return controls * (2 + 3 * len(Severity)) + 4


def test_the_number_of_series_does_not_grow_with_the_accounts(
    report: Report, scale_report: Report
) -> None:
    """By default the series are the catalogue's, whatever the number of accounts (10,224 at
    10,000 accounts before: one per account); per-account series add one per account."""
    large = prometheus.render(view(scale_report, "prometheus"))
    small = prometheus.render(view(report, "prometheus"))
    assert len(_series(small)) == series_per_run(len(report.controls))
    assert len(_series(large)) == series_per_run(len(scale_report.controls)) == 871
    opted = prometheus.render(view(scale_report, "prometheus"), PER_ACCOUNT)
    assert len(_series(opted)) == 871 + len(scale_report.inventory.accounts)
