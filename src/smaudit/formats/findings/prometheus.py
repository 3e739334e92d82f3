"""Prometheus text exposition for node_exporter's textfile collector (write it atomically).

`smaudit_findings` counts evaluations by control, status and severity. Failures and not-assessed
evaluations are always listed, so their severity (which a tier or the profile may raise) is exact;
passes and not-applicable ones are only counted unless the run lists them, and are then shown
under the control's catalogue severity. Every control has a series for every status (0 included),
so a dashboard can tell "none" from "not reported".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from smaudit import __version__
from smaudit.formats.findings.common import aware
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Report, Severity, Status

Labels = Mapping[str, str]
Sample = tuple[Labels, float]

_HELP = {
    "smaudit_findings": "Evaluations of each control in the last run, by status and severity.",
    "smaudit_account_compliant": "1 when the account failed no control in the last run and "
    "every control that applies could be assessed; 0 otherwise (not assessed counts as 0, "
    "a waived failure does not).",
    "smaudit_accounts": "Accounts in the inventory of the last run.",
    "smaudit_last_run_timestamp_seconds": "When the last run started, in seconds since the epoch.",
    "smaudit_run_info": "The last run's profile, catalogue version and smaudit version.",
}


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    metrics: dict[str, list[Sample]] = {
        "smaudit_findings": list(_findings(report)),
        "smaudit_account_compliant": list(_compliance(report)),
        "smaudit_accounts": [({}, len(report.inventory.accounts))],
        "smaudit_last_run_timestamp_seconds": [({}, aware(report.run.started_at).timestamp())],
        "smaudit_run_info": [
            (
                {
                    "profile": report.run.profile,
                    "catalogue_version": report.run.catalogue_version,
                    "version": __version__,
                },
                1,
            )
        ],
    }
    lines: list[str] = []
    for name, samples in metrics.items():
        lines += [f"# HELP {name} {_HELP[name]}", f"# TYPE {name} gauge"]
        lines += [f"{name}{_labels(labels)} {_value(value)}" for labels, value in samples]
    return "\n".join(lines) + "\n"


def _findings(report: Report) -> Iterator[Sample]:
    listed = Counter((f.control_id, f.status, f.severity) for f in report.findings)
    for control in report.controls:
        counts = report.counts_by_control.get(control.id, {})
        for status in Status:
            split = {
                severity: listed[(control.id, status, severity)]
                for severity in Severity
                if listed[(control.id, status, severity)]
            }
            unlisted = counts.get(status, 0) - sum(split.values())
            if unlisted > 0 or not split:
                split[control.severity] = split.get(control.severity, 0) + max(unlisted, 0)
            for severity in sorted(split, key=lambda s: -s.rank):
                labels = {"control": control.id, "status": status.value, "severity": severity.value}
                yield labels, split[severity]


def _compliance(report: Report) -> Iterator[Sample]:
    """Not assessed is not compliant: an account whose evidence is missing has not shown it is."""
    flagged = {f.account_id for f in report.findings if f.status in (Status.FAIL, Status.ERROR)}
    for account in report.inventory.accounts:
        labels = {"account": account.id, "platform": account.platform}
        yield labels, 0 if account.id in flagged else 1


def _labels(labels: Labels) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{key}="{escape(value)}"' for key, value in labels.items()) + "}"


def escape(value: str) -> str:
    """Label values escape backslash, double quote and line feed, in that order."""
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _value(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))
