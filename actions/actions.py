"""Custom actions of the assistant: each reads the slots, asks `answers` for a reply and sends it."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Any, Collection, Dict, List, Optional, Sequence, Text, Tuple

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, Restarted, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import answers
from actions.answers import Reply
from actions.contact import load_contact
from actions.context import (
    DISCUSSED, PREVIOUS_MESSAGE, Reading, asks_about_sentence_before, asks_topic_gap, asks_what_it_is, content_words, facts_saying, has_background, level_gap_of, names_amount, names_level, names_pay, names_pay_noun,
    facts_of_cues, names_own_experience, opens_with_greeting, question_of, read_turn, said_before_asking, sentence_before_question, themed_facts, topic_named_by_words,
    rows_quoted, said_words, says_contrast, topic_word_counts, without_own_clauses, topic_of_fact_words, topic_of_themes, unknown_profession_in, term_asked,
)
from actions.knowledge import Fact, KnowledgeBase, Source, knowledge_base, mentions, resolve_term, vocabularies
from nlu_components.questions import QUESTION_INTENT, QUESTIONS, has_question_word, opens_question, questions_of, sentences_of

SALARY = "salary"
COMPARISON = "salary_comparison"

# After answers on topics marked `ask_feedback` the bot asks once per session whether they helped;
# trainer/review.py reads the replies.
FEEDBACK_QUESTION = "War das hilfreich?"
FEEDBACK_BUTTONS = [
    {"title": "👍", "payload": "/feedback_helpful"},
    {"title": "👎", "payload": "/feedback_unhelpful"},
]


# A message this short is a follow-up to the last answer ("Wie ist das beim anderen Beruf?", "und als Teamleiter?").
SHORT_FOLLOW_UP_WORDS = 8

SLOTS = ("profession", "professions", "named_professions", "level", "period", "employer_type", "place")
GERMAN = "de"


def read_request(tracker: Tracker, kb: KnowledgeBase) -> Reading:
    """What the latest message asks about, with what the conversation left open filled from the slots."""
    slots = {name: tracker.get_slot(name) for name in SLOTS}
    slots[DISCUSSED] = discussed_professions(tracker.events)
    slots[PREVIOUS_MESSAGE] = previous_question(tracker)
    return read_turn(tracker.latest_message.get("text") or "", tracker.latest_message.get("entities") or [], slots, kb)


def discussed_professions(events: Sequence[Dict[str, Any]]) -> List[str]:
    """The professions a conversation named or was answered about, in the order it first did: a message's own mentions in
    the order it says them (Rasa fills the slot with the last one), then the slot the actions set."""
    said: List[Any] = []
    for event in events:
        if event.get("event") == "user":
            mentioned = [e for e in (event.get("parse_data") or {}).get("entities") or [] if e.get("entity") == "profession"]
            said += [e.get("value") for e in sorted(mentioned, key=lambda e: e.get("start") or 0)]
        elif event.get("event") == "slot" and event.get("name") == "profession":
            said.append(event.get("value"))
    return list(dict.fromkeys(value for value in said if isinstance(value, str)))


def changed_slots(tracker: Tracker, values: Dict[str, Any]) -> List[EventType]:
    """SlotSet events only for the slots whose value differs from what the tracker holds (fewer events to store and read)."""
    return [SlotSet(name, value) for name, value in values.items() if tracker.get_slot(name) != value]


def asked_for_profession_last(tracker: Tracker) -> bool:
    """Whether the bot's last message before this one was the question which profession is meant."""
    bot_texts = [e.get("text") for e in tracker.events if e.get("event") == "bot"]
    return bool(bot_texts) and bot_texts[-1] == answers.ASK_PROFESSION


def written_in(tracker: Tracker) -> str:
    """The language the NLU pipeline identified for the latest message (nlu_components/language_gate.py); German if none.
    A message that does not tell its language itself ("Bye!", "hourly rate?") keeps the language of the visitor's message before it."""
    language = tracker.latest_message.get("language") or GERMAN
    if language != GERMAN or tracker.latest_message.get("language_told", True):
        return language
    before = [e for e in tracker.events if e.get("event") == "user"][-2:-1]
    return ((before[0].get("parse_data") or {}).get("language") if before else None) or GERMAN


def intent_confidence(tracker: Tracker) -> float:
    """How sure the NLU pipeline is of the latest message's intent."""
    return (tracker.latest_message.get("intent") or {}).get("confidence") or 0.0


def asked_topic(topic: str, reading: Reading) -> str:
    """The topic really asked: a pay concept makes any question a salary question, and a comparison
    that names one profession, or employers rather than professions, is about that profession's salary."""
    single = len(reading.professions) == 1
    another_remembered = bool(set(reading.remembered) - set(reading.professions))
    # "…, und in der Informatik – zahlen Konzerne da mehr als Kliniken?" compares employers within one profession.
    if single and reading.named_here and another_remembered and reading.compares and not reading.employer_named_here and topic in (SALARY, COMPARISON):
        return COMPARISON
    # "welche davon verdienen mehr?" asks to choose between the professions, though the model read a salary question.
    if (topic == SALARY and reading.chooses and reading.asks_pay_effect and not reading.named_here and not reading.asked_here
            and not (reading.pay_gap or reading.level_gap or reading.asks_factors or reading.names_terms or reading.unknown_profession)):
        return COMPARISON
    # "Was verdient man in der IT-Leitung?" asks for a figure, even where the words suggest the career topic.
    if (reading.pay_gap or reading.asks_pay or (reading.level_gap and reading.names_pay)) and topic != COMPARISON:
        return SALARY
    # "Mit meiner Berufserfahrung wäre doch mehr drin?", "und die Gehälter dort?" or "mit Berufserfahrung gleich mehr als das
    # Einstiegsgehalt?" or "gibts da auch mal mehr als die 55k?" about the one profession discussed asks for its salary;
    # "Wer verdient mehr?" or "also verdient der Informatiker mehr?" compares.
    if topic == COMPARISON and single and (
        reading.employer_named_here or reading.compared_employers or reading.pay_gap or reading.level_gap or reading.asks_factors
        or (reading.names_terms and not reading.compares and not reading.chooses) or not reading.comparative
        or (reading.asks_pay_effect and not reading.chooses and not (reading.named_here and reading.says_only_more_pay)) or reading.names_levels
        or (reading.names_amount and not reading.chooses)
    ):
        return SALARY
    return topic


def asks_about_pay(reading: Reading) -> bool:
    """Whether anything in the question is about pay or comparing: a pay word, a level, period or employer, a gap, a comparing word."""
    return bool(
        reading.names_pay or reading.asks_pay or reading.names_terms or reading.pay_gap or reading.level_gap
        or reading.compares or reading.contrasts or reading.asks_gross or reading.asks_period or reading.asks_factors
    )


def says_pay(reading: Reading) -> bool:
    """Whether the question itself says anything of pay: a pay word or amount, a period, gross or net, or a gap on pay."""
    return bool(
        reading.names_pay or reading.asks_pay or reading.asks_pay_effect or reading.pay_gap or reading.level_gap
        or reading.topic_gap or reading.employer_gap or reading.asks_gross or reading.asks_period or reading.asks_factors
    )


# Below this confidence the model's intent is a guess that the words of the message may overrule.
UNSURE = 0.6
# Below this confidence the model's intent is hardly more than a guess ("lieber spezialisieren oder breit aufstellen?" read
# as the job listing at 0.18): the topic the words name wins, whatever the model's other guesses.
GUESS = 0.3
# At or above this confidence the model's reading of a message with background stands where no word names its topic.
SURE = 0.9
# A second guess with at least this share of the first guess's weight is a close second that the question's words may choose.
CLOSE_SECOND = 0.5
# How many of the model's guesses the words of an unsure message may choose among.
TOP_GUESSES = 3
# How sure the model must be of its second guess to answer that instead of a salary comparison nothing asked for.
RUNNER_UP_CONFIDENCE = 0.1


def runner_up_topic(kb: KnowledgeBase, ranking: Sequence[Dict[str, Any]]) -> Optional[str]:
    """The likeliest fact topic after the salary ones ("Welche Entwicklungsmöglichkeiten gibt es in den beiden
    Berufen?" read as a comparison only because it names both), if the model gives it some weight."""
    for guess in ranking:
        topic = kb.topic_for_intent(guess.get("name"))
        if topic and topic.key not in (SALARY, COMPARISON) and (guess.get("confidence") or 0) >= RUNNER_UP_CONFIDENCE:
            return topic.key
    return None


def guessed_topics(kb: KnowledgeBase, ranking: Sequence[Dict[str, Any]]) -> List[str]:
    """The topics of the model's intent ranking, in its order."""
    return [t.key for t in (kb.topic_for_intent(guess.get("name")) for guess in ranking) if t]


def weight_of(kb: KnowledgeBase, ranking: Sequence[Dict[str, Any]], topic: str) -> float:
    """The model's confidence for the intent of `topic`."""
    for guess in ranking:
        guessed = kb.topic_for_intent(guess.get("name"))
        if guessed and guessed.key == topic:
            return guess.get("confidence") or 0.0
    return 0.0


