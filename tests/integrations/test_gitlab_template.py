"""The GitLab CI template (ci/gitlab/smaudit.gitlab-ci.yml): valid for GitLab, by the offline
copy of GitLab's CI schema that check-jsonschema ships, and its job's script, run here as a
runner runs it (bash, `set -eo pipefail`, GitLab's variables), writing the reports its
artifacts name, each as tests/formats checks that format.

The install line is not run (it fetches smaudit from GitHub): its text is checked instead, and
the script runs the smaudit under test, first on PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from smaudit.schemas import load_schema
from tests.conftest import AS_OF, ROOT, SAMPLES
from tests.formats.conftest import junit_errors, sarif_errors
from tests.formats.test_gitlab import gitlab_errors
from tests.integrations.tools import tool

TEMPLATE = ROOT / "ci" / "gitlab" / "smaudit.gitlab-ci.yml"
INSTALL = (
    'python -m pip install --quiet --disable-pip-version-check "smaudit @ '
    'git+https://github.com/smaudit/smaudit@${SMAUDIT_VERSION}"'
)


def _template() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(TEMPLATE.read_text("utf-8"))
    return loaded


def _resolved() -> dict[str, Any]:
    """The template with `extends` applied as GitLab applies it (a deep merge of mappings):
    GitLab's schema lets a hidden job (`.smaudit`) hold anything, so the job it describes is
    checked in the job that extends it."""
    doc = _template()
    job = dict(doc["smaudit"])
    base = doc[job.pop("extends")]
    doc["smaudit"] = _merged(base, job)
    return doc


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        both = isinstance(value, dict) and isinstance(base.get(key), dict)
        out[key] = _merged(base[key], value) if both else value
    return out


def _schema_check(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("resolved", [False, True], ids=["as-written", "extends-applied"])
def test_gitlab_schema_accepts_the_template(tmp_path: Path, resolved: bool) -> None:
    path = tmp_path / ".gitlab-ci.yml"
    if resolved:
        path.write_text(yaml.safe_dump(_resolved()), encoding="utf-8")
    else:
        shutil.copy(TEMPLATE, path)
    done = _schema_check(path)
    assert done.returncode == 0, done.stdout + done.stderr


def test_gitlab_schema_check_rejects_a_broken_job(tmp_path: Path) -> None:
    """The check above is not vacuous: the resolved job is read by the schema."""
    doc = _resolved()
    doc["smaudit"]["artifacts"]["when"] = "allways"
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    assert _schema_check(path).returncode == 1


def test_the_install_is_pinned_and_required() -> None:
    job = _resolved()["smaudit"]
    assert job["before_script"][-1] == INSTALL
    assert _template()["variables"]["SMAUDIT_VERSION"] == ""


def test_artifacts_are_kept_when_the_audit_fails() -> None:
    artifacts = _resolved()["smaudit"]["artifacts"]
    assert artifacts["when"] == "always"
    reports = artifacts["reports"]
    assert reports == {"junit": "smaudit-junit.xml", "codequality": "gl-code-quality-report.json"}
    assert set(artifacts["paths"]) == {
        *reports.values(),
        "smaudit-findings.json",
        "smaudit.sarif",
    }


def _gitlab_env(project: Path, **variables: str) -> dict[str, str]:
    """What a runner gives the job: GitLab's predefined variables, then the template's and the
    job's (`$CI_PROJECT_DIR` expanded, as GitLab does), then the including project's."""
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "CI": "true",
        "GITLAB_CI": "true",
        "CI_PROJECT_DIR": str(project),
        "CI_PROJECT_NAME": "social-media-inventory",
        "CI_PROJECT_PATH": "dcr/social-media-inventory",
        "CI_COMMIT_SHA": "0" * 40,
        "CI_JOB_NAME": "smaudit",
        "CI_PIPELINE_SOURCE": "merge_request_event",
    }
    doc = _resolved()
    for name, value in {**doc["variables"], **doc["smaudit"].get("variables", {})}.items():
        env[name] = re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m.group(1), ""), str(value))
    return {**env, **variables}


def _run(lines: list[str], project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = "set -eo pipefail\n" + "\n".join(lines) + "\n"
    return subprocess.run(
        ["bash", "-c", script],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An agency's repository as the runner checks it out: the sample inventory and waivers."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "inventory").mkdir()
    shutil.copy(SAMPLES / "agency.yaml", tmp_path / "inventory" / "agency.yaml")
    shutil.copy(SAMPLES / "waivers.yaml", tmp_path / "waivers.yaml")
    return tmp_path


def test_the_job_without_a_version_says_what_to_set(project: Path) -> None:
    first = _resolved()["smaudit"]["before_script"][0]
    done = _run([first], project, _gitlab_env(project))
    assert done.returncode == 2 and "set SMAUDIT_VERSION" in done.stderr


def test_the_jobs_script_writes_every_report(project: Path) -> None:
    env = _gitlab_env(
        project,
        SMAUDIT_VERSION="v0.1.0",
        SMAUDIT_PATHS="inventory/",
        SMAUDIT_WAIVERS="waivers.yaml",
        SMAUDIT_PROFILE="modern",
        SMAUDIT_ARGS=f"--as-of {AS_OF}",
    )
    job = _resolved()["smaudit"]
    assert _run(job["before_script"][:1], project, env).returncode == 0
    done = _run(job["script"], project, env)
    assert done.returncode == 1, done.stderr  # the sample's findings fail the job
    assert "smaudit, version" in done.stdout and "SM-PS-01" in done.stdout
    for name in job["artifacts"]["paths"]:
        assert (project / name).is_file(), name

    junit = (project / "smaudit-junit.xml").read_text("utf-8")
    assert not junit_errors(junit)
    # relative to CI_PROJECT_DIR, which GitLab links to the file in the commit
    assert re.search(r'file="inventory/agency\.yaml#L\d+"', junit)
    issues = json.loads((project / "gl-code-quality-report.json").read_text("utf-8"))
    assert issues and not gitlab_errors(issues)
    assert {issue["location"]["path"] for issue in issues} == {"inventory/agency.yaml"}
    feed = json.loads((project / "smaudit-findings.json").read_text("utf-8"))
    jsonschema.validate(feed, load_schema("findings"))
    waived = [f for f in feed["findings"] if f["status"] == "waived"]
    assert waived and feed["waivers"]["unused"]  # SMAUDIT_WAIVERS was read
    assert not sarif_errors(json.loads((project / "smaudit.sarif").read_text("utf-8")))


def test_a_clean_inventory_passes_the_job(project: Path) -> None:
    shutil.copy(SAMPLES / "compliant.yaml", project / "inventory" / "agency.yaml")
    env = _gitlab_env(
        project,
        SMAUDIT_VERSION="v0.1.0",
        SMAUDIT_PATHS="inventory/*.yaml",
        SMAUDIT_ARGS=f"--as-of {AS_OF}",
    )
    done = _run(_resolved()["smaudit"]["script"], project, env)
    assert done.returncode == 0, done.stderr
    assert json.loads((project / "gl-code-quality-report.json").read_text("utf-8")) == []
