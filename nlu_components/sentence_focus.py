"""SentenceFocus: a long message that the intent model is unsure of is classified sentence by sentence.

Visitors write background before their question ("Ich habe zehn Jahre in der Pflege gearbeitet,
mache eine Umschulung und frage mich, was man als Medizininformatiker verdient."). The whole
message mixes the vocabulary of several intents, and DIET's confidence drops. This component
runs after DIET: where the message has several sentences or clauses and DIET's best intent is
below `unsure_below`, it classifies each part with its own small model (TF-IDF of character
n-grams and words, logistic regression, trained on the same examples, seeded) and takes the
intent of the part it is surest of, when that is at least `min_part_confidence`. Where the message
asks questions, only those sentences count. Entities stay
as DIET found them in the whole message, so the background still names profession and place.

Where DIET is unsure of any message and the part classifier, given the whole message, names the
same intent, two differently built models agree: the intent stands, with the confidence that at
least one of them is right (1 - (1 - p1)(1 - p2)), so that the fallback does not ask back.

A message that asks two things ("Welche Aufgaben hätte ich da, und was verdient man?") gets the
intents of its separate questions, in order, as `questions` in the parse data; the actions answer
each of them (actions/actions.py).
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional, Text, Tuple

import joblib
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline

from nlu_components.questions import CLAUSE_START, MIN_CLAUSE_WORDS, QUESTION_INTENT, QUESTIONS, questions_of, sentences_of

logger = logging.getLogger(__name__)

MODEL_FILE = "sentence_focus.joblib"


def _with_clauses(sentences: List[str]) -> List[str]:
    parts = []
    for sentence in sentences:
        pieces = CLAUSE_START.split(sentence)
        parts += [sentence] + ([c.strip() for c in pieces if len(c.split()) >= MIN_CLAUSE_WORDS] if len(pieces) > 1 else [])
    return parts


def parts_of(text: str) -> List[str]:
    """The parts to classify: the message's questions (its sentences with a question mark, else all its sentences), and their clauses."""
    sentences = sentences_of(text)
    return _with_clauses([s for s in sentences if s.endswith("?")] or sentences)


