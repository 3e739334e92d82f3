"""SARIF alerts keep their identity across edits of the inventory, as GitHub keys them: by
category, rule and primaryLocationLineHash. The sample through the CLI, edited as users do."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.formats.findings import sarif_parts
from smaudit.model import Finding, Location, Severity, Status
from tests.conftest import AS_OF, SAMPLES

Alert = tuple[str, str, str]
"""(category, ruleId, primaryLocationLineHash): what GitHub tells one alert from another."""


def _alerts(inventory: Path) -> dict[Alert, tuple[str, str]]:
    """Each alert of a run over `inventory`, with the account it is about and its status."""
    args = ["check", str(inventory), "--as-of", AS_OF, "--format", "sarif"]
    args += ["--source-root", str(inventory.parent)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    alerts = {}
    for run in json.loads(result.stdout)["runs"]:
        category = run["automationDetails"]["id"].rsplit("/", 1)[0]
        for found in run["results"]:
            key = (
                category,
                found["ruleId"],
                found["partialFingerprints"]["primaryLocationLineHash"],
            )
            alerts[key] = (found["properties"]["account_id"], found["properties"]["status"])
    return alerts


def _sample(tmp_path: Path, edit: str = "") -> Path:
    path = tmp_path / "agency.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (SAMPLES / "agency.yaml").read_text("utf-8")
    path.write_text(text.replace("accounts:\n", "accounts:\n" + edit, 1), "utf-8")
    return path


ADDED = """\
  - id: dcr-x-new-office
    platform: x
    handle: DCRnew
    status: active
    account_type: official
    owner: mrivera
    created_on: 2026-01-05
    mfa: {enabled: false}

"""


def test_one_added_account_rekeys_no_other_alert(tmp_path: Path) -> None:
    before = _alerts(_sample(tmp_path / "before"))
    after = _alerts(_sample(tmp_path / "after", ADDED))
    # every line below the insertion moved, and no alert of another account changed its key
    assert set(before) <= set(after)
    assert {account for key, (account, _) in after.items() if key not in before} == {
        "dcr-x-new-office"
    }


def _without_mfa(text: str, account: str) -> str:
    """The account's `mfa:` block (a mapping on its own lines, or inline) taken out."""
    head, rest = text.split(f"  - id: {account}\n", 1)
    body, tail = re.split(r"(?m)^(?=  - id: |\S)", rest, maxsplit=1)
    body = re.sub(r"(?m)^    mfa:.*\n(?:      .*\n)*", "", body)
    return f"{head}  - id: {account}\n{body}{tail}"


def test_deleting_an_mfa_block_keeps_the_alert_open(tmp_path: Path) -> None:
    before = _alerts(_sample(tmp_path / "before"))
    failing = sorted(
        (key, account)
        for key, (account, status) in before.items()
        if key[1].startswith("SM-IA-01/") and status == "fail"
    )
    assert failing, "the sample has an account failing the MFA control on its mfa block"
    (key, account), *_ = failing
    edited = tmp_path / "edited" / "agency.yaml"
    edited.parent.mkdir()
    edited.write_text(_without_mfa(_sample(tmp_path / "base").read_text("utf-8"), account), "utf-8")
    body = edited.read_text("utf-8").split(f"- id: {account}\n")[1].split("\n  - id: ")[0]
    assert "\n    mfa:" not in body
    # the same alert, now not assessed, still open
    assert _alerts(edited).get(key) == (account, "error")


def _finding(account: str, severity: Severity, status: Status = Status.FAIL) -> Finding:
    place = Location("inventory.yaml", 3, 5)
    return Finding("SM-IA-01", account, "x", status, severity, "m", (), place, 0)


def test_a_results_part_depends_on_its_own_fingerprint_only() -> None:
    findings = [_finding(f"acct-{n}", Severity.HIGH) for n in range(200)]
    parts = sarif_parts.layout(findings).parts
    where = {f.fingerprint: i for i, part in enumerate(parts) for f in part}
    more = sarif_parts.layout([_finding("acct-new", Severity.HIGH), *findings]).parts
    assert {
        f.fingerprint: i for i, part in enumerate(more) for f in part if f.account_id != "acct-new"
    } == where


def test_what_does_not_fit_is_rolled_up_worst_severities_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sarif_parts, "RESULTS_PER_RUN", 3)
    critical = [_finding(f"c-{n}", Severity.CRITICAL) for n in range(20)]
    medium = [_finding(f"m-{n}", Severity.MEDIUM) for n in range(200)]
    waived = [_finding(f"w-{n}", Severity.MEDIUM, Status.WAIVED) for n in range(5)]
    plan = sarif_parts.layout([*critical, *medium, *waived], parts=20)
    assert plan.detailed == (Severity.CRITICAL, Severity.HIGH)  # none high: that fits too
    entries = [e for part in plan.parts for e in part]
    rollups = [e for e in entries if isinstance(e, sarif_parts.RollUp)]
    assert sorted((r.severity, r.waived, len(r.findings)) for r in rollups) == [
        (Severity.MEDIUM, False, 200),
        (Severity.MEDIUM, True, 5),
    ]
    assert {e.account_id for e in entries if isinstance(e, Finding)} == {
        f.account_id for f in critical
    }
    assert all(len(part) <= 3 for part in plan.parts)
