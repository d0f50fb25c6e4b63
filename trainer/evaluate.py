"""Measures NLU and dialogue quality and compares it with the last committed report.

    python -m trainer.evaluate [--folds 3] [--epochs N] [--out reports] [--baseline FILE]

Runs, in one process with Rasa's own evaluation code:
  - NLU cross-validation on data/ with config.yml (--folds folds; --epochs N overrides the
    DIETClassifier's epochs for a quicker, rougher run);
  - the trained model (--model) on the held-out file tests/nlu_heldout.yml;
  - the end-to-end test stories tests/test_stories.yml.
Writes into --out: evaluation.json (the numbers), evaluation.md and evaluation.html (per-intent
precision, recall and F1, the test-story results, and what got better or worse than the baseline),
heldout_confusion_matrix.png and cross_validation_confusion_matrix.png. Rasa's raw output goes to --work.
The baseline is --baseline, else evaluation.json as committed in git (HEAD), else none.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import yaml

from trainer import report

ROOT = Path(__file__).resolve().parent.parent
REPORT_NAME = "evaluation.json"
DEFAULT_FOLDS = 3
# 0: the cross-validation trains with config.yml's epochs. Fewer save little here: 3 folds took
# 363 s with 30 epochs and 365 s with 60, as loading and featurising dominate.
DEFAULT_CV_EPOCHS = 0
# Smaller differences are noise between trainings (DIET's random start), not a change a trainer made:
# one more or one fewer error among an intent's ~15-40 examples moves its F1 by about 0.03.
TOLERANCE = 0.05
AGGREGATE_TOLERANCE = 0.01
# Keys of Rasa's intent_report.json that are averages, not intents.
AVERAGES = {"accuracy", "macro avg", "weighted avg", "micro avg"}
SECTIONS = (("heldout", "Held-out-Test"), ("cross_validation", "Kreuzvalidierung"))


@dataclass(frozen=True)
class Settings:
    """What was evaluated, and how: recorded in the report so that comparisons stay fair."""

    folds: int
    epochs: Optional[int]
    model: Path
    heldout: Path
    stories: Path
    config: Path
    data: Path

    def as_dict(self) -> Dict[str, Any]:
        return {
            "folds": self.folds,
            "epochs": self.epochs,
            "data": _relative(self.data),
            "heldout": _relative(self.heldout),
            "stories": _relative(self.stories),
            "config": _relative(self.config),
        }


def _relative(path: Path) -> str:
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT)) if resolved.is_relative_to(ROOT) else str(path)


def intent_scores(intent_report: Dict[str, Any]) -> Dict[str, Any]:
    """Accuracy, macro F1 and per-intent precision, recall, F1, support and confusions from Rasa's intent_report.json."""
    intents = {
        name: {
            "precision": round(row["precision"], 4),
            "recall": round(row["recall"], 4),
            "f1": round(row["f1-score"], 4),
            "support": row["support"],
            "confused_with": row.get("confused_with", {}),
        }
        for name, row in intent_report.items()
        if name not in AVERAGES
    }
    return {
        "accuracy": round(intent_report["accuracy"], 4),
        "macro_f1": round(intent_report["macro avg"]["f1-score"], 4),
        "intents": dict(sorted(intents.items())),
    }


def story_results(stories: Path, failed_file: Path) -> Dict[str, Any]:
    """How many test stories there are and the names of those that failed (Rasa's failed_test_stories.yml)."""
    names = [s["story"] for s in (yaml.safe_load(stories.read_text(encoding="utf-8")) or {}).get("stories", [])]
    failed_data = yaml.safe_load(failed_file.read_text(encoding="utf-8")) if failed_file.exists() else None
    # Rasa appends "(... warning/error ...)" notes to failed stories' names; the story's own name comes first.
    failed = sorted({next((n for n in names if s["story"].startswith(n)), s["story"]) for s in (failed_data or {}).get("stories", [])})
    return {"total": len(names), "failed": failed}


def _cv_config(config: Path, epochs: Optional[int], path: Path) -> Path:
    """config.yml with a fixed random seed for DIET (so that two runs differ only where the data does)
    and its epochs replaced by `epochs`, written to `path`."""
    from rasa.shared.importers.importer import TrainingDataImporter

    loaded = TrainingDataImporter.load_from_dict(config_path=str(config)).get_config()
    for component in loaded["pipeline"]:
        if component.get("name") == "DIETClassifier":
            component.setdefault("random_seed", 1)
            if epochs is not None:
                component["epochs"] = epochs
    path.write_text(yaml.safe_dump(loaded, allow_unicode=True), encoding="utf-8")
    return path


