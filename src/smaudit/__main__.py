"""Entry point for `python -m smaudit`."""

from smaudit.cli.app import main

main()
