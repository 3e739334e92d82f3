"""How a finding is worded: its message, its evidence, and the fact that decided it.

Pure, like the engine: the facts come from a traced evaluation of the control's check; personal
values are shown masked unless the run may show them; a fact inherited from a block stated for
many accounts says where it was stated.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from smaudit.catalogue.capabilities import GAPS
from smaudit.model import Account, Control, Evidence, Status
from smaudit.model.inventory import PERSON_REF_KEYS
from smaudit.reading.document import format_path
from smaudit.rules import Trace
from smaudit.rules.nodes import Expectation, TraceEntry
from smaudit.rules.paths import MISSING
from smaudit.safety.redact import person_label, present

Explanation = tuple[str, tuple[Evidence, ...], tuple[str | int, ...] | None]
"""A finding's message, its evidence, and the path of the fact that decided it."""
Explained = dict[Any, Explanation]
_EXPLAINED_KEPT = 4096
"""Explanations one control keeps for reuse: enough for the patterns that recur (a field that a
whole inventory lacks), a bound on memory where none do."""


def explain(
    trace_of: Callable[[Any], Trace],
    control: Control,
    account: Account,
    status: Status,
    reason: str,
    show: bool,
    explained: Explained,
) -> Explanation:
    """Why the account has this outcome. Accounts with the same facts get the same words, so
    an explanation is reused, one object shared, where the facts repeat: each account that
    lacks a field has the same message and evidence as the next, and there can be a million.
    `trace_of(fields)` is what the control's check records for the account (`Node.eval` with a
    trace; rules/templates.py's `Traces.trace` fills one in per shape of finding)."""
    fields = account.fields
    trace: Trace = [] if reason else trace_of(fields)

    # a partial, not a nested function: compiled (Cython), a nested function and the generator
    # below would share one scope that holds the function, a reference cycle per finding, which
    # a run without the cyclic collector (cli/app.py) would keep to its end
    shown = partial(present, show_personal_data=show)

    facts = []
    decisive: TraceEntry | None = None
    expected = ""
    for entry in trace:
        if entry.path[:1] == (GAPS,):
            entry = _stated(entry, fields)
        words = entry.expectation.render(shown)
        facts.append((entry, words))
        if decisive is None and entry.outcome is status and entry.decisive:
            decisive, expected = entry, words
    source = account.source_of(decisive.path) if decisive else None
    # inherited blocks are shared objects: accounts that inherit the same ones word alike
    inherited = tuple((name, id(block)) for name, block in account.inherited.items())
    key = _facts_key(status, reason, facts, decisive, fields, inherited)
    if key is not None and (known := explained.get(key)) is not None:
        return known
    evidence = tuple(
        Evidence(
            format_path(entry.path),
            None if entry.value is MISSING else shown(entry.value, entry.key),
            words,
            entry.outcome,
            _source(account, entry.path),
            entry.decisive,
        )
        for entry, words in facts
    )
    message = reason or _message(control, status, decisive, expected, show, fields)
    if source is not None and not reason:
        message = f"{message} [{source}]"
    explanation = (message, evidence, decisive.path if decisive else None)
    if key is not None and len(explained) < _EXPLAINED_KEPT:
        explained[key] = explanation
    return explanation


def _stated(entry: TraceEntry, fields: Any) -> TraceEntry:
    """A fact read through the derived capability_gaps as the account states it: a risk
    acceptance at its place in risk_acceptances, and a gap whose need is unknown as the field
    that would decide it (the tier, say), so that messages name what the user can write."""
    path = entry.path
    gap = _step(fields.get(GAPS), path[1]) if len(path) > 1 else None
    if not isinstance(gap, dict):
        return entry
    if path[2:] == ("applies",) and gap.get("unknown"):
        wanted = f"known, to decide whether {', '.join(gap['needed_by'])} applies"
        field = tuple(str(gap["unknown"]).split("."))
        return entry._replace(path=field, key=field[-1], expectation=_fixed_words(wanted))
    if path[2:] == ("acceptances",):  # the acceptances that would close this gap
        wanted = (
            f"at least one naming {' or '.join(gap['capabilities'])} (needed by "
            f"{', '.join(gap['needed_by'])}), approved and in force on the run date"
        )
        value = entry.value if entry.value else MISSING  # none at all: no record of one
        return entry._replace(
            path=("risk_acceptances",), value=value, expectation=_fixed_words(wanted)
        )
    if path[2:3] == ("acceptances",) and len(path) > 3:
        item = _step(gap.get("acceptances"), path[3])
        own = fields.get("risk_acceptances") or []
        place = next((k for k, a in enumerate(own) if a is item), None)
        if place is not None:
            return entry._replace(path=("risk_acceptances", place, *path[4:]))
    return entry


