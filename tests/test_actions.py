"""The custom actions with real rasa_sdk Tracker and CollectingDispatcher objects."""

from __future__ import annotations

import asyncio
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.events import Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    ActionAnswerFollowUp,
    ActionAnswerTopic,
    ActionClarify,
    ActionCompareSalaries,
    ActionExplainScope,
    ActionGiveUp,
    ActionLookupSalary,
    ActionRestart,
)
from actions.answers import ASK_PROFESSION

SLOTS = ("profession", "professions", "place", "level", "period", "employer_type", "last_topic")


def tracker(
    intent: str,
    text: str = "",
    entities: Optional[List[Dict[str, Any]]] = None,
    ranking: Optional[List[Dict[str, Any]]] = None,
    bot_said: Optional[str] = None,
    language: Optional[str] = None,
    **slots: Any,
) -> Tracker:
    """A tracker after one user message, with slots as Rasa would have filled them from its entities.

    `bot_said` is the bot's message before this one; `language` what the NLU pipeline identified.
    """
    entities = entities or []
    filled = {name: slots.get(name) for name in SLOTS}
    for entity in entities:
        filled[entity["entity"]] = entity["value"]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities,
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        **({"language": language} if language else {}),
    }
    events = [{"event": "bot", "text": bot_said}] if bot_said else []
    return Tracker("tester", filled, latest, events, False, None, {}, "action_listen")


def run(action: Action, state: Tracker) -> tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, state, {}))
    return dispatcher.messages, events


def entity(name: str, value: str) -> Dict[str, Any]:
    return {"entity": name, "value": value}


def test_salary_lookup_answers_with_figures_and_source_and_remembers_the_topic() -> None:
    messages, events = run(
        ActionLookupSalary(),
        tracker("ask_salary", "Was verdient ein Medizin-Ingenieur in Duisburg?",
                [entity("profession", "medizin_ingenieur"), entity("place", "Duisburg")]),
    )
    assert len(messages) == 2 and messages[1]["text"] == "War das hilfreich?"
    assert "3.200 € bis 4.200 €" in messages[0]["text"]
    assert "Quelle: „Medizin Ingenieur Jobs und Stellenangebote in Duisburg“" in messages[0]["text"]
    assert SlotSet("last_topic", "salary") in events


def test_salary_lookup_without_profession_asks_with_buttons() -> None:
    messages, events = run(ActionLookupSalary(), tracker("ask_salary", "Was verdient man so?"))
    assert messages[0]["text"] == "Zu welchem Beruf möchten Sie das wissen?"
    assert [b["payload"] for b in messages[0]["buttons"]] == [
        '/inform{"profession": "medizin_ingenieur"}',
        '/inform{"profession": "mt_informatik"}',
    ]
    assert SlotSet("last_topic", "salary") in events


def test_a_typed_synonym_or_typo_is_stored_as_the_knowledge_base_key() -> None:
    messages, events = run(
        ActionLookupSalary(), tracker("ask_salary", "gehalt medizininformatikr", [entity("profession", "Medizininformatikr")])
    )
    assert "42.000 € bis 55.000 €" in messages[0]["text"]
    assert SlotSet("profession", "mt_informatik") in events


def test_a_profession_the_nlu_missed_is_found_in_the_text() -> None:
    messages, events = run(ActionLookupSalary(), tracker("ask_salary", "und was verdient ein MTI?"))
    assert "42.000 € bis 55.000 €" in messages[0]["text"]
    assert SlotSet("profession", "mt_informatik") in events


def test_a_known_spelling_inside_a_hyphenated_word_wins_over_an_unknown_entity() -> None:
    messages, events = run(
        ActionLookupSalary(),
        tracker("ask_salary", "Ich bin MTI-Absolventin, was darf ich verlangen?", [entity("profession", "MTI-Absolventin")]),
    )
    assert "42.000 € bis 55.000 €" in messages[0]["text"]
    assert SlotSet("profession", "mt_informatik") in events and SlotSet("level", "einstieg") in events


