"""What a turn is about: the professions, level, period, place and employer that a message names or implies.

Plain functions over the message text, the NLU entities and the remembered slots, testable without
Rasa. For the profession, the evidence counts in this order:

1. a known profession named in the message (by the NLU model or by one of its spellings);
2. a job title the articles do not cover ("Zahnarzt"), in the question: it replaces the remembered one,
   and it wins over a known profession named only as the field ("ein Physiker in der Medizintechnik");
3. a reference: "beide", "jeweils" mean every profession, "der andere Beruf" the ones not discussed last;
4. a cue that only one profession's article covers ("Duisburg", "PACS");
5. what the conversation discussed last.

Every value that came from the visitor is either a knowledge-base key or passes `name_like`, so
that nothing typed (digits, amounts, markup) is ever repeated as if it were a fact.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Set, Tuple

from actions.knowledge import (
    Fact, Gap, KnowledgeBase, SalaryRow, fuzzy_mentions, matches, mentions, normalise, normalised_words, resolve_term, vocabularies,
)
from nlu_components.questions import split_sentences

MAX_NAME_LENGTH = 40
_NAME = re.compile(r"[^\W\d_]+(?:[ '’-][^\W\d_]+)*")
# The usual German endings a listed word may carry: "Bereitschaftsdienst" also matches "Bereitschaftsdienste".
_INFLECTION = r"(?:e|n|en|s|es|er|in|innen)?"
# A listed word this long also matches inside a compound ("Ausbildungsplätze", "Berufsausbildung"), and one of
# five letters or more as its end ("Jahresbonus", "Leistungsprämie").
_COMPOUND_HEAD_LETTERS = 8
_COMPOUND_TAIL_LETTERS = 5
# An amount of money in the question ("über 60k", "3.000 €") asks about pay as a pay word does.
_AMOUNT = re.compile(r"\d\s*(?:k|tsd\.?|tausend|euro|eur)(?!\w)|\d\s*€|€\s*\d", re.IGNORECASE)
# A whole amount as visitors quote the articles' figures: "3200", "3.200", "42.000".
_QUOTED_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}[.,]\d{3}|\d{4,6})(?![\d.,]?\d)")
_SENTENCE = re.compile(r"(?<=[^\d\s][.!?])\s+|\n+")
# Before a job title these make it the person asked about ("ein Physiker", "als Zahnarzt"), unlike a
# field the person works in ("in der Medizintechnik").
_PERSON = re.compile(r"\b(?:ein|eine|einen|einem|einer|als|der|die|den)\s+$", re.IGNORECASE)
_INDEFINITE = re.compile(r"\b(?:ein|eine|einen|einem|einer)\s+$", re.IGNORECASE)
_DEFINITE = re.compile(r"\b(?:der|die|den|dem|des|beim|vom|zum)\s+$", re.IGNORECASE)
_FIELD = re.compile(r"\b(?:in|im|ins|aus)\s+(?:der|die|den|dem)?\s*$", re.IGNORECASE)
# Before a job title these make it the visitor's own background ("ich bin Krankenpfleger"), not what is asked about.
_BACKGROUND = re.compile(
    r"\b(?:ich\s+bin|bin|ich\s+war|war|gelernte[rn]?|ausgebildete[rn]?|arbeite\s+als|arbeitete\s+als|i\s+am|i'm)\s+"
    # "ich bin selbst Krankenschwester", "bin eigentlich elektriker".
    r"(?:(?:selbst|auch|eigentlich|ja|gerade|derzeit|zurzeit|momentan|aktuell|noch|schon|seit\s+\w+\s+\w+|actually|currently)\s+)?(?:ein|eine|a|an)?\s*$"
    # "meine Erfahrung aus der Pflege": where the visitor comes from.
    r"|\b(?:aus|von)\s+(?:der|dem|den)\s*$|\baus\s+$"
    # "ich hab ne Ausbildung als Fachinformatiker", "seit Jahren tätig als …".
    r"|\b(?:ausbildung|abschluss|studium|erfahrung|jahre|jahren|tätig|gearbeitet|gelernt|angestellt|beschäftigt)\s+als\s+(?:ein|eine)?\s*$",
    re.IGNORECASE,
)

_FROM_FIELD = re.compile(r"\b(?:von|aus)\s+$", re.IGNORECASE)
# "wenn ich vorher in der Pflege war": a field the visitor was or is in (not "mehr als ich jetzt in der Pflege krieg").
_I_IN_FIELD = re.compile(r"\bich\s+(?:\w+\s+){0,2}(?:in|im)\s+(?:der\s+|dem\s+)?$", re.IGNORECASE)
_WAS_IN_FIELD = re.compile(r"\s+(?:war|gewesen|gearbeitet|tätig)\b", re.IGNORECASE)

# "muss ich mit Pflegekräften klarkommen?": the people one works with, where the question does not ask their pay.
_WORKED_WITH = re.compile(r"\b(?:mit|zusammen\s+mit)\s+(?:den\s+|der\s+|dem\s+|anderen\s+)?$", re.IGNORECASE)

# "ich als Pflegekraft": the visitor's own job, where the question does not ask its pay.
_AS_ME = re.compile(r"\b(?:ich|mich|mir)\s+(?:\w+\s+)?als\s+(?:ein|eine|gelernte[rn]?|ausgebildete[rn]?)?\s*$", re.IGNORECASE)
# "Kann man als Pflegefachkraft in die MTI wechseln?": beside a known profession, "man als" is where one comes from too.
_AS_ONE = re.compile(r"\b(?:ich|mich|mir|man)\s+(?:\w+\s+)?als\s+(?:ein|eine|gelernte[rn]?|ausgebildete[rn]?)?\s*$", re.IGNORECASE)

# "Als Personalerin würde ich gern wissen, …": a title after a sentence's opening "als" and before "würde ich" is the visitor's own role.
_SPEAKER_AS = re.compile(r"(?:^|[,.!?:;]\s*)als\s+(?:ein|eine)?\s*$", re.IGNORECASE)
_SPEAKER_SAYS = re.compile(r"^\s*(?:\w+\s+)?(?:würde|möchte|frage|habe|hätte|will|wollte|interessiert|suche|brauche|überlege)\s+(?:ich|mich)\b",
                           re.IGNORECASE)

# A question about the visitor's own pay now ("was verdiene ich im Vergleich?"), not what they would earn in another job.
_OWN_PAY = re.compile(r"\b(?:verdiene ich|bekomme ich|kriege? ich|ich verdiene|ich bekomme|mein gehalt|meinem gehalt|mein lohn)\b", re.IGNORECASE)

# "meine Erfahrung aus der Pflege", "mein Pflegehintergrund": what the visitor brings, not a level asked about.
_OWN_EXPERIENCE = re.compile(r"\b(?:mein|meine|meiner|meinem|meinen|my)\s+(?:\w+\s+)?\w*(?:erfahrung|hintergrund|experience|background)", re.IGNORECASE)


# A clause of the visitor's own circumstances inside a question ("…, ich wohn ziemlich ländlich").
_OWN_CLAUSE = re.compile(r"^(?:ich|wir|mein|meine|bei mir|bei uns)\b", re.IGNORECASE)


def without_own_clauses(question: str) -> str:
    """The question without its comma clauses that state the visitor's own circumstances: their themes are background
    ("kann man in der MTI remote arbeiten, ich wohn ziemlich ländlich" asks about remote work, not the countryside)."""
    clauses = [c.strip() for c in question.split(",")]
    return ", ".join(c for c in clauses if not _OWN_CLAUSE.match(c)) or question


def names_amount(text: str) -> bool:
    """Whether the text names an amount of money ("3.600 im Monat", "68k")."""
    return bool(_AMOUNT.search(text) or _QUOTED_AMOUNT.search(text))


def names_level(question: str, kb: KnowledgeBase) -> bool:
    """Whether the question names a level by its vocabulary ("für Einsteiger")."""
    return bool(_outside(question, vocabularies(kb)["level"], kb))


def names_own_experience(question: str) -> bool:
    """Whether the question speaks of the visitor's own experience ("Hilft mir meine Pflegeerfahrung da was?")."""
    return bool(_OWN_EXPERIENCE.search(question))


def _is_person(prefix: str) -> bool:
    """Whether the words before a title make it the person ("ein Physiker"), not a field ("in der Medizintechnik")."""
    return bool(_PERSON.search(prefix)) and not _FIELD.search(prefix)


