"""The inventory writer: values read back as written, comments guide, output is deterministic."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import pytest

from smaudit.inventory import load_inventory
from smaudit.inventory.importers.assemble import Naming, assemble, normalise
from smaudit.inventory.importers.records import ImportResult, SourceRecord
from smaudit.inventory.importers.registry import import_registry
from smaudit.inventory.writer import render, scalar
from smaudit.model import Location
from smaudit.reading.files import load_bytes
from smaudit.schemas import load_schema

DATA = Path(__file__).parent / "data"
TRICKY = [
    "208719",
    "0x1F",
    "0o17",
    "1e3",
    "-5",
    "+5",
    ".inf",
    ".5",
    "~",
    "null",
    "NULL",
    "true",
    "False",
    "yes",
    "no",
    "on",
    "",
    "a: b",
    "a #b",
    "#hash",
    "- dash",
    "@handle",
    "it's",
    'say "hi"',
    "{braces}",
    "[list]",
    "a, b",
    "*star",
    "&anchor",
    "!tag",
    "%pct",
    "|pipe",
    ">gt",
    "?q",
    "Oficina Señal",
    "2026-01-01",
    "line\nbreak",
    "foo:",
    "a - b",
    "a:b c",
    "https://x.com/a?b=c&d=e#f",
    "Ñandú",
    "US.NationalWeatherService.Brownsville.gov",
]


@pytest.mark.parametrize("value", TRICKY)
def test_every_scalar_reads_back_as_the_same_string(value: str) -> None:
    doc = load_bytes(f"key: {scalar(value)}\n".encode(), "t.yaml")
    assert doc.data == {"key": " ".join(value.split())}


def test_random_strings_read_back_as_written() -> None:
    alphabet = "aZ09 _-.,:;#@&*!|>?'\"%`{}[]()/\\~+=é\t"
    rng = random.Random(8)
    for _ in range(3000):
        value = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12)))
        doc = load_bytes(f"key: {scalar(value)}\n".encode(), "t.yaml")
        assert doc.data == {"key": " ".join(value.split())}, (value, scalar(value))


def _one(**fields: object) -> ImportResult:
    source = SourceRecord("row 2", Location("t.csv", 2, 1), **fields)  # type: ignore[arg-type]
    return assemble(normalise([source]), "t.csv", "test", Naming(agency="Department of Tests"))


def test_numeric_handles_and_registry_ids_stay_strings(tmp_path: Path) -> None:
    result = _one(service="facebook", url="https://facebook.com/8037068318", registry_id="42")
    out = tmp_path / "out.yaml"
    out.write_text(render(result, "t"), encoding="utf-8")
    fields = load_inventory([out]).accounts[0].fields
    assert fields["handle"] == "8037068318"
    assert fields["registry"] == {"registered": False, "id": "42"}


def test_the_output_is_deterministic_and_says_what_to_fill_in() -> None:
    first = render(import_registry(DATA / "registry_export.csv"), "smaudit import registry")
    second = render(import_registry(DATA / "registry_export.csv"), "smaudit import registry")
    assert first == second
    assert "# to fill in: status, owner, backup_owner, login, mfa, recovery, credentials" in first
    assert "# registry contacts: jane.doe@example.gov, old.person@example.gov" in first
    assert "name: Department of Examples  # the agency most records name: check it" in first
    assert "# email_domains: [example.gov]" in first
    assert "not assessed" in first
    for absent in ("\n    mfa:", "\n    owner:", "\n    credentials:", "\n    login:"):
        assert absent not in first


def test_an_empty_import_is_still_a_valid_inventory(tmp_path: Path) -> None:
    result = assemble(normalise([]), "empty.csv", "test")
    out = tmp_path / "out.yaml"
    out.write_text(render(result, "t"), encoding="utf-8")
    inventory = load_inventory([out])
    assert inventory.accounts == () and inventory.agency.name == "Unnamed agency"


def test_the_first_line_names_the_schema_for_editors() -> None:
    """yaml-language-server reads the modeline only as a comment of its own line; the URL is
    the inventory schema's own `$id`, so an editor fetches the same schema smaudit validates."""
    for result in (
        import_registry(DATA / "registry_export.csv"),
        assemble(normalise([]), "empty.csv", "test"),
    ):
        first = render(result, "t").splitlines()[0]
        assert first == f"# yaml-language-server: $schema={load_schema('inventory')['$id']}"


def test_a_skeleton_records_its_source_and_each_accounts_evidence(tmp_path: Path) -> None:
    """SM-AU-02 dates facts by their source: the import's file, its system and, where the
    export says, the day it was made; each account names the fields it got from it."""
    dated = dataclasses.replace(
        import_registry(DATA / "registry_export.csv"), exported_on=dt.date(2026, 11, 30)
    )
    out = tmp_path / "out.yaml"
    out.write_text(render(dated, "t"), encoding="utf-8")
    inventory = load_inventory([out])
    first = inventory.accounts[0].fields
    (evidence,) = first["evidence"]
    assert evidence["source"] == {
        "id": "digital-registry-2026-11-30",
        "system": "digital-registry",
        "file": "registry_export.csv",
        "recorded_on": dt.date(2026, 11, 30),
    }
    assert {"platform", "url", "registry.registered"} <= set(evidence["fields"])
    undated = render(import_registry(DATA / "registry_export.csv"), "t")
    assert "  - id: digital-registry-registry-export-csv\n" in undated
    assert "    # recorded_on: YYYY-MM-DD  # the day the export was made" in undated
