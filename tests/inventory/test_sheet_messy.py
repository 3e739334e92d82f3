"""A generated messy tracker (messy_sheet.py): every value it holds ends up in the inventory or
in a note naming its row and column; nothing is silently dropped."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from smaudit.inventory import load_inventory
from smaudit.inventory.importers.assemble import Naming
from smaudit.inventory.importers.spreadsheet import import_spreadsheet
from smaudit.inventory.writer import render
from tests.inventory.messy_sheet import ABSENT, NOTE, PATHS, Tracker, write_tracker


@pytest.fixture(params=[1, 2, 3, 4, 5])
def tracker(request: pytest.FixtureRequest, tmp_path: Path) -> Tracker:
    return write_tracker(tmp_path / "tracker.csv", seed=request.param)


def _get(fields: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = fields
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return ABSENT
        value = value[key]
    return str(value) if path[-1] == "last_rotated" else value


def test_every_value_is_imported_or_noted(tracker: Tracker, tmp_path: Path) -> None:
    result = import_spreadsheet(tracker.path, naming=Naming(agency="Department of Examples"))
    out = tmp_path / "inventory.yaml"
    out.write_text(render(result, "smaudit import csv"), encoding="utf-8")
    accounts = {
        (a.platform, str(a.fields["handle"]).lower()): dict(a.fields)
        for a in load_inventory([out]).accounts
    }
    assert len(accounts) == len(set(tracker.accounts.values()))
    noted = {(n.location.line, n.location.column) for n in result.notes if n.kind == "value"}
    for cell in tracker.cells:
        fields = accounts[tracker.accounts[cell.line]]
        where = f"line {cell.line} column {cell.column} {cell.raw!r}"
        if cell.key == "holder":
            person, role = cell.expected
            holders = fields["credentials"]["holders"]
            wanted = {"person": person} | ({} if role is ABSENT else {"role": role})
            assert wanted in holders, where
        elif cell.expected is NOTE:
            assert (cell.line, cell.column) in noted, where
        else:
            assert _get(fields, PATHS[cell.key]) == cell.expected, where
    # the free-form column is named, not dropped; nothing else is noted
    assert result.notes[0].message.startswith("columns not imported: Comments")
    expected_notes = {(c.line, c.column) for c in tracker.cells if c.expected is NOTE}
    assert expected_notes <= noted
    assert not [n for n in result.notes if n.kind not in ("value", "columns")]
    assert result.skipped == ()


def test_notes_never_repeat_a_holder(tracker: Tracker) -> None:
    text = "\n".join(str(n) for n in import_spreadsheet(tracker.path).notes)
    for name in ("Jane", "jdoe", "smith"):
        assert name not in text
