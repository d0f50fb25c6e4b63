"""The knowledge base: typed, read-only views of the YAML files in `knowledge/`.

Everything the assistant states comes from here; the action code only selects and formats it.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Set, Tuple

import yaml

KNOWLEDGE_DIR = Path(os.environ.get("KNOWLEDGE_DIR", Path(__file__).resolve().parent.parent / "knowledge"))

# Typed entity values shorter than this are only accepted as exact synonyms, never fuzzily:
# "MTI" must not drift to "MT-Informatik"'s neighbours, and "Arzt" must not match anything.
_MIN_FUZZY_LENGTH = 6
# A short name with the colloquial person ending ("MTIler", "MTI'ler") names what the short name names.
_PERSON_ENDING = re.compile(r"^([a-z]{2,5})(?:ler|lerin|lerinnen|lern|lers)$")
_FUZZY_CUTOFF = 0.84
_FUZZY_MARGIN = 0.05


@dataclass(frozen=True)
class Source:
    """Where a fact or figure comes from: the article's file name and the quoted sentences."""

    file: str
    sentences: Tuple[str, ...]


@dataclass(frozen=True)
class Profession:
    key: str
    name: str
    phrase: str
    about: str
    source_file: str
    synonyms: Tuple[str, ...]
    # Words only this profession's article covers ("Duisburg", "PACS"): they imply the profession.
    cues: Tuple[str, ...] = ()
    # Titles of a wider field ("Informatiker") that name this profession in a conversation about it or beside its cues.
    generic_titles: Tuple[str, ...] = ()
    # How visitors name the field in their own words ("medizinische IT"): they name the profession in a message, but are no
    # names the NLU model learns to find (it would take "Medizinische" of "Medizinische Fachangestellte" for one).
    field_names: Tuple[str, ...] = ()


@dataclass(frozen=True)
class SalaryRow:
    profession: str
    region: Optional[str]
    level: str
    lower: int
    upper: Optional[int]
    lower_exclusive: bool
    currency: str
    period: str
    period_stated: bool
    gross_stated: bool
    firmness: str
    depends_on: Optional[str]
    employer_notes: Dict[str, str]
    regional_note: Optional[str]
    source: Source
    # What the article says moves the figure, as a sentence ("Wovon hängt das ab?").
    factors: Optional[str] = None
    # The employer types the article states the figures for ("Kliniken, Labordienstleister, größere Forschungsinstitute").
    employers: Tuple[str, ...] = ()
    # The employer types whose note places them against the range ("bei Konzernstrukturen manchmal darüber"): the range follows.
    measured_employers: Tuple[str, ...] = ()
    # What the article says of the figure's worth, as a sentence ("Ist das Gehalt gut?").
    verdict: Optional[str] = None


@dataclass(frozen=True)
class Fact:
    profession: str
    topic: str
    answer: str
    source: Source
    # What a salary question about the fact's subjects gets first ("Und was zahlen die?"), where the article has no figure for them.
    salary_gap: Optional[str] = None
    # Whether the fact speaks about pay itself ("Verdient man in der Radiologie mehr?" gets the fact, not the gap).
    about_pay: bool = False
    # Whether the article's figures hold for the fact's subjects, though it gives them none of their own: after the gap
    # they follow, labelled ("Was verdient man in Großstädten?").
    figures_follow: bool = False
    # What visitors ask about that this fact answers ("Spielt Datenschutz eine Rolle?"): a question naming one is answered with it.
    themes: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Topic:
    key: str
    intent: str
    label: str
    # Whether the bot asks once per session if such an answer helped, and whether the careers page quotes it.
    ask_feedback: bool = False
    on_page: bool = False
    # The topic that says what a profession is: what a question about how professions differ compares.
    overview: bool = False
    # Words that make a bare follow-up ask this topic ("und auf dem Land?" after the job market).
    follow_up_words: Tuple[str, ...] = ()
    # Words that name this topic in a message the model could not read ("Gibts da viele Stellen?").
    unsure_words: Tuple[str, ...] = ()
    # The topic whose fact answers next, where a profession's article says nothing of this one ("Was wollen die bei
    # Bewerbungen sehen?" about a profession whose article names only what beginners should bring).
    nearest: Optional[str] = None


