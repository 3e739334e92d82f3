"""docs/ci.md's copy-paste snippets, and the README's of its pre-commit and GitLab sections,
each read by what reads it: the pre-commit configuration by pre-commit, the GitLab and Azure
Pipelines files by their CI schemas (check-jsonschema's offline copies). A snippet is a ```yaml
block whose first line names its file."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.integrations.tools import tool

DOC = ROOT / "docs" / "ci.md"
README = ROOT / "README.md"
CHECKS = {
    ".pre-commit-config.yaml": lambda path: [tool("pre-commit"), "validate-config", str(path)],
    ".gitlab-ci.yml": lambda path: [
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.gitlab-ci",
        str(path),
    ],
    "azure-pipelines.yml": lambda path: [
        tool("check-jsonschema"),
        "--builtin-schema",
        "vendor.azure-pipelines",
        str(path),
    ],
}


def _snippets(doc: Path = DOC) -> dict[str, str]:
    blocks = re.findall(r"```yaml\n(# (\S+)\n.*?)```", doc.read_text("utf-8"), re.S)
    return {name: text for text, name in blocks}


def test_every_snippet_is_checked() -> None:
    assert set(_snippets()) == set(CHECKS)


@pytest.mark.parametrize("name", [".pre-commit-config.yaml", ".gitlab-ci.yml"])
def test_the_readmes_snippet_is_valid(name: str, tmp_path: Path) -> None:
    done = _check(name, _snippets(README)[name], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


def _check(name: str, text: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return subprocess.run(
        CHECKS[name](path), cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_the_snippet_is_valid(name: str, tmp_path: Path) -> None:
    done = _check(name, _snippets()[name], tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_a_broken_snippet_is_refused(name: str, tmp_path: Path) -> None:
    """The checks are not vacuous: a misspelt key in the first entry fails each."""
    doc = yaml.safe_load(_snippets()[name])
    first = next(iter(doc))
    doc[first + "x"] = doc.pop(first)
    assert _check(name, yaml.safe_dump(doc), tmp_path).returncode != 0
