"""Output formats: the renderers of findings, drift, history and todo; registry.py lists them."""

from smaudit.formats.options import RenderOptions
from smaudit.formats.registry import DRIFT_FORMATS, FORMATS, HISTORY_FORMATS, TODO_FORMATS, Format

__all__ = ["DRIFT_FORMATS", "FORMATS", "HISTORY_FORMATS", "TODO_FORMATS", "Format", "RenderOptions"]
