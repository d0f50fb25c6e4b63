"""Understanding on the held-out file, for the project and its two baselines, and the project's full training.

    python -m bench.understanding --out understanding.json [--smoke]

The project's model is trained from scratch (`rasa train` with an empty cache, so the time is a
full training) and scored on tests/nlu_heldout.yml beside Rasa's default configuration and the
TF-IDF + logistic-regression floor, with the scoring of bench/nlu_eval.py. --smoke trains
nothing: it scores the existing models/current.tar.gz on a few examples, and the floor.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional

from bench import nlu_eval

ROOT = nlu_eval.ROOT
DEFAULT_CONFIG = ROOT / "bench" / "configs" / "rasa_default.yml"
CURRENT_MODEL = ROOT / "models" / "current.tar.gz"
SMOKE_EXAMPLES = 8


def train_project(out: Path) -> Dict[str, float]:
    """Trains the whole assistant (NLU and dialogue) with an empty cache; its time and model size."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "RASA_CACHE_DIRECTORY": str(out / "cache")}
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "train", "--out", str(out),
         "--fixed-model-name", "project"],
        cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return {"training_seconds": time.perf_counter() - started, "model_path": str(out / "project.tar.gz")}


def evaluate(smoke: bool) -> Dict[str, object]:
    test = nlu_eval.load_examples(nlu_eval.HELD_OUT)
    training = nlu_eval.load_examples(ROOT / "data" / "nlu.yml")
    results: Dict[str, Dict[str, object]] = {}
    with tempfile.TemporaryDirectory(prefix="bench-nlu-") as work:
        if smoke:
            test = test[:SMOKE_EXAMPLES]
            results["project"] = {**nlu_eval.evaluate_model(CURRENT_MODEL, test), "training_seconds": None}
        else:
            trained = train_project(Path(work))
            results["project"] = {**nlu_eval.evaluate_model(Path(trained.pop("model_path")), test), **trained}
            results["rasa_default"] = nlu_eval.evaluate_rasa(DEFAULT_CONFIG, Path(work), test)
    results["tfidf_logistic_regression"] = nlu_eval.evaluate_tfidf(training, test)
    comparison: Dict[str, Optional[float]] = {"macro_f1_ratio_to_default": None, "macro_f1_points_above_default": None}
    if "rasa_default" in results:
        project_f1 = float(results["project"]["intent_macro_f1"])
        default_f1 = float(results["rasa_default"]["intent_macro_f1"])
        comparison = {
            "macro_f1_ratio_to_default": project_f1 / default_f1 if default_f1 else None,
            "macro_f1_points_above_default": 100 * (project_f1 - default_f1),
        }
    return {"test_file": str(nlu_eval.HELD_OUT.relative_to(ROOT)), "examples": len(test), **comparison,
            "results": results}


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    # Models load as the running assistant loads them (the predictions are Rasa's own: tests/test_model_loading.py).
    import rasa_patches

    rasa_patches.install()
    args.out.write_text(json.dumps(evaluate(args.smoke), indent=2))


if __name__ == "__main__":
    main()
