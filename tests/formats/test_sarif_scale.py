"""SARIF at 10,000 accounts: within GitHub code scanning's documented limits, nothing dropped.

GitHub rejects a file over 10 MB gzipped or with more than 20 runs, and stores only the 5,000
most severe results of a run (docs: "SARIF results exceed one or more limits")."""

from __future__ import annotations

import contextlib
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from smaudit.formats import RenderOptions
from smaudit.formats.findings import sarif
from smaudit.model import Report, Status
from tests.formats.conftest import view

UPLOAD_LIMIT = 10 * 1024 * 1024
"""GitHub's limit on a SARIF upload, gzip-compressed."""


@pytest.fixture(scope="module")
def scale_sarif(scale_report: Report, scale_repository: Path) -> tuple[str, dict[str, Any]]:
    """Rendered where it was loaded, in the repository's root, as the CLI does."""
    options = RenderOptions(source_root=scale_repository)
    with contextlib.chdir(scale_repository):
        text = sarif.render(view(scale_report, "sarif"), options)
    return text, json.loads(text)


def test_the_upload_is_within_githubs_limits(scale_sarif: tuple[str, dict[str, Any]]) -> None:
    text, doc = scale_sarif
    assert len(gzip.compress(text.encode("utf-8"))) < UPLOAD_LIMIT
    assert len(doc["runs"]) <= 20
    assert all(len(run["results"]) <= sarif.RESULTS_PER_RUN for run in doc["runs"])
    assert all(len(run["tool"]["driver"]["rules"]) <= 25_000 for run in doc["runs"])


def test_no_finding_is_dropped(scale_report: Report, scale_sarif: tuple[str, Any]) -> None:
    """Each failure, not-assessed and waived finding is a result, or listed in a roll-up."""
    _, doc = scale_sarif
    listed = {
        (f.control_id, f.account_id)
        for f in scale_report.findings
        if f.status in (Status.FAIL, Status.ERROR, Status.WAIVED)
    }
    assert len(listed) > 25_000  # more than one run could hold: the case the issue found
    shown = set()
    for run in doc["runs"]:
        for result in run["results"]:
            control = result["ruleId"].split("/")[0]
            accounts = result["properties"].get("accounts")
            if accounts is None:
                shown.add((control, result["properties"]["account_id"]))
            else:
                shown |= {(control, a["account_id"]) for a in accounts}
    assert shown == listed


def test_every_location_is_relative_to_the_repository(scale_sarif: tuple[str, Any]) -> None:
    _, doc = scale_sarif
    uris = {
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for run in doc["runs"]
        for result in run["results"]
    }
    assert uris == {"inventory/accounts.yaml"}
