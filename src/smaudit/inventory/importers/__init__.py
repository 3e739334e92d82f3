"""Importers: inventories from what agencies already have (registry files, spreadsheets)."""
