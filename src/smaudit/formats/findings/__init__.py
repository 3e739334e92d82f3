"""Findings formats: one module per format, registered in smaudit.formats."""
