"""Capability gaps: the safeguards a profile asks for that an account's platform cannot provide.

A control that needs a capability the platform lacks (security keys, an authenticator app,
delegated roles, ...) is not applicable on that account. The gap does not vanish: each account
carries the list of its gaps as `capability_gaps`, and SM-ACQ-01 asks for a risk acceptance in
force for every one. Gaps come from the profile's controls, not from a `--select`ion, so that
running SM-ACQ-01 alone asks for the same acceptances as running the whole profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from smaudit.assessment.compiled import CompiledControl, compile_controls
from smaudit.assessment.scope import decide, lacks
from smaudit.model import Control, Status

GapFinder = Callable[[Mapping[str, Any]], list[dict[str, Any]]]


def gap_finder(
    required: Sequence[Control], parameters: Mapping[str, Any], as_of: dt.date
) -> GapFinder:
    """The gaps of one account's fields (with platform capabilities attached) under `required`."""
    units = compile_controls([c for c in required if c.applies_to.capabilities], parameters, as_of)

    def gaps(fields: Mapping[str, Any]) -> list[dict[str, Any]]:
        # by the capabilities that would close the gap: the controls that need them, and the
        # field that leaves it open whether they apply ("" where they surely do)
        found: dict[tuple[str, ...], tuple[list[str], str | None]] = {}
        for unit in units:
            lacking = _lacks(unit, fields)
            if lacking is None:
                continue
            capabilities = unit.control.applies_to.capabilities
            needed_by, unknown = found.get(capabilities, ([], None))
            # a gap is sure if one control surely needs it
            unknown = "" if lacking == "" or unknown == "" else (unknown or lacking)
            found[capabilities] = ([*needed_by, unit.control.id], unknown)
        acceptances = fields.get("risk_acceptances") or []
        return [
            {
                "capabilities": list(capabilities),
                "needed_by": needed_by,
                # absent where the dependent controls' scope is unknown (a blank tier, say):
                # then an acceptance settles it, and without one the gap cannot be judged
                **({"unknown": unknown} if unknown else {"applies": True}),
                "acceptances": [a for a in acceptances if a.get("capability") in capabilities],
            }
            for capabilities, (needed_by, unknown) in found.items()
        ]

    return gaps


def _lacks(unit: CompiledControl, fields: Mapping[str, Any]) -> str | None:
    """Whether the control would apply to the account but for capabilities its platform lacks:
    "" where it surely would, the field that leaves it open where its scope cannot be decided
    (tier, for a blank tier), None where it would not."""
    control = unit.control
    if not lacks(control.applies_to, fields):
        return None
    decision = decide(control.applies_to, unit.scope, unit.when, fields, "", capabilities=False)
    if decision.status is Status.NOT_APPLICABLE:
        return None
    return decision.missing if decision.status is Status.ERROR else ""
