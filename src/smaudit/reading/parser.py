"""The YAML parser (libyaml's, or PyYAML's own where it is absent), and its refusals located."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import yaml

from smaudit.errors import InputError
from smaudit.reading.limits import Limits, too_deep
from smaudit.reading.scalars import Resolver

LIBYAML = True
"""Whether PyYAML was built with libyaml: the C reader (native.py) needs it too."""

try:  # libyaml is ~10x faster; fall back to the pure-Python parser where it is not built.
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    LIBYAML = False
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class Loader(_Parser, Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        Resolver.__init__(self)


@contextmanager
def yaml_errors(text: str, name: str, limits: Limits) -> Iterator[None]:
    """Every way the parser can refuse a file, as one located InputError."""
    try:
        yield
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        if exc.problem == _LIBYAML_TOO_DEEP:
            raise InputError.at(name, line, column, too_deep(limits)) from None
        problem = exc.problem or "invalid YAML"
        if exc.context and "single document" in exc.context:
            problem = SEVERAL_DOCUMENTS
        raise InputError.at(name, line, column, f"invalid YAML: {problem}") from None
    except yaml.reader.ReaderError as exc:  # the pure-Python reader's check for control codes
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise InputError.at(
            name, line, column, f"invalid YAML: character #x{exc.character:04x} is not allowed"
        ) from None
    except yaml.YAMLError as exc:
        raise InputError.at(name, 0, 0, f"invalid YAML: {exc}") from None
    except RecursionError:  # pragma: no cover - DEEPEST keeps every reader above this
        raise InputError.at(name, 0, 0, too_deep(limits)) from None


# What libyaml says where its own nesting limit refuses a file (PyYAML 6.0.3 and later bundle a
# libyaml that has one, at 1,000 levels; earlier ones read on to our limit)
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
SEVERAL_DOCUMENTS = "expected one YAML document, found several (remove the extra '---')"


def event_mark(event: Any) -> tuple[int, int]:
    return (event.start_mark.line + 1, event.start_mark.column + 1)
