"""Custom actions of the assistant: each reads the slots, asks `answers` for a reply and sends it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from actions.answers import Reply
from actions.contact import load_contact
from actions.knowledge import KnowledgeBase, find_mention, knowledge_base, resolve_term, vocabularies

SALARY = "salary"
COMPARISON = "salary_comparison"

# After these answers the bot asks once per session whether they helped; trainer/review.py reads the replies.
FEEDBACK_TOPICS = (SALARY, "duties")
FEEDBACK_QUESTION = "War das hilfreich?"
FEEDBACK_BUTTONS = [
    {"title": "👍", "payload": "/feedback_helpful"},
    {"title": "👎", "payload": "/feedback_unhelpful"},
]


ENTITIES = ("profession", "level", "period", "employer_type", "place")


@dataclass
class Request:
    """What the user asked about, normalised to knowledge-base keys (None where unknown)."""

    profession: Optional[str]
    profession_as_typed: Optional[str]
    level: Optional[str]
    period: Optional[str]
    place: Optional[str]
    employer_type: Optional[str]

    def slot_values(self) -> Dict[str, Optional[str]]:
        """The slots as they should be after this turn: known keys, and no unknown profession kept."""
        return {
            "profession": self.profession,
            "level": self.level,
            "period": self.period,
            "employer_type": self.employer_type,
            "place": self.place,
        }


def _text_slot(tracker: Tracker, name: str) -> Optional[str]:
    value = tracker.get_slot(name)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value if isinstance(value, str) and value.strip() else None


def echo_safe(value: Optional[str]) -> Optional[str]:
    """A user's word fit to repeat in a reply: letters, digits, spaces and hyphens, at most 40 characters."""
    cleaned = re.sub(r"[^\w\s.-]|_", "", value or "")
    cleaned = " ".join(cleaned.split())[:40].strip(" .-")
    return cleaned or None


def read_request(tracker: Tracker, kb: KnowledgeBase) -> Request:
    """Reads the slots; where the NLU model found no usable value in the latest text, a known spelling in it."""
    vocab = vocabularies(kb)
    text = tracker.latest_message.get("text") or ""
    extracted = {e.get("entity") for e in tracker.latest_message.get("entities", [])}
    typed: Dict[str, Optional[str]] = {}
    for entity in ENTITIES:
        slot = _text_slot(tracker, entity)
        usable = entity == "place" or resolve_term(slot, vocab[entity]) is not None
        if entity in extracted and usable:
            typed[entity] = slot
        else:
            typed[entity] = find_mention(text, vocab[entity]) or slot
    place = echo_safe(typed["place"])
    return Request(
        profession=resolve_term(typed["profession"], vocab["profession"]),
        profession_as_typed=echo_safe(typed["profession"]),
        level=resolve_term(typed["level"], vocab["level"]),
        period=resolve_term(typed["period"], vocab["period"]),
        place=place.title() if place and place.islower() else place,
        employer_type=resolve_term(typed["employer_type"], vocab["employer_type"]),
    )


def slot_updates(tracker: Tracker, request: Request) -> List[EventType]:
    """SlotSet events for every slot whose normalised value differs from what the tracker holds."""
    return [
        SlotSet(name, value)
        for name, value in request.slot_values().items()
        if tracker.get_slot(name) != value
    ]


def answer(kb: KnowledgeBase, topic: str, request: Request) -> Reply:
    """The reply for a topic; asks for the profession where the topic needs one and none is known."""
    if topic == COMPARISON:
        return answers.comparison_answer(kb, request.level or "einstieg")
    if request.profession is None and request.profession_as_typed:
        return answers.unknown_profession(kb, request.profession_as_typed)
    profession = request.profession
    if profession is None and topic != SALARY:
        covering = [p.key for p in kb.professions if kb.fact(p.key, topic)]
        if len(covering) == 1:
            profession = covering[0]
        elif not covering:
            return Reply("Dazu sagen die Artikel nichts.", buttons=answers.topic_buttons(kb))
    if profession is None:
        return answers.ask_for_profession(kb)
    if topic == SALARY:
        return answers.salary_answer(
            kb, profession, request.level, request.period, request.place, request.employer_type
        )
    reply = answers.topic_answer(kb, topic, profession)
    if request.profession is None:
        reply.text = f"{kb.profession(profession).name}: {reply.text}"
    return reply


