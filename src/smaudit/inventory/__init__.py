"""The inventory: files loaded and merged, values read, addresses normalised, importers."""

from smaudit.inventory.loader import load_inventory

__all__ = ["load_inventory"]
