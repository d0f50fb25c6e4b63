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
    ActionLanguageNote,
    ActionLookupSalary,
    ActionRestart,
)
from actions.answers import ASK_PROFESSION
from actions.knowledge import knowledge_base

SLOTS = ("profession", "professions", "place", "level", "period", "employer_type", "last_topic", "asked_gap")


def tracker(
    intent: str,
    text: str = "",
    entities: Optional[List[Dict[str, Any]]] = None,
    ranking: Optional[List[Dict[str, Any]]] = None,
    bot_said: Optional[str] = None,
    language: Optional[str] = None,
    parse: Optional[Dict[str, Any]] = None,
    confidence: float = 0.9,
    **slots: Any,
) -> Tracker:
    """A tracker after one user message, with slots as Rasa would have filled them from its entities.

    `bot_said` is the bot's message before this one; `language` what the NLU pipeline identified; `parse` more parse data;
    `confidence` the model's for `intent`.
    """
    entities = entities or []
    filled = {name: slots.get(name) for name in SLOTS}
    for entity in entities:
        filled[entity["entity"]] = entity["value"]
    latest = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities,
        "intent_ranking": ranking or [{"name": intent, "confidence": 0.9}],
        **({"language": language} if language else {}),
        **(parse or {}),
    }
    events = [{"event": "bot", "text": bot_said}] if bot_said else []
    return Tracker("tester", filled, latest, events, False, None, {}, "action_listen")


def run(action: Action, state: Tracker) -> tuple[List[Dict[str, Any]], List[Dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, state, {}))
    return dispatcher.messages, events


def slot_after(state: Tracker, events: List[Dict[str, Any]], name: str) -> Any:
    """A slot's value after the action: its last SlotSet (actions set only what changes), else what the tracker held."""
    values = [e["value"] for e in events if e.get("event") == "slot" and e.get("name") == name]
    return values[-1] if values else state.get_slot(name)


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
    ("steuerklasse 1, ledig, keine kinder. kannst dus ausrechnen?", "Nettobeträge nennen die Artikel nicht"),
    ("welcher davon zahlt am meisten?", "Welcher Arbeitgeber am meisten zahlt, sagen die Artikel nicht"),
])
def test_what_the_articles_lack_is_said_before_any_figure(text: str, gap: str) -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", text, profession="mt_informatik"))
    reply = messages[0]["text"]
    assert reply.startswith(gap), reply
    assert reply.index("laut Artikel verdienen Sie in der Medizinisch-Technischen Informatik") < reply.index("42.000")


def test_years_of_experience_get_the_experienced_figure_where_there_is_one_and_else_none() -> None:
    gap = "Nach wie vielen Berufsjahren man wie viel verdient, sagen die Artikel nicht"
    engineer, _ = run(ActionLookupSalary(), tracker("ask_salary", "Und nach fünf Jahren?", profession="medizin_ingenieur"))
    assert engineer[0]["text"].startswith(gap) and "4.800" in engineer[0]["text"] and "3.200" not in engineer[0]["text"]
    informatics, _ = run(ActionLookupSalary(), tracker("ask_salary", "Und nach fünf Jahren?", profession="mt_informatik"))
    reply = informatics[0]
    assert reply["text"].startswith(gap) and "€" not in reply["text"], reply["text"]
    assert "Gehaltszahlen nennt der Artikel über Medizinisch-Technische Informatik nur zum Einstieg" in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == ['/ask_salary{"profession": "mt_informatik", "level": "einstieg"}']


@pytest.mark.parametrize("text,gap", [
    ("Was bekommt ein Werkstudent?", "Für Werkstudenten nennen die Artikel keine Zahl"),
    ("Und als Teamleiterin?", "Für Leitungspositionen nennen die Artikel keine Zahl"),
    ("How much does an IT manager earn?", "Für Leitungspositionen nennen die Artikel keine Zahl"),
])
def test_a_level_without_figures_gets_no_other_levels_figure_but_buttons_for_them(text: str, gap: str) -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", text, profession="medizin_ingenieur"))
    reply = messages[0]
    assert reply["text"].startswith(gap) and "€" not in reply["text"], reply["text"]
    assert "nur für Duisburg, zum Einstieg und mit Erfahrung und Spezialisierung" in reply["text"]
    assert [b["payload"] for b in reply["buttons"]] == [
        '/ask_salary{"profession": "medizin_ingenieur", "level": "einstieg"}',
        '/ask_salary{"profession": "medizin_ingenieur", "level": "erfahrung"}',
    ]
    follow_up, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "und in der MTI?", [entity("profession", "MTI")], last_topic="salary", asked_gap=gap))
    assert follow_up[0]["text"].startswith(gap) and "€" not in follow_up[0]["text"], follow_up[0]["text"]


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


def test_a_follow_up_naming_a_level_and_a_topic_asks_that_topic() -> None:
    messages, events = run(ActionAnswerFollowUp(), tracker(
        "inform", "und für wen is das was, also als einsteiger?", [entity("level", "einstieg")], profession="medizin_ingenieur",
        last_topic="employers"))
    assert "Frustresistenz" in messages[0]["text"] and "3.200" not in messages[0]["text"]
    assert SlotSet("last_topic", "skills") in events


def test_a_follow_up_naming_its_topic_does_not_take_the_theme_of_the_question_before() -> None:
    state = tracker("inform", "und bei den informatikern? wie siehts da mit karriere aus", [entity("profession", "informatikern")],
                    profession="medizin_ingenieur", last_topic="duties")
    state.events.extend([{"event": "user", "text": "was sind da so die themen"}, {"event": "user", "text": state.latest_message["text"]}])
    messages, events = run(ActionAnswerFollowUp(), state)
    assert SlotSet("last_topic", "career") in events and "Projektleitung" in messages[0]["text"]


def test_dort_points_at_the_theme_the_visitor_named_before() -> None:
    state = tracker("ask_duties", "Was wird dort gemacht?", profession="medizin_ingenieur", last_topic="regions", confidence=0.99)
    state.events.extend([{"event": "user", "text": "Ich schau mir grad den Technologiepark in Duisburg an."}, {"event": "user", "text": "Was wird dort gemacht?"}])
    messages, _ = run(ActionAnswerTopic(), state)
    assert "Telemedizin" in messages[0]["text"] and "Geräteprüfung" not in messages[0]["text"]


def test_a_place_the_answer_does_not_name_is_said_to_be_not_covered_though_the_article_names_it_elsewhere() -> None:
    regions, _ = run(ActionAnswerTopic(), tracker("ask_regions", "Ist Bremen als Standort eher gut?", [entity("place", "Bremen")],
                                                  profession="mt_informatik"))
    assert regions[0]["text"].startswith("Zu Bremen sagt der Artikel über Medizinisch-Technische Informatik nichts Eigenes")
    listing, _ = run(ActionAnswerTopic(), tracker("ask_job_listing", "Was ist das für eine Stelle in Bremen?", [entity("place", "Bremen")],
                                                  profession="mt_informatik"))
    assert "nichts Eigenes" not in listing[0]["text"] and "expertum" in listing[0]["text"]


def test_a_short_follow_up_to_a_salary_answer_naming_the_other_professions_cue_asks_its_salary() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_regions", "und die leute im technologiepark?", profession="mt_informatik",
                                                   professions=["mt_informatik"], last_topic="salary", confidence=0.96))
    assert "3.200 € bis 4.200 €" in messages[0]["text"] and "42.000" not in messages[0]["text"]


def test_the_first_profession_discussed_is_the_one_beim_ersten_asks_about() -> None:
    state = tracker("inform", "und beim ersten mit Erfahrung?", [entity("level", "erfahrung")], profession="medizin_ingenieur",
                    professions=["medizin_ingenieur"], level="erfahrung", last_topic="salary")
    state.events[:0] = [{"event": "slot", "name": "profession", "value": "mt_informatik"},
                        {"event": "slot", "name": "profession", "value": "medizin_ingenieur"}]
    messages, _ = run(ActionAnswerFollowUp(), state)
    assert "4.800" not in messages[0]["text"] and "Medizinisch-Technische Informatik" in messages[0]["text"]


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


def test_an_english_question_about_something_the_articles_lack_gets_the_note_and_says_so() -> None:
    messages, _ = run(ActionExplainScope(), tracker("out_of_scope", "How many vacation days do you get?", language="en"))
    assert messages[0]["text"].startswith("I answer in German only") and "Zum Urlaub sagen die Artikel nichts" in messages[0]["text"]


def test_an_english_follow_up_about_something_the_articles_lack_gets_the_note_too() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker("inform", "What about the visa process for Germany then?", language="en"))
    assert messages[0]["text"].startswith("I answer in German only") and "Visum" in messages[0]["text"]


def test_an_english_question_for_what_the_assistant_can_do_gets_the_topics_with_the_note() -> None:
    messages, _ = run(ActionExplainScope(), tracker("ask_capabilities", "What can you do?", language="en", confidence=0.3))
    assert messages[0]["text"].startswith("I answer in German only") and "Gehalt" in messages[0]["text"]


def test_a_salary_answer_gets_no_comparison_for_the_same_messages_other_pay_question() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "compare_salaries", "Stadt oder Land, wo verdient man mehr?", profession="mt_informatik", professions=["mt_informatik"],
        last_topic="salary", parse={"questions": ["ask_regions", "compare_salaries"]}))
    text = messages[0]["text"]
    assert "42.000" in text and "Großstadt und Provinz" in text and "3.200" not in text


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
        tracker("nlu_fallback", "und medizintechnik so allgemein?", [entity("profession", "medizin_ingenieur")], ranking),
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


def test_a_pay_question_on_a_topic_without_figures_says_so_before_the_figures() -> None:
    messages, events = run(ActionAnswerTopic(), tracker(
        "ask_employers", "Und was zahlt die Uniklinik da?", [entity("employer_type", "uniklinik")], profession="medizin_ingenieur"))
    text = messages[0]["text"]
    assert text.startswith("Was einzelne Arbeitgeber zahlen, sagt der Artikel nicht") and "€" not in text
    assert "Gehaltszahlen nennt der Artikel über Medizin-Ingenieure nur für Duisburg" in text and messages[0]["buttons"]
    assert SlotSet("last_topic", "salary") in events


def test_a_bare_comparison_after_a_topic_without_figures_is_not_a_comparison_of_professions() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Wie viel genau mehr?", profession="mt_informatik", professions=["mt_informatik"], last_topic="employers"))
    text = messages[0]["text"]
    assert text.startswith("Was einzelne Arbeitgeber zahlen, sagt der Artikel nicht") and "42.000" in text and "3.200" not in text


def test_a_comparison_at_a_level_one_profession_lacks_gives_what_each_article_states() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Und im Vergleich dazu die MTI mit Erfahrung?", [entity("profession", "mt_informatik"), entity("level", "erfahrung")],
        profession="medizin_ingenieur", professions=["medizin_ingenieur"], level="erfahrung", last_topic="salary"))
    text = messages[0]["text"]
    assert text.startswith("Für Medizinisch-Technische Informatik (mit Erfahrung und Spezialisierung) nennen die Artikel keine Zahl")
    assert "mehr als 4.800 €" in text and "zum Einstieg etwa 42.000 € bis 55.000 €" in text
    assert "mehr als in" not in text and "Sieger" not in text, "figures of different levels are not ranked"


def test_every_question_of_a_message_is_answered() -> None:
    state = tracker("ask_salary", "Welche Aufgaben hätte ich in der MTI, und was verdient man da?", [entity("profession", "mt_informatik")])
    state.latest_message["questions"] = ["ask_duties", "ask_salary"]
    messages, events = run(ActionLookupSalary(), state)
    text = messages[0]["text"]
    assert text.index("42.000 €") < text.index("Systempflege"), "the first answer, then the other"
    assert SlotSet("last_topic", "salary") in events


