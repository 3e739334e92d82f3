"""The shipped schemas name themselves by a URL the repository serves, stated in one place."""

from __future__ import annotations

import fnmatch
import json
import tomllib

import jsonschema
import pytest

from smaudit.schemas import REPOSITORY, SCHEMA_BASE, SCHEMA_NAMES, load_schema
from tests.conftest import ROOT


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_each_schema_id_is_where_the_repository_serves_it(name: str) -> None:
    assert load_schema(name)["$id"] == f"{SCHEMA_BASE}{name}.schema.json"
    assert (ROOT / "src" / "smaudit" / "schemas" / f"{name}.schema.json").is_file()


def test_the_repository_is_the_one_pyproject_names() -> None:
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    assert urls["Repository"] == REPOSITORY
    assert SCHEMA_BASE.startswith(REPOSITORY.replace("github.com", "raw.githubusercontent.com"))


def test_every_shipped_schema_is_named() -> None:
    shipped = {p.name for p in (ROOT / "src" / "smaudit" / "schemas").glob("*.schema.json")}
    assert shipped == {f"{name}.schema.json" for name in SCHEMA_NAMES}


# The shape of an entry in SchemaStore's catalog (https://json.schemastore.org/schema-catalog.json,
# which no installed package vendors for an offline check): what its CI requires of a new entry.
SCHEMASTORE_CATALOG = {
    "type": "object",
    "required": ["version", "schemas"],
    "properties": {
        "$schema": {"const": "https://json.schemastore.org/schema-catalog.json"},
        "version": {"type": "number"},
        "schemas": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "description", "url"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1},
                    "description": {"type": "string", "minLength": 1},
                    "fileMatch": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                    "url": {"type": "string", "pattern": "^https://"},
                    "versions": {"type": "object", "additionalProperties": {"type": "string"}},
                },
            },
        },
    },
}
CATALOG = json.loads(
    (ROOT / "src" / "smaudit" / "schemas" / "catalog.json").read_text(encoding="utf-8")
)
ENTRIES = {entry["name"].removeprefix("smaudit "): entry for entry in CATALOG["schemas"]}
# Names many other tools' files have: the catalog must not take them for smaudit's.
GENERIC = [
    "inventory.yaml",
    "waivers.yaml",
    "profile.yaml",
    "config.yaml",
    "catalog.yaml",
    "control.yaml",
    "smaudit.yaml",
    "accounts.json",
    "ci.yml",
    "SM-IA-01.yaml",
]


def test_the_catalog_has_schemastores_shape() -> None:
    jsonschema.validate(CATALOG, SCHEMASTORE_CATALOG)
    assert len(ENTRIES) == len(CATALOG["schemas"])


@pytest.mark.parametrize("name", ["inventory", "waivers", "profile", "control"])
def test_each_catalog_url_is_the_schemas_id(name: str) -> None:
    assert ENTRIES[name]["url"] == load_schema(name)["$id"]
    # SchemaStore reads a description as a phrase of its own; it must not start with "Schema"
    assert not ENTRIES[name]["description"].lower().startswith(("schema", "json schema"))


@pytest.mark.parametrize("pattern", [p for e in ENTRIES.values() for p in e["fileMatch"]])
def test_file_match_patterns_claim_only_smaudits_files(pattern: str) -> None:
    assert "smaudit" in pattern and "/" not in pattern
    assert not [name for name in GENERIC if fnmatch.fnmatchcase(name, pattern)]