def test_an_unknown_profession_is_said_and_replaces_the_remembered_one() -> None:
    messages, events = run(
        ActionLookupSalary(),
        tracker("ask_salary", "Und was verdient ein Zahnarzt?", profession="mt_informatik", professions=["mt_informatik"]),
    )
    assert messages[0]["text"].startswith("Zum Beruf „Zahnarzt“ nennen die Artikel keine Angaben")
    assert "€" not in messages[0]["text"]
    assert SlotSet("profession", "Zahnarzt") in events and SlotSet("professions", None) in events
    follow_up, _ = run(ActionAnswerFollowUp(), tracker("inform", "Und in Berlin?", [entity("place", "Berlin")],
                                                       profession="Zahnarzt", last_topic="salary"))
    assert "€" not in follow_up[0]["text"] and "Zahnarzt" in follow_up[0]["text"]


@pytest.mark.parametrize("text,gap", [
    ("Wie hoch ist der Stundenlohn?", "Einen Stundenlohn nennen die Artikel nicht"),
    ("Was bleibt netto übrig?", "Nettobeträge nennen die Artikel nicht"),
    ("Und nach fünf Jahren?", "Nach wie vielen Berufsjahren man wie viel verdient, sagen die Artikel nicht"),
    ("Was bekommt ein Werkstudent?", "Für Werkstudenten nennen die Artikel keine Zahl"),
])
def test_what_the_articles_lack_is_said_before_any_figure(text: str, gap: str) -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", text, profession="mt_informatik"))
    reply = messages[0]["text"]
    assert reply.startswith(gap), reply
    assert reply.index("laut Artikel verdienen Sie in der Medizinisch-Technischen Informatik") < reply.index("42.000")


@pytest.mark.parametrize("odd", ["", "   ", ["medizin_ingenieur", "mt_informatik"], 42, "x" * 5000])
def test_odd_slot_values_never_crash(odd: Any) -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "Gehalt?", profession=odd, level=odd, period=odd, place=odd))
    assert messages and all(m["text"] for m in messages)


def test_follow_up_with_level_answers_the_salary_for_that_level() -> None:
    messages, _ = run(
        ActionAnswerFollowUp(),
        tracker("inform", "Und mit Erfahrung?", [entity("level", "erfahrung")], profession="medizin_ingenieur", last_topic="duties"),
    )
    assert "mehr als 4.800 €" in messages[0]["text"] and "3.200 €" not in messages[0]["text"]


def test_follow_up_with_period_converts() -> None:
    messages, _ = run(
        ActionAnswerFollowUp(),
        tracker("inform", "Und aufs Jahr gerechnet?", [entity("period", "jahr")],
                profession="medizin_ingenieur", level="einstieg", last_topic="salary"),
    )
    assert "38.400 € bis 50.400 € im Jahr" in messages[0]["text"] and "12 Gehälter" in messages[0]["text"]


def test_follow_up_with_another_profession_repeats_the_last_topic() -> None:
    messages, events = run(
        ActionAnswerFollowUp(),
        tracker("inform", "Und in der Medizininformatik?", [entity("profession", "Medizininformatik")],
                last_topic="duties"),
    )
    assert "Systempflege" in messages[0]["text"]
    assert SlotSet("profession", "mt_informatik") in events


def test_follow_up_without_a_topic_offers_the_topics_of_that_profession() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker("inform", "MTI", [entity("profession", "MTI")]))
    assert messages[0]["text"] == "Was möchten Sie über Medizinisch-Technische Informatik wissen?"
    assert messages[0]["buttons"][0]["payload"] == '/ask_salary{"profession": "mt_informatik"}'


def test_topic_answer_uses_the_intent_and_the_profession_slot() -> None:
    messages, events = run(ActionAnswerTopic(), tracker("ask_duties", "Und was macht der so?", profession="medizin_ingenieur"))
    assert "Geräteprüfung" in messages[0]["text"]
    assert SlotSet("last_topic", "duties") in events


def test_topic_only_one_article_covers_is_answered_for_that_profession() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_remote", "Kann man Homeoffice machen?"))
    assert messages[0]["text"].startswith("Medizinisch-Technische Informatik: Remote-Jobs")


def test_topic_both_articles_cover_asks_for_the_profession() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_duties", "Was macht man da?"))
    assert messages[0]["text"] == ASK_PROFESSION


def test_the_profession_question_is_not_asked_twice_in_a_row() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_duties", "Sag einfach, was man da macht", bot_said=ASK_PROFESSION))
    assert "Medizin-Ingenieur: " in messages[0]["text"] and "Medizinisch-Technische Informatik: " in messages[0]["text"]