async def cross_validate(settings: Settings, out: Path) -> None:
    """Rasa's k-fold cross-validation, scoring only the held-back fold each time, into `out`/intent_report.json.

    rasa.nlu.test.cross_validate also runs every model over its own training folds, three times the
    predictions for numbers not reported here; this loop uses the same folds, training and scoring.
    """
    import numpy
    import rasa.model_training
    from rasa.core.agent import Agent
    from rasa.nlu.test import drop_intents_below_freq, evaluate_intents, generate_folds, get_eval_data
    from rasa.shared.importers.importer import TrainingDataImporter
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter

    data = TrainingDataImporter.load_from_dict(training_data_paths=[str(settings.data)]).get_nlu_data()
    config = _cv_config(settings.config, settings.epochs, out / "config.yml")
    # generate_folds shuffles with numpy's global generator: seeded, every run compares the same folds.
    numpy.random.seed(0)
    results = []
    for number, (train, test) in enumerate(generate_folds(settings.folds, drop_intents_below_freq(data, settings.folds)), 1):
        training_file = out / f"fold_{number}.yml"
        RasaYAMLWriter().dump(training_file, train)
        model = rasa.model_training.train_nlu(str(config), str(training_file), str(out / "models"))
        intent_results, _, _ = await get_eval_data(Agent.load(model).processor, test)
        results += intent_results
    evaluate_intents(results, str(out), successes=False, errors=True, disable_plotting=False, report_as_dict=True)