@dataclass
class Reading:
    """A turn, normalised to knowledge-base keys; None where the turn and the conversation leave a value open."""

    professions: Tuple[str, ...] = ()
    # Whether the message itself named or referred to the professions (else they are remembered).
    named_here: bool = False
    unknown_profession: Optional[str] = None
    level: Optional[str] = None
    levels: Dict[str, str] = field(default_factory=dict)
    period: Optional[str] = None
    place: Optional[str] = None
    employer_type: Optional[str] = None
    level_gap: Optional[str] = None
    pay_gap: Optional[str] = None
    topic_gap: Optional[str] = None
    # The words of the question that named the topic gap ("Programmiersprache"): a fact that says them follows the gap.
    topic_gap_words: Tuple[str, ...] = ()
    # "Woher stammen die Zahlen?": where the answers come from.
    asks_sources: bool = False
    # "und was steht stattdessen drin?" after a reply that said what the articles lack: what they say on that topic.
    asks_instead: bool = False
    # The topics whose `follow_up_words` the question says ("in der Stadt" names the regions).
    follow_up_topics: Tuple[str, ...] = ()
    # The level whose `follow_up_words` the question says ("und später?"), for a follow-up to a salary answer.
    follow_up_level: Optional[str] = None
    # An employer named by name ("Siemens Healthineers"): what a pay question about it gets first.
    employer_gap: Optional[str] = None
    # A job title the articles do not cover, whose pay the question compares with a known profession's ("Verdient ein
    # MTRA mehr als ein Medizin-Ingenieur?"), as typed.
    compared_unknown: Optional[str] = None
    # The message points back at what was named last ("die", "dort") and names no profession.
    refers_back: bool = False
    # The message asks the last question again, for something else ("gleiche Frage für Medizin-Ingenieure").
    repeats_question: bool = False
    # The professions the conversation discussed before this message.
    remembered: Tuple[str, ...] = ()
    # The professions last named outright (not by "der andere"): what "der andere Beruf" is the other of.
    anchor: Tuple[str, ...] = ()
    # The message itself names an employer type ("zahlt die Uniklinik mehr als die Mittelständler?").
    employer_named_here: bool = False
    # The question asks whether the figures are gross ("Ist das brutto?"), or in which period ("Monatlich?").
    asks_gross: bool = False
    asks_period: bool = False
    # The question asks what moves the salary ("Wovon hängt das ab?"), or compares ("mehr als in der MTI?").
    asks_factors: bool = False
    # The question asks what the salary is worth ("Ist das Gehalt wenigstens gut?").
    asks_verdict: bool = False
    compares: bool = False
    # The question asks how professions differ ("Was unterscheidet die beiden Berufe?").
    contrasts: bool = False
    # The question has any word that compares or chooses ("mehr", "besser", "wer", "welcher"): vocabulary `comparative`.
    comparative: bool = False
    # The question asks to choose ("wo", "wer", "welcher"): vocabulary `choice`.
    chooses: bool = False
    # The question asks about pay at a level or in a period ("Was ist als Einstiegsgehalt realistisch?").
    asks_pay: bool = False
    # The question asks how something affects pay ("Bringt Weiterbildung gehaltlich was?").
    asks_pay_effect: bool = False
    # The question says nothing but a profession, pay and "mehr" ("also verdient der Informatiker mehr?"): with a profession
    # named, it compares the professions rather than asking what raises one's pay.
    says_only_more_pay: bool = False
    # The question uses a pay word at all ("Was zahlt die Uniklinik da?").
    names_pay: bool = False
    # The question asks in general ("Was verdient man generell zum Einstieg?"), not about what the message names.
    asks_generally: bool = False
    # The question names an amount ("gibts da auch mal mehr als die 55k?"): what it compares with is that figure.
    names_amount: bool = False
    # The question names several levels of at most one profession ("mit Berufserfahrung mehr als das Einstiegsgehalt?").
    names_levels: bool = False
    # The message names nothing of its own: no profession, level, period, place or employer ("Wie viel genau mehr?").
    names_nothing: bool = False
    # The message names a level, period or employer of its own ("mit meiner Berufserfahrung").
    names_terms: bool = False
    # Which of place, level and employer type the message names itself (answers.ASKED_SUBJECTS), not only remembers.
    asked_here: Tuple[str, ...] = ()
    # The place the question asks about, named in it or pointed at ("Ich wohne in Duisburg. Gibt es hier Stellen?").
    asked_place: Optional[str] = None
    # Whether the question names that place itself, not "dort" or its background.
    place_in_question: bool = False
    # The employer types the question compares ("zahlen Labordienstleister besser als Kliniken?").
    compared_employers: Tuple[str, ...] = ()

    def level_of(self, profession: str) -> Optional[str]:
        """The level asked for this profession: its own where the message paired them, else the turn's."""
        return self.levels.get(profession, self.level)

    def slot_values(self) -> Dict[str, object]:
        """The slots as they should be after this turn; an unknown profession is kept by its name."""
        single = self.professions[0] if len(self.professions) == 1 else None
        return {
            "profession": single or self.unknown_profession,
            "professions": list(self.professions) or None,
            "level": self.level,
            "period": self.period,
            "place": self.place,
            "employer_type": self.employer_type,
            "named_professions": list(self.anchor) or None,
        }


def name_like(value: object) -> Optional[str]:
    """`value` if it looks like a name (letters, spaces, hyphens, at most 40 characters), else None."""
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split()).strip(" .,;:!?")
    if not cleaned or len(cleaned) > MAX_NAME_LENGTH or not _NAME.fullmatch(cleaned):
        return None
    return cleaned


def _sentences(text: str) -> List[str]:
    return split_sentences(text, _SENTENCE)


# A question this short ("Stimmt das?", "Ist das so?"), or one this short that points at what was said ("Können Sie mir
# dazu was sagen?"), asks about the sentence before it.
_CONFIRMATION_WORDS = 3
_POINTING_WORDS = 7
_POINTING = re.compile(r"\b(?:dazu|darüber|davon)\b", re.IGNORECASE)
# A last sentence with no end mark and this many words, after a question, is a question too.
_END_MARK = re.compile(r"[.!?;:)]$")
_UNMARKED_QUESTION_WORDS = 3
_REQUEST = re.compile(r"(?:bitte|please)\b", re.IGNORECASE)
_OF_ONESELF = re.compile(r"(?:ich|wir|mein\w*|i|we|my)\b", re.IGNORECASE)


def question_of(text: str) -> str:
    """The question in a message: its sentences that end with a question mark, else its last sentence; a short question
    that asks to confirm the sentence before it ("In der MTI hängt das Gehalt davon ab, wo man landet. Stimmt das?") with that sentence."""
    sentences = _sentences(text)
    if not sentences:
        return ""
    asked = [i for i, s in enumerate(sentences) if s.endswith("?")] or [len(sentences) - 1]
    # "und als medizin-ingenieur? geht das ohne ingenieurstudium": a last sentence after a question, left without an end mark, asks too.
    # Not one that speaks of the visitor ("would i earn more than now? i'm on about 3.400 brutto a month as a nurse").
    # "Welche Firmen … stellen gerade Medizin-Ingenieure ein? Bitte mit Namen.": a request after the question asks with it.
    unmarked = not _END_MARK.search(sentences[-1]) and len(sentences[-1].split()) >= _UNMARKED_QUESTION_WORDS and not _OF_ONESELF.match(sentences[-1])
    if asked[-1] < len(sentences) - 1 and (unmarked or _REQUEST.match(sentences[-1])):
        asked.append(len(sentences) - 1)
    last = sentences[asked[0]] if len(asked) == 1 else ""
    if asked[0] > 0 and last and (len(last.split()) <= _CONFIRMATION_WORDS or (len(last.split()) <= _POINTING_WORDS and _POINTING.search(last))):
        asked = [asked[0] - 1, asked[0]]
    return " ".join(sentences[i] for i in asked if i >= 0)


# What is left of a question that asks only what a profession is, once its names are taken out (words normalised:
# "überhaupt" is "ueberhaupt"): "Was ist Medizinisch-Technische Informatik eigentlich genau?", "Was ist ein Medizin Ingenieur in Duisburg?".
_WHAT_IS = re.compile(r"(kurze frage )?(was|wer) (ist|sind|macht|machen)( (denn|eigentlich|genau|ueberhaupt|so|ein|eine|einen|der|die|das|in|im|also))*")


def asks_what_it_is(text: str, kb: KnowledgeBase) -> bool:
    """Whether the question names a profession and otherwise only asks what it is."""
    words = normalised_words(question_of(text)).split()
    vocab = vocabularies(kb)
    named = matches(" ".join(words), {**vocab["profession"], **vocab["place"]}, inflected_phrases=False)
    if not any(key in vocab["profession"] for _, _, key in named):
        return False
    taken = {i for start, length, _ in named for i in range(start, start + length)}
    return bool(_WHAT_IS.fullmatch(" ".join(w for i, w in enumerate(words) if i not in taken)))


# "was heißt consulting da genau?" or "Was ist PACS?": a question for what one word means.
_WHAT_TERM = re.compile(
    r"(?:und |also |ok |okay )?(?:was (?:heisst|heißt|bedeutet|ist|is|sind|meint)|what is|what does|whats|what s) "
    r"(?:(?:denn|eigentlich|genau|da|ueberhaupt|überhaupt|so|ein|eine|der|die|das|dieses|dieser|diese) )*"
    r"([^\W\d_][\w-]{1,40})(?: (?:da|denn|eigentlich|genau|ueberhaupt|überhaupt|damit|dabei|gemeint|mean|means))*"
)


