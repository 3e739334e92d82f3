"""evaluate(): outcomes, scope, evidence, locations and counts on hand-written inventories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from smaudit.assessment.engine import Options, evaluate
from smaudit.catalogue.load import load_catalogue
from smaudit.inventory import load_inventory
from smaudit.model import Severity, Status, fingerprint
from smaudit.safety.redact import pseudonym
from tests.conftest import CONTROLS, generator

Write = Callable[..., Path]
CATALOGUE = load_catalogue(CONTROLS)
AS_OF = dt.date(2026, 11, 20)
PARAMS = {"allowed_email_domains": ["example.gov"], "max_admins": 3}


def run(path: Path, *ids: str, **options: object):  # type: ignore[no-untyped-def]
    controls = [CATALOGUE.controls[i] for i in ids]
    opts = Options(include_passed=True, **options)  # type: ignore[arg-type]
    return evaluate(load_inventory([path]), controls, AS_OF, PARAMS, opts)


def test_outcomes_scope_and_counts(write: Write) -> None:
    path = write("""\
        accounts:
          - {id: on, platform: x, status: active, mfa: {enabled: true, methods: [totp]}}
          - {id: off, platform: x, status: active, mfa: {enabled: false}}
          - {id: unknown, platform: x, status: active}
          - {id: gone, platform: x, status: retired, mfa: {enabled: false}}
          - {id: blank, platform: x, mfa: {enabled: false}}
        """)
    report = run(path, "SM-IA-01")
    assert {f.account_id: f.status for f in report.findings} == {
        "on": Status.PASS,
        "off": Status.FAIL,
        "unknown": Status.ERROR,
        "gone": Status.NOT_APPLICABLE,
        # no status: the control covers active and dormant accounts, so whether it applies
        # cannot be decided; assuming either way would report a failure or hide one
        "blank": Status.ERROR,
    }
    blank = next(f for f in report.findings if f.account_id == "blank")
    assert blank.message == (
        "not assessed: status missing (needed to decide whether this control applies: "
        "it covers status active, dormant)"
    )
    assert report.counts == {
        Status.PASS: 1,
        Status.FAIL: 1,
        Status.ERROR: 2,
        Status.NOT_APPLICABLE: 1,
    }
    assert report.counts_by_severity[Severity.CRITICAL][Status.FAIL] == 1
    assert report.failed_at_or_above(Severity.CRITICAL) == 1


def test_findings_carry_evidence_locations_and_stable_fingerprints(write: Write) -> None:
    path = write("""\
        accounts:
          - id: a1
            platform: x
            status: active
            mfa:
              enabled: false
        """)
    (finding,) = run(path, "SM-IA-01").findings
    assert finding.message == "mfa.enabled is false; expected true"
    assert (finding.location.line, finding.location.column) == (6, 5)
    assert finding.field_location is not None and finding.field_location.line == 10
    (evidence,) = finding.evidence
    assert (evidence.path, evidence.actual, evidence.expected, evidence.outcome) == (
        "mfa.enabled",
        False,
        "true",
        Status.FAIL,
    )
    assert finding.fingerprint == fingerprint("SM-IA-01", "a1") != fingerprint("SM-IA-01", "a2")


def test_passes_are_counted_but_not_listed_by_default(write: Write) -> None:
    path = write("accounts: [{id: a1, platform: x, status: active, mfa: {enabled: true}}]\n")
    inventory = load_inventory([path])
    report = evaluate(inventory, [CATALOGUE.controls["SM-IA-01"]], AS_OF, PARAMS)
    assert report.findings == () and report.counts == {Status.PASS: 1}


def test_personal_data_is_masked_in_evidence_unless_asked(write: Write) -> None:
    path = write("""\
        people:
          - {id: jd, name: Jane Doe, email: jane.doe@gmail.com, employment: federal,
             status: active}
        accounts: [{id: a1, platform: x, status: active, owner: jd}]
        """)
    (finding,) = run(path, "SM-GOV-03").findings
    assert finding.status is Status.FAIL
    assert finding.message == (
        f"owner ({pseudonym('jd')}).email is j***@gmail.com; expected an address on example.gov "
        "(or a subdomain)"
    )
    (shown,) = run(path, "SM-GOV-03", show_personal_data=True).findings
    assert "jane.doe@gmail.com" in shown.message


def test_severity_by_profile_override(write: Write) -> None:
    path = write("accounts: [{id: a1, platform: x, mfa: {enabled: false}}]\n")
    report = run(path, "SM-IA-01", severity_overrides={"SM-IA-01": Severity.HIGH})
    assert report.findings[0].severity is Severity.HIGH


def test_evaluation_is_deterministic(write: Write) -> None:
    path = write("""\
        accounts:
          - {id: b, platform: x, mfa: {enabled: false}}
          - {id: a, platform: x, mfa: {enabled: false}}
        """)
    fixed = {"run_id": "r", "started_at": dt.datetime(2026, 11, 20, tzinfo=dt.UTC)}
    first, second = run(path, "SM-IA-01", **fixed), run(path, "SM-IA-01", **fixed)
    assert first == second
    assert [f.account_id for f in first.findings] == ["a", "b"]


def test_capability_the_platform_lacks_makes_the_control_not_applicable(write: Write) -> None:
    from smaudit.assessment.planner import plan

    path = write("""\
        accounts:
          - {id: ig, platform: instagram, status: active, tier: high-impact,
             mfa: {enabled: true, methods: [totp]}}
          - {id: x1, platform: x, status: active, tier: high-impact,
             mfa: {enabled: true, methods: [totp]}}
        """)
    run_ = plan([path], select=["SM-IA-03"])
    report = evaluate(
        run_.inventory, run_.controls, AS_OF, run_.parameters, Options(include_passed=True)
    )
    status = {f.account_id: f.status for f in report.findings}
    assert status == {"ig": Status.NOT_APPLICABLE, "x1": Status.FAIL}
    # the agency corrects the shipped data: its contract adds security keys on Instagram
    path.write_text(
        path.read_text().replace(
            "  email_domains: [example.gov]\n",
            "  email_domains: [example.gov]\n"
            "  platform_capabilities: {instagram: {security_keys: true}}\n",
        )
    )
    run_ = plan([path], select=["SM-IA-03"])
    report = evaluate(
        run_.inventory, run_.controls, AS_OF, run_.parameters, Options(include_passed=True)
    )
    assert {f.account_id: f.status for f in report.findings}["ig"] is Status.FAIL


def _cyclic_garbage(inventory: Path) -> int:
    """How many objects evaluating leaves in reference cycles (only the cyclic collector frees
    those, and `smaudit` runs without it: cli/app.py)."""
    import gc

    from smaudit.assessment.planner import plan

    run = plan([inventory], as_of=dt.date(2026, 11, 20))
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        evaluate(run.inventory, run.controls, dt.date(2026, 11, 20), run.parameters, Options())
        gc.collect()
        return len(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


def test_evaluating_more_accounts_leaves_no_more_reference_cycles(tmp_path: Path) -> None:
    # A cycle per account or finding is memory a run keeps to its end: found in the compiled
    # modules, where a nested function shared its scope with a generator (one per finding).
    generate = generator()
    counts = []
    for n in (200, 600):
        path = tmp_path / f"inventory-{n}.yaml"
        path.write_text("".join(generate.to_yaml(generate.inventory(n, 3))), encoding="utf-8")
        counts.append(_cyclic_garbage(path))
    # the checks' own closures are a few hundred objects, a few tuples more or less as the
    # collector untracks them; 400 more accounts with a cycle each would be thousands
    assert counts[1] - counts[0] < 40, f"cycles grow with accounts: {counts}"
