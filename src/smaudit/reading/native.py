"""The C reader (_speedups.c): plain data read without a Python object per event."""

from __future__ import annotations

import sys
from functools import partial
from types import ModuleType

from smaudit.errors import InputError
from smaudit.purepython import pure_python
from smaudit.reading.composed import read_composed
from smaudit.reading.document import Document
from smaudit.reading.events import key_places
from smaudit.reading.keymarks import KeyMarks, KeyPlaces
from smaudit.reading.limits import DEFAULT_LIMITS, Limits, depth_limit, too_many
from smaudit.reading.marks import MarkTable, unpack
from smaudit.reading.parser import LIBYAML
from smaudit.reading.scalars import FIRST_CHARACTERS, IMPLICIT, Plain, plain_key

_speedups: ModuleType | None
try:  # the C reader: built at install time where a compiler and libyaml's headers are found
    from smaudit.reading import _speedups
except ImportError:  # pragma: no cover - depends on how smaudit was built
    _speedups = None
if pure_python():  # asked for: the reference path, to compare or to rule the C reader out
    _speedups = None
if getattr(_speedups, "INTERFACE", None) != 3:  # pragma: no cover - built from older source
    _speedups = None
if not LIBYAML:  # pragma: no cover - depends on how PyYAML was built
    # The C reader walks libyaml's events and leaves every judgement to the Python reader:
    # the two must share one parser, so without PyYAML's libyaml there is no C reader either.
    _speedups = None


def is_built() -> bool:
    """Whether this run reads with the C reader."""
    return _speedups is not None


def read_fast(
    utf8: bytes | memoryview, text: str, name: str, limits: Limits = DEFAULT_LIMITS
) -> Document | None:
    """What the Python readers give (files.read_python), read by the C extension (see
    _speedups.c); None where it is not built or leaves the document to them: anything but plain
    data, and every error."""
    if _speedups is None:
        return None
    try:
        read = _speedups.read(
            utf8,
            # C integers: a limit above them is no limit, as it is for the Python reader
            min(limits.max_nodes, sys.maxsize),
            # past the depth limit the C reader leaves the file to the Python reader, which
            # words the refusal
            depth_limit(limits),
            min(limits.max_scalar_length, sys.maxsize),
            FIRST_CHARACTERS,
            "" in IMPLICIT,
            Plain(name, limits).read,
            plain_key,
        )
    except (RecursionError, InputError):
        # An error found on the way (a number too long to read, say) is the Python reader's to
        # report: it reads on to the end first, where a syntax error would be reported instead.
        return None
    if read is None:
        return None
    anchored = "&" in text  # maybe: then the composing reader is the Python way (files.py)
    if isinstance(read, int):
        if anchored:  # it words an anchored file's refusal its own way: let it
            return None
        # more values than the limit, and the event reader would stop there with these words
        raise too_many(name, unpack(read), limits)
    data, marks, refs, bases, shapes, root_mark, root = read
    table = MarkTable(
        memoryview(marks).cast("Q"),
        memoryview(refs).cast("i"),
        memoryview(bases).cast("q"),
        shapes,
        root_mark,
        root,
    )
    keys = partial(_composed_key_places if anchored else key_places, text, name, limits)
    return Document(name, data, table, KeyMarks(keys))


def _composed_key_places(text: str, name: str, limits: Limits) -> KeyPlaces:
    return dict(read_composed(text, name, limits).key_marks)