def chart_url(kb: KnowledgeBase, topic: str, request: Request) -> Optional[str]:
    """The salary chart of web/server.py for an answer that states known professions' figures, else None."""
    base = os.environ.get("CHART_BASE_URL", "http://localhost:8080").rstrip("/")
    if topic == COMPARISON:
        level = request.level or "einstieg"
        stated = [p for p in kb.professions if any(r.level == level for r in kb.salary_rows(p.key))]
        return f"{base}/charts/comparison.png?level={level}" if len(stated) > 1 else None
    if topic == SALARY and request.profession and kb.salary_rows(request.profession):
        return f"{base}/charts/salary.png?profession={request.profession}"
    return None


def send(dispatcher: CollectingDispatcher, kb: KnowledgeBase, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.render(kb), buttons=reply.buttons or None, image=reply.image)


def respond(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str) -> List[EventType]:
    """Answers `topic` and remembers it, and the profession it was answered for, for follow-ups."""
    kb = knowledge_base()
    request = read_request(tracker, kb)
    reply = answer(kb, topic, request)
    reply.image = chart_url(kb, topic, request)
    send(dispatcher, kb, reply)
    if topic in FEEDBACK_TOPICS and reply.sources and not feedback_asked_in_session(tracker):
        dispatcher.utter_message(text=FEEDBACK_QUESTION, buttons=FEEDBACK_BUTTONS)
    return [SlotSet("last_topic", topic), *slot_updates(tracker, request)]


def feedback_asked_in_session(tracker: Tracker) -> bool:
    """Whether the bot asked for feedback since the conversation session (or a restart) began."""
    asked = False
    for event in tracker.events:
        if event.get("event") in ("session_started", "restart"):
            asked = False
        elif event.get("event") == "bot" and event.get("text") == FEEDBACK_QUESTION:
            asked = True
    return asked


def _latest_entity_types(tracker: Tracker) -> List[str]:
    return [e.get("entity") for e in tracker.latest_message.get("entities", [])]


class ActionLookupSalary(Action):
    """Answers salary questions from salary_table.yml."""

    def name(self) -> Text:
        return "action_lookup_salary"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return respond(dispatcher, tracker, SALARY)


class ActionCompareSalaries(Action):
    """Puts the salaries of the known professions side by side."""

    def name(self) -> Text:
        return "action_compare_salaries"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        return respond(dispatcher, tracker, COMPARISON)


class ActionAnswerTopic(Action):
    """Answers a question on duties, employers, market and the other fact topics from facts.yml."""

    def name(self) -> Text:
        return "action_answer_topic"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        topic = kb.topic_for_intent(tracker.get_intent_of_latest_message())
        if topic is None:
            send(dispatcher, kb, answers.capabilities_answer(kb))
            return []
        return respond(dispatcher, tracker, topic.key)


class ActionAnswerFollowUp(Action):
    """Answers a follow-up that only names a profession, place, level or period ("Und mit Erfahrung?")."""

    def name(self) -> Text:
        return "action_answer_follow_up"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        topic = tracker.get_slot("last_topic")
        mentioned = _latest_entity_types(tracker)
        if ("level" in mentioned or "period" in mentioned) and topic != COMPARISON:
            topic = SALARY
        if topic is None or (topic not in (SALARY, COMPARISON) and kb.topic(topic) is None):
            request = read_request(tracker, kb)
            if request.profession:
                job = kb.profession(request.profession)
                send(dispatcher, kb, Reply(
                    f"Was möchten Sie über {job.name} wissen?",
                    buttons=answers.topic_buttons(kb, request.profession, limit=6),
                ))
                return slot_updates(tracker, request)
            send(dispatcher, kb, answers.capabilities_answer(kb))
            return []
        return respond(dispatcher, tracker, topic)


