"""Custom actions of the assistant: each reads the slots, asks `answers` for a reply and sends it."""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional, Sequence, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from actions.answers import Reply
from actions.contact import load_contact
from actions.context import Reading, read_turn
from actions.knowledge import KnowledgeBase, knowledge_base

SALARY = "salary"
COMPARISON = "salary_comparison"

# After answers on topics marked `ask_feedback` the bot asks once per session whether they helped;
# trainer/review.py reads the replies.
FEEDBACK_QUESTION = "War das hilfreich?"
FEEDBACK_BUTTONS = [
    {"title": "👍", "payload": "/feedback_helpful"},
    {"title": "👎", "payload": "/feedback_unhelpful"},
]


SLOTS = ("profession", "professions", "named_professions", "level", "period", "employer_type", "place")
GERMAN = "de"


def read_request(tracker: Tracker, kb: KnowledgeBase) -> Reading:
    """What the latest message asks about, with what the conversation left open filled from the slots."""
    slots = {name: tracker.get_slot(name) for name in SLOTS}
    return read_turn(tracker.latest_message.get("text") or "", tracker.latest_message.get("entities") or [], slots, kb)


def slot_updates(tracker: Tracker, reading: Reading) -> List[EventType]:
    """SlotSet events for every slot whose normalised value differs from what the tracker holds."""
    return [SlotSet(name, value) for name, value in reading.slot_values().items() if tracker.get_slot(name) != value]


def asked_for_profession_last(tracker: Tracker) -> bool:
    """Whether the bot's last message before this one was the question which profession is meant."""
    bot_texts = [e.get("text") for e in tracker.events if e.get("event") == "bot"]
    return bool(bot_texts) and bot_texts[-1] == answers.ASK_PROFESSION


def written_in(tracker: Tracker) -> str:
    """The language the NLU pipeline identified for the latest message (channels/nlu LanguageGate); German if none."""
    return tracker.latest_message.get("language") or GERMAN


def asked_topic(topic: str, reading: Reading) -> str:
    """The topic really asked: a pay concept makes any question a salary question, and a comparison
    that names one profession, or employers rather than professions, is about that profession's salary."""
    if (reading.pay_gap or reading.asks_pay) and topic != COMPARISON:
        return SALARY
    single = len(reading.professions) == 1
    another_remembered = bool(set(reading.remembered) - set(reading.professions))
    if single and reading.named_here and another_remembered and reading.compares and topic in (SALARY, COMPARISON):
        return COMPARISON
    if topic == COMPARISON and single and (
        reading.named_here or reading.employer_named_here or reading.pay_gap or reading.level_gap or reading.asks_factors
    ):
        return SALARY
    return topic


def compared(kb: KnowledgeBase, reading: Reading) -> List[str]:
    """The professions a comparison puts side by side: those named, with the one discussed before, or all."""
    if len(reading.professions) > 1:
        return list(reading.professions)
    if reading.named_here and set(reading.remembered) - set(reading.professions):
        return [p.key for p in kb.professions if p.key in set(reading.remembered) | set(reading.professions)]
    return [p.key for p in kb.professions]


def _salary(kb: KnowledgeBase, reading: Reading, professions: Sequence[str], gap: Optional[str]) -> Reply:
    if len(professions) > 1:
        reply = answers.comparison_answer(kb, [(key, reading.level_of(key)) for key in professions], reading.level)
        return answers.with_note(reply, f"{gap}.") if gap else reply
    return answers.salary_answer(
        kb, professions[0], reading.level, reading.period, reading.place, reading.employer_type,
        gap=gap, asks_gross=reading.asks_gross, asks_period=reading.asks_period, asks_factors=reading.asks_factors,
    )


def answer(kb: KnowledgeBase, topic: str, reading: Reading, asked_before: bool, previous_topic: Optional[str] = None) -> Reply:
    """The reply for a topic: honest where the articles say nothing, and the profession question at most once in a row."""
    if reading.topic_gap:
        return answers.gap_answer(kb, reading.topic_gap)
    if reading.unknown_profession:
        return answers.unknown_profession(kb, reading.unknown_profession)
    gap = reading.pay_gap or reading.level_gap
    if reading.refers_back and previous_topic and kb.topic(previous_topic):
        gap = gap or kb.topic(previous_topic).salary_gap
    if topic == COMPARISON:
        return _salary(kb, reading, compared(kb, reading), gap)
    professions = list(reading.professions)
    if not professions:
        covering = [p.key for p in kb.professions if (kb.salary_rows(p.key) if topic == SALARY else kb.fact(p.key, topic))]
        if not covering:
            return Reply("Dazu sagen die Artikel nichts.", buttons=answers.topic_buttons(kb))
        if len(covering) > 1 and not asked_before:
            return answers.ask_for_profession(kb)
        professions = covering
    if topic == SALARY:
        return _salary(kb, reading, professions, gap)
    reply = answers.topic_answers(kb, topic, professions)
    if not reading.professions and len(professions) == 1:
        reply.text = f"{kb.profession(professions[0]).name}: {reply.text}"
    return reply


def chart_url(kb: KnowledgeBase, topic: str, reading: Reading, reply: Reply) -> Optional[str]:
    """The salary chart of web/server.py for an answer that states known professions' figures, else None."""
    base = os.environ.get("CHART_BASE_URL", "http://localhost:8080").rstrip("/")
    if not reply.sources or reading.unknown_profession or reading.topic_gap:
        return None
    if topic == COMPARISON or (topic == SALARY and len(reading.professions) > 1):
        level = reading.level or kb.common_level()
        stated = [p for p in kb.professions if any(r.level == level for r in kb.salary_rows(p.key))]
        return f"{base}/charts/comparison.png?level={level}" if len(stated) > 1 else None
    if topic == SALARY and len(reading.professions) == 1 and kb.salary_rows(reading.professions[0]):
        return f"{base}/charts/salary.png?profession={reading.professions[0]}"
    return None