def test_an_unclear_message_with_a_pay_word_is_a_salary_question() -> None:
    messages, _ = run(ActionClarify(), tracker("nlu_fallback", "Wer zahlt von denen am meisten?", profession="mt_informatik",
                                               professions=["mt_informatik"], last_topic="employers"))
    assert messages[0]["text"].startswith("Was einzelne Arbeitgeber zahlen, sagt der Artikel nicht") and "42.000" in messages[0]["text"]


def test_a_pay_follow_up_to_a_fact_about_pay_gets_that_fact_again() -> None:
    state = tracker("compare_salaries", "wo verdient man denn mehr?", profession="mt_informatik", professions=["mt_informatik"], last_topic="departments")
    messages, events = run(ActionCompareSalaries(), state)
    assert "Radiologie" in messages[0]["text"] and "Eigene Gehaltszahlen je Abteilung nennt der Artikel nicht" in messages[0]["text"]
    assert slot_after(state, events, "last_topic") == "departments"


def test_how_two_professions_differ_is_answered_with_what_each_is() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Was ist der Unterschied zwischen Medizin-Ingenieur und Medizininformatik?",
        [entity("profession", "medizin_ingenieur"), entity("profession", "mt_informatik")]))
    text = messages[0]["text"]
    assert "Geräteprüfung" in text and "Systempflege" in text and "€" not in text
    paid, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "Was ist der Unterschied beim Gehalt zwischen den beiden Berufen?"))
    assert "3.200" in paid[0]["text"] and "42.000" in paid[0]["text"]


def test_a_comparison_for_a_place_without_figures_says_so_first() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "und in München?", [entity("place", "München")], professions=["medizin_ingenieur", "mt_informatik"], last_topic="salary_comparison"))
    text = messages[0]["text"]
    assert text.startswith("Für München nennen die Artikel keine eigenen Zahlen.") and "€" not in text
    assert "Medizin-Ingenieure nur für Duisburg" in text and "Medizinisch-Technische Informatik nur zum Einstieg" in text
    assert len(messages[0]["buttons"]) == 3


def test_a_remembered_place_without_figures_is_said_before_the_figures() -> None:
    # München was asked about two turns ago; "und mit Erfahrung?" asks about the level, not the place.
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "und mit Erfahrung?", [entity("level", "erfahrung")], profession="medizin_ingenieur", place="München", last_topic="salary"))
    text = messages[0]["text"]
    assert text.startswith("Für München nennt der Artikel keine Zahlen, nur für Duisburg; laut Artikel") and "4.800" in text


def test_a_button_for_a_level_asks_for_that_row_without_the_remembered_place() -> None:
    messages, events = run(ActionLookupSalary(), tracker(
        "ask_salary", '/ask_salary{"profession": "mt_informatik", "level": "einstieg"}',
        [entity("profession", "mt_informatik"), entity("level", "einstieg")], place="Bremen", employer_type="konzern", last_topic="salary"))
    text = messages[0]["text"]
    assert text.startswith("In der Medizinisch-Technischen Informatik verdienen Sie laut Artikel zum Einstieg etwa 42.000") and "Bremen" not in text
    assert SlotSet("place", None) in events and SlotSet("employer_type", None) in events


def test_a_level_the_articles_lack_after_a_salary_answer_is_a_salary_question() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_career", "und als teamleiter?", profession="medizin_ingenieur", last_topic="salary"))
    assert messages[0]["text"].startswith("Für Leitungspositionen nennen die Artikel keine Zahl")


def test_a_comparison_asked_per_month_is_compared_per_month() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "also pro monat gerechnet?", [entity("period", "monat")], professions=["medizin_ingenieur", "mt_informatik"],
        level="einstieg", last_topic="salary_comparison"))
    text = messages[0]["text"]
    assert "3.200 € bis 4.200 €" in text and "3.500 € bis 4.583 € brutto im Monat" in text and "auf den Monat gerechnet" in text


def test_a_comparison_that_asks_nothing_about_pay_answers_the_models_next_topic() -> None:
    ranking = [{"name": "compare_salaries", "confidence": 0.6}, {"name": "ask_career", "confidence": 0.3}, {"name": "greet", "confidence": 0.1}]
    messages, events = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Welche Entwicklungsmöglichkeiten gibt es in den beiden Berufen?", ranking=ranking))
    assert "Projektleitung" in messages[0]["text"] and "€ bis" not in messages[0]["text"]
    assert SlotSet("last_topic", "career") in events
    asked, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "Wo verdient man mehr?", ranking=ranking))
    assert "3.200" in asked[0]["text"] and "42.000" in asked[0]["text"]


def test_a_level_of_ones_own_about_the_profession_discussed_is_its_salary_at_that_level() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Mit meiner Berufserfahrung wäre doch eher mehr drin oder?", [entity("level", "erfahrung")],
        profession="medizin_ingenieur", professions=["medizin_ingenieur"], last_topic="salary"))
    assert "mehr als 4.800 €" in messages[0]["text"] and "42.000" not in messages[0]["text"]


def test_a_salary_comparison_that_compares_nothing_is_the_salary_of_the_profession_discussed() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "und die gehälter dort?", profession="medizin_ingenieur", professions=["medizin_ingenieur"], last_topic="market"))
    assert "3.200" in messages[0]["text"] and "42.000" not in messages[0]["text"]


def test_a_pay_concept_without_a_profession_is_answered_without_asking_back() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "what is the net salary after taxes for these jobs?", language="en"))
    text = messages[0]["text"]
    assert "Nettobeträge nennen die Artikel nicht" in text and ASK_PROFESSION not in text and "3.200" in text and "42.000" in text


def test_a_pay_question_about_a_level_the_articles_lack_is_a_salary_question_whatever_the_topic() -> None:
    messages, events = run(ActionAnswerTopic(), tracker("ask_career", "Was verdient man denn als IT-Leiter dann?", profession="mt_informatik"))
    assert messages[0]["text"].startswith("Für Leitungspositionen nennen die Artikel keine Zahl")
    assert SlotSet("last_topic", "salary") in events


def test_a_pay_question_the_model_half_takes_for_another_topic_is_a_salary_question() -> None:
    unsure = tracker("ask_duties", "Was kann man bei euch so verdienen?", profession="mt_informatik")
    unsure.latest_message["intent"]["confidence"] = 0.45
    messages, _ = run(ActionAnswerTopic(), unsure)
    assert "42.000" in messages[0]["text"]
    sure, _ = run(ActionAnswerTopic(), tracker("ask_challenges", "Macht man den Job fürs Geld?", profession="medizin_ingenieur"))
    assert "€" not in sure[0]["text"], "a sure reading of another topic stands"


def test_a_named_profession_compared_with_the_one_before_at_a_level_is_a_comparison() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "verdient man da zum Einstieg mehr als in der Informatik-Variante?",
        [entity("level", "einstieg"), entity("profession", "mt_informatik")], profession="medizin_ingenieur",
        professions=["medizin_ingenieur"], last_topic="duties"))
    assert "3.200" in messages[0]["text"] and "42.000" in messages[0]["text"]


def test_a_pay_question_about_a_named_employer_type_is_a_salary_question_however_sure_the_model_is() -> None:
    messages, events = run(ActionAnswerTopic(), tracker(
        "ask_duties", "was zahlt die uniklinik da konkret?", [entity("employer_type", "uniklinik")], profession="medizin_ingenieur"))
    assert messages[0]["text"].startswith("Eigene Zahlen für ein Universitätsklinikum nennt der Artikel nicht.") and "€" not in messages[0]["text"]
    assert SlotSet("last_topic", "salary") in events


def test_a_pay_question_about_an_employer_by_name_says_the_articles_name_no_employers_pay() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Was zahlt Siemens Healthineers einem Medizinisch-Technischen Informatiker?", [entity("profession", "mt_informatik")]))
    text = messages[0]["text"]
    assert text.startswith("Was einzelne Unternehmen oder Kliniken zahlen, nennen die Artikel nicht.") and "€" not in text
    duties, _ = run(ActionAnswerTopic(), tracker("ask_duties", "Was macht man bei Siemens so?", profession="mt_informatik"))
    assert "Systempflege" in duties[0]["text"] and "zahlen" not in duties[0]["text"], "no pay question, no pay gap"


def test_an_unsure_salary_reading_without_a_word_about_pay_answers_the_models_next_topic() -> None:
    ranking = [{"name": "ask_salary", "confidence": 0.5}, {"name": "ask_regions", "confidence": 0.3}]
    unsure = tracker("ask_salary", "ich wohne eher ländlich am Harz, hab ich als MTI da überhaupt chancen?", ranking=ranking, profession="mt_informatik")
    unsure.latest_message["intent"]["confidence"] = 0.5
    messages, events = run(ActionLookupSalary(), unsure)
    assert "Provinz" in messages[0]["text"] and "€" not in messages[0]["text"]
    assert SlotSet("last_topic", "regions") in events
    short = tracker("ask_salary", "und in der MTI?", ranking=ranking, profession="medizin_ingenieur", last_topic="salary")
    short.latest_message["intent"]["confidence"] = 0.5
    follow_up, _ = run(ActionLookupSalary(), short)
    assert "42.000" in follow_up[0]["text"], "a short follow-up stays what the model read"


def test_what_moves_the_figures_after_a_salary_answer_is_asked_of_the_salary() -> None:
    unsure = tracker("ask_regions", "Wovon hängt es ab, ob man eher unten oder oben in der Spanne landet?", profession="medizin_ingenieur",
                     last_topic="salary")
    unsure.latest_message["intent"]["confidence"] = 0.5
    messages, events = run(ActionAnswerTopic(), unsure)
    assert "Arbeitgeber" in messages[0]["text"] and "3.200" in messages[0]["text"]
    assert slot_after(unsure, events, "last_topic") == "salary"


def test_a_pay_question_about_a_topic_the_articles_lack_says_so_then_gives_the_figures() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "Was verdient man denn dort in Vollzeit am Anfang?", profession="medizin_ingenieur"))
    text = messages[0]["text"]
    assert text.startswith("Zu Teilzeit oder Vollzeit sagen die Artikel nichts") and "3.200" in text


def test_the_same_question_for_another_profession_asks_the_last_topic_again() -> None:
    state = tracker("ask_salary", "gleiche frage für medizin-ingenieure in duisburg", [entity("profession", "medizin_ingenieur")],
                    profession="mt_informatik", last_topic="skills")
    messages, events = run(ActionLookupSalary(), state)
    assert "€" not in messages[0]["text"] and slot_after(state, events, "last_topic") == "skills"


def test_a_question_how_something_affects_pay_is_a_salary_question() -> None:
    messages, events = run(ActionAnswerTopic(), tracker(
        "ask_training", "Bringt Weiterbildung gehaltlich überhaupt was?", profession="medizin_ingenieur"))
    assert "3.200" in messages[0]["text"] and "Weiterbildungsgrad" in messages[0]["text"]
    assert SlotSet("last_topic", "salary") in events


def test_a_bare_follow_up_with_a_topics_words_asks_that_topic() -> None:
    messages, events = run(ActionAnswerFollowUp(), tracker("inform", "und auf dem land?", profession="mt_informatik", last_topic="market"))
    assert "Provinz" in messages[0]["text"] and SlotSet("last_topic", "regions") in events
    after_pay, _ = run(ActionAnswerFollowUp(), tracker("inform", "und auf dem land?", profession="mt_informatik", last_topic="salary"))
    assert "42.000" in after_pay[0]["text"], "after a salary answer it asks the salary"