@dataclass(frozen=True)
class Term:
    """A value of the level, period or employer_type entity."""

    key: str
    label: str
    synonyms: Tuple[str, ...]
    # Words that ask for this value only in a short follow-up to a salary answer ("und später?").
    follow_up_words: Tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    name: str
    source: Source


@dataclass(frozen=True)
class Gap:
    """Something the articles give nothing for (a level, a pay concept, a topic), and the sentence that says so."""

    words: Tuple[str, ...]
    patterns: Tuple[str, ...]
    reply: str
    # A level without figures of its own that one level with figures stands for ("nach zehn Jahren" for
    # "mit Erfahrung"): that level's figures follow the reply, labelled. Other levels get no figures at all.
    level: Optional[str] = None
    # Words whose facts follow the reply, as what the articles do say next to the gap ("Abschluss" for a degree question).
    related_words: Tuple[str, ...] = ()
    # The professions whose article lacks it, where another's has it (career changers); none: every article lacks it.
    professions: Tuple[str, ...] = ()
    # Patterns that name it only in the sentence a question points back at ("seit zehn Jahren … nach so langer Zeit?").
    pointed_patterns: Tuple[str, ...] = ()


@dataclass(frozen=True)
class NotCovered:
    """knowledge/not_covered.yml: what the assistant must answer with a plain "the articles say nothing"."""

    profession_words: Tuple[str, ...]
    profession_endings: Tuple[str, ...]
    levels: Tuple[Gap, ...]
    pay_concepts: Tuple[Gap, ...]
    topics: Tuple[Gap, ...]
    # Employers by name ("Siemens Healthineers"): a pay question about one says the articles name no employer's pay.
    employers: Tuple[Gap, ...] = ()
    # Cities the articles do not name, recognised in any spelling case ("bochum").
    places: Tuple[str, ...] = ()


@dataclass(frozen=True)
class SourceQuestions:
    """How visitors ask about the articles themselves (sources.yml): where the answers come from (`asked_by`), and the words
    that name the articles (`about`)."""

    asked_by: Tuple[str, ...] = ()
    about: Tuple[str, ...] = ()
    # What asks for the sources where the message says nothing else ("quelle?").
    asked_alone: Tuple[str, ...] = ()


