"""Custom actions of the assistant: each reads the slots, asks `answers` for a reply and sends it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from actions.answers import Reply
from actions.knowledge import KnowledgeBase, find_mention, knowledge_base, resolve_term, vocabularies

SALARY = "salary"
COMPARISON = "salary_comparison"


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


def read_request(tracker: Tracker, kb: KnowledgeBase) -> Request:
    """Reads the slots, and where the NLU model missed an entity in the latest text, a known spelling of it."""
    vocab = vocabularies(kb)
    text = tracker.latest_message.get("text") or ""
    extracted = {e.get("entity") for e in tracker.latest_message.get("entities", [])}
    typed: Dict[str, Optional[str]] = {}
    for entity in ENTITIES:
        mentioned = None if entity in extracted else find_mention(text, vocab[entity])
        typed[entity] = mentioned or _text_slot(tracker, entity)
    place = typed["place"]
    return Request(
        profession=resolve_term(typed["profession"], vocab["profession"]),
        profession_as_typed=typed["profession"],
        level=resolve_term(typed["level"], vocab["level"]),
        period=resolve_term(typed["period"], vocab["period"]),
        place=place.strip()[:60].title() if place else None,
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


def send(dispatcher: CollectingDispatcher, kb: KnowledgeBase, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.render(kb), buttons=reply.buttons or None)


def respond(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str) -> List[EventType]:
    """Answers `topic` and remembers it, and the profession it was answered for, for follow-ups."""
    kb = knowledge_base()
    request = read_request(tracker, kb)
    send(dispatcher, kb, answer(kb, topic, request))
    return [SlotSet("last_topic", topic), *slot_updates(tracker, request)]


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
