"""`smaudit reconcile`: the inventory against the U.S. Digital Registry's records, as findings
of three controls (an account the registry does not list, a record no account matches, and
both listing one account differently)."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from smaudit.assessment.engine import Options
from smaudit.assessment.reconcile import Registry, reconcile
from smaudit.assessment.reconcile_controls import MISMATCH_ID, REGISTERED_ID, UNKNOWN_ID
from smaudit.assessment.reconcile_scope import scope
from smaudit.catalogue.load import load_catalogue
from smaudit.cli.emitting import emit
from smaudit.cli.github import repository_links
from smaudit.cli.importing import SHAPE_CHOICES
from smaudit.cli.merging import update_from_registry
from smaudit.cli.strict import Command
from smaudit.cli.support import (
    gate,
    guarded,
    limit_options,
    note_skipped,
    parse_as_of,
    refuse_group_by,
    report_options,
    source_root,
)
from smaudit.cli.targets import output_targets
from smaudit.exitcodes import exit_code
from smaudit.formats import FORMATS, RenderOptions
from smaudit.inventory import load_inventory
from smaudit.inventory.importers.registry import registry_records
from smaudit.model import Report, Status
from smaudit.reading.limits import Limits


@click.command("reconcile", cls=Command)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--registry",
    "registry_file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="A Digital Registry file (API JSON, CSV export, bulk-import CSV, 2012 CSV).",
)
@click.option("--shape", type=click.Choice(SHAPE_CHOICES), default="auto", show_default=True)
@click.option(
    "--agency",
    "agencies",
    multiple=True,
    metavar="AGENCY",
    help="Compare only the registry records of AGENCY: full name, acronym (NOAA) or registry "
    "id, any case; repeatable. Default: the inventory's agency (agency.name or "
    "agency.abbreviation), or, when the registry has no such agency, its accounts' offices.",
)
@click.option(
    "--all-agencies",
    is_flag=True,
    help="Compare every record of the registry file, whichever agency it names.",
)
@click.option(
    "--as-of",
    "day",
    metavar="DATE",
    callback=parse_as_of,
    help="Date of the run, for the report (default: today, UTC).",
)
@click.option(
    "--append",
    is_flag=True,
    help="Add the registry's records no account matches (RECONCILE-UNKNOWN) to the inventory "
    "file as skeletons, as `import registry --merge` would: one inventory file, updated in "
    "place, every byte of it kept.",
)
@click.option(
    "--stamp-validated",
    is_flag=True,
    help="Write the run's date (--as-of, default today) into registry.last_validated of "
    "each account the registry lists without a mismatch. The one value smaudit writes over "
    "yours: it is a stamp of when the account was last checked, not a fact you state.",
)
@report_options
@limit_options
@guarded
def reconcile_command(
    paths: tuple[Path, ...],
    registry_file: Path,
    shape: str,
    agencies: tuple[str, ...],
    all_agencies: bool,
    day: dt.date,
    append: bool,
    stamp_validated: bool,
    fmt: str,
    outputs: tuple[str, ...],
    fail_on: str,
    fail_on_not_assessed: str | None,
    include_passed: bool,
    show_personal_data: bool,
    root_given: Path | None,
    group_by: str | None,
    per_account_metrics: bool,
    table_view: str | None,
    limits: Limits,
) -> None:
    """Compare inventory files with a registry file: unregistered, unknown, mismatched accounts.

    \b
    SM-GOV-06           an inventory account the registry does not list
    RECONCILE-UNKNOWN   a registry record no inventory account matches
    RECONCILE-MISMATCH  both list it, but platform, handle, id, status or contacts differ
    Exit codes as for `check`.

    \b
    Only the records of the inventory's own agencies can be "unknown": those the
    inventory names, or those --agency names (--all-agencies: every record). An
    account listed under any agency counts as registered.
    """
    if agencies and all_agencies:
        raise click.UsageError("--agency and --all-agencies contradict each other; give one")
    if (append or stamp_validated) and not (len(paths) == 1 and paths[0].is_file()):
        raise click.UsageError("--append and --stamp-validated update one inventory file: name it")

    targets = output_targets(outputs, fmt, FORMATS)
    refuse_group_by(group_by, targets)
    inventory = load_inventory(paths, limits, day)
    note_skipped(inventory)
    shape_title, normalised = registry_records(registry_file, shape)
    chosen = scope(normalised.records, inventory, agencies, all_agencies, str(registry_file))
    if chosen.note:
        click.echo(f"note: {chosen.note}", err=True)
    registry = Registry(str(registry_file), shape_title, normalised.records, chosen.selected)
    catalogue = load_catalogue()
    every_outcome = include_passed or any(FORMATS[name].needs_all_outcomes for name, _ in targets)
    options = Options(
        include_passed=every_outcome,
        show_personal_data=show_personal_data,
        profile="reconcile",
        catalogue_version=catalogue.version,
    )
    report = reconcile(inventory, registry, catalogue.controls[REGISTERED_ID], day, options)
    update = None
    if append or stamp_validated:  # refused before any output; written after the report,
        # which is of the inventory as it was
        update = update_from_registry(paths[0], inventory, registry, day, append, stamp_validated)
    emit(
        report,
        targets,
        include_passed,
        RenderOptions(
            source_root=source_root(root_given, paths[0]),
            per_account_metrics=per_account_metrics,
            group_by=group_by,
            repository=repository_links(os.environ),
            show_personal_data=show_personal_data,
            table_view=table_view or "auto",
        ),
    )
    click.echo(reconcile_summary(report, registry, len(normalised.skipped)), err=True)
    if update is not None:
        update()
    sys.exit(exit_code(report, gate(fail_on, fail_on_not_assessed)))


def reconcile_summary(report: Report, registry: Registry, unusable: int) -> str:
    """`reconciled 34 accounts with 261 of 410 records of FILE: 3 unregistered, 2 unknown`."""
    failed = {cid: counts.get(Status.FAIL, 0) for cid, counts in report.counts_by_control.items()}
    chosen = registry.selected
    whole = chosen is None or len(chosen) == len(registry.records)
    compared = "" if whole else f"{len(chosen or ())} of "
    line = (
        f"reconciled {len(report.inventory.accounts)} accounts with {compared}"
        f"{len(registry.records)} records of {registry.file}: "
        f"{failed.get(REGISTERED_ID, 0)} unregistered, "
        f"{failed.get(UNKNOWN_ID, 0)} unknown, {failed.get(MISMATCH_ID, 0)} mismatched"
    )
    if unusable:
        line += f" ({unusable} registry records name no usable account)"
    return line