def test_a_bare_follow_up_to_a_pay_question_the_articles_lack_asks_it_again() -> None:
    messages, events = run(ActionLookupSalary(), tracker("ask_salary", "Gibt es für Medizin-Ingenieure Boni?", [entity("profession", "medizin_ingenieur")]))
    assert messages[0]["text"].startswith("Boni") and SlotSet("asked_gap", messages[0]["text"].split(";")[0]) in events
    gap = next(e["value"] for e in events if e["name"] == "asked_gap")
    follow_up, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "und bei der informatik-variante?", [entity("profession", "mt_informatik")], last_topic="salary", asked_gap=gap))
    assert follow_up[0]["text"].startswith(gap) and "42.000" in follow_up[0]["text"]
    level, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "und mit Erfahrung?", [entity("level", "erfahrung")], profession="medizin_ingenieur", last_topic="salary", asked_gap=gap))
    assert not level[0]["text"].startswith(gap), "a follow-up that names a level asks for that level"


def test_an_action_sets_only_the_slots_that_change() -> None:
    """Fewer events to store and to read back on every turn (the tracker store reads every event of the session)."""
    state = tracker("ask_salary", "Was verdient ein Medizin-Ingenieur in Duisburg?", [entity("profession", "medizin_ingenieur"), entity("place", "Duisburg")],
                    last_topic="salary", professions=["medizin_ingenieur"], named_professions=["medizin_ingenieur"])
    _, events = run(ActionLookupSalary(), state)
    assert all(state.get_slot(e["name"]) != e["value"] for e in events if e.get("event") == "slot"), events
    assert slot_after(state, events, "last_topic") == "salary"


def test_a_place_without_figures_after_a_salary_answer_asks_that_profession_s_salary_there() -> None:
    state = tracker("ask_regions", "wie ist das in münchen im vergleich?", [entity("place", "München")],
                    profession="medizin_ingenieur", professions=["medizin_ingenieur"], last_topic="salary")
    messages, _ = run(ActionAnswerTopic(), state)
    assert messages[0]["text"].startswith("Für München nennt der Artikel keine Zahlen, nur für Duisburg.") and "€" not in messages[0]["text"]
    compared = tracker("compare_salaries", "und in münchen würd ich mehr verdienen, oder?", [entity("place", "München")],
                       profession="medizin_ingenieur", professions=["medizin_ingenieur"], last_topic="duties")
    messages, _ = run(ActionCompareSalaries(), compared)
    assert messages[0]["text"].startswith("Für München nennt der Artikel keine Zahlen") and "42.000" not in messages[0]["text"], "the places are compared, not the professions"


@pytest.mark.parametrize("intent,text,gap", [
    ("ask_career", "Und was bekommt ein Medizin-Ingenieur in Duisburg als Abteilungsleiter?", "Für Leitungspositionen nennen die Artikel keine Zahl"),
    ("inform", "gilt das nur in duisburg oder überall?", "Ob die Zahlen auch anderswo gelten, sagen die Artikel nicht"),
    ("ask_skills", "und wie lang dauert das studium dafür", "Welche Studiengänge es gibt, wie lange sie dauern"),
    ("ask_salary", "Wie viel mehr Gehalt bringt ein Zertifikat wie ITIL?", "Was ein Zertifikat beim Gehalt bringt, sagen die Artikel nicht"),
    ("ask_salary", "zählen meine pflegejahre da eigentlich als berufserfahrung beim gehalt?", "Was als Berufserfahrung angerechnet wird"),
    ("ask_market", "Wie hoch ist die Arbeitslosenquote bei Medizin-Ingenieuren?", "Zahlen zu Beschäftigten oder zur Arbeitslosigkeit"),
    ("ask_employers", "kann ich da schon als werkstudent anfangen?", "Zu Werkstudentenstellen, Praktika oder Ausbildungsplätzen"),
    ("ask_salary", "Wir sitzen in Stuttgart. Kann ich die Werte auf uns übertragen?", "Ob die Zahlen auch anderswo gelten"),
    ("ask_duties", "Steht denn in der Anzeige etwas zu den Aufgaben dieser Stelle?", "Was die ausgeschriebene Stelle umfasst"),
    ("ask_employers", "welche firmen in duisburg stellen medizin ingenieure ein namen bitte", "Namen oder Adressen einzelner Firmen"),
    ("ask_employers", "Und dieser Technologiepark – wie heißt der genau und wo liegt er?", "Namen oder Adressen einzelner Firmen"),
    ("ask_training", "cybersecurity find ich spannend, gibts da spezielle zertifikate die man machen sollte", "Bestimmte Zertifikate nennen"),
    ("ask_skills", "gibts das auch als ausbildung statt studium", "Ob man dafür ein Studium braucht, sagen die Artikel nicht"),
    ("ask_application", "Mit wie vielen Bewerbungen pro Stelle müssen wir rechnen?", "Wie viele Bewerbungen auf eine Stelle kommen"),
    ("ask_career", "Kann ich Sie als Quelle zitieren? Wer hat die Texte eigentlich geschrieben?", "Wer die Artikel geschrieben hat, sagen sie nicht"),
])
def test_a_gap_in_any_topic_s_words_is_said_first(intent: str, text: str, gap: str) -> None:
    action = ActionAnswerFollowUp() if intent == "inform" else ActionAnswerTopic()
    messages, _ = run(action, tracker(intent, text, profession="medizin_ingenieur", last_topic="salary"))
    assert messages[0]["text"].startswith(gap), messages[0]["text"]


def test_a_pay_question_naming_a_fact_s_theme_gets_that_fact_where_it_speaks_of_pay() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "und wenn ich in der radiologie lande, wie viel genau?", profession="mt_informatik", last_topic="salary"))
    assert "Eigene Gehaltszahlen je Abteilung nennt der Artikel nicht" in messages[0]["text"]


def test_a_level_gap_after_a_fact_about_pay_is_said_not_the_fact_again() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "wie viele jahre muss man da arbeiten bis man das kriegt?", profession="mt_informatik", last_topic="departments"))
    assert messages[0]["text"].startswith("Nach wie vielen Berufsjahren man wie viel verdient, sagen die Artikel nicht")


def test_a_topic_gap_is_followed_by_what_the_article_says_of_its_word() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_skills", "Welche Programmiersprache muss ich können?", profession="mt_informatik"))
    text = messages[0]["text"]
    assert text.startswith("Welche Programmiersprachen man können sollte, nennen die Artikel nicht.")
    assert "so sehr wie jede Programmiersprache" in text and "Quelle" in text


def test_why_after_an_answer_gives_that_answer_with_its_reasons() -> None:
    messages, _ = run(ActionClarify(), tracker("nlu_fallback", "warum nicht?", profession="mt_informatik",
                                               professions=["mt_informatik"], last_topic="remote"))
    assert "vor Ort ist oft Pflicht, weil jemand die Geräte anschließen" in messages[0]["text"]


def test_a_theme_of_different_topics_is_answered_for_each_profession_from_its_own_fact() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_regions", "Spielt KI in diesen beiden Berufen eine Rolle?"))
    text = messages[0]["text"]
    assert "Medizin-Ingenieur: Weiterbildung" in text and "KI-gestützte Bildauswertung" in text
    assert "Medizinisch-Technische Informatik: Der Alltag" in text and "KI-gestützte Diagnostik" in text


def test_a_topic_the_article_lacks_for_the_profession_takes_the_models_next_guess() -> None:
    ranking = [{"name": "ask_job_listing", "confidence": 0.53}, {"name": "ask_market", "confidence": 0.41}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_job_listing", "Und wie viele Stellenangebote gibt es da so?",
                                                   ranking=ranking, profession="medizin_ingenieur"))
    assert "suchen händeringend Personal" in messages[0]["text"]


def test_region_words_in_a_pay_question_say_what_the_article_says_of_regions() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "verdient man in der stadt mehr", profession="mt_informatik"))
    text = messages[0]["text"]
    assert text.startswith("Zahlen für einzelne Regionen nennt der Artikel nicht") and "Großstadt und Provinz" in text


@pytest.mark.parametrize("language,notes", [("en", 1), (None, 0)])
def test_small_talk_in_another_language_is_preceded_by_the_english_note(language: Optional[str], notes: int) -> None:
    messages, events = run(ActionLanguageNote(), tracker("thank", "thx, that's all I needed", language=language))
    assert [m["text"] for m in messages] == ["I answer in German only; here is the answer in German:"] * notes and events == []


def test_later_after_a_salary_answer_asks_for_the_experienced_level() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker("inform", "und später?", profession="medizin_ingenieur",
                                                      level="einstieg", last_topic="salary"))
    assert "mehr als 4.800 €" in messages[0]["text"] and "3.200" not in messages[0]["text"]
    other, _ = run(ActionAnswerFollowUp(), tracker("inform", "und mti später?", [entity("profession", "mti")], last_topic="salary"))
    assert other[0]["text"].startswith("Eine Zahl mit Erfahrung und Spezialisierung nennt der Artikel"), other[0]["text"]


def test_a_topic_question_about_a_place_the_article_does_not_name_says_so_first() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_market", "Ich wohne in Duisburg. Gibt es hier speziell Stellen in der Medizinisch-Technischen Informatik?",
        [entity("place", "Duisburg"), entity("profession", "mt_informatik")]))
    text = messages[0]["text"]
    assert text.startswith("Zu Duisburg sagt der Artikel über Medizinisch-Technische Informatik nichts Eigenes; allgemein sagt er:")
    assert "Fachkräftemangel" in text
    engineer, _ = run(ActionAnswerTopic(), tracker("ask_market", "Gibt es in Duisburg Stellen als Medizin-Ingenieur?",
                                                   [entity("place", "Duisburg"), entity("profession", "medizin_ingenieur")]))
    assert "nichts Eigenes" not in engineer[0]["text"]


