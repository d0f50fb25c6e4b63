"""The trained model's predictions on the held-out file: the same with our loader as with Rasa's,
and the same again from a second training of the same data (config.yml fixes every random seed)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

from tests.conftest import SecondTraining

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


def test_training_again_gives_the_same_predictions(rasas_predictions: List[list], second_training: SecondTraining) -> None:
    # Started with the session (tests/conftest.py), so that it trains while other tests wait on their servers.
    try:
        second_training.process.wait(timeout=TRAINING_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail(f"the second training took over {TRAINING_TIMEOUT_SECONDS} s:\n{second_training.log.read_text()[-3000:]}")
    assert second_training.process.returncode == 0, second_training.log.read_text()[-3000:]
    # Loaded our way, which the test above proves equal to Rasa's (and faster by a minute).
    assert _parse_held_out("ours", second_training.model) == rasas_predictions
