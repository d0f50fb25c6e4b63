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
    ActionAskAffirmation,
    ActionCompareSalaries,
    ActionExplainScope,
    ActionGiveUp,
    ActionLookupSalary,
    ActionRestart,
)

SLOTS = ("profession", "place", "level", "period", "employer_type", "last_topic")


def tracker(
    intent: str,
    text: str = "",
    entities: Optional[List[Dict[str, Any]]] = None,
    ranking: Optional[List[Dict[str, Any]]] = None,
    **slots: Any,
) -> Tracker:
    """A tracker after one user message, with slots as Rasa would have filled them from its entities."""
    entities = entities or []
    filled = {name: slots.get(name) for name in SLOTS}
    for entity in entities:
        filled[entity["entity"]] = entity["value"]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9},
        "entities": entities,
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
    }
    return Tracker("tester", filled, latest, [], False, None, {}, "action_listen")


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


def test_an_unknown_profession_is_said_and_forgotten() -> None:
    messages, events = run(ActionLookupSalary(), tracker("ask_salary", "Was verdient ein Bäcker?", [entity("profession", "Bäcker")]))
    assert "Zu „Bäcker“ habe ich keine Angaben" in messages[0]["text"]
    assert "€" not in messages[0]["text"]
    assert SlotSet("profession", None) in events


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
    assert messages[0]["text"] == "Zu welchem Beruf möchten Sie das wissen?"


def test_comparison_names_both_professions() -> None:
    messages, events = run(ActionCompareSalaries(), tracker("compare_salaries", "Wer verdient mehr?"))
    assert "Medizin-Ingenieur" in messages[0]["text"] and "Medizinisch-Technische Informatik" in messages[0]["text"]
    assert "Quellen:" in messages[0]["text"]
    assert SlotSet("last_topic", "salary_comparison") in events


def test_out_of_scope_lists_what_the_assistant_can_do() -> None:
    messages, _ = run(ActionExplainScope(), tracker("out_of_scope", "Wie wird das Wetter?"))
    assert messages[0]["text"].startswith("Dabei kann ich leider nicht helfen. Ich beantworte Fragen zu zwei Berufen")
    assert messages[0]["buttons"]


def test_affirmation_offers_the_likeliest_topics_with_the_messages_entities() -> None:
    ranking = [
        {"name": "nlu_fallback", "confidence": 0.4},
        {"name": "ask_salary", "confidence": 0.35},
        {"name": "greet", "confidence": 0.2},
        {"name": "ask_market", "confidence": 0.1},
    ]
    messages, _ = run(
        ActionAskAffirmation(),
        tracker("nlu_fallback", "kohle medizintechnik?", [entity("profession", "medizin_ingenieur")], ranking),
    )
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ['/ask_salary{"profession": "medizin_ingenieur"}', '/ask_market{"profession": "medizin_ingenieur"}', "/out_of_scope"]


def test_giving_up_offers_topics_and_restart_resets() -> None:
    messages, events = run(ActionGiveUp(), tracker("nlu_fallback", "???"))
    assert messages[0]["buttons"]
    assert events == [UserUtteranceReverted()]
    messages, events = run(ActionRestart(), tracker("restart", "/restart"))
    assert messages[0]["text"].startswith("Alles zurückgesetzt")
    assert events == [Restarted()]
