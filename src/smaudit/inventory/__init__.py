"""Inventories: loading the v1 format (and, later, importers from other shapes)."""

from smaudit.inventory.loader import load_inventory

__all__ = ["load_inventory"]