def test_the_question_of_a_message_with_background_decides_its_topic_by_its_words_where_the_model_weighs_it() -> None:
    text = ("Ich arbeite derzeit in München. Meine Eltern wohnen in Duisburg, wir überlegen umzuziehen. Wie sieht denn der "
            "Arbeitsmarkt für Medizin-Ingenieure in Duisburg aus?")
    weighed = [{"name": "ask_regions", "confidence": 0.75}, {"name": "ask_market", "confidence": 0.23}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_regions", text, [entity("profession", "medizin_ingenieur")], ranking=weighed))
    assert "händeringend" in messages[0]["text"], messages[0]["text"]
    unweighed = [{"name": "ask_regions", "confidence": 0.95}, {"name": "ask_market", "confidence": 0.03}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_regions", text, [entity("profession", "medizin_ingenieur")], ranking=unweighed))
    assert "Stahlschmiede" in messages[0]["text"], "words the model gives no weight do not overrule it"


def test_the_question_of_a_message_with_background_decides_where_its_words_and_the_part_classifier_agree() -> None:
    text = "Ich bin Softwareentwickler, 34, und überlege in die MTI zu gehen. Wie sieht da der Alltag aus?"
    state = dict(entities=[entity("profession", "mt_informatik")], ranking=[{"name": "ask_salary", "confidence": 0.92}])
    agreed, _ = run(ActionLookupSalary(), tracker("ask_salary", text, parse={"question_intent": {"name": "ask_duties", "confidence": 0.8}}, **state))
    assert "Systempflege" in agreed[0]["text"] and "€" not in agreed[0]["text"], agreed[0]["text"]
    pay = "Ich bin Softwareentwickler, 34, und überlege in die MTI zu gehen. Wie sieht da der Alltag beim Gehalt aus?"
    for parse in ({}, {"question_intent": {"name": "ask_challenges", "confidence": 0.8}}):
        alone, _ = run(ActionLookupSalary(), tracker("ask_salary", pay, parse=parse, **state))
        assert "42.000" in alone[0]["text"], "one reading of a question that speaks of pay does not overrule the model"
    employers = "Ich will mich in der MTI bewerben. Worauf schauen Arbeitgeber besonders?"
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_application", employers, [entity("profession", "mt_informatik")], parse={"question_intent": {"name": "ask_employers", "confidence": 0.3}}))
    assert "Generalisten" in messages[0]["text"], "words of two topics (Arbeitgeber, worauf schauen) do not agree with either"


def test_a_salary_reading_of_a_question_that_says_nothing_of_pay_gives_way_to_the_topic_its_words_name() -> None:
    state = dict(entities=[entity("profession", "mt_informatik")], ranking=[{"name": "ask_salary", "confidence": 0.95}])
    helps, events = run(ActionLookupSalary(), tracker("ask_salary", "Hilft mir meine Pflegeerfahrung da überhaupt was?", **state))
    assert "Grundwissen" in helps[0]["text"] and "€" not in helps[0]["text"] and SlotSet("last_topic", "skills") in events
    level, _ = run(ActionLookupSalary(), tracker("ask_salary", "Was springt raus, wenn man Erfahrung und eine Spezialisierung hat?", **state))
    assert "Erfahrung und Spezialisierung" in level[0]["text"], "a level the question asks about is a pay question"


def test_a_comparison_whose_words_name_a_topic_and_nothing_of_pay_compares_that_topic() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Wie sieht im Vergleich die Karriere in der MTI aus?", [entity("profession", "mt_informatik")],
        profession="medizin_ingenieur", last_topic="training"))
    assert "Consulting" in messages[0]["text"] and "€" not in messages[0]["text"], messages[0]["text"]


def test_a_question_naming_two_levels_gets_the_figures_of_both() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Was sollten wir Berufseinsteigern und erfahrenen Leuten zahlen?", profession="medizin_ingenieur"))
    assert "3.200" in messages[0]["text"] and "4.800" in messages[0]["text"], messages[0]["text"]


def test_a_general_pay_question_gets_the_figures_after_what_the_articles_lack_for_the_subject_of_the_background() -> None:
    background = "In Bremen habe ich eine Ausschreibung als Technik Manager gesehen. Was verdient man in der MTI {}zum Einstieg?"
    state = dict(entities=[entity("profession", "mt_informatik")])
    general, _ = run(ActionAnswerTopic(), tracker("ask_job_listing", background.format("generell "), **state))
    assert general[0]["text"].startswith("Was für diese Stelle gezahlt wird, sagt der Artikel nicht") and "42.000" in general[0]["text"]
    listing, _ = run(ActionAnswerTopic(), tracker("ask_job_listing", background.format(""), **state))
    assert "42.000" not in listing[0]["text"], "the question is about the listing: its pay is not the article's range"


def test_a_pay_effect_question_about_the_one_profession_discussed_is_its_salary_and_a_choice_compares() -> None:
    state = dict(profession="medizin_ingenieur", professions=["medizin_ingenieur"], level="erfahrung", last_topic="training")
    effect, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "bringt mir das dann auch mehr Geld?", **state))
    assert "4.800" in effect[0]["text"] and "42.000" not in effect[0]["text"], effect[0]["text"]
    choice, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "wo gibts mehr geld", **{**state, "level": None}))
    assert "3.200" in choice[0]["text"] and "42.000" in choice[0]["text"], choice[0]["text"]


def test_which_employers_pay_more_after_the_departments_asks_what_moves_the_salary() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Und welche Arbeitgeber zahlen eher mehr?", profession="mt_informatik", professions=["mt_informatik"],
        last_topic="departments"))
    assert "Konzern" in messages[0]["text"], messages[0]["text"]


def test_a_theme_only_the_background_names_does_not_turn_a_salary_question_into_its_fact() -> None:
    text = ("Ich habe ein Angebot als Medizinisch-Technischer Informatiker bei einem Forschungsinstitut. "
            "Was sind die typischen Einstiegsgehälter?")
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", text, [entity("profession", "mt_informatik")]))
    assert "42.000" in messages[0]["text"] and "Consulting" not in messages[0]["text"], messages[0]["text"]


def test_a_longer_message_read_as_a_bare_follow_up_asks_what_its_words_name() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "Und wie sieht es mit Stellen in Duisburg für Medizin-Ingenieure aus?",
        [entity("place", "Duisburg"), entity("profession", "medizin_ingenieur")], profession="mt_informatik",
        last_topic="salary", asked_gap="Eine Ausbildungsvergütung nennen die Artikel nicht"))
    assert "händeringend" in messages[0]["text"] and "Ausbildung" not in messages[0]["text"], messages[0]["text"]


def test_the_entry_level_after_a_student_job_gap_gets_its_figures() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "Ok. und nach dem abschluss?", profession="mt_informatik", last_topic="salary",
        asked_gap="Für Werkstudenten nennen die Artikel keine Zahl"))
    assert "42.000" in messages[0]["text"] and "Werkstudent" not in messages[0]["text"], messages[0]["text"]


def test_a_period_in_the_background_makes_no_pay_question_and_a_difference_compares_what_the_professions_are() -> None:
    text = ("mein sohn macht nächstes jahr abi. was ist der unterschied zwischen medizin-ingenieur in duisburg und "
            "medizinisch-technischer informatik?")
    messages, _ = run(ActionAnswerFollowUp(), tracker("inform", text, [
        {"entity": "period", "value": "jahr", "start": 23, "end": 27}, entity("profession", "medizin_ingenieur"), entity("profession", "mt_informatik")]))
    assert "Brücke" in messages[0]["text"] and "Systempflege" in messages[0]["text"] and "€" not in messages[0]["text"], messages[0]["text"]


@pytest.mark.parametrize("text,gap", [
    ("Was kostet eine Weiterbildung für Medizin-Ingenieure in Duisburg?", "Was Weiterbildungen oder Kurse kosten und wie lange sie dauern, sagen die Artikel nicht"),
    ("und was verdient man im stahlwerk im vergleich?", "Was man in anderen Branchen verdient, nennen die Artikel nicht"),
])
def test_costs_and_other_industries_are_gaps_before_any_figure(text: str, gap: str) -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", text, profession="medizin_ingenieur"))
    assert messages[0]["text"].startswith(gap), messages[0]["text"]


def test_a_level_in_a_question_pointing_back_at_a_topic_asks_that_topic_for_the_level() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "was heißt das für jemanden, der frisch von der uni kommt?", [entity("level", "einstieg")],
        confidence=0.52, profession="mt_informatik", last_topic="challenges"))
    assert "€" not in messages[0]["text"] and "Geduld" in messages[0]["text"], messages[0]["text"]


def test_a_theme_of_the_background_is_asked_where_the_question_points_back_at_it() -> None:
    text = "Ich schreibe über Datenschutz im Krankenhaus. Spielt das Thema in der MTI im Berufsalltag eine Rolle?"
    messages, _ = run(ActionAnswerTopic(), tracker("ask_duties", text, [entity("profession", "mt_informatik")]))
    assert "Datenschutz" in messages[0]["text"], messages[0]["text"]
    own = "Ich mache nur noch Support fürs KIS. Welche Entwicklungsmöglichkeiten gibt es in der MTI?"
    career, _ = run(ActionAnswerTopic(), tracker("ask_career", own, [entity("profession", "mt_informatik")]))
    assert "Consulting" in career[0]["text"], "a question naming its own topic is not about the background's theme"


def test_words_decide_where_the_model_hardly_guesses_and_a_bare_follow_up_asks_where_they_work() -> None:
    guess, _ = run(ActionAnswerTopic(), tracker(
        "ask_job_listing", "lieber spezialisieren oder breit aufstellen?", confidence=0.18, profession="mt_informatik", last_topic="application"))
    assert "Generalisten" in guess[0]["text"], guess[0]["text"]
    where, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "Und wo arbeiten die jeweils?", professions=["medizin_ingenieur", "mt_informatik"], last_topic="salary_comparison"))
    assert "Universitätsklinikum" in where[0]["text"] and "Labordienstleister" in where[0]["text"], where[0]["text"]


def test_an_unclear_question_naming_what_one_fact_says_gets_that_fact() -> None:
    messages, _ = run(ActionClarify(), tracker(
        "nlu_fallback", "ich überlege richtung medizin ingenieur. spielt qualitätsmanagement da eine rolle?",
        [entity("profession", "medizin_ingenieur")], ranking=[{"name": "ask_challenges", "confidence": 0.3}]))
    assert "Qualitätsmanagement" in messages[0]["text"] and "Geräteprüfung" in messages[0]["text"], messages[0]["text"]


def test_two_levels_of_the_one_profession_discussed_compare_its_rows_not_the_professions() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Wird meine Bundeswehrzeit als Berufserfahrung angerechnet, sodass ich gleich mehr als das Einstiegsgehalt bekomme?",
        [entity("level", "erfahrung"), entity("level", "einstieg")], profession="medizin_ingenieur", professions=["medizin_ingenieur"],
        last_topic="skills"))
    reply = messages[0]["text"]
    assert reply.startswith("Was als Berufserfahrung angerechnet wird, sagen die Artikel nicht"), reply
    assert "3.200" in reply and "4.800" in reply and "42.000" not in reply


def test_asking_for_more_does_not_repeat_the_last_answer() -> None:
    state = dict(profession="mt_informatik", professions=["mt_informatik"], last_topic="departments")
    again, _ = run(ActionLookupSalary(), tracker("ask_salary", "Wie viel mehr genau?", **state))
    more, _ = run(ActionLookupSalary(), tracker("ask_salary", "ok. was beeinflusst noch den verdienst?", **state))
    assert "Pathologie" in again[0]["text"]
    assert "Großstadt und Provinz" in more[0]["text"] and more[0]["text"] != again[0]["text"]


def test_a_level_named_in_a_follow_up_wins_over_its_later() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "Und später als Berufseinsteiger?", [entity("level", "einstieg")], profession="medizin_ingenieur", last_topic="salary"))
    assert "3.200" in messages[0]["text"] and "4.800" not in messages[0]["text"]


def test_a_pay_question_about_a_topic_that_speaks_of_pay_gets_that_topic_after_the_pay_concept_it_lacks() -> None:
    text = ("Ich betreue die IT in der Pathologie. Ist das normal, dass man in der Pathologie schlechter bezahlt wird als in der "
            "Radiologie? Oder mache ich in den Gehaltsverhandlungen was falsch?")
    messages, events = run(ActionLookupSalary(), tracker("ask_salary", text, profession="mt_informatik"))
    reply = messages[0]["text"]
    assert reply.startswith("Wie sich das Gehalt im Lauf der Zeit entwickelt oder wie man es verhandelt, sagen die Artikel nicht.")
    assert "höherpreisig" in reply and "€" not in reply
    assert SlotSet("last_topic", "departments") in events


def test_a_place_without_figures_in_a_follow_up_to_a_comparison_gets_no_figures() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Und was würde man damit in Berlin verdienen?", [entity("place", "Berlin")],
        professions=["medizin_ingenieur", "mt_informatik"], last_topic="salary_comparison"))
    assert messages[0]["text"].startswith("Für Berlin nennen die Artikel keine eigenen Zahlen.") and "€" not in messages[0]["text"]


def test_a_follow_up_about_something_the_articles_lack_says_so_before_asking_anything_back() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker("inform", "und wie lang ist da die probezeit?", profession="medizin_ingenieur"))
    assert messages[0]["text"].startswith("Zu Vertragsfragen wie Probezeit oder Befristung sagen die Artikel nichts.")


