"""The catalogue: the controls under a folder with the named conditions and parameters beside
them, the shipped ones unless a folder of its own is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from smaudit.catalogue.conditions import check_conditions, load_conditions
from smaudit.catalogue.controls import load_controls
from smaudit.catalogue.parameters import ParameterSpec, load_parameters
from smaudit.errors import InputError, Problem
from smaudit.model import Control
from smaudit.reading.files import load_file


def default_dir() -> Path:
    """The shipped catalogue: inside the installed package, or `controls/` in a checkout."""
    packaged = Path(str(resources.files("smaudit"))) / "_catalogue"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "controls"


@dataclass(frozen=True)
class Catalogue:
    directory: Path
    version: str
    review_by: dt.date | None
    controls: Mapping[str, Control]
    parameters: Mapping[str, ParameterSpec]
    conditions: Mapping[str, Mapping[str, Any]]
    """The named conditions controls `use` (see conditions.yaml)."""
    added: tuple[str, ...] = ()
    """The agency's own controls (`--add-controls`), in `controls` too: every profile runs
    them beside its own."""


def load_catalogue(directory: Path | None = None, added: Sequence[Path] = ()) -> Catalogue:
    """Every control under `directory` (default: the shipped one), and the agency's own
    controls in the folders `added`; a bad file is an InputError."""
    shipped = default_dir()
    directory = directory or shipped
    if not directory.is_dir():
        raise InputError.at(str(directory), 0, 0, "controls folder not found")
    meta = _metadata(directory) or _metadata(shipped) or {}
    parameters = dict(load_parameters(shipped))
    conditions = dict(load_conditions(shipped))
    if directory != shipped:
        parameters.update(load_parameters(directory))
        conditions.update(load_conditions(directory))
    check_conditions(conditions, parameters)
    controls = load_controls(directory, conditions)
    extra = _added_controls(added, conditions, controls)
    review_by = meta.get("review_by")
    return Catalogue(
        directory=directory,
        version=str(meta.get("version", "unversioned")),
        review_by=dt.date.fromisoformat(review_by) if review_by else None,
        controls={**controls, **extra},
        parameters=parameters,
        conditions=conditions,
        added=tuple(extra),
    )


def _added_controls(
    folders: Sequence[Path],
    conditions: Mapping[str, Mapping[str, Any]],
    catalogue: Mapping[str, Control],
) -> dict[str, Control]:
    """The agency's controls: each folder's, with ids of their own (an id is a public
    contract: an agency control may not take, and so silently replace, a shipped one)."""
    found: dict[str, Control] = {}
    problems: list[Problem] = []
    for folder in folders:
        if not folder.is_dir():
            raise InputError.at(str(folder), 0, 0, "controls folder not found")
        for cid, control in load_controls(folder, conditions).items():
            first = catalogue.get(cid) or found.get(cid)
            if first is not None:
                problems.append(
                    Problem(
                        control.location.file,
                        control.location.line,
                        control.location.column,
                        f"control id {cid!r} is already taken (by {first.location.file}); an "
                        "agency's own control needs an id of its own",
                    )
                )
            found[cid] = control
    if problems:
        raise InputError(problems)
    return found


def _metadata(directory: Path) -> dict[str, Any] | None:
    path = directory / "catalogue.yaml"
    return load_file(path).data if path.is_file() else None
