"""Prometheus text: prometheus_client's parser reads it; the numbers add up."""

from __future__ import annotations

import dataclasses

import pytest
from prometheus_client.parser import text_string_to_metric_families

from smaudit.formats.findings import prometheus
from smaudit.model import Report, Status
from tests.formats.conftest import STARTED_AT, prometheus_errors, render


def _samples(text: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    return {
        family.name: [(s.labels, s.value) for s in family.samples]
        for family in text_string_to_metric_families(text)
    }


def test_parses_and_names_every_metric_once(report: Report) -> None:
    text = render(report, "prometheus")
    samples = _samples(text)
    assert list(samples) == [
        "smaudit_findings",
        "smaudit_account_compliant",
        "smaudit_accounts",
        "smaudit_last_run_timestamp_seconds",
        "smaudit_run_info",
    ]
    for name in samples:
        assert text.count(f"# HELP {name} ") == text.count(f"# TYPE {name} gauge") == 1
    assert samples["smaudit_accounts"] == [({}, 4.0)]
    assert samples["smaudit_last_run_timestamp_seconds"] == [({}, STARTED_AT.timestamp())]


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


def test_an_account_is_compliant_only_with_no_failure_and_nothing_unassessed(
    report: Report,
) -> None:
    samples = _samples(render(report, "prometheus"))["smaudit_account_compliant"]
    compliant = {labels["account"]: value for labels, value in samples}
    assert compliant == {"hq-x": 0, "hq-facebook": 1, "region-youtube": 0, "old-flickr": 1}


def test_label_values_are_escaped(report: Report) -> None:
    assert prometheus.escape('a\\b"c\nd') == 'a\\\\b\\"c\\nd'
    run = dataclasses.replace(report.run, profile='my "odd"\\profile\n')
    samples = _samples(prometheus.render(dataclasses.replace(report, run=run)))
    ((labels, value),) = samples["smaudit_run_info"]
    assert labels["profile"] == 'my "odd"\\profile\n' and value == 1


def test_no_sample_carries_a_timestamp(report: Report) -> None:
    for family in text_string_to_metric_families(render(report, "prometheus")):
        assert all(sample.timestamp is None for sample in family.samples)