def send(dispatcher: CollectingDispatcher, kb: KnowledgeBase, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.render(kb), buttons=reply.buttons or None, image=reply.image)


def respond(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str) -> List[EventType]:
    """Answers `topic` and remembers it, and what it was answered for, for follow-ups."""
    kb = knowledge_base()
    reading = read_request(tracker, kb)
    topic = asked_topic(topic, reading)
    reply = answer(kb, topic, reading, asked_for_profession_last(tracker), tracker.get_slot("last_topic"))
    reply.image = chart_url(kb, topic, reading, reply)
    if written_in(tracker) != GERMAN:
        reply = answers.with_note(reply, answers.language_note(understood=True))
    send(dispatcher, kb, reply)
    asks_feedback = bool(kb.topic(topic) and kb.topic(topic).ask_feedback)
    if asks_feedback and reply.sources and not feedback_asked_in_session(tracker):
        dispatcher.utter_message(text=FEEDBACK_QUESTION, buttons=FEEDBACK_BUTTONS)
    if topic == COMPARISON and not reading.unknown_profession:
        reading.professions = tuple(compared(kb, reading))
    return [SlotSet("last_topic", topic), *slot_updates(tracker, reading)]


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
        reading = read_request(tracker, kb)
        mentioned = _latest_entity_types(tracker)
        asks_salary = "level" in mentioned or "period" in mentioned or reading.pay_gap or reading.level_gap
        if asks_salary and topic != COMPARISON:
            topic = SALARY
        # "Und bei der MTI?" after a comparison asks for that one profession.
        if topic == COMPARISON and reading.named_here and len(reading.professions) == 1:
            topic = SALARY
        if topic is None or (topic not in (SALARY, COMPARISON) and kb.topic(topic) is None):
            if len(reading.professions) == 1:
                job = kb.profession(reading.professions[0])
                send(dispatcher, kb, Reply(
                    f"Was möchten Sie über {job.name} wissen?",
                    buttons=answers.topic_buttons(kb, job.key, limit=6),
                ))
                return slot_updates(tracker, reading)
            if reading.unknown_profession:
                send(dispatcher, kb, answers.unknown_profession(kb, reading.unknown_profession))
                return slot_updates(tracker, reading)
            send(dispatcher, kb, answers.capabilities_answer(kb))
            return slot_updates(tracker, reading)
        return respond(dispatcher, tracker, topic)


# The web widget's channel: it greets with example questions instead of the topic overview.
WEB_CHANNEL = "socketio"

# How the overview of topics opens, by the intent that asked for it.
SCOPE_OPENERS = {
    "greet": "Guten Tag!",
    "out_of_scope": "Dazu sagen die Artikel nichts.",
}


class ActionExplainScope(Action):
    """Says what the assistant can do: as a greeting, on request, and after an out-of-scope question."""

    def name(self) -> Text:
        return "action_explain_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        intent = tracker.get_intent_of_latest_message() or ""
        if written_in(tracker) != GERMAN and intent != "greet":
            send(dispatcher, kb, answers.language_answer(kb))
            return []
        if intent == "greet" and tracker.get_latest_input_channel() == WEB_CHANNEL:
            send(dispatcher, kb, answers.web_greeting(kb))
            return []
        reply = answers.capabilities_answer(kb)
        opener = SCOPE_OPENERS.get(intent)
        if opener:
            reply.text = f"{opener} {reply.text}"
        if written_in(tracker) != GERMAN:
            reply = answers.with_note(reply, answers.language_note(understood=True))
        send(dispatcher, kb, reply)
        return []


# An unclear message this short that names a profession ("Wie ist das beim anderen Beruf?") is a follow-up.
SHORT_FOLLOW_UP_WORDS = 6


class ActionClarify(Action):
    """Answers a message the NLU model was unsure of: honestly where it names something the articles lack, else with the likeliest topics.

    Whatever the message named (profession, place, level) is kept in the slots, so that the next
    message can build on it.
    """

    def name(self) -> Text:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        reading = read_request(tracker, kb)
        mentioned = _latest_entity_types(tracker)
        if reading.pay_gap or reading.level_gap or "level" in mentioned or "period" in mentioned:
            return respond(dispatcher, tracker, SALARY)
        last_topic = tracker.get_slot("last_topic")
        if reading.named_here and last_topic and len((tracker.latest_message.get("text") or "").split()) <= SHORT_FOLLOW_UP_WORDS:
            return respond(dispatcher, tracker, last_topic)
        if reading.topic_gap or reading.unknown_profession:
            reply = answer(kb, SALARY, reading, asked_before=False)
        else:
            ranking = tracker.latest_message.get("intent_ranking", [])
            guesses = [kb.topic_for_intent(i.get("name")) for i in ranking]
            entities = {"profession": reading.professions[0]} if len(reading.professions) == 1 else {}
            buttons = [{"title": t.label, "payload": answers.payload(t.intent, **entities)} for t in guesses if t][:3]
            buttons.append({"title": "Etwas anderes", "payload": "/ask_capabilities"})
            reply = Reply("Ich bin nicht sicher, ob ich Sie verstanden habe. Meinten Sie eines davon?", buttons=buttons)
        send(dispatcher, kb, reply)
        return slot_updates(tracker, reading)


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
