"""The worklist is the run's own not-assessed results regrouped: checked against the JSON feed
of the same run, read by another route (its evidence and messages)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from smaudit.assessment.engine import Options, evaluate
from smaudit.assessment.planner import plan
from smaudit.assessment.todo import Worklist, worklist
from smaudit.formats import FORMATS, RenderOptions
from smaudit.model import Report
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_accounts" / "agency.yaml"
AS_OF = dt.date(2026, 11, 20)
BLUESKY_GAP = "    third_party_apps: []\n    # finding: SM-GOV-06 pilot"


def _report(path: Path) -> Report:
    chosen = plan([path], as_of=AS_OF)
    options = Options(profile=chosen.profile_name, severity_overrides=chosen.severity_overrides)
    return evaluate(chosen.inventory, chosen.controls, AS_OF, chosen.parameters, options)


@pytest.fixture(scope="module")
def sample() -> tuple[Report, Worklist]:
    report = _report(SAMPLE)
    return report, worklist(report)


def _feed_fields(report: Report) -> Counter[str]:
    """Checks waiting on each field, as the feed shows them: the evidence a check could not
    judge, or the field a scope message names."""
    feed = json.loads(FORMATS["json"].render(report, RenderOptions()))
    counted: Counter[str] = Counter()
    for finding in feed["findings"]:
        if finding["status"] != "error":
            continue
        paths = {re.sub(r"\[\d+\]", "[]", e["path"]) for e in finding["evidence"]}
        paths &= {
            re.sub(r"\[\d+\]", "[]", e["path"])
            for e in finding["evidence"]
            if e["outcome"] == "error"
        }
        if not paths:
            said = re.match(r"not assessed: (\S+) missing \(needed to decide", finding["message"])
            assert said, finding["message"]
            paths = {said[1]}
        counted.update(paths)
    return counted


def test_every_not_assessed_check_is_counted_once(sample: tuple[Report, Worklist]) -> None:
    report, work = sample
    assert work.not_assessed == report.counts.get("error") == 73
    assert sum(o.checks for o in work.owners) == 73


def test_the_checks_per_field_match_the_feed(sample: tuple[Report, Worklist]) -> None:
    report, work = sample
    from_worklist: Counter[str] = Counter()
    for owner in work.owners:
        for task in owner.tasks:
            from_worklist[task.field] += task.checks
    assert from_worklist == _feed_fields(report)
    assert from_worklist["credentials.holders[].mfa.enabled"] == 37


def test_owners_and_tasks_come_most_checks_first(sample: tuple[Report, Worklist]) -> None:
    _, work = sample
    assert work.owners[0].owner is None  # the accounts with no owner come first
    named = [o.checks for o in work.owners[1:]]
    assert named == sorted(named, reverse=True)
    for owner in work.owners:
        assert [t.checks for t in owner.tasks] == sorted(
            (t.checks for t in owner.tasks), reverse=True
        )
        # a roster person by pseudonym, an inline owner by masked address: never in clear
        name = owner.owner or "person-(the sample's one account with no owner)"
        assert name.startswith("person-") or "***@" in name
    assert [o.owner for o in work.owners[1:]].count(None) == 0


def test_filling_a_field_takes_it_off_the_list(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    assert BLUESKY_GAP in text
    filled = tmp_path / "agency.yaml"
    filled.write_text(
        text.replace(
            BLUESKY_GAP, "    mfa: {enabled: true, methods: [security_key]}\n" + BLUESKY_GAP
        ),
        encoding="utf-8",
    )
    before = worklist(_report(SAMPLE))
    after = worklist(_report(filled))

    def lacking(work: Worklist, field: str) -> set[str]:
        return {a for o in work.owners for t in o.tasks if t.field == field for a in t.accounts}

    assert "dcr-bluesky-main" in lacking(before, "mfa.enabled")
    assert "dcr-bluesky-main" not in lacking(after, "mfa.enabled")
    assert after.not_assessed < before.not_assessed


def test_an_inventory_with_nothing_missing_has_no_tasks() -> None:
    report = _report(SAMPLE)
    clean = dataclasses.replace(report, findings=())
    assert worklist(clean).owners == ()


def test_owners_are_named_by_roster_id_only_when_asked(sample: tuple[Report, Worklist]) -> None:
    report, _ = sample
    shown = worklist(report, show_personal_data=True)
    named = {o.owner for o in shown.owners}
    assert "jchen" in named and all("***" not in (n or "") for n in named)
    assert shown.personal_data_shown


def test_a_source_without_a_date_is_asked_for_where_it_is_written(tmp_path: Path) -> None:
    """The check reads `evidence[0].source.recorded_on` through the account; the date is
    written in the inventory's `sources` (a reviewer found the worklist naming the first)."""
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(
        "smaudit: 1\nagency: {name: X}\nsources:\n  - {id: t, system: spreadsheet}\n"
        "accounts:\n  - id: a\n    platform: x\n    status: active\n"
        "    evidence:\n      - source: t\n",
        encoding="utf-8",
    )
    fields = {t.field for o in worklist(_report(inventory)).owners for t in o.tasks}
    assert "sources[].recorded_on" in fields
    assert not any(f.startswith("evidence[") for f in fields)