@dataclass(frozen=True)
class KnowledgeBase:
    titles: Dict[str, str]
    # How visitors ask about the articles themselves ("Woher stammen die Zahlen?").
    source_questions: SourceQuestions
    professions: Tuple[Profession, ...]
    salaries: Tuple[SalaryRow, ...]
    facts: Tuple[Fact, ...]
    topics: Tuple[Topic, ...]
    levels: Tuple[Term, ...]
    periods: Tuple[Term, ...]
    employer_types: Tuple[Term, ...]
    places: Tuple[Place, ...]
    references: Dict[str, Tuple[str, ...]]
    gross_words: Tuple[str, ...]
    factor_words: Tuple[str, ...]
    comparison_words: Tuple[str, ...]
    contrast_words: Tuple[str, ...]
    comparative_words: Tuple[str, ...]
    # Words that rank one thing over another ("höher", "eher"): a choice between professions on a topic the articles do not rank.
    rank_words: Tuple[str, ...]
    # Word beginnings that name the medical field: beside a generic title ("Informatiker im Medizinbereich") they make it the profession.
    field_stems: Tuple[str, ...]
    # Words that ask to choose ("wo gibts mehr Geld?"): such a pay question compares.
    choice_words: Tuple[str, ...]
    # Choice words that choose the thing named after them: before a pay word ("Welche Einstiegsgehälter …?") they ask which figures.
    which_words: Tuple[str, ...]
    pay_words: Tuple[str, ...]
    # Words that ask how something affects pay ("Bringt Weiterbildung gehaltlich was?"): such a question is a salary question.
    pay_question_words: Tuple[str, ...]
    # Words of a rise that, with a pay word, ask how something affects pay ("verdient man nach der Weiterbildung mehr?").
    pay_rise_words: Tuple[str, ...]
    # Words that ask what a salary is worth ("Ist das Gehalt wenigstens gut?"): the article's verdict follows the figures.
    verdict_words: Tuple[str, ...]
    # Words a message opens with to greet ("Guten Morgen, kurze Frage: …").
    greeting_words: Tuple[str, ...]
    # Words that say nothing of their own in a question ("also", "denn", "der"), normalised.
    filler_words: frozenset
    # Pay words that make a compound ending in them a pay word too ("Ausbildungsvergütung", "Pflegegehalt").
    pay_compound_ends: Tuple[str, ...]
    # Words a place stands after ("in", "in den", "Raum"), normalised: a place the model tags and knowledge/ lacks needs one.
    place_lead_words: frozenset
    not_covered: NotCovered

    def profession(self, key: str) -> Profession:
        return next(p for p in self.professions if p.key == key)

    def topic_for_intent(self, intent: Optional[str]) -> Optional[Topic]:
        return next((t for t in self.topics if t.intent == intent), None)

    def topic(self, key: str) -> Optional[Topic]:
        return next((t for t in self.topics if t.key == key), None)

    def overview_topic(self) -> Optional[Topic]:
        """The topic marked `overview` in topics.yml, if any."""
        return next((t for t in self.topics if t.overview), None)

    def fact(self, profession: str, topic: str) -> Optional[Fact]:
        return next((f for f in self.facts if f.profession == profession and f.topic == topic), None)

    def salary_rows(self, profession: str) -> List[SalaryRow]:
        return [row for row in self.salaries if row.profession == profession]

    def source_title(self, file: str) -> str:
        return self.titles[file]

    def common_level(self) -> str:
        """The first level (in vocabulary order) that every profession with figures has a row for: what comparisons show by default."""
        with_rows = [p.key for p in self.professions if self.salary_rows(p.key)]
        shared = [t.key for t in self.levels if all(any(r.level == t.key for r in self.salary_rows(p)) for p in with_rows)]
        return (shared or [t.key for t in self.levels])[0]


class KnowledgeError(ValueError):
    """An entry of knowledge/ that breaks a rule; the message names the file, the entry and the fix."""


def _source(entry: dict, file_name: str) -> Source:
    """The entry's source; an entry that quotes no sentence is a KnowledgeError naming it."""
    raw = entry.get("source") or {}
    sentences = tuple(s for s in raw.get("sentences") or () if isinstance(s, str) and s.strip())
    if not raw.get("file") or not sentences:
        label = "/".join(str(entry[k]) for k in ("profession", "topic", "region", "level", "name") if entry.get(k))
        raise KnowledgeError(
            f"knowledge/{file_name}: Eintrag „{label}“ hat keinen Quellsatz. Jede Angabe braucht "
            "source: file (der Artikel) und sentences (die wörtlich zitierten Sätze, die sie belegen)."
        )
    return Source(file=raw["file"], sentences=sentences)


def _terms(raw: List[dict]) -> Tuple[Term, ...]:
    return tuple(
        Term(key=t["key"], label=t["label"], synonyms=tuple(t["synonyms"]), follow_up_words=tuple(t.get("follow_up_words") or ()))
        for t in raw
    )


def _gaps(raw: List[dict]) -> Tuple[Gap, ...]:
    return tuple(
        Gap(
            # Patterns are searched in case-folded text, where "ß" is "ss" ("wie heißt der" → "wie heisst der").
            tuple(g.get("words") or ()), tuple(p.replace("ß", "ss") for p in g.get("patterns") or ()), g["reply"], g.get("level"),
            tuple(g.get("related_words") or ()), tuple(g.get("professions") or ()),
            tuple(p.replace("ß", "ss") for p in g.get("pointed_patterns") or ()),
        )
        for g in raw
    )


