"""A fixed report for the format tests: two inventory files, every outcome, a personal email.

tests/formats/data/inventory/ holds agency.yaml (an owner on gmail.com, a failure, a pass) and
regional.yaml (a not-assessed account and a retired, not-applicable one). Paths are loaded
relative to tests/formats/data, as a user runs smaudit from their repository root, so the
outputs carry `inventory/agency.yaml` rather than a machine-specific absolute path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import pytest
import xmlschema
from prometheus_client.parser import text_string_to_metric_families

from smaudit.assessment.engine import Options, evaluate
from smaudit.assessment.planner import plan
from smaudit.catalogue.load import load_catalogue
from smaudit.formats import FORMATS, RenderOptions
from smaudit.inventory import load_inventory
from smaudit.model import Location, Report, Waiver
from tests.conftest import CONTROLS, generator, needs_shared

HERE = Path(__file__).parent
DATA = HERE / "data"
GOLDEN = HERE / "golden"
CONTROL_IDS = ("SM-IA-01", "SM-GOV-03", "SM-GOV-04")
AS_OF = dt.date(2026, 11, 20)
PARAMETERS = {"allowed_email_domains": ["example.gov"]}
RUN_ID = "0b6f3c52-8d1e-4f0a-9c77-5e2a1d4b9f10"
STARTED_AT = dt.datetime(2026, 11, 20, 14, 30, 5, tzinfo=dt.UTC)
# Staff data in the inventory that must never reach an output unless asked for.
PERSONAL = ("jane.doe", "alex.smith", "robin.lee", "Jane Doe", "Alex Smith", "Robin Lee")
CATALOGUE = load_catalogue(CONTROLS)


def build_report(*, include_passed: bool = True, show_personal_data: bool = False) -> Report:
    with contextlib.chdir(DATA):
        inventory = load_inventory([Path("inventory")])
    options = Options(
        include_passed=include_passed,
        show_personal_data=show_personal_data,
        profile="modern",
        catalogue_version="test-catalogue",
        run_id=RUN_ID,
        started_at=STARTED_AT,
    )
    controls = [CATALOGUE.controls[c] for c in CONTROL_IDS]
    return evaluate(inventory, controls, AS_OF, PARAMETERS, options)


def a_waiver(waiver_id: str, account: str, expires_on: dt.date) -> Waiver:
    """A risk acceptance of SM-IA-01 for one account, approved by a named person."""
    return Waiver(
        id=waiver_id,
        control_id="SM-IA-01",
        accounts=(account,),
        kind="risk_acceptance",
        justification="The platform offers no second factor for this account type.",
        approver_name="Pat Approver",
        approver_role="CISO",
        ticket="SEC-12",
        granted_on=dt.date(2026, 11, 1),
        expires_on=expires_on,
        location=Location("waivers.yaml", 3, 5),
    )


def view(report: Report, name: str) -> Report:
    """What the CLI hands format `name`: every outcome, or only what needs attention."""
    return report if FORMATS[name].needs_all_outcomes else report.without_passes()


def render(report: Report, name: str) -> str:
    return FORMATS[name].render(view(report, name), RenderOptions())


@pytest.fixture(scope="session")
def report() -> Report:
    return build_report()


@pytest.fixture(scope="session")
def personal_report() -> Report:
    return build_report(show_personal_data=True)


SCALE = 10_000
"""Accounts in the scale tests: what an agency with many offices runs, and where consumers'
limits (GitHub's 25,000 SARIF results, GitLab's 30 MB per report) are met."""


@pytest.fixture(scope="session")
def scale_repository(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository holding benchmarks/generate.py's inventory of SCALE accounts (seed 7)."""
    generate = generator()
    root = tmp_path_factory.mktemp("scale")
    (root / ".git").mkdir()  # what --source-root finds by default
    (root / "inventory").mkdir()
    with (root / "inventory" / "accounts.yaml").open("w", encoding="utf-8") as out:
        out.writelines(generate.to_yaml(generate.inventory(SCALE, 7)))
    return root