def test_a_pay_question_read_as_a_topic_the_profession_lacks_is_a_salary_question() -> None:
    text = "Ich suche Medizin-Ingenieure für Kunden. Mit welchen Gehaltsvorstellungen muss ich bei Berufseinsteigern rechnen?"
    messages, events = run(ActionAnswerTopic(), tracker("ask_application", text, [entity("profession", "Medizin-Ingenieure")]))
    assert "3.200 €" in messages[0]["text"] and "Bewerbung" not in messages[0]["text"]
    assert SlotSet("last_topic", "salary") in events


def test_where_pay_is_highest_is_answered_with_what_moves_it() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "und wo zahlen die am meisten?", profession="mt_informatik", last_topic="employers"))
    assert "Konzern" in messages[0]["text"] and "Radiologie" in messages[0]["text"]


def test_a_question_about_the_countryside_is_answered_by_the_fact_that_speaks_of_it() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_market", "Wie sind die Jobchancen für MTI auf dem Land?", [entity("profession", "MTI")]))
    assert "durchwachsener" in messages[0]["text"]


def test_each_question_of_a_message_is_answered_where_its_words_name_a_topic() -> None:
    text = "Wir suchen eine Person für die MTI. Welches Gehalt ist für Berufseinsteiger marktüblich, und worauf sollten wir bei Bewerbern achten?"
    messages, _ = run(ActionAnswerTopic(), tracker("ask_application", text, [entity("profession", "MTI")]))
    reply = messages[0]["text"]
    assert "42.000 €" in reply and "Generalist" in reply


def test_both_professions_asked_about_a_theme_get_each_ones_fact_not_a_salary_comparison() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "Beide Berufe haben doch irgendwie mit KI zu tun, oder?"))
    reply = messages[0]["text"]
    assert "KI-gestützte Bildauswertung" in reply and "KI-gestützte Diagnostik" in reply and "€" not in reply


def test_a_wish_for_information_on_a_profession_gets_what_it_is() -> None:
    messages, _ = run(ActionClarify(), tracker("nlu_fallback", "Hallo, ich suche Infos zum Beruf Medizin-Ingenieur in Duisburg.",
                                               [entity("profession", "Medizin-Ingenieur")]))
    assert "Geräteprüfung" in messages[0]["text"]


def test_how_much_more_there_is_a_figure_the_articles_lack() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "Wie viel genau mehr in der Stadt?", profession="mt_informatik", last_topic="regions"))
    assert messages[0]["text"].startswith("Wie groß der Unterschied in Euro ist, sagen die Artikel nicht")


def test_a_comparison_with_the_visitors_own_pay_says_the_articles_cannot_make_it_before_their_figures() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Und was würde ich da verdienen im Vergleich zu meinem jetzigen Pflegegehalt?", profession="mt_informatik"))
    reply = messages[0]["text"]
    assert reply.startswith("Einen Vergleich mit Ihrem jetzigen Gehalt geben die Artikel nicht her") and "42.000 €" in reply


def test_a_topic_only_one_of_the_professions_asked_has_gives_way_to_the_topic_the_words_name() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_job_listing", "und welche von beiden werden dringender gesucht?", professions=["medizin_ingenieur", "mt_informatik"]))
    reply = messages[0]["text"]
    assert "händeringend" in reply and "Fachkräftemangel" in reply and "expertum" not in reply


def test_a_comparison_with_a_profession_the_articles_lack_says_so_before_the_known_figures() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Verdient ein MTRA mehr als ein Medizin-Ingenieur?", [entity("profession", "medizin_ingenieur")]))
    text = messages[0]["text"]
    assert text.startswith("Zum Beruf „MTRA“ nennen die Artikel keine Zahlen") and "3.200" in text, text


def test_a_gap_of_one_article_is_said_with_what_that_article_says_next_to_it() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_skills", "Kann ich als Pflegekraft da quereinsteigen?", profession="medizin_ingenieur", last_topic="duties"))
    assert messages[0]["text"].startswith("Zum Quereinstieg sagt der Artikel über Medizin-Ingenieure nichts") and "Frustresistenz" in messages[0]["text"]
    informatics, _ = run(ActionAnswerTopic(), tracker("ask_skills", "Kann ich als Pflegekraft da quereinsteigen?", profession="mt_informatik"))
    assert "Quereinsteiger" in informatics[0]["text"] and "nichts" not in informatics[0]["text"]


def test_an_unclear_message_naming_another_profession_and_pointing_back_asks_the_last_topic_for_it() -> None:
    unsure = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_duties", "confidence": 0.37}, {"name": "ask_remote", "confidence": 0.07}]
    messages, _ = run(ActionClarify(), tracker(
        "nlu_fallback", "und beim medizin ingenieur in duisburg, geht das da auch?", [entity("profession", "medizin_ingenieur")],
        ranking=unsure, profession="mt_informatik", last_topic="remote"))
    assert messages[0]["text"].startswith("Zum Thema „Homeoffice“ sagt der Artikel über Medizin-Ingenieure nichts"), messages[0]["text"]


def test_a_short_question_with_a_topics_follow_up_words_asks_that_topic() -> None:
    state = tracker("ask_duties", "und wo kann man die machen?", profession="medizin_ingenieur", last_topic="training")
    messages, events = run(ActionAnswerTopic(), state)
    assert "Hochschulen" in messages[0]["text"] and slot_after(state, events, "last_topic") == "training"


def test_a_fact_that_speaks_of_pay_is_not_followed_by_a_salary_comparison() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_departments", "radiologie oder pathologie, wo fühlt man sich beim gehalt besser gestellt?", profession="mt_informatik",
        last_topic="salary", level="erfahrung",
        parse={"questions": ["ask_departments", "compare_salaries"]}))
    assert "Pathologie" in messages[0]["text"] and "4.800" not in messages[0]["text"], messages[0]["text"]


def test_a_level_the_model_found_in_a_word_that_names_no_level_makes_no_salary_question() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "und wie sind die rahmenbedingungen dort, budget und so?", [entity("level", "die")],
        profession="medizin_ingenieur", last_topic="employers"))
    assert "€" not in messages[0]["text"] and "Budgets" in messages[0]["text"], messages[0]["text"]


def test_an_unclear_question_about_the_pay_range_is_a_salary_question() -> None:
    unsure = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "compare_salaries", "confidence": 0.31}]
    messages, _ = run(ActionClarify(), tracker(
        "nlu_fallback", "Wovon hängt es ab, ob man eher am unteren oder oberen Ende der Einstiegsspanne landet?",
        [entity("level", "Einstiegsspanne")], ranking=unsure, profession="medizin_ingenieur"))
    assert "3.200" in messages[0]["text"] and "Arbeitgeber" in messages[0]["text"], messages[0]["text"]


def test_a_comparison_with_an_amount_about_the_one_profession_discussed_is_its_salary() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "gibts da auch mal mehr als die 55k?", profession="mt_informatik", professions=["mt_informatik"], last_topic="salary"))
    reply = messages[0]["text"]
    assert "55.000" in reply and "3.200" not in reply and "4.800" not in reply, reply


def test_a_salary_reading_pointing_back_at_a_theme_or_comparing_the_last_topic_answers_that_topic() -> None:
    pointed = "mich interessiert it-sicherheit im krankenhaus. kommt das beim medizin ingenieur vor?"
    security, _ = run(ActionLookupSalary(), tracker("ask_salary", pointed, [entity("profession", "medizin_ingenieur")]))
    assert "€" not in security[0]["text"] and "Cyber" in security[0]["text"], security[0]["text"]
    compared, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Und im Vergleich dazu die MTI?", [entity("profession", "mt_informatik")],
        profession="medizin_ingenieur", professions=["medizin_ingenieur"], last_topic="duties"))
    assert "€" not in compared[0]["text"] and "Systempflege" in compared[0]["text"], compared[0]["text"]


def test_a_level_only_the_background_names_does_not_make_a_topic_question_a_salary_question() -> None:
    text = "Ich habe 6 Jahre Berufserfahrung als Elektroniker. Wie sieht in der MTI der Alltag aus?"
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", text, [entity("profession", "mt_informatik"), entity("level", "erfahrung")]))
    assert "€" not in messages[0]["text"] and "Systempflege" in messages[0]["text"], messages[0]["text"]


def test_a_question_whether_a_topic_raises_pay_is_a_salary_question_however_sure_the_model_is_of_the_topic() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_training", "verdient man nach so ner weiterbildung dann mehr?", confidence=0.97, profession="medizin_ingenieur"))
    assert "3.200" in messages[0]["text"] and "Weiterbildungsgrad" in messages[0]["text"], messages[0]["text"]


def test_a_topic_no_word_names_gives_way_to_the_one_the_question_names_unless_the_model_is_sure() -> None:
    text = ("Servus, ich bin Elektroniker und denke über eine Weiterqualifizierung nach. "
            "Was wäre als Medizin-Ingenieur in Duisburg mein Tagesgeschäft?")
    unsure = [{"name": "ask_training", "confidence": 0.7}, {"name": "ask_salary", "confidence": 0.15}, {"name": "ask_duties", "confidence": 0.09}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_training", text, [entity("profession", "medizin_ingenieur")], ranking=unsure, confidence=0.7))
    assert "Geräteprüfung" in messages[0]["text"], messages[0]["text"]
    read_alone = {"question_intent": {"name": "ask_training", "confidence": 0.6}}
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_training", text, [entity("profession", "medizin_ingenieur")], ranking=unsure, confidence=0.7, parse=read_alone))
    assert "Hochschulen" in messages[0]["text"], "where the question read alone is the model's topic, that stands"
    sure = [{"name": "ask_training", "confidence": 0.95}, {"name": "ask_duties", "confidence": 0.03}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_training", text, [entity("profession", "medizin_ingenieur")], ranking=sure, confidence=0.95))
    assert "Hochschulen" in messages[0]["text"], messages[0]["text"]


def test_a_message_that_does_not_tell_its_language_keeps_the_language_of_the_visitors_message_before_it() -> None:
    def after(language: str, text: str = "Bye!", intent: str = "goodbye", told: bool = False) -> Tracker:
        latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": [], "language": "de", "language_told": told}
        events = [{"event": "user", "text": "what do they earn?", "parse_data": {"language": language}},
                  {"event": "bot", "text": "…"}, {"event": "user", "text": text, "parse_data": latest}]
        return Tracker("tester", {}, latest, events, False, None, {}, "action_listen")

    english, _ = run(ActionLanguageNote(), after("en"))
    german, _ = run(ActionLanguageNote(), after("de"))
    assert "German" in english[0]["text"] and german == []
    told, _ = run(ActionLanguageNote(), after("en", "danke, das wars", "thank", told=True))
    assert told == [], "German function words tell German, whatever was written before"
    hourly, _ = run(ActionLookupSalary(), after("en", "hourly rate?", "ask_salary"))
    assert hourly[0]["text"].startswith("I answer in German only") and "Stundenlohn" in hourly[0]["text"]


def test_a_bare_follow_up_with_nothing_to_follow_up_asks_what_its_words_name() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "kann man als quereinsteiger in die medizinisch-technische informatik?", [entity("profession", "mt_informatik")]))
    assert "Abschluss" in messages[0]["text"], messages[0]["text"]