def _not_covered(raw: dict) -> NotCovered:
    return NotCovered(
        profession_words=tuple(raw["other_professions"]["words"]),
        profession_endings=tuple(raw["other_professions"]["endings"]),
        levels=_gaps(raw["other_levels"]),
        pay_concepts=_gaps(raw["pay_concepts"]),
        topics=_gaps(raw["other_topics"]),
        employers=_gaps(raw.get("other_employers") or []),
        places=tuple(raw.get("other_places") or ()),
    )


def _read(name: str, directory: Path) -> dict:
    with open(directory / name, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_knowledge_base(directory: Path = KNOWLEDGE_DIR) -> KnowledgeBase:
    """Reads every file of the knowledge base from `directory`."""
    vocabulary = _read("vocabulary.yml", directory)
    sources = _read("sources.yml", directory)
    return KnowledgeBase(
        titles={s["file"]: s["title"] for s in sources["sources"]},
        source_questions=SourceQuestions(tuple(sources.get("asked_by") or ()), tuple(sources.get("about") or ()), tuple(sources.get("asked_alone") or ())),
        professions=tuple(
            Profession(
                key=p["key"],
                name=p["name"],
                phrase=p["phrase"],
                about=p["about"],
                source_file=p["source"],
                synonyms=tuple(p["synonyms"]),
                cues=tuple(p.get("cues") or ()),
                generic_titles=tuple(p.get("generic_titles") or ()),
                field_names=tuple(p.get("field_names") or ()),
            )
            for p in _read("professions.yml", directory)["professions"]
        ),
        salaries=tuple(
            SalaryRow(**{**row, "employer_notes": dict(row["employer_notes"]), "employers": tuple(row.get("employers") or ()),
                         "measured_employers": tuple(row.get("measured_employers") or ()),
                         "source": _source(row, "salary_table.yml")})
            for row in _read("salary_table.yml", directory)["salaries"]
        ),
        facts=tuple(
            Fact(profession=f["profession"], topic=f["topic"], answer=f["answer"], source=_source(f, "facts.yml"),
                 salary_gap=f.get("salary_gap"), about_pay=bool(f.get("about_pay")), figures_follow=bool(f.get("figures_follow")),
                 themes=tuple(f.get("themes") or ()))
            for f in _read("facts.yml", directory)["facts"]
        ),
        topics=tuple(
            Topic(**{**t, "follow_up_words": tuple(t.get("follow_up_words") or ()), "unsure_words": tuple(t.get("unsure_words") or ())})
            for t in _read("topics.yml", directory)["topics"]
        ),
        levels=_terms(vocabulary["levels"]),
        periods=_terms(vocabulary["periods"]),
        employer_types=_terms(vocabulary["employer_types"]),
        places=tuple(Place(name=p["name"], source=_source(p, "places.yml")) for p in _read("places.yml", directory)["places"]),
        references={kind: tuple(words) for kind, words in vocabulary["references"].items()},
        gross_words=tuple(vocabulary["gross"]),
        factor_words=tuple(vocabulary["factors"]),
        comparison_words=tuple(vocabulary["comparison"]),
        contrast_words=tuple(vocabulary.get("contrast") or ()),
        comparative_words=tuple(vocabulary.get("comparative") or ()),
        rank_words=tuple(vocabulary.get("rank") or ()),
        field_stems=tuple(normalise(word) for word in vocabulary.get("field_stems") or ()),
        choice_words=tuple(vocabulary.get("choice") or ()),
        which_words=tuple(vocabulary.get("which") or ()),
        pay_words=tuple(vocabulary["pay"]),
        pay_question_words=tuple(vocabulary.get("pay_question") or ()),
        pay_compound_ends=tuple(vocabulary.get("pay_compound_ends") or ()),
        pay_rise_words=tuple(vocabulary.get("pay_rise") or ()),
        verdict_words=tuple(vocabulary.get("verdict") or ()),
        greeting_words=tuple(vocabulary.get("greetings") or ()),
        filler_words=frozenset(normalise(word) for word in vocabulary.get("filler") or ()),
        place_lead_words=frozenset(normalised_words(word) for word in vocabulary.get("place_lead") or ()),
        not_covered=_not_covered(_read("not_covered.yml", directory)),
    )


@functools.lru_cache(maxsize=1)
def knowledge_base() -> KnowledgeBase:
    """The knowledge base of this repository, read once per process."""
    return load_knowledge_base()


def normalise(text: str) -> str:
    """Folds case, umlauts, hyphens and spacing so that 'Medizin-Ingenieur' and 'medizin ingenieur' meet."""
    text = text.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^a-z0-9]+", "", text)


