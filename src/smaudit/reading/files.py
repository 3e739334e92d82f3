"""Reading one file: within the limits, by the fastest reader that can, credentials refused.

Every file users write (inventories, controls, profiles, waivers) comes through here, so the rules
that keep smaudit honest live in one place: YAML 1.2 scalars (``yes`` is a string, not ``true``;
dates stay strings until the model parses them: scalars.py), no object tags, no duplicate keys,
bounded alias expansion and nesting (limits.py), and every problem reported as file:line:column.

The readers give the same data, places and errors, and tests hold them to it:
- native.py, the C reader over libyaml, reads plain data, anchors and aliases included, and
  leaves anything else, and every error, to the Python way (read_python):
- events.py, the Python reader of the parser's events, for a text without anchors;
- composed.py, which composes the node graph and sizes its aliases first, for one with anchors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from smaudit.reading.composed import read_composed
from smaudit.reading.credentials import check_no_secrets
from smaudit.reading.document import BOM, Document, decode_text
from smaudit.reading.events import read_events
from smaudit.reading.inputs import charge_values, clamped, read_input, too_large
from smaudit.reading.limits import DEFAULT_LIMITS, Limits
from smaudit.reading.native import read_fast
from smaudit.safety.terminal import display_path


def load_file(path: Path, limits: Limits = DEFAULT_LIMITS) -> Document:
    """Read one YAML or JSON file; raise InputError with a location for anything unusable."""
    return load_bytes(read_input(path, limits.max_bytes), display_path(path), limits)


def load_bytes(
    raw: bytes, name: str, limits: Limits = DEFAULT_LIMITS, *, written_by_people: bool = True
) -> Document:
    """Read one file's bytes (see load_file); within a run budget, its values count towards
    the run's (inputs.run_budget). A file that people write (all but smaudit's own feeds) is
    refused where it holds anything like a credential, before any check could quote it."""
    if len(raw) > limits.max_bytes:
        raise too_large(name, len(raw), limits.max_bytes)
    limits = clamped(limits)
    doc = _load(raw, name, limits)
    charge_values(len(doc.marks))
    if written_by_people:
        check_no_secrets(doc, raw)
    return doc


def _load(raw: bytes, name: str, limits: Limits) -> Document:
    text = decode_text(raw, name)
    bom = 3 if raw.startswith(BOM) else 0  # as decode_text drops it
    return read_fast(memoryview(raw)[bom:], text, name, limits) or read_python(text, name, limits)


def read_python(text: str, name: str, limits: Limits = DEFAULT_LIMITS) -> Document:
    """The Python way, which the C reader must agree with and which words every refusal."""
    if "&" in text:  # an anchor, maybe: only the composing reader sizes aliases (composed.py)
        return read_composed(text, name, limits)
    # Without an anchor there can be no alias: build straight from the parser's events,
    # three times faster than composing a node graph first, with the same result.
    return read_events(text, name, limits)


def iter_files(
    path: Path, suffixes: tuple[str, ...] = (".yaml", ".yml", ".json")
) -> Iterator[Path]:
    """The file itself, or every matching file below a folder, in a stable order. Below a
    folder, hidden files and folders (`.github/`, `.venv/`, `.pre-commit-config.yaml`) are
    left out: they hold other tools' files, never an inventory."""
    if path.is_dir():
        yield from sorted(
            p
            for p in path.rglob("*")
            if p.suffix in suffixes
            and not any(part.startswith(".") for part in p.relative_to(path).parts)
            and p.is_file()
        )
    else:
        yield path
