"""Output formats: every renderer of findings, drift and history; registry.py lists them."""

from smaudit.formats.options import RenderOptions
from smaudit.formats.registry import DRIFT_FORMATS, FORMATS, HISTORY_FORMATS, Format

__all__ = ["DRIFT_FORMATS", "FORMATS", "HISTORY_FORMATS", "Format", "RenderOptions"]