@functools.lru_cache(maxsize=64)
def _normalised_spellings(keys_and_synonyms: Tuple[Tuple[str, Tuple[str, ...]], ...]) -> Dict[str, str]:
    """Normalised spelling -> key, for every key and synonym of a vocabulary: built once per vocabulary."""
    spellings: Dict[str, str] = {}
    for key, synonyms in keys_and_synonyms:
        for spelling in (key, *synonyms):
            spellings.setdefault(normalise(spelling), key)
    return spellings


def _short_name_of(word: str, spellings: Dict[str, str]) -> str:
    """The short name in a normalised word with the person ending ("mtiler" -> "mti") where it is a spelling, else the word."""
    person = _PERSON_ENDING.match(word)
    return person.group(1) if person and person.group(1) in spellings and word not in spellings else word


def resolve_term(value: Optional[str], keys_and_synonyms: Dict[str, Tuple[str, ...]]) -> Optional[str]:
    """Maps an entity value as typed (or already a key) to a key; fuzzy for longer typos, None if unknown."""
    if not value or not isinstance(value, str):
        return None
    wanted = normalise(value)
    if not wanted:
        return None
    spellings = _normalised_spellings(tuple((key, tuple(synonyms)) for key, synonyms in keys_and_synonyms.items()))
    wanted = _short_name_of(wanted, spellings)
    if wanted in spellings:
        return spellings[wanted]
    if len(wanted) < _MIN_FUZZY_LENGTH:
        return None
    close = difflib.get_close_matches(wanted, spellings.keys(), n=5, cutoff=_FUZZY_CUTOFF - _FUZZY_MARGIN)
    if not close or difflib.SequenceMatcher(None, wanted, close[0]).ratio() < _FUZZY_CUTOFF:
        return None
    # "Medizin" is as close to "Medizin-IT" as to "Medizin-Ing": a fragment of two keys' spellings names neither,
    # and a fragment of one is no typo of it ("engineer" of "med engineer", in "software engineer").
    if wanted in close[0]:
        return None
    return spellings[close[0]] if len({spellings[c] for c in close}) == 1 else None


# A misspelt name of several words ("medizinsch technichen infomatik") is found where it is this close to one
# key's spelling; only long spellings, so that no ordinary word is taken for a name by chance.
_FUZZY_MENTION_CUTOFF = 0.9
_MIN_FUZZY_MENTION_LETTERS = 12
_MAX_FUZZY_MENTION_WORDS = 3
_FUZZY_MENTION_LENGTH_SLACK = 4


@functools.lru_cache(maxsize=64)
def _long_spellings(keys_and_synonyms: Tuple[Tuple[str, Tuple[str, ...]], ...]) -> Dict[str, List[Tuple[str, str]]]:
    """The normalised spellings of `_MIN_FUZZY_MENTION_LETTERS` or more, with their keys, by their first two letters."""
    index: Dict[str, List[Tuple[str, str]]] = {}
    for spelling, key in _normalised_spellings(keys_and_synonyms).items():
        if len(spelling) >= _MIN_FUZZY_MENTION_LETTERS:
            index.setdefault(spelling[:2], []).append((spelling, key))
    return index


