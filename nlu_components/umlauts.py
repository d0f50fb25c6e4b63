"""UmlautRestorer: "koennen", "ueberhaupt", "geraete" and "tvoed" are read as "können", "überhaupt", "Geräte" and "TVöD".

Visitors on phones and foreign keyboards write umlauts as ae, oe and ue (and ß as ss). The model's words and the
knowledge base's word lists spell them with umlauts, so "was muss ich da koennen?" read as duties, not skills, and
"gibts da tvoed?" found no pay concept. This component runs first in the pipeline and writes the message's text
with the umlauts restored, where German usage decides: spaCy's German word frequencies (spacy-lookups-data,
`de_lexeme_prob`, installed with the NLU; the table is built at training and kept in the model) must rank the
spelling with umlauts at least `min_log_odds` above the one as typed. "Frauen", "neue", "Steuer", "Michael" and
English words stay as they are: their spelling as typed is the common one, or no spelling with umlauts is a German
word. The training examples are left as written.

The restored text is what the rest of the pipeline and the actions read (the parse data's `text`); the
conversation keeps the visitor's own words (Rasa stores the message as typed).
"""

from __future__ import annotations

import itertools
import re
from typing import Any, Dict, Iterator, List, Optional, Text

import srsly

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

TABLE_FILE = "umlauts.json"
TRANSLITERATIONS = {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}
# A word with more umlauts than this is not looked up in all its spellings (16 at most).
MAX_UMLAUTS = 4
_TYPED_UMLAUT = re.compile("ae|oe|ue")
_UMLAUT = re.compile("[äöü]")
_WORD = re.compile(r"[^\W\d_]+")


def typed_spellings(word: str) -> Iterator[str]:
    """Every way of writing `word` with some or all of its umlauts and ß as two letters, at least one umlaut among them:
    "gross" alone is English too ("gross salary") and stays."""
    places = [i for i, letter in enumerate(word) if letter in TRANSLITERATIONS][:MAX_UMLAUTS]
    for chosen in itertools.product((False, True), repeat=len(places)):
        typed_places = [place for place, typed in zip(places, chosen) if typed]
        if any(word[place] != "ß" for place in typed_places):
            letters = list(word)
            for place in typed_places:
                letters[place] = TRANSLITERATIONS[letters[place]]
            yield "".join(letters)


def restorations(log_probabilities: Dict[str, float], min_log_odds: float) -> Dict[str, str]:
    """Spelling as typed -> spelling with umlauts, for every word with umlauts that German writes clearly more often so."""
    usage: Dict[str, float] = {}
    for word, log_probability in log_probabilities.items():
        folded = word.lower()
        if log_probability > usage.get(folded, float("-inf")):
            usage[folded] = log_probability
    restored: Dict[str, str] = {}
    for word in [w for w in usage if _UMLAUT.search(w)]:
        for typed in typed_spellings(word):
            if usage[word] - usage.get(typed, float("-inf")) >= min_log_odds and usage[word] > usage.get(restored.get(typed, ""), float("-inf")):
                restored[typed] = word
    return restored


def german_restorations(min_log_odds: float) -> Dict[str, str]:
    """`restorations` of spaCy's German word frequencies (spacy-lookups-data, installed with the NLU)."""
    import spacy_lookups_data

    return restorations(srsly.read_gzip_json(spacy_lookups_data.get_file("de_lexeme_prob.json.gz")), min_log_odds)


def _cased_like(word: str, typed: str) -> str:
    """`word` in the case of `typed`, letter by letter: an umlaut takes the case of the first of its two typed letters."""
    letters, position = [], 0
    for letter in word:
        letters.append(letter.upper() if typed[position].isupper() else letter)
        position += len(TRANSLITERATIONS[letter]) if letter in TRANSLITERATIONS and typed[position:position + 2].lower() == TRANSLITERATIONS[letter] else 1
    return "".join(letters)


def restore_umlauts(text: str, restored: Dict[str, str]) -> str:
    """The text with every word that `restored` knows spelt with its umlauts, in the case it was typed in."""

    def restore(match: "re.Match[str]") -> str:
        typed = match.group(0)
        if not _TYPED_UMLAUT.search(typed.lower()):
            return typed
        word = restored.get(typed.lower())
        return _cased_like(word, typed) if word else typed

    return _WORD.sub(restore, text)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class UmlautRestorer(GraphComponent):
    """Writes the umlauts of words typed with ae, oe or ue into the message's text."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        # Natural-log odds: "koennen" against "können" is about 5, "does" against "dös" is below 0.
        return {"min_log_odds": 1.0}

    def __init__(self, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, restored: Optional[Dict[str, str]] = None) -> None:
        self.config = config
        self.model_storage = model_storage
        self.resource = resource
        self.restored = restored or {}

    @classmethod
    def create(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext
    ) -> "UmlautRestorer":
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        """Builds the table from the word frequencies once, at training, so that loading the model stays fast."""
        self.restored = german_restorations(float(self.config["min_log_odds"]))
        with self.model_storage.write_to(self.resource) as directory:
            srsly.write_json(directory / TABLE_FILE, self.restored)
        return self.resource

    @classmethod
    def load(
        cls, config: Dict[Text, Any], model_storage: ModelStorage, resource: Resource, execution_context: ExecutionContext, **kwargs: Any
    ) -> "UmlautRestorer":
        with model_storage.read_from(resource) as directory:
            return cls(config, model_storage, resource, srsly.read_json(directory / TABLE_FILE))

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Leaves the training examples as the trainers wrote them: the few typed without umlauts are so on purpose."""
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if text:
                message.set(TEXT, restore_umlauts(text, self.restored))
        return messages
