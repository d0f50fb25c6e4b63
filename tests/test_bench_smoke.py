"""The benchmark keeps working: its question set, its scoring, and a smoke run of `make bench` (a few turns).

Nothing here is timed: benchmarks measure, tests only check that the measuring still runs.
"""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.loading import load_data

from actions.answers import supported_amounts
from actions.knowledge import KnowledgeBase
from bench import answer_quality, conversations, loadgen, summary

ROOT = Path(__file__).resolve().parent.parent
SMOKE_TIMEOUT_SECONDS = 900


def _normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().casefold()


def test_question_set_is_large_enough_and_apart_from_training_and_held_out_data() -> None:
    question_set = answer_quality.load_question_set()
    questions = question_set["questions"]
    asked = [q.ask for q in questions] + [t for q in questions for t in q.before] + question_set["conversation"]
    known = _training_texts()
    assert len(questions) >= 60
    assert len(question_set["conversation"]) == 10
    assert [text for text in asked if _normalised(text) in known] == []


# What the conversation benchmark must hold (the conversations issue): totals and turns per category.
MIN_CONVERSATIONS, MIN_TURNS = 120, 350
MIN_PER_CATEGORY = {"journey": 30, "long_message": 25, "english": 15}
MIN_NO_DATA_TURNS = 25
# Greetings, thanks and bare follow-ups ("merci", "und mit Erfahrung?", "und aufs Jahr gerechnet?") are the same
# words everyone types: the later sets' authors wrote them without seeing the training data, which has them too.
MAX_FORMULA_WORDS = 4


def _training_texts() -> set:
    return {
        _normalised(m.get("text"))
        for path in ("data/nlu.yml", "tests/nlu_heldout.yml")
        for m in load_data(str(ROOT / path)).training_examples
        if m.get("text")
    }


def test_conversation_benchmark_is_large_enough() -> None:
    written = conversations.load_conversations()
    turns = [turn for c in written for turn in c.turns]
    assert len(written) >= MIN_CONVERSATIONS and len(turns) >= MIN_TURNS
    for category, least in MIN_PER_CATEGORY.items():
        assert sum(c.category == category for c in written) >= least, category
    assert sum(bool(t.expect.get("no_data")) for t in turns) >= MIN_NO_DATA_TURNS
    journeys = [c for c in written if c.category == "journey"]
    assert all(3 <= len(c.turns) <= 6 for c in journeys)


@pytest.mark.parametrize("name", sorted(conversations.SETS))
def test_no_benchmark_conversation_is_trained_on(name: str) -> None:
    turns = [turn for c in conversations.load_conversations(conversations.SETS[name]) for turn in c.turns]
    assert all(t.expect for t in turns), "every turn says what a right reply holds"
    trained = {_normalised(m.get("text")) for m in load_data(str(ROOT / "data" / "nlu.yml")).training_examples if m.get("text")}
    sentences = [t.user for t in turns if len(_normalised(t.user).split()) > MAX_FORMULA_WORDS]
    assert [text for text in sentences if _normalised(text) in trained] == [], "benchmark text must not be trained on"


def test_conversation_scoring_matches_amounts_as_whole_numbers(kb: KnowledgeBase) -> None:
    conversation = conversations.Conversation("x", "single", ())
    turn = conversations.Turn("Was verdient man in der MTI?", {"all": ["42.000"], "none": ["4.200"]})
    assert conversations.judge(conversation, turn, "etwa 42.000 € bis 55.000 €", supported_amounts(kb)).correct
    assert not conversations.judge(conversation, turn, "etwa 42.000 €, als Medizin-Ingenieur 4.200 €", supported_amounts(kb)).correct


def test_conversation_scoring_catches_misattributed_and_invented_figures(kb: KnowledgeBase) -> None:
    conversation = conversations.Conversation("x", "no_data", ())
    turn = conversations.Turn("Was verdient ein Zahnarzt?", {"no_data": True})
    honest = conversations.judge(conversation, turn, "Zum Beruf „Zahnarzt“ nennen die Artikel keine Angaben.", supported_amounts(kb))
    misattributed = conversations.judge(conversation, turn, "42.000 € bis 55.000 € – für andere Berufe nennen die Artikel keine Zahl.", supported_amounts(kb))
    invented = conversations.judge(conversation, conversations.Turn("Gehalt?", {"all": ["3.200"]}), "3.200 € bis 9.999 €", supported_amounts(kb))
    assert honest.correct
    assert not misattributed.correct and misattributed.figure_for_unknown
    assert not invented.correct and invented.unsupported == [9999]
    alternatives = conversations.Turn("Gehalt?", {"all": ["3.200|42.000"], "none": ["4.800"]})
    assert conversations.judge(conversation, alternatives, "etwa 3200 € im Monat", supported_amounts(kb)).correct
    assert not conversations.judge(conversation, alternatives, "3.200 €, später 4.800 €", supported_amounts(kb)).correct


