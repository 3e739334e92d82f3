"""Every control traces to its sources: NIST ids exist, catalogue.md is encoded, docs current."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from smaudit.catalogue import docs as catalogue_docs
from smaudit.catalogue.load import load_catalogue
from smaudit.catalogue.profiles import load_profile, profile_names
from tests.conftest import CONTROLS, ROOT, needs_shared

CATALOGUE = load_catalogue(CONTROLS)


def _ids(node: Any, wanted: Any = lambda n: "class" in n) -> Iterator[str]:
    """The ids of the OSCAL objects below `node` that `wanted` picks: controls by default."""
    if isinstance(node, dict):
        if "id" in node and wanted(node):
            yield node["id"]
        for value in node.values():
            yield from _ids(value, wanted)
    elif isinstance(node, list):
        for value in node:
            yield from _ids(value, wanted)


def test_every_nist_id_cited_exists_in_the_official_catalogue() -> None:
    folder = needs_shared("reference/nist")
    official = {i for path in folder.glob("*.json") for i in _ids(json.loads(path.read_text()))}
    cited = {(c.id, n) for c in CATALOGUE.controls.values() for n in c.nist_800_53}
    assert cited, "no NIST ids cited at all"
    unknown = sorted((cid, n) for cid, n in cited if n not in official)
    assert not unknown, f"not in NIST SP 800-53 Rev 5 (HIGH + PRIVACY baselines): {unknown}"


def test_every_statement_part_cited_exists_and_its_control_is_cited() -> None:
    folder = needs_shared("reference/nist")
    official = {
        i
        for path in folder.glob("*.json")
        for i in _ids(json.loads(path.read_text()), lambda n: n.get("name") == "item")
    }
    cited = [(c, part) for c in CATALOGUE.controls.values() for part in c.nist_800_53_parts]
    assert cited, "no statement parts cited at all"
    unknown = sorted((c.id, part) for c, part in cited if part not in official)
    assert not unknown, f"not statement parts of NIST SP 800-53 Rev 5: {unknown}"
    unlisted = sorted(
        (c.id, part) for c, part in cited if part.split("_smt.")[0] not in c.nist_800_53
    )
    assert not unlisted, f"a part's control must be in nist_800_53 too: {unlisted}"


def test_every_control_in_the_guidance_catalogue_is_encoded() -> None:
    text = needs_shared("guidance/catalogue.md").read_text()
    listed = set(re.findall(r"^- \*\*(SM-[A-Z]+-\d+)\*\*", text, flags=re.M))
    assert len(listed) > 40
    missing = sorted(listed - set(CATALOGUE.controls))
    assert not missing, f"controls in catalogue.md without a control file: {missing}"


def test_every_control_names_a_source_section() -> None:
    for control in CATALOGUE.controls.values():
        assert control.references
        assert all(r.section for r in control.references), control.id


def test_generated_docs_match_the_controls() -> None:
    profiles = [load_profile(name, CATALOGUE) for name in profile_names(CATALOGUE)]
    expected = catalogue_docs.render(CATALOGUE, profiles)
    current = (ROOT / "docs" / "controls.md").read_text(encoding="utf-8")
    assert current == expected, (
        "docs/controls.md is stale: run `smaudit controls docs --output docs/controls.md`"
    )


@pytest.mark.parametrize("path", sorted((ROOT / "docs").glob("*.md")), ids=lambda p: p.name)
def test_docs_link_only_to_files_that_exist(path: Path) -> None:
    for target in re.findall(r"\]\(([^)#:]+)\)", path.read_text()):
        assert (path.parent / target).exists(), f"{path.name} links to missing {target}"


def test_the_assessment_model_names_every_shared_notion_and_scheduled_date() -> None:
    from smaudit.inventory.fields import date_keys

    text = (ROOT / "docs" / "assessment-model.md").read_text(encoding="utf-8")
    missing = [name for name in CATALOGUE.conditions if f"`{name}`" not in text]
    assert not missing, f"docs/assessment-model.md does not describe {missing}"
    _, scheduled = date_keys()
    unnamed = [key for key in sorted(scheduled) if f"`{key}`" not in text]
    assert not unnamed, f"docs/assessment-model.md does not list the scheduled dates {unnamed}"


def test_the_schema_says_what_absence_means_beside_every_field() -> None:
    from smaudit.schemas import load_schema

    kinds = {"unknown", "not-done", "none", "default", "each-field", "required"}
    schema = load_schema("inventory")

    def walk(node: Any, where: str) -> Iterator[str]:
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                if sub.get("x-absent") not in kinds:
                    yield f"{where}.{key}"
            for key, sub in node.items():
                yield from walk(sub, f"{where}.{key}")
        elif isinstance(node, list):
            for sub in node:
                yield from walk(sub, where)

    assert not list(walk(schema, "inventory"))