def test_a_short_question_about_the_statement_before_it_answers_the_topic_that_statement_names() -> None:
    text = ("Ich bin Personalreferentin und soll eine Stelle für medizinisch-technische Informatik ausschreiben. Auf die letzten "
            "Ausschreibungen kamen kaum Bewerbungen. Ich möchte verstehen, wie der Markt in dem Beruf aussieht. Was sagt der Text dazu?")
    ranking = [{"name": "ask_application", "confidence": 0.7}, {"name": "ask_job_listing", "confidence": 0.12}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_application", text, [entity("profession", "mt_informatik")], ranking=ranking, confidence=0.7))
    assert "Fachkräftemangel" in messages[0]["text"], messages[0]["text"]


def test_a_theme_of_another_topic_answers_where_the_models_topic_does_not_speak_of_it() -> None:
    text = "Was sagt der Text über die Konkurrenz bei Bewerbungen in der MTI?"
    messages, _ = run(ActionAnswerTopic(), tracker("ask_application", text, [entity("profession", "mt_informatik")]))
    assert "Konkurrenz ist überschaubar" in messages[0]["text"], messages[0]["text"]


def test_a_place_named_for_one_profession_and_pointed_at_for_the_other_is_said_to_be_missing() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_employers", "gibt es dort auch jobs in der medizinisch-technischen informatik?",
        [entity("profession", "mt_informatik")], profession="medizin_ingenieur", place="Duisburg"))
    assert messages[0]["text"].startswith("Zu Duisburg sagt der Artikel über Medizinisch-Technische Informatik nichts Eigenes"), messages[0]["text"]


def test_a_quoted_figure_of_another_level_gets_that_levels_figure_too() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "mi einstieg mit 4800 realistisch?"))
    assert "3.200" in messages[0]["text"] and "4.800" in messages[0]["text"], messages[0]["text"]


def test_similar_things_for_another_profession_ask_the_last_topic_for_it() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_market", "Gibt es bei der MTI ähnliche Probleme?", [entity("profession", "mt_informatik")],
        profession="medizin_ingenieur", last_topic="challenges"))
    assert "Widerständen" in messages[0]["text"], messages[0]["text"]


def test_nursing_experience_is_what_the_informatics_skills_answer_speaks_of() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_skills", "Bringt mir meine Pflegeerfahrung in der MTI was?", [entity("profession", "mt_informatik")]))
    assert "zwischen Pflege, Arzt und IT vermitteln" in messages[0]["text"], messages[0]["text"]


def test_what_moves_the_figures_after_a_comparison_is_said_for_each_profession() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_duties", "wovon hängts da ab?", confidence=0.68, professions=["medizin_ingenieur", "mt_informatik"], last_topic="salary_comparison"))
    reply = messages[0]["text"]
    assert "vom Arbeitgeber, vom Verantwortungsbereich" in reply and "Konzernstrukturen" in reply and "Geräteprüfung" not in reply, reply


def test_how_high_pay_goes_after_a_salary_answer_asks_for_the_experienced_level() -> None:
    ranking = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_challenges", "confidence": 0.15}]
    messages, _ = run(ActionClarify(), tracker(
        "nlu_fallback", "Und wie hoch kann es jeweils gehen?", ranking=ranking,
        professions=["medizin_ingenieur", "mt_informatik"], last_topic="salary_comparison"))
    reply = messages[0]["text"]
    assert "mehr als 4.800 €" in reply and "mit Erfahrung und Spezialisierung" in reply, reply


def test_which_of_the_professions_earns_more_compares_them_though_the_model_read_a_salary_question() -> None:
    messages, events = run(ActionLookupSalary(), tracker("ask_salary", "welche davon verdienen mehr?", profession="mt_informatik", last_topic="duties"))
    assert "3.200" in messages[0]["text"] and "42.000" in messages[0]["text"], messages[0]["text"]
    assert SlotSet("last_topic", "salary_comparison") in events


def test_the_articles_note_on_other_places_is_said_once() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Und was würde sie da am Anfang verdienen?", [entity("level", "einstieg")],
        profession="mt_informatik", place="Oldenburg", last_topic="regions"))
    assert messages[0]["text"].count("Großstadt und Provinz") == 1, messages[0]["text"]


def test_an_english_message_naming_a_level_or_profession_the_articles_lack_gets_the_note_and_says_so() -> None:
    dentist, _ = run(ActionExplainScope(), tracker("out_of_scope", "ok and a dentist?", language="en"))
    internship, _ = run(ActionExplainScope(), tracker("out_of_scope", "are there internships (Praktikum) for medical IT students?", language="en"))
    assert dentist[0]["text"].startswith("I answer in German only") and "„Dentist“ nennen die Artikel keine Angaben" in dentist[0]["text"]
    assert internship[0]["text"].startswith("I answer in German only") and "Praktik" in internship[0]["text"] and "€" not in internship[0]["text"]


def test_a_question_half_taken_for_one_about_the_assistant_asks_the_topic_its_words_name() -> None:
    unsure = [{"name": "ask_capabilities", "confidence": 0.47}, {"name": "bot_challenge", "confidence": 0.12}]
    messages, _ = run(ActionExplainScope(), tracker("ask_capabilities", "welcher ist gefragter?", ranking=unsure, confidence=0.47,
                                                    professions=["medizin_ingenieur", "mt_informatik"], last_topic="salary_comparison"))
    assert "händeringend" in messages[0]["text"] and "Nachfrage" in messages[0]["text"], messages[0]["text"]
    sure, _ = run(ActionExplainScope(), tracker("ask_capabilities", "was kannst du alles?", confidence=0.95))
    assert "Themen" in sure[0]["text"]


def test_an_unsure_follow_up_whose_follow_up_words_name_a_topic_asks_that_topic() -> None:
    unsure = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_duties", "confidence": 0.37}]
    messages, _ = run(ActionClarify(), tracker("nlu_fallback", "und wo kann ich die machen", ranking=unsure, confidence=0.4,
                                               profession="medizin_ingenieur", last_topic="training"))
    assert "Hochschulen" in messages[0]["text"], messages[0]["text"]


def test_a_statement_naming_a_profession_gets_what_it_is() -> None:
    unsure = [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "greet", "confidence": 0.27}, {"name": "ask_duties", "confidence": 0.26}]
    messages, _ = run(ActionClarify(), tracker("nlu_fallback", "Ich interessiere mich für den Job als Medizin-Ingenieur in Duisburg.",
                                               [entity("profession", "medizin_ingenieur")], ranking=unsure, confidence=0.4))
    assert "Medizin-Ingenieur" in messages[0]["text"] and "nicht sicher" not in messages[0]["text"], messages[0]["text"]


def test_a_short_follow_up_saying_similar_asks_the_last_topic_for_the_profession_it_names() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker("inform", "und bei den informatikern ähnlich?", [entity("profession", "mt_informatik")],
                                                      last_topic="challenges", profession="medizin_ingenieur"))
    assert "Widerständen" in messages[0]["text"], messages[0]["text"]


def test_a_close_second_guess_that_the_question_names_by_its_words_wins() -> None:
    close = [{"name": "ask_employers", "confidence": 0.63}, {"name": "ask_duties", "confidence": 0.34}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_employers", "Welche Aufgaben hat ein Medizin-Ingenieur in Duisburg typischerweise?",
                                                   [entity("profession", "medizin_ingenieur")], ranking=close, confidence=0.63))
    assert "Geräteprüfung" in messages[0]["text"], messages[0]["text"]
    far = [{"name": "ask_challenges", "confidence": 0.86}, {"name": "ask_duties", "confidence": 0.1}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_challenges", "was nervt im alltag am meisten?", ranking=far, confidence=0.86,
                                                   profession="medizin_ingenieur"))
    assert "Bürokratie" in messages[0]["text"], "a far second guess does not win by the words alone"


def test_an_unsure_question_whose_words_name_the_topic_just_answered_asks_it_again() -> None:
    unsure = [{"name": "ask_employers", "confidence": 0.58}, {"name": "compare_salaries", "confidence": 0.17}, {"name": "request_human", "confidence": 0.09}]
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_employers", "Gibt es solche Probleme in der medizinisch-technischen Informatik auch?", [entity("profession", "mt_informatik")],
        ranking=unsure, confidence=0.58, last_topic="challenges"))
    assert "Widerständen" in messages[0]["text"], messages[0]["text"]


def test_a_question_for_what_a_word_means_says_first_that_the_articles_do_not_explain_it() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_duties", "was ist PACS", profession="mt_informatik"))
    assert messages[0]["text"].startswith("Was „PACS“ genau ist, sagen die Artikel nicht"), messages[0]["text"]
    plain, _ = run(ActionAnswerTopic(), tracker("ask_duties", "was macht man da", profession="mt_informatik"))
    assert not plain[0]["text"].startswith("Was „")


def test_a_pay_question_pointing_back_at_a_level_the_articles_lack_says_so_first() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "Vorher steht noch ein Pflichtpraktikum an. Was wird da bezahlt?",
                                                    profession="medizin_ingenieur"))
    text = messages[0]["text"]
    assert text.startswith("Für ein Praktikum nennen die Artikel keine Vergütung") and "€" not in text, text


def test_asking_whether_compared_figures_are_gross_says_which_article_says_brutto() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "welche davon sind ausdrücklich brutto?",
                                                       professions=["medizin_ingenieur", "mt_informatik"], last_topic="salary_comparison"))
    assert messages[0]["text"].startswith("Als brutto nennt der Artikel nur die Zahlen für Medizinisch-Technische Informatik."), messages[0]["text"]
    assert "sagt der Artikel über Medizin-Ingenieure nicht" in messages[0]["text"]


def test_an_english_why_after_a_salary_answer_asks_the_topic_read_not_the_pay() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_challenges", "so why do people even stay in that job in duisburg?", confidence=0.3,
                                                   language="en", profession="medizin_ingenieur", last_topic="salary"))
    assert "Sinnhaftigkeit" in messages[0]["text"] and "€" not in messages[0]["text"], messages[0]["text"]


def test_what_training_brings_for_the_salary_is_a_salary_question() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_training", "bringt weiterbildung was fürs gehalt?", confidence=0.96,
                                                   profession="medizin_ingenieur", last_topic="training"))
    assert "3.200 €" in messages[0]["text"], messages[0]["text"]


def test_a_greeting_that_asks_about_a_profession_it_names_gets_what_it_is() -> None:
    messages, _ = run(ActionExplainScope(), tracker("greet", "servus, wos mocht ma ois medizinisch-technischer informatiker?",
                                                    [entity("profession", "mt_informatik")], confidence=0.43))
    assert "Systempflege" in messages[0]["text"], messages[0]["text"]
    hello, _ = run(ActionExplainScope(), tracker("greet", "Servus!"))
    assert "Themen" in hello[0]["text"]


def test_a_question_taken_for_one_outside_the_articles_asks_the_topic_its_words_name_where_the_model_guessed_it() -> None:
    guessed = [{"name": "out_of_scope", "confidence": 0.78}, {"name": "ask_challenges", "confidence": 0.07}, {"name": "ask_duties", "confidence": 0.05}]
    messages, _ = run(ActionExplainScope(), tracker("out_of_scope", "Okay, aber wie ist die Arbeitsbelastung allgemein?", ranking=guessed,
                                                    confidence=0.78, profession="medizin_ingenieur"))
    assert "Bürokratie" in messages[0]["text"], messages[0]["text"]
    weather = [{"name": "out_of_scope", "confidence": 0.9}, {"name": "ask_regions", "confidence": 0.05}]
    messages, _ = run(ActionExplainScope(), tracker("out_of_scope", "Wie wird das Wetter morgen in Duisburg?", ranking=weather, confidence=0.9))
    assert messages[0]["text"].startswith("Dazu sagen die Artikel nichts.")


