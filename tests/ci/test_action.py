"""The GitHub Action, run as a workflow runs it (tests/ci/actionrunner.py): a workspace holding
only an inventory, the steps of action.yml in order, and what the job then has: its exit code,
its SARIF, its job summary and its outputs. smaudit comes from this test's own environment
(SMAUDIT_ACTION_PYTHON), but for one test that installs it from the checkout as the action does."""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ci.actionrunner import ActionRun, job_environment, metadata, parse_outputs, run_action
from tests.conftest import AS_OF, ROOT, SAMPLES
from tests.formats.conftest import sarif_errors

MIB = 1024 * 1024
COUNT_OUTPUTS = {"failed": "fail", "not-assessed": "error", "waived": "waived", "passed": "pass"}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A checked-out repository: a .git (where --source-root stops) and nothing else yet."""
    root = tmp_path / "workspace"
    (root / ".git").mkdir(parents=True)
    return root


def _inventory(workspace: Path, sample: str) -> str:
    (workspace / "inventory").mkdir(exist_ok=True)
    shutil.copy(SAMPLES / sample, workspace / "inventory" / sample)
    return f"inventory/{sample}"


def _run(workspace: Path, installed: bool = True, **inputs: str) -> ActionRun:
    temp = workspace.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    extra = {"SMAUDIT_ACTION_PYTHON": sys.executable} if installed else {}
    steps = workspace.parent / "steps"
    steps.mkdir(exist_ok=True)
    return run_action(workspace, inputs, job_environment(temp, **extra), steps)


def _feed(run: ActionRun) -> dict[str, Any]:
    feed: dict[str, Any] = json.loads(Path(run.outputs["json-file"]).read_text("utf-8"))
    return feed


def test_the_sample_agency_fails_after_the_upload_and_the_summary(workspace: Path) -> None:
    run = _run(workspace, paths=_inventory(workspace, "agency.yaml"), args=f"--as-of {AS_OF}")

    assert run.outputs["exit-code"] == "1"
    assert run.exit_code == 1
    order = [s.id for s in run.steps if s.ran]
    assert order[-3:] == ["check", "upload-sarif", "exit"], order  # the upload before the fail
    upload = run.step("upload-sarif")
    assert upload.uses.startswith("github/codeql-action/upload-sarif@")
    assert upload.with_ == {"sarif_file": run.outputs["sarif-file"]}
    sarif = json.loads(Path(run.outputs["sarif-file"]).read_text("utf-8"))
    assert sarif_errors(sarif) == []
    assert sum(len(r["results"]) for r in sarif["runs"]) > 0
    summary = Path(run.outputs["summary-file"]).read_bytes()
    assert run.summary == summary  # smaudit's markdown, nothing added
    assert 0 < len(run.summary) < MIB
    assert len(Path(run.outputs["comment-file"]).read_text("utf-8")) <= 65_536
    totals = _feed(run)["summary"]
    assert {k: run.outputs[k] for k in COUNT_OUTPUTS} == {
        name: str(totals[key]) for name, key in COUNT_OUTPUTS.items()
    }
    assert run.outputs["failed"] == "143"  # as the README's sample run says
    assert "::error title=smaudit::smaudit exited 1" in run.log


def test_a_clean_inventory_passes(workspace: Path) -> None:
    run = _run(workspace, paths=_inventory(workspace, "compliant.yaml"), args=f"--as-of {AS_OF}")

    assert (run.outputs["exit-code"], run.exit_code, run.failed) == ("0", 0, False)
    assert run.outputs["failed"] == "0" and int(run.outputs["passed"]) > 0
    assert run.step("upload-sarif").ran
    assert sarif_errors(json.loads(Path(run.outputs["sarif-file"]).read_text("utf-8"))) == []


def test_a_broken_inventory_exits_2_and_says_where_in_the_summary(workspace: Path) -> None:
    (workspace / "broken.yaml").write_text("smaudit: 1\naccounts: [\n", encoding="utf-8")
    run = _run(workspace, paths="broken.yaml")

    assert (run.outputs["exit-code"], run.exit_code) == ("2", 2)
    assert not run.step("upload-sarif").ran  # no SARIF to send
    assert run.outputs["sarif-file"] == run.outputs["json-file"] == ""
    assert all(run.outputs[name] == "" for name in COUNT_OUTPUTS)
    summary = run.summary.decode()
    assert "exit code 2" in summary and "broken.yaml:3:1" in summary, summary
    assert len(run.summary) < MIB


def test_success_codes_keep_findings_from_failing_the_step(workspace: Path) -> None:
    run = _run(workspace, paths=_inventory(workspace, "agency.yaml"), **{"success-codes": "0 1 3"})

    assert run.outputs["exit-code"] == "1"
    assert (run.exit_code, run.failed) == (0, False)


def test_upload_sarif_false_skips_the_upload(workspace: Path) -> None:
    run = _run(workspace, paths=_inventory(workspace, "agency.yaml"), **{"upload-sarif": "false"})

    assert not run.step("upload-sarif").ran
    assert run.exit_code == 1 and Path(run.outputs["sarif-file"]).is_file()


@pytest.mark.parametrize(
    ("inputs", "named"),
    [
        ({"fail-on": "severe"}, "fail-on: expected one of critical"),
        ({"upload-sarif": "yes"}, "upload-sarif: expected one of true, false"),
        ({"success-codes": "0 7"}, "success-codes: expected exit codes from 0 to 4"),
        ({"args": "--select 'IA"}, "args: No closing quotation"),
        ({"paths": "  "}, "paths: give at least one inventory file or folder"),
    ],
)
def test_a_bad_input_is_exit_code_2_naming_it(
    workspace: Path, inputs: dict[str, str], named: str
) -> None:
    run = _run(workspace, **{"paths": _inventory(workspace, "compliant.yaml"), **inputs})

    assert (run.outputs["exit-code"], run.exit_code) == ("2", 2)
    assert named in run.summary.decode() and named in run.log
    assert not run.step("upload-sarif").ran


def test_no_input_reaches_a_shell(workspace: Path) -> None:
    hostile = '"$(touch pwned)" \'`touch pwned`\' "a; touch pwned" $(touch pwned)'
    run = _run(workspace, paths=hostile, profile="$(touch pwned)", waivers="; touch pwned")

    assert not (workspace / "pwned").exists()
    assert run.outputs["exit-code"] == "2"  # no such files: they are only names
    assert "$(touch pwned)" in run.summary.decode()


def test_a_path_that_looks_like_an_option_is_a_path(workspace: Path) -> None:
    run = _run(workspace, paths="--help")

    assert run.outputs["exit-code"] == "2"
    assert "--help: no such file or folder" in run.summary.decode()


def test_no_run_script_holds_an_expression() -> None:
    """GitHub pastes ${{ }} into a script's text before the shell reads it: an input there
    could inject commands. Inputs go through env: instead."""
    for step in metadata()["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step["name"]


def test_every_input_reaches_a_step() -> None:
    action = metadata()
    text = json.dumps(action["runs"]["steps"])
    assert [name for name in action["inputs"] if f"inputs.{name} " not in text] == []


def test_nightly_baseline_history_and_fail_on_new(workspace: Path) -> None:
    paths = _inventory(workspace, "agency.yaml")
    nightly = {"paths": paths, "history": "state/history.sqlite", "baseline": "state/latest.json"}
    first = _run(workspace, **nightly, **{"fail-on-new": "true"})

    # the first night: no baseline, so none is used (with a warning), and the usual gate
    assert "::warning title=smaudit::baseline state/latest.json does not exist" in first.log
    assert first.outputs["exit-code"] == "1"
    shutil.copy(first.outputs["json-file"], workspace / "state" / "latest.json")

    second = _run(workspace, **nightly, **{"fail-on-new": "true"})
    assert second.outputs["exit-code"] == "0"  # nothing got worse
    assert "--baseline=state/latest.json --fail-on-new" in second.log
    with sqlite3.connect(workspace / "state" / "history.sqlite") as db:
        assert db.execute("select count(*) from runs").fetchone() == (2,)


def test_the_action_installs_smaudit_from_its_checkout(workspace: Path) -> None:
    """The one real install: a venv under RUNNER_TEMP, smaudit built from this checkout."""
    run = _run(
        workspace,
        installed=False,
        paths=_inventory(workspace, "compliant.yaml"),
        args=f"--as-of {AS_OF}",
    )

    install = run.step("install")
    assert install.returncode == 0, install.stderr
    venv_python = Path(install.outputs["python"])
    assert venv_python.is_relative_to(workspace.parent / "runner-temp")
    assert Path(run.outputs["smaudit"]).is_file()
    assert run.outputs["exit-code"] in ("0", "3"), run.log


def _workflow_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "workflow", ROOT / "ci" / "github" / "workflow.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("value", ["", "one line", "two\nlines", "a\nghadelimiter_x\nEOF\n"])
def test_an_output_reads_back_whole_whatever_its_lines(value: str, tmp_path: Path) -> None:
    out = tmp_path / "output"
    _workflow_module().write_outputs(str(out), {"name": value, "after": "1"})
    assert parse_outputs(out.read_text("utf-8")) == {"name": value, "after": "1"}


def test_a_python_input_that_is_not_311_or_later_stops_the_action(workspace: Path) -> None:
    run = _run(workspace, paths=_inventory(workspace, "compliant.yaml"), python="/no/python")

    assert run.exit_code == 2
    assert "::error title=smaudit::the python input is not a Python 3.11" in run.log
    assert not run.step("check").ran and not run.step("upload-sarif").ran


def _readme_step(workflow: str) -> dict[str, Any]:
    """The smaudit step of a README workflow, as GitHub reads it."""
    [step] = [
        s for s in _readme_steps(workflow) if str(s.get("uses", "")).startswith("smaudit/smaudit@")
    ]
    return step


def test_the_readme_pull_request_job_fails_on_the_samples_findings(workspace: Path) -> None:
    """The README's pull-request job, with its inputs, on the sample agency and its waivers."""
    inputs = {k: str(v) for k, v in _readme_step("smaudit.yml")["with"].items()}
    assert inputs["paths"] == "inventory/" and "args" not in inputs
    _inventory(workspace, "agency.yaml")
    shutil.copy(SAMPLES / "waivers.yaml", workspace / inputs["waivers"])
    run = _run(workspace, **inputs, args=f"--as-of {AS_OF}")  # as-of: the sample's date

    assert (run.outputs["exit-code"], run.exit_code) == ("1", 1)  # critical failures
    assert run.step("upload-sarif").ran and int(run.outputs["waived"]) > 0
    assert run.summary.startswith(b"#")


