"""LanguageGate: marks messages that are not in German, and keeps the German model from guessing at them.

py3langid (a maintained fork of langid.py that ships its model; nothing is downloaded) identifies
the language among the `languages` of its config. A message counts as foreign only when it has
`min_words` words or more, fewer than a quarter of its words are German function words that English
lacks (spaCy's stop word lists: "und", "wird", "dem"), and German scores below
`max_home_probability`: short German messages ("und pro monat?") and German full of loanwords
("Remote-Jobs im Consulting?") stay German. A message where at least two words, a quarter of all and
more than twice the German ones, are another language's function words, one of them longer than two
letters, is that language ("Is that gross?"; not Bavarian "Brauch i do a Studium?"); `tells_language`
says whether a message tells its language at all. The `name_entities` the extractor found are left out
first: names of professions and places are German in any language (levels and periods stay:
"Einstieg" and "jährlich" are German words).

A foreign message gets the model's intent where it is one of the `understood_intents` whose words
the message (or its question, where it has background) has most of, else the one intent that has
most ("further training … do?" asks for training, not duties). `german_words` are German names of
a topic that visitors keep in English ("my Bewerbung"): understood, but no sign of a foreign language. The German model guesses on English words, so its reading stands only with
the words ("What is the best pizza in Duisburg?" has none and becomes `not_understood_intent`).
The language is put into the parse data as `language`, which the actions read.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from typing import Any, Dict, FrozenSet, List, Optional, Text

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

from nlu_components.intents import put_first
from nlu_components.questions import QUESTION_INTENT, sentences_of

logger = logging.getLogger(__name__)

LANGUAGE = "language"
# Whether the message itself tells its language (parse data): where it does not, the actions keep the conversation's.
LANGUAGE_TOLD = "language_told"
# German function words that are not English ones: where a quarter of the words are, the message is German.
GERMAN_ONLY = frozenset(GERMAN_STOP_WORDS - ENGLISH_STOP_WORDS)
GERMAN_SHARE = 0.25


@functools.lru_cache(maxsize=None)
def foreign_function_words(language: str) -> FrozenSet[str]:
    """spaCy's stop words of `language` that are not German ones ("the", "what"; "le", "est"); none for a language spaCy lacks."""
    try:
        words = importlib.import_module(f"spacy.lang.{language}.stop_words").STOP_WORDS
    except ImportError:
        return frozenset()
    return frozenset(word.casefold() for word in words) - frozenset(GERMAN_STOP_WORDS)


def without_names(text: str, entities: List[Dict[Text, Any]], names: List[Text]) -> str:
    """The text without the entities of the types in `names`: "Medizinisch-Technische Informatik" or "Duisburg"
    are German names in any visitor's language ("Can I work fully remote in Medizinisch-Technische Informatik?")."""
    spans = sorted(
        (e["start"], e["end"]) for e in entities
        if e.get("entity") in names and isinstance(e.get("start"), int) and isinstance(e.get("end"), int)
    )
    kept, position = [], 0
    for start, end in spans:
        kept.append(text[position:max(start, position)])
        position = max(position, end)
    return " ".join(kept + [text[position:]])


def word_hits(tokens: List[str], words: List[Text]) -> int:
    """How many of the message's `tokens` are said by `words`: a phrase ("from home") counts once for each of its words, and a
    word inside a phrase that was already counted counts no more ("better paid" is two words, not three with "better")."""
    covered = set()
    for word in {w.casefold() for w in words}:
        parts = word.split()
        for start in range(len(tokens) - len(parts) + 1):
            if tokens[start:start + len(parts)] == parts:
                covered.update(range(start, start + len(parts)))
    return len(covered)


