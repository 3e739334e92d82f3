"""The command line through click's CliRunner: outputs, exit codes and errors as users meet them."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner, Result

from smaudit.cli.app import cli
from smaudit.schemas import load_schema
from tests.conftest import AS_OF, CONTROLS, SAMPLES

Write = Callable[..., Path]
AGENCY = str(SAMPLES / "agency.yaml")
COMPLIANT = str(SAMPLES / "compliant.yaml")


def test_sample_inventory_prints_a_table_worst_first_and_exits_1(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF])
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    headings = [line for line in lines if line[:1].isupper()]
    assert headings[0] == (
        "CRITICAL  SM-IA-01  Multi-factor authentication is enabled  [FAIL: 2 accounts]"
    )
    account, *message, where = lines[1].split()
    assert (account, " ".join(message)) == (
        "dcr-facebook-region2",
        "mfa.enabled is false; expected true",
    )
    line = int(where.rpartition(":")[2])  # the location points at the failing field itself
    assert "enabled: false" in Path(AGENCY).read_text().splitlines()[line - 1]
    failing = [h.split()[0].split("/")[0] for h in headings if "[FAIL" in h]  # HIGH/MEDIUM: by tier
    assert failing == sorted(failing, key=["CRITICAL", "HIGH", "MEDIUM"].index)
    assert "\033[" not in result.stdout  # not a terminal: no colour
    assert re.match(
        r"34 accounts x \d+ controls \(profile modern, as of 2026-11-20\): "
        r"\d+ failed \(\d+ critical",
        lines[-1],
    )


def test_compliant_sample_exits_0(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", COMPLIANT, "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("No findings.")


def test_json_feed_validates_and_summary_goes_to_stderr(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code == 1
    feed = json.loads(result.stdout)
    jsonschema.validate(feed, load_schema("findings"))
    assert "failed" in result.stderr and "failed" not in result.stdout.splitlines()[-1]
    assert feed["summary"]["fail"] == sum(f["status"] == "fail" for f in feed["findings"]) > 0
    assert all(f["status"] in ("fail", "error") for f in feed["findings"])
    assert feed["run"]["inventory_sha256"] and feed["run"]["profile"] == "modern"


def test_include_passed_lists_every_evaluation_with_evidence(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["check", COMPLIANT, "--as-of", AS_OF, "--format", "json", "--include-passed"]
    )
    feed = json.loads(result.stdout)
    jsonschema.validate(feed, load_schema("findings"))
    assert len(feed["findings"]) == feed["summary"]["total"] == 4 * feed["summary"]["controls"]
    passed = [f for f in feed["findings"] if f["status"] == "pass"]
    assert passed and all(f["evidence"] for f in passed)


def test_no_personal_data_in_outputs_by_default(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["check", AGENCY, "--as-of", AS_OF, "--format", "json", "--include-passed"]
    )
    text = result.stdout
    assert "@dcr.gov" in text  # domains stay visible: controls judge them
    import yaml

    people = yaml.safe_load(Path(AGENCY).read_text())["people"]
    for person in people:
        assert person["email"] not in text
        assert person["name"] not in text
    shown = runner.invoke(
        cli,
        [
            "check",
            AGENCY,
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--include-passed",
            "--show-personal-data",
        ],
    ).stdout
    assert any(p["email"] in shown for p in people)


@pytest.mark.parametrize(
    ("fail_on", "code"),
    [("low", 1), ("critical", 1)],
)
def test_fail_on_threshold(runner: CliRunner, fail_on: str, code: int) -> None:
    result = runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF, "--fail-on", fail_on])
    assert result.exit_code == code


def test_fail_on_above_every_failure_leaves_not_assessed_exit_3(
    runner: CliRunner, write: Write
) -> None:
    path = write("""\
        people: [{id: p, status: active, employment: federal, email: p@example.gov}]
        accounts:
          - {id: a1, platform: x, status: active, owner: p, backup_owner: p}
          - {id: a2, platform: x, status: active}
        """)
    result = runner.invoke(
        cli, ["check", str(path), "--as-of", AS_OF, "--select", "SM-GOV-04,SM-IA-01"]
    )
    assert result.exit_code == 1  # a1: backup owner is the owner (medium)
    result = runner.invoke(
        cli,
        [
            "check",
            str(path),
            "--as-of",
            AS_OF,
            "--select",
            "SM-GOV-04,SM-IA-01",
            "--fail-on",
            "high",
        ],
    )
    assert result.exit_code == 3  # the medium failure is below the bar; MFA is not assessed
    assert "NOT ASSESSED" in result.stdout
    feed = json.loads(
        runner.invoke(
            cli, ["check", str(path), "--as-of", AS_OF, "--format", "json", "--select", "SM-IA-01"]
        ).stdout
    )
    assert {f["message"] for f in feed["findings"]} == {
        "not assessed: mfa.enabled missing (expected true)"
    }


def test_select_and_skip(runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        [
            "check",
            AGENCY,
            "--as-of",
            AS_OF,
            "--format",
            "json",
            "--select",
            "SM-IA-01",
            "--select",
            "SM-IA-02",
            "--skip",
            "SM-IA-02",
        ],
    )
    feed = json.loads(result.stdout)
    assert {f["control_id"] for f in feed["findings"]} == {"SM-IA-01"}
    result = runner.invoke(cli, ["check", AGENCY, "--select", "SM-NOPE-01"])
    assert result.exit_code == 2
    assert "not a control id, family or profile: 'SM-NOPE-01'" in result.stderr


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (
            "accounts:\n  - {id: a, platform: x, mfa: {enabled: yes}}\n",
            ':6:41: account a, mfa.enabled: expected true or false, got "yes"',
        ),
        (
            "accounts:\n  - {id: a, platform: x}\n  - {id: a, platform: x}\n",
            ":7:5: duplicate account id 'a'",
        ),
        (
            "accounts:\n  - {id: a, platform: x, colour: red}\n",
            ":6:26: account a, colour: unknown key 'colour'",
        ),
        ("accounts: [\n", ":6:1: invalid YAML"),
    ],
)
def test_bad_inventory_is_one_clear_line_and_exit_2(
    runner: CliRunner, write: Write, body: str, words: str
) -> None:
    path = write(body)
    result = runner.invoke(cli, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line == f"error: {path}{words}" or line.startswith(f"error: {path}{words}")
    assert "Traceback" not in result.output


def test_malformed_control_file_is_located_and_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "controls"
    folder.mkdir()
    (folder / "bad.yaml").write_text(
        (CONTROLS / "IA" / "SM-IA-01.yaml").read_text().replace("  eq: true", "  equals: true")
    )
    result = runner.invoke(cli, ["check", COMPLIANT, "--controls", str(folder)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {folder / 'bad.yaml'}:")
    assert "unknown key 'equals'" in line


def test_bad_as_of_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["check", COMPLIANT, "--as-of", "last tuesday"])
    assert result.exit_code == 2
    assert "expected a date like 2026-11-20" in result.stderr


def test_output_file_is_written_and_summary_printed(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "feed.json"
    result = runner.invoke(
        cli, ["check", AGENCY, "--as-of", AS_OF, "--format", "json", "--output", str(out)]
    )
    assert result.exit_code == 1 and result.stdout == ""
    jsonschema.validate(json.loads(out.read_text()), load_schema("findings"))
    assert re.search(r"\d+ failed", result.stderr)


def test_validate_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate", AGENCY, COMPLIANT])
    assert result.exit_code == 2  # the two files describe the same accounts twice
    assert "duplicate account id" in result.stderr
    result = runner.invoke(cli, ["validate", AGENCY])
    assert result.exit_code == 0 and result.stdout.startswith("ok: 34 accounts")


@pytest.mark.parametrize("name", ["inventory", "control", "profile", "findings"])
def test_schema_command_prints_valid_json_schema(runner: CliRunner, name: str) -> None:
    result = runner.invoke(cli, ["schema", name])
    jsonschema.Draft202012Validator.check_schema(json.loads(result.stdout))


def test_controls_list_and_show(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["controls", "list"])
    assert result.exit_code == 0
    assert "SM-IA-01" in result.stdout and "modern" in result.stdout
    result = runner.invoke(cli, ["controls", "list", "--profile", "isimc-2009"])
    # the 2009 guidelines as written: no account-level hygiene that later guidance brought
    assert "SM-GOV-03" not in result.stdout and "SM-PS-01" not in result.stdout
    assert "SM-GOV-02" in result.stdout and "SM-AT-01" in result.stdout
    result = runner.invoke(cli, ["controls", "show", "sm-ia-01"])
    assert "Why it matters" in result.stdout and "ia-2.1" in result.stdout
    assert runner.invoke(cli, ["controls", "show", "SM-XX-99"]).exit_code == 2


def test_profiles_change_severity_and_strength(runner: CliRunner) -> None:
    # MFA: a provider capability to ask for in 2009 (info), to "evaluate" in 2015 (medium)
    for profile, severity in (
        ("isimc-2009", "info"),
        ("gsa-2015", "medium"),
        ("modern", "critical"),
    ):
        result = runner.invoke(
            cli, ["check", AGENCY, "--as-of", AS_OF, "--format", "json", "--profile", profile]
        )
        feed = json.loads(result.stdout)
        severities = {f["severity"] for f in feed["findings"] if f["control_id"] == "SM-IA-01"}
        assert severities == {severity}, profile
        strengths = {f["strength"] for f in feed["findings"] if f["control_id"] == "SM-IA-01"}
        assert strengths == {"SHALL" if profile == "modern" else "SHOULD"}, profile
    assert runner.invoke(cli, ["check", AGENCY, "--profile", "nope"]).exit_code == 2


def test_controls_test_command_runs_the_shipped_cases(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["controls", "test"])
    assert result.exit_code == 0, result.output
    assert " 0 failed" in result.stdout.splitlines()[-1]


def test_explain_shows_each_step_and_what_would_pass(runner: CliRunner) -> None:
    def explain(control: str, account: str) -> Result:
        args = ["check", AGENCY, "--as-of", AS_OF, "--explain", control, "--account", account]
        return runner.invoke(cli, args)

    result = explain("SM-IA-12", "dcr-instagram-secretary")
    assert result.exit_code == 1
    assert "dcr-instagram-secretary (instagram, " in result.stdout
    assert (
        "FAIL  credentials.last_rotated = 2026-05-12; expected on or after 2026-09-30 "
        "(credentials.holders[2].removed_on)"
    ) in result.stdout
    # what to do comes from the control's remediation: an action, not a date to change
    advice = result.stdout.split("To pass:", 1)[1]
    assert "Change the password now" in advice and "make credentials" not in advice
    advice = explain("SM-PS-01", "dcr-instagram-hurricane").stdout.split("To pass:", 1)[1]
    # never "mark the departed person as not separated": remove their access instead
    assert "Remove the person's role" in advice and "separated" not in advice
    result = runner.invoke(cli, ["check", AGENCY, "--as-of", AS_OF, "--account", "x"])
    assert result.exit_code == 2 and "no account 'x' in the inventory" in result.stderr


def test_controls_docs_writes_markdown(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "controls.md"
    result = runner.invoke(cli, ["controls", "docs", "--output", str(out)])
    assert result.exit_code == 0
    text = out.read_text()
    assert text.startswith("# Control catalogue") and "### SM-IA-01" in text
    assert "## NIST SP 800-53 Rev 5 cross-reference" in text


def test_several_outputs_in_one_run(runner: CliRunner, tmp_path: Path) -> None:
    feed, also = tmp_path / "findings.json", tmp_path / "all.json"
    result = runner.invoke(
        cli,
        ["check", AGENCY, "--as-of", AS_OF, "--output", f"json:{feed}", "--output", f"json:{also}"],
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("CRITICAL  SM-IA-01")  # the table still on the terminal
    # one run, rendered once: the two files are the same bytes, run id and start time included
    assert feed.read_bytes() == also.read_bytes()
    result = runner.invoke(cli, ["check", AGENCY, "--output", f"nope:{feed}"])
    assert result.exit_code == 2 and "unknown format 'nope'" in result.stderr


def test_check_records_history_and_reports_drift_against_a_baseline(
    runner: CliRunner, write: Write, tmp_path: Path
) -> None:
    path = write("""\
        accounts:
          - {id: a1, platform: x, status: active, mfa: {enabled: false}}
          - {id: a2, platform: x, status: active, mfa: {enabled: true}}
        """)
    db, old = tmp_path / "history.sqlite", tmp_path / "old.json"
    base = ["check", str(path), "--select", "SM-IA-01", "--history", str(db)]
    assert (
        runner.invoke(cli, [*base, "--as-of", "2026-11-19", "--output", f"json:{old}"]).exit_code
        == 1
    )
    # a fix and a regression overnight
    path.write_text(
        path.read_text()
        .replace("enabled: false", "enabled: X")
        .replace("enabled: true", "enabled: false")
        .replace("enabled: X", "enabled: true")
    )
    result = runner.invoke(
        cli, [*base, "--as-of", "2026-11-20", "--baseline", str(old), "--fail-on-new"]
    )
    assert result.exit_code == 1
    assert "1 new failure" in result.stderr and "1 fixed" in result.stderr
    listed = runner.invoke(cli, ["history", "--history", str(db)])
    assert listed.exit_code == 0 and "2026-11-19" in listed.stdout and "2026-11-20" in listed.stdout
    assert runner.invoke(cli, ["check", str(path), "--fail-on-new"]).exit_code == 2


def test_nothing_to_evaluate_is_an_input_error(runner: CliRunner, write: Write) -> None:
    roster_only = write("people: [{id: p}]\naccounts: []\n")
    result = runner.invoke(cli, ["check", str(roster_only)])
    assert result.exit_code == 2 and "no accounts to check" in result.stderr
    result = runner.invoke(cli, ["check", COMPLIANT, "--select", "SM-IA-01", "--skip", "SM-IA-01"])
    assert result.exit_code == 2 and "no controls left to run" in result.stderr


def test_bad_outputs_are_refused_before_the_run(runner: CliRunner, tmp_path: Path) -> None:
    for target in (f"json:{tmp_path}/missing/f.json", str(tmp_path)):
        result = runner.invoke(cli, ["check", COMPLIANT, "--output", target])
        assert result.exit_code == 2 and "Traceback" not in result.output


def test_output_files_are_readable_by_other_users(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "smaudit.prom"
    runner.invoke(cli, ["check", COMPLIANT, "--as-of", AS_OF, "--output", f"prometheus:{out}"])
    assert out.stat().st_mode & 0o044 == 0o044  # with the usual umask 022


def test_explain_says_where_each_value_came_from(runner: CliRunner, tmp_path: Path) -> None:
    """The evidence of SM-AU-02, shown beside the values a check read: the sample's quarterly
    attestation, and a vault export that vouches for one field only."""
    args = ["--as-of", AS_OF, "--explain", "SM-IA-01", "--account", "dcr-x-region9"]
    result = runner.invoke(cli, ["check", AGENCY, *args])
    assert "    from  dcr-review-2026-11-06 (attestation, recorded 2026-11-06): mfa.enabled\n" in (
        result.stdout
    )
    inventory = tmp_path / "inv.yaml"
    inventory.write_text(
        "smaudit: 1\nagency: {name: X}\n"
        "sources:\n  - {id: bw, system: bitwarden, file: org.json, recorded_on: 2026-11-01}\n"
        "accounts:\n  - id: a\n    platform: x\n    status: active\n"
        "    credentials: {stored_in: spreadsheet, type: shared_password}\n"
        "    mfa: {enabled: true}\n"
        "    evidence: [{source: bw, fields: [credentials.stored_in]}]\n",
        encoding="utf-8",
    )
    shown = runner.invoke(cli, ["check", str(inventory), "--as-of", AS_OF, "--explain", "SM-IA-08"])
    assert "from  bw (bitwarden, org.json, recorded 2026-11-01): credentials.stored_in\n" in (
        shown.stdout
    )
    other = runner.invoke(cli, ["check", str(inventory), "--as-of", AS_OF, "--explain", "SM-IA-01"])
    assert "from  " not in other.stdout  # the export vouches for the password's place only


def test_explain_refuses_what_it_would_ignore(runner: CliRunner, tmp_path: Path) -> None:
    base = ["check", AGENCY, "--as-of", AS_OF, "--explain", "SM-IA-01"]
    assert runner.invoke(cli, [*base, "--output", f"json:{tmp_path}/f.json"]).exit_code == 2
    result = runner.invoke(cli, [*base, "--account", "nope"])
    assert result.exit_code == 2 and "no account 'nope'" in result.stderr


def test_readme_example_output_is_what_the_sample_gives(
    runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = Path(AGENCY).parents[1]
    monkeypatch.chdir(root)  # the README runs from the checkout, with relative paths
    readme = (root / "README.md").read_text()
    block = readme.split("## What a run looks like", 1)[1].split("```text\n", 1)[1]
    shown = [line for line in block.split("```", 1)[0].splitlines() if line and line != "..."]
    result = runner.invoke(cli, ["check", "sample_accounts/agency.yaml", "--as-of", AS_OF])
    actual = result.stdout.splitlines()
    assert [line for line in shown if line not in actual] == []


@pytest.mark.skipif(
    not Path("/proc/self").is_dir(), reason="needs Linux's /proc, where no file can be created"
)
def test_an_output_that_cannot_be_written_costs_no_other(runner: CliRunner, tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    base = ["check", COMPLIANT, "--as-of", AS_OF, "--format", "json"]
    # in the order given: the terminal and feed.json first, then the file that fails
    result = runner.invoke(
        cli, [*base, "--output", f"json:{feed}", "--output", "sarif:/proc/smaudit.sarif"]
    )
    assert result.exit_code == 2 and "/proc/smaudit.sarif" in result.stderr
    assert json.loads(result.stdout)["summary"]["fail"] == 0
    assert feed.read_bytes() == result.stdout_bytes
    # the same format to the terminal and to a file that fails: the terminal still gets it all
    result = runner.invoke(cli, [*base, "--output", "json:/proc/smaudit.json"])
    assert result.exit_code == 2 and "/proc/smaudit.json" in result.stderr
    assert json.loads(result.stdout)["summary"]["fail"] == 0


def test_the_feed_on_the_terminal_uses_its_encoding(tmp_path: Path) -> None:
    text = Path(COMPLIANT).read_text(encoding="utf-8")
    name = re.search(r"^  name: (.+)$", text, re.M)
    assert name
    inventory = tmp_path / "accented.yaml"
    inventory.write_text(text.replace(name.group(0), "  name: Département des Côtes", 1))
    result = CliRunner(charset="latin-1").invoke(
        cli, ["check", str(inventory), "--as-of", AS_OF, "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert "Département des Côtes".encode("latin-1") in result.stdout_bytes


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ([], 3),  # the default: not assessed counts from --fail-on's severity (low)
        (["--fail-on", "high"], 0),  # the case: only low controls are not assessed
        (["--fail-on", "high", "--fail-on-not-assessed", "low"], 3),
        (["--fail-on-not-assessed", "medium"], 0),
        (["--fail-on-not-assessed", "never"], 0),
        (["--fail-on", "info", "--fail-on-not-assessed", "never"], 0),
    ],
)
def test_not_assessed_gates_from_its_own_severity(
    runner: CliRunner, write: Write, options: list[str], code: int
) -> None:
    """Teams gate on failures first and complete the inventory over time: a low control the
    inventory cannot answer must not fail a `--fail-on high` pipeline, unless asked."""
    path = write("""\
        people: [{id: p, status: active, employment: federal, email: p@example.gov}]
        accounts:
          - {id: a1, platform: x, status: active, owner: p}
        """)
    select = ["--select", "SM-PUB-01,SM-PUB-03"]  # both low; the inventory says neither
    result = runner.invoke(cli, ["check", str(path), "--as-of", AS_OF, *select, *options])
    assert result.exit_code == code, result.output
    assert "2 not assessed" in result.output  # reported whatever the exit code
