"""The merge checked before anything is written: the result read back by the same reader must
be the inventory as it was plus exactly the additions, and must still be a valid inventory."""

from __future__ import annotations

import copy
from typing import Any

from smaudit.errors import InputError
from smaudit.inventory.merge.model import Plan
from smaudit.inventory.provenance import EVIDENCE, SOURCES
from smaudit.reading import validation
from smaudit.reading.document import Document, JsonPath
from smaudit.reading.files import load_bytes


def expected(data: Any, planned: Plan) -> Any:
    """The inventory's data as the merge must leave it."""
    result = copy.deepcopy(data)
    accounts = result.setdefault("accounts", [])
    for fill in (*planned.fills, *planned.stamped, *planned.replaced):
        target = accounts[fill.index]
        for step in fill.path[:-1]:
            target = target[step]
        target[fill.path[-1]] = copy.deepcopy(fill.value)
    for account in planned.added:
        accounts.append({"id": account.id, **copy.deepcopy(dict(account.fields))})
    found = planned.provenance
    if found is not None:
        for fill in found.created:
            accounts[fill.index][fill.path[-1]] = copy.deepcopy(fill.value)
        for index, item in found.appended:
            accounts[index][EVIDENCE].append(copy.deepcopy(dict(item)))
        if found.new:
            result.setdefault(SOURCES, []).append(dict(found.source))
    return result


def verify(original: Document, planned: Plan, text: str) -> None:
    """Raise InputError (nothing is written) unless `text` reads back as `expected`."""
    name = original.file
    try:
        merged = load_bytes(text.encode("utf-8"), name)
    except InputError as exc:
        raise _unexact(original, (), f"the result would not read back ({exc})") from None
    want = expected(original.data, planned)
    if merged.data != want:
        path = _first_difference(want, merged.data, ())
        raise _unexact(original, path, f"the result would change {original.describe(path)}")
    try:
        validation.check(merged, "inventory")
    except InputError as exc:
        problems = "; ".join(p.message for p in exc.problems)
        raise InputError.at(
            name, 0, 0, f"the merged inventory would not be valid ({problems}); nothing written"
        ) from None


def _unexact(doc: Document, path: JsonPath, why: str) -> InputError:
    line, column = doc.where(path)
    return InputError.at(
        doc.file,
        line,
        column,
        f"cannot merge into this file exactly: {why}; nothing was written. Add the new "
        "fields by hand, or import to a new file and compare",
    )


def _first_difference(want: Any, got: Any, path: JsonPath) -> JsonPath:
    if isinstance(want, dict) and isinstance(got, dict):
        for key in [*want, *(k for k in got if k not in want)]:
            if want.get(key, _MISSING) != got.get(key, _MISSING):
                return _first_difference(want.get(key), got.get(key), (*path, key))
    if isinstance(want, list) and isinstance(got, list):
        for index, (one, two) in enumerate(zip(want, got, strict=False)):
            if one != two:
                return _first_difference(one, two, (*path, index))
    return path


_MISSING = object()
