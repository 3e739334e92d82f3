"""The C reader (see _speedups.c and native.read_fast)."""

from collections.abc import Callable
from typing import Any

INTERFACE: int

def read(
    text: bytes | memoryview,
    max_nodes: int,
    max_depth: int,
    max_length: int,
    first: str,
    empty_implicit: bool,
    plain: Callable[[str, int], Any],
    key_ok: Callable[[str], bool],
) -> tuple[Any, bytes, bytes, bytes, list[int | dict[str, int]], int, int] | int | None: ...