def runner_up_with_facts(kb: KnowledgeBase, ranking: Sequence[Dict[str, Any]], reading: Reading, topic: str) -> Optional[str]:
    """The model's likeliest other fact topic that the articles cover for the professions in question, if it gives it some weight."""
    for guess in ranking:
        other = kb.topic_for_intent(guess.get("name"))
        if (other and other.key not in (topic, SALARY, COMPARISON) and (guess.get("confidence") or 0) >= RUNNER_UP_CONFIDENCE
                and _facts_of(kb, other.key, reading)):
            return other.key
    return None


def topic_by_words(kb: KnowledgeBase, topic: str, reading: Reading, parse: Dict[str, Any], previous: Optional[str], short: bool) -> str:
    """The model's topic, or where it is unsure the one the words of the message name.

    "Was kann man bei euch so verdienen?" that the model half takes for another topic, "Was zahlt die Uniklinik
    da?" or "Bringt Weiterbildung gehaltlich was?" ask for the salary, and so does "Wovon hängt das ab?" after a
    salary answer; a topic whose facts speak about pay themselves answers for itself. A message the model half
    takes for a salary question without a word about pay ("Hab ich auf dem Land überhaupt Chancen?") asks the
    model's next topic, unless it is a short follow-up to a salary answer that names something ("und in der MTI?").
    """
    confidence = (parse.get("intent") or {}).get("confidence") or 0.0
    text = parse.get("text") or ""
    question = question_of(text)
    overview = kb.overview_topic()
    # "Was ist ein Medizin Ingenieur in Duisburg?" asks what the profession is, whatever else the model read.
    if overview and asks_what_it_is(text, kb):
        return overview.key
    # "wovon hängts ab?" after a salary answer asks about pay; "so why do people even stay in that job?" asks the topic read.
    why = mentions(question, {"why": kb.references.get("why", ())})
    pay_cue = reading.names_pay or reading.asks_pay_effect or (reading.asks_factors and previous in (SALARY, COMPARISON) and not why)
    # A topic whose facts say themselves what they give on pay (`about_pay`, `salary_gap`) answers its pay questions.
    speaks_of_pay = pays_by_itself(kb, topic, reading) or bool(_salary_gap_of(kb, topic, reading))
    # "und was zahlen die konkret?", taken for the duties at 0.69, says no word of them; not where the part classifier reads
    # that topic in the question too (nlu_components/sentence_focus.py).
    read_alone = kb.topic_for_intent((parse.get(QUESTION_INTENT) or {}).get("name"))
    # Not where the question asks the last one again ("gibts für die informatiker ähnliche tipps?").
    wordless = (confidence < SURE and not topic_word_counts(text, kb).get(topic) and not (read_alone and read_alone.key == topic)
                and not reading.repeats_question)
    # "Erzähl mir was über die MTI-Gehälter.", taken for the duties at 0.91: a question that names pay by its noun and no topic.
    only_pay = (names_pay_noun(question, kb) and not topic_word_counts(text, kb).get(topic) and not topic_named_by_words(question, kb)
                and not (read_alone and read_alone.key == topic) and not reading.repeats_question)
    if topic not in (SALARY, COMPARISON) and pay_cue and (
            confidence < UNSURE or wordless or only_pay or reading.employer_named_here or reading.asks_pay_effect) and not speaks_of_pay:
        return SALARY
    follow_up = short and previous in (SALARY, COMPARISON) and not reading.names_nothing
    # "Hilft mir meine Pflegeerfahrung da überhaupt was?", read as a salary question however sure the model is, says
    # nothing of pay and names another topic by its words: that topic (the visitor's own experience names no level).
    worded = topic_named_by_words(question, kb)
    # A level only the background names ("6 jahre berufserfahrung, … wie sieht da der alltag aus") asks for no figure.
    asks_level = "level" in reading.asked_here and names_level(question, kb) and not names_own_experience(question)
    after_pay = short and previous in (SALARY, COMPARISON)
    # "mich interessiert it-sicherheit im krankenhaus. kommt das beim medizin ingenieur vor?" points back at a theme instead.
    pointed = points_back(question, kb) and topic_of_themes(said_before_asking(text), kb, reading.professions, None)
    # "Und im Vergleich dazu die Medizinisch-Technische Informatik?" after the duties compares the duties.
    compared_back = short and points_back(question, kb) and previous not in (None, SALARY, COMPARISON) and previous
    named_topic = worded or pointed or compared_back or None
    # "bin elektroniker … und verdien 3000 brutto. lohnt sich medizin ingenieur?" or "Mir bietet ein Krankenhaus 40.000 €. Ist das zu
    # wenig?": whether it pays, against an amount the visitor names.
    background = text[: text.rfind(question)] if question in text else ""
    # "… aktuell 3.900 brutto. Kann ich mit meiner Erfahrung mehr erwarten?" asks for more than it.
    if (reading.asks_verdict or mentions(question, {"rise": kb.pay_rise_words})) and names_amount(background):
        return SALARY
    # "wovon hängts da ab?" right after a salary answer asks what moves its figures, however sure the model is of another
    # topic; not "warum machen die Leute das dann?", which asks why people choose the job.
    if topic not in (SALARY, COMPARISON) and after_pay and reading.asks_factors and not why and not worded and not speaks_of_pay:
        return SALARY
    if topic in (SALARY, COMPARISON) and not after_pay and not says_pay(reading) and not asks_level and named_topic not in (None, SALARY, COMPARISON):
        return named_topic
    # "Was ist laut Artikel der größte Unterschied zur klassischen Softwareentwicklung?", read as pay for its "Unterschied": the
    # topic of the fact that says its long word.
    fact_topic = topic_of_fact_words(question, kb, reading.professions) if topic in (SALARY, COMPARISON) and not after_pay else None
    if fact_topic not in (None, SALARY, COMPARISON) and not asks_level and not says_pay(replace(reading, asks_factors=False)):
        return fact_topic
    # "und wo kann man die machen?" after the training asks what its follow-up words name, whatever topic the model read.
    if (short and len(reading.follow_up_topics) == 1 and topic not in (SALARY, COMPARISON) and previous not in (SALARY, COMPARISON)
            and not says_pay(reading)):
        return reading.follow_up_topics[0]
    # "… werd immer nach meiner Gehaltsvorstellung gefragt … was ist für Einsteiger realistisch?": a question naming
    # only a level, after background about pay, asks for that level's salary.
    if (topic not in (SALARY, COMPARISON) and names_level(question, kb) and not worded and not reading.names_pay
            and mentions(background, {"pay": kb.pay_words})):
        return SALARY
    if topic == SALARY and confidence < UNSURE and not asks_about_pay(reading) and not follow_up:
        return runner_up_topic(kb, parse.get("intent_ranking") or []) or topic
    # "was heißt das für jemanden, der frisch von der uni kommt?" after the challenges points back at them: a level alone asks no pay.
    if (topic == SALARY and confidence < UNSURE and points_back(question, kb) and previous and previous not in (SALARY, COMPARISON)
            and not (reading.names_pay or reading.asks_pay or reading.pay_gap or reading.level_gap)):
        return previous
    # The model reads a message with background as a whole ("Ich wohne in Duisburg … Wie sieht der Arbeitsmarkt aus?"):
    # the topic its question names by words wins where the model gives it some weight, however sure it is of another.
    ranking = parse.get("intent_ranking") or []
    guesses = guessed_topics(kb, ranking[:TOP_GUESSES])
    if topic not in (SALARY, COMPARISON) and has_background(text) and not reading.names_pay:
        weighted = guessed_topics(kb, [g for g in ranking if (g.get("confidence") or 0.0) >= RUNNER_UP_CONFIDENCE])
        asked = topic_named_by_words(question, kb, weighted)
        # "… denke über eine Weiterqualifizierung nach. Was wäre … mein Tagesgeschäft?": a topic the model is not sure of, that
        # no word of the message names and the part classifier does not read in the question gives way to the one the question
        # names among the model's first guesses.
        # "… Ich möchte verstehen, wie der Markt aussieht. Was sagt der Text dazu?" asks what the statement before it names.
        if asked and (asked in weighted or (wordless and asked in guesses) or asks_about_sentence_before(text)):
            return asked
    # Two readings of the question alone agree, its words and the part classifier's ("Ich bin Softwareentwickler, 34, …
    # Wie sieht da der Alltag aus?", read as a whole as a salary question): that topic, where the question says nothing of pay.
    # Not where the background names a theme that the question may point back at ("Ich schreibe über Datenschutz. Spielt das
    # Thema im Berufsalltag eine Rolle?").
    background_theme = points_back(question, kb) and topic_of_themes(said_before_asking(text), kb, reading.professions, None)
    if read_alone and has_background(text) and not reading.names_pay and read_alone.key == topic_named_by_words(question, kb) and not background_theme:
        return read_alone.key
    # "Was für ein Typ Mensch hält es da aus?", half taken for the region, asks the topic its words name where the
    # model has it among its first guesses, and so does "gibt's beim Medizin-Ingenieur auch sowas wie Aufstieg?", taken for
    # the employers at 0.88 though it says no word of them; where the model is unsure of a topic it has no word of, the
    # words decide ("… ist medizinisch technische informatik was für quereinsteiger", half taken for the departments).
    # "Gibt es solche Probleme in der MTI auch?", half taken for the employers, names the topic just answered.
    worded = topic_named_by_words(text, kb) if topic not in (SALARY, COMPARISON) and (confidence < UNSURE or wordless) else None
    if worded and (worded in guesses or (confidence < UNSURE and (confidence < GUESS or worded == previous or wordless))):
        return worded
    # "Welche Aufgaben hat ein Medizin-Ingenieur in Duisburg typischerweise?", read as the employers at 0.63 and the duties at
    # 0.34: the question's words name the model's second guess, which it weighs nearly as much as its first.
    second = guesses[1:2]
    close = bool(second) and weight_of(kb, ranking, second[0]) >= CLOSE_SECOND * confidence
    named_second = topic_named_by_words(question, kb, second) if topic not in (SALARY, COMPARISON) and close else None
    return named_second if named_second and named_second in second and not reading.names_pay else topic


