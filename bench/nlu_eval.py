"""Trains NLU models for several configurations on data/ and scores them on the held-out file.

    python bench/nlu_eval.py --out bench/results/nlu.json config.yml bench/configs/rasa_default.yml

Scores per configuration: intent accuracy, macro-F1, entity F1 (on the values the actions use:
knowledge-base keys, or the lower-cased text for places) and the share of messages that fell
back to `nlu_fallback`; plus training time and model size. A TF-IDF + logistic-regression
classifier trained on the same examples is scored beside them as a floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from actions.knowledge import knowledge_base, resolve_term, vocabularies  # noqa: E402

HELD_OUT = ROOT / "tests" / "nlu_heldout.yml"
FALLBACK = "nlu_fallback"
Example = Tuple[str, str, Set[Tuple[str, str]]]


def entity_values(entities: List[dict]) -> Set[Tuple[str, str]]:
    """(entity, value) pairs as the actions would read them."""
    vocab = vocabularies(knowledge_base())
    pairs = set()
    for entity in entities:
        name, value = entity.get("entity"), str(entity.get("value", ""))
        resolved = resolve_term(value, vocab[name]) if name in vocab and name != "place" else None
        pairs.add((name, resolved or value.strip().lower()))
    return pairs


def load_examples(path: Path) -> List[Example]:
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(path))
    return [
        (m.get("text"), m.get("intent"), entity_values(m.get("entities") or []))
        for m in data.intent_examples
    ]


def train(config: Path, out_dir: Path, name: str) -> Tuple[Path, float]:
    started = time.perf_counter()
    subprocess.run(
        [str(Path(sys.executable).parent / "rasa"), "train", "nlu", "--config", str(config), "--nlu", str(ROOT / "data"),
         "--out", str(out_dir), "--fixed-model-name", name],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    return out_dir / f"{name}.tar.gz", time.perf_counter() - started


async def _predict(model: Path, texts: List[str]) -> List[dict]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    return [await agent.parse_message(text) for text in texts]


def score(gold: List[Example], predicted: List[Tuple[str, Set[Tuple[str, str]]]]) -> Dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    labels = sorted({intent for _, intent, _ in gold})
    true_intents = [intent for _, intent, _ in gold]
    predicted_intents = [intent for intent, _ in predicted]
    true_positive = sum(len(g[2] & p[1]) for g, p in zip(gold, predicted))
    gold_count = sum(len(g[2]) for g in gold)
    predicted_count = sum(len(p[1]) for p in predicted)
    precision = true_positive / predicted_count if predicted_count else 0.0
    recall = true_positive / gold_count if gold_count else 0.0
    return {
        "intent_accuracy": accuracy_score(true_intents, predicted_intents),
        "intent_macro_f1": f1_score(true_intents, predicted_intents, labels=labels, average="macro", zero_division=0),
        "entity_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "fallback_rate": predicted_intents.count(FALLBACK) / len(predicted_intents),
    }


def evaluate_model(model: Path, test: List[Example]) -> Dict[str, float]:
    """Scores a trained model (NLU-only or full) on the test examples."""
    parsed = asyncio.run(_predict(model, [text for text, _, _ in test]))
    predicted = [(p["intent"]["name"] if p.get("intent") else FALLBACK, entity_values(p.get("entities", []))) for p in parsed]
    result = score(test, predicted)
    result.update(model_megabytes=model.stat().st_size / 1e6)
    return result


def evaluate_rasa(config: Path, work: Path, test: List[Example]) -> Dict[str, float]:
    model, seconds = train(config, work, config.stem)
    result = evaluate_model(model, test)
    result.update(training_seconds=seconds)
    return result


def evaluate_tfidf(train_examples: List[Example], test: List[Example]) -> Dict[str, float]:
    """The floor: word and character TF-IDF with logistic regression; it finds no entities."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union
    from sklearn.feature_extraction.text import TfidfVectorizer

    started = time.perf_counter()
    classifier = make_pipeline(
        make_union(TfidfVectorizer(lowercase=True), TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5))),
        LogisticRegression(max_iter=2000, C=10),
    )
    classifier.fit([t for t, _, _ in train_examples], [i for _, i, _ in train_examples])
    seconds = time.perf_counter() - started
    predicted = [(intent, set()) for intent in classifier.predict([t for t, _, _ in test])]
    result = score(test, predicted)
    result.update(training_seconds=seconds, model_megabytes=None)
    return result


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("configs", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--test", type=Path, default=HELD_OUT)
    args = parser.parse_args(argv)
    test = load_examples(args.test)
    training = load_examples(ROOT / "data" / "nlu.yml")
    results: Dict[str, Dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as work:
        for config in args.configs:
            results[str(config)] = evaluate_rasa(config, Path(work), test)
            print(config, json.dumps(results[str(config)]), flush=True)
    results["tfidf_logistic_regression"] = evaluate_tfidf(training, test)
    print("tfidf_logistic_regression", json.dumps(results["tfidf_logistic_regression"]))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"test_file": str(args.test.relative_to(ROOT)), "examples": len(test), "results": results}, indent=2))


if __name__ == "__main__":
    main()