@pytest.mark.parametrize("text,expected", [
    ("Welche Kliniken gibt es in Duisburg?", "Universitätsklinikum"),
    ("Wer stellt Leute für PACS und Laborautomation ein?", "Laborzentren|Kliniken|Forschungsinstitute"),
])
def test_a_cue_only_one_article_covers_selects_its_profession(text: str, expected: str) -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_employers", text))
    assert any(word in messages[0]["text"] for word in expected.split("|")), messages[0]["text"]


def test_the_other_profession_and_both() -> None:
    other, events = run(ActionAnswerFollowUp(), tracker("inform", "und der andere Beruf?", profession="mt_informatik",
                                                        professions=["mt_informatik"], level="einstieg", last_topic="salary"))
    assert "3.200 € bis 4.200 €" in other[0]["text"] and "42.000" not in other[0]["text"]
    assert SlotSet("professions", ["medizin_ingenieur"]) in events
    both, _ = run(ActionLookupSalary(), tracker("ask_salary", "Was verdient man jeweils zum Einstieg?", [entity("level", "einstieg")]))
    assert "3.200 € bis 4.200 €" in both[0]["text"] and "42.000 € bis 55.000 €" in both[0]["text"]


def test_an_english_question_gets_the_note_and_the_german_answer() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "How much does a medical engineer earn?", language="en"))
    assert messages[0]["text"].startswith("I answer in German only")
    assert "3.200 € bis 4.200 €" in messages[0]["text"]
    other, _ = run(ActionExplainScope(), tracker("out_of_scope", "Quel est le salaire?", language="fr"))
    assert other[0]["text"].startswith("Sorry, I can only answer in German.") and "€" not in other[0]["text"]


def test_a_typed_place_with_digits_or_markup_is_never_repeated() -> None:
    messages, events = run(ActionLookupSalary(), tracker(
        "ask_salary", '/ask_salary{"place": "München 99.000 €"}', [entity("place", "München 99.000 €"), entity("profession", "<b>Zahnarzt</b> 120000")]))
    text = messages[0]["text"]
    assert "99" not in text and "120000" not in text and "<b>" not in text
    assert not any(isinstance(e.get("value"), str) and any(c.isdigit() for c in e["value"]) for e in events if e.get("event") == "slot")


def test_comparison_names_both_professions() -> None:
    messages, events = run(ActionCompareSalaries(), tracker("compare_salaries", "Wer verdient mehr?"))
    assert "Medizin-Ingenieur" in messages[0]["text"] and "Medizinisch-Technische Informatik" in messages[0]["text"]
    assert "Quellen:" in messages[0]["text"]
    assert SlotSet("last_topic", "salary_comparison") in events


def test_out_of_scope_lists_what_the_assistant_can_do() -> None:
    messages, _ = run(ActionExplainScope(), tracker("out_of_scope", "Wie wird das Wetter?"))
    assert messages[0]["text"].startswith("Dazu sagen die Artikel nichts. Ich beantworte Fragen zu diesen Berufen")
    assert messages[0]["buttons"]


def test_an_unclear_message_offers_the_likeliest_topics_and_keeps_its_profession() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_salary", "confidence": 0.35},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_market", "confidence": 0.1},
    ]
    messages, events = run(
        ActionClarify(),
        tracker("nlu_fallback", "kohle medizintechnik?", [entity("profession", "medizin_ingenieur")], ranking),
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ['/ask_salary{"profession": "medizin_ingenieur"}', '/ask_market{"profession": "medizin_ingenieur"}', "/ask_capabilities"]
    assert SlotSet("professions", ["medizin_ingenieur"]) in events


def test_an_unclear_message_about_a_pay_concept_is_answered_honestly() -> None:
    messages, _ = run(ActionClarify(), tracker("nlu_fallback", "Stundenlohn beim Medizintechniker??"))
    assert messages[0]["text"].startswith("Einen Stundenlohn nennen die Artikel nicht")


def test_giving_up_offers_topics_and_restart_resets() -> None:
    messages, events = run(ActionGiveUp(), tracker("nlu_fallback", "???"))
    assert messages[0]["buttons"]
    assert events == [UserUtteranceReverted()]
    messages, events = run(ActionRestart(), tracker("restart", "/restart"))
    assert messages[0]["text"].startswith("Alles zurückgesetzt")
    assert events == [Restarted()]