def points_back(question: str, kb: KnowledgeBase) -> bool:
    """Whether the question points back at what the message said before it ("Spielt das Thema da eine Rolle?")."""
    return bool(mentions(question, {"pointing": kb.references.get("pointing", ())}))


def employer_gap(topic: str, reading: Reading) -> Optional[str]:
    """What a pay question about an employer named by name gets first ("Was zahlt Siemens Healthineers?")."""
    return reading.employer_gap if reading.names_pay or topic in (SALARY, COMPARISON) else None


def _facts_of(kb: KnowledgeBase, topic: Optional[str], reading: Reading) -> List[Fact]:
    """The topic's facts for the professions in question (all, where none is)."""
    keys = reading.professions or tuple(p.key for p in kb.professions)
    return [f for f in (kb.fact(key, topic) for key in keys) if f] if topic else []


def _salary_gap_of(kb: KnowledgeBase, topic: Optional[str], reading: Reading) -> Optional[str]:
    """The `salary_gap` of the topic's facts; none where they speak about pay themselves (`about_pay`)."""
    facts = _facts_of(kb, topic, reading)
    if any(f.about_pay for f in facts):
        return None
    return next((f.salary_gap for f in facts if f.salary_gap), None)


def figures_follow(kb: KnowledgeBase, gap: Optional[str], reading: Reading) -> bool:
    """Whether the fact whose salary gap this is has the article's figures follow it (`figures_follow`)."""
    keys = reading.professions or tuple(p.key for p in kb.professions)
    return bool(gap) and any(f.figures_follow and f.salary_gap == gap for f in kb.facts if f.profession in keys)


def _pay_follow_up(intent_topic: str, reading: Reading) -> bool:
    """A pay question about what the last answer was about: it points back, or compares nothing it names ("Wie viel genau mehr?")."""
    return (intent_topic in (SALARY, COMPARISON) and reading.refers_back) or (intent_topic == COMPARISON and reading.names_nothing)


def pays_by_itself(kb: KnowledgeBase, topic: Optional[str], reading: Reading) -> bool:
    """Whether the topic's facts speak about pay themselves (`about_pay`): a pay follow-up to them gets them again."""
    return any(f.about_pay for f in _facts_of(kb, topic, reading))


def salary_gap(kb: KnowledgeBase, intent_topic: str, reading: Reading, previous_topic: Optional[str]) -> Tuple[Optional[str], bool]:
    """What a pay question gets first where it asks about something the articles give no figure for: the subjects of
    the topic asked ("Was zahlt die Uniklinik da?"), or of the one before when the question points back ("Und was
    zahlen die?") or compares nothing it names ("Wie viel genau mehr?"), or of the topic its follow-up words name
    ("Verdient man in der Stadt mehr?"); and whether the question names those subjects itself (not only points back)."""
    if reading.names_pay and not has_figures_for_employer(kb, reading):
        asked = _salary_gap_of(kb, intent_topic, reading) or next(
            (gap for gap in (_salary_gap_of(kb, t, reading) for t in reading.follow_up_topics) if gap), None
        )
        if asked:
            return asked, not reading.asks_generally
    if _pay_follow_up(intent_topic, reading):
        return _salary_gap_of(kb, previous_topic, reading), False
    return None, False


def has_figures_for_employer(kb: KnowledgeBase, reading: Reading) -> bool:
    """Whether the employer named is one a salary row of the professions in question states its figures for
    ("Was verdient man an Forschungsinstituten?"): its figures answer, not the gap of a theme the word also names."""
    keys = reading.professions or tuple(p.key for p in kb.professions)
    return bool(reading.employer_type) and any(reading.employer_type in row.employers for key in keys for row in kb.salary_rows(key))


def quoted_answer(
    kb: KnowledgeBase, reading: Reading, question: str, previous: Optional[str], figures_said: str
) -> Tuple[Optional[str], Optional[Reply]]:
    """A question about where something comes from, answered with the article's own sentences, and their topic: those that say a
    long word of the question ("Stimmt das wirklich, dass zu viel Spezialisierung abschreckt? Woher stammt das?"), else those of
    the topic it names, or of the last answer where it points back ("Stimmt das so? Woher stammen diese Zahlen?"). None where it
    asks where all answers come from ("Aus welchen Quellen stammen Ihre Angaben?"). Figures are those of the rows the assistant's
    answers stated (`figures_said`), where the question names no profession ("Woher stammen die Zahlen, die Sie genannt haben?"
    after both professions' figures and then one's)."""
    words = content_words(question)
    passages = passages_saying(kb, words, reading.professions)
    said_back = previous if mentions(question, {"said": kb.references.get("said", ())}) else None
    topic = passages[0].topic if passages else topic_named_by_words(question, kb) or (SALARY if names_pay(question, kb) else said_back)
    stated = [] if reading.named_here or topic not in (SALARY, COMPARISON) else rows_quoted(figures_said, kb)
    sources = [f.source for f in passages] or [r.source for r in stated] or (sources_of(kb, topic, reading) if topic else [])
    return topic, answers.quoted_sources(kb, sources, words)


def passages_saying(kb: KnowledgeBase, words: Collection[str], professions: Sequence[str]) -> List[Fact]:
    """The facts (of `professions`, or all) one of whose source sentences says one of `words` ("Spezialisierung")."""
    return [f for f in kb.facts if (not professions or f.profession in professions)
            and any(w in sentence.casefold() for sentence in f.source.sentences for w in words)]


def sources_of(kb: KnowledgeBase, topic: str, reading: Reading) -> List[Source]:
    """The sources of what an answer on `topic` says for the professions in question: its salary rows (of the level asked) or facts."""
    keys = reading.professions or tuple(p.key for p in kb.professions)
    if topic in (SALARY, COMPARISON):
        rows = [r for key in keys for r in kb.salary_rows(key)]
        return [r.source for r in ([r for r in rows if r.level == reading.level] or rows)]
    return [f.source for f in _facts_of(kb, topic, reading)]


def place_gap(kb: KnowledgeBase, professions: Sequence[str], place: Optional[str]) -> Optional[str]:
    """Said before a comparison for a place none of the compared professions has figures for ("und in München?")."""
    if not place or len(professions) < 2 or any(r.region and r.region.casefold() == place.casefold() for p in professions for r in kb.salary_rows(p)):
        return None
    return f"für {place} nennen die Artikel keine eigenen Zahlen"


def ranks_professions(kb: KnowledgeBase, tracker: Tracker, topic: str, reading: Reading, question: str) -> bool:
    """Whether a question about a topic other than pay asks which of the professions the conversation discussed comes
    first ("bei welchem is die nachfrage höher", "und wo is homeoffice eher drin"), naming none of them itself."""
    return (kb.topic(topic) is not None and topic not in (SALARY, COMPARISON) and not reading.named_here and reading.chooses
            and bool(mentions(question, {"rank": kb.rank_words}))
            and len(set(discussed_professions(tracker.events)) & {p.key for p in kb.professions}) > 1)


def compared(kb: KnowledgeBase, reading: Reading) -> List[str]:
    """The professions a comparison puts side by side: those named, with the one discussed before, or all."""
    if len(reading.professions) > 1:
        return list(reading.professions)
    if reading.named_here and set(reading.remembered) - set(reading.professions):
        return [p.key for p in kb.professions if p.key in set(reading.remembered) | set(reading.professions)]
    return [p.key for p in kb.professions]


def _salary(kb: KnowledgeBase, reading: Reading, professions: Sequence[str], gap: Optional[str], subject_gap: Optional[str], subject_asked: bool) -> Reply:
    """The salary answer; `gap` is a pay concept the articles lack (their figures follow, labelled), `subject_gap`
    someone or somewhere they give no figure for (no figure follows where the question asks about it itself)."""
    salary_intent = kb.topic(SALARY).intent
    asked_here = reading.asked_here + (("subject",) if subject_asked else ())
    if len(professions) > 1:
        missing_place = place_gap(kb, professions, reading.place)
        if not subject_gap and missing_place:
            subject_gap, subject_asked = missing_place, "place" in reading.asked_here
        if subject_gap and subject_asked:
            return answers.figures_elsewhere_answer(kb, [g for g in (gap, subject_gap) if g], professions, salary_intent)
        choices = [(key, reading.level_of(key)) for key in professions]
        reply = answers.comparison_answer(kb, choices, reading.level, reading.period or "jahr", asks_factors=reading.asks_factors and not reading.asks_verdict,
                                          asks_gross=reading.asks_gross)
        notes = [g for g in (gap, subject_gap) if g]
        return answers.with_note(reply, f"{answers.said_in_turn(notes)}.") if notes else reply
    return answers.salary_answer(
        kb, professions[0], reading.level, reading.period, reading.place, reading.employer_type,
        gap=gap, subject_gap=subject_gap, asks_gross=reading.asks_gross, asks_period=reading.asks_period,
        asks_factors=reading.asks_factors, asks_verdict=reading.asks_verdict, salary_intent=salary_intent, asked_here=asked_here,
        compared_employers=reading.compared_employers,
    )


