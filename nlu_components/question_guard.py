"""QuestionGuard: a question is not small talk, and a thanks is no question.

DIET reads "Lohnt sich Duisburg dann überhaupt?" as a goodbye (0.66) and "okay, wie viel wär das bei der
Informatik-Richtung?" as agreement: words like "dann" and "okay" weigh more than the question around them.
A message with a question mark whose best intent is one of `small_talk_intents` (before the fallback)
gets the model's best intent that asks something instead, where the model gives it at least `min_confidence`,
with the model's own confidence for it: low, so the actions treat it as the unsure reading it is (below
their UNSURE the question's words decide, actions/actions.py). A greeting with a question ("Servus, wie
geht's?" or "Guten Abend, sind Sie eine KI?") keeps its intent: the model gives no asking intent that weight.
A question that starts like one ("gibt es …?") or says no word of a farewell or thanks, but has no asking intent of
weight, gets the fallback instead of a goodbye; a message read as a goodbye or thanks that starts like a question and
says no word of either is a question without its question mark ("und wieso machen leute das dann"). A question read
as a yes or no without a word of one ("netto?") or that starts like a question gets the fallback too; a short thanks without a question that the model
read as asking something is a thanks, and a thanks that takes leave ("danke, ciao") is a goodbye, as is a short
farewell the model read as a greeting, a yes or a bare follow-up ("Pfiat di!"). A message that names nothing and says one of the
`small_talk_overrides` ("Mit wem spreche ich hier?") is that small talk, whatever the model read. A yes or no that names a profession
("nein, die MTI"), or a greeting that does so without a word of greeting, is a bare follow-up. A wish for a human
that says no word of one (`intent_word_stems`) gets the fallback.
"""

from __future__ import annotations

import re
from typing import Any, Dict, List, Optional, Text

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu_components.intents import put_first
from nlu_components.questions import opens_question


def asking_intent(
    ranking: List[Dict[Text, Any]], small_talk: List[Text], not_asking: List[Text], min_confidence: float,
    min_confidence_of: Optional[Dict[Text, float]] = None,
) -> Optional[Dict[Text, Any]]:
    """The best intent of `ranking` that asks something, where the best one is small talk and the model gives it enough
    weight (`min_confidence`, or the intent's own in `min_confidence_of`)."""
    guesses = [i for i in ranking if i.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME]
    if not guesses or guesses[0].get(INTENT_NAME_KEY) not in small_talk:
        return None
    bars = min_confidence_of or {}
    asking = [
        i for i in guesses if i.get(INTENT_NAME_KEY) not in small_talk + not_asking
        and (i.get(PREDICTED_CONFIDENCE_KEY) or 0.0) >= bars.get(i.get(INTENT_NAME_KEY), min_confidence)
    ]
    return asking[0] if asking else None


_WORD = re.compile(r"[^\W_]+")


def best_intent(ranking: List[Dict[Text, Any]]) -> Optional[Text]:
    """The model's best intent, the fallback aside."""
    return next((i.get(INTENT_NAME_KEY) for i in ranking if i.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME), None)


def says_any(text: Text, words: List[Text]) -> bool:
    """Whether the text says one of the `words` (or phrases) as whole words."""
    said = f" {' '.join(_WORD.findall(text.casefold()))} "
    return any(f" {w} " in said for w in words)


def says_small_talk(text: Text, ranking: List[Dict[Text, Any]], phrases: Dict[Text, List[Text]]) -> bool:
    """Whether the text says one of the `phrases` of the model's best intent (fallback aside)."""
    return says_any(text, phrases.get(best_intent(ranking), []))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=False)
