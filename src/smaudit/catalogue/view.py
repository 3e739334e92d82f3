"""Human views of the catalogue for `smaudit controls list` and `smaudit controls show`."""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from tabulate import tabulate

from smaudit.catalogue.load import Catalogue
from smaudit.catalogue.profiles import profile_membership, usable_profiles
from smaudit.catalogue.selection import cites
from smaudit.model import Control
from smaudit.safety.terminal import escape, escape_inline

WIDTH = 88


def controls_table(
    controls: Iterable[Control],
    catalogue: Catalogue,
    family: str | None = None,
    severity: str | None = None,
    nist: str | None = None,  # canonical: selection.nist_id
) -> str:
    membership = profile_membership(usable_profiles(catalogue))
    rows = [
        [
            c.id,
            c.severity.value,
            c.strength.value,
            ", ".join(membership.get(c.id, [])) or "-",
            c.title,
        ]
        for c in controls
        if (family is None or c.family.upper() == family.upper())
        and (severity is None or c.severity.value == severity)
        and (nist is None or cites(c, nist))
    ]
    if not rows:
        return "No controls match."
    rows = [[escape_inline(cell) for cell in row] for row in rows]  # a control folder's text
    return tabulate(
        rows, headers=["ID", "SEVERITY", "STRENGTH", "PROFILES", "TITLE"], tablefmt="simple"
    )


def _para(label: str, text: str) -> str:
    body = "\n".join(
        textwrap.fill(p, WIDTH - 2, initial_indent="  ", subsequent_indent="  ")
        for p in text.split("\n")
        if p.strip()
    )
    return f"{label}\n{body}"


def scope_description(control: Control) -> str:
    """Which accounts a control is about, in words (for `controls show` and the docs)."""
    scope = control.applies_to
    parts = [
        f"{name}: {', '.join(values)}"
        for name, values in (
            ("platforms", scope.platforms),
            ("statuses", scope.statuses),
            ("tiers", scope.tiers),
            ("account types", scope.account_types),
            ("platforms offering", scope.capabilities),
        )
        if values
    ]
    if control.applies_when:
        parts.append("only where the account meets the control's `when` condition")
    return "; ".join(parts) or "every account"


def show_control(control: Control, catalogue: Catalogue) -> str:
    membership = profile_membership(usable_profiles(catalogue)).get(control.id, [])
    scope_text = scope_description(control)
    severity = control.severity.value + "".join(
        f" ({tier}: {sev.value})" for tier, sev in control.severity_by_tier.items()
    )
    sources = "\n".join(
        f"  - {r.source}" + (f", {r.section}" if r.section else "") for r in control.references
    )
    remediation = control.remediation + "".join(
        f"\n{platform}: {text}" for platform, text in control.remediation_by_platform.items()
    )
    lines = [
        f"{control.id} (version {control.version}): {control.title}",
        f"Severity: {severity}    Strength: {control.strength.value}    "
        f"Profiles: {', '.join(membership) or '-'}",
        f"Applies to: {scope_text}",
        "",
        _para("Requirement", control.statement),
        "",
        _para("Why it matters", control.rationale),
        "",
        _para("How to fix", remediation),
        "",
        f"NIST SP 800-53 Rev 5: {', '.join(control.nist_800_53) or '-'}",
        f"Sources:\n{sources}",
    ]
    if control.parameters:
        lines.append(f"Parameters: {', '.join(control.parameters)}")
    if control.superseded_by:
        lines.append(f"Superseded by: {control.superseded_by}")
    lines.append(f"Defined in: {control.location.file}")
    return escape("\n".join(lines))  # a control folder's text, as terminal.py explains
