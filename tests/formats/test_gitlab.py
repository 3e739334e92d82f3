"""GitLab Code Quality: what GitLab's documentation asks of a custom tool's report, written as a
JSON Schema (tests/formats/schemas/) plus the rule a schema cannot say: unique fingerprints."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import functools
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from smaudit.assessment import waivers
from smaudit.cli.app import cli
from smaudit.formats import RenderOptions
from smaudit.formats.findings import gitlab
from smaudit.model import Report, Severity, Status
from tests.conftest import AS_OF as SAMPLE_AS_OF
from tests.conftest import SAMPLES
from tests.formats.conftest import AS_OF, DATA, PLACES, a_waiver, render, view

SCHEMA = Path(__file__).parent / "schemas" / "gitlab-code-quality.schema.json"


@functools.cache
def _validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def gitlab_errors(issues: Any) -> list[str]:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in _validator().iter_errors(issues)]
    prints = [i.get("fingerprint") for i in issues if isinstance(i, dict)]
    if len(prints) != len(set(prints)):
        errors.append("fingerprints are not unique: GitLab keeps one issue per fingerprint")
    return errors


def _issues(report: Report) -> list[dict[str, Any]]:
    issues: list[dict[str, Any]] = json.loads(render(report, "gitlab"))
    return issues


def _waived(report: Report) -> Report:
    return waivers.apply(report, [a_waiver("W-1", "hq-x", dt.date(2027, 1, 31))], AS_OF)


def test_the_small_report_passes_the_schema(report: Report) -> None:
    assert _issues(report) and not gitlab_errors(_issues(report))
    assert not gitlab_errors(_issues(_waived(report)))


@pytest.mark.parametrize(
    "breakage",
    [
        lambda i: i[0].pop("fingerprint"),
        lambda i: i[0].update(severity="high"),  # smaudit's word, not GitLab's
        lambda i: i[0]["location"].update(path="./inventory/agency.yaml"),
        lambda i: i[0]["location"].update(path="/srv/inventory.yaml"),
        lambda i: i[0]["location"]["lines"].update(begin=0),
        lambda i: i.append(copy.deepcopy(i[0])),  # the same fingerprint twice
    ],
)
def test_the_check_rejects_a_broken_report(report: Report, breakage: Any) -> None:
    issues = _issues(report)
    breakage(issues)
    assert gitlab_errors(issues)


def test_every_failure_not_assessed_and_waived_finding_is_an_issue(report: Report) -> None:
    waived = _waived(report)
    listed = [f for f in waived.findings if f.status in (Status.FAIL, Status.ERROR, Status.WAIVED)]
    assert {f.status for f in listed} == {Status.FAIL, Status.ERROR, Status.WAIVED}
    issues = _issues(waived)
    assert [i["fingerprint"] for i in issues] == [f.fingerprint for f in listed]
    [held] = [i for i in issues if "W-1" in i["description"]]
    assert held["severity"] == "info" and "waived by W-1" in held["description"]
    [unknown] = [i for i in issues if "not assessed" in i["description"]]
    assert unknown["severity"] == "blocker"  # SM-IA-01, critical: unknown MFA still ranks first


def test_each_issue_points_at_its_line(report: Report) -> None:
    places = {
        (i["check_name"], i["description"].split(": ")[1].split(" ")[0]): (
            i["location"]["path"],
            i["location"]["lines"]["begin"],
        )
        for i in _issues(report)
    }
    assert places == {key: (path, line) for key, (path, line, _) in PLACES.items()}


@pytest.mark.parametrize(
    ("severity", "expected"),
    [
        (Severity.CRITICAL, "blocker"),
        (Severity.HIGH, "critical"),
        (Severity.MEDIUM, "major"),
        (Severity.LOW, "minor"),
        (Severity.INFO, "info"),
    ],
)
def test_severity_scale(severity: Severity, expected: str, report: Report) -> None:
    failure = next(f for f in report.findings if f.status is Status.FAIL)
    changed = dataclasses.replace(
        report, findings=(dataclasses.replace(failure, severity=severity),)
    )
    assert [i["severity"] for i in _issues(changed)] == [expected]


def test_paths_are_relative_to_the_repository_root(report: Report) -> None:
    root = DATA.parents[2]
    with contextlib.chdir(DATA):
        text = gitlab.render(view(report, "gitlab"), RenderOptions(source_root=root))
    paths = {i["location"]["path"] for i in json.loads(text)}
    assert paths == {f"tests/formats/data/inventory/{n}.yaml" for n in ("agency", "regional")}


def test_an_empty_report_is_an_empty_array(report: Report) -> None:
    empty = dataclasses.replace(report, findings=())
    assert render(empty, "gitlab") == "[]\n"


def test_streamed_text_is_the_rendered_text(report: Report) -> None:
    streamed = b"".join(gitlab.iter_render(view(report, "gitlab"), RenderOptions()))
    assert streamed.decode() == render(report, "gitlab")


def test_the_sample_through_the_cli(tmp_path: Path) -> None:
    out = tmp_path / "gl-code-quality-report.json"
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", SAMPLE_AS_OF]
    args += ["--waivers", str(SAMPLES / "waivers.yaml"), "--output", f"gitlab:{out}"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    issues = json.loads(out.read_text("utf-8"))
    assert issues and not gitlab_errors(issues)
    assert {i["location"]["path"] for i in issues} == {"sample_accounts/agency.yaml"}
    assert any(i["severity"] == "info" and "waived by" in i["description"] for i in issues)
