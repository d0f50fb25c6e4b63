"""Integrity of knowledge/: every figure and fact is quoted from its article, and the NLU data knows every entry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Iterator, List, Optional, Tuple

import pytest
import yaml

from actions.context import read_turn
from actions.knowledge import (
    KnowledgeBase,
    KnowledgeError,
    Profession,
    Source,
    knowledge_base,
    load_knowledge_base,
    mentions,
    normalise,
    resolve_term,
    vocabularies,
)
from scripts.generate_nlu_vocabulary import build, render
from tests.conftest import article

ROOT = Path(__file__).resolve().parent.parent
NUMBER = re.compile(r"\d[\d.,]*\d|\d")


@pytest.fixture(params=["articles", "with_third_profession"])
def any_kb(request: pytest.FixtureRequest, kb: KnowledgeBase, third_kb: KnowledgeBase) -> KnowledgeBase:
    """The integrity rules hold for the knowledge base, and for it with the fixture's third profession."""
    return kb if request.param == "articles" else third_kb


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


def test_every_source_sentence_is_quoted_verbatim(any_kb: KnowledgeBase) -> None:
    kb = any_kb
    for name, source in all_sources(kb):
        assert source.sentences, f"{name} has no source sentence"
        text = article(source.file)
        for sentence in source.sentences:
            assert sentence in text, f"{name}: not verbatim in {source.file}: {sentence!r}"


def test_every_salary_figure_stands_in_its_sentence(any_kb: KnowledgeBase) -> None:
    kb = any_kb
    for row in kb.salaries:
        stated = {n for sentence in row.source.sentences for n in numbers(sentence)}
        for figure in (row.lower, row.upper):
            if figure is not None:
                assert figure in stated, f"{row.profession}/{row.level}: {figure} is not in its source sentences"


def test_every_number_in_a_fact_answer_stands_in_its_sentences(any_kb: KnowledgeBase) -> None:
    kb = any_kb
    for fact in kb.facts:
        stated = {n for sentence in fact.source.sentences for n in numbers(sentence)}
        for figure in numbers(fact.answer):
            assert figure in stated, f"{fact.profession}/{fact.topic}: {figure} is not in its source sentences"


def test_open_bounds_and_periods_match_the_wording(any_kb: KnowledgeBase) -> None:
    kb = any_kb
    for row in kb.salaries:
        sentence = " ".join(row.source.sentences)
        assert row.lower_exclusive == ("mehr als" in sentence), f"{row.profession}/{row.level}: 'mehr als' vs lower_exclusive"
        assert (row.upper is None) == row.lower_exclusive, f"{row.profession}/{row.level}: an open bound needs 'mehr als'"
        assert row.gross_stated == ("brutto" in sentence), f"{row.profession}/{row.level}: 'brutto' vs gross_stated"
        if row.period_stated:
            assert {"monat": "Monat", "jahr": "Jahr"}[row.period] in sentence


def test_references_point_to_existing_entries(any_kb: KnowledgeBase) -> None:
    kb = any_kb
    keys = {p.key for p in kb.professions}
    topics = {t.key for t in kb.topics}
    levels = {t.key for t in kb.levels}
    employers = {t.key for t in kb.employer_types}
    for row in kb.salaries:
        assert row.profession in keys and row.level in levels and row.period in {"monat", "jahr"}
        assert set(row.employer_notes) <= employers and set(row.measured_employers) <= set(row.employer_notes)
        assert row.source.file in kb.titles
    for fact in kb.facts:
        assert fact.profession in keys and fact.topic in topics
        assert fact.source.file in kb.titles
    for profession in kb.professions:
        assert profession.source_file in kb.titles
    assert all(gap.level in levels for gap in kb.not_covered.levels if gap.level)


def test_every_cue_stands_in_its_own_article_and_in_no_other(any_kb: KnowledgeBase) -> None:
    """A cue selects a profession because only that profession's article covers it."""
    texts = {p.key: normalise(article(p.source_file)) for p in any_kb.professions}
    for profession in any_kb.professions:
        for cue in profession.cues:
            assert normalise(cue) in texts[profession.key], f"{profession.key}: cue {cue!r} is not in its article"
            others = [key for key, text in texts.items() if key != profession.key and normalise(cue) in text]
            assert not others, f"{profession.key}: cue {cue!r} also stands in the article of {others}"


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


MIN_PROFESSION_EXAMPLES = 20


def professions_lacking_examples(kb: KnowledgeBase, nlu_file: Path = ROOT / "data" / "nlu.yml") -> List[str]:
    """One message per profession of `kb` with fewer than MIN_PROFESSION_EXAMPLES annotated NLU examples, naming it."""
    from rasa.shared.nlu.training_data.loading import load_data

    vocab = vocabularies(kb)["profession"]
    data = load_data(str(nlu_file))
    annotated = [
        m.get("text")[e["start"]:e["end"]]
        for m in data.training_examples for e in (m.get("entities") or []) if e["entity"] == "profession"
    ]
    counts = {p.key: sum(resolve_term(text, vocab) == p.key for text in annotated) for p in kb.professions}
    return [
        f"Profession {p.name!r} has only {counts[p.key]} annotated NLU examples in {nlu_file.name} "
        f"(need {MIN_PROFESSION_EXAMPLES}; docs/TRAINING.md, 'Einen Beruf hinzufügen')"
        for p in kb.professions if counts[p.key] < MIN_PROFESSION_EXAMPLES
    ]