def answer(
    kb: KnowledgeBase, topic: str, reading: Reading, asked_before: bool, subject_gap: Optional[str] = None, subject_asked: bool = False
) -> Reply:
    """The reply for a topic: honest where the articles say nothing, and the profession question at most once in a row.

    `subject_gap` is what a salary question about something without figures gets first, `subject_asked` whether
    the question names that subject itself (see `salary_gap`).
    """
    if reading.topic_gap:
        return answers.gap_answer(kb, reading.topic_gap, related=facts_saying(kb, reading.topic_gap_words, reading.professions))
    if reading.asks_sources:
        # Every article, unless the question names a profession: the visitor may cite both.
        return answers.sources_answer(kb, reading.professions if reading.named_here else ())
    if reading.unknown_profession:
        return answers.unknown_profession(kb, reading.unknown_profession)
    # A level gap with a level ("nach zehn Jahren": mit Erfahrung) is said before that level's figures, where there are any.
    gap = reading.pay_gap or reading.level_gap
    if reading.level_gap and reading.level is None and topic in (SALARY, COMPARISON):
        professions = list(reading.professions) if topic == SALARY else compared(kb, reading)
        covering = professions or [p.key for p in kb.professions if kb.salary_rows(p.key)]
        return answers.figures_elsewhere_answer(kb, [reading.level_gap], covering, kb.topic(SALARY).intent)
    if topic == COMPARISON:
        return _salary(kb, reading, compared(kb, reading), gap, subject_gap, subject_asked)
    professions = list(reading.professions)
    if not professions:
        covering = [p.key for p in kb.professions if (kb.salary_rows(p.key) if topic == SALARY else kb.fact(p.key, topic))]
        if not covering:
            return Reply("Dazu sagen die Artikel nichts.", buttons=answers.topic_buttons(kb))
        # A question about something the articles lack ("Und netto?") is answered by saying so, not by asking back.
        if len(covering) > 1 and not asked_before and not (gap or subject_gap):
            return answers.ask_for_profession(kb)
        professions = covering
    if topic == SALARY:
        return _salary(kb, reading, professions, gap, subject_gap, subject_asked)
    # "und im vergleich zu münchen?" after the duties: the fact that names the place ("Anders als in München …"), where the topic's does not.
    placed = place_facts(kb, reading, professions)
    if placed and not any(f.topic == topic for f in placed):
        reply = answers.topic_answers(kb, placed[0].topic, [f.profession for f in placed if f.topic == placed[0].topic])
        return answers.with_note(reply, answers.place_mentioned_note(kb, reading.asked_place, [f.profession for f in placed]))
    reply = answers.topic_answers(kb, topic, professions)
    if not reading.professions and len(professions) == 1:
        reply.text = f"{kb.profession(professions[0]).name}: {reply.text}"
    notes = [f"{answers.capitalised(reading.pay_gap)}." if reading.pay_gap and reply.sources else None,
             answers.place_note(kb, reading.asked_place, professions, reply.text) if reading.asked_place and reply.sources else None]
    return answers.with_note(reply, " ".join(filter(None, notes))) if any(notes) else reply


def place_facts(kb: KnowledgeBase, reading: Reading, professions: Sequence[str] = ()) -> List[Fact]:
    """The facts (of `professions`, or of those in question) that name the place asked about ("Anders als in München …"), where
    it is no place the articles give figures for."""
    place, keys = reading.asked_place, professions or reading.professions
    if not place or not reading.place_in_question:
        return []
    # Not a place the articles give figures for ("Duisburg"): its profession's answers are all about it.
    regions = {r.region.casefold() for key in keys or [p.key for p in kb.professions] for r in kb.salary_rows(key) if r.region}
    return [] if place.casefold() in regions else facts_saying(kb, [place.casefold()], keys)


def with_further_questions(kb: KnowledgeBase, reply: Reply, topic: str, reading: Reading, intents: Sequence[str]) -> Reply:
    """`reply` with the answers to the message's other questions (nlu_components/sentence_focus.py) added after it.

    Only where the first answer states something from the articles: a reply that asks back or says
    the articles lack it stands alone.
    """
    if not reply.sources:
        return reply
    # The pay answer was read from all the message's words: "Stadt oder Land, wo verdient man mehr?" gets no comparison of the
    # professions after the salary it asks about.
    answered = {topic, SALARY, COMPARISON} if topic in (SALARY, COMPARISON) else {topic}
    for intent in intents:
        further = kb.topic_for_intent(intent)
        # Each question as asked: the pay words of the one must not turn the other into a salary question.
        if further is None or further.key in answered:
            continue
        # "radiologie oder pathologie, wo fühlt man sich beim gehalt besser gestellt?": a fact that speaks of pay answered it.
        if further.key in (SALARY, COMPARISON) and pays_by_itself(kb, topic, reading):
            continue
        answered.add(further.key)
        # "… in Bremen steht Technik Manager – was macht man in dem Feld im Alltag so?": its own topic, not where the place is mentioned.
        extra = answer(kb, further.key, replace(reading, place_in_question=False), asked_before=True)
        if extra.sources:
            reply = Reply(f"{reply.text}\n{extra.text}", sorted(set(reply.sources) | set(extra.sources)), reply.buttons, reply.image)
    return reply


def with_questions_besides_gap(kb: KnowledgeBase, reply: Reply, topic: str, reading: Reading, text: str) -> Reply:
    """The reply that says what the articles lack, with the answers to the message's other questions after it ("Wie ist
    der Arbeitsmarkt in Duisburg? Und wird mein polnischer Abschluss anerkannt?"): each by the topic its words name."""
    questions = questions_of(text)
    others = [question for question in questions if not asks_topic_gap(question, kb)]
    if not others or len(others) == len(questions):
        return reply
    besides = replace(reading, topic_gap=None, topic_gap_words=())
    for question in others:
        asked = topic_named_by_words(question, kb) or (topic if topic not in (SALARY, COMPARISON) else None)
        extra = answer(kb, asked, besides, asked_before=True) if asked and kb.topic(asked) else None
        if extra and extra.sources:
            reply = Reply(f"{reply.text}\n{extra.text}", sorted(set(reply.sources) | set(extra.sources)), reply.buttons, reply.image)
    return reply


def with_theme_pointed_back(kb: KnowledgeBase, reply: Reply, reading: Reading, question: str, before: str) -> Reply:
    """`reply` with the fact of the theme named `before` (the sentence before the question, else the visitor's message before), where
    a short question points back at it ("… rund um den Technologiepark Duisburg?", then "was machen die da?": the
    Technologiepark's fact after the duties)."""
    if not reply.sources or len(question.split()) > SHORT_FOLLOW_UP_WORDS or not mentions(question, {"there": kb.references.get("there", ())}):
        return reply
    if themed_facts(question, kb, reading.professions, None):
        return reply
    pointed = [f for f in themed_facts(before, kb, reading.professions, None) if " ".join(f.answer.split()) not in reply.text]
    if not pointed:
        return reply
    extra = answers.facts_answer(kb, pointed[:1])
    return Reply(f"{reply.text}\n{extra.text}", sorted(set(reply.sources) | set(extra.sources)), reply.buttons, reply.image)


def worded_questions(kb: KnowledgeBase, text: str) -> List[str]:
    """The intents of a message's separate questions by the topic words each says, where it asks several
    ("Welches Gehalt ist marktüblich, und worauf sollten wir bei Bewerbern achten?")."""
    # "… Kann man das weitgehend remote machen? Und wie steht es um Aufstiegschancen, ich will nicht ewig Tickets abarbeiten.":
    # a sentence that opens like a question asks one, though it ends with a full stop.
    questions = questions_of(text)
    questions += [s for s in sentences_of(text) if not s.endswith("?") and opens_question(s) and s not in questions and "?" in text]
    if len(questions) < 2:
        return listed_topics(kb, questions[0]) if questions else []
    # "was ist der unterschied zwischen medizin ingenieur und medizinisch technische informatik und was verdient man jeweils"
    # asks what the professions are, then their pay.
    overview = kb.overview_topic()
    topics = [topic_named_by_words(question, kb) or (overview.key if overview and says_contrast(question, kb) and not names_pay(question, kb) else None)
              for question in questions]
    return [kb.topic(key).intent for key in topics if key and kb.topic(key)]


# Where a question lists what it asks: "Aufgaben und Gehalt", "Gehalt, Alltag & Nachfrage".
_LISTED = re.compile(r"\s*(?:,|&|/|\bund\b|\bsowie\b)\s*", re.IGNORECASE)


