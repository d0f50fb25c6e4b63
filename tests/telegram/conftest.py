"""Makes the Telegram test helpers and the bridge package importable under any import mode."""

import sys
from pathlib import Path

_HERE = Path(__file__).resolve().parent
for _path in (str(_HERE), str(_HERE.parent.parent)):
    if _path not in sys.path:
        sys.path.insert(0, _path)