@pytest.mark.parametrize("profession", knowledge_base().professions, ids=lambda p: p.key)
def test_every_profession_has_nlu_examples(kb: KnowledgeBase, profession: Profession) -> None:
    lacking = [m for m in professions_lacking_examples(kb) if repr(profession.name) in m]
    assert not lacking, lacking[0]


def knowledge_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", copy)
    return copy


def test_a_new_profession_without_nlu_examples_is_reported_by_name(tmp_path: Path) -> None:
    directory = knowledge_copy(tmp_path)
    professions = yaml.safe_load((directory / "professions.yml").read_text(encoding="utf-8"))
    professions["professions"].append({
        **professions["professions"][0], "key": "hoerakustik", "name": "Hörakustiker", "synonyms": ["Hörakustiker"],
    })
    (directory / "professions.yml").write_text(yaml.safe_dump(professions, allow_unicode=True), encoding="utf-8")
    lacking = professions_lacking_examples(load_knowledge_base(directory))
    assert lacking == [
        "Profession 'Hörakustiker' has only 0 annotated NLU examples in nlu.yml "
        "(need 20; docs/TRAINING.md, 'Einen Beruf hinzufügen')"
    ]


@pytest.mark.parametrize("file_name, entries, broken", [
    ("facts.yml", "facts", {"sentences": []}),
    ("salary_table.yml", "salaries", None),
    ("places.yml", "places", {"file": "000_b4994e3029913fde.txt"}),
])
def test_an_entry_without_a_source_sentence_fails_with_a_message_naming_it(
    tmp_path: Path, file_name: str, entries: str, broken: Optional[dict]
) -> None:
    directory = knowledge_copy(tmp_path)
    content = yaml.safe_load((directory / file_name).read_text(encoding="utf-8"))
    entry = content[entries][0]
    entry["source"] = broken
    (directory / file_name).write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    label = "/".join(str(entry[k]) for k in ("profession", "topic", "region", "level", "name") if entry.get(k))
    with pytest.raises(KnowledgeError, match=f"knowledge/{file_name}: Eintrag „{re.escape(label)}“ hat keinen Quellsatz"):
        load_knowledge_base(directory)


@pytest.mark.parametrize("text,key", [("was macht man so als MTI'ler?", "mt_informatik"), ("Systeme, die ein MTIler betreut", "mt_informatik"), ("ein Sammler", None)])
def test_a_short_name_with_the_colloquial_person_ending_names_its_profession(kb: KnowledgeBase, text: str, key: Optional[str]) -> None:
    assert [k for _, k in mentions(text, vocabularies(kb)["profession"])] == ([key] if key else [])


def test_a_long_spelling_matches_with_a_case_ending_and_a_short_one_does_not(kb: KnowledgeBase) -> None:
    assert mentions("Was muss ich bei Berufseinsteigern rechnen?", vocabularies(kb)["level"]) == [(4, "einstieg")]
    assert mentions("nach fünf Jahre", vocabularies(kb)["period"]) == [], "\"Jahr\" is too short to take an ending"


def test_a_fragment_of_a_spelling_is_no_typo_of_it(kb: KnowledgeBase) -> None:
    vocab = vocabularies(kb)["profession"]
    assert resolve_term("engineer", vocab) is None, "\"software engineer\" is no medical engineer"
    assert resolve_term("medizininformatk", vocab) == "mt_informatik"


def test_a_phrase_matches_with_another_adjective_ending_of_its_long_words(kb: KnowledgeBase) -> None:
    cues = {p.key: p.cues for p in kb.professions}
    assert mentions("und was ist mit bildgebender Diagnostik?", cues) == [(4, "medizin_ingenieur")]
    assert mentions("Mit erfahrenem Team", vocabularies(kb)["level"]) == [(1, "erfahrung")], "\"-em\" is a case ending too"
    assert mentions("die neue Diagnostik", cues) == [], "the phrase's words, not one of them"


def test_a_field_named_in_a_visitor_s_words_names_its_profession_but_is_no_name_the_model_learns(kb: KnowledgeBase) -> None:
    assert read_turn("ist es zu spät für medizinische IT?", [], {}, kb).professions == ("mt_informatik",)
    learned = {line.strip("- ") for block in build(kb)["nlu"] for line in str(block["examples"]).splitlines()}
    assert "medizinische IT" not in learned and "Medizinisch-Technische Informatik" in learned
    assert resolve_term("Medizinische", vocabularies(kb)["profession"]) is None, "\"Medizinische Fachangestellte\" is no typo of it"
