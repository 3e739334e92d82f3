"""The Action's metadata and the workflows the documentation gives, checked as GitHub reads
them: action.yml against SchemaStore's schema of action metadata, each documented workflow
against its schema of workflows (both as check-jsonschema vendors them, offline), every `with:`
of the smaudit action an input it declares, every output read one it has."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.ci.actionrunner import ACTION, metadata
from tests.conftest import ROOT

DOCUMENTS = (ROOT / "README.md", ROOT / "docs" / "scheduling.md")
_BLOCK = re.compile(r"^```yaml\n(.*?)^```$", re.S | re.M)


def _workflows() -> list[tuple[str, str]]:
    return [
        (f"{path.relative_to(ROOT)}: {block.splitlines()[0]}", block)
        for path in DOCUMENTS
        for block in _BLOCK.findall(path.read_text(encoding="utf-8"))
        if "\njobs:" in block
    ]


WORKFLOWS = _workflows()


def _check_jsonschema(schema: str, document: Path) -> subprocess.CompletedProcess[str]:
    """SchemaStore's schema as check-jsonschema ships it, or a skip where it is absent; it is in
    the test extra, and .ci/run's SMAUDIT_EXPECT_CHECK_JSONSCHEMA turns the skip into a failure."""
    if importlib.util.find_spec("check_jsonschema") is None:
        if os.environ.get("SMAUDIT_EXPECT_CHECK_JSONSCHEMA"):
            pytest.fail("check-jsonschema is not installed, and CI expects it")
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]' has it)")
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema]
    return subprocess.run(
        [*command, str(document)], capture_output=True, text=True, check=False, timeout=120
    )


def test_action_metadata_is_what_github_accepts() -> None:
    done = _check_jsonschema("vendor.github-actions", ACTION)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_documentation_has_the_workflows() -> None:
    names = [name for name, _ in WORKFLOWS]
    assert sum("smaudit.yml" in n for n in names) == 1, names
    assert sum("smaudit-nightly.yml" in n for n in names) == 2, names


def test_the_nightly_workflow_is_the_same_in_both_documents() -> None:
    nightly = {block for name, block in WORKFLOWS if "smaudit-nightly.yml" in name}
    assert len(nightly) == 1


@pytest.mark.parametrize(("name", "block"), WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_a_documented_workflow_is_valid(name: str, block: str, tmp_path: Path) -> None:
    document = tmp_path / "workflow.yml"
    document.write_text(block, encoding="utf-8")
    done = _check_jsonschema("vendor.github-workflows", document)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(("name", "block"), WORKFLOWS, ids=[n for n, _ in WORKFLOWS])
def test_a_documented_workflow_uses_the_action_as_declared(name: str, block: str) -> None:
    action = metadata()
    steps = [s for job in yaml.safe_load(block)["jobs"].values() for s in job["steps"]]
    ours = [s for s in steps if str(s.get("uses", "")).startswith("smaudit/smaudit@")]
    assert ours, "a workflow of the documentation that does not use the action"
    for step in ours:
        assert set(step.get("with", {})) <= set(action["inputs"]), step
        assert "paths" in step["with"]
        read = set(re.findall(rf"steps\.{step.get('id', '-')}\.outputs\.([\w-]+)", block))
        assert read <= set(action["outputs"]), read - set(action["outputs"])
    assert not [s for s in steps if "${{ inputs." in _text(s.get("run", ""))]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def test_every_install_command_names_what_the_project_serves() -> None:
    """No index serves smaudit: `pip install smaudit` alone would install someone else's
    package, or nothing. A command installs from a git URL or from a checkout."""
    for path in DOCUMENTS:
        text = path.read_text(encoding="utf-8")
        assert not re.findall(r"pip install ['\"]?smaudit\b(?! @ git\+)", text), path


def test_the_metadata_check_rejects_what_github_would(tmp_path: Path) -> None:
    """The validator sees a composite step without its `shell`, which GitHub refuses."""
    broken = metadata()
    del broken["runs"]["steps"][0]["shell"]
    document = tmp_path / "action.yml"
    document.write_text(yaml.safe_dump(broken), encoding="utf-8")
    assert _check_jsonschema("vendor.github-actions", document).returncode == 1


def _shellcheck() -> str:
    """shellcheck, or a skip where it is absent (Debian's `shellcheck`; .ci/run installs it and
    sets SMAUDIT_EXPECT_SHELLCHECK, which turns the skip into a failure)."""
    found = shutil.which("shellcheck")
    if found is None:
        if os.environ.get("SMAUDIT_EXPECT_SHELLCHECK"):
            pytest.fail("shellcheck is not installed, and CI expects it")
        pytest.skip("shellcheck is not installed (apt-get install shellcheck; .ci/run has it)")
    return found


def _scripts() -> list[tuple[str, str]]:
    """Every bash script the action and the documented workflows run."""
    steps = [("action.yml", s) for s in metadata()["runs"]["steps"]]
    for name, block in WORKFLOWS:
        jobs = yaml.safe_load(block)["jobs"].values()
        steps += [(name, s) for job in jobs for s in job["steps"]]
    scripts = [(f"{name}: {s.get('name', s['run'])}", s["run"]) for name, s in steps if "run" in s]
    scripts += [(p.name, p.read_text("utf-8")) for p in sorted((ROOT / "ci").rglob("*.sh"))]
    return scripts


@pytest.mark.parametrize(("name", "script"), _scripts(), ids=[n for n, _ in _scripts()])
def test_a_script_passes_shellcheck(name: str, script: str, tmp_path: Path) -> None:
    path = tmp_path / "script.sh"
    path.write_text(script if script.startswith("#!") else "#!/bin/bash\n" + script, "utf-8")
    done = subprocess.run([_shellcheck(), str(path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout
