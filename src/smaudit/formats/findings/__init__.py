"""Findings formats: one module per format, registered in formats/registry.py."""
