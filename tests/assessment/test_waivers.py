"""Waivers: exact matching, expiry, unused waivers, horizon cap, and how every output shows them."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from smaudit.assessment.waivers import load_waivers
from smaudit.cli.app import cli
from smaudit.errors import InputError
from smaudit.schemas import load_schema

Write = Callable[..., Path]
INVENTORY = """\
accounts:
  - {id: x-main, platform: x, status: active, mfa: {enabled: false}}
  - {id: x-main-2, platform: x, status: active, mfa: {enabled: false}}
  - {id: fb, platform: facebook, status: active, mfa: {enabled: true}}
"""


def waiver(expires: str, accounts: str = "[x-main]", extra: str = "") -> str:
    return f"""\
smaudit_waivers: 1
waivers:
  - id: W-1
    control: SM-IA-01
    accounts: {accounts}
    kind: risk_accepted
    justification: The platform migration completes next quarter.
    approver: {{name: Morgan Alvarez, role: Authorizing Official}}
    ticket: POAM-7
    granted_on: 2026-06-01
    expires_on: {expires}
{extra}"""


def run(runner: CliRunner, inventory: Path, waivers: Path, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    result = runner.invoke(
        cli,
        [
            "check",
            str(inventory),
            "--as-of",
            "2026-11-20",
            "--select",
            "SM-IA-01",
            "--format",
            "json",
            "--waivers",
            str(waivers),
            *extra,
        ],
    )
    feed = json.loads(result.stdout)
    jsonschema.validate(feed, load_schema("findings"))
    return result.exit_code, feed


def test_waiver_hides_exactly_its_accounts(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY)
    waivers = write(waiver("2027-01-31"), name="waivers.yaml", header=False)
    code, feed = run(runner, inventory, waivers)
    status = {f["account_id"]: f["status"] for f in feed["findings"]}
    # x-main-2 shares the prefix of the waived id and stays a failure
    assert status == {"x-main": "waived", "x-main-2": "fail"}
    waived = next(f for f in feed["findings"] if f["status"] == "waived")
    assert waived["original_status"] == "fail"
    assert waived["waiver"]["ticket"] == "POAM-7"
    assert waived["waiver"]["approver"] == "M. A."  # a name is personal data
    assert feed["summary"]["waived"] == 1 and feed["summary"]["fail"] == 1
    assert code == 1


def test_expired_waiver_hides_nothing_and_says_when(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY.replace("x-main-2", "other"))
    waivers = write(waiver("2026-11-19", "[x-main, other]"), name="waivers.yaml", header=False)
    code, feed = run(runner, inventory, waivers)
    finding = next(f for f in feed["findings"] if f["account_id"] == "x-main")
    assert finding["status"] == "fail" and finding["waiver_expired"] is True
    assert "waiver W-1 expired on 2026-11-19" in finding["message"]
    assert feed["waivers"]["expired"] == ["W-1"]
    assert code == 1


def test_unused_waiver_and_fail_on_expired(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY)
    waivers = write(
        waiver("2027-01-31", "[x-main, x-main-2, fb, x-mai]"), name="w.yaml", header=False
    )
    code, feed = run(runner, inventory, waivers)
    assert code == 0  # every failure is waived
    assert feed["waivers"]["unused"] == []  # W-1 matched something
    expired = write(waiver("2026-11-01", "[x-main, x-main-2]"), name="e.yaml", header=False)
    unused = write(waiver("2027-01-31", "[nobody]"), name="u.yaml", header=False)
    assert run(runner, inventory, unused)[1]["waivers"]["unused"][0]["id"] == "W-1"
    assert run(runner, inventory, expired)[0] == 1
    ok = write(INVENTORY.replace("enabled: false", "enabled: true"), name="ok.yaml")
    assert run(runner, ok, expired)[0] == 0  # nothing failed: the expired waiver matched nothing
    assert (
        run(runner, inventory, expired, "--fail-on-expired-waivers", "--fail-on", "critical")[0]
        == 1
    )


def test_ignore_waivers_for_assessors(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY)
    waivers = write(waiver("2027-01-31", "[x-main, x-main-2]"), name="waivers.yaml", header=False)
    assert run(runner, inventory, waivers)[0] == 0
    code, feed = run(runner, inventory, waivers, "--ignore-waivers")
    assert code == 1 and feed["summary"]["waived"] == 0


def test_table_shows_the_waiver(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY)
    waivers = write(waiver("2027-01-31"), name="waivers.yaml", header=False)
    result = runner.invoke(
        cli,
        [
            "check",
            str(inventory),
            "--as-of",
            "2026-11-20",
            "--select",
            "SM-IA-01",
            "--waivers",
            str(waivers),
        ],
    )
    flat = " ".join(result.stdout.split())  # the detail column wraps
    assert "[waived: W-1, risk_accepted," in flat and "POAM-7, until 2027-01-31]" in flat
    assert ", 1 waived," in result.stdout.splitlines()[-1]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (waiver("2027-01-31").replace("SM-IA-01", "SM-ZZ-09"), "unknown control 'SM-ZZ-09'"),
        (waiver("2026-01-31"), "expires before it was granted"),
        (waiver("2027-12-31"), "over the profile's max_waiver_days of 365"),
        (waiver("2027-01-31").replace("    ticket: POAM-7\n", ""), "missing required key 'ticket'"),
        (waiver("2027-02-30"), "not a real date"),
    ],
)
def test_bad_waivers_are_located_errors(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "w.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=words):
        load_waivers(path, {"SM-IA-01"}, max_days=365)


def test_waiver_granted_after_the_run_is_not_in_force(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY)
    text = waiver("2027-06-30").replace("granted_on: 2026-06-01", "granted_on: 2027-01-15")
    code, feed = run(runner, inventory, write(text, name="w.yaml", header=False))
    assert code == 1
    finding = next(f for f in feed["findings"] if f["account_id"] == "x-main")
    assert finding["status"] == "fail" and "takes effect only on 2027-01-15" in finding["message"]


def test_the_inventory_cannot_lift_the_waiver_cap(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY.replace("accounts:", "x-n: 1\naccounts:").replace("x-n: 1\n", ""))
    lifted = inventory.read_text().replace(
        "  email_domains: [example.gov]\n",
        "  email_domains: [example.gov]\n  parameters: {max_waiver_days: 99999}\n",
    )
    inventory.write_text(lifted)
    result = runner.invoke(
        cli, ["check", str(inventory), "--as-of", "2026-11-20", "--select", "SM-IA-01"]
    )
    assert result.exit_code == 2
    assert "max_waiver_days is set by the profile, not by the inventory" in result.stderr


RENEWAL = """\
  - id: W-2
    control: SM-IA-01
    accounts: [x-main]
    kind: risk_accepted
    justification: Renewed for another quarter while the migration finishes.
    approver: {name: Morgan Alvarez, role: Authorizing Official}
    ticket: POAM-7
    granted_on: 2026-10-15
    expires_on: 2027-03-31
