"""LanguageGate: marks messages that are not in German, and keeps the German model from guessing at them.

py3langid (a maintained fork of langid.py that ships its model; nothing is downloaded) identifies
the language among the `languages` of its config. A message counts as foreign only when it has
`min_words` words or more, fewer than a quarter of its words are German function words that English
lacks (spaCy's stop word lists: "und", "wird", "dem"), and German scores below
`max_home_probability`: short German messages ("und pro monat?") and German full of loanwords
("Remote-Jobs im Consulting?") stay German. A foreign message keeps its intent
where the model recognised one of `understood_intents` and the message has one of that intent's words
there (the German model guesses on English words: "What is the best pizza in Duisburg?" must not
become a salary question); where it did not, the one intent whose words the message has most of is
taken ("Is there strong demand …?"); anything else becomes `not_understood_intent`.
The entities the extractor found are left out first: names of professions and places are German in
any language. The language is put into the parse data as `language`, which the actions read.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List, Optional, Text

from py3langid.langid import MODEL_FILE, LanguageIdentifier
from spacy.lang.de.stop_words import STOP_WORDS as GERMAN_STOP_WORDS
from spacy.lang.en.stop_words import STOP_WORDS as ENGLISH_STOP_WORDS
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

logger = logging.getLogger(__name__)

LANGUAGE = "language"
# German function words that are not English ones: where a quarter of the words are, the message is German.
GERMAN_ONLY = frozenset(GERMAN_STOP_WORDS - ENGLISH_STOP_WORDS)
GERMAN_SHARE = 0.25


def without_entities(text: str, entities: List[Dict[Text, Any]]) -> str:
    """The text without the spans the entity extractor found: "Medizinisch-Technische Informatik" or "Duisburg"
    are German names in any visitor's language ("Can I work fully remote in Medizinisch-Technische Informatik?")."""
    spans = sorted((e["start"], e["end"]) for e in entities if isinstance(e.get("start"), int) and isinstance(e.get("end"), int))
    kept, position = [], 0
    for start, end in spans:
        kept.append(text[position:max(start, position)])
        position = max(position, end)
    return " ".join(kept + [text[position:]])


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class LanguageGate(GraphComponent, IntentClassifier):
    """Identifies the message's language; a foreign message keeps only an intent the assistant can answer for it."""

    @classmethod
    def required_components(cls) -> List:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "home_language": "de",
            "languages": ["de", "en", "fr", "es", "it", "tr", "pl", "ru", "ar", "nl", "pt", "uk"],
            "min_words": 2,
            "max_home_probability": 0.15,
            # Intent -> the words (any language the gate lets through) a message must have for that intent to stand.
            "understood_intents": {},
            "min_understood_confidence": 0.3,
            "not_understood_intent": "out_of_scope",
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config
        self.identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
        self.identifier.set_languages(config["languages"])

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> LanguageGate:
        return cls(config)

    def language_of(self, text: str) -> str:
        """The language code of `text`; the home language unless the text is long enough and clearly another."""
        words = re.findall(r"\w+", text.casefold())
        german = sum(word in GERMAN_ONLY for word in words)
        if len(words) < self.config["min_words"] or (self.config["home_language"] == "de" and german >= GERMAN_SHARE * len(words)):
            return self.config["home_language"]
        ranking = dict(self.identifier.rank(text))
        best = max(ranking, key=ranking.get)
        if best != self.config["home_language"] and ranking.get(self.config["home_language"], 0.0) < self.config["max_home_probability"]:
            return best
        return self.config["home_language"]

    def _understood(self, message: Message) -> Optional[Dict[Text, Any]]:
        """The best intent other than the fallback, if it is one the assistant answers for foreign visitors and the
        message has one of its words; else the one intent whose words the message has most of ("and with a few
        years of experience?", which the German model cannot read)."""
        ranking = message.get(INTENT_RANKING_KEY) or [message.get(INTENT) or {}]
        best = next((i for i in ranking if i.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME), None)
        said = set(re.findall(r"\w+", (message.get(TEXT) or "").casefold()))
        hits = {intent: len(said & {w.casefold() for w in words}) for intent, words in self.config["understood_intents"].items()}
        if best and (best.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self.config["min_understood_confidence"] and hits.get(best.get(INTENT_NAME_KEY)):
            return best
        most = max(hits.values(), default=0)
        named = [intent for intent, count in hits.items() if count == most]
        return {INTENT_NAME_KEY: named[0], PREDICTED_CONFIDENCE_KEY: self.config["min_understood_confidence"]} if most and len(named) == 1 else None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            language = self.language_of(without_entities(message.get(TEXT) or "", message.get(ENTITIES) or []))
            message.set(LANGUAGE, language, add_to_output=True)
            if language == self.config["home_language"]:
                continue
            intent = self._understood(message) or {INTENT_NAME_KEY: self.config["not_understood_intent"], PREDICTED_CONFIDENCE_KEY: 1.0}
            message.set(INTENT, intent, add_to_output=True)
            # The actions read the intent from the top of the ranking (rasa_sdk's Tracker.get_intent_of_latest_message).
            others = [r for r in message.get(INTENT_RANKING_KEY) or [] if r.get(INTENT_NAME_KEY) != intent[INTENT_NAME_KEY]]
            message.set(INTENT_RANKING_KEY, [intent, *others], add_to_output=True)
        return messages
