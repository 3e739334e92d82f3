"""detect-secrets' shapes: the regular expressions of its pattern plugins, made RE2's.

Reading them means importing detect-secrets, which imports `requests` for its plugins' online
checks (never called here): 0.16 s of every run, a third of a small check's start-up. So the
build (hatch_build.py) writes them down once, beside this module, with a fingerprint of what
they were made from: this module's own source and the source of every detect-secrets plugin
module. A run uses that snapshot only while the fingerprint still matches what is installed (the
same detect-secrets, this same module), and otherwise reads the plugins as before; a checkout
that was never built has no snapshot and always reads them. The snapshot changes only how fast
the shapes are found, never which they are: tests hold it to the plugins read afresh.

Only the standard library is imported here, so that the build can load this file by its path.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import json
import pkgutil
import re
from pathlib import Path

Shapes = list[tuple[str, str]]
"""(what it is, RE2 pattern), in the plugins' order."""

SNAPSHOT = Path(__file__).with_name("_detected_shapes.json")
"""Where the build writes the snapshot (absent from a checkout that was never built)."""

# plugins whose shapes are not credentials (public IP addresses); those that judge by entropy, or
# by any assignment to a word like "password", have no list of shapes and are left out anyway
_NOT_SHAPES = frozenset({"Public IP (ipv4)"})


def shapes() -> Shapes:
    """detect-secrets' shapes: from the snapshot where it still holds, else from the plugins."""
    return snapshot() or from_plugins()


def from_plugins() -> Shapes:
    """The shapes read from detect-secrets' plugin classes (imports detect-secrets)."""
    from detect_secrets import plugins
    from detect_secrets.plugins.base import RegexBasedDetector

    found: Shapes = []
    for info in pkgutil.iter_modules(plugins.__path__):
        module = importlib.import_module(f"{plugins.__name__}.{info.name}")
        for _, kind in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(kind, RegexBasedDetector)
                and kind.__module__ == module.__name__
                and isinstance(kind.denylist, (list, tuple))  # not an abstract base
                and kind.secret_type not in _NOT_SHAPES
            ):
                what = kind.secret_type
                what = f"{'an' if what[0] in 'AEIOU' else 'a'} {what}"
                found += [(what, _as_re2(rx)) for rx in kind.denylist]
    return found


def snapshot(path: Path = SNAPSHOT) -> Shapes | None:
    """The snapshot's shapes, or None where there is none, it is unreadable, or it was made from
    anything other than what is installed now."""
    try:
        document = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(document, dict) or document.get("fingerprint") != fingerprint():
        return None
    listed = document.get("shapes")
    if not isinstance(listed, list) or not all(
        isinstance(s, list) and len(s) == 2 and all(isinstance(p, str) for p in s) for s in listed
    ):
        return None
    return [(what, pattern) for what, pattern in listed]


def write_snapshot(path: Path = SNAPSHOT) -> None:
    """Write the shapes read from the plugins, with their fingerprint (hatch_build.py)."""
    document = {"fingerprint": fingerprint(), "shapes": from_plugins()}
    path.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")


def fingerprint() -> str | None:
    """SHA-256 of this module's source and of each detect-secrets plugin module's, by name;
    None where detect-secrets is not installed. Found without importing detect-secrets."""
    spec = importlib.util.find_spec("detect_secrets")
    if spec is None or not spec.submodule_search_locations:
        return None
    digest = hashlib.sha256(Path(__file__).read_bytes())
    for folder in spec.submodule_search_locations:
        for source in sorted((Path(folder) / "plugins").glob("*.py")):
            digest.update(b"\0" + source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def _as_re2(pattern: re.Pattern[str]) -> str:
    text = _without_lookarounds(pattern.pattern)
    text = re.sub(r"\{(\d+),(\d{4,})\}", r"{\1,1000}", text)  # RE2 repeats at most 1,000 times
    return f"(?i:{text})" if pattern.flags & re.IGNORECASE else f"(?:{text})"


def _without_lookarounds(text: str) -> str:
    """`text` without its `(?=...)`, `(?!...)`, `(?<=...)` and `(?<!...)` groups."""
    out, i = [], 0
    while i < len(text):
        if text.startswith(("(?=", "(?!", "(?<=", "(?<!"), i):
            depth, i = 0, i
            while i < len(text):
                char = text[i]
                i += 2 if char == "\\" else 1
                depth += {"(": 1, ")": -1}.get(char, 0)
                if depth == 0:
                    break
            continue
        step = 2 if text[i] == "\\" else 1
        out.append(text[i : i + step])
        i += step
    return "".join(out)
