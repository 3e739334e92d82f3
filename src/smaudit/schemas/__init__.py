"""The JSON Schemas smaudit ships: the single source of truth for every file users write."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

REPOSITORY = "https://github.com/smaudit/smaudit"
"""Where smaudit's source lives (pyproject.toml's project.urls says the same; a test checks)."""
SCHEMA_BASE = "https://raw.githubusercontent.com/smaudit/smaudit/main/src/smaudit/schemas/"
"""Where the repository serves each schema: its `$id` is SCHEMA_BASE + `NAME.schema.json`."""

SCHEMA_NAMES = (
    "inventory",
    "control",
    "profile",
    "waivers",
    "conditions",
    "findings",
    "drift",
    "history",
    "todo",
)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """The parsed schema `name` (one of SCHEMA_NAMES)."""
    text = resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def schema_text(name: str) -> str:
    return resources.files(__package__).joinpath(f"{name}.schema.json").read_text("utf-8")
