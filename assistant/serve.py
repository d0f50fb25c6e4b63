"""Runs Rasa's command line with this project's Rasa patches installed first.

    python -m assistant.serve run --model models/current.tar.gz --port 5005 ...   (any `rasa` command)

`make run` (scripts/run.sh), the tests (tests/conftest.py), `make bench` and the trainer tools start
Rasa this way instead of the `rasa` executable, so that the patches in `rasa_patches/` are in place
whichever channels an endpoints file configures.
"""

from __future__ import annotations

import logging
import sys
from typing import List, Optional

import rasa_patches


def main(argv: Optional[List[str]] = None) -> None:
    """Installs the Rasa patches, then runs `rasa` with `argv` (default: this process's arguments)."""
    from rasa.__main__ import main as rasa_main

    logging.basicConfig(level=logging.INFO)
    installed = rasa_patches.install()
    logging.getLogger(__name__).info(
        "Rasa patches: %s", ", ".join(f"{name} {'on' if on else 'OFF'}" for name, on in installed.items())
    )
    sys.argv = ["rasa", *(sys.argv[1:] if argv is None else argv)]
    rasa_main()


if __name__ == "__main__":
    main()
