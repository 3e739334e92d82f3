"""SARIF rules for GitHub code scanning: one rule per control and severity.

GitHub reads `security-severity` from the rule only (the result object has no such field in its
supported subset), so an alert's severity is its rule's. A control's severity varies by the
account's tier (SM-IA-06 is critical on a high-impact account, high elsewhere), so each severity
a control takes gets a rule of its own, `SM-IA-06/critical` and `SM-IA-06/high`: every alert
ranks at its own finding's severity, and a rule's severity never changes between runs.
"""

from __future__ import annotations

import re
from typing import Any

from smaudit.model import Control, Severity

# GitHub ranks alerts by `security-severity` (a string, 0.1-10.0): over 9.0 critical, 7.0-8.9
# high, 4.0-6.9 medium, 0.1-3.9 low. Each value sits inside its band, away from the edges.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "0.5",
}
LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
DESCRIPTION_LIMIT = 1024
"""GitHub's limit on a rule's shortDescription and fullDescription, in characters."""


def rule_id(control_id: str, severity: Severity) -> str:
    return f"{control_id}/{severity.value}"


def severities(control: Control) -> list[Severity]:
    """Every severity the catalogue gives the control (its own and its tiers'), worst first."""
    found = {control.severity, *control.severity_by_tier.values()}
    return sorted(found, key=lambda s: s.rank, reverse=True)


def rule(control: Control, severity: Severity) -> dict[str, Any]:
    return {
        "id": rule_id(control.id, severity),
        "name": _pascal_case(control.title),
        "shortDescription": {"text": _limited(f"{control.title} ({severity.value})")},
        "fullDescription": {"text": _limited(control.statement)},
        "help": _help(control),
        "defaultConfiguration": {"level": LEVEL[severity]},
        "properties": {
            "security-severity": SECURITY_SEVERITY[severity],
            # GitHub keeps 20 tags a rule and shows 10: at most 4 NIST ids come after these two
            "tags": [
                "security",
                "compliance",
                *(f"external/nist-800-53/{n}" for n in control.nist_800_53),
            ],
            "precision": "very-high",
            "control_id": control.id,
            "severity": severity.value,
        },
    }


def _help(control: Control) -> dict[str, str]:
    """The general steps, where to find the setting on each platform, then why it matters."""
    platforms = sorted(control.remediation_by_platform.items())
    text = [f"Remediation: {control.remediation}", *(f"{p}: {steps}" for p, steps in platforms)]
    markdown = ["**Remediation**", "", control.remediation]
    if platforms:
        markdown += ["", *(f"- **{p}**: {steps}" for p, steps in platforms)]
    return {
        "text": "\n".join([*text, "", f"Why: {control.rationale}"]),
        "markdown": "\n".join([*markdown, "", "**Why**", "", control.rationale]),
    }


def _limited(text: str) -> str:
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[: DESCRIPTION_LIMIT - 1].rstrip() + "…"


def _pascal_case(title: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in re.findall(r"[A-Za-z0-9]+", title))