def _source(account: Account, path: tuple[str | int, ...]) -> str:
    source = account.source_of(path)
    return "" if source is None else str(source)


def _facts_key(
    status: Status,
    reason: str,
    facts: list[tuple[TraceEntry, str]],
    decisive: TraceEntry | None,
    fields: Any,
    inherited: Any,
) -> Any:
    """Everything an explanation is made of, or None where a value cannot be a key. A value's
    type is part of it (1, 1.0 and True are equal but read differently) and a float's text
    (-0.0 equals 0.0); the roster ids a message names along the decisive path, too."""
    parts: list[Any] = [status, reason, inherited]
    for entry, words in facts:
        value = entry.value
        shown = repr(value) if type(value) is float else value
        parts.append((entry.path, entry.key, type(value), shown, words, entry.outcome))
        parts.append(entry is decisive)
    if decisive is not None and not PERSON_REF_KEYS.isdisjoint(
        p for p in decisive.path if isinstance(p, str)
    ):
        parts.append(who(decisive.path, fields))
    key = tuple(parts)
    try:
        hash(key)
    except TypeError:  # a list or a mapping among the values
        return None
    return key


def _fixed_words(text: str) -> Expectation:
    return Expectation(lambda _operand: text, None, text=text)


def who(path: tuple[str | int, ...], fields: Any, show_personal_data: bool = False) -> str:
    """The path with each person it passes through named, so a message says who:
    `credentials.holders[1].person (person-1a2b3c4d).status`, by roster id with
    show_personal_data (an id is often a username, an address or a name); and a capability gap
    by what it lacks: `capability_gaps[0] (security_keys or passkeys, needed by SM-IA-03)`."""
    text, value, previous = "", fields, None
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
        value = _step(value, part)
        if part in PERSON_REF_KEYS and isinstance(value, dict) and value.get("id"):
            text += f" ({person_label(str(value['id']), show_personal_data)})"
        elif previous == GAPS and isinstance(part, int) and isinstance(value, dict):
            wanted = " or ".join(value.get("capabilities", ()))
            controls = ", ".join(value.get("needed_by", ()))
            where = "" if value.get("applies") else " where it applies"
            text += f" ({wanted}, needed by {controls}{where})"
        previous = part
    return text or "(account)"


def _step(value: Any, part: str | int) -> Any:
    if isinstance(part, int):
        return value[part] if isinstance(value, list) and part < len(value) else None
    return value.get(part) if isinstance(value, dict) else None


def _message(
    control: Control,
    status: Status,
    entry: TraceEntry | None,
    expected: str,
    show_personal_data: bool,
    fields: Any,
) -> str:
    if entry is None:
        return f"{control.title}: passed" if status is Status.PASS else control.title
    path = who(entry.path, fields, show_personal_data)
    if entry.value is MISSING:
        if status is Status.FAIL:
            # a record of a required action that is absent: the action was not done
            return f"no record of {path} (expected {expected})"
        return f"not assessed: {path} missing (expected {expected})"
    actual = present(entry.value, entry.key, show_personal_data)
    if status is Status.ERROR:
        shown = show_value(actual)
        return f"not assessed: {path} is {shown}, which cannot be judged (expected {expected})"
    if status is Status.PASS:
        return f"{control.title}: passed"
    return f"{path} is {show_value(actual)}; expected {expected}"


def show_value(value: Any) -> str:
    """A presented value as a message shows it: true/false, [a, b], plain text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(map(str, value)) + "]" if value else "none"
    return str(value)
