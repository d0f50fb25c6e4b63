"""The custom NLU components of config.yml, on their own: UmlautRestorer, LanguageGate, QuestionGuard and SentenceFocus."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, List

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from nlu_components.language_gate import LanguageGate, without_names
from nlu_components.question_guard import QuestionGuard
from nlu_components.questions import opens_question, questions_of
from nlu_components.sentence_focus import SentenceFocus, parts_of
from nlu_components.umlauts import UmlautRestorer, restorations, restore_umlauts, typed_spellings

UNDERSTOOD = {"ask_salary": ["earn", "salary"], "ask_duties": ["do", "tasks"]}


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
    pizza = parsed("What is the best pizza in Duisburg?", [{"name": "ask_salary", "confidence": 0.7}])
    gate().process([salary, weather, german, pizza])
    assert pizza.get("intent") == {"name": "out_of_scope", "confidence": 1.0}, "an understood intent without its words is a guess"
    assert salary.get("intent")["name"] == "ask_salary" and salary.get("language") == "en"
    assert weather.get("intent") == {"name": "out_of_scope", "confidence": 1.0}
    assert german.get("intent")["name"] == "ask_regions" and german.get("language") == "de"
    assert "language" in salary.as_dict(only_output_properties=True), "the actions read it from the parse data"


def test_a_foreign_question_the_model_cannot_read_takes_the_one_intent_whose_words_it_has() -> None:
    tasks = parsed("and what are the tasks there?", [{"name": "out_of_scope", "confidence": 1.0}])
    both = parsed("do they earn a good salary?", [{"name": "out_of_scope", "confidence": 1.0}])
    neither = parsed("how many vacation days?", [{"name": "out_of_scope", "confidence": 1.0}])
    gate().process([tasks, both, neither])
    assert tasks.get("intent")["name"] == "ask_duties"
    assert tasks.get("intent_ranking")[0] == tasks.get("intent"), "the actions read the top of the ranking"
    assert both.get("intent")["name"] == "ask_salary", "two words of one intent beat one of another"
    assert neither.get("intent") == {"name": "out_of_scope", "confidence": 1.0}


def test_an_english_bare_follow_up_that_names_a_profession_keeps_the_follow_up_reading() -> None:
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": UNDERSTOOD, "name_entities": ["profession"]})
    profession = {"entity": "profession", "value": "mt_informatik", "start": 11, "end": 21}
    english = parsed("And in the medical IT?", [{"name": "inform", "confidence": 0.9}])
    english.set("entities", [profession])
    nameless = parsed("And in the other one?", [{"name": "inform", "confidence": 0.9}])
    french = parsed("Et dans le domaine informatique médicale?", [{"name": "inform", "confidence": 0.9}])
    french.set("entities", [{**profession, "start": 19, "end": 40}])
    component.process([english, nameless, french])
    assert english.get("language") == "en" and english.get("intent")["name"] == "inform"
    assert nameless.get("intent")["name"] == "out_of_scope", "without a name nothing says what it follows up"
    assert french.get("language") == "fr" and french.get("intent")["name"] == "out_of_scope", "other languages get the note alone"


def test_what_about_the_other_job_in_english_is_a_follow_up() -> None:
    understood = {**UNDERSTOOD, "ask_market": ["job", "market"], "inform": ["what about", "other"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood})
    other = parsed("what about the other job, medical technical informatics?", [{"name": "ask_salary", "confidence": 0.3}])
    component.process([other])
    assert other.get("intent")["name"] == "inform"


def test_a_foreign_message_is_read_on_its_question_and_german_words_it_keeps_are_understood() -> None:
    understood = {**UNDERSTOOD, "ask_market": ["demand"], "inform": ["experience", "years"], "ask_application": ["apply"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood,
                              "german_words": {"ask_application": ["bewerbung"]}})
    background = parsed("I have six years of experience in hospital software. Is there demand for people in medical IT?",
                        [{"name": "out_of_scope", "confidence": 0.5}])
    german_word = parsed("Any tips for my Bewerbung in medical IT?", [{"name": "out_of_scope", "confidence": 0.5}])
    component.process([background, german_word])
    assert background.get("intent")["name"] == "ask_market", "two words of the background do not outweigh the question"
    assert german_word.get("intent")["name"] == "ask_application"


def test_the_models_reading_stands_only_where_no_other_intent_has_more_of_its_words() -> None:
    understood = {**UNDERSTOOD, "ask_training": ["training", "further"], "greet": ["hi"], "request_human": ["speak"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood})
    training = parsed("what kind of further training can a medical engineer do?", [{"name": "ask_duties", "confidence": 0.9}])
    tie = parsed("hi, what does a medical engineer earn?", [{"name": "ask_salary", "confidence": 0.8}, {"name": "greet", "confidence": 0.1}])
    unclear = parsed("do you speak english?", [{"name": "out_of_scope", "confidence": 0.6}, {"name": "ask_duties", "confidence": 0.2}])
    component.process([training, tie, unclear])
    assert training.get("intent") == {"name": "ask_training", "confidence": 0.3}, "two words of training beat one of duties"
    assert tie.get("intent") == {"name": "ask_salary", "confidence": 0.8}, "one word each: the model's reading stands"
    assert unclear.get("intent") == {"name": "out_of_scope", "confidence": 1.0}, "one word each, the model on neither: not understood"


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


def test_a_clear_question_after_background_decides_over_a_fairly_sure_whole_message(tmp_path: Path) -> None:
    component = focus(tmp_path)
    text = "Ich arbeite seit Jahren als Beraterin an einer Schule. Wie hoch ist das Gehalt?"
    fairly = parsed(text, [{"name": "ask_duties", "confidence": 0.7}])
    sure = parsed(text, [{"name": "ask_duties", "confidence": 0.9}])
    no_background = parsed("Wie hoch ist das Gehalt?", [{"name": "ask_duties", "confidence": 0.7}])
    component.process([fairly, sure, no_background])
    assert fairly.get("intent")["name"] == "ask_salary"
    assert sure.get("intent")["name"] == "ask_duties", "a message DIET is sure of is left alone"
    assert no_background.get("intent")["name"] == "ask_duties", "a bare question is DIET's"


def test_a_question_that_clearly_asks_another_thing_than_the_whole_message_read_decides_however_sure_the_model_is(tmp_path: Path) -> None:
    component = focus(tmp_path)
    text = "Ich arbeite seit Jahren als Beraterin an einer Schule. Wie hoch ist das Gehalt?"
    duties_in_question = dict(component._ranking("Wie hoch ist das Gehalt?"))["ask_duties"]
    component.config = {**component.config, "question_overrides_above": 0.5, "question_denies_below": duties_in_question + 0.01}
    denied, listing = parsed(text, [{"name": "ask_duties", "confidence": 0.99}]), parsed(text, [{"name": "ask_job_listing", "confidence": 0.99}])
    component.process([denied, listing])
    assert denied.get("intent")["name"] == "ask_salary", "the question gives the whole message's intent next to nothing"
    assert listing.get("intent")["name"] == "ask_job_listing", "a subject the background names stays what the question asks about"
    component.config = {**component.config, "question_denies_below": duties_in_question - 0.01}
    kept = parsed(text, [{"name": "ask_duties", "confidence": 0.99}])
    component.process([kept])
    assert kept.get("intent")["name"] == "ask_duties", "where the question leaves room for the whole message's reading, it stands"


def test_the_question_of_a_message_with_background_is_read_alone_for_the_actions(tmp_path: Path) -> None:
    component = focus(tmp_path)
    text = "Ich bin Softwareentwickler, 34, und überlege zu wechseln. Wie sieht der Alltag aus?"
    background, listing = parsed(text, [{"name": "ask_salary", "confidence": 0.95}]), parsed(text, [{"name": "ask_job_listing", "confidence": 0.9}])
    bare = parsed("Wie sieht der Alltag aus?", [{"name": "ask_salary", "confidence": 0.95}])
    component.process([background, listing, bare])
    assert background.get("intent")["name"] == "ask_salary", "the whole message's reading stands; the actions weigh the question"
    assert background.as_dict(only_output_properties=True)["question_intent"]["name"] == "ask_duties"
    assert listing.get("question_intent") is None, "a subject the background names stays what the question asks about"
    assert bare.get("question_intent") is None, "a message without background is its question"


def test_a_message_is_split_into_its_separate_questions() -> None:
    assert questions_of("Ich bin Fachinformatikerin. Welche Aufgaben hätte ich da, und was verdient man?") == [
        "Welche Aufgaben hätte ich da", "was verdient man?"]
    assert questions_of("Was macht man da und wie viel verdient man?") == ["Was macht man da", "wie viel verdient man?"]
    assert questions_of("Ich frage mich, ob sich das lohnt.") == ["Ich frage mich, ob sich das lohnt."], "without a question mark only \"und\" splits"
    assert questions_of("Ich mache Abi. was macht man da genau und kann man später aufsteigen") == [
        "was macht man da genau", "kann man später aufsteigen"]
    assert questions_of("Was verdient man in Duisburg und Umgebung?") == ["Was verdient man in Duisburg und Umgebung?"]
    assert questions_of("moin! 3 fragen: was macht ein medizin ingenieur in duisburg, was verdient er und wie ist der arbeitsmarkt") == [
        "was macht ein medizin ingenieur in duisburg", "was verdient er", "wie ist der arbeitsmarkt"], "a comma after a question splits"


def test_a_message_asking_two_things_carries_both_intents_in_order(tmp_path: Path) -> None:
    component = focus(tmp_path)
    two = parsed("Ich komme aus der Pflege. Was macht man da, und was verdient man?", [{"name": "ask_duties", "confidence": 0.9}])
    one = parsed("Was verdient man, und wie hoch ist das Gehalt?", [{"name": "ask_salary", "confidence": 0.9}])
    component.process([two, one])
    assert two.get("questions") == ["ask_duties", "ask_salary"]
    assert two.as_dict(only_output_properties=True)["questions"] == ["ask_duties", "ask_salary"], "Rasa passes it on to the actions"
    assert one.get("questions") is None, "two questions with the same intent are one question"


def test_an_unsure_intent_both_models_name_stands_and_one_they_disagree_on_stays_unsure(tmp_path: Path) -> None:
    component = focus(tmp_path)
    agreed = parsed("Wie viel Geld bekommt man da?", [{"name": "ask_salary", "confidence": 0.3}, {"name": "ask_duties", "confidence": 0.2}])
    disputed = parsed("Wie viel Geld bekommt man da?", [{"name": "ask_duties", "confidence": 0.3}, {"name": "ask_salary", "confidence": 0.2}])
    component.process([agreed, disputed])
    assert agreed.get("intent")["name"] == "ask_salary" and agreed.get("intent")["confidence"] > 0.4
    assert agreed.get("intent_ranking")[0] == agreed.get("intent")
    assert disputed.get("intent") == {"name": "ask_duties", "confidence": 0.3}, "no agreement: left to the fallback"


def test_an_unsure_follow_up_reading_of_a_whole_question_is_read_again(tmp_path: Path) -> None:
    component = focus(tmp_path)
    question = parsed("Wie viel Geld bekommt man da so?", [{"name": "inform", "confidence": 0.45}])
    follow_up = parsed("und beim anderen?", [{"name": "inform", "confidence": 0.45}])
    sure = parsed("Und wie viel Geld bekommt man da?", [{"name": "inform", "confidence": 0.95}])
    component.process([question, follow_up, sure])
    assert question.get("intent")["name"] == "ask_salary"
    assert follow_up.get("intent")["name"] == "inform" and sure.get("intent")["name"] == "inform"


def test_names_the_extractor_found_do_not_decide_the_language() -> None:
    text = "Can I work fully remote in Medizinisch-Technische Informatik?"
    entities = [{"entity": "profession", "start": text.index("Medizinisch"), "end": len(text) - 1, "value": "mt_informatik"}]
    assert without_names(text, entities, ["profession", "place"]) == "Can I work fully remote in  ?"
    assert LanguageGate(LanguageGate.get_default_config()).language_of(without_names(text, entities, ["profession"])) == "en"


def test_german_words_the_extractor_found_stay_german_evidence() -> None:
    """Telegraphic German whose German words are levels and periods ("Berufseinstieg", "jährlich") stays German."""
    text = "Gehaltsspanne Berufseinstieg Medizinisch-Technische Informatik, brutto jährlich bitte"
    entities = [
        {"entity": "level", "start": 14, "end": 28, "value": "Berufseinstieg"},
        {"entity": "profession", "start": 29, "end": 62, "value": "mt_informatik"},
        {"entity": "period", "start": 71, "end": 79, "value": "jahr"},
    ]
    gate = LanguageGate({**LanguageGate.get_default_config(), "name_entities": ["profession", "place"]})
    assert without_names(text, entities, ["profession", "place"]) == "Gehaltsspanne Berufseinstieg  , brutto jährlich bitte"
    assert gate.language_of(without_names(text, entities, gate.config["name_entities"])) == "de"


@pytest.mark.parametrize("text", ["Kostet sowas was?", "hey was ist so stressig am job als medizin ingenieur in duisburg",
                                  "Danke vielmals", "Werkstudent Medizintechnik Duisburg – was gibts pro Stunde?"])
def test_german_that_the_identifier_takes_for_english_stays_german_without_an_english_function_word(text: str) -> None:
    gate = LanguageGate(LanguageGate.get_default_config())
    assert gate.identifier.classify(text)[0] != "de", "the identifier alone gets these wrong"
    assert gate.language_of(text) == "de"


def test_a_dialects_short_words_beside_a_german_function_word_tell_no_other_language() -> None:
    gate = LanguageGate(LanguageGate.get_default_config())
    assert gate.identifier.classify("Und wos verdient ma do am Anfang?")[0] != "de", "the identifier alone hears Portuguese \"do\""
    assert gate.language_of("Und wos verdient ma do am Anfang?") == "de"
    assert gate.language_of("Is it remote?") == "en", "without a German function word short words still tell the language"


@pytest.mark.parametrize("text,language", [("What do they actually do all day?", "en"), ("bye for now", "en"),
                                           ("Quel est le salaire?", "fr")])
def test_a_function_word_of_the_identified_language_keeps_it(text: str, language: str) -> None:
    assert LanguageGate(LanguageGate.get_default_config()).language_of(text) == language


def test_a_phrase_among_an_intents_words_counts_once_for_each_of_its_words() -> None:
    understood = {**UNDERSTOOD, "ask_remote": ["home", "from home"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood})
    remote = parsed("And can I do that job from home?", [{"name": "ask_duties", "confidence": 0.9}])
    alone = parsed("do they go home early?", [{"name": "ask_duties", "confidence": 0.9}])
    component.process([remote, alone])
    assert remote.get("intent") == {"name": "ask_remote", "confidence": 0.3}, "'from home' and 'home' beat 'do'"
    assert alone.get("intent") == {"name": "ask_duties", "confidence": 0.9}, "'home' alone ties with 'do': the model stands"


def test_a_question_the_model_took_for_small_talk_gets_its_best_asking_intent() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    question = parsed("Lohnt sich Duisburg dann überhaupt?", [
        {"name": "goodbye", "confidence": 0.66}, {"name": "ask_challenges", "confidence": 0.11}, {"name": "out_of_scope", "confidence": 0.06}])
    behind_the_fallback = parsed("Und Weihnachtsgeld gibt's?", [
        {"name": "nlu_fallback", "confidence": 0.4}, {"name": "goodbye", "confidence": 0.4}, {"name": "inform", "confidence": 0.24}])
    greeting = parsed("Guten Abend, sind Sie eine KI?", [{"name": "greet", "confidence": 0.87}, {"name": "bot_challenge", "confidence": 0.05}])
    statement = parsed("Lohnt sich, danke", [{"name": "thank", "confidence": 0.66}, {"name": "ask_challenges", "confidence": 0.3}])
    not_asking = parsed("okay, wieso?", [{"name": "affirm", "confidence": 0.4}, {"name": "out_of_scope", "confidence": 0.12}])
    feedback = parsed("Wie lange dauert denn das Studium?", [
        {"name": "affirm", "confidence": 0.13}, {"name": "feedback_unhelpful", "confidence": 0.12}, {"name": "ask_employers", "confidence": 0.11}])
    consulting = parsed("Ist Consulting echt eine Option?", [{"name": "bot_challenge", "confidence": 0.46}, {"name": "ask_career", "confidence": 0.22}])
    bot = parsed("Bist du echt ein Bot?", [{"name": "bot_challenge", "confidence": 0.97}, {"name": "ask_career", "confidence": 0.01}])
    guard.process([question, behind_the_fallback, greeting, statement, not_asking, feedback, consulting, bot])
    assert consulting.get("intent")["name"] == "ask_career" and bot.get("intent")["name"] == "bot_challenge"
    assert feedback.get("intent")["name"] == "ask_employers", "a thumbs-down asks nothing either"
    assert question.get("intent") == {"name": "ask_challenges", "confidence": 0.11}
    assert [i["name"] for i in question.get("intent_ranking")] == ["ask_challenges", "goodbye", "out_of_scope"]
    assert behind_the_fallback.get("intent")["name"] == "inform"
    assert greeting.get("intent")["name"] == "greet", "no asking intent has weight"
    assert statement.get("intent")["name"] == "thank", "no question mark"
    assert not_asking.get("intent")["name"] == "affirm", "out_of_scope asks nothing the assistant answers"


def test_the_guard_needs_more_weight_for_a_wish_for_a_human_and_keeps_a_question_to_the_bot() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    christmas = parsed("Gibts Weihnachtsgeld?", [
        {"name": "goodbye", "confidence": 0.36}, {"name": "request_human", "confidence": 0.18}, {"name": "ask_challenges", "confidence": 0.15}])
    person = parsed("gibts hier auch ne echte person mit der ich reden kann?", [
        {"name": "bot_challenge", "confidence": 0.48}, {"name": "request_human", "confidence": 0.45}])
    identity = parsed("wer bist du denn eigentlich?", [{"name": "bot_challenge", "confidence": 0.7}, {"name": "ask_employers", "confidence": 0.2}])
    guard.process([christmas, person, identity])
    assert christmas.get("intent")["name"] == "ask_challenges", "a human by chance is no asking intent"
    assert person.get("intent")["name"] == "request_human"
    assert identity.get("intent")["name"] == "bot_challenge", "the words ask who the bot is"


def test_words_that_ask_who_the_bot_is_make_a_message_naming_nothing_that_small_talk_whatever_the_model_read() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    who = parsed("Guten Abend. Mit wem spreche ich hier eigentlich?", [{"name": "ask_skills", "confidence": 0.55}, {"name": "greet", "confidence": 0.3}])
    named = parsed("Mit wem spreche ich bei expertum?", [{"name": "ask_job_listing", "confidence": 0.8}])
    named.set("entities", [{"entity": "profession", "value": "mt_informatik"}], add_to_output=True)
    guard.process([who, named])
    assert who.get("intent") == {"name": "bot_challenge", "confidence": 1.0}
    assert named.get("intent")["name"] == "ask_job_listing", "a message that names something asks about it"


def test_the_guard_gives_a_question_read_as_a_goodbye_the_fallback_and_a_thanks_read_as_a_question_the_thanks() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    commute = parsed("gibt es da zuschüsse fürs pendeln?", [{"name": "goodbye", "confidence": 0.77}, {"name": "ask_remote", "confidence": 0.097}])
    farewell = parsed("Tschüss, bis bald?", [{"name": "goodbye", "confidence": 0.9}, {"name": "ask_remote", "confidence": 0.01}])
    thanks = parsed("okay danke fürs erklären", [{"name": "ask_duties", "confidence": 0.81}, {"name": "ask_employers", "confidence": 0.12}])
    follow_up = parsed("danke und die Aufgaben", [{"name": "ask_duties", "confidence": 0.9}])
    no_thanks = parsed("nein danke", [{"name": "deny", "confidence": 0.9}])
    blessing = parsed("passt, vergelts gott!", [{"name": "affirm", "confidence": 0.5}, {"name": "goodbye", "confidence": 0.19}])
    guard.process([commute, farewell, thanks, follow_up, no_thanks, blessing])
    assert blessing.get("intent")["name"] == "thank", "a thanks read as a yes"
    assert commute.get("intent")["name"] == "nlu_fallback" and farewell.get("intent")["name"] == "goodbye"
    assert thanks.get("intent")["name"] == "thank"
    assert follow_up.get("intent")["name"] == "ask_duties" and no_thanks.get("intent")["name"] == "deny"


def test_the_guard_gives_a_question_read_as_a_goodbye_without_a_word_of_farewell_the_fallback() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    gross = parsed("Das ist dann aber brutto, oder?", [{"name": "goodbye", "confidence": 0.59}, {"name": "greet", "confidence": 0.19}])
    leaving = parsed("Das war's dann, tschüss?", [{"name": "goodbye", "confidence": 0.59}, {"name": "greet", "confidence": 0.19}])
    guard.process([gross, leaving])
    assert gross.get("intent")["name"] == "nlu_fallback", "no word of the question takes leave"
    assert leaving.get("intent")["name"] == "goodbye"


def test_the_guard_reads_a_goodbye_that_starts_like_a_question_as_one() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    why = parsed("und wieso machen leute das dann", [{"name": "goodbye", "confidence": 0.53}, {"name": "ask_challenges", "confidence": 0.2}])
    done = parsed("und das wars dann", [{"name": "goodbye", "confidence": 0.8}, {"name": "ask_challenges", "confidence": 0.1}])
    bonus = parsed("is da dann noch bonus dabei", [{"name": "goodbye", "confidence": 0.66}, {"name": "ask_market", "confidence": 0.16}])
    guard.process([why, done, bonus])
    assert why.get("intent")["name"] == "ask_challenges" and done.get("intent")["name"] == "goodbye"
    assert bonus.get("intent")["name"] == "ask_market", "a verb first starts a question too; the actions read its words"


def test_the_guard_takes_a_yes_or_no_that_names_a_profession_for_a_bare_follow_up() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    named = parsed("ich mein die informatiker, nicht die ingenieure", [{"name": "deny", "confidence": 0.43}, {"name": "inform", "confidence": 0.37}])
    named.set("entities", [{"entity": "profession", "value": "informatiker", "start": 13, "end": 25}])
    plain = parsed("nein, danke", [{"name": "deny", "confidence": 0.9}])
    sorry = parsed("nee warte, ick meinte medizinische informatik, sorry", [{"name": "greet", "confidence": 0.64}])
    sorry.set("entities", [{"entity": "profession", "value": "mt_informatik", "start": 23, "end": 45}])
    hello = parsed("Hallo, ich interessiere mich für MTI", [{"name": "greet", "confidence": 0.8}])
    hello.set("entities", [{"entity": "profession", "value": "mt_informatik", "start": 32, "end": 35}])
    guard.process([named, plain, sorry, hello])
    assert named.get("intent")["name"] == "inform" and plain.get("intent")["name"] == "deny"
    assert sorry.get("intent")["name"] == "inform" and hello.get("intent")["name"] == "greet"


def test_the_guard_makes_a_thanks_that_takes_leave_a_goodbye() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    leave = parsed("Vielen Dank, auf Wiedersehen", [{"name": "thank", "confidence": 0.8}, {"name": "goodbye", "confidence": 0.15}])
    ciao = parsed("danke, ciao", [{"name": "ask_duties", "confidence": 0.5}, {"name": "thank", "confidence": 0.3}])
    adieu = parsed("merci und adieu", [{"name": "ask_capabilities", "confidence": 0.6}])
    stay = parsed("danke dir", [{"name": "thank", "confidence": 0.9}])
    guard.process([leave, ciao, adieu, stay])
    assert leave.get("intent")["name"] == "goodbye" and ciao.get("intent")["name"] == "goodbye" and adieu.get("intent")["name"] == "goodbye"
    assert stay.get("intent")["name"] == "thank"


def test_the_guard_gives_a_question_read_as_a_yes_or_no_without_a_word_of_one_the_fallback() -> None:
    guard = QuestionGuard(QuestionGuard.get_default_config())
    net = parsed("netto?", [{"name": "deny", "confidence": 0.58}, {"name": "greet", "confidence": 0.1}, {"name": "affirm", "confidence": 0.08}])
    no = parsed("nein, eher nicht?", [{"name": "deny", "confidence": 0.9}])
    yes = parsed("ja, gerne?", [{"name": "affirm", "confidence": 0.9}])
    why = parsed("wieso?", [{"name": "affirm", "confidence": 0.4}, {"name": "out_of_scope", "confidence": 0.12}])
    asks = parsed("soll ich mich also lieber nicht zu sehr spezialisieren?", [{"name": "deny", "confidence": 0.72}, {"name": "ask_application", "confidence": 0.09}])
    first = parsed("nein, wieso?", [{"name": "deny", "confidence": 0.8}])
    guard.process([net, no, yes, why, asks, first])
    assert net.get("intent")["name"] == "nlu_fallback" and why.get("intent")["name"] == "nlu_fallback"
    assert no.get("intent")["name"] == "deny" and yes.get("intent")["name"] == "affirm"
    assert asks.get("intent")["name"] == "nlu_fallback", "a question that starts like one says its \"nicht\" inside it"
    assert first.get("intent")["name"] == "deny", "a no that comes first answers, and asks after"


def test_a_bare_follow_ups_words_tied_with_a_topics_give_way_to_the_topic() -> None:
    understood = {**UNDERSTOOD, "ask_training": ["training"], "inform": ["about"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood})
    training = parsed("And what about training for medical engineers?", [{"name": "inform", "confidence": 0.9}])
    bare = parsed("And what about Duisburg?", [{"name": "inform", "confidence": 0.9}])
    component.process([training, bare])
    assert training.get("intent")["name"] == "ask_training"
    assert bare.get("intent")["name"] == "inform", "where no topic ties with it, the follow-up stands"


def test_a_one_word_message_is_german_unless_its_word_tells_its_language_alone() -> None:
    component = LanguageGate({**LanguageGate.get_default_config(), "single_words": {"en": ["hello", "goodbye"]}})
    assert component.language_of("Hello!") == "en" and component.language_of("Goodbye 👋") == "en"
    assert component.language_of("bye") == "de" and component.language_of("Hallo!") == "de"


def test_a_word_inside_a_phrase_already_counted_counts_no_more() -> None:
    understood = {"compare_salaries": ["better", "better paid"], "ask_salary": ["paid"], "ask_departments": ["radiology", "pathology"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood})
    departments = parsed("For MTI, is radiology or pathology better paid?", [{"name": "ask_departments", "confidence": 0.99}])
    component.process([departments])
    assert departments.get("intent") == {"name": "ask_departments", "confidence": 0.99}, "'better paid' is two words, as many as the departments"


@pytest.mark.parametrize("text,language", [
    ("Is that gross?", "en"),
    ("Hello! I'm looking for Infos über Weiterbildung for medical engineers in Duisburg, please.", "en"),
    ("ok danke", "de"),
    ("top danke", "de"),
    ("gehalt mi duisburg", "de"),
    ("spielt datenschutz ne rolle?", "de"),
    ("Brauch i do a Studium?", "de"),
    ("servus, wos mocht ma ois  ?", "de"),
])
def test_two_function_words_of_another_language_outweighing_german_ones_tell_it(text: str, language: str) -> None:
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": {"ask_salary": ["gross"]}})
    assert component.language_of(text) == language


def test_a_message_without_function_words_does_not_tell_its_language() -> None:
    assert not gate().tells_language("hourly rate?"), "the actions keep the conversation's language"
    assert not gate().tells_language("MTI Gehalt")
    assert gate().tells_language("und pro monat?") and gate().tells_language("What do they do all day?")
    told = parsed("hourly rate?", [{"name": "ask_salary", "confidence": 0.5}])
    gate().process([told])
    assert told.get("language_told") is False and "language_told" in told.as_dict(only_output_properties=True)


def test_a_question_about_the_language_is_not_what_a_message_asks() -> None:
    understood = {**UNDERSTOOD, "ask_training": ["training", "further"], "greet": ["hey"], "ask_regions": ["rural", "areas"],
                  "ask_market": ["job opportunities", "jobs"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood, "language_questions": ["speak english"],
                              "tie_groups": [["ask_regions", "ask_market"]]})
    training = parsed("hey do u speak english? i wanna know about further training for medical engineers",
                      [{"name": "greet", "confidence": 0.6}])
    rural = parsed("do you speak english? i want to know about MTI job opportunities in rural areas", [{"name": "ask_duties", "confidence": 0.97}])
    component.process([training, rural])
    assert training.get("intent")["name"] == "ask_training", "the greeting of the language question does not decide"
    assert rural.get("intent")["name"] == "ask_regions", "a tie within a group is its first intent"


def test_a_german_question_in_a_foreign_message_is_read_as_german() -> None:
    mixed = parsed("Hallo, I am from Spain and my German is not so good. Was verdient ein Medizin-Ingenieur in Duisburg?",
                   [{"name": "greet", "confidence": 0.7}, {"name": "ask_salary", "confidence": 0.2}])
    mixed.set("question_intent", {"name": "ask_salary", "confidence": 0.82})
    gate().process([mixed])
    assert mixed.get("language") == "en" and mixed.get("intent") == {"name": "ask_salary", "confidence": 0.82}


def test_the_models_other_guesses_at_a_foreign_message_stand_only_with_their_words() -> None:
    understood = {**UNDERSTOOD, "inform": ["what about"]}
    component = LanguageGate({**LanguageGate.get_default_config(), "understood_intents": understood})
    follow_up = parsed("ok what about a medical engineer then", [{"name": "ask_duties", "confidence": 0.82}, {"name": "inform", "confidence": 0.1}])
    component.process([follow_up])
    assert [i["name"] for i in follow_up.get("intent_ranking")] == ["inform"], "the duties were a guess at English words"


def test_the_guard_takes_a_thanks_read_as_a_greeting_for_a_thanks() -> None:
    thanks = parsed("thanks!", [{"name": "greet", "confidence": 0.77}, {"name": "thank", "confidence": 0.04}])
    hello = parsed("Hallo!", [{"name": "greet", "confidence": 0.95}])
    QuestionGuard(QuestionGuard.get_default_config()).process([thanks, hello])
    assert thanks.get("intent")["name"] == "thank" and hello.get("intent")["name"] == "greet"


def test_the_guard_takes_a_short_farewell_read_as_a_greeting_or_a_yes_for_a_goodbye() -> None:
    bavarian = parsed("Pfiat di!", [{"name": "greet", "confidence": 0.7}])
    agreed = parsed("Passt, pfiat di", [{"name": "affirm", "confidence": 0.79}])
    hello = parsed("Servus!", [{"name": "greet", "confidence": 0.9}])
    QuestionGuard(QuestionGuard.get_default_config()).process([bavarian, agreed, hello])
    assert bavarian.get("intent")["name"] == "goodbye" and agreed.get("intent")["name"] == "goodbye"
    assert hello.get("intent")["name"] == "greet"


def test_the_guard_takes_a_longer_message_that_opens_or_ends_with_thanks_and_asks_nothing_for_a_thanks() -> None:
    grateful = parsed("Vielen Dank für Ihre Geduld mit einer alten Frau.", [{"name": "ask_salary", "confidence": 0.6}])
    closing = parsed("Na, dann fühle ich mich ja gleich wie zu Hause. Danke!", [{"name": "nlu_fallback", "confidence": 1.0}])
    asking = parsed("Danke, und was verdient man in der MTI so im Schnitt bei uns?", [{"name": "ask_salary", "confidence": 0.9}])
    QuestionGuard(QuestionGuard.get_default_config()).process([grateful, closing, asking])
    assert grateful.get("intent")["name"] == "thank" and closing.get("intent")["name"] == "thank"
    assert asking.get("intent")["name"] == "ask_salary"


def test_word_pairs_only_german_writes_keep_a_message_german() -> None:
    gate = LanguageGate({**LanguageGate.get_default_config(), "home_phrases": ["was is", "is das"]})
    assert gate.language_of("was is PACS") == "de" and gate.language_of("what is PACS") == "en"


def test_the_guard_takes_a_no_that_refers_to_the_other_profession_for_a_bare_follow_up() -> None:
    corrected = parsed("nein, ich meinte die andere", [{"name": "deny", "confidence": 0.8}])
    refused = parsed("nein, danke", [{"name": "deny", "confidence": 0.9}])
    QuestionGuard(QuestionGuard.get_default_config()).process([corrected, refused])
    assert corrected.get("intent")["name"] == "inform" and refused.get("intent")["name"] == "deny"


@pytest.mark.parametrize("text", ["Okay, dann nenn mir einfach die Spannen beider nochmal.", "Erzähl mir was über die MTI-Gehälter."])
def test_a_request_opens_a_question_as_a_question_word_does(text: str) -> None:
    assert opens_question(text)
    assert not opens_question("Okay, danke dir.")


def test_the_guard_takes_a_wish_for_a_human_without_a_word_of_one_for_the_fallback() -> None:
    age = parsed("Gibt es eine Altersgrenze, ab der man als Medizin-Ingenieur nicht mehr eingestellt wird?", [{"name": "request_human", "confidence": 0.57}])
    human = parsed("Kann i mit am echtn Menschn redn?", [{"name": "request_human", "confidence": 0.8}])
    QuestionGuard(QuestionGuard.get_default_config()).process([age, human])
    assert age.get("intent")["name"] == "nlu_fallback" and human.get("intent")["name"] == "request_human"


# Log-probabilities as spaCy's German word frequencies give them (natural logs), a few words only.
USAGE = {"können": -6.5, "koennen": -11.5, "für": -5.0, "fuer": -10.0, "Geräte": -13.7, "dös": -15.7, "does": -13.6,
         "Frauen": -12.2, "groß": -8.0, "gross": -11.0, "Größe": -9.0, "TVöD": -17.0, "rare": -18.0, "räre": -19.0}


def test_umlauts_typed_as_two_letters_are_restored_where_german_writes_them_clearly_more_often() -> None:
    restored = restorations(USAGE, min_log_odds=1.0)
    text = "Was muss ich da KOENNEN, fuer die Geraete? Gibts da TVoeD? does Frauen gross groesse rare"
    assert restore_umlauts(text, restored) == "Was muss ich da KÖNNEN, für die Geräte? Gibts da TVöD? does Frauen gross größe rare"


def test_every_typed_spelling_of_a_word_restores_at_least_one_umlaut() -> None:
    assert sorted(typed_spellings("größe")) == ["groesse", "groeße"]
    assert list(typed_spellings("groß")) == [], "ß alone stays: 'gross' is English too"


def test_the_restorer_builds_its_table_at_training_and_restores_after_loading(tmp_path: Path) -> None:
    context = ExecutionContext(GraphSchema({}), "test")
    storage, resource = LocalModelStorage(tmp_path), Resource("umlauts")
    config = UmlautRestorer.get_default_config()
    UmlautRestorer.create(config, storage, resource, context).train(TrainingData([]))
    loaded = UmlautRestorer.load(config, storage, resource, context)
    message = Message(data={"text": "was muss ich da koennen, gibts da tvoed? und die geraete?"})
    loaded.process([message])
    assert message.get("text") == "was muss ich da können, gibts da tvöd? und die geräte?"
    english = Message(data={"text": "Is that gross or net? What do they do all day?"})
    loaded.process([english])
    assert english.get("text") == "Is that gross or net? What do they do all day?"