def _close(window: str, spelling: str) -> bool:
    """Whether `window` is a misspelling of `spelling`; the cheap upper bounds first, as difflib.get_close_matches does."""
    if abs(len(spelling) - len(window)) > _FUZZY_MENTION_LENGTH_SLACK:
        return False
    matcher = difflib.SequenceMatcher(None, spelling, window)
    return matcher.quick_ratio() >= _FUZZY_MENTION_CUTOFF and matcher.ratio() >= _FUZZY_MENTION_CUTOFF


def fuzzy_mentions(
    text: str, keys_and_synonyms: Dict[str, Tuple[str, ...]], excluded: frozenset = frozenset(), taken: Set[int] = frozenset()
) -> List[Tuple[int, str]]:
    """(word position, key) of misspelt synonyms of one to three words: close to spellings of one key only, and
    containing no word of `excluded` (normalised: "informatiker" is another profession) or position in `taken`."""
    index = _long_spellings(tuple((key, tuple(synonyms)) for key, synonyms in keys_and_synonyms.items()))
    words = normalised_words(text).split()
    found: List[Tuple[int, str]] = []
    start = 0
    while start < len(words):
        for size in range(_MAX_FUZZY_MENTION_WORDS, 0, -1):
            parts = words[start:start + size]
            window = "".join(parts)
            if len(parts) < size or len(window) < _MIN_FUZZY_MENTION_LETTERS or excluded & set(parts) or taken & set(range(start, start + size)):
                continue
            keys = {key for spelling, key in index.get(window[:2], ()) if _close(window, spelling)}
            if len(keys) == 1:
                found.append((start, keys.pop()))
                start += size - 1
                break
        start += 1
    return found


def normalised_words(text: str) -> str:
    """The text's words, normalised and split at spaces, hyphens and slashes: the positions `matches` counts in."""
    return " ".join(w for w in (normalise(part) for part in re.split(r"[\s/-]+", text)) if w)


@functools.lru_cache(maxsize=512)
def _spellings(keys_and_synonyms: Tuple[Tuple[str, Tuple[str, ...]], ...]) -> Dict[str, List[Tuple[Tuple[str, ...], str]]]:
    """The synonyms as word tuples, indexed by their first word: built once per vocabulary."""
    index: Dict[str, List[Tuple[Tuple[str, ...], str]]] = {}
    for key, synonyms in keys_and_synonyms:
        for spelling in synonyms:
            wanted = tuple(normalised_words(spelling).split())
            if wanted:
                index.setdefault(wanted[0], []).append((wanted, key))
    return index


# A one-word spelling this long also matches with a German case ending ("bei Berufseinsteigern"); shorter ones
# would not stay apart ("Jahr" is not "Jahre").
_MIN_INFLECTED_LETTERS = 8
_CASE_ENDINGS = ("en", "em", "n", "es", "s", "e")


def _inflected_stems(word: str) -> List[str]:
    """The forms of a normalised word without a case ending, where what is left is long enough to be told apart."""
    return [word[:-len(ending)] for ending in _CASE_ENDINGS if word.endswith(ending) and len(word) - len(ending) >= _MIN_INFLECTED_LETTERS]


# A word of a phrase this long may carry another adjective ending than the listed one: "bildgebender Diagnostik" is
# "bildgebende Diagnostik"; shorter words keep theirs ("die" is not "der").
_MIN_PHRASE_STEM_LETTERS = 6
_ADJECTIVE_ENDINGS = ("en", "em", "er", "es", "e")


def phrase_stem(word: str) -> str:
    """A normalised word of a phrase without its adjective ending, where what is left is long enough to be told apart."""
    ending = next((e for e in _ADJECTIVE_ENDINGS if word.endswith(e) and len(word) - len(e) >= _MIN_PHRASE_STEM_LETTERS), "")
    return word[:len(word) - len(ending)]


