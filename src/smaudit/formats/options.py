"""What a renderer may be told beyond the report itself."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RenderOptions:
    color: bool = False


DEFAULT_OPTIONS = RenderOptions()
