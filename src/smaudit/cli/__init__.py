"""The command line: options in, the parts built, the run, an exit code out."""

from smaudit.cli.app import cli, main

__all__ = ["cli", "main"]