# "qualitätsmanagement, was heißt das genau?": the word first, then the question for its meaning.
_TERM_FIRST = re.compile(
    r"(?:und |also |ok |okay )?([^\W\d_][\w-]{1,40}) (?:was (?:heisst|heißt|bedeutet|ist|is|meint) (?:das|dies|es)|what does that mean|what is that)"
    r"(?: (?:denn|eigentlich|genau|da|ueberhaupt|überhaupt|konkret))*"
)


def term_asked(text: str, kb: KnowledgeBase) -> Optional[str]:
    """The one word whose meaning the question asks ("was heißt consulting da genau?"), as typed; none for a profession."""
    question = " ".join(re.findall(r"[\w-]+", question_of(text).casefold()))
    asked = _WHAT_TERM.fullmatch(question) or _TERM_FIRST.fullmatch(question)
    if not asked or asks_what_it_is(text, kb):
        return None
    # "Was ist der Unterschied?" or "was ist mit dem Gehalt?" asks no word's meaning ("was ist das?": answers.term_unexplained).
    term = asked.group(1)
    named = mentions(term, {"other": (*kb.contrast_words, *kb.comparison_words, *kb.pay_words)})
    return None if named else term


def asks_about_sentence_before(text: str) -> bool:
    """Whether the question is a short one about the statement before it ("… wie der Markt aussieht. Was sagt der Text dazu?")."""
    asked = _sentences(question_of(text))
    return len(asked) == 2 and not asked[0].endswith("?")


def said_before_asking(text: str) -> str:
    """The message up to its last question, which a question pointing back can only mean ("… Spielt das Thema eine Rolle?")."""
    sentences = _sentences(text)
    asked = [i for i, s in enumerate(sentences) if s.endswith("?")]
    return " ".join(sentences[: asked[-1] + 1] if asked else sentences)


def sentence_before_question(text: str) -> str:
    """The sentence just before the message's last question; empty where the message starts with it."""
    sentences = _sentences(text)
    asked = [i for i, s in enumerate(sentences) if s.endswith("?")]
    return sentences[asked[-1] - 1] if asked and asked[-1] > 0 else ""


def has_background(text: str) -> bool:
    """Whether the message says more than its question ("Ich bin Quereinsteigerin. Was muss ich können?")."""
    return len(_sentences(text)) > len(_sentences(question_of(text)))


# A word of a phrase this long may carry another adjective ending than the listed one ("bildgebender Diagnostik").
_PHRASE_STEM_LETTERS = 6
_PHRASE_WORD_ENDING = re.compile(rf"(?<=\w{{{_PHRASE_STEM_LETTERS}}})(?:en|em|er|es|e)$")


def _phrase_pattern(phrase: str) -> str:
    """A listed word or phrase as a regular expression in which every word of a phrase but the last may carry any adjective ending."""
    words = phrase.split()
    if len(words) < 2:
        return re.escape(phrase)
    heads = [re.escape(_PHRASE_WORD_ENDING.sub("", w)) + ("(?:en|em|er|es|e)?" if _PHRASE_WORD_ENDING.search(w) else "") for w in words[:-1]]
    return r"\s+".join(heads + [re.escape(words[-1])])


@functools.lru_cache(maxsize=256)
def _words_pattern(words: Tuple[str, ...], compounds: bool = False) -> Optional[str]:
    """One regular expression for a list of words or phrases, each with the usual German endings; with `compounds`,
    a single word also inside a compound (eight letters or more) or at its end (five or more)."""
    if not words:
        return None
    heads = [w for w in words if compounds and len(w) >= _COMPOUND_HEAD_LETTERS and w.replace("-", "").isalpha()]
    tails = [w for w in words if compounds and len(w) >= _COMPOUND_TAIL_LETTERS and w.replace("-", "").isalpha() and w not in heads]
    alternatives = "|".join(_phrase_pattern(w.casefold()) for w in sorted(set(words) - set(heads) - set(tails), key=len, reverse=True))
    heads_pattern = "|".join(re.escape(w.casefold()) for w in sorted(heads, key=len, reverse=True))
    tails_pattern = "|".join(re.escape(w.casefold()) for w in sorted(tails, key=len, reverse=True))
    patterns = [rf"\w*(?:{heads_pattern})\w*"] if heads_pattern else []
    patterns += [rf"\w*(?:{tails_pattern}){_INFLECTION}"] if tails_pattern else []
    patterns += [rf"(?:{alternatives}){_INFLECTION}"] if alternatives else []
    return rf"(?<!\w)(?:{'|'.join(patterns)})(?!\w)"


def topic_word_counts(text: str, kb: KnowledgeBase) -> Dict[str, int]:
    """How many of each topic's `unsure_words` and `follow_up_words` the text has."""
    folded = text.casefold()
    counts = {}
    for topic in kb.topics:
        pattern = _words_pattern(topic.unsure_words + topic.follow_up_words)
        counts[topic.key] = len({m.group(0) for m in re.finditer(pattern, folded)}) if pattern else 0
    return counts


def topic_named_by_words(text: str, kb: KnowledgeBase, guesses: Sequence[str] = ()) -> Optional[str]:
    """The topic whose `unsure_words` (or `follow_up_words`) the text has most of, where one has more than every
    other, or of those that have most the one the model guessed first (`guesses`, topic keys in the model's
    order): what a message the model could not read asks ("Gibts beim Medizin-Ingenieur viele Stellen?")."""
    counts = topic_word_counts(text, kb)
    most = max(counts.values(), default=0)
    tied = [key for key, count in counts.items() if count == most] if most else []
    if len(tied) == 1:
        return tied[0]
    return next((guess for guess in guesses if guess in tied), None)


def facts_saying(kb: KnowledgeBase, words: Sequence[str], professions: Sequence[str]) -> List[Fact]:
    """The facts (of `professions`, or all) whose answer says one of `words` as a word of its own."""
    return [
        f for f in kb.facts
        if (not professions or f.profession in professions)
        and any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", f.answer.casefold()) for word in words)
    ]


def facts_of_cues(text: str, kb: KnowledgeBase, professions: Sequence[str]) -> List[Fact]:
    """The facts (of `professions`) that say a cue of a profession the text names ("Bei welchem der beiden Berufe kommt PACS vor?")."""
    named = [cue for _, cue in mentions(text, {cue: (cue,) for p in kb.professions for cue in p.cues})]
    return facts_saying(kb, [cue.casefold() for cue in named], professions) if named else []


# A word this long is a content word ("Qualitätsmanagement"), not a word of the question's frame ("verlangen").
_CONTENT_WORD = re.compile(r"[^\W\d_]{10,}")


def content_words(text: str) -> Set[str]:
    """The long words of the text, case-folded: what it is about ("Spezialisierung"), not how it asks."""
    return {w.casefold() for w in _CONTENT_WORD.findall(text)}


def topic_of_fact_words(text: str, kb: KnowledgeBase, professions: Sequence[str]) -> Optional[str]:
    """The one topic whose facts (of `professions`) say a long word of the text themselves, not a word of the vocabularies
    (professions, places, levels: "Berufseinsteiger") ("Spielt Qualitätsmanagement da eine Rolle?"); None where no topic or several do.
    A word the facts of several topics say tells none ("der größte Unterschied zur klassischen Softwareentwicklung": the remote work's)."""
    names = {word for entries in vocabularies(kb).values() for synonyms in entries.values() for name in synonyms for word in normalised_words(name).split()}
    # Nor a word that frames a question ("Unterschied"), which says what is asked, not about what.
    names |= {word for phrase in (*kb.contrast_words, *kb.factor_words, *kb.comparison_words) for word in normalised_words(phrase).split()}
    words = {w.casefold() for w in _CONTENT_WORD.findall(text) if normalise(w) not in names}
    told = [{f.topic for f in facts_saying(kb, (word,), professions)} for word in words]
    topics = {next(iter(said)) for said in told if len(said) == 1}
    return topics.pop() if len(topics) == 1 else None