@pytest.fixture(scope="session")
def scale_report(scale_repository: Path) -> Report:
    """The modern profile over SCALE accounts, every outcome listed, loaded as a user in the
    repository's root would (`inventory/accounts.yaml`). Formats take `view(...)` of it."""
    with contextlib.chdir(scale_repository):
        run = plan([Path("inventory")], as_of=AS_OF)
    options = Options(
        include_passed=True,
        profile=run.profile_name,
        catalogue_version=run.catalogue.version,
        run_id=RUN_ID,
        started_at=STARTED_AT,
    )
    return evaluate(run.inventory, run.controls, AS_OF, run.parameters, options)


def shared_schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(needs_shared(f"schemas/{name}").read_text("utf-8"))
    return schema


# The official validators, one per format: each returns the problems found, [] when valid.


@functools.cache
def _sarif() -> jsonschema.Draft4Validator:
    schema = shared_schema("sarif-schema-2.1.0.json")  # OASIS errata01, draft-04
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


@functools.cache
def _oscal() -> Any:
    # plain jsonschema cannot compile the schema's \p{L} patterns; jsonschema-rs can
    schema = shared_schema("oscal_assessment-results_schema-1.2.1.json")
    return jsonschema_rs.validator_for(schema, validate_formats=True)


@functools.cache
def _ocsf() -> jsonschema.Draft202012Validator:
    schema = shared_schema("ocsf_compliance_finding-1.5.0.schema.json")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@functools.cache
def _junit() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(needs_shared("schemas/junit-10.xsd"))


def sarif_errors(doc: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in _sarif().iter_errors(doc)]


def oscal_errors(doc: Any) -> list[str]:
    return [f"{e.instance_path}: {e.message}" for e in _oscal().iter_errors(doc)]


def ocsf_errors(events: list[Any]) -> list[str]:
    """The schema describes one event; an output is an array of them."""
    return [
        f"[{index}] {list(e.absolute_path)}: {e.message}"
        for index, event in enumerate(events)
        for e in _ocsf().iter_errors(event)
    ]


def junit_errors(text: str) -> list[str]:
    """junit-10.xsd's errors but for the one attribute it forbids that smaudit writes on
    purpose: `file` on a test case, which GitLab reads and links (docs/formats.md, junit)."""
    root = ET.fromstring(text)
    for case in root.iter("testcase"):
        case.attrib.pop("file", None)
    return [str(e.reason) for e in _junit().iter_errors(ET.tostring(root, encoding="unicode"))]


def junit_schema_errors(text: str) -> list[str]:
    """junit-10.xsd's errors, all of them."""
    return [str(e.reason) for e in _junit().iter_errors(text)]


def prometheus_errors(text: str) -> list[str]:
    try:
        list(text_string_to_metric_families(text))
    except ValueError as exc:
        return [str(exc)]
    return []


def check_golden(name: str, text: str) -> None:
    """Compare with tests/formats/golden/<name>; SMAUDIT_UPDATE_GOLDEN=1 rewrites the file
    instead (then review the diff: a golden file is a public contract)."""
    path = GOLDEN / name
    if os.environ.get("SMAUDIT_UPDATE_GOLDEN") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"{path} missing: run with SMAUDIT_UPDATE_GOLDEN=1 to create it"
    assert text == path.read_bytes().decode("utf-8")


# Where each listed failure or not-assessed finding must point: (file, line, column), 1-based.
PLACES = {
    ("SM-IA-01", "hq-x"): ("inventory/agency.yaml", 26, 16),  # mfa.enabled: false
    ("SM-GOV-03", "hq-x"): ("inventory/agency.yaml", 23, 12),  # owner: jdoe (gmail address)
    ("SM-GOV-04", "region-youtube"): ("inventory/regional.yaml", 4, 5),  # no backup_owner
    ("SM-IA-01", "region-youtube"): ("inventory/regional.yaml", 4, 5),  # no mfa block
}
