"""The 👍/👎 question after salary and duties answers, and the human contact from contact.yml."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional

import pytest
from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import (
    FEEDBACK_QUESTION,
    ActionAcknowledgeFeedback,
    ActionAnswerTopic,
    ActionHumanContact,
    ActionLookupSalary,
)
from actions.contact import load_contact
from tests.conftest import RasaServer

ROOT = Path(__file__).resolve().parent.parent
ASKED = {"event": "bot", "text": FEEDBACK_QUESTION}
SESSION_START = {"event": "session_started"}


def tracker(intent: str, text: str, events: List[Dict[str, Any]], **slots: Optional[str]) -> Tracker:
    ranking = [{"name": intent, "confidence": 0.9}]
    latest = {"text": text, "intent": ranking[0], "entities": [], "intent_ranking": ranking}
    return Tracker("tester", dict(slots), latest, events, False, None, {}, "action_listen")


def run(action: Action, state: Tracker) -> List[Dict[str, Any]]:
    dispatcher = CollectingDispatcher()
    asyncio.run(action.run(dispatcher, state, {}))
    return dispatcher.messages


def asks_for_feedback(messages: List[Dict[str, Any]]) -> bool:
    return any(m["text"] == FEEDBACK_QUESTION for m in messages)


def test_salary_and_duties_answers_ask_once_per_session() -> None:
    salary = tracker("ask_salary", "Was verdient ein MTI?", [SESSION_START], profession="mt_informatik")
    duties = tracker("ask_duties", "Was macht ein MTI?", [SESSION_START], profession="mt_informatik")
    [answer, question] = run(ActionLookupSalary(), salary)
    assert "42.000 €" in answer["text"] and question["text"] == FEEDBACK_QUESTION
    assert [b["title"] for b in question["buttons"]] == ["👍", "👎"]
    assert asks_for_feedback(run(ActionAnswerTopic(), duties))
    already = tracker("ask_salary", "Und im Monat?", [SESSION_START, ASKED], profession="mt_informatik")
    assert not asks_for_feedback(run(ActionLookupSalary(), already))
    new_session = tracker("ask_salary", "Gehalt MTI?", [ASKED, SESSION_START], profession="mt_informatik")
    assert asks_for_feedback(run(ActionLookupSalary(), new_session))


def test_no_question_after_other_topics_or_a_question_back() -> None:
    employers = tracker("ask_employers", "Wer stellt ein?", [], profession="mt_informatik")
    assert not asks_for_feedback(run(ActionAnswerTopic(), employers))
    no_profession = tracker("ask_salary", "Was verdient man so?", [])
    assert not asks_for_feedback(run(ActionLookupSalary(), no_profession))


def test_thumbs_down_gets_thanks_and_the_human_contact() -> None:
    contact = load_contact()
    [unhelpful] = run(ActionAcknowledgeFeedback(), tracker("feedback_unhelpful", "👎", []))
    assert "Danke" in unhelpful["text"] and contact.url in unhelpful["text"]
    [helpful] = run(ActionAcknowledgeFeedback(), tracker("feedback_helpful", "👍", []))
    assert "Gern geschehen, danke" in helpful["text"] and contact.url not in helpful["text"]


def test_the_default_contact_is_the_federal_employment_agencys_career_counselling() -> None:
    contact = load_contact()
    assert contact.url == "https://www.arbeitsagentur.de/bildung/berufsberatung"
    assert "Bundesagentur für Arbeit" in contact.name
    text = (ROOT / "contact.yml").read_text(encoding="utf-8")
    assert not re.search(r"\+?\d[\d /-]{5,}\d", text), "contact.yml must not name a phone number"
    [reply] = run(ActionHumanContact(), tracker("request_human", "Ich möchte mit einem Menschen sprechen", []))
    assert reply["text"] == contact.reply()


@pytest.mark.parametrize(
    "content, problem",
    [
        ("url: https://example.org\n", "'name' fehlt"),
        ("name: Beratung\n", "'url' oder 'address'"),
        ("name: Beratung\nurl: http://example.org\n", "https://"),
    ],
)
def test_a_broken_contact_file_says_what_is_missing(tmp_path: Path, content: str, problem: str) -> None:
    path = tmp_path / "contact.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(problem)):
        load_contact(path)


def test_a_postal_address_is_enough(tmp_path: Path) -> None:
    path = tmp_path / "contact.yml"
    path.write_text("name: Agentur für Arbeit Duisburg\naddress: Wintgensstraße 29-33, 47058 Duisburg\n", encoding="utf-8")
    assert load_contact(path).reply().endswith("Wintgensstraße 29-33, 47058 Duisburg")


def test_feedback_over_http(rasa_server: RasaServer) -> None:
    user = f"feedback-{uuid.uuid4().hex[:10]}"
    salary = rasa_server.say(user, "Was verdient ein Medizin-Ingenieur in Duisburg?")
    assert salary[-1]["text"] == FEEDBACK_QUESTION
    duties = rasa_server.say(user, "Und was macht der so?")
    assert "Geräteprüfung" in duties[0]["text"] and not asks_for_feedback(duties)
    reply = rasa_server.say_text(user, "👎")
    assert "Danke für Ihre Rückmeldung" in reply and load_contact().url in reply
    assert load_contact().reply() in rasa_server.say_text(user, "Ich möchte mit einem Menschen sprechen")
