"""The trained model's predictions on the held-out file: the same with our loader as with Rasa's,
and the same again from a second training of the same data (config.yml fixes every random seed)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "current.tar.gz"
# Parses the held-out texts with a trained model (argv[2]), loaded Rasa's way or ours (argv[1] == "ours").
PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent
from bench import nlu_eval
if sys.argv[1] == "ours":
    from rasa_patches import model_loading
    model_loading.install()
agent = Agent.load(sys.argv[2])
texts = [text for text, _, _ in nlu_eval.load_examples(nlu_eval.HELD_OUT)]
parsed = [asyncio.run(agent.parse_message(text)) for text in texts]
print(json.dumps([[p["intent"]["name"], round(p["intent"]["confidence"], 4),
                   sorted([e["entity"], str(e["value"])] for e in p["entities"])] for p in parsed]))
"""
TRAINING_TIMEOUT_SECONDS = 1200


def _parse_held_out(loader: str, model: Path) -> List[list]:
    done = subprocess.run(
        [sys.executable, "-c", PARSE, loader, str(model)], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def rasas_predictions() -> List[list]:
    """The model under test, loaded Rasa's own way."""
    return _parse_held_out("rasa", MODEL)


def test_predictions_equal_rasas_own_loading_on_the_held_out_file(rasas_predictions: List[list]) -> None:
    ours = _parse_held_out("ours", MODEL)
    assert len(ours) > 200
    assert ours == rasas_predictions


def test_training_again_gives_the_same_predictions(rasas_predictions: List[list], tmp_path: Path) -> None:
    # A cache of its own and --force: Rasa must train every component again, not copy it from the last training.
    env = {**os.environ, "RASA_CACHE_DIRECTORY": str(tmp_path / "cache"), "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "train", "--force", "--fixed-model-name", "again", "--out", str(tmp_path)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=TRAINING_TIMEOUT_SECONDS, check=True,
    )
    # Loaded our way, which the test above proves equal to Rasa's (and faster by a minute).
    assert _parse_held_out("ours", tmp_path / "again.tar.gz") == rasas_predictions