def said_before(state: Tracker, text: str, parse: Optional[Dict[str, Any]] = None) -> Tracker:
    """`state` with the visitor's message `text` (and its parse data) before the latest one, which ends its events as in Rasa."""
    state.events[:0] = [{"event": "user", "text": text, "parse_data": {"text": text, **(parse or {})}}]
    state.events.append({"event": "user", "text": state.latest_message["text"], "parse_data": state.latest_message})
    return state


def test_a_message_naming_both_professions_orders_them_as_it_names_them_though_rasa_fills_the_slot_with_the_last() -> None:
    state = tracker("ask_training", "ok und beim ersten wie bleib ich da auf dem laufenden", profession="mt_informatik",
                    professions=["medizin_ingenieur", "mt_informatik"], last_topic="training")
    named = [{"entity": "profession", "value": "mt_informatik", "start": 60}, {"entity": "profession", "value": "medizin_ingenieur", "start": 30}]
    said_before(state, "ich schwanke zwischen medizin ingenieur und medizinisch technische informatik", {"entities": named})
    state.events[1:1] = [{"event": "slot", "name": "profession", "value": "mt_informatik"}]
    messages, _ = run(ActionAnswerTopic(), state)
    assert "Hochschulen" in messages[0]["text"] and "Medizin Ingenieur" in messages[0]["text"], messages[0]["text"]


def test_a_topic_the_model_is_not_sure_of_and_that_no_word_names_gives_way_to_the_topic_its_words_name() -> None:
    ranking = [{"name": "ask_employers", "confidence": 0.88}, {"name": "ask_career", "confidence": 0.08}, {"name": "ask_training", "confidence": 0.01}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_employers", "gibt's beim Medizin-Ingenieur auch sowas wie Aufstieg?",
                                                   [entity("profession", "medizin_ingenieur")], ranking=ranking, confidence=0.88))
    assert messages[0]["text"].startswith("Feste Karrierestufen nennt der Artikel nicht"), messages[0]["text"]
    ranking = [{"name": "ask_duties", "confidence": 0.69}, {"name": "ask_salary", "confidence": 0.3}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_duties", "und was zahlen die konkret?", ranking=ranking, confidence=0.69,
                                                   profession="medizin_ingenieur", employer_type="uniklinik", last_topic="salary"))
    assert "3.200" in messages[0]["text"] and "Universitätsklinikum" in messages[0]["text"], "a pay word decides over a topic without words"
    sure = [{"name": "ask_employers", "confidence": 0.95}, {"name": "ask_career", "confidence": 0.03}]
    messages, _ = run(ActionAnswerTopic(), tracker("ask_employers", "gibt's beim Medizin-Ingenieur auch sowas wie Aufstieg?",
                                                   [entity("profession", "medizin_ingenieur")], ranking=sure, confidence=0.95))
    assert "Universitätsklinikum" in messages[0]["text"], "a model this sure keeps its topic"


def test_a_short_comparison_right_after_a_salary_answer_compares_pay_whatever_its_words_suggest() -> None:
    state = tracker("compare_salaries", "dann liegt der Medizin-Ingenieur ja ähnlich oder?", [entity("profession", "medizin_ingenieur")],
                    confidence=0.6, professions=["mt_informatik"], named_professions=["mt_informatik"], last_topic="salary")
    messages, _ = run(ActionCompareSalaries(), state)
    assert "3.200" in messages[0]["text"] and "42.000" in messages[0]["text"], messages[0]["text"]


def test_a_question_of_its_own_naming_a_later_career_is_the_career_and_a_pay_question_pointing_back_gets_its_gap() -> None:
    ranking = [{"name": "ask_career", "confidence": 0.94}]
    asked = "Gibt es sowas wie medizinischer Datenmanager?"
    messages, _ = run(ActionAnswerTopic(), tracker("ask_career", asked, ranking=ranking, confidence=0.94, profession="KI-Spezialist",
                                                   last_topic="salary"))
    assert "medizinischen Datenmanager" in messages[0]["text"] and "€" not in messages[0]["text"], messages[0]["text"]
    state = said_before(tracker("ask_salary", "und was verdient so einer?", profession="mt_informatik", professions=["mt_informatik"],
                                last_topic="career"), asked)
    messages, _ = run(ActionLookupSalary(), state)
    assert messages[0]["text"].startswith("Für spätere Wege wie Consulting oder Datenmanagement nennen die Artikel keine Zahl"), messages[0]["text"]
    assert "42.000" not in messages[0]["text"]


def test_figures_the_article_gives_for_an_employer_kind_or_for_no_region_follow_what_it_lacks() -> None:
    labs = tracker("ask_salary", "und labore als arbeitgeber was zahlen die so am anfang", [entity("employer_type", "labor"), entity("level", "einstieg")],
                   profession="mt_informatik", last_topic="employers")
    messages, _ = run(ActionLookupSalary(), labs)
    assert messages[0]["text"].startswith("Was einzelne Arbeitgeber zahlen, sagt der Artikel nicht; allgemein laut Artikel")
    assert "42.000 € bis 55.000 €" in messages[0]["text"] and "Labordienstleister" in messages[0]["text"]
    cities = tracker("ask_salary", "was verdient man als medizinisch technischer informatiker in großstädten",
                     [entity("profession", "mt_informatik")], ranking=[{"name": "ask_salary", "confidence": 0.9}])
    messages, _ = run(ActionLookupSalary(), cities)
    assert messages[0]["text"].startswith("Zahlen für einzelne Regionen nennt der Artikel nicht"), messages[0]["text"]
    assert "42.000 € bis 55.000 €" in messages[0]["text"]
    duisburg = tracker("ask_salary", "Was zahlt das Uniklinikum in Duisburg?", [entity("employer_type", "uniklinik")], profession="medizin_ingenieur")
    messages, _ = run(ActionLookupSalary(), duisburg)
    assert "€" not in messages[0]["text"], "an employer kind the article gives no range for gets none"


def test_a_topic_a_profession_s_article_lacks_gets_its_nearest_topic_there() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker("ask_application", "was wollen die bei der bewerbung sehen", profession="medizin_ingenieur"))
    assert messages[0]["text"].startswith("Zum Thema „Bewerbung“ sagt der Artikel über Medizin-Ingenieure nichts.")
    assert "Zu „Voraussetzungen und Fähigkeiten“ sagt er: " in messages[0]["text"] and "Frustresistenz" in messages[0]["text"]


def test_the_same_question_for_another_profession_asks_every_question_of_the_message_before() -> None:
    state = tracker("inform", "jetzt das gleiche für die MTI", [entity("profession", "mt_informatik")], profession="mt_informatik",
                    professions=["medizin_ingenieur"], named_professions=["medizin_ingenieur"], last_topic="market")
    said_before(state, "was macht ein medizin ingenieur in duisburg, was verdient er und wie ist der arbeitsmarkt",
                {"questions": ["ask_duties", "ask_salary", "ask_market"]})
    messages, _ = run(ActionAnswerFollowUp(), state)
    assert all(said in messages[0]["text"] for said in ("Nachfrage", "Systempflege", "42.000")), messages[0]["text"]


def test_the_visitor_s_own_job_before_a_known_profession_is_background() -> None:
    text = ("hallo! arbeite als MTLA in der pathologie und will mich richtung IT weiterentwickeln medizinisch technische informatik "
            "klingt passend aber keine ahnung ob das realistisch ist")
    messages, _ = run(ActionAnswerTopic(), tracker("ask_skills", text, [entity("profession", "mt_informatik")]))
    assert "MTLA" not in messages[0]["text"] and "Quelle: „Medizinisch-Technische Informatik" in messages[0]["text"], messages[0]["text"]


def test_a_message_asking_how_the_professions_differ_and_what_each_earns_gets_both() -> None:
    text = ("hallo ich hab biomedizintechnik master und such jetzt was in duisburg was ist der unterschied zwischen medizin ingenieur "
            "und medizinisch technische informatik und was verdient man jeweils")
    named = [entity("profession", "medizin_ingenieur"), entity("profession", "mt_informatik")]
    messages, _ = run(ActionCompareSalaries(), tracker("compare_salaries", text, named))
    assert all(said in messages[0]["text"] for said in ("3.200", "42.000", "Geräteprüfung", "Systempflege")), messages[0]["text"]


def test_a_question_half_taken_for_one_outside_the_articles_asks_the_topic_its_words_name() -> None:
    ranking = [{"name": "out_of_scope", "confidence": 0.41}, {"name": "ask_regions", "confidence": 0.07}]
    messages, _ = run(ActionExplainScope(), tracker("out_of_scope", "mein deutsch ist nicht perfekt, kommunikation ist sehr wichtig?",
                                                    ranking=ranking, confidence=0.41, profession="mt_informatik"))
    assert "Kommunikationsvermögen" in messages[0]["text"], messages[0]["text"]


def test_which_profession_comes_first_on_a_topic_gets_each_one_s_fact_and_that_the_articles_do_not_rank_them() -> None:
    state = tracker("ask_market", "bei welchem is die nachfrage höher", profession="mt_informatik", professions=["mt_informatik"], last_topic="duties")
    state.events[:0] = [{"event": "slot", "name": "profession", "value": "medizin_ingenieur"}, {"event": "slot", "name": "profession", "value": "mt_informatik"}]
    messages, _ = run(ActionAnswerTopic(), state)
    assert messages[0]["text"].startswith("Welcher der Berufe dabei vorn liegt, vergleichen die Artikel nicht")
    assert "händeringend" in messages[0]["text"] and "Fachkräftemangel" in messages[0]["text"]
    alone = tracker("ask_market", "bei welchem is die nachfrage höher", profession="mt_informatik", professions=["mt_informatik"])
    messages, _ = run(ActionAnswerTopic(), alone)
    assert "vergleichen" not in messages[0]["text"] and "händeringend" not in messages[0]["text"], "one profession discussed: its fact"


def test_what_the_articles_lack_is_said_for_a_message_taken_for_a_greeting() -> None:
    messages, _ = run(ActionExplainScope(), tracker("greet", "schichtdienst?", profession="medizin_ingenieur", last_topic="duties"))
    assert messages[0]["text"].startswith("Zu Schicht- oder Bereitschaftsdiensten sagen die Artikel nichts"), messages[0]["text"]
    messages, _ = run(ActionExplainScope(), tracker("greet", "Hallo, gibt es Schichtdienst?"))
    assert messages[0]["text"].startswith("Guten Tag!"), "a greeting word greets"


def test_a_place_the_articles_only_mention_is_answered_by_the_fact_that_mentions_it() -> None:
    munich, _ = run(ActionAnswerTopic(), tracker(
        "ask_duties", "und im vergleich zu münchen?", [entity("place", "München")], profession="medizin_ingenieur", last_topic="duties"))
    assert munich[0]["text"].startswith("Zu München sagt der Artikel über Medizin-Ingenieure nichts Eigenes") and "Budgets" in munich[0]["text"]
    there, _ = run(ActionAnswerTopic(), tracker(
        "ask_skills", "Welche persönlichen Fähigkeiten sind dort besonders gefragt?", [entity("place", "dort")], profession="mt_informatik", place="Bremen"))
    assert "Kommunikationsvermögen" in there[0]["text"] and "expertum" not in there[0]["text"], "dort names no place of its own"


def test_a_question_where_the_answers_come_from_gets_the_titles_of_the_articles() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_salary", "Aus welchen Quellen stammen Ihre Angaben?", profession="medizin_ingenieur", last_topic="salary"))
    assert "„Medizin Ingenieur Jobs und Stellenangebote in Duisburg“" in messages[0]["text"]
    assert "„Medizinisch-Technische Informatik Jobs und Stellenangebote“" in messages[0]["text"] and "€" not in messages[0]["text"]


