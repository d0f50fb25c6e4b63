"""Entry point: ``python -m web``."""

from .server import main

main()
