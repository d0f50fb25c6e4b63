"""Integrity of knowledge/: every figure and fact is quoted from its article, and the NLU data knows every entry."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterator, List, Tuple

import pytest
import yaml

from actions.knowledge import KnowledgeBase, Profession, Source, knowledge_base, normalise, resolve_term, vocabularies
from scripts.generate_nlu_vocabulary import render

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
NUMBER = re.compile(r"\d[\d.,]*\d|\d")


def article(file: str) -> str:
    path = SEEDS / file
    assert path.exists(), f"{file} is not in {SEEDS}: every source must be one of the articles"
    return path.read_text(encoding="utf-8")


def numbers(text: str) -> List[int]:
    """Every amount in a text as an integer: '3.200' and '3200' are both 3200."""
    return [int(n.replace(".", "").replace(",", "")) for n in NUMBER.findall(text)]


def all_sources(kb: KnowledgeBase) -> Iterator[Tuple[str, Source]]:
    for row in kb.salaries:
        yield f"salary {row.profession}/{row.level}", row.source
    for fact in kb.facts:
        yield f"fact {fact.profession}/{fact.topic}", fact.source
    for place in kb.places:
        yield f"place {place.name}", place.source


def test_every_source_sentence_is_quoted_verbatim(kb: KnowledgeBase) -> None:
    for name, source in all_sources(kb):
        assert source.sentences, f"{name} has no source sentence"
        text = article(source.file)
        for sentence in source.sentences:
            assert sentence in text, f"{name}: not verbatim in {source.file}: {sentence!r}"


def test_every_salary_figure_stands_in_its_sentence(kb: KnowledgeBase) -> None:
    for row in kb.salaries:
        stated = {n for sentence in row.source.sentences for n in numbers(sentence)}
        for figure in (row.lower, row.upper):
            if figure is not None:
                assert figure in stated, f"{row.profession}/{row.level}: {figure} is not in its source sentences"


def test_every_number_in_a_fact_answer_stands_in_its_sentences(kb: KnowledgeBase) -> None:
    for fact in kb.facts:
        stated = {n for sentence in fact.source.sentences for n in numbers(sentence)}
        for figure in numbers(fact.answer):
            assert figure in stated, f"{fact.profession}/{fact.topic}: {figure} is not in its source sentences"


def test_open_bounds_and_periods_match_the_wording(kb: KnowledgeBase) -> None:
    for row in kb.salaries:
        sentence = " ".join(row.source.sentences)
        assert row.lower_exclusive == ("mehr als" in sentence), f"{row.profession}/{row.level}: 'mehr als' vs lower_exclusive"
        assert (row.upper is None) == row.lower_exclusive, f"{row.profession}/{row.level}: an open bound needs 'mehr als'"
        assert row.gross_stated == ("brutto" in sentence), f"{row.profession}/{row.level}: 'brutto' vs gross_stated"
        if row.period_stated:
            assert {"monat": "Monat", "jahr": "Jahr"}[row.period] in sentence


def test_references_point_to_existing_entries(kb: KnowledgeBase) -> None:
    keys = {p.key for p in kb.professions}
    topics = {t.key for t in kb.topics}
    levels = {t.key for t in kb.levels}
    employers = {t.key for t in kb.employer_types}
    for row in kb.salaries:
        assert row.profession in keys and row.level in levels and row.period in {"monat", "jahr"}
        assert set(row.employer_notes) <= employers
        assert row.source.file in kb.titles
    for fact in kb.facts:
        assert fact.profession in keys and fact.topic in topics
        assert fact.source.file in kb.titles
    for profession in kb.professions:
        assert profession.source_file in kb.titles


def test_topic_intents_are_in_the_domain(kb: KnowledgeBase) -> None:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    missing = [t.intent for t in kb.topics if t.intent not in domain["intents"]]
    assert not missing, f"topics.yml names intents the domain lacks: {missing}"


def test_no_spelling_maps_to_two_values(kb: KnowledgeBase) -> None:
    for entity, keys in vocabularies(kb).items():
        seen = {}
        for key, spellings in keys.items():
            for spelling in spellings:
                assert seen.setdefault(normalise(spelling), key) == key, f"{entity}: {spelling!r} is a synonym of two values"


def test_generated_vocabulary_is_current(kb: KnowledgeBase) -> None:
    generated = ROOT / "data" / "vocabulary.yml"
    assert generated.exists() and generated.read_text(encoding="utf-8") == render(kb), (
        "data/vocabulary.yml is out of date with knowledge/: run `make train` (it regenerates it)"
    )


@pytest.mark.parametrize("profession", knowledge_base().professions, ids=lambda p: p.key)
def test_every_profession_has_nlu_examples(kb: KnowledgeBase, profession: Profession) -> None:
    from rasa.shared.nlu.training_data.loading import load_data

    vocab = vocabularies(kb)["profession"]
    data = load_data(str(ROOT / "data" / "nlu.yml"))
    annotated = [
        m.get("text")[e["start"]:e["end"]]
        for m in data.training_examples for e in (m.get("entities") or []) if e["entity"] == "profession"
    ]
    count = sum(resolve_term(text, vocab) == profession.key for text in annotated)
    assert count >= 20, f"Profession {profession.name!r} has only {count} annotated NLU examples in data/nlu.yml (need 20)"