def _most(hits: Dict[str, int]) -> List[str]:
    """The intents with most hits, none where no intent has any."""
    most = max(hits.values(), default=0)
    return [intent for intent, count in hits.items() if count == most] if most else []


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
            # Entity types that are names, the same in every language; left out before the language is identified.
            "name_entities": [],
            "max_home_probability": 0.15,
            # The share of a message's words that another language's function words must make for it to be that language.
            "min_function_share": 0.25,
            # Intent -> the words (any language the gate lets through) a message must have for that intent to stand.
            "understood_intents": {},
            "min_understood_confidence": 0.3,
            "not_understood_intent": "out_of_scope",
            # Intent -> German words visitors keep in another language ("my Bewerbung", "brutto or netto?"): understood
            # there like the intent's own words, but no sign of another language.
            "german_words": {},
            # Intents of a bare follow-up, understood in these languages where the message names a profession or place
            # ("And in medical IT?"): its words are names, not words of the intent.
            "name_follow_up_intents": ["inform"],
            "name_follow_up_languages": ["en"],
            # Phrases of a sentence that asks about the language ("do you speak english?"), not about a topic.
            "language_questions": [],
            # Intents whose tie is no doubt about the topic: the first of the group is read.
            "tie_groups": [],
            # Language -> words that tell it alone in a message too short to identify ("Hello!").
            "single_words": {},
            # Word pairs only the home language writes, though each word is another language's ("was is PACS").
            "home_phrases": [],
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config
        self.identifier = LanguageIdentifier.from_pickled_model(MODEL_FILE, norm_probs=True)
        self.identifier.set_languages(config["languages"])
        self._understood_words = frozenset(
            part for words in config["understood_intents"].values() for word in words for part in word.casefold().split()
        )

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> LanguageGate:
        return cls(config)

    def language_of(self, text: str) -> str:
        """The language code of `text`; the home language unless the text is long enough and clearly another."""
        words = re.findall(r"\w+", text.casefold())
        german = self._german_words(words)
        if word_hits(words, self.config["home_phrases"]):
            return self.config["home_language"]
        if len(words) < self.config["min_words"]:
            return next((language for language, said in self.config["single_words"].items() if set(words) & set(said)), self.config["home_language"])
        if self.config["home_language"] == "de" and german >= GERMAN_SHARE * len(words):
            return self.config["home_language"]
        ranking = dict(self.identifier.rank(text))
        best = max(ranking, key=ranking.get)
        # "Kostet sowas was?" or "hey was ist so stressig am job": langid's guess stands only with a function word of that
        # language that German lacks ("the", "what", "de", "el"), or, in a message without a German function word,
        # one of the words the gate understands ("thx", "pfiat"). Beside a German function word, a dialect's short words are
        # no evidence: Bavarian "Und wos verdient ma do am Anfang?" has Portuguese "do".
        evidence = any(word in foreign_function_words(best) and (german == 0 or len(word) >= 3) for word in words) or (
            german == 0 and any(self._hits(words).values()))
        if best != self.config["home_language"] and ranking.get(self.config["home_language"], 0.0) < self.config["max_home_probability"] and evidence:
            return best
        # "Is that gross?" or "Hello! I'm looking for Infos über Weiterbildung …": langid hears German in "gross" or "Infos", but
        # two words and a quarter of all are another language's function words, more than twice as many as German ones.
        # Not Bavarian "Brauch i do a Studium?": one of the function words must be longer than a dialect's "i", "do" or "a".
        told = {language: [word for word in words if word in foreign_function_words(language)] for language in ranking if language != self.config["home_language"]}
        spoken = max(told, key=lambda language: len(told[language]), default=None)
        if spoken and len(told[spoken]) >= max(2, self.config["min_function_share"] * len(words)) and len(told[spoken]) > 2 * german and any(
                len(word) >= 3 for word in told[spoken]):
            return spoken
        return self.config["home_language"]

    def _german_words(self, words: List[str]) -> int:
        """How many of `words` are German function words that English lacks; not a word the gate understands in another
        language ("Is that gross?": "gross" is a German stop word too)."""
        return sum(word in GERMAN_ONLY and word not in self._understood_words for word in words)

    def tells_language(self, text: str) -> bool:
        """Whether `text` itself tells its language: German function words that English lacks, or another language identified;
        "hourly rate?" or "MTI Gehalt?" do not, and keep the language of the conversation (the actions decide that)."""
        return self.language_of(text) != self.config["home_language"] or self._german_words(re.findall(r"\w+", text.casefold())) > 0

    def _hits(self, tokens: List[str], german: bool = False) -> Dict[str, int]:
        """How many of each understood intent's words (with `german`, and of its German words) the `tokens` say."""
        return {
            intent: word_hits(tokens, list(words) + (list(self.config["german_words"].get(intent, ())) if german else []))
            for intent, words in self.config["understood_intents"].items()
        }

    def _asks_language(self, sentence: str) -> bool:
        """Whether the sentence only asks which language the assistant speaks ("do you speak english?")."""
        words = re.findall(r"[^\W\d_]+", sentence.casefold())
        return word_hits(words, self.config["language_questions"]) > 0

    def _topic_first(self, intents: List[str]) -> List[str]:
        """The intents without those of a bare follow-up, where others tie with them."""
        return [i for i in intents if i not in self.config["name_follow_up_intents"]] or intents

    def _understood(self, message: Message, language: str) -> Optional[Dict[Text, Any]]:
        """The model's best intent where it is one of the intents whose words the message, or its question, has most of;
        else the one intent that has most in the question, or in the whole message where the question has no one intent with most
        ("further training … do?" asks for training, not duties; "and with a few years of experience?", which the German
        model cannot read, is `inform`; "I have six years of experience … Is there demand in MTI?" asks about the market);
        a bare follow-up that names a profession or place ("And in medical IT?") keeps the model's reading; None where the
        message has none of the words or several intents have most of them and the model's reading is not among them."""
        ranking = message.get(INTENT_RANKING_KEY) or [message.get(INTENT) or {}]
        best = next((i for i in ranking if i.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME), None)
        text = message.get(TEXT) or ""
        # "hey do u speak english? i wanna know about further training …": a question about the language asks nothing else.
        question = " ".join(s for s in sentences_of(text) if s.endswith("?") and not self._asks_language(s))
        # "And what about further training …?": a bare follow-up's words tie with a topic's; the topic is what it asks about.
        readings = [self._topic_first(_most(self._hits(re.findall(r"\w+", part.casefold()), german=True))) for part in (question, text) if part]
        if best and (best.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= self.config["min_understood_confidence"] and any(
                best.get(INTENT_NAME_KEY) in named for named in readings):
            return best
        # "Hallo, I am from Spain … Was verdient ein Medizin-Ingenieur in Duisburg?": a German question is read as German.
        asked_in_german = message.get(QUESTION_INTENT)
        if question and asked_in_german and self.tells_language(question) and self.language_of(question) == self.config["home_language"]:
            return asked_in_german
        named = next((named for named in readings if len(named) == 1), next((named for named in readings if named), []))
        names = [e for e in message.get(ENTITIES) or [] if e.get("entity") in self.config["name_entities"]]
        if not named and best and names and best.get(INTENT_NAME_KEY) in self.config["name_follow_up_intents"] and language in self.config["name_follow_up_languages"]:
            return best
        # "why do some medical IT jobs pay more than others?" ties pay and comparing: a tie within one of the `tie_groups` is its first
        # intent, which the actions read further by the words of the message.
        group = next((g for g in self.config["tie_groups"] if len(named) > 1 and set(named) <= set(g)), None)
        if group:
            named = group[:1]
        return {INTENT_NAME_KEY: named[0], PREDICTED_CONFIDENCE_KEY: self.config["min_understood_confidence"]} if len(named) == 1 else None

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = without_names(message.get(TEXT) or "", message.get(ENTITIES) or [], self.config["name_entities"])
            language = self.language_of(text)
            message.set(LANGUAGE, language, add_to_output=True)
            message.set(LANGUAGE_TOLD, self.tells_language(text), add_to_output=True)
            if language == self.config["home_language"]:
                continue
            intent = self._understood(message, language) or {INTENT_NAME_KEY: self.config["not_understood_intent"], PREDICTED_CONFIDENCE_KEY: 1.0}
            put_first(message, intent)
            # The model's other guesses at foreign words stand only with their words: the actions take a runner-up for what
            # a message asks ("ok what about a medical engineer in duisburg then", guessed as the duties after a salary answer).
            hits = self._hits(re.findall(r"\w+", text.casefold()), german=True)
            ranking = message.get(INTENT_RANKING_KEY) or []
            message.set(INTENT_RANKING_KEY, ranking[:1] + [r for r in ranking[1:] if hits.get(r.get(INTENT_NAME_KEY), 0)], add_to_output=True)
        return messages
