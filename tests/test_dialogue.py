"""Rasa's own checks, run against the trained model: data validation and the end-to-end test stories."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}


def rasa(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([RASA, *args], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600)


def test_training_data_is_valid_without_warnings() -> None:
    result = rasa("data", "validate", "--fail-on-warnings")
    assert result.returncode == 0, (
        "`rasa data validate --fail-on-warnings` found problems in domain.yml or data/ "
        f"(fix what it names):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    )


def test_end_to_end_stories_pass(tmp_path: Path) -> None:
    result = rasa(
        "test", "core", "--model", "models/current.tar.gz", "--stories", "tests/test_stories.yml",
        "--fail-on-prediction-errors", "--out", str(tmp_path),
    )
    failed = (tmp_path / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, f"Test stories failed:\n{details}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
