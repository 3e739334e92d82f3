"""OSCAL through the consumers that read it: the sample through the CLI, results and plan
written side by side, opened by the `oscal` package (validation and import resolution) and by
compliance-trestle; and 10,000 accounts, within a size trestle loads in seconds."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from smaudit.cli.app import cli
from smaudit.formats import RenderOptions
from smaudit.formats.findings import oscal
from smaudit.model import Report, Status
from tests.conftest import AS_OF, ROOT, SAMPLES
from tests.formats.conftest import oscal_errors, view
from tests.formats.test_oscal import ATTENTION, consumer, prop

OSCAL_PACKAGE = "pip install -e '.[oscal]' (Brian Ruf's OSCAL library)"
MAX_BYTES_PER_ATTENTION = 2_000
"""Bytes of results per evaluation that needs attention (its observation and its share of the
findings; 1,380 measured at 10,000 accounts): the document grows with what is wrong, never
with the accounts that pass (docs/formats.md, "oscal", documents both limits)."""
MAX_BYTES_AT_SCALE = 200_000_000
"""At 10,000 generated accounts (114,981 of 500,000 evaluations need attention): 158.6 MB
measured, which compliance-trestle loads in about 15 s with 1.6 GB at its peak on a 2-core
machine. Listing every evaluation made 874 MB at 5,000 accounts (126 s and 5.9 GB in trestle)."""


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample and its waivers through the CLI from a subfolder of the repository, as a CI
    job in sample_accounts/ would run it: results and plan in a folder of their own."""
    folder = tmp_path_factory.mktemp("oscal")
    args = [
        "check",
        "agency.yaml",
        "--waivers=waivers.yaml",
        "--as-of",
        AS_OF,
        f"--output=oscal:{folder / 'assessment-results.json'}",
        f"--output=oscal-plan:{folder / 'plans' / 'assessment-plan.json'}",
    ]
    (folder / "plans").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(SAMPLES)
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output  # the sample has failures
    return folder


def _results(folder: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((folder / "assessment-results.json").read_text("utf-8"))
    return doc


def test_the_sample_validates_and_links_evidence_from_the_repository_root(written: Path) -> None:
    doc = _results(written)
    assert not oscal_errors(doc)
    assert doc["assessment-results"]["results"][0]["risks"]  # the sample's waivers
    assert "Morgan Alvarez" not in json.dumps(doc)  # an approver's name is personal data
    for observation in doc["assessment-results"]["results"][0]["observations"]:
        for evidence in observation["relevant-evidence"]:
            path, _, line = evidence["href"].partition("#L")
            assert path == "sample_accounts/agency.yaml"  # not agency.yaml: the root is ROOT
            assert not line or int(line) <= len((ROOT / path).read_text("utf-8").splitlines())


def test_the_oscal_package_validates_the_sample_and_follows_import_ap(
    written: Path, tmp_path: Path
) -> None:
    consumer("oscal", OSCAL_PACKAGE)
    from oscal import OSCAL
    from oscal.oscal_content import ImportState
    from oscal.oscal_support import configure_support

    configure_support(support_file=str(tmp_path / "oscal_support.db"))  # not ./support/
    doc = OSCAL.load(str(written / "assessment-results.json"))
    assert doc.is_valid, doc.validation_errors[:5]
    assert all(doc.validation_status.values()), doc.validation_status
    (ap,) = doc.import_list
    assert ap["status"] is ImportState.READY
    plan_file = written / "plans" / "assessment-plan.json"
    assert Path(ap["href_valid"]) == plan_file
    (rlink,) = _results(written)["assessment-results"]["back-matter"]["resources"][0]["rlinks"]
    assert rlink["hashes"][0]["value"] == hashlib.sha256(plan_file.read_bytes()).hexdigest()
    plan = ap["object"]
    assert plan.model == "assessment-plan" and plan.is_valid, plan.validation_errors[:5]
    assert all(plan.validation_status.values()), plan.validation_status


def test_trestle_loads_the_sample(written: Path) -> None:
    consumer("trestle", "pip install -e '.[oscal]'")
    from trestle.oscal.assessment_plan import AssessmentPlan
    from trestle.oscal.assessment_results import AssessmentResults

    results = AssessmentResults.oscal_read(written / "assessment-results.json")
    assert results is not None and results.results[0].findings and results.results[0].risks
    plan = AssessmentPlan.oscal_read(written / "plans" / "assessment-plan.json")
    assert plan is not None and plan.reviewed_controls.control_selections


@pytest.fixture(scope="module")
def at_scale(scale_report: Report, scale_repository: Path, tmp_path_factory: Any) -> Path:
    report = view(scale_report, "oscal")
    path: Path = tmp_path_factory.mktemp("oscal-scale") / "assessment-results.json"
    with path.open("wb") as out:
        out.writelines(oscal.iter_render(report, RenderOptions(source_root=scale_repository)))
    return path


def test_at_scale_the_size_follows_what_needs_attention(
    scale_report: Report, at_scale: Path
) -> None:
    size = at_scale.stat().st_size
    attention = sum(scale_report.count(status) for status in ATTENTION)
    assert size <= MAX_BYTES_AT_SCALE
    assert size <= MAX_BYTES_PER_ATTENTION * attention + 1_000_000


def test_at_scale_every_evaluation_that_needs_attention_is_there(
    scale_report: Report, at_scale: Path
) -> None:
    result = json.loads(at_scale.read_bytes())["assessment-results"]["results"][0]
    accounts = [o for o in result["observations"] if prop(o, "account-id")]
    attention = {f.fingerprint for f in scale_report.findings if f.status in ATTENTION}
    assert {prop(o, "fingerprint") for o in accounts} == attention
    assert {prop(o, "status") for o in accounts} <= {s.value for s in ATTENTION}
    assert Status.PASS.value not in {prop(o, "status") for o in accounts}
    related = {r["observation-uuid"] for f in result["findings"] for r in f["related-observations"]}
    assert {o["uuid"] for o in accounts} <= related


def test_at_scale_trestle_loads_it(at_scale: Path) -> None:
    """About 15 s on a 2-core machine: cheap enough for every CI run."""
    consumer("trestle", "pip install -e '.[oscal]'")
    from trestle.oscal.assessment_results import AssessmentResults

    loaded = AssessmentResults.oscal_read(at_scale)
    assert loaded is not None and loaded.results[0].findings