def listed_topics(kb: KnowledgeBase, question: str) -> List[str]:
    """The intents of two or more topics a question lists by their words ("Stell mir beide gegenüber: Aufgaben und Gehalt.");
    none where it names fewer."""
    parts = [p for p in _LISTED.split(question) if p.strip()]
    topics = list(dict.fromkeys(t for t in (topic_named_by_words(p, kb) or (SALARY if names_pay(p, kb) else None) for p in parts) if t))
    return [kb.topic(key).intent for key in topics if kb.topic(key)] if len(topics) > 1 else []


def chart_url(kb: KnowledgeBase, topic: str, reading: Reading, reply: Reply) -> Optional[str]:
    """The salary chart of web/server.py for an answer that states known professions' figures, else None."""
    base = os.environ.get("CHART_BASE_URL", "http://localhost:8080").rstrip("/")
    if not reply.sources or reading.unknown_profession or reading.topic_gap:
        return None
    if topic == COMPARISON or (topic == SALARY and len(reading.professions) > 1):
        level = reading.level or kb.common_level()
        stated = [p for p in kb.professions if any(r.level == level for r in kb.salary_rows(p.key))]
        return f"{base}/charts/comparison.png?level={level}" if len(stated) > 1 else None
    if topic == SALARY and len(reading.professions) == 1 and kb.salary_rows(reading.professions[0]):
        return f"{base}/charts/salary.png?profession={reading.professions[0]}"
    return None


def send(dispatcher: CollectingDispatcher, kb: KnowledgeBase, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.render(kb), buttons=reply.buttons or None, image=reply.image)


def noted(tracker: Tracker, reply: Reply) -> Reply:
    """The reply, after the note that the assistant answers in German where the visitor wrote in another language."""
    return answers.with_note(reply, answers.language_note(understood=True)) if written_in(tracker) != GERMAN else reply


