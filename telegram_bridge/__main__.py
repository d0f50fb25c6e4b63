"""Entry point: ``python -m telegram_bridge``."""

from .bot import main

raise SystemExit(main())
