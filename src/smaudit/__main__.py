"""Entry point for `python -m smaudit`."""

from smaudit.cli import main

main()