def respond(dispatcher: CollectingDispatcher, tracker: Tracker, topic: str, carried_gap: Optional[str] = None) -> List[EventType]:
    """Answers `topic` and remembers it, and what it was answered for, for follow-ups.

    `carried_gap` is what the last salary answer said the articles lack, for a follow-up that asks the same of something else.
    """
    kb = knowledge_base()
    reading = read_request(tracker, kb)
    text = tracker.latest_message.get("text") or ""
    question = question_of(text)
    # A remembered level gap stays one ("und in der MTI?" after "Was verdient ein Werkstudent?"), unless a level is named now.
    carried_level = level_gap_of(carried_gap, kb)
    if carried_level and not reading.level_gap and not reading.names_terms:
        reading.level_gap, reading.level = carried_level.reply, carried_level.level
    reading.pay_gap = reading.pay_gap or (None if reading.level_gap or carried_level else carried_gap)
    # "Verdient ein MTRA mehr als ein Medizin-Ingenieur?": the articles lack the one side, which the reply says first.
    if reading.compared_unknown and not reading.pay_gap:
        reading.pay_gap = answers.unknown_pay(reading.compared_unknown)
    previous = tracker.get_slot("last_topic")
    # "gleiche Frage für Medizin-Ingenieure" asks the last question again, whatever the words suggest; not "gleiche frage,
    # was verdient man", which asks its own.
    if reading.repeats_question and previous and not reading.names_pay:
        topic = previous
    # "und was steht stattdessen drin?" asks the last topic as the articles have it, whatever its words suggest.
    instead = reading.asks_instead and previous is not None
    if instead:
        topic = previous
    short = len(text.split()) <= SHORT_FOLLOW_UP_WORDS
    # "und im hausarztverbund?" after the departments' pay asks what that employer pays.
    if short and reading.employer_named_here and pays_by_itself(kb, previous, reading) and not topic_named_by_words(question, kb):
        topic = SALARY
    # "in der großstadt mehr?" right after a salary answer asks about pay, though it names none; "ok, und vollzeit im jahr?"
    # asks for the figures, with what the articles lack.
    if (short and previous in (SALARY, COMPARISON) and (mentions(question, {"rise": kb.pay_rise_words}) or reading.asks_period)
            and topic_named_by_words(question, kb) in (None, *reading.follow_up_topics)):
        reading.names_pay = True
        if reading.topic_gap and not reading.pay_gap:
            reading.pay_gap, reading.topic_gap, reading.topic_gap_words = reading.topic_gap, None, ()
    # "dann liegt der Medizin-Ingenieur ja ähnlich oder?" right after a salary answer compares pay: its likeness is the pay's,
    # not what the professions are (the overview, which a likeness otherwise asks).
    compares_pay_just_given = short and previous in (SALARY, COMPARISON)
    overview = kb.overview_topic()
    # "Wie sieht im Vergleich die Karriere in der MTI aus?" compares what its words name, not pay.
    worded_comparison = topic_named_by_words(question, kb)
    if compares_pay_just_given and reading.contrasts and overview and worded_comparison == overview.key:
        worded_comparison = None
    if topic == COMPARISON and worded_comparison not in (None, SALARY, COMPARISON) and not (
            reading.names_pay or reading.asks_pay or reading.pay_gap or reading.level_gap):
        topic = worded_comparison
    # "Wo gibt es eher Forschung – beim Medizin-Ingenieur oder in der MTI?" compares what a fact's theme names, not pay.
    themed_comparison = topic_of_themes(question, kb, reading.professions, None) if topic == COMPARISON and not (
        says_pay(reading) or compares_pay_just_given) else None
    if themed_comparison:
        topic = themed_comparison
    if topic == COMPARISON and not asks_about_pay(reading) and not compares_pay_just_given:
        # "Beide Berufe haben doch mit KI zu tun?" names facts of two topics: the themed answer below gives each profession's.
        themed_here = themed_facts(text, kb, reading.professions, None)
        topic = (
            runner_up_topic(kb, tracker.latest_message.get("intent_ranking") or [])
            or topic_named_by_words(text, kb) or topic_of_themes(text, kb, reading.professions, None)
            or (themed_here[0].topic if themed_here else None) or topic
        )
    # "Bei welchem der beiden Berufe kommt PACS vor?" or "PACS wer macht sowas": the one fact that says what it names, of its
    # profession, where the question asks to choose and names no topic or pay.
    cued = facts_of_cues(question, kb, ()) if reading.chooses and topic != SALARY and not (
        says_pay(reading) or topic_named_by_words(question, kb) or reading.topic_gap or reading.employer_named_here) else []
    if len(cued) == 1 and (topic == COMPARISON or not reading.remembered or cued[0].profession in reading.professions):
        topic, reading.professions = cued[0].topic, (cued[0].profession,)
    # "welche davon sind ausdrücklich brutto?", then "und die vom anderen?": the follow-up asks the same of the other figures.
    if (short and topic in (SALARY, COMPARISON) and previous in (SALARY, COMPARISON) and not says_pay(reading)
            and mentions(previous_question(tracker), {"gross": kb.gross_words})):
        reading.asks_gross = True
    # "und später?" after a salary answer asks for the level its words name; "und später als Berufseinsteiger?" the one it names.
    if (reading.follow_up_level and short and previous in (SALARY, COMPARISON) and topic in (SALARY, COMPARISON)
            and not reading.level_gap and "level" not in reading.asked_here):
        reading.level = reading.follow_up_level
    topic = topic if instead else topic_by_words(kb, topic, reading, tracker.latest_message, previous, short)
    # "Spielt Datenschutz da eine Rolle?" is answered by the fact that speaks of it, whatever topic the model read;
    # "Wie viel genau in der Radiologie?" by it where it says itself what it gives on pay.
    guesses = guessed_topics(kb, tracker.latest_message.get("intent_ranking") or [])
    # The theme the question names; one only the background names where the question names no topic of its own or points
    # back ("Ich interessiere mich für IT-Sicherheit. Passt das zu einem der Berufe?", "Ich schreibe über Datenschutz. Spielt
    # das Thema im Berufsalltag eine Rolle?"; not "Ich mache nur noch Support fürs KIS. Welche Entwicklungsmöglichkeiten gibt es?").
    asked_theme = topic_of_themes(without_own_clauses(question), kb, reading.professions, topic, guesses)
    # A question the model is sure of has a topic of its own, though its words name none ("… Strukturwandel halt. Was
    # machen die Medizin-Ingenieure da konkret?").
    sure = intent_confidence(tracker) >= UNSURE
    themed = asked_theme or (
        topic_of_themes(said_before_asking(text), kb, reading.professions, topic, guesses)
        if points_back(question, kb) or not (topic_named_by_words(question, kb) or sure) else None)
    # "Ich schau mir grad den Technologiepark an." then "Was wird dort gemacht?": "dort" is the theme the visitor named before,
    # where the question names no topic of its own ("Gibt es dort genug offene Stellen?").
    if not themed and mentions(question, {"place": kb.references.get("place", ())}) and not topic_named_by_words(question, kb):
        themed = topic_of_themes(previous_question(tracker), kb, reading.professions, None, guesses)
    # A salary question moves to the fact of the theme it names where that fact speaks of pay, or says what the article lacks
    # on pay and the question asks about pay ("Was zahlt man im Technologiepark?"; not "und an nem Forschungsinstitut?").
    # Not the gap where the question names an employer the salary figures are stated for ("Was verdient man an Forschungsinstituten?").
    gap_asked = reading.names_pay and not has_figures_for_employer(kb, reading)
    pays_by_theme = asked_theme and any(f.about_pay or (f.salary_gap and gap_asked) for f in _facts_of(kb, themed, reading))
    if themed and (topic not in (SALARY, COMPARISON) or pays_by_theme) and (
            not stays_pay_question(topic, themed, reading)):
        topic = themed
    # "Ist eine Großstadt wie Bremen da eher ein Vorteil?" asks what the theme's fact says, not where the article mentions the place.
    if any(f.topic == topic for f in themed_facts(question, kb, reading.professions, None)):
        reading.place_in_question = False
    # "ist das dann auch brutto?" or "Steht bei dem zweiten dabei, ob das brutto ist?" after a salary answer asks about its figures,
    # whatever topic the model read.
    if previous in (SALARY, COMPARISON) and (reading.asks_gross or reading.asks_period) and not topic_named_by_words(question, kb):
        topic = previous
    # "und die leute im technologiepark?" after a salary answer asks the salary of the other profession it names, whatever topic the
    # model read.
    switched = reading.named_here and set(reading.professions) != set(reading.remembered)
    if (short and previous in (SALARY, COMPARISON) and topic not in (SALARY, COMPARISON) and switched and not has_question_word(text)
            and not topic_named_by_words(question, kb)):
        topic = previous
    # "… was würde man da verdienen? Die Anzeige von expertum hab ich übrigens auch gesehen.", read as the listing: a question that
    # names it only after itself does not ask what the listing pays.
    topic_asked = not has_background(text) or bool(topic_word_counts(said_before_asking(text), kb).get(topic))
    subject_gap, subject_asked = salary_gap(kb, topic if topic_asked else None, reading, previous)
    subject_asked = subject_asked and not figures_follow(kb, subject_gap, reading)
    # "und dort im technologiepark?", then "verdient man dort mehr?": what the articles lack on pay of the theme named before.
    if not subject_gap and _pay_follow_up(topic, reading) and mentions(question, {"there": kb.references.get("there", ())}):
        pointed = [f for f in themed_facts(previous_question(tracker), kb, reading.professions, None) if f.salary_gap and not f.about_pay]
        subject_gap = pointed[0].salary_gap if pointed else None
    if not subject_gap and employer_gap(topic, reading):
        subject_gap, subject_asked = employer_gap(topic, reading), True
    # "und als Teamleiter?" after a salary answer, or "Was bekommt man als Abteilungsleiter?", asks for that level's
    # salary, whatever topic the words suggest.
    # Not a question of its own about a topic whose facts name that level ("Gibt es sowas wie medizinischer Datenmanager?",
    # the career at 0.94; not "wie viele jahre erfahrung braucht man dafür", read as the skills).
    own_question = (topic not in (SALARY, COMPARISON) and intent_confidence(tracker) >= SURE and any(
        f.topic == topic for f in facts_saying(kb, said_words(question, level_gap_of(reading.level_gap, kb)), reading.professions)))
    level_follow_up = reading.level_gap and (reading.names_pay or (short and previous in (SALARY, COMPARISON) and not own_question))
    # "und in München würde ich mehr verdienen?" about the one profession discussed, or "wie ist das in München?"
    # after its salary, compares places: that profession's salary, with what the articles lack for the place.
    # "Wird München im Artikel überhaupt erwähnt?" asks a question of its own: the fact that names it.
    placed = place_facts(kb, reading) if mentions(question, {"about": kb.source_questions.about}) and not reading.names_pay else []
    if names_place_without_figures(kb, tracker, reading) and len(reading.professions) == 1 and (
        topic == COMPARISON or (short and previous in (SALARY, COMPARISON))
    ):
        topic = placed[0].topic if placed else SALARY
    # "Ist es normal, dass man in der Pathologie schlechter bezahlt wird? Oder mache ich in den Gehaltsverhandlungen was
    # falsch?": a topic whose facts speak about pay answers itself, after what the articles lack (see `answer`).
    if not (reading.pay_gap and topic not in (SALARY, COMPARISON) and pays_by_itself(kb, topic, reading)):
        topic = SALARY if (subject_gap or level_follow_up) and len(reading.professions) < 2 else asked_topic(topic, reading)
    if topic == COMPARISON and reading.contrasts and not reading.names_pay and overview and not compares_pay_just_given:
        topic, reading.professions = overview.key, tuple(compared(kb, reading))
    elif (pays_by_itself(kb, previous, reading) and topic in (SALARY, COMPARISON) and reading.names_nothing and not asks_more(kb, tracker)
          and not reading.asks_factors):
        topic = previous
    # "Wie viele Stellenangebote gibt es da?" about a profession whose article has nothing on the model's topic asks its next
    # guess; "Mit welchen Gehaltsvorstellungen muss ich rechnen?", read as applications, asks for the salary. The last
    # answer's topic asked of another profession gets what its article lacks ("und beim Medizin-Ingenieur, geht das da auch?").
    carried = topic == previous and reading.named_here
    # "radiologie oder patho wo gibts mehr knete", then "und MI in duisburg zum vergleich": a topic that speaks of pay, carried to a
    # profession whose article lacks it, asks to compare that profession's pay, after saying what its article lacks; not "gilt das
    # auch für medizin ingenieure?", which asks whether the topic's fact holds there too.
    lacking_pay_topic = (topic if carried and reading.professions and not _facts_of(kb, topic, reading) and (reading.compares or reading.names_pay)
                         and any(f.about_pay for f in kb.facts if f.topic == topic) else None)
    if lacking_pay_topic:
        topic = SALARY
    if kb.topic(topic) and topic not in (SALARY, COMPARISON) and reading.professions and not _facts_of(kb, topic, reading) and not carried:
        worded = topic_named_by_words(question, kb)
        # "suchen die gerade überhaupt?", read as the job listing the engineers' article lacks, asks what its words name.
        worded = worded if worded not in (None, SALARY, COMPARISON) and _facts_of(kb, worded, reading) else None
        topic = SALARY if reading.asks_pay else worded or runner_up_with_facts(kb, tracker.latest_message.get("intent_ranking") or [], reading, topic) or topic
    # "Welche von beiden werden dringender gesucht?", read as the job listing only one article has, asks the topic its words name.
    elif kb.topic(topic) and topic not in (SALARY, COMPARISON) and len(_facts_of(kb, topic, reading)) < len(reading.professions) > 1:
        worded = topic_named_by_words(question, kb)
        topic = worded if worded and len(_facts_of(kb, worded, reading)) == len(reading.professions) else topic
    # "bei welchem is die nachfrage höher" after both professions: each one's fact, and that the articles do not rank them.
    ranks = ranks_professions(kb, tracker, topic, reading, question)
    if ranks:
        reading.professions = tuple(compared(kb, reading))
    each = themed_facts(text, kb, reading.professions, None)
    if topic not in (SALARY, COMPARISON) and len({f.profession for f in each}) == len(each) > 1 and len({f.topic for f in each}) > 1:
        # "Spielt KI in beiden Berufen eine Rolle?": each profession's fact that speaks of it, though their topics differ.
        reply = answers.facts_answer(kb, each)
    else:
        reply = answer(kb, topic, reading, asked_for_profession_last(tracker), subject_gap, subject_asked)
    if lacking_pay_topic and reply.sources:
        reply = answers.with_note(reply, answers.topic_missing(kb, lacking_pay_topic, reading.professions))
    quoted_topic, quoted = quoted_answer(kb, reading, question, previous, figures_said(tracker)) if reading.asks_sources else (None, None)
    if quoted_topic and quoted:
        topic, reply = quoted_topic, quoted
    if reading.topic_gap:
        reply = with_questions_besides_gap(kb, reply, topic, reading, text)
    if ranks and reply.sources:
        reply = answers.with_note(reply, "Welcher der Berufe dabei vorn liegt, vergleichen die Artikel nicht; sie sagen:")
    reply.image = chart_url(kb, topic, reading, reply)
    # The questions the part classifier read clearly, and those whose words name a topic ("… und wo muss ich eher vor Ort sein?");
    # "jetzt das gleiche für die MTI" after a message that asked three things asks them all again.
    repeated = questions_before(kb, tracker) if reading.repeats_question else []
    asked = list(dict.fromkeys([*(tracker.latest_message.get(QUESTIONS) or []), *worded_questions(kb, text), *repeated]))
    reply = with_further_questions(kb, reply, topic, reading, asked)
    reply = with_theme_pointed_back(kb, reply, reading, question, sentence_before_question(text) or previous_question(tracker))
    term = term_asked(text, kb)
    if term and topic not in (SALARY, COMPARISON):
        reply = answers.term_unexplained(reply, term)
    if opens_with_greeting(text, kb):
        reply.text = f"{SCOPE_OPENERS['greet']} {reply.text}"
    send(dispatcher, kb, noted(tracker, reply))
    asks_feedback = bool(kb.topic(topic) and kb.topic(topic).ask_feedback)
    if asks_feedback and reply.sources and not feedback_asked_in_session(tracker):
        dispatcher.utter_message(text=FEEDBACK_QUESTION, buttons=FEEDBACK_BUTTONS)
    if topic == COMPARISON and not reading.unknown_profession:
        reading.professions = tuple(compared(kb, reading))
    asked_gap = (reading.pay_gap or reading.level_gap) if topic in (SALARY, COMPARISON) else None
    remembered = {"last_topic": topic, "asked_gap": asked_gap}
    return [*changed_slots(tracker, remembered), *changed_slots(tracker, reading.slot_values())]


