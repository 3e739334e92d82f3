"""The starter templates as they ship: each validates against its schema, names it on its first
line, matches its SchemaStore entry, and the CI files are valid for their platform."""

from __future__ import annotations

import fnmatch
import json
import os
from importlib import resources
from typing import Any

import jsonschema
import pytest
import yaml

from smaudit.reading.files import load_bytes
from smaudit.reading.limits import DEFAULT_LIMITS
from smaudit.schemas import SCHEMA_BASE, load_schema
from smaudit.starter import CI_FILES, REF_TOKEN, STARTER, Ci, StarterFile, release_ref, text
from tests.conftest import ROOT

CATALOG = json.loads((ROOT / "src/smaudit/schemas/catalog.json").read_text(encoding="utf-8"))
SCHEMA_OF = {"inventory": "inventory", "waivers": "waivers", "profile": "profile"}
CI_SCHEMA = {Ci.GITHUB: "github-workflows.json", Ci.GITLAB: "gitlab-ci.json"}


@pytest.mark.parametrize("file", STARTER, ids=lambda f: f.role)
def test_each_starter_file_validates_and_names_its_schema(file: StarterFile) -> None:
    body = text(file)
    schema = load_schema(SCHEMA_OF[file.role])
    first = body.splitlines()[0]
    assert first == f"# yaml-language-server: $schema={SCHEMA_BASE}{file.role}.schema.json"
    assert first.endswith(schema["$id"])
    jsonschema.validate(yaml.safe_load(body), schema)


@pytest.mark.parametrize("file", STARTER, ids=lambda f: f.role)
def test_each_starter_name_matches_its_own_catalog_entry_only(file: StarterFile) -> None:
    """An editor that reads SchemaStore's catalog finds the schema by the file's name alone."""
    matched = [
        entry["url"]
        for entry in CATALOG["schemas"]
        if any(fnmatch.fnmatchcase(file.path.name, p) for p in entry["fileMatch"])
    ]
    assert matched == [load_schema(SCHEMA_OF[file.role])["$id"]]


def test_the_inventory_has_one_account_of_each_common_platform() -> None:
    data = yaml.safe_load(text(STARTER[0]))
    platforms = [account["platform"] for account in data["accounts"]]
    assert platforms == ["facebook", "x", "instagram", "youtube", "linkedin"]


def test_ci_files_pin_this_release() -> None:
    for ci, files in CI_FILES.items():
        for file in files:
            body = text(file)
            assert REF_TOKEN not in body and release_ref() in body, ci
    workflow = yaml.safe_load(text(CI_FILES[Ci.GITHUB][0]))
    [step] = [s for s in workflow["jobs"]["smaudit"]["steps"] if "smaudit/" in s["uses"]]
    assert step["uses"] == f"smaudit/smaudit@{release_ref()}"
    assert sorted(step["with"]) == ["fail-on", "paths", "profile", "waivers"]
    gitlab = yaml.safe_load(text(CI_FILES[Ci.GITLAB][0]))
    assert gitlab["include"][0]["remote"].endswith("/ci/gitlab/smaudit.gitlab-ci.yml")
    assert gitlab["variables"]["SMAUDIT_VERSION"] == release_ref()


def _vendored(name: str) -> dict[str, Any]:
    """SchemaStore's schema for a CI file, as check-jsonschema vendors it (offline)."""
    try:
        vendor = resources.files("check_jsonschema.builtin_schemas.vendor")
    except ModuleNotFoundError:
        if os.environ.get("SMAUDIT_EXPECT_CHECK_JSONSCHEMA"):
            raise
        pytest.skip("check-jsonschema is not installed (pip install check-jsonschema)")
    schema: dict[str, Any] = json.loads(vendor.joinpath(name).read_text("utf-8"))
    return schema


@pytest.mark.parametrize("ci", list(CI_SCHEMA), ids=lambda c: c.value)
def test_ci_files_are_valid_for_their_platform(ci: Ci) -> None:
    schema = _vendored(CI_SCHEMA[ci])
    for file in CI_FILES[ci]:
        validator = jsonschema.validators.validator_for(schema)(schema)
        # read as YAML 1.2, as GitHub and GitLab do (PyYAML's 1.1 would read `on:` as True)
        data = load_bytes(text(file).encode(), file.template, DEFAULT_LIMITS).data
        errors = [e.message for e in validator.iter_errors(data)]
        assert not errors, errors
