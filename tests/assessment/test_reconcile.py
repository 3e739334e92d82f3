"""Reconciliation: exactly the unregistered, unknown and mismatched accounts, as a Report."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest

from smaudit.assessment.engine import Options
from smaudit.assessment.reconcile import Registry, reconcile
from smaudit.assessment.reconcile_controls import MISMATCH, UNKNOWN
from smaudit.catalogue.load import load_catalogue
from smaudit.exitcodes import ExitCode, Gate, exit_code
from smaudit.formats import FORMATS
from smaudit.formats.findings import jsonfeed, table
from smaudit.inventory import load_inventory
from smaudit.inventory.importers.registry import import_registry, registry_records
from smaudit.inventory.writer import render as render_inventory
from smaudit.model import Report, Severity, Status, fingerprint
from smaudit.schemas import load_schema
from tests.conftest import CONTROLS, needs_shared
from tests.formats.conftest import (
    junit_errors,
    ocsf_errors,
    oscal_errors,
    prometheus_errors,
    render,
    sarif_errors,
)

DATA = Path(__file__).parents[1] / "inventory" / "data"
INVENTORY = DATA / "inventory_reconcile.yaml"
GOV06 = load_catalogue(CONTROLS).controls["SM-GOV-06"]
AS_OF = dt.date(2026, 11, 20)


def run(registry_file: Path, inventory: Path = INVENTORY, **options: bool) -> Report:
    shape, normalised = registry_records(registry_file)
    registry = Registry(str(registry_file), shape, normalised.records)
    chosen = Options(run_id="r", started_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC), **options)
    return reconcile(load_inventory([inventory]), registry, GOV06, AS_OF, chosen)


def outcomes(report: Report, control_id: str, status: Status) -> set[str]:
    return {
        f.account_id for f in report.findings if f.control_id == control_id and f.status is status
    }


def test_exactly_the_unregistered_unknown_and_mismatched_accounts() -> None:
    report = run(DATA / "registry_export.csv", include_passed=True)
    assert outcomes(report, "SM-GOV-06", Status.FAIL) == {"doe-tiktok"}
    assert outcomes(report, "SM-GOV-06", Status.NOT_APPLICABLE) == {"doe-flickr-old"}
    assert outcomes(report, "RECONCILE-UNKNOWN", Status.FAIL) == {"registry:104"}
    assert outcomes(report, "RECONCILE-UNKNOWN", Status.NOT_APPLICABLE) == {"registry:105"}
    assert outcomes(report, "RECONCILE-MISMATCH", Status.FAIL) == {"doe-x", "doe-facebook"}
    assert outcomes(report, "RECONCILE-MISMATCH", Status.PASS) == {"doe-youtube", "doe-instagram"}
    # http://twitter.com/examplegov/ in the registry is https://x.com/ExampleGov in the inventory
    assert "doe-x" in outcomes(report, "SM-GOV-06", Status.PASS)


def test_mismatch_evidence_names_the_fields_and_masks_contacts() -> None:
    report = run(DATA / "registry_export.csv")
    found = {f.account_id: f for f in report.findings if f.control_id == "RECONCILE-MISMATCH"}
    facebook = found["doe-facebook"]
    assert [e.path for e in facebook.evidence] == ["handle"]
    assert facebook.message.startswith("handle is example.gov, registry: ExampleGovOld")
    contacts = found["doe-x"].evidence[0]
    assert contacts.path == "contacts"
    assert contacts.actual == ["j***@example.gov", "j***@example.gov"]
    assert contacts.expected == "[j***@example.gov, o***@example.gov]"
    shown = run(DATA / "registry_export.csv", show_personal_data=True)
    evidence = next(f for f in shown.findings if f.account_id == "doe-x").evidence[0]
    assert evidence.actual == ["jane.doe@example.gov", "john.roe@example.gov"]


def test_an_unknown_record_points_at_its_line_in_the_registry_file() -> None:
    report = run(DATA / "registry_export.csv")
    unknown = next(f for f in report.findings if f.control_id == "RECONCILE-UNKNOWN")
    assert (unknown.location.file, unknown.location.line) == (
        str(DATA / "registry_export.csv"),
        5,
    )
    assert unknown.severity is Severity.HIGH
    assert unknown.fingerprint == fingerprint("RECONCILE-UNKNOWN", "registry:104")
    assert "is in the registry but not in the inventory" in unknown.message


def test_the_report_renders_in_every_format_and_maps_to_exit_codes() -> None:
    report = run(DATA / "registry_export.csv")
    assert exit_code(report, Gate()) is ExitCode.FINDINGS
    feed = json.loads(jsonfeed.render(report))
    jsonschema.validate(feed, load_schema("findings"))
    assert feed["summary"]["by_control"]["RECONCILE-UNKNOWN"]["fail"] == 1
    text = table.render(report)
    assert "HIGH  RECONCILE-UNKNOWN  Every account in the registry is in the inventory" in text


def test_an_inventory_that_agrees_with_its_registry_is_clean(tmp_path: Path) -> None:
    registry = tmp_path / "registry.json"
    registry.write_text(
        '[{"id": 1, "service_key": "twitter", "service_url": "http://twitter.com/examplegov"}]',
        encoding="utf-8",
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "smaudit: 1\nagency: {name: Department of Examples}\naccounts:\n"
        "  - {id: doe-x, platform: x, handle: '@ExampleGov', registry: {registered: true, "
        'id: "1"}}\n',
        encoding="utf-8",
    )
    report = run(registry, inventory)
    assert report.findings == ()
    assert exit_code(report, Gate()) is ExitCode.CLEAN
    assert report.counts == {Status.PASS: 3}


def test_matching_by_registry_id_reports_a_platform_change(tmp_path: Path) -> None:
    registry = tmp_path / "registry.json"
    registry.write_text(
        '[{"id": 7, "service_key": "facebook", "service_url": "https://facebook.com/example.gov"}]',
        encoding="utf-8",
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(
        "smaudit: 1\nagency: {name: D}\naccounts:\n"
        "  - {id: a, platform: instagram, handle: example.gov, registry: {id: '7'}}\n",
        encoding="utf-8",
    )
    report = run(registry, inventory)
    mismatch = next(f for f in report.findings if f.control_id == "RECONCILE-MISMATCH")
    assert [e.path for e in mismatch.evidence] == ["platform", "handle"]
    assert not outcomes(report, "RECONCILE-UNKNOWN", Status.FAIL)


def test_the_reconcile_controls_cite_real_nist_ids() -> None:
    folder = needs_shared("reference/nist")
    text = "".join(path.read_text() for path in folder.glob("*.json"))
    for control in (UNKNOWN, MISMATCH):
        for nist in control.nist_800_53:
            assert f'"id":"{nist}"' in text, nist


def test_the_real_registry_against_its_own_import_is_clean(tmp_path: Path) -> None:
    path = needs_shared("realdata/us-digital-registry-2017/DOC_accts.json")
    inventory = tmp_path / "doc.yaml"
    inventory.write_text(render_inventory(import_registry(path), "t"), encoding="utf-8")
    report = run(path, inventory)
    # the 19 duplicate records are the same accounts, so they are known too
    assert report.findings == ()
    assert report.counts_by_control["RECONCILE-UNKNOWN"] == {Status.PASS: 410}


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_output_format_accepts_a_reconcile_report(name: str) -> None:
    report = run(DATA / "registry_export.csv", include_passed=True)
    text = render(report, name)
    validators: dict[str, Callable[[str], list[str]]] = {
        "sarif": lambda t: sarif_errors(json.loads(t)),
        "oscal": lambda t: oscal_errors(json.loads(t)),
        "ocsf": lambda t: ocsf_errors(json.loads(t)),
        "junit": junit_errors,
        "prometheus": prometheus_errors,
    }
    if name in validators:
        assert validators[name](text) == []
    assert "RECONCILE-UNKNOWN" in text or name == "prometheus"