def _run_script(step: dict[str, Any], workspace: Path, env: dict[str, str]) -> int:
    """A workflow's `run:` step, its env: given already evaluated, as GitHub runs bash."""
    script = workspace.parent / "script.sh"
    script.write_text(step["run"], encoding="utf-8")
    summary = workspace.parent / "step-summary.md"
    summary.touch()
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=workspace,
        env={**job_environment(workspace.parent), "GITHUB_STEP_SUMMARY": str(summary), **env},
        check=False,
    )
    return done.returncode


def test_the_readme_nightly_job_over_two_nights(workspace: Path) -> None:
    """The README's nightly job: the action with its inputs, then its own steps that carry the
    feed to the next night and write the drift, over two nights of the sample agency."""
    step = _readme_step("smaudit-nightly.yml")
    inputs = {k: str(v) for k, v in step["with"].items()}
    inputs["args"] += f" --as-of {AS_OF}"  # the sample's date
    _inventory(workspace, "agency.yaml")
    shutil.copy(SAMPLES / "waivers.yaml", workspace / inputs["waivers"])
    steps = {s.get("name", ""): s for s in _readme_steps("smaudit-nightly.yml")}
    keep = steps["Keep tonight's feed as the next night's baseline"]
    drift = steps["Drift since the last run"]

    first = _run(workspace, **inputs)
    assert first.outputs["exit-code"] == "1" and not first.failed  # success-codes "0 1 3"
    assert (workspace / "state" / "smaudit.prom").is_file()
    assert not (workspace / "state" / "latest.json").exists()  # so the drift step is skipped
    assert _run_script(keep, workspace, {"FEED": first.outputs["json-file"]}) == 0

    second = _run(workspace, **inputs)
    assert "--baseline=state/latest.json" in second.log and not second.failed
    env = {"SMAUDIT": second.outputs["smaudit"], "FEED": second.outputs["json-file"]}
    assert _run_script(drift, workspace, env) == 0  # nothing got worse
    assert (workspace.parent / "step-summary.md").read_text("utf-8").startswith("#")
    with sqlite3.connect(workspace / "state" / "history.sqlite") as db:
        assert db.execute("select count(*) from runs").fetchone() == (2,)


def _readme_steps(workflow: str) -> list[dict[str, Any]]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split(f"# .github/workflows/{workflow}\n", 1)[1].split("```", 1)[0]
    return [s for job in yaml.safe_load(block)["jobs"].values() for s in job["steps"]]
