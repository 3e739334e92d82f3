"""Drift formats: what changed between two runs, one module per format."""