def stays_pay_question(topic: Optional[str], themed: str, reading: Reading) -> bool:
    """Whether a follow-up to a salary answer that names a theme of another topic by that topic's follow-up words
    ("und auf dem Land?") still asks about pay, though the fact of the theme ("Auf dem Land … durchwachsener") is no pay fact."""
    return topic in (SALARY, COMPARISON) and themed in reading.follow_up_topics and not reading.names_pay


def questions_before(kb: KnowledgeBase, tracker: Tracker) -> List[str]:
    """The intents of the separate questions of the visitor's message before the latest one."""
    said = [e for e in tracker.events if e.get("event") == "user"][-2:-1]
    if not said:
        return []
    parse = said[0].get("parse_data") or {}
    return [*(parse.get(QUESTIONS) or []), *worded_questions(kb, said[0].get("text") or "")]


def figures_said(tracker: Tracker) -> str:
    """The assistant's messages of the conversation that stated an amount."""
    return "\n".join(e.get("text") or "" for e in tracker.events if e.get("event") == "bot" and names_amount(e.get("text") or ""))


def previous_question(tracker: Tracker) -> str:
    """The visitor's message before the latest one, or nothing."""
    said = [e.get("text") or "" for e in tracker.events if e.get("event") == "user"]
    return said[-2] if len(said) > 1 else ""


def asks_more(kb: KnowledgeBase, tracker: Tracker) -> bool:
    """Whether the message asks for more than the last answer said ("was beeinflusst noch den Verdienst?"), not "noch mal"."""
    text = re.sub(r"\bnoch\s*(?:ein)?mal\b", "", tracker.latest_message.get("text") or "", flags=re.IGNORECASE)
    return bool(mentions(text, {"more": kb.references.get("more", ())}))


def feedback_asked_in_session(tracker: Tracker) -> bool:
    """Whether the bot asked for feedback since the conversation session (or a restart) began."""
    asked = False
    for event in tracker.events:
        if event.get("event") in ("session_started", "restart"):
            asked = False
        elif event.get("event") == "bot" and event.get("text") == FEEDBACK_QUESTION:
            asked = True
    return asked


def _latest_entity_types(tracker: Tracker) -> List[str]:
    """The types of the entities in the latest message's question ("nächstes Jahr" in the background names no period),
    but not terms that name nothing the knowledge base knows (the model found "die" as a level)."""
    text = tracker.latest_message.get("text") or ""
    question = question_of(text).casefold()
    terms = vocabularies(knowledge_base())
    return [
        e.get("entity") for e in tracker.latest_message.get("entities", [])
        if (not isinstance(e.get("start"), int) or not isinstance(e.get("end"), int) or text[e["start"]:e["end"]].casefold() in question)
        and (e.get("entity") not in ("level", "period") or resolve_term(e.get("value"), terms[e["entity"]]))
    ]


def names_place_without_figures(kb: KnowledgeBase, tracker: Tracker, reading: Reading) -> bool:
    """Whether the latest message names a place that no salary row of the professions in question is for."""
    professions = reading.professions or tuple(p.key for p in kb.professions)
    return bool(reading.place) and "place" in _latest_entity_types(tracker) and not any(
        r.region and r.region.casefold() == reading.place.casefold() for p in professions for r in kb.salary_rows(p)
    )


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
        reading = read_request(tracker, kb)
        mentioned = _latest_entity_types(tracker)
        text = tracker.latest_message.get("text") or ""
        # "med. ingenieur duisburg, einstieg?" names a level without an entity the model found; "und für wen is das was, also
        # als einsteiger?" after another topic names a level and the topic it asks about.
        # "Und findet sie nach dem Studium dort überhaupt was?" after a salary answer asks what its words name.
        names_level_only = ("level" in mentioned or (reading.names_terms and reading.level is not None and topic is None)) and not (
            (topic not in (SALARY, COMPARISON) or (opens_question(text) and not reading.names_pay))
            and topic_named_by_words(text, kb) not in (None, SALARY, COMPARISON))
        asks_salary = names_level_only or "period" in mentioned or reading.pay_gap or reading.level_gap or reading.names_pay
        if asks_salary and topic != COMPARISON:
            topic = SALARY
        # "… was ist der Unterschied zwischen Medizin-Ingenieur und MTI?", read as a bare follow-up, compares them; not "und bei den
        # Informatikern ähnlich?" after another topic, which asks that topic for the profession it names.
        same_topic_for = len(text.split()) <= SHORT_FOLLOW_UP_WORDS and reading.named_here and topic not in (None, SALARY, COMPARISON)
        if reading.contrasts and not reading.names_pay and not same_topic_for:
            topic = COMPARISON
        # "Und bei der MTI?" after a comparison asks for that one profession.
        if topic == COMPARISON and reading.named_here and len(reading.professions) == 1:
            topic = SALARY
        # "und auf dem Land?" after the job market asks about the region.
        named = [t.key for t in kb.topics if mentions(text, {t.key: t.follow_up_words})]
        if topic not in (SALARY, COMPARISON) and len(named) == 1:
            topic = named[0]
        # "Und wie sieht es mit Stellen in Duisburg für Medizin-Ingenieure aus?", read as a bare follow-up, asks what its words name,
        # and so does a short one with nothing to follow up ("kann man als quereinsteiger in die MTI?") or that asks a question of
        # its own ("und wie gefragt sind die grad?").
        asks_itself = len(text.split()) > SHORT_FOLLOW_UP_WORDS or topic is None or opens_question(text)
        worded = topic_named_by_words(text, kb) if asks_itself and not asks_salary else None
        if worded:
            topic = worded
        # "und beim Medizin-Ingenieur, gibts da auch IT-Sicherheitskram?" asks the fact that speaks of it.
        themed = topic_of_themes(tracker.latest_message.get("text") or "", kb, reading.professions, topic)
        # "Und in der MTI?" after "Gibt es da auch was mit KI?" asks the fact that speaks of it there; not "und bei den
        # informatikern? wie siehts da mit karriere aus", which names its topic.
        if not themed and reading.named_here and not worded:
            themed = topic_of_themes(previous_question(tracker), kb, reading.professions, topic)
        if themed and not asks_salary and not stays_pay_question(topic, themed, reading):
            topic = themed
        # "und bei der Informatik-Variante?" after "Gibt es Boni?" asks about the bonus there too.
        carried = tracker.get_slot("asked_gap") if topic in (SALARY, COMPARISON) and not (set(mentioned) & {"level", "period"}) else None
        if topic is None or (topic not in (SALARY, COMPARISON) and kb.topic(topic) is None):
            # "und wie lang ist da die probezeit?" says what the articles lack before anything is asked back.
            if reading.topic_gap:
                send(dispatcher, kb, noted(tracker, answer(kb, SALARY, reading, asked_before=True)))
                return changed_slots(tracker, reading.slot_values())
            # "ist medizinisch-technische informatik nicht einfach normale IT im krankenhaus?" asks what the profession is.
            overview = kb.overview_topic()
            if len(reading.professions) == 1 and overview and "?" in text and len(text.split()) > SHORT_FOLLOW_UP_WORDS:
                return respond(dispatcher, tracker, overview.key)
            if len(reading.professions) == 1:
                job = kb.profession(reading.professions[0])
                send(dispatcher, kb, noted(tracker, Reply(
                    f"Was möchten Sie über {job.name} wissen?",
                    buttons=answers.topic_buttons(kb, job.key, limit=6),
                )))
                return changed_slots(tracker, reading.slot_values())
            if reading.unknown_profession:
                send(dispatcher, kb, noted(tracker, answers.unknown_profession(kb, reading.unknown_profession)))
                return changed_slots(tracker, reading.slot_values())
            send(dispatcher, kb, noted(tracker, answers.capabilities_answer(kb)))
            return changed_slots(tracker, reading.slot_values())
        return respond(dispatcher, tracker, topic, carried)


# The web widget's channel: it greets with example questions instead of the topic overview.
WEB_CHANNEL = "socketio"

# How the overview of topics opens, by the intent that asked for it.
SCOPE_OPENERS = {
    "greet": "Guten Tag!",
    "out_of_scope": "Dazu sagen die Artikel nichts.",
}


