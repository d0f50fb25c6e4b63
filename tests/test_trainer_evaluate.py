"""`make evaluate` on a small copy of the training data: its files, and the comparison with an earlier report."""

from __future__ import annotations

import copy
import json
from collections import defaultdict
from pathlib import Path
from typing import Any, Dict, List

import pytest

import trainer.evaluate
from trainer.evaluate import compare, write_reports

ROOT = Path(__file__).resolve().parent.parent
# The cross-validation's mechanics with a pipeline that trains and loads in seconds; the held-out
# test and the test stories use the real trained model.
FAST_CONFIG = """
language: de
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
    analyzer: char_wb
    min_ngram: 2
    max_ngram: 4
  - name: LogisticRegressionClassifier
"""


def shrink(source: Path, target: Path, per_intent: int) -> None:
    """The first `per_intent` examples of every intent of an NLU file, written with Rasa's own writer."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData

    kept: Dict[str, List[Any]] = defaultdict(list)
    for message in load_data(str(source)).intent_examples:
        if len(kept[message.get("intent")]) < per_intent:
            kept[message.get("intent")].append(message)
    target.parent.mkdir(parents=True, exist_ok=True)
    RasaYAMLWriter().dump(target, TrainingData([m for group in kept.values() for m in group]))


@pytest.fixture(scope="module")
def evaluated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fast run of the real tool: 2 folds of a light pipeline on 10 examples per intent, 3 held-out examples per intent."""
    work = tmp_path_factory.mktemp("evaluate")
    shrink(ROOT / "data" / "nlu.yml", work / "data" / "nlu.yml", 10)
    shrink(ROOT / "tests" / "nlu_heldout.yml", work / "heldout.yml", 3)
    (work / "config.yml").write_text(FAST_CONFIG, encoding="utf-8")
    code = trainer.evaluate.main([
        "--folds", "2", "--config", str(work / "config.yml"), "--data", str(work / "data"),
        "--heldout", str(work / "heldout.yml"), "--out", str(work / "reports"), "--work", str(work / "raw"),
    ])
    assert code == 0
    return work


def report(work: Path) -> Dict[str, Any]:
    return json.loads((work / "reports" / "evaluation.json").read_text(encoding="utf-8"))


def test_evaluate_writes_per_intent_scores_confusion_matrices_and_story_results(evaluated: Path) -> None:
    reports = evaluated / "reports"
    for name in ("evaluation.md", "evaluation.html"):
        assert (reports / name).stat().st_size > 0
    for name in ("heldout_confusion_matrix.png", "cross_validation_confusion_matrix.png"):
        assert (reports / name).read_bytes().startswith(b"\x89PNG")
    numbers = report(evaluated)
    held_out_intents = {line.split("intent: ")[1] for line in (evaluated / "heldout.yml").read_text().splitlines() if "intent: " in line}
    assert set(numbers["heldout"]["intents"]) == held_out_intents
    for section in ("heldout", "cross_validation"):
        for scores in numbers[section]["intents"].values():
            assert {"precision", "recall", "f1", "support"} <= set(scores)
            assert 0 <= scores["f1"] <= 1
    assert "feedback_unhelpful" in numbers["cross_validation"]["intents"]
    stories = numbers["stories"]
    assert stories["total"] == (ROOT / "tests" / "test_stories.yml").read_text().count("- story:")
    assert stories["failed"] == [], "the model must pass the project's own test stories"
    markdown = (reports / "evaluation.md").read_text(encoding="utf-8")
    assert "Kein Vergleichsbericht" in markdown
    assert f"{stories['total']} von {stories['total']} laufen durch" in markdown


def test_comparison_names_a_deliberately_worsened_intent(evaluated: Path, tmp_path: Path) -> None:
    current = report(evaluated)
    worsened, improved = sorted(current["heldout"]["intents"])[:2]
    previous = copy.deepcopy(current)
    previous["heldout"]["intents"][worsened]["f1"] = current["heldout"]["intents"][worsened]["f1"] + 0.3
    previous["heldout"]["intents"][improved]["f1"] = current["heldout"]["intents"][improved]["f1"] - 0.3
    previous["stories"]["failed"] = ["greeting, salary in Duisburg, follow-ups on experience and year"]
    previous["settings"]["folds"] = 3

    write_reports(current, previous, evaluated / "raw", tmp_path)
    markdown = (tmp_path / "evaluation.md").read_text(encoding="utf-8")
    worse = markdown.split("### Schlechter")[1].split("### Besser")[0]
    better = markdown.split("### Besser")[1].split("## ")[0]
    assert f"Held-out-Test, {worsened} (F1)" in worse
    assert worsened not in better and improved in better and improved not in worse
    assert "läuft jetzt durch" in better
    assert "Kreuzvalidierung nicht verglichen" in markdown, "runs with other settings are not compared"


def test_small_differences_are_not_reported() -> None:
    scores = {"accuracy": 0.9, "macro_f1": 0.9, "intents": {"greet": {"f1": 0.9}}}
    previous = {"settings": {}, "heldout": scores, "cross_validation": None, "stories": {"failed": []}}
    current = copy.deepcopy(previous)
    current["heldout"]["intents"]["greet"]["f1"] = 0.88
    current["heldout"]["accuracy"] = 0.895
    assert compare(previous, current) == ([], [], [])
    current["heldout"]["intents"]["greet"]["f1"] = 0.8
    assert compare(previous, current)[1] == ["Held-out-Test, greet (F1): 0.90 → 0.80"]