class QuestionGuard(GraphComponent, IntentClassifier):
    """Gives a question that the model took for small talk the model's best asking intent."""

    @classmethod
    def required_components(cls) -> List:
        return [IntentClassifier]

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "small_talk_intents": ["greet", "goodbye", "thank", "affirm", "deny", "bot_challenge"],
            # Intents that ask nothing the assistant could answer: never chosen instead of small talk.
            "not_asking_intents": ["out_of_scope", "feedback_helpful", "feedback_unhelpful"],
            "min_confidence": 0.1,
            # Intents that need more weight than `min_confidence`: the wish for a human comes second by chance
            # ("Gibts Weihnachtsgeld?", 0.18 after a goodbye) and where it is meant ("gibts hier ne echte person?", 0.45).
            "min_confidence_of": {"request_human": 0.3},
            # Words that make a question the small talk the model read ("wer bist du denn eigentlich?", which it gives
            # 0.2 for the employers, too): kept.
            "small_talk_phrases": {"bot_challenge": ["wer bist du", "bist du", "wer sind sie", "sind sie ein", "sind sie eine", "who are you", "are you a"]},
            # Words that make a message that names nothing this small talk, whatever the model read ("Guten Abend. Mit wem spreche
            # ich hier eigentlich?", read as asking something).
            "small_talk_overrides": {"bot_challenge": ["mit wem spreche ich", "mit wem rede ich", "mit wem schreibe ich", "mit wem chatte ich",
                                                       "wer hat dich programmiert", "wer hat dich gebaut", "wer hat dich entwickelt",
                                                       "wer hat dich gemacht", "wer steckt hinter dir", "wer steckt dahinter", "who made you",
                                                       "who built you", "who am i talking to", "who am i speaking to"]},
            # A question that starts like one, read as a goodbye or thanks with no asking intent of weight ("gibt es da
            # zuschüsse fürs pendeln?" as a goodbye at 0.77): the fallback, which says what the articles lack or asks back.
            "closing_intents": ["goodbye", "thank"],
            # A short thanks without a question that the model read as one ("okay danke fürs erklären" as the duties).
            "thanks_words": ["danke", "dankeschön", "vielen dank", "merci", "thx", "thanks", "thank you", "vergelt s gott", "vergelts gott"],
            # Small talk a thanks is read as, that the thanks wins over ("passt, vergelts gott!" as a yes, "thanks!" as a greeting);
            # not "nein danke".
            "thanks_over_intents": ["affirm", "greet"],
            "thanks_max_words": 6,
            # A message that opens or ends with thanks and asks nothing may say more ("Vielen Dank für Ihre Geduld mit einer alten Frau.").
            "thanks_opening_max_words": 14,
            "question_words": ["was", "wie", "wo", "wer", "welche", "welcher", "welches", "welchen", "wann", "warum", "wieso", "weshalb", "ob",
                               "what", "how", "where", "which", "why"],
            # A thanks that also takes leave ("Vielen Dank, auf Wiedersehen", read as a thanks): a goodbye.
            "goodbye_words": ["tschüss", "tschüs", "tschuess", "tschuss", "ciao", "tschau", "auf wiedersehen", "wiedersehen", "bis dann", "bis bald", "bis später",
                              "mach s gut", "machs gut", "schönen tag", "schönen abend", "bye", "goodbye", "ade", "adieu", "pfiat"],
            # Small talk a farewell is read as, that the farewell wins over ("Pfiat di!" as a greeting, "Passt, pfiat di" as a yes,
            # "Pfiat di" as a bare follow-up).
            "goodbye_over_intents": ["greet", "affirm", "inform"],
            # A yes or no that names one of these ("nein, die MTI") answers with it: the intent of a bare follow-up.
            "naming_entities": ["profession"],
            # Words that name one of those by reference ("nein, ich meinte die andere"): a bare follow-up too.
            "naming_words": ["andere", "anderen", "anderer", "anderes", "erste", "ersten", "zweite", "zweiten", "erstere", "ersteren", "letztere", "letzteren"],
            "naming_intent": "inform",
            "greeting_words": ["hallo", "hi", "hey", "moin", "servus", "tach", "guten tag", "guten morgen", "guten abend", "grüß gott",
                               "grüss gott", "grüezi", "hello", "good morning"],
            # The wish for a human read in a message that says no word of one ("Gibt es eine Altersgrenze, ab der man als
            # Medizin-Ingenieur nicht mehr eingestellt wird?" at 0.57): the fallback. Parts of words, as typed in dialect too.
            "intent_word_stems": {"request_human": ["mensch", "berat", "person", "jemand", "ansprech", "mitarbeit", "kolleg", "telefon",
                                                    "anruf", "hotline", "fleisch", "rede", "redn", "sprech", "echt", "richtig", "human",
                                                    "someone", "somebody", "advis", "agent", "talk", "speak", "real"]},
            # A question read as a yes or no that says no word of one ("netto?" as a no at 0.58): the fallback.
            "answer_words": {
                "affirm": ["ja", "jo", "jap", "jep", "jup", "genau", "klar", "ok", "okay", "gerne", "gern", "passt", "stimmt", "richtig",
                           "sicher", "korrekt", "yes", "yeah", "yep", "sure"],
                "deny": ["nein", "nö", "nee", "ne", "no", "nope", "nicht", "nichts", "kein", "keine", "keinen"],
            },
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        self.config = config

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> QuestionGuard:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            ranking = message.get(INTENT_RANKING_KEY) or []
            overriding = next((intent for intent, phrases in self.config["small_talk_overrides"].items() if says_any(text, phrases)), None)
            if overriding and not message.get(ENTITIES):
                put_first(message, {INTENT_NAME_KEY: overriding, PREDICTED_CONFIDENCE_KEY: 1.0})
                continue
            # "und wieso machen leute das dann", read as a goodbye: a question without its question mark.
            unmarked_question = opens_question(text) and self._closing_question(text, ranking) and not self._closes(text)
            if self._wordless_intent(text, ranking):
                put_first(message, {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0})
                continue
            # "ich mein die informatiker im krankenhaus, nicht die ingenieure", read as a no, or "nee warte, ick meinte medizinische
            # informatik, sorry", read as a greeting without a word of one: it names what it is about.
            if self._names_instead(message, ranking):
                put_first(message, {INTENT_NAME_KEY: self.config["naming_intent"], PREDICTED_CONFIDENCE_KEY: 1.0})
                continue
            if "?" not in text and not unmarked_question:
                thanked = (message.get(INTENT) or {}).get(INTENT_NAME_KEY) == "thank"
                if (thanked or self._thanks(message, joined=True)) and self._takes_leave(text):
                    put_first(message, {INTENT_NAME_KEY: "goodbye", PREDICTED_CONFIDENCE_KEY: 1.0})
                elif self._thanks(message):
                    put_first(message, {INTENT_NAME_KEY: "thank", PREDICTED_CONFIDENCE_KEY: 1.0})
                elif self._farewell(message):
                    put_first(message, {INTENT_NAME_KEY: "goodbye", PREDICTED_CONFIDENCE_KEY: 1.0})
                continue
            if says_small_talk(message.get(TEXT) or "", ranking, self.config.get("small_talk_phrases") or {}):
                continue
            intent = asking_intent(
                ranking, self.config["small_talk_intents"], self.config["not_asking_intents"], self.config["min_confidence"],
                self.config.get("min_confidence_of"),
            )
            if intent is None:
                if self._closing_question(text, ranking) or self._wordless_answer(text, ranking):
                    put_first(message, {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0})
                continue
            put_first(message, intent)
        return messages

    def _thanks(self, message: Message, joined: bool = False) -> bool:
        """A short message that thanks, names nothing and asks nothing, read as asking something or as a yes; with `joined`, also one that
        joins something to the thanks ("merci und adieu", where the rest is a goodbye)."""
        words = _WORD.findall((message.get(TEXT) or "").casefold())
        best = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        asking = best not in self.config["small_talk_intents"] + self.config["not_asking_intents"] or best in self.config["thanks_over_intents"]
        opening = says_any(" ".join(words[:2]), self.config["thanks_words"]) and not set(words) & set(self.config["question_words"])
        # "Na, dann fühle ich mich ja gleich wie zu Hause. Danke!" (a message without a question mark) thanks at its end.
        framed = opening or says_any(" ".join(words[-2:]), self.config["thanks_words"])
        most = self.config["thanks_opening_max_words"] if framed else self.config["thanks_max_words"]
        return (asking and 0 < len(words) <= most and not message.get(ENTITIES)
                and says_any(message.get(TEXT) or "", self.config["thanks_words"]) and (joined or not {"und", "aber", "and", "but"} & set(words)))

    def _farewell(self, message: Message) -> bool:
        """A short message that takes leave, names nothing and that the model read as a greeting, a yes or a bare follow-up."""
        text = message.get(TEXT) or ""
        best = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
        return (best in self.config["goodbye_over_intents"] and len(_WORD.findall(text)) <= self.config["thanks_max_words"]
                and not message.get(ENTITIES) and self._takes_leave(text))

    def _takes_leave(self, text: Text) -> bool:
        """Whether the text says one of the `goodbye_words`."""
        return says_any(text, self.config["goodbye_words"])

    def _wordless_answer(self, text: Text, ranking: List[Dict[Text, Any]]) -> bool:
        """A question the model read as a yes or no that says no word of one, or that starts like a question ("soll ich mich
        also lieber nicht zu sehr spezialisieren?", read as a no at 0.72 for its "nicht")."""
        best = best_intent(ranking)
        words = self.config["answer_words"].get(best)
        said = _WORD.findall(text.casefold())
        # "okay, wieso?" answers first and asks after: a yes.
        answers_first = bool(said) and said[0] in (words or ())
        return words is not None and (not set(said) & set(words) or (opens_question(text) and not answers_first))

    def _wordless_intent(self, text: Text, ranking: List[Dict[Text, Any]]) -> bool:
        """Whether the model's best intent is one of `intent_word_stems` and no word of the text contains one of its stems."""
        stems = (self.config.get("intent_word_stems") or {}).get(best_intent(ranking))
        return stems is not None and not any(stem in word for word in _WORD.findall(text.casefold()) for stem in stems)

    def _names_instead(self, message: Message, ranking: List[Dict[Text, Any]]) -> bool:
        """A yes or no, or a greeting without a greeting word, that names one of the `naming_entities` or refers to one (`naming_words`)."""
        best = best_intent(ranking)
        names = any(e.get("entity") in self.config["naming_entities"] for e in message.get(ENTITIES) or []) or says_any(
            message.get(TEXT) or "", self.config["naming_words"])
        greets = best == "greet" and not says_any(message.get(TEXT) or "", self.config["greeting_words"])
        return names and (best in self.config["answer_words"] or greets)

    def _closing_question(self, text: Text, ranking: List[Dict[Text, Any]]) -> bool:
        """A question the model read as a goodbye or thanks that starts like a question or says no word of either
        ("Das ist dann aber brutto, oder?", read as a goodbye at 0.59)."""
        return best_intent(ranking) in self.config["closing_intents"] and (opens_question(text) or not self._closes(text))

    def _closes(self, text: Text) -> bool:
        """Whether the text says a word of farewell or thanks."""
        return says_any(text, self.config["goodbye_words"] + self.config["thanks_words"])
