"""Drift between two feeds made by the real pipeline: categories, scope changes, waivers, gate."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from smaudit.assessment.waivers import apply as apply_waivers
from smaudit.errors import InputError
from smaudit.exitcodes import ExitCode
from smaudit.formats import DRIFT_FORMATS, RenderOptions
from smaudit.formats.findings.jsonfeed import as_feed
from smaudit.formats.findings.markdown import MAX_CHARACTERS
from smaudit.model import Location, Severity, Waiver
from smaudit.reading.limits import Limits
from smaudit.runs import feed as feed_module
from smaudit.runs.compare import compare
from smaudit.runs.drift import Category, Drift, gate, summary_line
from smaudit.runs.feed import Feed, load_feed, parse_feed
from smaudit.schemas import load_schema
from tests.feeds import DAY1, DAY2, MFA, OFF, ON, SMS, document, inventory, report

Changes = set[tuple[str, str | None, str | None]]


def changes(drift: Drift) -> Changes:
    return {(e.category.value, e.control_id, e.account_id) for e in drift.entries}


def feed(doc: dict[str, Any], name: str = "feed.json") -> Feed:
    return parse_feed(doc, name)


def write_json(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


@pytest.fixture
def fix_and_regression(tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """Day 1: a fails MFA, b is fine, c has SMS only. Day 2: a fixed, b regressed, c unchanged."""
    day1 = inventory(tmp_path / "day1.yaml", {"a": OFF, "b": ON, "c": SMS})
    day2 = inventory(tmp_path / "day2.yaml", {"a": ON, "b": OFF, "c": SMS})
    return document(day1, DAY1), document(day2, DAY2)


def test_one_fix_and_one_regression_show_exactly_those(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    old, new = fix_and_regression
    drift = compare(feed(old), feed(new))
    assert changes(drift) == {
        ("new_failure", "SM-IA-01", "b"),
        ("fixed", "SM-IA-01", "a"),
        ("still_failing", "SM-IA-02", "c"),
    }
    assert [e.category for e in drift.entries] == [
        Category.NEW_FAILURE,
        Category.STILL_FAILING,
        Category.FIXED,
    ]
    new_failure = drift.entries[0]
    assert new_failure.severity is Severity.CRITICAL
    assert new_failure.message == "mfa.enabled is false; expected true"
    assert (
        summary_line(drift) == "2026-11-19 -> 2026-11-20: 1 new failure, 1 still failing, 1 fixed"
    )
    assert drift.notes == ()  # the feeds list their accounts


def test_sms_only_then_mfa_switched_off_is_worse_not_fixed(tmp_path: Path) -> None:
    # Day 1: SMS is the only second factor (SM-IA-02 fails). Day 2: MFA is switched off, so
    # SM-IA-02 no longer applies and SM-IA-01 fails: security got worse, nothing was fixed.
    day1 = inventory(tmp_path / "day1.yaml", {"c": SMS})
    day2 = inventory(tmp_path / "day2.yaml", {"c": OFF})
    drift = compare(feed(document(day1, DAY1)), feed(document(day2, DAY2)))
    assert changes(drift) == {
        ("new_failure", "SM-IA-01", "c"),
        ("no_longer_applies", "SM-IA-02", "c"),
    }
    gone = next(e for e in drift.entries if e.category is Category.NO_LONGER_APPLIES)
    assert gone.message.startswith(
        "the control no longer applies to the account: not a fix; the account now fails SM-IA-01"
    )
    assert drift.count(Category.FIXED) == 0
    assert gate(drift, fail_on_new=True, fail_on=Severity.LOW) is ExitCode.FINDINGS
    # the same when passes are listed: a not-applicable outcome is not a pass
    listed = document(day2, DAY2, include_passed=True)
    drift = compare(feed(document(day1, DAY1)), feed(listed))
    assert drift.count(Category.FIXED) == 0 and drift.count(Category.NO_LONGER_APPLIES) == 1


def test_without_account_lists_a_disappeared_failure_is_assumed_fixed_and_said_so(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    old, new = (copy.deepcopy(d) for d in fix_and_regression)
    for doc in (old, new):
        del doc["accounts"]  # as in a feed from before the account list
    drift = compare(feed(old, "old.json"), feed(new, "new.json"))
    assert changes(drift) == {
        ("new_failure", "SM-IA-01", "b"),
        ("fixed", "SM-IA-01", "a"),
        ("still_failing", "SM-IA-02", "c"),
    }
    fixed = next(e for e in drift.entries if e.category is Category.FIXED)
    assert "assumed passing" in fixed.message
    assert len(drift.notes) == 2 and "old.json" in drift.notes[0]


def test_passes_listed_say_how_it_was_fixed(tmp_path: Path) -> None:
    day1 = inventory(tmp_path / "day1.yaml", {"a": OFF})
    day2 = inventory(tmp_path / "day2.yaml", {"a": ON})
    drift = compare(
        feed(document(day1, DAY1, include_passed=True)),
        feed(document(day2, DAY2, include_passed=True)),
    )
    assert changes(drift) == {("fixed", "SM-IA-01", "a")}
    assert drift.entries[0].message == "now passes (was: mfa.enabled is false; expected true)"


def test_a_removed_account_is_not_a_fix(tmp_path: Path) -> None:
    day1 = inventory(tmp_path / "day1.yaml", {"a": OFF, "b": ON, "c": SMS})
    day2 = inventory(tmp_path / "day2.yaml", {"b": ON, "c": SMS})
    drift = compare(feed(document(day1, DAY1)), feed(document(day2, DAY2)))
    assert changes(drift) == {
        ("account_removed", None, "a"),
        ("still_failing", "SM-IA-02", "c"),
    }
    removed = drift.entries[1]
    assert removed.category is Category.ACCOUNT_REMOVED and removed.severity is None
    assert "1 failing finding" in removed.message


def test_an_added_account_with_failures_is_new_failures_too(tmp_path: Path) -> None:
    day1 = inventory(tmp_path / "day1.yaml", {"b": ON})
    day2 = inventory(tmp_path / "day2.yaml", {"b": ON, "d": OFF})
    drift = compare(feed(document(day1, DAY1)), feed(document(day2, DAY2)))
    assert changes(drift) == {("new_failure", "SM-IA-01", "d"), ("account_added", None, "d")}
    assert drift.entries[0].message.endswith("(new account)")


def test_a_new_control_is_added_and_its_failures_are_new(tmp_path: Path) -> None:
    inv = inventory(tmp_path / "inv.yaml", {"a": ON, "c": SMS})
    drift = compare(
        feed(document(inv, DAY1, controls=("SM-IA-01",))),
        feed(document(inv, DAY2, controls=MFA)),
    )
    assert changes(drift) == {
        ("new_failure", "SM-IA-02", "c"),
        ("control_added", "SM-IA-02", None),
    }
    added = next(e for e in drift.entries if e.category is Category.CONTROL_ADDED)
    assert added.message == "newly evaluated: 1 failed, 0 not assessed"
    assert drift.entries[0].message.endswith("(new control)")


def test_a_removed_control_drops_its_findings_without_calling_them_fixed(tmp_path: Path) -> None:
    inv = inventory(tmp_path / "inv.yaml", {"a": OFF, "c": SMS})
    drift = compare(
        feed(document(inv, DAY1, controls=MFA)),
        feed(document(inv, DAY2, controls=("SM-IA-01",))),
    )
    assert changes(drift) == {
        ("still_failing", "SM-IA-01", "a"),
        ("control_removed", "SM-IA-02", None),
    }


def test_newly_not_assessed(tmp_path: Path) -> None:
    day1 = inventory(tmp_path / "day1.yaml", {"a": ON})
    day2 = inventory(tmp_path / "day2.yaml", {"a": None})
    drift = compare(feed(document(day1, DAY1)), feed(document(day2, DAY2)))
    assert changes(drift) == {
        ("newly_not_assessed", "SM-IA-01", "a"),
        ("newly_not_assessed", "SM-IA-02", "a"),  # whether it applies depends on mfa too
    }
    assert gate(drift, True, Severity.LOW) is ExitCode.NOT_ASSESSED


def waiver(account: str, expires_on: dt.date, control: str = "SM-IA-01") -> Waiver:
    return Waiver(
        id="W-7",
        control_id=control,
        accounts=(account,),
        kind="risk_accepted",
        justification="The platform's MFA is broken for shared accounts until March.",
        approver_name="Pat Example",
        approver_role="Authorizing Official",
        ticket="POAM-42",
        granted_on=dt.date(2026, 11, 1),
        expires_on=expires_on,
        location=Location("waivers.yaml", 3, 5),
    )


def waived_feed(path: Path, as_of: dt.date, expires_on: dt.date) -> Feed:
    """The real pipeline with a waiver for account a's SM-IA-01 failure applied."""
    run = apply_waivers(report(path, as_of), [waiver("a", expires_on)], as_of)
    return as_feed(run)


