"""What every format owes its readers: exact text (golden files), no staff personal data, and
waived findings handled. Each format's own rules are in test_<format>.py."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from smaudit.assessment import waivers
from smaudit.formats import FORMATS, RenderOptions
from smaudit.formats.findings import (
    csv,
    junit,
    ndjson,
    ocsf_events,
    oscal,
    prometheus,
    sarif,
    table,
)
from smaudit.formats.findings.html import view as html_view
from smaudit.model import Report, Status
from tests.formats.conftest import (
    AS_OF,
    DATA,
    PERSONAL,
    PLACES,
    a_waiver,
    check_golden,
    render,
)

# one golden file per format; the extension is what a user would name the file
GOLDEN_NAMES = {
    "sarif": "sarif.sarif",
    "junit": "junit.xml",
    "oscal": "oscal.json",
    "oscal-plan": "oscal-plan.json",
    "ocsf": "ocsf.json",
    "ocsf-ndjson": "ocsf.ndjson",
    "csv": "findings.csv",
    "markdown": "summary.md",
    "markdown-comment": "summary.comment.md",
    "ndjson": "findings.ndjson",
    "prometheus": "smaudit.prom",
    "gitlab": "gl-code-quality-report.json",
    "html": "report.html",
    "concise": "findings.concise.txt",
}
MODULES_WITH_VERSION = (sarif, junit, oscal, ocsf_events, csv, ndjson, prometheus, html_view)
# formats that carry finding messages (the Prometheus metrics carry only ids and counts, the
# OSCAL assessment plan only what the run was set to check)
WITH_MESSAGES = sorted(set(FORMATS) - {"prometheus", "oscal-plan"})


@pytest.mark.parametrize("name", sorted(GOLDEN_NAMES))
def test_golden(name: str, report: Report, monkeypatch: pytest.MonkeyPatch) -> None:
    """Regenerate with `SMAUDIT_UPDATE_GOLDEN=1 pytest tests/formats`, then review the diff."""
    for module in MODULES_WITH_VERSION:  # a release must not rewrite every golden file
        if hasattr(module, "__version__"):
            monkeypatch.setattr(module, "__version__", "0.0.0-golden")
    check_golden(GOLDEN_NAMES[name], render(report, name))


def test_every_format_has_a_golden_file() -> None:
    assert set(GOLDEN_NAMES) == set(FORMATS) - {"table", "json"}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_no_personal_data_by_default(name: str, report: Report) -> None:
    text = render(report, name)
    assert not [p for p in PERSONAL if p in text]


@pytest.mark.parametrize("name", WITH_MESSAGES)
def test_personal_data_only_when_asked(name: str, personal_report: Report) -> None:
    """The check above is not vacuous: the owner's address does reach outputs when asked."""
    assert "jane.doe" in render(personal_report, name)


def _waived(report: Report) -> Report:
    return waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF)


@pytest.mark.parametrize("name", sorted(GOLDEN_NAMES))
def test_a_waived_failure_is_shown_as_waived_not_failed(name: str, report: Report) -> None:
    waived = _waived(report)
    assert [f.status for f in waived.findings if f.account_id == "hq-x"].count(Status.WAIVED) == 1
    text = render(waived, name)
    assert "Pat Approver" not in text  # the approver's name is personal data too
    if name in ("junit", "markdown", "ocsf", "ocsf-ndjson", "oscal", "sarif", "gitlab", "html"):
        assert "W-1" in text
    elif name in ("csv", "ndjson", "prometheus"):
        assert "waived" in text


def test_no_format_breaks_on_an_empty_report(report: Report) -> None:
    empty = dataclasses.replace(report, findings=(), passes_listed=False)
    for name in FORMATS:
        text = FORMATS[name].render(empty, RenderOptions())
        assert text.endswith("\n") or (name in ("ndjson", "ocsf-ndjson", "concise") and text == "")


def test_the_expected_places_are_where_the_inventory_says_so(report: Report) -> None:
    """The fixture's PLACES name the lines a reader would go to; the engine agrees."""
    lines = {
        name: (DATA / name).read_text("utf-8").splitlines()
        for name in ("inventory/agency.yaml", "inventory/regional.yaml")
    }
    assert lines["inventory/agency.yaml"][25].strip() == "enabled: false"
    assert lines["inventory/agency.yaml"][22].strip() == "owner: jdoe"
    assert lines["inventory/regional.yaml"][3].strip() == "- id: region-youtube"
    attention = report.without_passes().findings
    found = {(f.control_id, f.account_id): f.field_location or f.location for f in attention}
    assert {k: (v.file, v.line, v.column) for k, v in found.items()} == PLACES


def test_the_table_shows_account_ids_as_written(report: Report) -> None:
    # tabulate, which laid the table out before, read ids that look like numbers as numbers
    odd = [
        dataclasses.replace(f, account_id=name)
        for f, name in zip(report.findings, ["1e5", "0012", "1_000"], strict=False)
    ]
    text = table.render(dataclasses.replace(report, findings=tuple(odd)))
    for name in ("    1e5  ", "    0012  ", "    1_000  "):
        assert name in text
