"""`smaudit todo --format json`: a versioned document (`smaudit schema todo`)."""

from __future__ import annotations

import json
from typing import Any

from smaudit import __version__
from smaudit.assessment.todo import OwnerTasks, Task, Worklist
from smaudit.formats.options import RenderOptions

SCHEMA_VERSION = "1.0.0"


def render(worklist: Worklist, _options: RenderOptions) -> str:
    document = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "smaudit", "version": __version__},
        "kind": "todo",
        "profile": worklist.profile,
        "as_of": worklist.as_of.isoformat(),
        "accounts": worklist.accounts,
        "not_assessed": worklist.not_assessed,
        "personal_data_shown": worklist.personal_data_shown,
        "owners": [_owner(o) for o in worklist.owners],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _owner(owner: OwnerTasks) -> dict[str, Any]:
    return {
        "owner": owner.owner,
        "accounts": owner.accounts,
        "checks": owner.checks,
        "tasks": [_task(t) for t in owner.tasks],
    }


def _task(task: Task) -> dict[str, Any]:
    return {
        "field": task.field,
        "unusable": task.unusable,
        "accounts": list(task.accounts),
        "controls": list(task.controls),
        "checks": task.checks,
    }
