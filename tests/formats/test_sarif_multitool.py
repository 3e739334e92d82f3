"""SARIF checked by Microsoft's SARIF multitool with GitHub's ingestion rules (GH1001...): the
validator GitHub's documentation points to, installed from npm (@microsoft/sarif-multitool).

Where it is not installed these tests are skipped; CI installs it and sets
SMAUDIT_EXPECT_SARIF_MULTITOOL, so there a missing validator fails the run."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.model import Report
from tests.conftest import AS_OF, SAMPLES
from tests.formats.conftest import render

RULE_KINDS = "Gh;Sarif"
"""GitHub's ingestion rules and the SARIF specification's own."""


def _multitool() -> str | None:
    """The native binary: the npm wrapper runs it through a shell, which splits `Gh;Sarif`."""
    given = os.environ.get("SMAUDIT_SARIF_MULTITOOL") or shutil.which("Sarif.Multitool")
    if os.environ.get("SMAUDIT_EXPECT_SARIF_MULTITOOL"):
        assert given, "CI installs the SARIF multitool: set SMAUDIT_SARIF_MULTITOOL to it"
    return given


MULTITOOL = _multitool()
needs_multitool = pytest.mark.skipif(
    MULTITOOL is None,
    reason="the SARIF multitool is not installed (npm install @microsoft/sarif-multitool, "
    "then set SMAUDIT_SARIF_MULTITOOL to its Sarif.Multitool binary)",
)


def problems(doc: dict[str, Any], folder: Path) -> list[str]:
    """What the multitool reports at level error or warning, as `RULE: message`."""
    assert MULTITOOL is not None
    target, log = folder / "checked.sarif", folder / "validation.sarif"
    target.write_text(json.dumps(doc), "utf-8")
    command = [MULTITOOL, "validate", str(target), "--rule-kind", RULE_KINDS]
    command += ["--output", str(log), "--log", "ForceOverwrite"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0 and log.exists(), done.stdout + done.stderr
    results = json.loads(log.read_text("utf-8"))["runs"][0].get("results", [])
    return [
        f"{r['ruleId']}: {r['message'].get('text') or r['message'].get('arguments')}"
        for r in results
        if r.get("level", "warning") in ("error", "warning")
    ]


@needs_multitool
def test_the_small_report_passes_githubs_rules(report: Report, tmp_path: Path) -> None:
    assert problems(json.loads(render(report, "sarif")), tmp_path) == []


@needs_multitool
def test_the_sample_through_the_cli_passes_githubs_rules(tmp_path: Path) -> None:
    args = ["check", str(SAMPLES / "agency.yaml"), "--as-of", AS_OF, "--format", "sarif"]
    args += ["--waivers", str(SAMPLES / "waivers.yaml")]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    doc = json.loads(result.stdout)
    assert any(r.get("suppressions") for run in doc["runs"] for r in run["results"])
    assert problems(doc, tmp_path) == []


@needs_multitool
def test_the_multitool_rejects_what_github_rejects(report: Report, tmp_path: Path) -> None:
    doc = json.loads(render(report, "sarif"))
    run = next(r for r in doc["runs"] if r["results"])
    broken = copy.deepcopy(doc)
    index = doc["runs"].index(run)
    broken["runs"][index]["results"][0]["locations"] = []  # GitHub rejects the upload
    assert any(p.startswith("GH") for p in problems(broken, tmp_path))