# The web widget's channel: it greets with example questions instead of the topic overview.
WEB_CHANNEL = "socketio"

# How the overview of topics opens, by the intent that asked for it.
SCOPE_OPENERS = {
    "greet": "Guten Tag!",
    "out_of_scope": "Dabei kann ich leider nicht helfen.",
}


class ActionExplainScope(Action):
    """Says what the assistant can do: as a greeting, on request, and after an out-of-scope question."""

    def name(self) -> Text:
        return "action_explain_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        if tracker.get_intent_of_latest_message() == "greet" and tracker.get_latest_input_channel() == WEB_CHANNEL:
            send(dispatcher, kb, answers.web_greeting(kb))
            return []
        reply = answers.capabilities_answer(kb)
        opener = SCOPE_OPENERS.get(tracker.get_intent_of_latest_message() or "")
        if opener:
            reply.text = f"{opener} {reply.text}"
        send(dispatcher, kb, reply)
        return []


class ActionAskAffirmation(Action):
    """First stage of the two-stage fallback: offers the likeliest topics as buttons, in German."""

    def name(self) -> Text:
        return "action_default_ask_affirmation"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        ranking = tracker.latest_message.get("intent_ranking", [])
        guesses = [kb.topic_for_intent(i.get("name")) for i in ranking if i.get("name") != "nlu_fallback"]
        # The confirmed message replaces the unclear one, so its entities travel in the payload.
        entities = {e["entity"]: e["value"] for e in tracker.latest_message.get("entities", []) if isinstance(e.get("value"), str)}
        buttons = [{"title": t.label, "payload": answers.payload(t.intent, **entities)} for t in guesses if t][:2]
        buttons.append({"title": "Nein, etwas anderes", "payload": "/out_of_scope"})
        dispatcher.utter_message(text="Ich bin nicht sicher, ob ich Sie verstanden habe. Meinten Sie eines davon?", buttons=buttons)
        return []


class ActionAskRephrase(Action):
    """Second stage of the two-stage fallback, after the user said none of the guesses fits."""

    def name(self) -> Text:
        return "action_default_ask_rephrase"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(
            text="Können Sie es anders formulieren? Zum Beispiel: „Was verdient ein Medizin-Ingenieur in Duisburg?“"
        )
        return []


class ActionGiveUp(Action):
    """Ends the fallback when rephrasing did not help: says so and offers the topics as buttons."""

    def name(self) -> Text:
        return "action_default_fallback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        dispatcher.utter_message(
            text="Das habe ich leider nicht verstanden. Wählen Sie ein Thema oder fragen Sie anders:",
            buttons=answers.topic_buttons(kb),
        )
        # As Rasa's own fallback does: forget the message, or the policies predict this action again and again.
        return [UserUtteranceReverted()]


class ActionHumanContact(Action):
    """Names the human contact for career advice configured in contact.yml."""

    def name(self) -> Text:
        return "action_human_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=load_contact().reply())
        return []


class ActionAcknowledgeFeedback(Action):
    """Thanks for a 👍 or 👎; after a 👎 it also names the human contact."""

    def name(self) -> Text:
        return "action_acknowledge_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        text = "Danke für Ihre Rückmeldung!"
        if tracker.get_intent_of_latest_message() == "feedback_unhelpful":
            text = f"Danke für Ihre Rückmeldung, damit verbessern wir den Assistenten. {load_contact().reply()}"
        dispatcher.utter_message(text=text)
        return []


class ActionRestart(Action):
    """Starts the conversation afresh (/restart) and says so, so that the user is never left without a reply."""

    def name(self) -> Text:
        return "action_restart"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text="Alles zurückgesetzt. Womit kann ich Ihnen helfen?")
        return [Restarted()]
