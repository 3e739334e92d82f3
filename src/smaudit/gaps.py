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

from smaudit.capabilities import FIELD
from smaudit.engine import CompiledControl, compile_controls
from smaudit.model import Control

GapFinder = Callable[[Mapping[str, Any]], list[dict[str, Any]]]


def gap_finder(
    required: Sequence[Control], parameters: Mapping[str, Any], as_of: dt.date
) -> GapFinder:
    """The gaps of one account's fields (with platform capabilities attached) under `required`."""
    units = compile_controls([c for c in required if c.applies_to.capabilities], parameters, as_of)

    def gaps(fields: Mapping[str, Any]) -> list[dict[str, Any]]:
        # by the capabilities that would close the gap: (controls, whether each surely applies)
        found: dict[tuple[str, ...], tuple[list[str], bool]] = {}
        for unit in units:
            lacks = _lacks(unit, fields)
            if lacks is not False:
                capabilities = unit.control.applies_to.capabilities
                needed_by, sure = found.get(capabilities, ([], False))
                found[capabilities] = ([*needed_by, unit.control.id], sure or lacks is True)
        acceptances = fields.get("risk_acceptances") or []
        return [
            {
                "capabilities": list(capabilities),
                "needed_by": needed_by,
                # absent where the dependent controls' scope is unknown (a blank tier, say):
                # then an acceptance settles it, and without one the gap cannot be judged
                **({"applies": True} if sure else {}),
                "acceptances": [a for a in acceptances if a.get("capability") in capabilities],
            }
            for capabilities, (needed_by, sure) in found.items()
        ]

    return gaps


def _lacks(unit: CompiledControl, fields: Mapping[str, Any]) -> bool | None:
    """Whether the control would apply to the account but for capabilities its platform lacks:
    True, False, or None where its scope cannot be decided (a blank tier, an unknown `when`)."""
    offered = fields.get(FIELD, {})
    if not all(offered.get(c) is False for c in unit.control.applies_to.capabilities):
        return False
    unknown = False
    for key, allowed in unit.scope:
        value = fields.get(key)
        if value is None:
            unknown = True
        elif value not in allowed:
            return False
    verdict = True if unit.when is None else unit.when.eval(fields, fields, (), None)
    if verdict is False:
        return False
    return None if unknown or verdict is None else True