def test_expected_figures_are_figures_of_the_knowledge_base(kb: KnowledgeBase) -> None:
    supported = supported_amounts(kb)
    expected = {
        amount
        for q in answer_quality.load_question_set()["questions"]
        for e in q.expect
        for option in ([e] if isinstance(e, str) else e)
        for amount in answer_quality.stated_amounts(option)
    }
    assert expected and expected <= supported


def test_judge_counts_an_amount_outside_the_table_and_accepts_conversions(kb: KnowledgeBase) -> None:
    supported = supported_amounts(kb)
    question = answer_quality.Question("Was verdient ein Medizin-Ingenieur im Jahr?", ["38.400 €", ["brutto", "Monatsgehalt"]])
    right = answer_quality.judge(question, "Umgerechnet 38.400 € bis 50.400 € im Jahr; ich lese es als Monatsgehalt.", supported)
    made_up = answer_quality.judge(question, "Etwa 38.400 € bis 60.000 Euro, als Monatsgehalt.", supported)
    missing = answer_quality.judge(question, "Umgerechnet 38.400 € im Jahr.", supported)
    assert right.correct
    assert made_up.unsupported == [60000] and not made_up.correct
    assert missing.missing == [["brutto", "Monatsgehalt"]]


def test_no_amount_questions_count_every_amount(kb: KnowledgeBase) -> None:
    question = answer_quality.Question("Was verdient ein Zahnarzt?", [["keine Angaben"]], no_amount=True)
    verdict = answer_quality.judge(question, "Dazu habe ich keine Angaben, nur 3.200 €.", supported_amounts(kb))
    assert verdict.unsupported == [3200]


def test_percentiles_are_nearest_rank() -> None:
    values = sorted(float(v) for v in range(1, 101))
    assert (loadgen.percentile(values, 0.5), loadgen.percentile(values, 0.95), loadgen.percentile(values, 0.99)) == (50.0, 95.0, 99.0)
    assert loadgen.percentile([], 0.5) is None


def test_load_is_only_sent_to_loopback() -> None:
    with pytest.raises(ValueError, match="loopback"):
        asyncio.run(loadgen.load("http://192.0.2.1:5005", 1, ["Hallo"], 1, 1.0, "x"))


def test_smoke_run_of_the_benchmark_writes_every_section(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--smoke", "--out", str(tmp_path)],
        cwd=ROOT, capture_output=True, text=True, timeout=SMOKE_TIMEOUT_SECONDS, check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((tmp_path / "bench.json").read_text())
    assert results["understanding"]["results"]["project"]["intent_macro_f1"] is not None
    assert results["answers"]["questions"] == 4 and results["answers"]["errors"] == 0
    assert results["answers"]["unsupported_amount_replies"] == 0
    for name in conversations.SETS:
        assert results[name]["conversations"] == 3 and results[name]["errors"] == 0
        assert set(results[name]["categories"]) and results[name]["unsupported_amount_replies"] == 0
    for kind in ("greeting", "salary"):
        assert results["latency"]["project"][kind]["messages"] == 3
        assert results["latency"]["project"][kind]["cpu_ms_per_turn"]["rasa_server"] > 0
    for run in results["load"]["project"].values():
        assert run["errors"] == 0 and run["empty_replies"] == 0 and run["messages"] == run["planned_messages"]
    resources = results["resources"]
    assert set(resources["peak_rss_megabytes"]) == {"rasa_server", "action_server", "telegram_bridge"}
    assert all(mb > 0 for mb in resources["peak_rss_megabytes"].values())
    assert resources["telegram"]["answered"] == resources["telegram"]["turns"]
    for setup in results["scaling"]["setups"].values():
        for run in setup.values():
            assert run["errors"] == 0 and run["empty_replies"] == 0 and run["messages"] == run["planned_messages"]
    assert len([name for name in results["scaling"]["setups"]["scaled, 2 servers"]["2"]["cpu_ms_per_turn"] if name.startswith("rasa :")]) == 2
    text = (tmp_path / "summary.md").read_text()
    assert all(target.label in text for target in summary.TARGETS)
    assert "## Scaling out" in text
    assert all(f"| {name} |" in text for name in conversations.SETS if name != "conversations")