def size_of(text: str) -> int:
    """How many sentences and clauses the whole message has."""
    return len(_with_clauses(sentences_of(text)))


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class SentenceFocus(GraphComponent, IntentClassifier):
    """Re-reads unsure long messages part by part and keeps the intent of the clearest part."""

    @classmethod
    def required_components(cls) -> List:
        # It runs after DIET in config.yml; a trainable classifier may not require another one in Rasa's graph.
        return []

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            "unsure_below": 0.6,
            # Up to this confidence, DIET's reading of a message with background gives way to a clear reading of its question.
            "trust_above": 0.8,
            "min_clear_question_confidence": 0.75,
            # Intents for bare follow-ups ("Und in der MTI?"): a message of several parts is re-read even where DIET is sure.
            "reread_intents": ["inform"],
            # The part classifier spreads its probability over all intents: 0.3 is a clear lead among 25.
            "min_part_confidence": 0.3,
            "min_parts": 2,
            "min_reread_words": 5,
            # Intents that background sentences are full of and that never carry the question.
            "ignore_intents": ["greet", "thank", "affirm", "deny", "goodbye", "inform"],
            "random_seed": 2024,
            # How sure the part classifier must be of each question of a message that asks several.
            "min_question_confidence": 0.4,
            # A question the part classifier reads clearly as one intent while it gives DIET's intent (read from the whole
            # message, background included) next to nothing decides, however sure DIET is.
            "question_overrides_above": 0.6,
            "question_denies_below": 0.02,
            # Intents of a subject the background names ("die Anzeige von expertum"), which the question then asks about.
            "subject_intents": ["ask_job_listing"],
        }

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, model: Optional[Pipeline] = None) -> None:
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.model = model

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> SentenceFocus:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [(m.get(TEXT), m.get(INTENT)) for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        features = FeatureUnion([
            ("characters", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, lowercase=True)),
        ])
        self.model = Pipeline([
            ("features", features),
            ("classifier", LogisticRegression(C=10.0, max_iter=2000, random_state=self.config["random_seed"])),
        ])
        self.model.fit([text for text, _ in examples], [intent for _, intent in examples])
        with self.model_storage.write_to(self.resource) as directory:
            joblib.dump(self.model, directory / MODEL_FILE)
        return self.resource

    @classmethod
    def load(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext, **kwargs: Any
    ) -> SentenceFocus:
        try:
            with model_storage.read_from(resource) as directory:
                return cls(config, model_storage, resource, joblib.load(directory / MODEL_FILE))
        except ValueError:
            logger.warning("SentenceFocus has no trained model; long messages are left to DIET alone.")
            return cls(config, model_storage, resource)

    def _ranking(self, text: str) -> List[Tuple[str, float]]:
        """The part classifier's intents for `text`, surest first."""
        assert self.model is not None
        return sorted(((str(name), float(p)) for name, p in zip(self.model.classes_, self.model.predict_proba([text])[0])), key=lambda p: -p[1])

    def _clearest_part(self, parts: List[str]) -> Optional[Tuple[List[Tuple[str, float]], str]]:
        """The ranking of the part whose best intent (not an ignored one) is surest, and that part."""
        best: Optional[Tuple[float, List[Tuple[str, float]], str]] = None
        for part in parts:
            ranking = [(name, p) for name, p in self._ranking(part) if name not in self.config["ignore_intents"]]
            if ranking and (best is None or ranking[0][1] > best[0]):
                best = (ranking[0][1], ranking, part)
        return (best[1], best[2]) if best else None

    def _confirmed(self, message: Message, text: str, intent: Dict[Text, Any]) -> bool:
        """Raises the confidence of DIET's unsure intent where the part classifier names the same one for the whole message."""
        assert self.model is not None
        probabilities = dict(zip(self.model.classes_, self.model.predict_proba([text])[0]))
        name, confidence = intent.get(INTENT_NAME_KEY), intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0
        if not name or max(probabilities, key=probabilities.get) != name:
            return False
        agreed = 1 - (1 - confidence) * (1 - float(probabilities[name]))
        message.set(INTENT, {INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: agreed}, add_to_output=True)
        ranking = message.get(INTENT_RANKING_KEY) or []
        message.set(
            INTENT_RANKING_KEY,
            [{**r, PREDICTED_CONFIDENCE_KEY: agreed} if r.get(INTENT_NAME_KEY) == name else r for r in ranking],
            add_to_output=True,
        )
        return True

    def _questions(self, text: str) -> List[str]:
        """The intents of the message's separate questions, in order, where it asks more than one thing clearly."""
        assert self.model is not None
        questions = questions_of(text)
        if len(questions) < 2:
            return []
        intents = []
        for probabilities in self.model.predict_proba(questions):
            best = max(zip(self.model.classes_, probabilities), key=lambda p: p[1])
            if best[1] >= self.config["min_question_confidence"] and best[0] not in self.config["ignore_intents"]:
                intents.append(str(best[0]))
        distinct = list(dict.fromkeys(intents))
        return distinct if len(distinct) > 1 else []

    def process(self, messages: List[Message]) -> List[Message]:
        if self.model is None:
            return messages
        for message in messages:
            text = message.get(TEXT) or ""
            questions = self._questions(text)
            if questions:
                message.set(QUESTIONS, questions, add_to_output=True)
            # The question read alone, for the actions to set beside its words; not where the background names its subject.
            if has_background(text) and (message.get(INTENT) or {}).get(INTENT_NAME_KEY) not in self.config["subject_intents"]:
                best, surety = self._ranking(_question_sentences(text))[0]
                message.set(QUESTION_INTENT, {INTENT_NAME_KEY: best, PREDICTED_CONFIDENCE_KEY: surety}, add_to_output=True)
            intent = message.get(INTENT) or {}
            confidence = intent.get(PREDICTED_CONFIDENCE_KEY) or 0.0
            reread = intent.get(INTENT_NAME_KEY) in self.config["reread_intents"]
            # A longer one-part message DIET half takes for a bare follow-up ("Was muss man für die MTI können?") is re-read too.
            several_parts = size_of(text) >= self.config["min_parts"] or (
                reread and confidence < self.config["unsure_below"] and len(text.split()) >= self.config["min_reread_words"]
            )
            if confidence < self.config["unsure_below"] and not (reread and several_parts) and self._confirmed(message, text, intent):
                continue
            if has_background(text) and self._question_overrides(message, text, intent):
                continue
            if has_background(text) and not reread and self.config["unsure_below"] <= confidence < self.config["trust_above"]:
                self._question_decides(message, text, intent)
                continue
            if not several_parts or (confidence >= self.config["unsure_below"] and not reread):
                continue
            confidence = 0.0 if reread else confidence
            clearest = self._clearest_part(parts_of(text))
            if clearest is None or clearest[0][0][1] < max(self.config["min_part_confidence"], confidence):
                continue
            _take(message, *clearest)
        return messages

    def _question_overrides(self, message: Message, text: str, intent: Dict[Text, Any]) -> bool:
        """Where the message's question alone clearly asks one thing and hardly the thing DIET read in the whole message
        ("Ich mache gerade eine Weiterbildung … Was muss man da können, um reinzukommen?"), the question's intent is set."""
        name = intent.get(INTENT_NAME_KEY)
        if name in self.config["subject_intents"]:
            return False
        question = _question_sentences(text)
        ranking = self._ranking(question)
        probabilities = dict(ranking)
        best, surety = ranking[0]
        if best == name or best in self.config["ignore_intents"] or surety < self.config["question_overrides_above"]:
            return False
        if probabilities.get(name, 0.0) > self.config["question_denies_below"]:
            return False
        _take(message, ranking, question)
        return True

    def _question_decides(self, message: Message, text: str, intent: Dict[Text, Any]) -> None:
        """Where the part classifier reads the question of a message with background clearly as another intent than DIET's
        fairly sure one ("Ich bin Berufsberaterin … Was genau macht ein Medizin-Ingenieur hier vor Ort?"), the question decides."""
        clearest = self._clearest_part(parts_of(text))
        if clearest and clearest[0][0][0] != intent.get(INTENT_NAME_KEY) and clearest[0][0][1] >= self.config["min_clear_question_confidence"]:
            _take(message, *clearest)


def _question_sentences(text: str) -> str:
    """The sentences of the message that end with a question mark."""
    return " ".join(s for s in sentences_of(text) if s.endswith("?"))


def has_background(text: str) -> bool:
    """Whether the message has sentences besides its questions ("Ich bin Quereinsteigerin. Was muss ich können?")."""
    sentences = sentences_of(text)
    asked = [s for s in sentences if s.endswith("?")]
    return bool(asked) and len(asked) < len(sentences)


def _take(message: Message, ranking: List[Tuple[str, float]], part: str) -> None:
    """Sets the part's intent and ranking as the message's."""
    logger.debug(f"SentenceFocus: '{ranking[0][0]}' from the part '{part}'.")
    message.set(INTENT, {INTENT_NAME_KEY: ranking[0][0], PREDICTED_CONFIDENCE_KEY: ranking[0][1]}, add_to_output=True)
    message.set(
        INTENT_RANKING_KEY,
        [{INTENT_NAME_KEY: name, PREDICTED_CONFIDENCE_KEY: p} for name, p in ranking[:10]],
        add_to_output=True,
    )