def themed_facts(text: str, kb: KnowledgeBase, professions: Sequence[str], topic: Optional[str]) -> List[Fact]:
    """The facts whose `themes` the text names ("Spielt KI da eine Rolle?"), where the facts of `topic` neither list nor
    mention what was named; none otherwise."""
    folded = text.casefold()
    facts = [f for f in kb.facts if not professions or f.profession in professions]
    # Most questions name no theme at all: one search says so.
    any_theme = _words_pattern(tuple(sorted({t for f in facts for t in f.themes})), compounds=True)
    if not any_theme or not re.search(any_theme, folded):
        return []

    def names(fact: Fact, theme: str) -> bool:
        """Whether the text names the theme with a word no fact of another topic of the profession says itself
        ("Wissenschaftscluster"), unless that fact lists the theme too ("Technologiepark": regions and employers)."""
        said = {m.group(0) for m in re.finditer(_words_pattern((theme,), compounds=True) or "(?!)", folded)}
        others = [f for f in facts if f.topic != fact.topic and f.profession == fact.profession and theme not in f.themes]
        return any(not any(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", f.answer.casefold()) for f in others) for word in said)

    named = {f: [t for t in f.themes if names(f, t)] for f in facts}
    themes = [t.casefold() for f, ts in named.items() for t in ts]
    if any(f.topic == topic and (named[f] or any(t in f.answer.casefold() for t in themes)) for f in facts):
        return []
    return [f for f, ts in named.items() if ts]


def topic_of_themes(
    text: str, kb: KnowledgeBase, professions: Sequence[str], topic: Optional[str], guesses: Sequence[str] = (),
) -> Optional[str]:
    """The one topic of the facts whose `themes` the text names (`themed_facts`), or of several the one the model
    guessed first (`guesses`, topic keys in the model's order), else the first of them in facts.yml: any fact that
    speaks of the theme answers better than one that does not ("und was ist mit Telemedizin?" after the training)."""
    facts = themed_facts(text, kb, professions, topic)
    topics = {f.topic for f in facts}
    return next((guess for guess in guesses if guess in topics), facts[0].topic if facts else None)


def _entity_values(entities: Iterable[Mapping[str, object]], name: str) -> List[str]:
    return [e["value"] for e in entities if e.get("entity") == name and isinstance(e.get("value"), str)]


def _gap(text: str, gaps: Sequence[Gap]) -> Tuple[Optional[Gap], str]:
    """The first gap whose words or patterns occur in `text`, and the text without them."""
    folded = text.casefold()
    for gap in gaps:
        patterns = [p for p in (_words_pattern(tuple(gap.words), compounds=True), *gap.patterns) if p and re.search(p, folded)]
        if patterns:
            for pattern in patterns:
                folded = re.sub(pattern, " ", folded)
            return gap, folded
    return None, text


def _pointed_gap(text: str, gaps: Sequence[Gap]) -> Optional[Gap]:
    """The first gap whose `pointed_patterns` occur in `text`, a sentence the question points back at."""
    folded = text.casefold()
    return next((gap for gap in gaps if any(re.search(p, folded) for p in gap.pointed_patterns)), None)


def said_words(text: str, gap: Optional[Gap]) -> Tuple[str, ...]:
    """The words of `gap` that `text` says, as typed (case folded), and the gap's `related_words`."""
    if gap is None:
        return ()
    pattern = _words_pattern(tuple(gap.words), compounds=True)
    said = tuple(m.group(0) for m in re.finditer(pattern, text.casefold())) if pattern else ()
    return tuple(dict.fromkeys(said + tuple(w.casefold() for w in gap.related_words)))


def rows_quoted(text: str, kb: KnowledgeBase) -> List[SalaryRow]:
    """The salary rows whose bounds the text quotes ("ob man eher 3200 oder 4200 kriegt", or an answer that stated them)."""
    quoted = {int(re.sub(r"[.,]", "", number)) for number in _QUOTED_AMOUNT.findall(text)}
    return [row for row in kb.salaries if quoted & {row.lower, row.upper}]


def level_of_amounts(text: str, kb: KnowledgeBase) -> Optional[str]:
    """The level of the salary rows whose bounds the text quotes, where that is one level."""
    levels = {row.level for row in rows_quoted(text, kb)}
    return levels.pop() if len(levels) == 1 else None


def _quotes_another_level(text: str, level: str, kb: KnowledgeBase) -> bool:
    """Whether the text quotes the figures of one profession's other level than `level`, where that profession has a row of `level`."""
    rows = rows_quoted(text, kb)
    professions = {row.profession for row in rows}
    return (len(professions) == 1 and all(row.level != level for row in rows)
            and any(row.profession in professions and row.level == level for row in kb.salaries))


def profession_of_amounts(text: str, kb: KnowledgeBase) -> Optional[str]:
    """The profession whose figures the text quotes ("auch mehr als 4800 möglich?"), where that is one profession."""
    professions = {row.profession for row in rows_quoted(text, kb)}
    return professions.pop() if len(professions) == 1 else None


def opens_with_greeting(text: str, kb: KnowledgeBase) -> bool:
    """Whether the message begins with a greeting ("Tach! Kannst du mir helfen?")."""
    return any(start == 0 for start, _, _ in matches(text, {"greeting": kb.greeting_words}))


def says_contrast(text: str, kb: KnowledgeBase) -> bool:
    """Whether `text` asks how things differ or are alike ("Was ist der Unterschied zwischen …?")."""
    return bool(_gap(text, (Gap(kb.contrast_words, (), "contrast"),))[0])


def names_pay(text: str, kb: KnowledgeBase) -> bool:
    """Whether `text` says a pay word, a compound ending in one ("Pflegegehalt"), an amount or one of the articles'
    figures ("Gibt es auch Stellen, die unter 42.000 liegen?")."""
    return (_says_pay_word(text, kb) or _ends_a_word(text, kb.pay_compound_ends) or bool(_AMOUNT.search(text))
            or bool(rows_quoted(text, kb)))


def without_figures_asked(question: str, kb: KnowledgeBase) -> str:
    """The question without a choice word that asks which figures ("Welche Einstiegsgehälter werden für Medizin-Ingenieure
    genannt?" chooses no profession)."""
    words = question.split()
    chosen = [i for i, word in enumerate(words[:-1]) if mentions(word, {"which": kb.which_words}) and names_pay(words[i + 1], kb)]
    return " ".join(word for i, word in enumerate(words) if i not in chosen)


# How many words before a pay word "nicht ums" sets it aside.
_PAY_ASIDE_WORDS = 4


def _says_pay_word(text: str, kb: KnowledgeBase) -> bool:
    """Whether `text` says a pay word, not set aside ("nicht ums Geld"); "auch so viel" only where it counts no thing
    ("verdient der auch so viel?", not "auch so viel altes Zeug?")."""
    words = normalised_words(text).split()
    for start, length, _ in matches(text, {"pay": kb.pay_words}):
        # "wenn es nicht ums große Geld geht" sets pay aside.
        before = words[max(0, start - _PAY_ASIDE_WORDS):start]
        if "nicht" in before and {"um", "ums", "wegen"} & set(before):
            continue
        after = words[start + length] if start + length < len(words) else None
        counted = words[start + length - 1] == "viel" and after is not None and after not in kb.filler_words
        if not counted or mentions(after, {"pay": kb.pay_words}):
            return True
    return False


def says_only_more_pay(text: str, kb: KnowledgeBase) -> bool:
    """Whether `text` says a pay word and a rise and, besides, only professions and words of no content ("verdient der Informatiker mehr?")."""
    said = {"profession": tuple(s for p in kb.professions for s in (*p.synonyms, *p.generic_titles)), "pay": kb.pay_words,
            "rise": kb.pay_rise_words + kb.comparative_words}
    found = matches(text, said)
    covered = {i for start, length, _ in found for i in range(start, start + length)}
    return {"pay", "rise"} <= {key for _, _, key in found} and all(
        i in covered or word in kb.filler_words for i, word in enumerate(normalised_words(text).split()))


def names_pay_noun(text: str, kb: KnowledgeBase) -> bool:
    """Whether `text` names pay by a noun that says nothing else ("Gehalt", "MTI-Gehälter"), not by a verb or money ("verdient", "Geld")."""
    return _ends_a_word(text, kb.pay_compound_ends)


def _ends_a_word(text: str, words: Sequence[str]) -> bool:
    """Whether a word of `text` ends with one of `words` ("Ausbildungsvergütung", "Pflegegehalt")."""
    ends = "|".join(re.escape(w.casefold()) for w in sorted(words, key=len, reverse=True))
    return bool(ends and re.search(rf"(?:{ends}){_INFLECTION}(?!\w)", text.casefold()))


def _gap_reply(text: str, gaps: Sequence[Gap]) -> Optional[str]:
    gap = _gap(text, gaps)[0]
    return gap.reply if gap else None


def asks_topic_gap(question: str, kb: KnowledgeBase) -> bool:
    """Whether the question asks about a topic the articles lack (not_covered.yml `other_topics`)."""
    return _gap(question, kb.not_covered.topics)[0] is not None


def level_gap_of(reply: Optional[str], kb: KnowledgeBase) -> Optional[Gap]:
    """The level gap whose reply this is (a remembered `asked_gap`), or None for a pay concept's or none."""
    return next((gap for gap in kb.not_covered.levels if gap.reply == reply), None)


@functools.lru_cache(maxsize=8)
def _title_rules(words: Tuple[str, ...], endings: Tuple[str, ...], known: Tuple[str, ...]) -> Tuple[Optional[str], Tuple[str, ...], frozenset, "re.Pattern[str]"]:
    """The listed titles' pattern, the normalised endings and known spellings, and one pattern for the known spellings."""
    known_pattern = re.compile("|".join(rf"(?<!\w){re.escape(k)}\w*" for k in sorted(known, key=len, reverse=True)), re.IGNORECASE)
    return _words_pattern(words), tuple(normalise(e) for e in endings), frozenset(normalise(k) for k in known), known_pattern


def _rules(kb: KnowledgeBase) -> Tuple[Optional[str], Tuple[str, ...], frozenset, "re.Pattern[str]"]:
    known = tuple(s for p in kb.professions for s in p.synonyms)
    return _title_rules(kb.not_covered.profession_words, kb.not_covered.profession_endings, known)


def _job_titles(text: str, kb: KnowledgeBase) -> List[Tuple[int, str]]:
    """(character position, title as typed) of every job title the articles do not cover: listed
    ("Lehrer", "Data Scientist"), or a compound ending like one ("Kinderkrankenpfleger")."""
    listed, endings, known, _ = _rules(kb)
    found = [(m.start(), m.group()) for m in re.finditer(listed, text, re.IGNORECASE)] if listed else []
    for match in re.finditer(r"[^\W\d_]+(?:-[^\W\d_]+)*", text):
        folded = normalise(match.group())
        if folded not in known and folded not in endings and any(folded.endswith(ending) for ending in endings):
            found.append((match.start(), match.group()))
    return sorted((position, word[:1].upper() + word[1:]) for position, word in set(found))


def unknown_profession_in(text: str, kb: KnowledgeBase) -> Optional[str]:
    """A job title the articles do not cover, as typed ("Zahnarzt"), in the question of the message, unless the
    visitor names it as their own job ("ich bin Krankenpfleger, was passt zu mir?") or as people one works with."""
    question = question_of(text)
    # "Kann ich als Pflegekraft da quereinsteigen?" is the visitor's own job, "Was verdiene ich als Pflegekraft?" its pay.
    own = not mentions(question, {"pay": kb.pay_words})
    # "ich kenne die sprache von pflege sehr gut, ist das gut?": a field the visitor comes from, where its pay is not asked.
    found = [(pos, word) for pos, word in _titles_asked(question, kb)
             if not _BACKGROUND.search(question[:pos])
             and not (own and (_AS_ME.search(question[:pos]) or _FROM_FIELD.search(question[:pos])
                               or _WORKED_WITH.search(question[:pos])
                               or (_I_IN_FIELD.search(question[:pos]) and _WAS_IN_FIELD.match(question[pos + len(word):]))))]
    return name_like(found[0][1]) if found else None


_COMPARED_WITH = re.compile(
    r"\b(?:mehr|weniger|besser|schlechter|höher|niedriger|more|less|better)\s+(?:als|than)\s+"
    # "mehr als jetzt in der Pflege"
    r"(?:(?:jetzt|aktuell|derzeit|heute|momentan|bisher|zurzeit|gerade|noch|now|currently)\s+)?"
    # "mehr als in der klassischen Softwareentwicklung"
    r"(?:in\s+der\s+|im\s+|bei\s+|beim\s+|ein\s+|eine\s+|einer\s+|a\s+|an\s+)?(?:\w+(?:e|en|er|es|em)\s+)?$",
    re.IGNORECASE)


def _compared_with(question: str, title: str) -> bool:
    """Whether the question names the title only as what something is compared with ("mehr als in der Pflege")."""
    at = question.casefold().find(title.casefold())
    return at >= 0 and bool(_COMPARED_WITH.search(question[:at]))


def own_title_in(text: str, kb: KnowledgeBase) -> Optional[str]:
    """A job title the articles do not cover that the message names as the visitor's own ("ich bin Elektriker. Was verdient man da?")."""
    return next((name_like(word) for pos, word in _titles_asked(text, kb) if _BACKGROUND.search(text[:pos])), None)


def _unknown_persons(question: str, kb: KnowledgeBase) -> List[Tuple[int, str]]:
    """Unknown job titles of the question named as a person ("ein Physiker"), not inside a known profession's name."""
    # A title inside a known profession's name ("die Informatiker") is that profession.
    known = [range(m.start(), m.end()) for m in _rules(kb)[3].finditer(question)]
    return [(pos, word) for pos, word in _titles_asked(question, kb) if _is_person(question[:pos]) and not any(pos in span for span in known)]


def _titles_asked(question: str, kb: KnowledgeBase) -> List[Tuple[int, str]]:
    """The job titles of the question, but those a fact speaks of (its `themes`) where the question does not ask
    their pay ("worauf achten die Personaler?" asks about applications)."""
    if mentions(question, {"pay": kb.pay_words}):
        return _job_titles(question, kb)
    themes = {theme.casefold() for fact in kb.facts for theme in fact.themes}
    return [(pos, word) for pos, word in _job_titles(question, kb) if word.casefold() not in themes]


def _asked_as_person(text: str, kb: KnowledgeBase) -> Optional[str]:
    """An unknown job title asked about as the person ("ein Physiker in der Medizintechnik") while the known
    profession is only named as the field; None where a known profession is itself the person asked about."""
    question = question_of(text)
    # "Hab ich als Krankenschwester eine Chance in der MTI?": the visitor's own job, where its pay is not asked.
    own = not mentions(question, {"pay": kb.pay_words})
    # "arbeite als MTLA in der pathologie … medizinisch technische informatik klingt passend": the visitor's own job too.
    titles = [(pos, word) for pos, word in _unknown_persons(question, kb)
              if not (own and (_AS_ONE.search(question[:pos]) or _BACKGROUND.search(question[:pos])))
              and not (_SPEAKER_AS.search(question[:pos]) and _SPEAKER_SAYS.match(question[pos + len(word):]))]
    if not titles:
        return None
    if any(_is_person(question[:match.start()]) for match in _rules(kb)[3].finditer(question)):
        return None
    return name_like(titles[0][1])


def _generic_profession(question: str, unknown: Optional[str], kb: KnowledgeBase, last: Sequence[str], discussed: Sequence[str]) -> Optional[str]:
    """The profession an unknown title names as its wider field (`generic_titles`: "nehmen die nur informatiker?"), where the
    conversation discussed it or, said with a definite article, another of these ("und beim Informatiker?" after the
    engineers; not "nehmen die nur Informatiker?"), the message names one of its cues or a word of the medical field
    stands next to it ("als informatiker im medizinbereich"); not "ein Informatiker" (a person of its own)."""
    if not unknown:
        return None
    cued = {k for _, k in mentions(question, {p.key: p.cues for p in kb.professions})}
    at = question.casefold().find(unknown.casefold())
    for profession in kb.professions:
        if at < 0 or _INDEFINITE.search(question[:at]) or normalise(unknown) not in _normalised(profession.generic_titles):
            continue
        if (profession.key in (*last, *discussed) or profession.key in cued or _in_the_field(question, at, len(unknown), kb)
                or (last and _DEFINITE.search(question[:at]))):
            return profession.key
    return None


# How many words before or after a generic title a word of the medical field qualifies it ("im Medizinbereich").
_FIELD_WINDOW = 3


def _in_the_field(question: str, at: int, length: int, kb: KnowledgeBase) -> bool:
    """Whether a word next to the title at `at` names the medical field ("Informatiker im Medizinbereich", "med.-techn. Informatiker")."""
    if at < 0:
        return False
    before = re.findall(r"[^\W\d_]+", question[:at])[-_FIELD_WINDOW:]
    after = re.findall(r"[^\W\d_]+", question[at + length:])[:_FIELD_WINDOW]
    return any(normalise(word).startswith(kb.field_stems) for word in before + after) if kb.field_stems else False


def _profession_matches(text: str, kb: KnowledgeBase) -> List[Tuple[int, int, str]]:
    """Profession mentions, where a longer employer name does not contain them ("Medizintechnik-Konzern" is an employer)."""
    vocab = vocabularies(kb)
    # The visitors' own names of a field ("medizinische IT") are matched as written, never as a typo of them.
    named = {p.key: p.synonyms + p.field_names for p in kb.professions}
    combined = {**named, **{f"employer:{k}": v for k, v in vocab["employer_type"].items()}}
    return [m for m in matches(text, combined, inflected_phrases=False) if not m[2].startswith("employer:")]


@functools.lru_cache(maxsize=8)
def _normalised(words: Tuple[str, ...]) -> frozenset:
    return frozenset(normalise(word) for word in words)


# Not a slot: the known professions the conversation discussed, in the order it first did (read from its events by the actions).
DISCUSSED = "discussed_professions"
# Not a slot: the visitor's message before the latest one (read from the conversation's events by the actions).
PREVIOUS_MESSAGE = "previous_message"
# How many words before a profession a negation negates it ("nicht die Ingenieure").
_NEGATION_WORDS = 2


def _known_professions(text: str, entities: Sequence[Mapping[str, object]], kb: KnowledgeBase) -> Tuple[List[Tuple[int, str]], List[str]]:
    """Known professions named in the message with their word positions, and entity values that name none."""
    vocab = vocabularies(kb)["profession"]
    named = sorted({key: start for start, _, key in reversed(_profession_matches(text, kb))}.items(), key=lambda kv: kv[1])
    named = [(start, key) for key, start in named]
    # "wieviel verdient man in der medizinsch technichen infomatik": a misspelt name, which the model may have split.
    employers = {i for start, length, _ in matches(text, vocabularies(kb)["employer_type"]) for i in range(start, start + length)}
    misspelt = [] if named else fuzzy_mentions(text, vocab, _normalised(kb.not_covered.profession_words), employers)
    named = named or misspelt
    inside_an_employer = {k for _, _, k in matches(text, vocab, inflected_phrases=False)} - {k for _, k in named}
    unresolved = []
    for found in entities:
        value = found.get("value")
        if found.get("entity") != "profession" or not isinstance(value, str):
            continue
        key = None if misspelt else resolve_term(value, vocab)
        start = found.get("start")
        if key is None:
            unresolved.append(value)
        elif key not in {k for _, k in named} and key not in inside_an_employer:
            named.append((len(normalised_words(text[:start]).split()) if isinstance(start, int) else len(text), key))
    # "ich mein die informatiker im krankenhaus, nicht die ingenieure": a profession the message negates is not the one asked about.
    words = normalised_words(text).split()
    before = {key: " ".join(words[max(0, start - _NEGATION_WORDS):start]) for start, key in named}
    negated = {key for key, said in before.items() if mentions(said, {"not": kb.references.get("not", ())})}
    return [(start, key) for start, key in named if key not in negated] or named, unresolved


def _referenced(text: str, kb: KnowledgeBase, last: Sequence[str], discussed: Sequence[str] = ()) -> Tuple[str, ...]:
    """The professions "beide", "der andere", "der erste" or "der letztere" refer to: of the professions named together last
    (`last`) or, where that is one, of those the conversation discussed in turn (`discussed`)."""
    keys = [p.key for p in kb.professions]
    # "und beim ersten mit Erfahrung?" after the MTI, then "der andere Beruf": the one discussed first.
    ordinal = _ordinal(text, tuple(last) if len(last) > 1 else tuple(discussed), kb)
    if ordinal:
        return ordinal
    if mentions(text, {"other": kb.references.get("other", ())}):
        others = [k for k in keys if k not in last]
        return tuple(others or keys) if last else ()
    if mentions(text, {"all": kb.references.get("all", ())}):
        return tuple(keys)
    return ()


def _ordinal(text: str, order: Tuple[str, ...], kb: KnowledgeBase) -> Tuple[str, ...]:
    """The profession "der erste" or "der letztere" of `text` picks of several in `order`; none where it names neither."""
    if len(order) > 1 and mentions(text, {"first": kb.references.get("first", ())}):
        return order[:1]
    if len(order) > 1 and mentions(text, {"second": kb.references.get("second", ())}):
        return order[-1:]
    return ()


# Where a message compares ("ein paar Jahre Medizin-Ingenieur oder frisch von der Uni in die MTI"), each part
# between these words or marks pairs its own level with its own profession.
_PARTS = re.compile(r"\b(?:oder|und|vs|versus|gegenüber|verglichen mit)\b|[,;:?!()]", re.IGNORECASE)


def _paired_levels(text: str, kb: KnowledgeBase) -> Dict[str, str]:
    """The level named in each part of the message that names exactly one profession, for that profession."""
    vocab = vocabularies(kb)
    paired: Dict[str, str] = {}
    for part in _PARTS.split(text):
        professions = mentions(part, vocab["profession"])
        levels = mentions(part, vocab["level"])
        if len(professions) == 1 and levels:
            paired.setdefault(professions[0][1], levels[0][1])
    return paired


def _outside(text: str, vocabulary: Dict[str, Tuple[str, ...]], kb: KnowledgeBase) -> List[Tuple[int, str]]:
    """Mentions of `vocabulary` that are not part of a profession's name ("Krankenhaus" in "Krankenhaus-IT")."""
    taken = {i for start, length, _ in _profession_matches(text, kb) for i in range(start, start + length)}
    return [(start, key) for start, length, key in matches(text, vocabulary) if not taken & set(range(start, start + length))]


def _term(text: str, entities: Sequence[Mapping[str, object]], slot: object, vocabulary: Dict[str, Tuple[str, ...]], name: str, kb: KnowledgeBase) -> Optional[str]:
    """A level, period or employer key: named in this message (by the model or a spelling), else remembered."""
    named = _outside(text, vocabulary, kb)
    inside_a_profession = {k for _, _, k in matches(text, vocabulary)} - {k for _, k in named}
    # "keine Berufserfahrung" names the entry level, though the model may have found "Berufserfahrung" alone.
    inside_a_longer = {resolve_term(value, vocabulary) for value in _entity_values(entities, name)} - {k for _, k in named} if named else set()
    for value in _entity_values(entities, name):
        key = resolve_term(value, vocabulary)
        if key and key not in inside_a_profession and key not in inside_a_longer:
            return key
    if named:
        return max(named, key=lambda m: len(m[1]))[1] if len(named) > 1 else named[0][1]
    return resolve_term(slot, vocabulary) if isinstance(slot, str) else None


# A follow-up this short that names only a place ("und in Duisburg dann?") asks the last question there.
_PLACE_FOLLOW_UP_WORDS = 6


def _place_follow_up(text: str, kb: KnowledgeBase, cued: Tuple[str, ...], last: Tuple[str, ...]) -> bool:
    """Whether a short follow-up names only a place that one article covers, about another profession discussed before:
    "Was verdient man in der MTI?" – "und in Duisburg dann?" asks about the MTI in Duisburg, not about the engineers."""
    if len(last) != 1 or last == cued or len(text.split()) > _PLACE_FOLLOW_UP_WORDS:
        return False
    places = {p.name.casefold() for p in kb.places}
    other_cues = {p.key: tuple(c for c in p.cues if c.casefold() not in places) for p in kb.professions}
    # Not "und die 42.000?", which names no place but quotes the other profession's figures.
    return bool(mentions(text, {"place": tuple(places)})) and not mentions(text, other_cues)


def _named_places(text: str, entities: Sequence[Mapping[str, object]], kb: KnowledgeBase) -> List[str]:
    """The places the message names (not words like "dort"), the one it asks about first.

    A place in the question comes before one in the background ("Duisburg nervt … Verdient man in München mehr?"), unless
    the question compares; one without figures before one with ("Ist das in Düsseldorf genauso viel wie in Duisburg?");
    and of the others the one named last before the question ("… nach Duisburg wechseln. Was verdiene ich dort?").
    """
    other_places = {place: (place,) for place in kb.not_covered.places}
    named = [k for _, k in mentions(text, vocabularies(kb)["place"])] + [k for _, k in mentions(text, other_places)]
    question = question_of(text).casefold()
    folded = text.casefold()
    with_figures = {r.region.casefold() for p in kb.professions for r in kb.salary_rows(p.key) if r.region}
    # "Ich komme aus München … Was verdient man in Duisburg im Vergleich?" compares with the place of the background.
    compares = bool(mentions(question, {"comparison": kb.comparison_words}))
    places: List[str] = []
    for value in sorted([*_entity_values(entities, "place"), *named],
                        key=lambda v: (v.casefold() not in question and not compares, v.casefold() in with_figures, -folded.rfind(v.casefold()))):
        # "Duisburger" ("ein Duisburger Start-up") and "Duisburg-Hamborn" are the place Duisburg.
        name = name_like(value)
        known = name and (resolve_term(name, vocabularies(kb)["place"]) or resolve_term(name.split("-")[0], vocabularies(kb)["place"]))
        # "paid under a collective agreement": a word the model tags as a place that knowledge/ lacks must stand where places stand.
        if name and not known and value not in named and not _stands_as_place(value, text, kb):
            continue
        name = known or name
        if name and not mentions(name, {"that": kb.references.get("that", ())}):
            name = name.title() if name.islower() else name
            places += [name] if name not in places else []
    return places


def _stands_as_place(value: str, text: str, kb: KnowledgeBase) -> bool:
    """Whether `value` opens the message or follows a word places follow ("in Oldenburg", "Raum Harz", "und Bremen?")."""
    words = normalised_words(text).split()
    first = normalised_words(value).split()[:1]
    return bool(first) and any(
        word == first[0] and (at == 0 or any(" ".join(words[:at]).endswith(" " + lead) or " ".join(words[:at]) == lead for lead in kb.place_lead_words))
        for at, word in enumerate(words))


def _place(text: str, entities: Sequence[Mapping[str, object]], slot: object, kb: KnowledgeBase) -> Optional[str]:
    """The place the message asks about, else the remembered one."""
    places = _named_places(text, entities, kb)
    return places[0] if places else name_like(slot)


def _asks_place_without_figures(question: str, text: str, entities: Sequence[Mapping[str, object]], kb: KnowledgeBase) -> bool:
    """Whether the question names a place and the message no place the salary table has figures for
    ("Was verdient man in München?", not "… nach Duisburg. Was verdient man da, und wie viel wäre es in München?")."""
    with_figures = {row.region.casefold() for row in kb.salaries if row.region}
    asked = [e for e in entities if isinstance(e.get("value"), str) and e["value"].casefold() in question.casefold()]
    return bool(_named_places(question, asked, kb)) and not any(p.casefold() in with_figures for p in _named_places(text, entities, kb))


def _known_list(value: object, kb: KnowledgeBase) -> Tuple[str, ...]:
    keys = {p.key for p in kb.professions}
    return tuple(value) if isinstance(value, list) and value and all(k in keys for k in value) else ()


def _remembered(slots: Mapping[str, object], kb: KnowledgeBase) -> Tuple[Tuple[str, ...], Optional[str]]:
    """The professions the conversation discussed last, or the unknown one it named last."""
    listed = slots.get("professions")
    keys = {p.key for p in kb.professions}
    if isinstance(listed, list) and listed and all(k in keys for k in listed):
        return tuple(listed), None
    profession = slots.get("profession")
    key = resolve_term(profession, vocabularies(kb)["profession"]) if isinstance(profession, str) else None
    return ((key,), None) if key else ((), name_like(profession))


def read_turn(text: str, entities: Sequence[Mapping[str, object]], slots: Mapping[str, object], kb: KnowledgeBase) -> Reading:
    """What this turn asks about, from its text and entities and, where they leave it open, the conversation."""
    reading = _read_turn(text, entities, slots, kb)
    # A gap of some articles only ("Kann ich da quereinsteigen?" about the engineers) is one where only they are asked about,
    # and where the question asks nothing else ("Weiterbildung für Quereinsteiger wie mich?", "mich als Quereinsteiger wie
    # einen Berufsanfänger einstuft?").
    gap, rest = _gap(question_of(text), kb.not_covered.topics)
    if reading.topic_gap and gap and gap.professions and not (
        reading.professions and set(reading.professions) <= set(gap.professions)
        and not (topic_named_by_words(rest, kb) or "level" in reading.asked_here or reading.names_pay)
    ):
        reading.topic_gap, reading.topic_gap_words = None, ()
    return reading


def _read_turn(text: str, entities: Sequence[Mapping[str, object]], slots: Mapping[str, object], kb: KnowledgeBase) -> Reading:
    """`read_turn`, before the gaps of some articles only are checked against the professions asked about."""
    vocab = vocabularies(kb)
    question = question_of(text)
    asked_entities = [e for e in entities if isinstance(e.get("value"), str) and e["value"].casefold() in question.casefold()]
    last, last_unknown = _remembered(slots, kb)
    named, unresolved = _known_professions(text, entities, kb)
    # A button that names a level ("Zum Einstieg", offered after "Für Bremen nennt der Artikel keine Zahl") asks for
    # that row as the article states it: the place and employer remembered from the question before do not apply.
    if text.startswith("/") and _entity_values(entities, "level"):
        slots = {**slots, "place": None, "employer_type": None}
    choosing = without_figures_asked(question, kb)
    # The profession slot holds this turn's entity value once Rasa extracted one: only a known key is memory.
    reading = Reading(
        period=_term(text, entities, slots.get("period"), vocab["period"], "period", kb),
        # An employer only in the background ("Ich habe ein Angebot von einem Klinikum.") is not what the question is about.
        employer_type=_term(question, asked_entities, slots.get("employer_type"), vocab["employer_type"], "employer_type", kb),
        place=_place(text, entities, slots.get("place"), kb),
        pay_gap=_gap_reply(question, kb.not_covered.pay_concepts),
        topic_gap=_gap_reply(question, kb.not_covered.topics),
        topic_gap_words=said_words(question, _gap(question, kb.not_covered.topics)[0]),
        follow_up_topics=tuple(key for _, key in mentions(question, {t.key: t.follow_up_words for t in kb.topics if t.follow_up_words})),
        follow_up_level=next((key for _, key in mentions(question, {t.key: t.follow_up_words for t in kb.levels if t.follow_up_words})), None),
        employer_gap=_gap_reply(question, kb.not_covered.employers),
        employer_named_here=bool(_term(question, asked_entities, None, vocab["employer_type"], "employer_type", kb)),
        asks_gross=bool(mentions(question, {"gross": kb.gross_words})),
        asks_period=bool(mentions(question, vocab["period"])),
        asks_factors=bool(_gap(question, (Gap(kb.factor_words, (), "factors"),))[0]),
        asks_verdict=bool(mentions(question, {"verdict": kb.verdict_words})),
        refers_back=bool(mentions(question, {"that": kb.references.get("that", ())})),
        repeats_question=bool(mentions(question, {"same": kb.references.get("same", ())})),
        compares=bool(mentions(question, {"comparison": kb.comparison_words})),
        contrasts=says_contrast(question, kb),
        comparative=bool(mentions(choosing, {"comparative": kb.comparative_words + kb.comparison_words + kb.contrast_words})),
        chooses=bool(mentions(choosing, {"choice": kb.choice_words})),
        names_pay=names_pay(question, kb),
        asks_pay=bool(mentions(question, {"pay": kb.pay_words}))
        and bool(mentions(question, vocab["level"]) or mentions(question, vocab["period"])),
        asks_pay_effect=bool(mentions(question, {"pay": kb.pay_question_words}))
        or bool(mentions(question, {"pay": kb.pay_words}) and mentions(question, {"rise": kb.pay_rise_words})),
        says_only_more_pay=says_only_more_pay(question, kb),
        asks_generally=bool(mentions(question, {"general": kb.references.get("general", ())})),
        names_amount=names_amount(question),
        remembered=last,
        anchor=_known_list(slots.get("named_professions"), kb) or last,
    )
    alone = normalised_words(question) in {normalised_words(words) for words in kb.source_questions.asked_alone}
    reading.asks_sources = alone or bool(mentions(question, {"sources": kb.source_questions.asked_by}))
    reading.asks_instead = bool(mentions(question, {"instead": kb.references.get("instead", ())}))
    # "Deshalb wäre Teilzeit für mich wichtig. Geht das in dem Beruf?": a short question pointing back asks about what the sentence before it lacks.
    # Not where the sentence before names a topic too ("… raus aus dem Schichtdienst und viel von zu Hause arbeiten. Geht das …?").
    before = sentence_before_question(text)
    points = {kind: kb.references.get(kind, ()) for kind in ("pointing", "possible")}
    # "Meine Tochter möchte wissen, wie hoch der Stundenlohn … ist. Können Sie das sagen?" asks for the pay concept it lacks.
    if (not (reading.topic_gap or reading.pay_gap) and len(question.split()) <= _POINTING_WORDS and mentions(question, points)
            and not topic_named_by_words(before, kb) and not topic_named_by_words(question, kb)):
        reading.topic_gap, reading.topic_gap_words = _gap_reply(before, kb.not_covered.topics), said_words(before, _gap(before, kb.not_covered.topics)[0])
        reading.pay_gap = _gap_reply(before, kb.not_covered.pay_concepts)
    # "Was verdient man denn in Vollzeit?": a pay question about something the articles lack says so, then gives the figures;
    # not where the pay word is part of the gap ("Gibt es Zahlen zu offenen Stellen?"), but where the gap is part of it ("Vollzeitgehalt").
    said_besides_gap = _gap(question, kb.not_covered.topics)[1]
    if reading.topic_gap and not reading.pay_gap and (names_pay(said_besides_gap, kb) or _ends_a_word(question, kb.pay_compound_ends)):
        reading.pay_gap, reading.topic_gap, reading.topic_gap_words = reading.topic_gap, None, ()
    # "mit 3 Jahren Berufserfahrung" names a level the articles lack, though "Berufserfahrung" alone is known.
    level_gap, rest = _gap(question, kb.not_covered.levels)
    named_level = _term(rest if level_gap else text, () if level_gap else entities, None, vocab["level"], "level", kb)
    # "ein Senior … mit 10 Jahren Berufserfahrung": the level the rest names is itself one the articles lack.
    if level_gap and named_level not in (None, level_gap.level) and _gap(rest, kb.not_covered.levels)[0]:
        named_level = None
    # "Vorher steht noch ein Pflichtpraktikum an. Was wird da bezahlt?": a pay question that points back at a level the articles
    # lack, named just before it, asks for that level; so does "und was verdient so einer?" after "Gibt es sowas wie
    # medizinischer Datenmanager?", where it names no profession.
    names_person_before = bool(mentions(question, {"person": kb.references.get("person", ())})) and isinstance(slots.get(PREVIOUS_MESSAGE), str)
    points_at_time = bool(mentions(question, {"time": kb.references.get("time", ())}))
    if not level_gap and named_level is None and (reading.refers_back or names_person_before or points_at_time) and names_pay(question, kb):
        before = sentence_before_question(text)
        if not before and names_person_before and not _profession_matches(question, kb):
            before = question_of(str(slots[PREVIOUS_MESSAGE]))
        level_gap = _gap(before, kb.not_covered.levels)[0] or (_pointed_gap(before, kb.not_covered.levels) if points_at_time else None)
        named_level = level_gap.level if level_gap else None
    if level_gap and named_level in (None, level_gap.level):
        reading.level_gap, reading.level = level_gap.reply, level_gap.level
        # "Was verdient ein Werkstudent?" asks for the level's pay: what the articles lack of the entry path is the level's gap.
        if reading.names_pay and reading.pay_gap and reading.pay_gap == _gap_reply(question, kb.not_covered.topics):
            reading.pay_gap = None
    else:
        reading.level = named_level or level_of_amounts(question, kb) or _term("", (), slots.get("level"), vocab["level"], "level", kb)
    # "Was sollten wir Berufseinsteigern und erfahrenen Leuten zahlen?" asks for the figures of every level.
    if not level_gap and len(named) < 2 and len({key for _, key in _outside(question, vocab["level"], kb)}) > 1:
        reading.level, reading.names_levels = None, True
    # "mi einstieg mit 4800 realistisch?": a figure quoted of another level of the same profession gets both rows.
    if not level_gap and named_level and _quotes_another_level(question, named_level, kb):
        reading.level, reading.names_levels = None, True
    # "Mein Schwiegersohn ist Medizinphysiker in der Strahlentherapie. Was verdient man in diesem Beruf in Duisburg?"
    job_before = (unknown_profession_in(sentence_before_question(text), kb)
                  if mentions(question, {"job": kb.references.get("job", ())}) else None)
    unknown = (_asked_as_person(text, kb) or job_before) if named else job_before or (
        unknown_profession_in(text, kb)
        or next((u for v in unresolved if v.casefold() in question.casefold() for u in [unknown_profession_in(v, kb)] if u), None)
        # "Eine Kollegin von mir ist Medizinphysikerin. Steht über deren Beruf und Gehalt auch etwas drin?"
        or (unknown_profession_in(sentence_before_question(text), kb) if reading.refers_back else None)
    )
    # "ist das mehr als in der pflege" after the informatics' figures compares them with a job the articles lack.
    if unknown and not named and last and _compared_with(question, unknown):
        reading.compared_unknown, unknown = unknown, None
    everyone = tuple(p.key for p in kb.professions)
    discussed = tuple(key for key in slots.get(DISCUSSED) or () if key in everyone)
    generic = _generic_profession(question, unknown, kb, last, discussed)
    if generic:
        named, unknown = named + [(len(text), generic)], None
    # "Ich habe 42.000 € gelesen – war das für den Medizin-Ingenieur?": the figures quoted are another profession's, which is named too.
    quoted = profession_of_amounts(question, kb)
    if named and not unknown and quoted and quoted not in {key for _, key in named}:
        named = named + [(len(text), quoted)]
    # "… mit dem Medizintechnik-Studium fast fertig. Nimmt die MTI auch Quereinsteiger?": the professions the question
    # names, not those of the background, unless it compares.
    in_question = {key for _, _, key in _profession_matches(question, kb)}
    if in_question and len(question) < len(text) and not (reading.compares or reading.contrasts or reading.comparative):
        named = [(start, key) for start, key in named if key in in_question] or named
    both_asked = _referenced(question, kb, ()) == everyone
    employers = list(dict.fromkeys(key for _, key in sorted(_outside(text, vocab["employer_type"], kb))))
    if both_asked and len(employers) > 1:
        # "… ein Angebot vom Universitätsklinikum und eins von einem Mittelständler. Wer von den beiden zahlt besser?":
        # "beide" are the employers, and the question is about them.
        reading.employer_type = reading.employer_type or employers[0]
        reading.employer_named_here = True
    elif named and not unknown and both_asked and len(named) < len(everyone) and len(_sentences(text)) > 1:
        # "Ich habe ein Angebot als Medizin-Ingenieur … Was unterscheidet die beiden Berufe?": the question's "beide" wins over the background.
        named = [(0, key) for key in everyone]
    # "… zwei Jahre in der Forschung gearbeitet … Wie sieht die Nachfrage auf dem Land aus?": terms of the background ask
    # nothing, unless a short question leans on it ("… bietet 3.600 im Monat zum Einstieg. Ist das dort normal?").
    said, said_entities = (question, asked_entities) if len(question.split()) > _POINTING_WORDS else (text, entities)
    reading.names_terms = any(_term(said, said_entities, None, vocab[name], name, kb) for name in ("level", "period", "employer_type"))
    in_question = _named_places(question, asked_entities, kb)
    points_back = bool(mentions(question, {"that": kb.references.get("that", ())}))
    # "gibt es dort auch jobs in der MTI?" after Duisburg asks about the place named last, also for another profession.
    remembered_place = slots.get("place") if mentions(question, {"place": kb.references.get("place", ())}) else None
    reading.place_in_question = bool(in_question)
    reading.asked_place = next(iter(in_question or (_named_places(text, entities, kb) if points_back else [])), None) or (
        remembered_place if isinstance(remembered_place, str) else None)
    # "… zwei Angebote, Privatklinik und Medizintechnik-Konzern. Wo verdient man eher mehr?": a short question compares those of the background.
    asked_employers = list(dict.fromkeys(key for _, key in sorted(_outside(said, vocab["employer_type"], kb))))
    reading.compared_employers = tuple(asked_employers) if len(asked_employers) > 1 else ()
    reading.asked_here = tuple(name for name, asked in (
        ("place", _asks_place_without_figures(question, text, entities, kb)),
        ("level", reading.level_gap or named_level or level_of_amounts(question, kb)),
        ("employer_type", reading.employer_named_here),
    ) if asked)
    if named and not unknown and reading.names_pay and (reading.compares or reading.comparative):
        reading.compared_unknown = next((name_like(word) for _, word in _unknown_persons(question, kb)), None)
    if named and not unknown:
        reading.professions = reading.anchor = tuple(dict.fromkeys(k for _, k in sorted(named)))
        # "Ich schwanke zwischen Medizin-Ingenieur und MTI. Was verdient man beim ersteren?": one of those the background named,
        # which stay the ones named together ("und beim letzteren?").
        if not _profession_matches(question, kb):
            reading.professions = _ordinal(question, reading.professions, kb) or reading.professions
        reading.levels = _paired_levels(text, kb) if len(named) > 1 else {}
        reading.named_here = True
        return _forget_other_contexts(reading, text, entities, kb)
    # Words only one profession's article has ("Technologiepark") name it, and so do its figures ("mehr als 4800?").
    cued = tuple(dict.fromkeys(k for _, k in mentions(text, {p.key: p.cues for p in kb.professions}))) or tuple(
        filter(None, [profession_of_amounts(question, kb)]))
    # "beide" or "der andere" in the question refer; in the background only where no cue names one profession ("… Radiologie
    # einer Privatklinik … Die Aufgaben klingen beide spannend … Womit muss ich beim Gehalt rechnen?").
    referenced = () if both_asked and len(employers) > 1 else (
        _referenced(question, kb, reading.anchor, discussed) or (() if len(cued) == 1 else _referenced(text, kb, reading.anchor, discussed)))
    # "ich bin Elektriker, was verdient man da?" with no profession named before: the visitor's own job is the one asked about.
    # "Ich bin MTRA in einer radiologischen Praxis. Was verdiene ich im Vergleich?" asks the visitor's own pay, whatever was discussed.
    own_pay = bool(_OWN_PAY.search(question)) and not referenced
    own_job = None if unknown or not reading.names_pay or not (own_pay or not (referenced or cued or last or last_unknown)) else own_title_in(text, kb)
    if unknown or own_job:
        reading.unknown_profession = unknown or own_job
    elif referenced:
        reading.professions, reading.named_here = referenced, True
    elif len(cued) == 1 and not _place_follow_up(text, kb, cued, last):
        reading.professions, reading.named_here, reading.anchor = cued, True, cued
    elif last or last_unknown:
        # "und der andere?", then "und mit erfahrung bei dem?": the profession kept is now the one "der andere" is the other of.
        reading.professions, reading.unknown_profession, reading.anchor = last, last_unknown, last or reading.anchor
    reading.names_nothing = not (
        unknown or reading.named_here or reading.names_terms or reading.level_gap or reading.pay_gap or _place(text, entities, None, kb)
    )
    return _forget_other_contexts(reading, text, entities, kb)


def _forget_other_contexts(reading: Reading, text: str, entities: Sequence[Mapping[str, object]], kb: KnowledgeBase) -> Reading:
    """Where the turn moves to another profession, the place and employer remembered for the last one do not carry over."""
    if reading.remembered and reading.professions and set(reading.professions) != set(reading.remembered):
        reading.place = _place(text, entities, None, kb)
        reading.employer_type = _term(text, entities, None, vocabularies(kb)["employer_type"], "employer_type", kb)
    return reading
