"""Write the starter files into a folder, all of them or none: never over an existing file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from smaudit.errors import InputError, Problem
from smaudit.safety.terminal import display_path
from smaudit.starter import StarterFile, text


def write_starter(folder: Path, files: Sequence[StarterFile]) -> list[Path]:
    """Write `files` below `folder` (created if absent) and return their paths. Raise
    InputError naming every target that exists, before writing anything."""
    targets = [folder.joinpath(file.path) for file in files]
    _refuse_existing(folder, targets)
    written: list[Path] = []
    try:
        for file, target in zip(files, targets, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            # "x": a file that appeared since the check above is refused, not replaced
            with target.open("x", encoding="utf-8", newline="\n") as handle:
                written.append(target)
                handle.write(text(file))
    except BaseException:  # a file that appeared, a full disk, Ctrl-C: leave nothing half-done
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


_EXISTS = "exists; init overwrites no file, so it wrote none (move this one away or merge by hand)"


def _refuse_existing(folder: Path, targets: Sequence[Path]) -> None:
    if folder.exists() and not folder.is_dir():
        raise InputError.at(
            display_path(folder), 0, 0, "is not a folder; give the folder to write to"
        )
    # a dangling link counts: it is a name someone chose, and opening it would follow it
    taken = [path for path in targets if path.is_symlink() or path.exists()]
    if taken:
        raise InputError(Problem(display_path(path), 0, 0, _EXISTS) for path in taken)
