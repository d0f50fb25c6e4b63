"""The anchor for latency and load: the assistant `rasa init --no-prompt` creates, trained once per Rasa version.

Its model is trained in a temporary folder and kept in build/bench/, keyed by the Rasa version,
so that repeated benchmark runs do not train it again.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "bench"
RASA = Path(sys.executable).parent / "rasa"


def rasa_version() -> str:
    from rasa import __version__

    return __version__


def cached_model() -> Path:
    return CACHE / f"rasa-init-{rasa_version()}.tar.gz"


def reference_model(log: Optional[Path] = None) -> Path:
    """The cached `rasa init` model; trains it first where there is none for this Rasa version."""
    model = cached_model()
    if model.exists():
        return model
    CACHE.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    with tempfile.TemporaryDirectory(prefix="rasa-init-") as work, open(log or os.devnull, "w") as out:
        subprocess.run(
            [str(RASA), "init", "--no-prompt", "--init-dir", work],
            cwd=work, env=env, check=True, stdout=out, stderr=subprocess.STDOUT,
        )
        trained = sorted(Path(work, "models").glob("*.tar.gz"))[-1]
        partial = model.with_suffix(f".{os.getpid()}.part")
        shutil.copyfile(trained, partial)
        partial.replace(model)
    return model


if __name__ == "__main__":
    started = time.perf_counter()
    print(reference_model(), f"{time.perf_counter() - started:.0f} s")
