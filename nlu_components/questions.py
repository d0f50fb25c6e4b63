"""How a message falls into sentences and separate questions: shared by the NLU pipeline (sentence_focus.py) and the
actions, which answer each question of a message that asks several (actions/actions.py); free of Rasa, so that the
action server does not load it."""

from __future__ import annotations

import re
from typing import List

# Parse data the pipeline adds and the actions read: the intents of a message's separate questions, and the part
# classifier's reading of the question of a message with background (nlu_components/sentence_focus.py).
QUESTIONS = "questions"
QUESTION_INTENT = "question_intent"

SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
# Clauses are split at commas and dashes ("Hey, bist du eine KI?", "…, und frage mich, was man verdient").
CLAUSE_START = re.compile(r"\s*[,–]\s+|\s+-\s+")
MIN_CLAUSE_WORDS = 2
# A verb before "ich" or "man" asks by itself ("programmiert man da viel?", "find ich da was?").
VERB_BEFORE_SUBJECT = r"(?-i:[a-zäöüß]+)\s+(?:ich|man)\b"
# Where one question ends and the next begins inside a sentence: ", und was …", "… und wie viel …", "… und find ich …".
AND_QUESTION = (r"\s+(?:und|oder)\s+(?=(?:was|wie|wo|wer|welche\w*|wann|warum|gibt es|kann man|muss man)\b"
                rf"|{VERB_BEFORE_SUBJECT})")
QUESTION_WORDS = (r"(?:was|wie|wo|wohin|woher|wofür|womit|worauf|woran|worüber|wovon|wozu|wer|welche\w*|wann|warum|wieso|weshalb|ob|gibt|gibts"
                  r"|kann|muss|ist|sind|hat|haben|braucht|bekommt|kriegt)\b")
QUESTION_JOIN = re.compile(rf"\s*[,;–]\s+(?:und\s+|oder\s+)?(?={QUESTION_WORDS})|{AND_QUESTION}", re.IGNORECASE)
# A message that starts with a question word, after words that only lead into it ("und wie gefragt sind die grad?").
QUESTION_WORD = re.compile(rf"\b(?:{QUESTION_WORDS}|{VERB_BEFORE_SUBJECT})", re.IGNORECASE)
# Verbs that start a yes-no question where they come first ("soll ich mich …", "is da noch bonus dabei"), but inside a sentence
# start no new question ("…, wird das …" is rarer than "…, sollte man meinen").
OPENING_VERBS = r"(?:soll|sollte|sollten|würde|würden|wäre|wären|lohnt|is|isses|darf|wird|werden|verdient|verdienen|zahlt|zahlen|bekomme|kriege|findet|finde|findest)\b"
# A request asks as a question does ("Okay, dann nenn mir einfach die Spannen beider nochmal.").
REQUEST_VERBS = r"(?:nenn|nenne|nennen sie|erzähl|erzähle|erzählen sie|erklär|erkläre|erklären sie|zeig|zeige|zeigen sie)\b"
OPENS_QUESTION = re.compile(rf"\s*(?:(?:und|aber|also|ok|okay|na|dann|bitte)\b[\s,]*)*(?:{QUESTION_WORDS}|{OPENING_VERBS}|{REQUEST_VERBS})", re.IGNORECASE)
# A message without a question mark ("was macht man da und kann man später aufsteigen") is split only where "und"
# starts a question: its commas may as well lead into "ich frage mich, ob …".
UNMARKED_QUESTION_JOIN = re.compile(AND_QUESTION, re.IGNORECASE)


# Abbreviations a sentence does not end at ("Unterschied zw. Medizin-Ingenieur und …", "als med.-techn. Informatiker").
ABBREVIATION = re.compile(
    r"(?:^|[\s(/-])(?:zw|bzw|ca|ggf|evtl|inkl|exkl|techn|med|mediz|z\.\s?b|d\.\s?h|u\.\s?a|o\.\s?ä|usw|etc|vs|bspw|sog|mtl|jährl|mind|"
    r"insb|bzgl|eigtl|allg|priv|öff|versch|std|nr|dr|prof|dipl|ing|inf|e\.\s?g|i\.\s?e)\.$",
    re.IGNORECASE,
)


def split_sentences(text: str, boundary: "re.Pattern[str]" = SENTENCE_END) -> List[str]:
    """The sentences of a text split at `boundary`, but not after an abbreviation."""
    pieces: List[str] = []
    for piece in boundary.split(text):
        if not piece or not piece.strip():
            continue
        if pieces and ABBREVIATION.search(pieces[-1]):
            pieces[-1] = f"{pieces[-1]} {piece.strip()}"
        else:
            pieces.append(piece.strip())
    return pieces


def sentences_of(text: str) -> List[str]:
    return split_sentences(text)


def has_question_word(text: str) -> bool:
    """Whether the message says a question word anywhere ("und informatik wo") or a verb before "man" or "ich" ("bei der informatik,
    programmiert man da viel?"), not only names something ("und die leute im technologiepark?")."""
    return bool(QUESTION_WORD.search(text))


def opens_question(text: str) -> bool:
    """Whether the message starts with a question word ("und wie gefragt sind die grad?"), not only names something ("und die MTI?")."""
    return bool(OPENS_QUESTION.match(text))


def _unmarked_questions(sentence: str) -> List[str]:
    """The questions of a sentence without a question mark: split where "und" starts a question, and at commas where the
    part before them is a question itself ("was macht ein medizin ingenieur, was verdient er und wie ist der arbeitsmarkt")."""
    parts = UNMARKED_QUESTION_JOIN.split(sentence)
    return [q for part in parts for q in (QUESTION_JOIN.split(part) if opens_question(part) else [part])]


def questions_of(text: str) -> List[str]:
    """The separate questions of a message: its question sentences (else its last sentence), split where a clause starts a new question."""
    sentences = sentences_of(text)
    asked = [s for s in sentences if s.endswith("?")]
    questions = [q for s in asked for q in QUESTION_JOIN.split(s)] if asked else _unmarked_questions(sentences[-1]) if sentences else []
    return [q.strip() for q in questions if len(q.split()) >= MIN_CLAUSE_WORDS]