def test_newly_waived_cites_the_waiver_but_not_the_approver(tmp_path: Path) -> None:
    inv = inventory(tmp_path / "inv.yaml", {"a": OFF})
    drift = compare(feed(document(inv, DAY1)), waived_feed(inv, DAY2, dt.date(2027, 1, 31)))
    assert changes(drift) == {("newly_waived", "SM-IA-01", "a")}
    message = drift.entries[0].message
    assert message.startswith("waived by W-7 (risk_accepted, ticket POAM-42, approved by the ")
    assert "expires 2027-01-31" in message and "Pat" not in message
    assert gate(drift, True, Severity.INFO) is ExitCode.CLEAN


def test_waiver_expired_yesterday_is_worse(tmp_path: Path) -> None:
    inv = inventory(tmp_path / "inv.yaml", {"a": OFF})
    old = waived_feed(inv, DAY1, expires_on=DAY1)
    new = waived_feed(inv, DAY2, expires_on=DAY1)
    drift = compare(old, new)
    assert changes(drift) == {("waiver_expired", "SM-IA-01", "a")}
    assert "waiver W-7 expired on 2026-11-19" in drift.entries[0].message
    assert gate(drift, True, Severity.CRITICAL) is ExitCode.FINDINGS
    # the night after, it is simply still failing
    assert changes(compare(new, waived_feed(inv, DAY2, DAY1))) == {
        ("still_failing", "SM-IA-01", "a")
    }