async def measure(settings: Settings, work: Path) -> Dict[str, Any]:
    """Runs cross-validation, the held-out test and the test stories; returns the numbers for evaluation.json."""
    from rasa.core.agent import Agent
    from rasa.core.test import test as test_stories
    from rasa.nlu.test import run_evaluation
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)
    for part in ("cv", "heldout", "stories"):
        shutil.rmtree(work / part, ignore_errors=True)
        (work / part).mkdir(parents=True)
    started = time.monotonic()
    await cross_validate(settings, work / "cv")
    print(f"Kreuzvalidierung: {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    agent = Agent.load(str(settings.model))
    await run_evaluation(str(settings.heldout), agent.processor, output_directory=str(work / "heldout"), errors=True)
    print(f"Held-out-Test: {time.monotonic() - started:.0f} s", flush=True)
    started = time.monotonic()
    await test_stories(str(settings.stories), agent, out_directory=str(work / "stories"), errors=True, warnings=False)
    print(f"Teststorys: {time.monotonic() - started:.0f} s", flush=True)
    return {
        "settings": settings.as_dict(),
        "heldout": intent_scores(json.loads((work / "heldout" / "intent_report.json").read_text())),
        "cross_validation": intent_scores(json.loads((work / "cv" / "intent_report.json").read_text())),
        "stories": story_results(settings.stories, work / "stories" / "failed_test_stories.yml"),
    }


def committed_baseline(out: Path) -> Optional[Dict[str, Any]]:
    """evaluation.json as committed in git (HEAD), or None where there is none."""
    try:
        shown = subprocess.run(
            ["git", "show", f"HEAD:./{_relative(out / REPORT_NAME)}"],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return json.loads(shown.stdout)


def compare(previous: Dict[str, Any], current: Dict[str, Any]) -> Tuple[List[str], List[str], List[str]]:
    """(better, worse, notes): changes in accuracy and macro F1 (from AGGREGATE_TOLERANCE), per-intent F1
    (from TOLERANCE) and in the test stories."""
    better: List[str] = []
    worse: List[str] = []
    notes: List[str] = []

    def judge(what: str, before: float, after: float, tolerance: float = TOLERANCE) -> None:
        if after - before >= tolerance:
            better.append(f"{what}: {before:.2f} → {after:.2f}")
        elif before - after >= tolerance:
            worse.append(f"{what}: {before:.2f} → {after:.2f}")

    for section, label in SECTIONS:
        before, after = previous.get(section), current[section]
        if not before:
            continue
        if section == "cross_validation" and previous.get("settings", {}) != current["settings"]:
            notes.append(f"{label} nicht verglichen: andere Einstellungen als im Vergleichsbericht ({previous.get('settings')}).")
            continue
        judge(f"{label}, Genauigkeit", before["accuracy"], after["accuracy"], AGGREGATE_TOLERANCE)
        judge(f"{label}, Makro-F1", before["macro_f1"], after["macro_f1"], AGGREGATE_TOLERANCE)
        for intent, scores in after["intents"].items():
            if intent in before["intents"]:
                judge(f"{label}, {intent} (F1)", before["intents"][intent]["f1"], scores["f1"])
            else:
                notes.append(f"{label}: {intent} ist neu (F1 {scores['f1']:.2f}).")
    failed_before = set(previous.get("stories", {}).get("failed", []))
    failed_now = set(current["stories"]["failed"])
    better += [f"Teststory „{name}“ läuft jetzt durch" for name in sorted(failed_before - failed_now)]
    worse += [f"Teststory „{name}“ schlägt jetzt fehl" for name in sorted(failed_now - failed_before)]
    return better, worse, notes


def _intent_table(section: Dict[str, Any]) -> str:
    return report.markdown_table(
        ["Intent", "Precision", "Recall", "F1", "Beispiele", "verwechselt mit"],
        [
            [
                name, f"{s['precision']:.2f}", f"{s['recall']:.2f}", f"{s['f1']:.2f}", str(s["support"]),
                ", ".join(f"{other} ({n})" for other, n in s["confused_with"].items()),
            ]
            for name, s in sorted(section["intents"].items(), key=lambda item: item[1]["f1"])
        ],
    )


def evaluation_markdown(current: Dict[str, Any], previous: Optional[Dict[str, Any]]) -> str:
    """The report: comparison first, then held-out and cross-validation per intent (worst first), then the stories."""
    settings = current["settings"]
    epochs = f"DIET-Epochen: {settings['epochs']}" if settings["epochs"] else "DIET-Epochen wie in config.yml"
    stories = current["stories"]
    lines = ["# NLU- und Dialogqualität", "", "## Vergleich mit dem letzten committeten Bericht", ""]
    if previous is None:
        lines.append("Kein Vergleichsbericht gefunden (noch keiner committet).")
    else:
        better, worse, notes = compare(previous, current)
        lines += [
            f"Gezählt werden Änderungen ab {AGGREGATE_TOLERANCE:.2f} bei Genauigkeit und Makro-F1 "
            f"und ab {TOLERANCE:.2f} beim F1 eines Intents.", "",
            "### Schlechter", "", report.bullet_list(worse), "",
            "### Besser", "", report.bullet_list(better), "",
        ]
        if notes:
            lines += ["### Hinweise", "", report.bullet_list(notes)]
    for section, label in SECTIONS:
        scores = current[section]
        source = settings["heldout"] if section == "heldout" else f"{settings['data']}/, {settings['folds']} Folds, {epochs}"
        lines += [
            "", f"## {label} ({source})", "",
            f"Genauigkeit {scores['accuracy']:.2f}, Makro-F1 {scores['macro_f1']:.2f}.", "",
            f"![Konfusionsmatrix {label}]({section}_confusion_matrix.png)", "",
            _intent_table(scores),
        ]
    passed = stories["total"] - len(stories["failed"])
    lines += [
        "", f"## Teststorys ({settings['stories']})", "",
        f"{passed} von {stories['total']} laufen durch.", "",
        "Fehlgeschlagen:", "", report.bullet_list(stories["failed"]),
    ]
    return "\n".join(lines) + "\n"


def write_reports(current: Dict[str, Any], previous: Optional[Dict[str, Any]], work: Path, out: Path) -> None:
    """evaluation.json, evaluation.md, evaluation.html and the two confusion matrices into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    (out / REPORT_NAME).write_text(json.dumps(current, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copyfile(work / "heldout" / "intent_confusion_matrix.png", out / "heldout_confusion_matrix.png")
    shutil.copyfile(work / "cv" / "intent_confusion_matrix.png", out / "cross_validation_confusion_matrix.png")
    markdown = evaluation_markdown(current, previous)
    (out / "evaluation.md").write_text(markdown, encoding="utf-8")
    (out / "evaluation.html").write_text(report.html_page("NLU- und Dialogqualität", markdown), encoding="utf-8")


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=DEFAULT_FOLDS)
    parser.add_argument("--epochs", type=int, default=DEFAULT_CV_EPOCHS, help="DIET-Epochen in der Kreuzvalidierung (0: wie config.yml)")
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "current.tar.gz")
    parser.add_argument("--heldout", type=Path, default=ROOT / "tests" / "nlu_heldout.yml")
    parser.add_argument("--stories", type=Path, default=ROOT / "tests" / "test_stories.yml")
    parser.add_argument("--config", type=Path, default=ROOT / "config.yml")
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "reports")
    parser.add_argument("--work", type=Path, default=ROOT / "results" / "evaluate")
    parser.add_argument("--baseline", type=Path, help="Vergleichsbericht (Standard: evaluation.json im letzten Commit)")
    args = parser.parse_args(argv)
    if not args.model.exists():
        print(f"Fehler: kein trainiertes Modell unter {args.model}; zuerst `make train`.", file=sys.stderr)
        return 2
    # The held-out test loads the model as the running assistant does, with the Rasa patches.
    import rasa_patches

    rasa_patches.install()
    settings = Settings(args.folds, args.epochs or None, args.model, args.heldout, args.stories, args.config, args.data)
    previous = json.loads(args.baseline.read_text(encoding="utf-8")) if args.baseline else committed_baseline(args.out)
    current = asyncio.run(measure(settings, args.work))
    write_reports(current, previous, args.work, args.out)
    print((args.out / "evaluation.md").read_text(encoding="utf-8").split("\n## Held-out")[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