"""


@pytest.mark.parametrize("renewal_first", [False, True])
def test_a_renewal_waives_in_either_order(
    runner: CliRunner, write: Write, renewal_first: bool
) -> None:
    # W-1 expired on 2026-11-01; W-2 renews it. Version 1 let the waiver later in the file
    # decide, so an expired one written after the renewal un-waived the finding.
    inventory = write(INVENTORY)
    expired = waiver("2026-11-01").split("waivers:\n", 1)
    body = RENEWAL + expired[1] if renewal_first else expired[1] + RENEWAL
    waivers = write(expired[0] + "waivers:\n" + body, name="waivers.yaml", header=False)
    _, feed = run(runner, inventory, waivers)
    finding = next(f for f in feed["findings"] if f["account_id"] == "x-main")
    assert finding["status"] == "waived" and finding["waiver"]["id"] == "W-2"
    assert feed["waivers"]["unused"] == [] and feed["waivers"]["expired"] == []
    # the two overlap from 2026-10-15 to 2026-11-01: reported, not refused
    assert feed["waivers"]["overlapping"] == [["W-1", "W-2"]]


def test_waivers_that_do_not_overlap_are_not_reported(runner: CliRunner, write: Write) -> None:
    inventory = write(INVENTORY)
    expired = waiver("2026-10-14")
    waivers = write(expired + RENEWAL, name="waivers.yaml", header=False)
    _, feed = run(runner, inventory, waivers)
    assert feed["waivers"]["overlapping"] == []
    finding = next(f for f in feed["findings"] if f["account_id"] == "x-main")
    assert finding["waiver"]["id"] == "W-2"
