"""The custom NLU components of config.yml, on their own: LanguageGate and SentenceFocus."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.language_gate import LanguageGate
from nlu_components.sentence_focus import SentenceFocus, parts_of

UNDERSTOOD = ["ask_salary", "ask_duties"]


def gate() -> LanguageGate:
    return LanguageGate({**LanguageGate.get_default_config(), "understood_intents": UNDERSTOOD})


def parsed(text: str, ranking: List[Dict[str, object]]) -> Message:
    message = Message(data={"text": text})
    message.set("intent", ranking[0], add_to_output=True)
    message.set("intent_ranking", ranking, add_to_output=True)
    return message


@pytest.mark.parametrize("text,language", [
    ("Was verdient ein Medizin-Ingenieur in Duisburg?", "de"),
    ("Gibt es Remote-Jobs im Consulting?", "de"),
    ("und pro monat?", "de"),
    ("job in duisburg?", "de"),
    ("merci", "de"),
    ("How much does a medical engineer earn in Duisburg?", "en"),
    ("Can I work from home in this job?", "en"),
    ("Bonjour, quel est le salaire d'un ingénieur?", "fr"),
    ("¿Cuánto gana un ingeniero médico?", "es"),
])
def test_language_is_german_unless_clearly_another(text: str, language: str) -> None:
    assert gate().language_of(text) == language


def test_a_foreign_question_keeps_an_understood_intent_and_loses_any_other() -> None:
    salary = parsed("How much does a medical engineer earn?", [{"name": "nlu_fallback", "confidence": 0.4}, {"name": "ask_salary", "confidence": 0.35}])
    weather = parsed("What will the weather be like tomorrow?", [{"name": "ask_regions", "confidence": 0.8}])
    german = parsed("Wie wird das Wetter morgen?", [{"name": "ask_regions", "confidence": 0.8}])
    gate().process([salary, weather, german])
    assert salary.get("intent")["name"] == "ask_salary" and salary.get("language") == "en"
    assert weather.get("intent") == {"name": "out_of_scope", "confidence": 1.0}
    assert german.get("intent")["name"] == "ask_regions" and german.get("language") == "de"
    assert "language" in salary.as_dict(only_output_properties=True), "the actions read it from the parse data"


def test_a_message_is_read_on_its_questions_and_their_clauses() -> None:
    assert parts_of("Ich habe Pflege gemacht. Hey, was verdient man als MTI?") == ["Hey, was verdient man als MTI?", "was verdient man als MTI?"]
    assert parts_of("Ich habe Pflege gemacht, ich will wechseln.") == [
        "Ich habe Pflege gemacht, ich will wechseln.", "Ich habe Pflege gemacht", "ich will wechseln.",
    ]


def focus(tmp_path: Path) -> SentenceFocus:
    """SentenceFocus trained on a few examples, in a real model storage."""
    examples = {
        "ask_salary": ["Was verdient man?", "Wie hoch ist das Gehalt?", "Wie viel Geld bekommt man?", "Was zahlt man?"],
        "ask_duties": ["Was macht man da?", "Welche Aufgaben hat man?", "Wie sieht der Alltag aus?", "Was tut man den ganzen Tag?"],
        "greet": ["Hallo", "Guten Tag", "Hey", "Moin"],
    }
    data = TrainingData([Message(data={"text": t, "intent": i}) for i, texts in examples.items() for t in texts])
    context = ExecutionContext(GraphSchema({}), "test")
    component = SentenceFocus.create(SentenceFocus.get_default_config(), LocalModelStorage(tmp_path), Resource("focus"), context)
    component.train(data)
    return SentenceFocus.load(SentenceFocus.get_default_config(), LocalModelStorage(tmp_path), Resource("focus"), context)


def test_an_unsure_long_message_takes_the_intent_of_its_clearest_part(tmp_path: Path) -> None:
    component = focus(tmp_path)
    unsure = parsed("Ich habe zehn Jahre in der Pflege gearbeitet. Wie hoch ist das Gehalt?", [
        {"name": "ask_duties", "confidence": 0.3}, {"name": "ask_salary", "confidence": 0.25}])
    sure = parsed("Ich habe Pflege gemacht. Wie hoch ist das Gehalt?", [{"name": "ask_duties", "confidence": 0.9}])
    short = parsed("Gehalt?", [{"name": "ask_duties", "confidence": 0.3}])
    component.process([unsure, sure, short])
    assert unsure.get("intent")["name"] == "ask_salary" and unsure.get("intent")["confidence"] >= 0.5
    assert unsure.get("intent_ranking")[0]["name"] == "ask_salary"
    assert sure.get("intent")["name"] == "ask_duties", "a message DIET is sure of is left alone"
    assert short.get("intent")["name"] == "ask_duties", "a single short part is left alone"
