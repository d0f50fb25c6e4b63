"""Rasa's TensorFlow models loaded for prediction without a training step predict exactly as Rasa's own loading."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import List

ROOT = Path(__file__).resolve().parent.parent
# Parses the held-out texts with the trained model, loaded Rasa's way or ours (argv[1] == "ours").
PARSE = """
import asyncio, json, sys
from rasa.core.agent import Agent
from bench import nlu_eval
if sys.argv[1] == "ours":
    from rasa_patches import model_loading
    model_loading.install()
agent = Agent.load("models/current.tar.gz")
texts = [text for text, _, _ in nlu_eval.load_examples(nlu_eval.HELD_OUT)]
parsed = [asyncio.run(agent.parse_message(text)) for text in texts]
print(json.dumps([[p["intent"]["name"], round(p["intent"]["confidence"], 4),
                   sorted([e["entity"], str(e["value"])] for e in p["entities"])] for p in parsed]))
"""


def _parse_held_out(loader: str) -> List[list]:
    done = subprocess.run(
        [sys.executable, "-c", PARSE, loader], cwd=ROOT, capture_output=True, text=True, timeout=600, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_predictions_equal_rasas_own_loading_on_the_held_out_file() -> None:
    rasas, ours = _parse_held_out("rasa"), _parse_held_out("ours")
    assert len(ours) > 200
    assert ours == rasas
