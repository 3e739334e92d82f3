"""Assemble a run from the command line's choices: catalogue, profile, selection, parameters."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from smaudit.assessment.gaps import gap_finder
from smaudit.assessment.narrowing import narrow
from smaudit.catalogue.capabilities import GAPS, attach, load_capabilities, with_overrides
from smaudit.catalogue.load import Catalogue, default_dir, load_catalogue
from smaudit.catalogue.profiles import Profile, load_profile, resolve_parameters, usable_profiles
from smaudit.catalogue.selection import resolve
from smaudit.errors import InputError
from smaudit.inventory import load_inventory
from smaudit.model import Control, Inventory, Severity
from smaudit.reading.inputs import run_budget
from smaudit.reading.limits import DEFAULT_LIMITS, Limits

DEFAULT_PROFILE = "modern"


@dataclass(frozen=True)
class Plan:
    inventory: Inventory
    catalogue: Catalogue
    profile: Profile | None
    controls: tuple[Control, ...]
    parameters: Mapping[str, Any]

    @property
    def profile_name(self) -> str:
        return self.profile.name if self.profile else "all"

    @property
    def severity_overrides(self) -> Mapping[str, Severity]:
        return self.profile.severity if self.profile else {}


def choose_catalogue(
    controls_dir: Path | None, profile_name: str | None, added: Sequence[Path] = ()
) -> tuple[Catalogue, Profile | None]:
    """A custom controls folder without --profile runs all of its controls; the shipped
    catalogue (by default, or named by its folder) runs the default profile. The agency's own
    controls (`added`) run beside whichever profile runs (select_controls)."""
    catalogue = load_catalogue(controls_dir, added)
    if profile_name is None and controls_dir is not None and not _is_shipped(catalogue):
        return catalogue, None
    return catalogue, load_profile(profile_name or DEFAULT_PROFILE, catalogue)


def _is_shipped(catalogue: Catalogue) -> bool:
    """Whether `--controls` named the shipped catalogue (its folder, or a checkout of the same
    version with the same controls): its default profile applies, as without the option."""
    shipped = load_catalogue()
    own = set(catalogue.controls) - set(catalogue.added)
    return catalogue.version == shipped.version and own == set(shipped.controls)


def select_controls(
    catalogue: Catalogue,
    profile: Profile | None,
    select: Sequence[str] = (),
    skip: Sequence[str] = (),
) -> tuple[Control, ...]:
    """The run's controls: the profile's (or the whole catalogue's), narrowed by --select and
    less --skip. Each names ids, families or profiles (see catalogue/selection.py)."""
    ids = list(profile.controls) if profile else list(catalogue.controls)
    ids += [cid for cid in catalogue.added if cid not in ids]
    groups = {p.name: p.controls for p in usable_profiles(catalogue)} if select or skip else {}
    values = catalogue.controls.values()
    if select:
        chosen = resolve(select, values, groups, "--select")
        extra = [cid for cid in catalogue.controls if cid in chosen.ids and cid not in ids]
        ids = [cid for cid in ids if cid in chosen.all] + extra
    if skip:
        skipped = resolve(skip, values, groups, "--skip").all
        ids = [cid for cid in ids if cid not in skipped]
    chosen_controls = (catalogue.controls[cid] for cid in ids)
    return tuple(profile.adjust(c) for c in chosen_controls) if profile else tuple(chosen_controls)


def plan(
    paths: Sequence[Path],
    controls_dir: Path | None = None,
    profile_name: str | None = None,
    select: Sequence[str] = (),
    skip: Sequence[str] = (),
    limits: Limits = DEFAULT_LIMITS,
    as_of: dt.date | None = None,
    added_controls: Sequence[Path] = (),
    accounts: Sequence[str] = (),
    offices: Sequence[str] = (),
) -> Plan:
    with run_budget(limits):  # a control folder and the inventory files share one budget
        catalogue, profile = choose_catalogue(controls_dir, profile_name, added_controls)
        controls = select_controls(catalogue, profile, select, skip)
        if not controls:
            raise InputError.at("--select/--skip", 0, 0, "no controls left to run")
        inventory = narrow(load_inventory(paths, limits, as_of), accounts, offices)
    names = ", ".join(s.path for s in inventory.sources)
    if not inventory.accounts:
        raise InputError.at(names, 0, 0, "no accounts to check (is a file of accounts missing?)")
    if len(inventory.accounts) * len(controls) > limits.max_evaluations:
        # what evaluating costs grows with accounts times controls, not with the size of the
        # files: a million accounts of two fields each are 30 MB, and 44 million findings
        raise InputError.at(
            names,
            0,
            0,
            f"{len(inventory.accounts)} accounts x {len(controls)} controls is more than "
            f"{limits.max_evaluations} evaluations; raise --max-evaluations if genuine",
        )
    parameters = resolve_parameters(catalogue, profile, inventory.agency)
    inventory = prepare(inventory, catalogue, profile, parameters, as_of or dt.date.today())
    return Plan(inventory, catalogue, profile, controls, parameters)


def prepare(
    inventory: Inventory,
    catalogue: Catalogue,
    profile: Profile | None,
    parameters: Mapping[str, Any],
    as_of: dt.date,
) -> Inventory:
    """The inventory as the controls read it: each account with its platform's capabilities
    and the capability gaps the profile's controls leave there (see gaps.py)."""
    table = load_capabilities(catalogue.directory, default_dir())
    ids = (*profile.controls, *catalogue.added) if profile else tuple(catalogue.controls)
    severity = profile.severity if profile else {}
    # what a profile reports for information only (SMS-only MFA in 2015) asks for no acceptance
    required = [
        catalogue.controls[c]
        for c in ids
        if severity.get(c, catalogue.controls[c].severity) is not Severity.INFO
    ]
    finder = gap_finder(required, parameters, as_of)
    overrides = with_overrides(table, inventory.agency.platform_capabilities)
    return attach(inventory, overrides, {GAPS: finder})