def test_a_question_where_what_was_said_comes_from_quotes_the_articles_sentences() -> None:
    kb = knowledge_base()
    figures, _ = run(ActionAnswerTopic(), tracker(
        "ask_duties", "Stimmt das so? Woher stammen diese Zahlen?", confidence=0.6, profession="medizin_ingenieur", last_topic="salary"))
    entry = next(r for r in kb.salary_rows("medizin_ingenieur") if r.level == "einstieg")
    assert f"„{entry.source.sentences[0]}“" in figures[0]["text"] and "„Medizin Ingenieur Jobs und Stellenangebote in Duisburg“" in figures[0]["text"]
    said, _ = run(ActionAnswerTopic(), tracker(
        "ask_application", "Stimmt das wirklich, dass zu viel Spezialisierung eher abschreckt? Woher stammt das?", profession="mt_informatik"))
    assert "Viele Personalabteilungen schrecken vor zu viel Spezialisierung zurück" in said[0]["text"], said[0]["text"]


def test_asking_whether_the_figures_just_given_are_gross_stays_with_them_however_long_the_question() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_duties", "Steht bei dem zweiten dabei, ob das brutto ist?", confidence=0.51, last_topic="salary_comparison",
        professions=["medizin_ingenieur", "mt_informatik"], named_professions=["medizin_ingenieur", "mt_informatik"]))
    assert "42.000" in messages[0]["text"] and "brutto" in messages[0]["text"] and "3.200" not in messages[0]["text"], messages[0]["text"]


def test_whether_a_job_pays_off_against_the_visitors_own_pay_is_a_salary_question() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_challenges", "hi, bin elektroniker in duisburg und verdien 3000 brutto. lohnt sich medizin ingenieur?",
        [entity("profession", "medizin_ingenieur"), entity("place", "Duisburg")]))
    assert "3.200" in messages[0]["text"], messages[0]["text"]


def test_a_follow_up_naming_a_level_and_another_topic_after_a_salary_answer_asks_that_topic() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "Und findet sie nach dem Studium dort überhaupt was?", [entity("level", "einstieg")],
        profession="medizin_ingenieur", place="Duisburg", last_topic="salary"))
    assert "händeringend" in messages[0]["text"] and "€" not in messages[0]["text"], messages[0]["text"]


def test_a_listing_named_only_after_the_question_is_not_what_its_pay_question_asks() -> None:
    text = ("Ich studiere Informatik in Bremen. Ist das ein eigenes Berufsfeld und was würde man da nach dem Abschluss verdienen? "
            "Die Anzeige von expertum hab ich übrigens auch gesehen.")
    messages, _ = run(ActionAnswerTopic(), tracker("ask_job_listing", text, [entity("profession", "mt_informatik"), entity("level", "einstieg")]))
    assert "42.000" in messages[0]["text"] and "diese Stelle" not in messages[0]["text"], messages[0]["text"]


def test_what_the_articles_say_instead_is_the_last_topic_as_they_have_it() -> None:
    messages, _ = run(ActionClarify(), tracker(
        "nlu_fallback", "und was steht stattdessen drin?", confidence=0.4, profession="mt_informatik", last_topic="salary"))
    assert "42.000" in messages[0]["text"], messages[0]["text"]


def test_two_questions_of_which_one_asks_what_the_articles_lack_get_both_answers() -> None:
    text = "Ich suche eine Stelle als Medizin-Ingenieur. Wie ist der Arbeitsmarkt in Duisburg? Und wird mein polnischer Abschluss anerkannt?"
    messages, _ = run(ActionAnswerTopic(), tracker("ask_market", text, [entity("profession", "medizin_ingenieur")]))
    assert messages[0]["text"].startswith("Zu Visum oder Anerkennung") and "händeringend" in messages[0]["text"], messages[0]["text"]


def test_pay_at_an_employer_the_figures_are_stated_for_gets_them_though_the_word_names_a_theme_too() -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", "Was verdient man an Forschungsinstituten?", profession="mt_informatik"))
    assert "42.000" in messages[0]["text"] and "Forschungsinstitute" in messages[0]["text"], messages[0]["text"]


def test_an_employer_the_article_measures_against_its_range_gets_the_range_as_the_general_one() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Was verdient man in der MTI bei Konzernen?", [entity("profession", "mt_informatik")], profession="mt_informatik"))
    text = messages[0]["text"]
    assert text.startswith("Eigene Zahlen für Konzerne nennt der Artikel nicht") and "allgemein laut Artikel" in text and "42.000" in text, text


def test_a_short_follow_up_with_a_verb_before_man_asks_its_own_question_not_the_last_salary() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_duties", "Bei der Informatik – programmiert man da viel?", [entity("profession", "mt_informatik")], confidence=0.65,
        profession="mt_informatik", last_topic="salary"))
    assert "€" not in messages[0]["text"] and "Programmiersprache" in messages[0]["text"], messages[0]["text"]


def test_a_question_listing_two_topics_gets_both() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_duties", "Stell mir Medizin-Ingenieur und Medizinisch-Technische Informatik gegenüber: Aufgaben und Gehalt.",
        [entity("profession", "medizin_ingenieur"), entity("profession", "mt_informatik")], confidence=0.71))
    text = messages[0]["text"]
    assert "Geräteprüfung" in text and "Systempflege" in text and "3.200" in text and "42.000" in text, text


def test_which_profession_a_cue_belongs_to_is_answered_by_the_fact_that_says_it() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "Bei welchem der beiden Berufe kommt PACS vor?", confidence=0.94))
    text = messages[0]["text"]
    assert "PACS" in text and "€" not in text and "Geräteprüfung" not in text, text


def test_a_theme_of_the_topic_asked_wins_over_where_the_article_mentions_the_place() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_regions", "Ist eine Großstadt wie Bremen da eher ein Vorteil?", [entity("place", "bremen")], confidence=0.68, profession="mt_informatik"))
    assert "urbanen Regionen" in messages[0]["text"] and "expertum" not in messages[0]["text"], messages[0]["text"]


def test_a_pay_topic_carried_to_a_profession_whose_article_lacks_it_asks_that_professions_pay() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_departments", "und MI in duisburg zum vergleich", [entity("profession", "medizin_ingenieur")], confidence=0.8,
        profession="medizin_ingenieur", last_topic="departments"))
    assert "3.200" in messages[0]["text"], messages[0]["text"]


def test_where_the_figures_come_from_quotes_the_rows_the_last_answer_with_figures_stated() -> None:
    state = Tracker("tester", {"profession": "mt_informatik", "last_topic": "departments"}, {
        "text": "Woher stammen die Zahlen, die Sie genannt haben?", "intent": {"name": "ask_salary", "confidence": 0.9}, "entities": [],
        "intent_ranking": [{"name": "ask_salary", "confidence": 0.9}]}, [
        {"event": "bot", "text": "Zum Einstieg: Medizin-Ingenieur in Duisburg meist etwa 3.200 € bis 4.200 €; Medizinisch-Technische "
                                 "Informatik etwa 42.000 € bis 55.000 € brutto im Jahr."},
        {"event": "bot", "text": "Eigene Gehaltszahlen je Abteilung nennt der Artikel nicht."}], False, None, {}, "action_listen")
    messages, _ = run(ActionAnswerTopic(), state)
    text = messages[0]["text"]
    assert "„Medizin Ingenieur Jobs und Stellenangebote in Duisburg“ heißt es" in text and "42.000 €" in text, text


def test_a_further_question_naming_its_topic_gets_that_topic_not_where_the_place_is_mentioned() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_job_listing", "In der Anzeige von expertum in Bremen steht Technik Manager – was macht man in dem Feld im Alltag so?",
        [entity("place", "Bremen")], parse={"questions": ["ask_job_listing", "ask_duties"]}))
    text = messages[0]["text"]
    assert "Systempflege" in text and text.count("Technik Manager (m/w/d)") == 1, text


def test_a_sentence_that_opens_like_a_question_is_answered_beside_the_one_with_a_question_mark() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_remote", "Kann man das weitgehend remote machen? Und wie steht es um Aufstiegschancen, ich will nicht ewig Tickets abarbeiten.",
        profession="mt_informatik"))
    assert "verhandelbare Ausnahme" in messages[0]["text"] and "Projektleitung" in messages[0]["text"], messages[0]["text"]


def test_more_against_an_amount_the_background_names_asks_for_the_figures() -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(
        "ask_challenges", "Die Firma zahlt nicht gerade üppig, aktuell 3.900 brutto. Kann ich mit meiner Erfahrung mehr erwarten?",
        [entity("profession", "medizin_ingenieur")], confidence=0.6, profession="medizin_ingenieur"))
    assert "4.800" in messages[0]["text"], messages[0]["text"]


@pytest.mark.parametrize("intent,text,gap", [
    ("ask_regions", "in der großstadt mehr?", "Zahlen für einzelne Regionen nennt der Artikel nicht"),
    ("ask_skills", "ok, und vollzeit im jahr?", "Zu Teilzeit oder Vollzeit sagen die Artikel nichts"),
])
def test_more_or_a_period_right_after_a_salary_answer_asks_its_pay_after_what_the_articles_lack(intent: str, text: str, gap: str) -> None:
    messages, _ = run(ActionAnswerTopic(), tracker(intent, text, confidence=0.6, profession="mt_informatik", last_topic="salary"))
    assert messages[0]["text"].startswith(gap) and "42.000" in messages[0]["text"], messages[0]["text"]


def test_two_employers_without_figures_compared_get_both_notes_and_no_figure() -> None:
    messages, _ = run(ActionLookupSalary(), tracker(
        "ask_salary", "Verdient ein MTI-Einsteiger weniger, wenn er bei einem öffentlichen Träger anfängt statt bei einem Konzern?",
        [entity("profession", "mt_informatik")]))
    text = messages[0]["text"]
    assert "öffentliche Träger oder Konzerne" in text and "beachtlich" in text and "€" not in text, text



def test_pay_there_after_a_theme_named_before_gets_what_the_articles_lack_on_it_then_the_figures() -> None:
    state = Tracker("tester", {"profession": "medizin_ingenieur", "last_topic": "regions"}, {
        "text": "verdient man dort mehr?", "intent": {"name": "compare_salaries", "confidence": 0.97}, "entities": [],
        "intent_ranking": [{"name": "compare_salaries", "confidence": 0.97}]}, [
        {"event": "user", "text": "und dort im technologiepark?"}, {"event": "bot", "text": "Duisburg, einst Stahlschmiede, …"},
        {"event": "user", "text": "verdient man dort mehr?"}], False, None, {}, "action_listen")
    messages, _ = run(ActionCompareSalaries(), state)
    text = messages[0]["text"]
    assert text.startswith("Was einzelne Arbeitgeber zahlen, sagt der Artikel nicht") and "3.200" in text, text


def test_an_employer_named_after_the_departments_pay_asks_what_that_employer_pays() -> None:
    messages, _ = run(ActionAnswerFollowUp(), tracker(
        "inform", "und im hausarztverbund?", [entity("employer_type", "hausarztverbund")], profession="mt_informatik", last_topic="departments"))
    text = messages[0]["text"]
    assert text.startswith("Eigene Zahlen für Hausarztverbünde nennt der Artikel nicht") and "selten darüber" in text, text


def test_what_gets_one_higher_in_the_range_gets_what_the_article_says_moves_it() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker(
        "compare_salaries", "Und was könnte ich tun, damit es mehr wird?", confidence=0.7, profession="mt_informatik", last_topic="salary"))
    assert "Großstadt und Provinz" in messages[0]["text"], messages[0]["text"]
