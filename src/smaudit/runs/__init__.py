"""Runs over time: feeds read back, drift between two runs, the history store."""
