"""Whether a control applies to an account: its dimensions, its platform's capabilities, `when`.

An account outside a dimension the control restricts, on a platform that offers none of the
capabilities it needs, or where its `when` does not hold, is not applicable. Only where none of
these excludes it does a blank dimension (no tier) or an unknown `when` leave the question open:
then the control is not assessed, and says why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from smaudit.catalogue.capabilities import FIELD
from smaudit.inventory.fields import dimension_values
from smaudit.model import AppliesTo, Status
from smaudit.reading.document import format_path
from smaudit.rules import Node, Trace

Dimensions = tuple[tuple[str, tuple[str, ...]], ...]
"""The account fields that bound a control's scope, and their allowed values (those set)."""


class Decision(NamedTuple):
    status: Status | None
    """None where the control applies; else not_applicable, or error where it cannot tell."""
    reason: str
    missing: str = ""
    """For an error: the field whose absence leaves it open (tier, credentials.stored_in)."""


def decide(
    applies_to: AppliesTo,
    dimensions: Dimensions,
    when: Node | None,
    fields: Mapping[str, Any],
    platform: str,
    *,
    capabilities: bool = True,
) -> Decision:
    """Whether the control applies, and why not. With `capabilities=False` the platform's
    capabilities are not asked about (gaps.py asks them first)."""
    undecided: list[tuple[str, tuple[str, ...]]] = []
    for key, allowed in dimensions:
        value = fields.get(key)
        if value is None:
            # A blank status or tier decides nothing either way: assuming the account in scope
            # would report failures of a control that may not apply, assuming it out would
            # hide real ones. SM-GOV-01 reports the blank field itself.
            if not set(dimension_values(key)) <= set(allowed):  # else it decides nothing
                undecided.append((key, allowed))
        elif value not in allowed:
            return Decision(
                Status.NOT_APPLICABLE,
                f"not applicable: {key} {value} is outside this control's scope "
                f"({', '.join(allowed)})",
            )
    if capabilities and lacks(applies_to, fields):
        return Decision(
            Status.NOT_APPLICABLE,
            f"not applicable: {platform} does not offer "
            f"{' or '.join(c.replace('_', ' ') for c in applies_to.capabilities)} "
            "(platform capabilities: controls/platforms.yaml, corrected by the inventory's "
            "agency.platform_capabilities)",
        )
    verdict = True if when is None else when.eval(fields, fields, (), None)
    if verdict is False:
        assert when is not None
        return Decision(Status.NOT_APPLICABLE, f"not applicable: {when.describe()} does not hold")
    if undecided:
        key, allowed = undecided[0]
        return Decision(
            Status.ERROR,
            f"not assessed: {key} missing (needed to decide whether this control applies: "
            f"it covers {key} {', '.join(allowed)})",
            key,
        )
    if verdict is None:
        assert when is not None
        trace: Trace = []
        when.eval(fields, fields, (), trace)
        missing = next((e for e in trace if e.outcome is Status.ERROR), None)
        what = format_path(missing.path) if missing else "a field"
        return Decision(
            Status.ERROR,
            f"not assessed: {what} missing (needed to decide whether this control applies)",
            what,
        )
    return Decision(None, "")


def lacks(applies_to: AppliesTo, fields: Mapping[str, Any]) -> bool:
    """The platform offers none of the capabilities the control needs (an unknown one counts
    as offered: the control is then judged on the account itself)."""
    offered = fields.get(FIELD, {})
    needed = applies_to.capabilities
    return bool(needed) and all(offered.get(c) is False for c in needed)
