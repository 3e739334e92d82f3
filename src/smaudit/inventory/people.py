"""The roster: each person defined once, read as of the run date (a departure that has come
counts whatever `status` says)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from smaudit.errors import Problem
from smaudit.inventory.values import Context, normalise, problem
from smaudit.model import Location, Person
from smaudit.reading.document import Document
from smaudit.safety.redact import person_label


def roster_entries(
    docs: Sequence[Document], problems: list[Problem]
) -> dict[str, tuple[Document, int]]:
    """Where each person id is defined: its file and its index in `people`; a second
    definition of an id is a problem."""
    people: dict[str, tuple[Document, int]] = {}
    for doc in docs:
        for index, person in enumerate(doc.data.get("people", [])):
            pid = person["id"]
            if pid in people:
                other, other_index = people[pid]
                first = other.where(("people", other_index))
                line, column = doc.where(("people", index))
                problems.append(
                    Problem(
                        doc.file,
                        line,
                        column,
                        f"duplicate person id {person_label(pid, False)} (first defined at "
                        f"{other.file}:{first[0]}:{first[1]})",
                    )
                )
                continue
            people[pid] = (doc, index)
    return people


def person_fields(ctx: Context, index: int) -> dict[str, Any]:
    raw = ctx.doc.data["people"][index]
    fields: dict[str, Any] = normalise(raw, ctx, ("people", index))
    separated_on = fields.get("separated_on")
    if ctx.as_of and isinstance(separated_on, dt.date):
        if separated_on <= ctx.as_of:
            fields["status"] = "separated"  # the date decides: a stale status must not hide it
        elif fields.get("status") is None:
            fields["status"] = "active"  # a departure still to come: not gone yet
        elif fields.get("status") == "separated":
            # A departure scheduled ahead is recorded as active until its day comes; "separated"
            # with a later date says two things at once, and the run cannot pick one.
            ctx.problems.append(
                problem(
                    ctx,
                    ("people", index, "status"),
                    f"status is separated, but separated_on {separated_on.isoformat()} is after "
                    f"the run date {ctx.as_of.isoformat()}: record a departure that is still to "
                    "come with status active (it takes effect on its date by itself)",
                )
            )
    return fields


def person(fields: Mapping[str, Any], doc: Document, index: int) -> Person:
    return Person(
        id=fields["id"],
        name=fields.get("name"),
        email=fields.get("email"),
        employment=fields.get("employment"),
        status=fields.get("status"),
        separated_on=fields.get("separated_on"),
        location=Location(doc.file, *doc.where(("people", index))),
    )