def test_hand_made_waiver_fields_are_read_defensively(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """A waived finding without its waiver object, and a waiver withdrawn from the file."""
    old, new = (copy.deepcopy(d) for d in fix_and_regression)
    still = next(f for f in new["findings"] if f["account_id"] == "c")
    still.update(status="waived", original_status="fail")
    drift = compare(feed(old), feed(new))
    assert ("newly_waived", "SM-IA-02", "c") in changes(drift)
    assert next(e for e in drift.entries if e.account_id == "c").message.startswith("waived: ")
    back = compare(feed(new), feed(old))
    regressed = next(e for e in back.entries if e.account_id == "c")
    assert regressed.category is Category.NEW_FAILURE and regressed.message.endswith("(was waived)")


def test_a_waived_finding_that_passes_no_longer_needs_its_waiver(tmp_path: Path) -> None:
    day1 = inventory(tmp_path / "day1.yaml", {"a": OFF})
    day2 = inventory(tmp_path / "day2.yaml", {"a": ON})
    drift = compare(waived_feed(day1, DAY1, dt.date(2027, 1, 1)), feed(document(day2, DAY2)))
    assert changes(drift) == {("fixed", "SM-IA-01", "a")}
    assert "waiver W-7 no longer needed" in drift.entries[0].message


@pytest.mark.parametrize(
    ("fail_on_new", "fail_on", "expected"),
    [
        (False, Severity.LOW, ExitCode.CLEAN),  # without --fail-on-new drift only informs
        (True, Severity.LOW, ExitCode.FINDINGS),
        (True, Severity.CRITICAL, ExitCode.FINDINGS),  # b's new failure is critical
    ],
)
def test_gate(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
    fail_on_new: bool,
    fail_on: Severity,
    expected: ExitCode,
) -> None:
    drift = compare(feed(fix_and_regression[0]), feed(fix_and_regression[1]))
    assert gate(drift, fail_on_new, fail_on) is expected


def test_gate_ignores_what_did_not_get_worse_and_what_is_below_the_threshold(
    tmp_path: Path,
) -> None:
    day1 = inventory(tmp_path / "day1.yaml", {"a": OFF, "c": ON})
    day2 = inventory(tmp_path / "day2.yaml", {"a": OFF, "c": SMS})  # high: SMS only
    drift = compare(feed(document(day1, DAY1)), feed(document(day2, DAY2)))
    assert changes(drift) == {
        ("still_failing", "SM-IA-01", "a"),
        ("new_failure", "SM-IA-02", "c"),
    }
    assert gate(drift, True, Severity.CRITICAL) is ExitCode.CLEAN
    assert gate(drift, True, Severity.HIGH) is ExitCode.FINDINGS


def test_notes_flag_swapped_files_and_a_different_profile(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    old, new = (feed(d) for d in fix_and_regression)
    other = dataclasses.replace(old.run, profile="gsa-2015")
    drift = compare(new, dataclasses.replace(old, run=other))
    assert any("wrong way round" in n for n in drift.notes)
    assert any("profiles differ (modern -> gsa-2015)" in n for n in drift.notes)


def test_load_feed_reads_what_check_writes(
    tmp_path: Path, fix_and_regression: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    loaded = load_feed(write_json(tmp_path / "old.json", fix_and_regression[0]))
    assert loaded.run.source == str(tmp_path / "old.json")
    assert loaded.accounts == {"a", "b", "c"} and loaded.accounts_complete
    assert loaded.controls == set(MFA)


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ('{\n  "schema_version": "1.0.0",\n  oops\n}', ":3:3:", "invalid JSON"),
        ("", ":1:1:", "invalid JSON"),
        ('{"smaudit": 1, "accounts": []}', ":1:1:", "missing required key 'schema_version'"),
    ],
)
def test_unusable_feeds_are_input_errors_with_a_location(
    tmp_path: Path, text: str, where: str, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_feed(path)
    assert f"{path}{where}" in str(caught.value) and message in str(caught.value)


def test_a_schema_violation_points_at_its_line(
    tmp_path: Path, fix_and_regression: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    doc = copy.deepcopy(fix_and_regression[0])
    doc["findings"][0]["severity"] = "urgent"
    path = write_json(tmp_path / "bad.json", doc)
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if '"urgent"' in text)
    with pytest.raises(InputError) as caught:
        load_feed(path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.message.split(":")[0]) == (line, "findings item 1, severity")


def test_a_repeated_fingerprint_is_refused(
    tmp_path: Path, fix_and_regression: tuple[dict[str, Any], dict[str, Any]]
) -> None:
    doc = copy.deepcopy(fix_and_regression[0])
    doc["findings"].append(doc["findings"][0])
    with pytest.raises(InputError, match=r"findings\[2\]: fingerprint repeats findings\[0\]"):
        load_feed(write_json(tmp_path / "dup.json", doc))


def test_missing_feed_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read file"):
        load_feed(tmp_path / "absent.json")


def test_json_drift_validates_against_the_shipped_schema(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    drift = compare(feed(fix_and_regression[0]), feed(fix_and_regression[1]))
    doc = json.loads(DRIFT_FORMATS["json"].render(drift, RenderOptions()))
    jsonschema.validate(doc, load_schema("drift"))
    assert doc["summary"]["new_failure"] == 1 and doc["summary"]["fixed"] == 1
    first = doc["entries"][0]
    assert first == {
        "category": "new_failure",
        "worse": True,
        "control_id": "SM-IA-01",
        "account_id": "b",
        "severity": "critical",
        "fingerprint": first["fingerprint"],
        "old_status": None,
        "new_status": "fail",
        "message": "mfa.enabled is false; expected true",
    }


def test_table_groups_by_category_worst_first(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    drift = compare(feed(fix_and_regression[0]), feed(fix_and_regression[1]))
    text = DRIFT_FORMATS["table"].render(drift, RenderOptions())
    headings = [line for line in text.splitlines() if line and not line.startswith(" ")]
    assert headings == [
        "NEW FAILURES  [1]",
        "STILL FAILING  [1]",
        "FIXED  [1]",
        summary_line(drift),
    ]
    assert text.splitlines()[1].split()[:3] == ["CRITICAL", "SM-IA-01", "b"]


def test_markdown_escapes_what_would_break_its_tables(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    old, new = (copy.deepcopy(d) for d in fix_and_regression)
    hostile = next(f for f in new["findings"] if f["account_id"] == "b")
    hostile["message"] = "a | b <img src=x> [link](http://x)\nnext"
    text = DRIFT_FORMATS["markdown"].render(compare(feed(old), feed(new)), RenderOptions())
    row = next(line for line in text.splitlines() if "`b`" in line)
    assert row == (
        "| critical | `SM-IA-01` | `b` | a \\| b &lt;img src=x&gt; \\[link\\](http:&#8203;//x) "
        "next |"
    )
    assert "### New failures (1)" in text and "### Fixed (1)" in text


def test_markdown_of_a_large_drift_fits_one_comment_and_counts_the_rest(
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    drift = compare(feed(fix_and_regression[0]), feed(fix_and_regression[1]))
    worse = next(e for e in drift.entries if e.category is Category.NEW_FAILURE)
    many = tuple(dataclasses.replace(worse, account_id=f"acct-{i:05d}") for i in range(5000))
    text = DRIFT_FORMATS["markdown"].render(
        dataclasses.replace(drift, entries=many), RenderOptions()
    )
    assert len(text) <= MAX_CHARACTERS
    shown = text.count("| `SM-IA-01` | `acct-")
    assert 100 < shown < 5000 and f"{5000 - shown} more not shown here" in text


def test_a_feed_larger_than_an_inventory_may_be_is_still_read(
    tmp_path: Path,
    fix_and_regression: tuple[dict[str, Any], dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A run of 10,000 accounts that are mostly not assessed writes a feed of 370 MB, above the
    # 256 MiB an input YAML file may be: feeds have their own, larger bound. Here the YAML
    # bound is made smaller than these small feeds instead.
    monkeypatch.setattr(feed_module, "DEFAULT_LIMITS", Limits(max_bytes=100))
    path = write_json(tmp_path / "old.json", fix_and_regression[0])
    assert load_feed(path).accounts == {"a", "b", "c"}
    broken = copy.deepcopy(fix_and_regression[0])
    del broken["run"]
    with pytest.raises(InputError, match="missing required key 'run'"):
        load_feed(write_json(tmp_path / "broken.json", broken))  # no line: not read as YAML
    monkeypatch.setattr(feed_module, "FEED_MAX_BYTES", 100)
    with pytest.raises(InputError, match="over the limit of 100 bytes"):
        load_feed(path)