@functools.lru_cache(maxsize=512)
def _phrase_stems(keys_and_synonyms: Tuple[Tuple[str, Tuple[str, ...]], ...]) -> Dict[str, List[Tuple[Tuple[str, ...], str]]]:
    """The synonyms of several words as tuples of their stems, indexed by their first stem: built once per vocabulary."""
    index: Dict[str, List[Tuple[Tuple[str, ...], str]]] = {}
    for key, synonyms in keys_and_synonyms:
        for spelling in synonyms:
            stems = tuple(phrase_stem(w) for w in normalised_words(spelling).split())
            if len(stems) > 1:
                index.setdefault(stems[0], []).append((stems, key))
    return index


def matches(text: str, keys_and_synonyms: Dict[str, Tuple[str, ...]], inflected_phrases: bool = True) -> List[Tuple[int, int, str]]:
    """(first word, number of words, key) of every synonym in `text`; where matches overlap, the longest wins.

    Hyphens and slashes separate words on both sides, so "MTI-Absolventin" names "MTI" and
    "Medizin-Ingenieur" matches "Medizin Ingenieur". With `inflected_phrases`, the long words of a phrase may carry
    another adjective ending; names that list their spellings (professions) go without: "in der medizinischen technik
    informatik" names the informatics, not "Medizinische Technik".
    """
    vocabulary = tuple((key, tuple(synonyms)) for key, synonyms in keys_and_synonyms.items())
    index = _spellings(vocabulary)
    phrases = _phrase_stems(vocabulary)
    spellings = _normalised_spellings(vocabulary)
    words = [_short_name_of(word, spellings) for word in normalised_words(text).split()]
    stems = [phrase_stem(word) for word in words]
    found = set()
    for start, word in enumerate(words):
        for wanted, key in index.get(word, ()):
            if tuple(words[start:start + len(wanted)]) == wanted:
                found.add((start, len(wanted), key))
        for wanted, key in phrases.get(stems[start], ()) if inflected_phrases else ():
            if tuple(stems[start:start + len(wanted)]) == wanted:
                found.add((start, len(wanted), key))
        for stem in _inflected_stems(word):
            found |= {(start, 1, key) for wanted, key in index.get(stem, ()) if len(wanted) == 1}
    taken: set = set()
    kept = []
    for start, length, key in sorted(found, key=lambda m: (-m[1], m[0])):
        span = set(range(start, start + length))
        if not span & taken:
            taken |= span
            kept.append((start, length, key))
    return sorted(kept)


def mentions(text: str, keys_and_synonyms: Dict[str, Tuple[str, ...]]) -> List[Tuple[int, str]]:
    """Every key named in `text` as whole words, with the word position of its first mention, in order."""
    first: Dict[str, int] = {}
    for start, _, key in matches(text, keys_and_synonyms):
        first.setdefault(key, start)
    return sorted((position, key) for key, position in first.items())


_VOCABULARIES: Dict[int, Tuple[KnowledgeBase, Dict[str, Dict[str, Tuple[str, ...]]]]] = {}


def vocabularies(kb: KnowledgeBase) -> Dict[str, Dict[str, Tuple[str, ...]]]:
    """Entity name -> key -> synonyms, for every entity whose values the knowledge base defines (built once per knowledge base)."""
    cached = _VOCABULARIES.get(id(kb))
    if cached is None or cached[0] is not kb:
        cached = _VOCABULARIES[id(kb)] = (kb, _vocabularies(kb))
    return cached[1]


def _vocabularies(kb: KnowledgeBase) -> Dict[str, Dict[str, Tuple[str, ...]]]:
    return {
        "profession": {p.key: p.synonyms for p in kb.professions},
        "level": {t.key: t.synonyms for t in kb.levels},
        "period": {t.key: t.synonyms for t in kb.periods},
        "employer_type": {t.key: t.synonyms for t in kb.employer_types},
        "place": {p.name: (p.name,) for p in kb.places},
    }