class ActionExplainScope(Action):
    """Says what the assistant can do: as a greeting, on request, and after an out-of-scope question."""

    def name(self) -> Text:
        return "action_explain_scope"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        intent = tracker.get_intent_of_latest_message() or ""
        text = tracker.latest_message.get("text") or ""
        if written_in(tracker) != GERMAN and intent not in ("greet", "ask_capabilities"):
            # "How many vacation days …?", "are there internships …?" or "ok and a dentist?": what the articles lack is said, in
            # German after the note, as for German visitors. A greeting or "what can you do?" gets its answer with the note below.
            reading = read_request(tracker, kb)
            gap = reading.topic_gap or reading.pay_gap or reading.level_gap
            unknown = unknown_profession_in(text, kb)
            if gap:
                send(dispatcher, kb, noted(tracker, answers.gap_answer(kb, gap)))
            elif unknown:
                send(dispatcher, kb, noted(tracker, answers.unknown_profession(kb, unknown)))
            else:
                send(dispatcher, kb, answers.language_answer(kb))
            return []
        # "schichtdienst?", taken for a greeting, or a question outside the articles that names what they lack: that first.
        if intent in ("greet", "out_of_scope") and not opens_with_greeting(text, kb):
            reading = read_request(tracker, kb)
            if reading.topic_gap or reading.pay_gap or reading.level_gap:
                send(dispatcher, kb, answer(kb, SALARY, reading, asked_before=True))
                return changed_slots(tracker, reading.slot_values())
        # "servus, wos mocht ma ois medizinisch-technischer informatiker?" greets and asks what the profession it names is.
        overview = kb.overview_topic()
        if intent == "greet" and overview and "?" in text:
            reading = read_request(tracker, kb)
            if reading.named_here and len(reading.professions) == 1:
                return respond(dispatcher, tracker, overview.key)
        # "welcher ist gefragter?", half taken for a question about the assistant, asks the topic its words name; so does
        # "Okay, aber wie ist die Arbeitsbelastung allgemein?", taken for a question outside the articles, where the model
        # has that topic among its first guesses.
        worded = topic_named_by_words(question_of(text), kb)
        guesses = guessed_topics(kb, (tracker.latest_message.get("intent_ranking") or [])[:TOP_GUESSES])
        confidence = intent_confidence(tracker)
        # "mein deutsch ist nicht perfekt, kommunikation ist sehr wichtig?", half taken for a question outside the articles: its words decide.
        if worded and written_in(tracker) == GERMAN and (
                (intent in ("ask_capabilities", "out_of_scope") and confidence < UNSURE) or (intent == "out_of_scope" and confidence < SURE and worded in guesses)):
            return respond(dispatcher, tracker, worded)
        if intent == "greet" and tracker.get_latest_input_channel() == WEB_CHANNEL:
            send(dispatcher, kb, answers.web_greeting(kb))
            return []
        reply = answers.capabilities_answer(kb)
        greets = opens_with_greeting(text, kb)
        opener = SCOPE_OPENERS.get(intent) or (SCOPE_OPENERS["greet"] if greets else None)
        if opener:
            reply.text = f"{opener} {reply.text}"
        send(dispatcher, kb, noted(tracker, reply))
        return []



class ActionClarify(Action):
    """Answers a message the NLU model was unsure of: honestly where it names something the articles lack, the topic
    its words name where they name one (topics.yml `unsure_words`), else with the likeliest topics as buttons.

    Whatever the message named (profession, place, level) is kept in the slots, so that the next
    message can build on it.
    """

    def name(self) -> Text:
        return "action_clarify"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        kb = knowledge_base()
        reading = read_request(tracker, kb)
        mentioned = _latest_entity_types(tracker)
        last_topic = tracker.get_slot("last_topic")
        about_salary = last_topic in (SALARY, COMPARISON) and (reading.asks_gross or reading.asks_period or reading.asks_factors)
        text = tracker.latest_message.get("text") or ""
        themed = themed_facts(text, kb, reading.professions, None)
        guesses = guessed_topics(kb, tracker.latest_message.get("intent_ranking") or [])
        worded = (
            topic_named_by_words(text, kb, guesses) or topic_of_themes(text, kb, reading.professions, None)
            or (themed[0].topic if themed else None) or topic_of_fact_words(question_of(text), kb, reading.professions)
            or next((f.topic for f in place_facts(kb, reading)), None)
        )
        # "Was für Eigenschaften braucht man als Einsteiger?": a level alone does not make a pay question where the words name a topic.
        named_level = ("level" in mentioned or "period" in mentioned) and not worded
        # "… Duisburg bietet 3.600 im Monat zum Einstieg. Ist das dort normal?" asks about the amount the background names.
        offered = names_amount(text) and (reading.refers_back or points_back(question_of(text), kb)) and not worded
        # "ist das gut?" after a salary answer asks what the figures are worth.
        judged = last_topic in (SALARY, COMPARISON) and reading.asks_verdict and not worded
        # "Und wie hoch kann es jeweils gehen?" after a salary answer asks for the level its words name.
        later = last_topic in (SALARY, COMPARISON) and reading.follow_up_level and len(text.split()) <= SHORT_FOLLOW_UP_WORDS and not worded
        # "und was steht stattdessen drin?" after a reply that said what the articles lack: that topic as they have it.
        if reading.asks_instead and last_topic:
            return respond(dispatcher, tracker, last_topic)
        # "Braucht man überhaupt eine Ausbildung dafür?" names a level the articles lack, but asks nothing of pay.
        level_pay = reading.level_gap and (reading.names_pay or last_topic in (SALARY, COMPARISON))
        # "Was sagt der Artikel zu Konzernen?" asks what it says of an employer type: the note on its pay.
        if (reading.pay_gap or level_pay or reading.names_pay or reading.asks_pay_effect or about_salary or named_level or offered
                or judged or later or reading.asks_sources or (reading.employer_named_here and not worded)):
            return respond(dispatcher, tracker, SALARY)
        asked = [t for t in map(kb.topic_for_intent, tracker.latest_message.get(QUESTIONS) or []) if t]
        if asked:
            return respond(dispatcher, tracker, asked[0].key)
        overview = kb.overview_topic()
        # "Ich interessiere mich für den Job als Medizin-Ingenieur." names a profession and asks nothing: what it is; "MI vs MTI
        # kurz" compares what they are.
        introduces = reading.named_here and len(reading.professions) == 1 and "?" not in text and not worded and last_topic is None
        set_side_by_side = reading.named_here and len(reading.professions) > 1 and (reading.compares or reading.contrasts) and not worded
        if overview and (asks_what_it_is(text, kb) or introduces or set_side_by_side):
            return respond(dispatcher, tracker, overview.key)
        short = len(text.split()) <= SHORT_FOLLOW_UP_WORDS
        # "und wo kann ich die machen" after the training asks what its follow-up words name.
        if short and last_topic not in (None, SALARY, COMPARISON) and len(reading.follow_up_topics) == 1 and not worded:
            return respond(dispatcher, tracker, reading.follow_up_topics[0])
        # "Und in der MTI?" or "warum nicht?" after an answer asks its topic again: the answer gives the article's reasons.
        # Not where its words name another topic ("und wo arbeiten die jeweils?").
        # "und beim medizin ingenieur in duisburg, geht das da auch?" names another profession and points back at the topic.
        named_again = reading.named_here and (short or reading.refers_back)
        if last_topic and not worded and (named_again or (short and mentions(text, {"why": kb.references.get("why", ())}))):
            return respond(dispatcher, tracker, last_topic)
        if reading.topic_gap or reading.unknown_profession:
            reply = answer(kb, SALARY, reading, asked_before=False)
        elif worded:
            return respond(dispatcher, tracker, worded)
        else:
            ranking = tracker.latest_message.get("intent_ranking", [])
            guesses = [kb.topic_for_intent(i.get("name")) for i in ranking]
            entities = {"profession": reading.professions[0]} if len(reading.professions) == 1 else {}
            buttons = [{"title": t.label, "payload": answers.payload(t.intent, **entities)} for t in guesses if t][:3]
            buttons.append({"title": "Etwas anderes", "payload": "/ask_capabilities"})
            reply = Reply("Ich bin nicht sicher, ob ich Sie verstanden habe. Meinten Sie eines davon?", buttons=buttons)
        send(dispatcher, kb, reply)
        return changed_slots(tracker, reading.slot_values())


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
        # As Rasa's own fallback does: forget the message, or the policies predict this action again and again.
        return [UserUtteranceReverted()]


class ActionLanguageNote(Action):
    """Before a small-talk reply ("thx!", "are you a bot?"): the English note where the visitor wrote in another language."""

    def name(self) -> Text:
        return "action_language_note"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        if written_in(tracker) != GERMAN:
            dispatcher.utter_message(text=answers.language_note(understood=True))
        return []


class ActionHumanContact(Action):
    """Names the human contact for career advice configured in contact.yml."""

    def name(self) -> Text:
        return "action_human_contact"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        dispatcher.utter_message(text=load_contact().reply())
        return []


class ActionAcknowledgeFeedback(Action):
    """Thanks for a 👍 or 👎; after a 👎 it also names the human contact."""

    def name(self) -> Text:
        return "action_acknowledge_feedback"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]
    ) -> List[EventType]:
        # A 👍 is often typed as thanks ("Okay danke, hilft mir weiter"): it is answered as thanks too.
        text = "Gern geschehen, danke für Ihre Rückmeldung!"
        if tracker.get_intent_of_latest_message() == "feedback_unhelpful":
            text = f"Danke für Ihre Rückmeldung, damit verbessern wir den Assistenten. {load_contact().reply()}"
        dispatcher.utter_message(text=text)
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
