"""The inventory's sources: each export an import read and each attestation an officer made,
defined in any file of a split inventory (the same entry may recur, word for word, in several)
and named by the `evidence` entries of accounts and people."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

from smaudit.errors import Problem
from smaudit.inventory.fields import account_fields, roster_fields
from smaudit.inventory.values import Context, normalise, problem
from smaudit.model.inventory import PERSON_REF_KEYS
from smaudit.reading.document import Document, JsonPath


def source_entries(
    docs: Sequence[Document], contexts: Mapping[int, Context], problems: list[Problem]
) -> dict[str, Mapping[str, Any]]:
    """Each source by id, its dates read. Files of a split inventory may each define the same
    source, word for word (each was merged from the same export); a second definition that
    differs, or a repeat within one file, is a problem."""
    sources: dict[str, Mapping[str, Any]] = {}
    first: dict[str, tuple[Document, str, dict[str, Any]]] = {}
    for doc in docs:
        for index, raw in enumerate(doc.data.get("sources", [])):
            sid = raw["id"]
            line, column = doc.where(("sources", index))
            stated = {key: value for key, value in raw.items() if not key.startswith("x-")}
            if sid in first:
                other, where, earlier = first[sid]
                if other is not doc and stated == earlier:
                    continue  # the same source, defined again beside the accounts it dates
                differs = "defined differently" if other is not doc else "first defined"
                problems.append(
                    Problem(
                        doc.file,
                        line,
                        column,
                        f"duplicate source id {sid!r} ({differs} at {where})",
                    )
                )
                continue
            first[sid] = (doc, f"{doc.file}:{line}:{column}", stated)
            sources[sid] = normalise(raw, contexts[id(doc)], ("sources", index))
    return sources


def read_person_evidence(
    roster: Mapping[str, tuple[Document, int]],
    people: Mapping[str, dict[str, Any]],
    contexts: Mapping[int, Context],
) -> None:
    """Each roster entry's `evidence`, read once the sources are (a source may name a person,
    `attested_by`, so the people are read first): sources resolved, fields checked.
    `contexts`: each file's, with the sources."""
    for pid, (doc, index) in roster.items():
        evidence = people[pid].get("evidence")
        if not evidence:
            continue
        ctx = contexts[id(doc)]
        normalise(evidence, ctx, ("people", index, "evidence"))
        check_evidence_fields(people[pid], ctx, ("people", index), "person")
        mark_superseded(evidence)


UNSOURCED = "unsourced_facts"
_NOT_FACTS = frozenset({"id", "platform", "handle", "url", "evidence"})
"""An account's identity (what the registry and reconcile check) and its evidence itself."""


def mark_unsourced(fields: dict[str, Any]) -> None:
    """Set the account's derived `unsourced_facts`: each fact (a field's dotted path; a list, or
    a person named, as one fact) that no evidence entry vouches for, where the account names
    any evidence at all. SM-AU-02 fails an account that records where some facts came from but
    not others: those others are as old as nobody knows."""
    evidence = fields.get("evidence")
    if not isinstance(evidence, list) or not evidence:
        return
    named = [entry.get("fields") for entry in evidence]
    if any(names is None for names in named):  # an entry naming no fields vouches for all
        fields[UNSOURCED] = []
        return
    # A name inside a list (`credentials.holders.mfa`, as a merge that filled some holders'
    # MFA writes) does not vouch for the list: the entry does not say which items it means,
    # and a holder typed in by hand beside them would pass for the export's.
    vouched = {name for names in named for name in names}
    unsourced: list[str] = []
    _unsourced(fields, "", vouched, unsourced)
    fields[UNSOURCED] = unsourced


def _unsourced(record: dict[str, Any], prefix: str, vouched: set[str], out: list[str]) -> None:
    for key, value in record.items():
        if prefix or key not in _NOT_FACTS:
            path = f"{prefix}{key}"
            if path in vouched:
                continue
            if isinstance(value, dict) and value and key not in PERSON_REF_KEYS:
                _unsourced(value, f"{path}.", vouched, out)
            else:
                out.append(path)


def mark_superseded(entries: Any) -> None:
    """Set each evidence entry's derived `superseded`: true where a source recorded later
    vouches for every field it does (an entry with no `fields` vouches for every fact), so a
    re-import makes facts current without an officer deleting the old entries."""
    if not isinstance(entries, list):
        return
    for entry in entries:
        entry["superseded"] = any(
            _newer(other, entry) and _covers(other.get("fields"), entry.get("fields"))
            for other in entries
            if other is not entry
        )


def _recorded(entry: Mapping[str, Any]) -> dt.date | None:
    source = entry.get("source")
    day = source.get("recorded_on") if isinstance(source, Mapping) else None
    return day if isinstance(day, dt.date) else None


def _newer(one: Mapping[str, Any], other: Mapping[str, Any]) -> bool:
    """Whether `one` dates the facts later than `other`. An undated entry is older than any
    dated one: the facts are at least as current as the dated source that vouches for them."""
    first, second = _recorded(one), _recorded(other)
    return first is not None and (second is None or first > second)


def _covers(wider: list[str] | None, narrower: list[str] | None) -> bool:
    if wider is None:
        return True
    if narrower is None:
        return False
    return all(any(f == w or f.startswith(f"{w}.") for w in wider) for f in narrower)


def check_evidence_fields(
    fields: Mapping[str, Any], ctx: Context, path: JsonPath, record: str = "account"
) -> None:
    """Each field an evidence entry names is one the record (an account, or a person) can
    hold: a misspelt one would vouch for nothing, and SM-AU-02 would date facts it does not
    cover."""
    known = _known_fields(record)
    for i, entry in enumerate(fields.get("evidence") or ()):
        for j, name in enumerate(entry.get("fields") or ()):
            if name not in known:
                near = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f"; did you mean {near[0]!r}?" if near else ""
                where = (*path, "evidence", i, "fields", j)
                ctx.problems.append(
                    problem(ctx, where, f"unknown field {name!r} (a field of the {record}){hint}")
                )


@cache
def _known_fields(record: str) -> frozenset[str]:
    index = account_fields() if record == "account" else roster_fields()
    return frozenset(".".join(p) for p in index)
