"""The shipped schemas name themselves by a URL the repository serves, stated in one place."""

from __future__ import annotations

import tomllib

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
