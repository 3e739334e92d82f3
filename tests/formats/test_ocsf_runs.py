"""OCSF through the CLI: the sample inventory, a run against a baseline that closes what was
fixed, and 10,000 accounts against what log shippers and SIEMs take in."""

from __future__ import annotations

import itertools
import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.formats import FORMATS, RenderOptions
from smaudit.model import Report, Status
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import ocsf_errors, view

LONGEST_LINE = 10_000
"""Bytes: Splunk cuts a line-broken event at TRUNCATE, 10,000 bytes unless configured."""


def _check(*args: str) -> None:
    result = CliRunner().invoke(cli, ["check", *args, "--as-of", AS_OF])
    assert result.exit_code == 1, result.output  # the sample has failures


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_the_sample_through_the_cli_in_both_forms(tmp_path: Path) -> None:
    array, lines = tmp_path / "ocsf.json", tmp_path / "ocsf.ndjson"
    _check(str(SAMPLES / "agency.yaml"), f"--output=ocsf:{array}", f"--output=ocsf-ndjson:{lines}")
    events = json.loads(array.read_text("utf-8"))
    assert events == _lines(lines)
    assert len(events) == 142 + 74 and not ocsf_errors(events)  # failed, not assessed
    assert {e["metadata"]["tenant_uid"] for e in events} == {"Department of Coastal Resilience"}
    assert {e["resources"][0]["namespace"] for e in events} == {str(SAMPLES / "agency.yaml")}
    assert {(e["activity_name"], e["status"]) for e in events} == {("Create", "New")}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


def test_a_run_against_a_baseline_closes_what_was_fixed(tmp_path: Path) -> None:
    """Turn MFA on for dcr-facebook-region2 (SM-IA-01 fixed, SM-IA-04 newly not assessed) and
    off for dcr-threads-main (SM-IA-01 fails anew; SM-IA-02, SMS only, no longer applies)."""
    inventory = tmp_path / "agency.yaml"
    shutil.copy(SAMPLES / "agency.yaml", inventory)
    _check(str(inventory), f"--output=json:{tmp_path / 'baseline.json'}")
    _edit(
        inventory,
        "# finding: SM-IA-01 two-factor authentication is off\n      enabled: false\n"
        "      methods: []",
        "enabled: true\n      methods: [security_key]",
    )
    _edit(
        inventory,
        "enabled: true\n      # finding: SM-IA-02 SMS to the OPA desk phone is the only second",
        "enabled: false\n      # finding: SM-IA-02 SMS to the OPA desk phone is the only second",
    )
    out = tmp_path / "ocsf.ndjson"
    _check(
        str(inventory), "--baseline", str(tmp_path / "baseline.json"), f"--output=ocsf-ndjson:{out}"
    )
    events = _lines(out)
    assert not ocsf_errors(events)
    changed = {
        (e["compliance"]["control"], e["resources"][0]["uid"]): (e["activity_name"], e["status"])
        for e in events
        if e["activity_name"] != "Update"
    }
    assert changed == {
        ("SM-IA-01", "dcr-facebook-region2"): ("Close", "Resolved"),
        ("SM-IA-02", "dcr-threads-main"): ("Close", "Archived"),
        ("SM-IA-01", "dcr-threads-main"): ("Create", "New"),
        ("SM-IA-04", "dcr-facebook-region2"): ("Create", "New"),
    }
    assert Counter(e["activity_name"] for e in events) == {"Update": 214, "Create": 2, "Close": 2}


def test_ten_thousand_accounts_one_event_a_line_within_a_shippers_limits(
    scale_report: Report, scale_repository: Path
) -> None:
    """Every failure, waiver and not-assessed evaluation is an event (none dropped), each line
    stays well under Splunk's default line limit, and one event of each control and verdict
    validates against the schema (all 100,000 would take minutes)."""
    report = view(scale_report, "ocsf-ndjson")
    options = RenderOptions(source_root=scale_repository)
    chunks = FORMATS["ocsf-ndjson"].stream
    assert chunks is not None
    count, longest = 0, 0
    sample: dict[tuple[str, int], dict[str, Any]] = {}
    for line in itertools.chain.from_iterable(c.splitlines() for c in chunks(report, options)):
        count, longest = count + 1, max(longest, len(line))
        event = json.loads(line)
        sample.setdefault((event["compliance"]["control"], event["compliance"]["status_id"]), event)
    attention = (Status.FAIL, Status.ERROR, Status.WAIVED)
    assert count == sum(scale_report.count(s) for s in attention) > 100_000
    assert longest < LONGEST_LINE
    assert {status for _, status in sample} == {2, 3}  # the failures and the not assessed
    assert not ocsf_errors(list(sample.values()))
