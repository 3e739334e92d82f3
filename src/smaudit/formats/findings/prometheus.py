"""Prometheus text exposition for node_exporter's textfile collector (write it atomically).

Every series carries the run's `agency` and `inventory`: node_exporter merges all the files of
its directory into one exposition, and two inventories' files with the same series would
collide (it keeps one and still reports no scrape error). The set of series depends only on
the catalogue's controls, never on what the run found: a finding whose status or severity
changes moves a count from one series to another, and no series comes or goes.

`smaudit_findings` counts evaluations by control, status and severity. Failures, waived and
not-assessed evaluations are always listed, so their severity (which a tier or the profile may
raise) is exact, and each of them has a series per severity, 0 included. Passes and
not-applicable evaluations have no severity label: they are not listed unless asked for, and a
severity is what a failure would cost. Per-account series are opt-in (`--per-account-metrics`):
one series per account is what a large inventory cannot afford by default.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping

from smaudit import __version__
from smaudit.formats.findings.common import aware, inventory_label
from smaudit.formats.options import DEFAULT_OPTIONS, RenderOptions
from smaudit.model import Report, Severity, Status

Labels = Mapping[str, str]
Sample = tuple[Labels, float]

# The HELP texts are part of the contract, kept from one version to the next: node_exporter
# drops every series of a metric whose HELP differs from the same metric's in another file of
# its directory, so files written by two smaudit versions side by side must agree.
_HELP = {
    "smaudit_findings": "Evaluations of each control in the last run, by status and severity.",
    "smaudit_accounts": "Accounts in the inventory of the last run.",
    "smaudit_accounts_compliant": "Accounts that failed no control in the last run and "
    "could be assessed on every control that applies (a waived failure does not count).",
    "smaudit_account_compliant": "1 when the account failed no control in the last run and "
    "every control that applies could be assessed; 0 otherwise (not assessed counts as 0, "
    "a waived failure does not).",
    "smaudit_last_run_timestamp_seconds": "When the last run started, in seconds since the epoch.",
    "smaudit_run_info": "The last run's profile, catalogue version and smaudit version.",
}
_BY_SEVERITY = (Status.FAIL, Status.ERROR, Status.WAIVED)
"""The statuses smaudit always lists, with the severity each finding has."""
_SEVERITIES = sorted(Severity, key=lambda s: -s.rank)


def render(report: Report, options: RenderOptions = DEFAULT_OPTIONS) -> str:
    run = {"agency": report.inventory.agency.name, "inventory": inventory_label(report)}
    flagged = _flagged(report)
    accounts = len(report.inventory.accounts)
    metrics: dict[str, list[Sample]] = {
        "smaudit_findings": [({**run, **labels}, n) for labels, n in _findings(report)],
        "smaudit_accounts": [(run, accounts)],
        "smaudit_accounts_compliant": [(run, accounts - len(flagged))],
    }
    if options.per_account_metrics:
        metrics["smaudit_account_compliant"] = list(_compliance(report, run, flagged))
    metrics["smaudit_last_run_timestamp_seconds"] = [
        (run, aware(report.run.started_at).timestamp())
    ]
    metrics["smaudit_run_info"] = [
        (
            {
                **run,
                "profile": report.run.profile,
                "catalogue_version": report.run.catalogue_version,
                "version": __version__,
            },
            1,
        )
    ]
    lines: list[str] = []
    for name, samples in metrics.items():
        lines += [f"# HELP {name} {_HELP[name]}", f"# TYPE {name} gauge"]
        lines += [f"{name}{_labels(labels)} {_value(value)}" for labels, value in samples]
    return "\n".join(lines) + "\n"


def _findings(report: Report) -> Iterator[Sample]:
    """For each control, every status (and for those listed, every severity): 17 series."""
    listed = Counter(
        (f.control_id, f.status, f.severity) for f in report.findings if f.status in _BY_SEVERITY
    )
    for control in report.controls:
        counts = report.counts_by_control.get(control.id, {})
        for status in Status:
            if status not in _BY_SEVERITY:
                yield {"control": control.id, "status": status.value}, counts.get(status, 0)
                continue
            for severity in _SEVERITIES:
                labels = {"control": control.id, "status": status.value, "severity": severity.value}
                yield labels, listed[(control.id, status, severity)]


def _flagged(report: Report) -> set[str]:
    """Not assessed is not compliant: an account whose evidence is missing has not shown it is."""
    return {f.account_id for f in report.findings if f.status in (Status.FAIL, Status.ERROR)}


def _compliance(report: Report, run: Labels, flagged: set[str]) -> Iterator[Sample]:
    for account in report.inventory.accounts:
        labels = {**run, "account": account.id, "platform": account.platform}
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
