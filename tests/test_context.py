"""What a turn is about, inferred from its text and the conversation (actions/context.py), without Rasa."""

from __future__ import annotations

from typing import Dict, Optional

import pytest

from actions.context import (
    Reading, asks_about_sentence_before, asks_what_it_is, name_like, opens_with_greeting, question_of, read_turn, said_before_asking, topic_named_by_words,
    topic_of_fact_words, topic_of_themes, unknown_profession_in, without_own_clauses, sentence_before_question, term_asked,
)
from actions.knowledge import KnowledgeBase

MI, MTI = "medizin_ingenieur", "mt_informatik"


def read(kb: KnowledgeBase, text: str, **slots: object) -> Reading:
    return read_turn(text, [], slots, kb)


@pytest.mark.parametrize("text,profession", [
    ("Ich überlege, nach dem Bachelor Medizintechnik nach Duisburg zu gehen. Lohnt sich das?", MI),
    ("Welche Jobs gibt es im Technologiepark?", MI),
    ("Ist die Arbeit am Universitätsklinikum spannend?", MI),
    ("Wie läuft so eine PACS-Migration ab?", MTI),
    ("Laborautomation klingt gut, was verdient man da?", MTI),
    ("Radiologie oder Pathologie, wo verdient man mehr?", MTI),
    ("Was ist das für eine Stelle bei expertum?", MTI),
])
def test_a_cue_only_one_article_covers_selects_that_profession(kb: KnowledgeBase, text: str, profession: str) -> None:
    assert read(kb, text).professions == (profession,)


def test_a_named_profession_wins_over_cues_and_memory(kb: KnowledgeBase) -> None:
    assert read(kb, "Und als MTI in Duisburg?", profession=MI, professions=[MI]).professions == (MTI,)


@pytest.mark.parametrize("text", ["Was verdienen beide?", "und jeweils zum Einstieg?", "Was machen die zwei Berufe?"])
def test_both_means_every_profession(kb: KnowledgeBase, text: str) -> None:
    assert read(kb, text, profession=MI, professions=[MI]).professions == (MI, MTI)


def test_the_other_profession_is_the_one_not_discussed_last(kb: KnowledgeBase) -> None:
    assert read(kb, "Und der andere Beruf?", profession=MTI, professions=[MTI]).professions == (MI,)
    assert read(kb, "und im anderen Bereich?", profession=MI, professions=[MI]).professions == (MTI,)


def test_the_other_profession_stays_the_same_when_asked_again(kb: KnowledgeBase) -> None:
    first = read(kb, "und im anderen Beruf?", profession=MI, professions=[MI], named_professions=[MI])
    again = read(kb, "und was verdient man in diesem anderen Beruf?", **first.slot_values())
    assert first.professions == (MTI,) and again.professions == (MTI,)


def test_without_any_hint_the_conversation_decides(kb: KnowledgeBase) -> None:
    assert read(kb, "Ist das brutto?", profession=MI, professions=[MI]).professions == (MI,)
    assert read(kb, "Ist das brutto?").professions == ()


@pytest.mark.parametrize("text,named", [
    ("Und was verdient ein Zahnarzt?", "Zahnarzt"),
    ("und eine pflegekraft in berlin?", "pflegekraft"),
    ("Was bekommt eine Kinderkrankenpflegerin?", "Kinderkrankenpflegerin"),
    ("Wie viel verdient ein Maschinenbauingenieur?", "Maschinenbauingenieur"),
])
def test_an_unknown_profession_replaces_the_remembered_one(kb: KnowledgeBase, text: str, named: str) -> None:
    reading = read(kb, text, profession=MTI, professions=[MTI])
    assert reading.professions == () and reading.unknown_profession.casefold() == named.casefold()
    assert reading.slot_values()["profession"].casefold() == named.casefold()


def test_background_about_another_job_does_not_hide_the_asked_profession(kb: KnowledgeBase) -> None:
    reading = read(kb, "Ich habe zehn Jahre in der Pflege gearbeitet und frage mich, was man als Medizininformatiker verdient.")
    assert reading.professions == (MTI,) and reading.unknown_profession is None
    assert reading.level_gap is None, "years in another job are background, not the level asked about"


def test_a_bare_title_that_is_only_an_ending_is_not_an_unknown_profession(kb: KnowledgeBase) -> None:
    assert unknown_profession_in("Was macht man da so als Techniker?", kb) is None
    assert read(kb, "und beim ingenieur?", profession=MTI).professions == (MI,)


def test_an_unknown_title_asked_about_wins_over_the_field_it_works_in(kb: KnowledgeBase) -> None:
    reading = read(kb, "Und was verdient ein Physiker in der Medizintechnik?", profession=MI)
    assert reading.unknown_profession == "Physiker" and reading.professions == ()


def test_words_that_point_back_are_not_places(kb: KnowledgeBase) -> None:
    reading = read_turn("Was verdient man dort in der MTI?", [{"entity": "place", "value": "dort"}], {"place": "Bremen"}, kb)
    assert reading.place == "Bremen"


def test_only_the_question_of_a_long_message_is_searched_for_gaps(kb: KnowledgeBase) -> None:
    reading = read(kb, "Ich bin Doktorand und habe einen befristeten Vertrag. Wie sind die Karrierewege in der MTI?")
    assert reading.topic_gap is None and reading.professions == (MTI,)


@pytest.mark.parametrize("text,gap", [
    ("Was bekommt man als Werkstudent?", "Werkstudenten"),
    ("Und in der Ausbildung?", "Ausbildungsvergütung"),
    ("Was verdient eine Teamleiterin?", "Leitungspositionen"),
])
def test_levels_the_articles_lack_are_gaps_with_no_level(kb: KnowledgeBase, text: str, gap: str) -> None:
    reading = read(kb, text, profession=MI)
    assert reading.level is None and gap in (reading.level_gap or "")


@pytest.mark.parametrize("text", [
    "Was verdient man nach fünf Jahren?",
    "mit 3 Jahren Berufserfahrung?",
    "und nach genau 5 jahren?",
    "Was hat ein Medizin-Ingenieur in Duisburg nach 10 Jahren Berufserfahrung auf dem Gehaltszettel?",
    "How much would an experienced med engineer in Duisburg make, say ten years in?",
    "'mehr als 4.800' – ab wie vielen Jahren Berufserfahrung ist das?",
])
def test_years_of_experience_are_a_gap_that_the_experience_level_stands_for(kb: KnowledgeBase, text: str) -> None:
    reading = read(kb, text, profession=MI)
    assert reading.level == "erfahrung" and "Berufsjahren" in (reading.level_gap or "")


def test_a_second_level_the_articles_lack_keeps_the_first_gap(kb: KnowledgeBase) -> None:
    """"Senior … mit 10 Jahren Berufserfahrung": the years are no level the article names, so the Senior gap stands."""
    reading = read(kb, "Was verdient ein Senior Medizintechnik-Ingenieur mit 10 Jahren Berufserfahrung in Duisburg?")
    assert "Senior" in (reading.level_gap or "") and reading.level is None


def test_a_vague_few_years_is_the_articles_experience_level(kb: KnowledgeBase) -> None:
    reading = read(kb, "und wenn ich ein paar jahre dabei bin?", profession=MI)
    assert reading.level == "erfahrung" and reading.level_gap is None


@pytest.mark.parametrize("text,gap", [
    ("Was bleibt netto?", "Netto"),
    ("Wie hoch ist der Stundenlohn?", "Stundenlohn"),
    ("Gibt es einen Bonus?", "Boni"),
    ("Nach welchem Tarif wird bezahlt, TVöD?", "Tarifvertrag"),
    ("gibts da tarifverträge?", "Tarifvertrag"),
    ("Wie schnell kommt eine Gehaltserhöhung?", "Gehalt"),
    ("Und wie schnell komme ich dann über 4.800?", "im Lauf der Zeit"),
    ("wann verdient man mehr als 4.200?", "im Lauf der Zeit"),
    ("Wie groß ist der Gehaltsunterschied zwischen Master und Bachelor?", "Master"),
    ("What's that net per month?", "Netto"),
    ("Sind die Zahlen schon an die Inflation angepasst?", "Inflation"),
    ("Um wie viel Prozent steigt das Gehalt nach einer Weiterbildung?", "im Lauf der Zeit"),
])
def test_pay_concepts_the_articles_lack_are_gaps(kb: KnowledgeBase, text: str, gap: str) -> None:
    assert gap in (read(kb, text, profession=MTI).pay_gap or "")


def test_topics_neither_article_covers_are_gaps(kb: KnowledgeBase) -> None:
    assert "Urlaub" in (read(kb, "Wie viele Urlaubstage hat man?").topic_gap or "")


def test_a_comparison_pairs_each_level_with_its_own_profession(kb: KnowledgeBase) -> None:
    reading = read(kb, "ein paar Jahre Medizin-Ingenieur oder frisch von der Uni in die MTI: wo liegt mehr drin?")
    assert reading.professions == (MI, MTI)
    assert reading.level_of(MI) == "erfahrung" and reading.level_of(MTI) == "einstieg"


@pytest.mark.parametrize("value,expected", [
    ("München", "München"),
    ("Bad Homburg", "Bad Homburg"),
    ("Castrop-Rauxel", "Castrop-Rauxel"),
    ("München 99.000 €", None),
    ("zahnarzt 120000", None),
    ("<b>Berlin</b>", None),
    ("x" * 41, None),
    ("", None),
    (42, None),
])
def test_only_name_like_values_are_ever_repeated(value: object, expected: Optional[str]) -> None:
    assert name_like(value) == expected


def test_entities_with_digits_are_dropped(kb: KnowledgeBase) -> None:
    entities: list = [{"entity": "place", "value": "München 99.000 €"}, {"entity": "profession", "value": "zahnarzt 120000"}]
    reading = read_turn("/ask_salary", entities, {}, kb)
    values: Dict[str, object] = reading.slot_values()
    assert reading.place is None and reading.unknown_profession in (None, "Zahnarzt")
    assert not any(isinstance(v, str) and any(c.isdigit() for c in v) for v in values.values())


def test_an_employer_named_after_a_field_is_an_employer(kb: KnowledgeBase) -> None:
    reading = read_turn("und bei einem großen Medizintechnik-Konzern?", [{"entity": "profession", "value": "Medizintechnik"}],
                        {"profession": MTI, "professions": [MTI]}, kb)
    assert reading.professions == (MTI,) and reading.employer_type == "konzern"


def test_comparing_with_the_profession_discussed_before(kb: KnowledgeBase) -> None:
    reading = read(kb, "verdient man da zum Einstieg mehr als in der Informatik-Variante?", profession=MI, professions=[MI])
    assert reading.compares and reading.professions == (MTI,) and reading.remembered == (MI,)


def test_a_long_listed_word_also_names_what_the_articles_lack_as_the_start_of_a_compound(kb: KnowledgeBase) -> None:
    assert read_turn("Gibt es da Ausbildungsplätze mit Vergütung?", [], {}, kb).level_gap == "Eine Ausbildungsvergütung nennen die Artikel nicht"
    assert read_turn("Gibt es Teilzeitmodelle?", [], {}, kb).topic_gap == "Zu Teilzeit oder Vollzeit sagen die Artikel nichts"
    assert read_turn("Welche Weiterbildungen gibt es?", [], {}, kb).topic_gap is None


def test_a_fragment_as_close_to_two_professions_names_neither_and_a_cue_decides(kb: KnowledgeBase) -> None:
    reading = read_turn("was verdint man als medizin inschenör in duisburg", [{"entity": "profession", "value": "medizin"}], {}, kb)
    assert reading.professions == ("medizin_ingenieur",)


def test_both_in_the_question_wins_over_one_profession_in_the_background(kb: KnowledgeBase) -> None:
    reading = read_turn(
        "Ich habe ein Angebot von einem Klinikum als Medizin-Ingenieur. Was unterscheidet die beiden Berufe im Alltag?",
        [{"entity": "profession", "value": "medizin_ingenieur"}, {"entity": "employer_type", "value": "klinik"}], {}, kb)
    assert reading.professions == ("medizin_ingenieur", "mt_informatik") and reading.contrasts
    assert reading.employer_type is None, "an employer named only in the background is not what is asked about"


def test_how_long_a_degree_takes_is_a_gap_not_a_level(kb: KnowledgeBase) -> None:
    reading = read(kb, "wie lange dauert denn das studium zum medizin-ingenieur?")
    assert "wie lange sie dauern" in (reading.topic_gap or "")


@pytest.mark.parametrize("text,gap", [
    ("Welche Programmiersprachen sollte ich für die MTI draufhaben?", "Programmiersprachen"),
    ("Ich bin 52 und frage mich, ob ich in meinem Alter noch genommen werde.", "Alter"),
    ("Was macht ein medizinischer Datenmanager da konkret?", "späteren Rollen"),
    ("Spielt mein Alter eine Rolle?", "Zum Alter"),
    ("Gibt es spezielle Wiedereinstiegsprogramme für Mütter?", "Wiedereinstieg"),
    ("Welche Hochschulen bieten dort die Weiterbildungen an?", "Namen oder Adressen"),
    ("Wie lange dauert eine Weiterbildung zum Medizin-Ingenieur?", "wie lange sie dauern"),
    ("Wie viele Cybersecurity-Stellen gibt es in Duisburger Kliniken?", "Wie viele Stellen"),
    ("Welche Stelle erkennt meinen Abschluss an?", "Anerkennung"),
])
def test_more_topics_neither_article_covers_are_gaps(kb: KnowledgeBase, text: str, gap: str) -> None:
    assert gap in (read(kb, text).topic_gap or "")


def test_later_careers_without_figures_are_level_gaps(kb: KnowledgeBase) -> None:
    reading = read(kb, "Was verdient man, wenn man aus der MTI ins Consulting wechselt?", profession=MTI)
    assert "Consulting" in (reading.level_gap or "")


def test_a_compound_ending_in_a_pay_concept_is_that_pay_concept(kb: KnowledgeBase) -> None:
    assert "Boni" in (read(kb, "und gibts da nen jahresbonus?", profession=MI).pay_gap or "")


def test_a_city_the_articles_do_not_name_is_a_place_however_it_is_typed(kb: KnowledgeBase) -> None:
    assert read(kb, "und wenn ich in bochum bleibe, was zahlen die da?", profession=MI).place == "Bochum"


def test_both_after_two_employers_means_the_employers_not_the_professions(kb: KnowledgeBase) -> None:
    reading = read(kb, "Ich habe Angebote als Medizin-Ingenieur vom Universitätsklinikum und von einem Mittelständler. "
                       "Wer von den beiden zahlt besser?")
    assert reading.professions == (MI,) and reading.employer_type == "uniklinik"


def test_where_to_study_is_a_gap(kb: KnowledgeBase) -> None:
    assert "Studiengänge" in (read(kb, "An welcher Hochschule in Duisburg kann man Medizintechnik studieren?").topic_gap or "")


def test_a_compound_job_title_of_another_field_is_an_unknown_profession(kb: KnowledgeBase) -> None:
    reading = read(kb, "Was verdient eigentlich ein Bundesligaprofi in Duisburg?")
    assert reading.unknown_profession == "Bundesligaprofi" and reading.professions == ()
    assert read(kb, "Was verdient man als Profi?", profession=MI).level == "erfahrung", "the word alone is the level"


@pytest.mark.parametrize("text,topic", [
    ("Gibts beim Medizin-Ingenieur in Duisburg viele Stellen?", "market"),
    ("und wer stellt da ein?", "employers"),
    ("werden eher Generalisten oder Spezialisten gesucht?", "application"),
    ("Wie sieht es mit Homeoffice aus, ehrlich?", "remote"),
    ("klingt modern. ist es das auch in echt?", None),
    ("Ich kann mir das gut vorstellen", None),
    ("Stress und Karriere?", None),
])
def test_the_words_of_an_unreadable_message_name_a_topic_only_where_one_has_most(kb: KnowledgeBase, text: str, topic: Optional[str]) -> None:
    """topics.yml `unsure_words`: "Stellen" names the market, "vorstellen" nothing; one word of each of two topics names neither."""
    assert topic_named_by_words(text, kb) == topic


@pytest.mark.parametrize("text,professions,read_as,topic", [
    ("datenschutz spielt wohl auch ne rolle oder", (MTI,), "regions", "challenges"),
    ("Hab gehört, die Digitalisierung im Krankenhaus ist gerade DAS Thema?", (MTI,), "market", "challenges"),
    ("gibts beim informatik-ding auch was mit forschung?", (MTI,), "market", "career"),
    ("Welche Arbeitgeber gibt es im Technologiepark?", (MI,), "employers", None),
    ("Was macht man im Technologiepark?", (MI,), "regions", None),
    ("Wer stellt ein?", (), "employers", None),
    ("Und rund um Wissenschaftscluster?", (MTI,), None, None),
])
def test_a_theme_only_one_topic_s_facts_answer_moves_the_question_there(
    kb: KnowledgeBase, text: str, professions: tuple, read_as: str, topic: Optional[str],
) -> None:
    """facts.yml `themes`: where the topic read has no fact that lists or mentions what was named, the fact that does answers."""
    assert topic_of_themes(text, kb, professions, read_as) == topic


def test_the_visitors_own_job_is_background_not_the_profession_asked_about(kb: KnowledgeBase) -> None:
    text = "hi, ich bin krankenpfleger und will mehr in richtung technik. was von den beiden berufen passt da?"
    reading = read_turn(text, [{"entity": "profession", "value": "Krankenpfleger"}], {"profession": "Krankenpfleger"}, kb)
    assert reading.unknown_profession is None
    assert read(kb, "Ich bin Pflegerin. Was verdient eigentlich ein Zahnarzt?").unknown_profession == "Zahnarzt"


@pytest.mark.parametrize("text,unknown", [
    ("ich bin elektriker, was verdient man da aktuell so?", "Elektriker"),
    ("Ich bin Elektriker. Was verdient man da?", "Elektriker"),
])
def test_the_visitors_own_job_is_asked_about_where_nothing_else_names_a_profession(kb: KnowledgeBase, text: str, unknown: str) -> None:
    assert read(kb, text).unknown_profession == unknown
    assert read(kb, text, profession=MI).unknown_profession is None, "after a profession, 'da' is that profession"


@pytest.mark.parametrize("text,pay", [
    ("Kommt man als Medizininformatiker nach zehn Jahren im Job über 60k?", True),
    ("Sind 3.500 € realistisch?", True),
    ("Wie hoch ist die Ausbildungsvergütung?", True),
    ("Und im Vergleich zu meinem Pflegegehalt?", True),
    ("Was ist denn beim Einstieg so drin?", True),
    ("Kann man da auch als Quereinsteiger reinkommen?", False),
    ("verdient der auch so viel?", True),
    ("auch so viel Geld wie in der MTI?", True),
    ("und beim medizin ingenieur, auch so viel altes zeug?", False),
    ("Wie viele Fallzahlen hat die Klinik?", False),
])
def test_amounts_and_pay_compounds_are_pay_words(kb: KnowledgeBase, text: str, pay: bool) -> None:
    assert read(kb, text).names_pay is pay


def test_a_place_in_the_question_wins_over_one_in_the_background(kb: KnowledgeBase) -> None:
    text = "Ehrlich gesagt nervt mich Duisburg langsam. Verdient man als Medizin-Ingenieur in München mehr als hier?"
    entities = [{"entity": "place", "value": "Duisburg"}, {"entity": "place", "value": "München"}]
    assert read_turn(text, entities, {}, kb).place == "München"


def test_two_topics_listing_a_theme_are_decided_by_the_models_order(kb: KnowledgeBase) -> None:
    text = "und dieser technologiepark, was machen die da?"
    assert topic_of_themes(text, kb, (MI,), "duties", ["duties", "regions", "employers"]) == "regions"
    # Without the model's order, the first of them in facts.yml: a fact that speaks of the theme answers either way.
    assert topic_of_themes(text, kb, (MI,), "duties") == "employers"
    assert topic_of_themes("gibts da auch so it-sicherheitskram?", kb, (MI,), "salary") == "training"


@pytest.mark.parametrize("text,level", [
    ("wovon hängts ab ob man eher 3200 oder eher 4200 kriegt?", "einstieg"),
    ("kommt man über die 4.800 hinaus?", "erfahrung"),
    ("sind 3.500 im Monat realistisch?", None),
])
def test_quoted_bounds_of_a_salary_row_name_its_level(kb: KnowledgeBase, text: str, level: Optional[str]) -> None:
    assert read(kb, text).level == level


def test_the_informatics_people_are_the_informatics_profession_but_an_informatician_is_another(kb: KnowledgeBase) -> None:
    entities = [{"entity": "profession", "value": "informatiker"}]
    follow_up = read_turn("und die informatiker?", entities, {"profession": "informatiker", "professions": [MI]}, kb)
    assert follow_up.professions == (MTI,) and follow_up.unknown_profession is None
    assert read(kb, "Was verdient ein Informatiker?").unknown_profession == "Informatiker"


@pytest.mark.parametrize("text,profession", [
    ("wieviel verdient man in der medizinsch technichen infomatik als berufsanfänger", MTI),
    ("verdinet man als medizn ingeniör viel", MI),
])
def test_a_misspelt_name_of_several_words_names_its_profession(kb: KnowledgeBase, text: str, profession: str) -> None:
    # The model splits such a name into pieces that name nothing ("medizinsch", "infomatik").
    entities = [{"entity": "profession", "value": word} for word in ("medizinsch", "infomatik") if word in text]
    assert read_turn(text, entities, {}, kb).professions == (profession,)


@pytest.mark.parametrize("text", ["Was verdient man in der Bioinformatik?", "Ich habe ein Medizintechnikstudium, was verdient man?",
                                  "und bei einem großen Medizintechnik-Konzern?"])
def test_words_merely_like_a_name_name_no_profession(kb: KnowledgeBase, text: str) -> None:
    assert read_turn(text, [], {}, kb).professions == ()


def test_the_figures_a_question_quotes_name_their_profession_and_level(kb: KnowledgeBase) -> None:
    reading = read(kb, "stimmt es, dass auch mehr als 4800 möglich sind?", professions=[MTI])
    assert reading.professions == (MI,) and reading.level == "erfahrung"


@pytest.mark.parametrize("value", ["Duisburger", "Duisburg-Hamborn"])
def test_a_place_s_adjective_or_district_is_the_place(kb: KnowledgeBase, value: str) -> None:
    assert read_turn(f"Was zahlt ein {value} Arbeitgeber?", [{"entity": "place", "value": value}], {}, kb).place == "Duisburg"


def test_the_place_asked_about_is_named_in_the_question_or_pointed_at(kb: KnowledgeBase) -> None:
    assert read(kb, "Ich wohne in Duisburg. Gibt es hier Stellen in der MTI?").asked_place == "Duisburg"
    assert read(kb, "Ich wohne in Duisburg. Was macht man in der MTI?").asked_place is None
    assert read(kb, "Wie ist der Arbeitsmarkt in Hamburg?").asked_place == "Hamburg"


def test_a_short_question_that_asks_to_confirm_the_sentence_before_it_includes_that_sentence() -> None:
    assert question_of("Ich bin Pflegerin. In der MTI hängt das Gehalt davon ab, wo man landet. Stimmt das?") == (
        "In der MTI hängt das Gehalt davon ab, wo man landet. Stimmt das?")
    assert question_of("Ich bin Pflegerin. Was verdient man in der MTI?") == "Was verdient man in der MTI?"
    assert question_of("") == question_of("   ") == "", "a message without text has no question"
    assert question_of("Ich bin alleinerziehend. Mir ist wichtig, ob es Schichtdienste gibt. Können Sie mir dazu was sagen?") == (
        "Mir ist wichtig, ob es Schichtdienste gibt. Können Sie mir dazu was sagen?"), "a short question that points at what was said"
    assert question_of("Ich suche Allrounder. Stimmt das, oder sollte ich mich spezialisieren?") == (
        "Stimmt das, oder sollte ich mich spezialisieren?"), "a longer question stands on its own"


def test_a_last_sentence_left_without_an_end_mark_after_a_question_asks_too(kb: KnowledgeBase) -> None:
    assert question_of("und als medizin-ingenieur? geht das ohne ingenieurstudium") == "und als medizin-ingenieur? geht das ohne ingenieurstudium"
    assert question_of("Was verdient man in der MTI? Danke!") == "Was verdient man in der MTI?"
    assert question_of("would i earn more than now? i'm on about 3.400 brutto a month as a nurse") == "would i earn more than now?", (
        "a last sentence about the visitor is background")
    assert read_turn("und als medizin-ingenieur? geht das ohne ingenieurstudium", [], {}, kb).topic_gap


def test_a_follow_up_quoting_the_other_professions_figure_asks_about_that_profession(kb: KnowledgeBase) -> None:
    after_engineers = {"profession": "medizin_ingenieur", "professions": ["medizin_ingenieur"], "last_topic": "salary"}
    assert read_turn("und die 42.000?", [], after_engineers, kb).professions == ("mt_informatik",)


def test_the_first_or_second_of_two_professions_named_together_is_the_one_asked_about(kb: KnowledgeBase) -> None:
    both = {"professions": ["mt_informatik", "medizin_ingenieur"], "named_professions": ["mt_informatik", "medizin_ingenieur"]}
    assert read_turn("und beim letzteren, was verdient man da?", [], both, kb).professions == ("medizin_ingenieur",)
    assert read_turn("und beim ersten mit Erfahrung?", [], both, kb).professions == ("mt_informatik",)
    assert read_turn("Was verdient man in den ersten Jahren?", [], both, kb).professions == ("mt_informatik", "medizin_ingenieur")


def test_a_job_title_ending_like_one_is_another_profession(kb: KnowledgeBase) -> None:
    assert read_turn("Was verdient man als KI-Spezialist im Krankenhaus?", [], {}, kb).unknown_profession == "KI-Spezialist"
    assert read_turn("Braucht man Spezialisten oder Generalisten?", [], {}, kb).unknown_profession is None


def test_a_negated_profession_is_not_the_one_asked_about(kb: KnowledgeBase) -> None:
    text = "ich mein die informatiker im krankenhaus, nicht die ingenieure"
    entities = [{"entity": "profession", "value": "medizin_ingenieur", "start": text.index("ingenieure"), "end": len(text)}]
    assert read_turn(text, entities, {"profession": "medizin_ingenieur"}, kb).professions == ("mt_informatik",)
    assert read_turn("Ich bin kein Medizin-Ingenieur, was verdient man da?", [], {}, kb).professions == ("medizin_ingenieur",), (
        "a negation that leaves no other profession negates none")


def test_beide_in_the_background_gives_way_to_a_cue_of_one_profession(kb: KnowledgeBase) -> None:
    cued = read_turn("Ich habe zwei Angebote in der Radiologie. Die Aufgaben klingen beide spannend. Womit muss ich beim Gehalt rechnen?", [], {}, kb)
    assert cued.professions == ("mt_informatik",)
    assert len(read_turn("Ich interessiere mich für beide Berufe. Was verdient man da?", [], {}, kb).professions) == 2


def test_a_comparison_with_a_place_of_the_background_asks_about_that_place(kb: KnowledgeBase) -> None:
    reading = read_turn("Ich komme aus München. Was verdient man in Duisburg im Vergleich?", [], {}, kb)
    assert reading.place == "München"
    assert read_turn("Ich komme aus München. Was verdient man in Duisburg?", [], {}, kb).place == "Duisburg"


def test_a_choice_word_that_asks_which_figures_chooses_no_profession(kb: KnowledgeBase) -> None:
    figures = read_turn("Welche Einstiegsgehälter werden für Medizin-Ingenieure in Duisburg genannt?", [], {}, kb)
    assert not figures.chooses and not figures.comparative
    assert read_turn("Welcher Beruf zahlt mehr?", [], {}, kb).chooses


def test_a_short_follow_up_naming_only_a_place_one_article_covers_keeps_the_profession_discussed(kb: KnowledgeBase) -> None:
    after_mti = {"profession": "mt_informatik", "professions": ["mt_informatik"]}
    assert read_turn("und in duisburg dann?", [], after_mti, kb).professions == ("mt_informatik",)
    assert read_turn("Welche Arbeitgeber gibt es im Technologiepark in Duisburg?", [], after_mti, kb).professions == ("medizin_ingenieur",)
    assert read_turn("und in duisburg dann?", [], {}, kb).professions == ("medizin_ingenieur",), "without a profession discussed the cue names one"


@pytest.mark.parametrize("text,asks", [
    ("Kurze Frage: Was ist Medizinisch-Technische Informatik eigentlich genau?", True),
    ("was ist medizinisch technische informatik überhaupt", True),
    ("Ich komme aus Spanien. Was ist ein Medizin Ingenieur in Duisburg?", True),
    ("Was ist lukrativer: Medizin-Ingenieur oder MTI?", False),
    ("Was ist Duisburg?", False),
])
def test_a_question_that_only_asks_what_a_profession_is(kb: KnowledgeBase, text: str, asks: bool) -> None:
    assert asks_what_it_is(text, kb) is asks


def test_a_question_points_back_only_at_what_was_said_before_it() -> None:
    text = "Remote geht in der MTI, stimmt das? Hintergrund: ich wohne auf dem Land."
    assert said_before_asking(text) == "Remote geht in der MTI, stimmt das?"


def test_after_the_degree_is_the_entry_level(kb: KnowledgeBase) -> None:
    assert read_turn("und nach dem abschluss?", [], {"profession": "medizin_ingenieur"}, kb).level == "einstieg"


def test_a_long_word_one_topics_facts_say_names_that_topic_but_no_vocabulary_word_does(kb: KnowledgeBase) -> None:
    assert topic_of_fact_words("spielt qualitätsmanagement da eine rolle?", kb, ("medizin_ingenieur",)) == "duties"
    assert topic_of_fact_words("was kann ich als berufseinsteiger verlangen?", kb, ()) is None


def test_negated_experience_is_the_entry_level(kb: KnowledgeBase) -> None:
    text = "Außer Praktika habe ich keine Berufserfahrung. Ist das okay oder eher wenig?"
    assert read_turn(text, [{"entity": "level", "value": "Berufserfahrung"}], {"profession": MI}, kb).level == "einstieg"


def test_a_job_title_after_ich_als_is_the_visitors_own_unless_its_pay_is_asked(kb: KnowledgeBase) -> None:
    assert read(kb, "Kann ich als Pflegekraft da quereinsteigen?", profession=MI).unknown_profession is None
    assert read(kb, "Was verdiene ich als Pflegekraft?", profession=MI).unknown_profession == "Pflegekraft"


def test_a_title_a_fact_speaks_of_is_no_unknown_profession_unless_its_pay_is_asked(kb: KnowledgeBase) -> None:
    assert read(kb, "Worauf achten die Personaler?", profession=MTI).unknown_profession is None
    assert read(kb, "Was verdient ein Personaler?").unknown_profession == "Personaler"


def test_an_unknown_profession_compared_with_a_known_one_is_named(kb: KnowledgeBase) -> None:
    reading = read(kb, "Verdient ein MTRA mehr als ein Medizin-Ingenieur?")
    assert reading.professions == (MI,) and reading.compared_unknown == "MTRA"
    assert read(kb, "Verdient ein Medizin-Ingenieur mehr als die MTI?").compared_unknown is None


def test_a_gap_of_one_article_only_holds_where_only_that_profession_is_asked_and_nothing_else(kb: KnowledgeBase) -> None:
    assert read(kb, "Kann ich da als Quereinsteiger anfangen?", profession=MI).topic_gap
    assert not read(kb, "Kann ich da als Quereinsteiger anfangen?", profession=MTI).topic_gap, "the MTI article speaks of them"
    assert not read(kb, "gibts weiterbildung für quereinsteiger wie mich?", profession=MI).topic_gap, "it asks about training"


def test_the_question_names_the_profession_where_the_background_names_another(kb: KnowledgeBase) -> None:
    text = "ich bin mit dem medizintechnik studium fast fertig. nimmt die medizinisch technische informatik auch quereinsteiger?"
    assert read(kb, text).professions == (MTI,)
    assert set(read(kb, "Ich bin Medizin-Ingenieur. Verdient man in der MTI mehr?").professions) == {MI, MTI}, "a comparison keeps both"


def test_a_clause_of_the_visitors_own_circumstances_is_background() -> None:
    assert without_own_clauses("kann man in der MTI remote arbeiten, ich wohn ziemlich ländlich") == "kann man in der MTI remote arbeiten"
    assert without_own_clauses("Wie gut sind die Jobchancen abseits der großen Städte?") == "Wie gut sind die Jobchancen abseits der großen Städte?"


def test_how_many_positions_are_open_is_a_gap(kb: KnowledgeBase) -> None:
    assert read(kb, "Wie viele offene Stellen gibt es in der MTI?").topic_gap == "Wie viele Stellen gerade offen sind, sagen die Artikel nicht"


def test_a_wider_fields_title_names_the_profession_discussed_or_cued_but_not_a_person_of_its_own(kb: KnowledgeBase) -> None:
    only = read(kb, "nehmen die da nur informatiker?", profession=MTI, professions=[MTI])
    assert only.professions == (MTI,) and only.unknown_profession is None
    assert read(kb, "Nehmen die bei PACS-Projekten nur Informatiker?").professions == (MTI,), "a cue of the profession names it"
    assert read(kb, "Was verdient ein Informatiker?", profession=MTI, professions=[MTI]).unknown_profession == "Informatiker"
    assert read(kb, "Nehmen die nur Informatiker?", profession=MI, professions=[MI]).unknown_profession == "Informatiker"


def test_a_job_title_after_man_als_beside_a_known_profession_is_where_one_comes_from(kb: KnowledgeBase) -> None:
    switch = read(kb, "Kann man als Pflegefachkraft in die MTI wechseln?")
    assert switch.professions == (MTI,) and switch.unknown_profession is None
    assert read(kb, "Was verdient man als Pflegefachkraft in der MTI?").unknown_profession == "Pflegefachkraft", "its pay is asked"


def test_a_question_quoting_an_amount_names_it(kb: KnowledgeBase) -> None:
    assert read(kb, "gibts da auch mal mehr als die 55k?", profession=MTI).names_amount
    assert not read(kb, "gibts da auch mal mehr?", profession=MTI).names_amount


def test_a_pay_word_with_a_rise_asks_how_something_affects_pay(kb: KnowledgeBase) -> None:
    assert read(kb, "verdient man nach so ner weiterbildung dann mehr?", profession=MI).asks_pay_effect
    assert not read(kb, "verdient man da gut?", profession=MI).asks_pay_effect



def test_how_many_firms_and_civil_service_are_gaps_and_english_city_names_are_places(kb: KnowledgeBase) -> None:
    assert read(kb, "wie viele firmen sind da ansässig?", profession=MI).topic_gap.startswith("Wie viele Firmen")
    assert read(kb, "kann man als medizin ingenieur in duisburg verbeamtet werden?").topic_gap.startswith("Ob man verbeamtet")
    assert read(kb, "How much does a medical engineer earn in Munich?").asked_place == "Munich"


def test_a_bare_more_pay_about_a_named_profession_says_nothing_else(kb: KnowledgeBase) -> None:
    bare = read(kb, "also verdient der informatiker mehr?", profession=MTI, professions=[MTI])
    effect = read(kb, "verdient man als MTI nach der Weiterbildung mehr?")
    assert bare.professions == (MTI,) and bare.named_here and bare.says_only_more_pay
    assert effect.asks_pay_effect and not effect.says_only_more_pay, "the training is what the question asks about"


def test_a_pay_word_inside_a_gap_makes_no_pay_question_but_a_gap_inside_a_pay_word_does(kb: KnowledgeBase) -> None:
    vacancies = read(kb, "Gibt es für beide auch Zahlen zu offenen Stellen?")
    full_time = read(kb, "Und was wäre das Vollzeitgehalt im Monat?", profession=MTI, professions=[MTI])
    assert vacancies.topic_gap and not vacancies.pay_gap
    assert full_time.pay_gap and not full_time.topic_gap


@pytest.mark.parametrize("text,verdict", [
    ("ist das gehalt wenigstens gut?", True), ("und lohnt sichs finanziell?", True), ("Wie viel verdient man?", False)])
def test_a_question_about_what_a_salary_is_worth(kb: KnowledgeBase, text: str, verdict: bool) -> None:
    assert read(kb, text).asks_verdict is verdict


@pytest.mark.parametrize("text,greets", [
    ("Tach! Kannst du mir bei der Berufswahl helfen?", True), ("Guten Morgen, kurze Frage: was macht man in der MTI?", True),
    ("Was verdient man, hallo?", False), ("Hilft mir das?", False)])
def test_a_message_that_opens_with_a_greeting(kb: KnowledgeBase, text: str, greets: bool) -> None:
    assert opens_with_greeting(text, kb) is greets


def test_a_short_question_pointing_at_the_statement_before_it_asks_about_that_statement() -> None:
    assert asks_about_sentence_before("Ich suche Personal. Ich möchte verstehen, wie der Markt aussieht. Was sagt der Text dazu?")
    assert not asks_about_sentence_before("Ich suche Personal. Wie sieht der Markt aus?")
    assert not asks_about_sentence_before("Wie sieht der Markt aus? Was sagt der Text dazu?"), "the sentence before is a question of its own"


def test_a_figure_quoted_of_another_level_than_the_one_named_asks_for_both_levels(kb: KnowledgeBase) -> None:
    other = read(kb, "mi einstieg mit 4800 realistisch?")
    same = read(kb, "Sind 3.200 als Berufseinsteiger als Medizin-Ingenieur normal?")
    assert other.names_levels and other.level is None
    assert not same.names_levels and same.level == "einstieg", same.level


def test_dort_asks_about_the_place_named_last_also_for_another_profession(kb: KnowledgeBase) -> None:
    there = read(kb, "gibt es dort auch jobs in der medizinisch-technischen informatik?", profession=MI, place="Duisburg")
    assert there.asked_place == "Duisburg" and there.professions == (MTI,)
    assert read(kb, "gibt es da auch jobs in der MTI?", profession=MI, place="Duisburg").asked_place is None, "'da' points at anything"


@pytest.mark.parametrize("text,tagged,place", [
    ("Are medical engineers paid under a collective agreement?", "agreement", None),
    ("Meine Freundin bekommt eine Stelle in einem kleinen Ort im Harz. Gibt es da Jobs?", "Harz", "Harz"),
    ("Wir wohnen in der Nähe von Oldenburg. Wie sind die Jobchancen?", "Oldenburg", "Oldenburg"),
    ("und oldenburg?", "oldenburg", "Oldenburg"),
])
def test_a_place_the_model_tags_that_knowledge_lacks_counts_only_where_places_stand(
        kb: KnowledgeBase, text: str, tagged: str, place: Optional[str]) -> None:
    assert read_turn(text, [{"entity": "place", "value": tagged}], {"profession": MI}, kb).place == place


@pytest.mark.parametrize("text,term", [
    ("was heißt consulting da genau", "consulting"),
    ("Was ist PACS?", "pacs"),
    ("what is PACS?", "pacs"),
    ("Was ist der Unterschied?", None),
    ("was ist mit dem gehalt", None),
    ("Was ist ein Medizin-Ingenieur?", None),
    ("Was ist MTI?", None),
    ("Was macht man da?", None),
])
def test_a_question_for_what_one_word_means_is_told_from_other_what_questions(kb: KnowledgeBase, text: str, term: Optional[str]) -> None:
    assert term_asked(text, kb) == term


def test_the_sentence_before_the_question_is_the_one_a_question_pointing_back_means() -> None:
    assert sentence_before_question("Ich studiere. Vorher steht ein Pflichtpraktikum an. Was wird da bezahlt?") == "Vorher steht ein Pflichtpraktikum an."
    assert sentence_before_question("Was wird da bezahlt?") == ""


def test_a_pay_question_pointing_back_reads_a_level_the_sentence_before_names(kb: KnowledgeBase) -> None:
    assert read(kb, "Vorher steht noch ein Pflichtpraktikum an. Was wird da bezahlt?").level_gap
    assert not read(kb, "Vorher steht noch ein Pflichtpraktikum an. Was macht man da?").level_gap, "no pay asked"
    assert not read(kb, "Ich habe ein Praktikum gemacht. Was verdient man als Einsteiger?").level_gap, "the question names its own level"


@pytest.mark.parametrize("text,slots,unknown", [
    ("Ich bin MTRA in einer radiologischen Praxis. Was verdiene ich im Vergleich zu anderen in Duisburg?", {"profession": MTI}, "MTRA"),
    ("Eine Kollegin von mir ist Medizinphysikerin. Steht über deren Beruf und Gehalt auch etwas drin?", {}, "Medizinphysikerin"),
    ("Was verdient denn ein Biomedizintechniker?", {"profession": MI}, "Biomedizintechniker"),
])
def test_a_job_the_articles_lack_is_what_a_pay_question_asks_about_where_the_visitor_asks_their_own_or_points_back(
        kb: KnowledgeBase, text: str, slots: Dict[str, object], unknown: str) -> None:
    assert read(kb, text, **slots).unknown_profession == unknown


def test_a_visitor_who_would_switch_asks_the_pay_of_the_profession_named(kb: KnowledgeBase) -> None:
    assert read(kb, "Ich bin Pflegekraft, was verdiene ich in der MTI?").professions == (MTI,)


def test_pay_set_aside_is_no_pay_question(kb: KnowledgeBase) -> None:
    assert not read(kb, "Und warum wird man das, wenn es offenbar nicht ums große Geld geht?", profession=MI).names_pay
    assert read(kb, "Geht es da um viel Geld?", profession=MI).names_pay


def test_a_pay_question_about_such_a_person_asks_for_the_level_the_message_before_named(kb: KnowledgeBase) -> None:
    reading = read(kb, "und was verdient so einer?", profession=MTI, previous_message="Gibt es sowas wie medizinischer Datenmanager?")
    assert reading.level_gap == "Für spätere Wege wie Consulting oder Datenmanagement nennen die Artikel keine Zahl"
    assert read(kb, "Welche Arbeitgeber zahlen da eher mehr?", profession=MTI, previous_message="und als werkstudent in der mti?").level_gap is None


def test_a_job_the_articles_lack_named_only_to_compare_with_keeps_the_profession_discussed(kb: KnowledgeBase) -> None:
    reading = read(kb, "ist das mehr als in der pflege", profession=MTI, professions=[MTI])
    assert reading.professions == (MTI,) and reading.compared_unknown == "Pflege" and reading.unknown_profession is None
    assert read(kb, "Was verdient ein Zahnarzt?", profession=MTI, professions=[MTI]).unknown_profession == "Zahnarzt"


@pytest.mark.parametrize("text", ["Ich bin selbst Krankenschwester. Was verdiene ich denn im Vergleich?",
                                  "bin eigentlich Elektriker, was verdiene ich da im Vergleich?"])
def test_an_adverb_between_bin_and_the_title_keeps_it_the_visitors_own_job(kb: KnowledgeBase, text: str) -> None:
    assert read(kb, text, profession=MI, professions=[MI]).unknown_profession in ("Krankenschwester", "Elektriker")


def test_a_job_compared_with_as_it_is_now_keeps_the_profession_discussed(kb: KnowledgeBase) -> None:
    reading = read(kb, "Verdiene ich als Einsteigerin dort mehr als jetzt in der Pflege?", profession=MTI, professions=[MTI])
    assert reading.professions == (MTI,) and reading.compared_unknown == "Pflege" and reading.unknown_profession is None
    reading = read(kb, "Verdient man dort mehr als ein gewöhnlicher Elektriker?", profession=MTI, professions=[MTI])
    assert reading.professions == (MTI,) and reading.compared_unknown == "Elektriker" and reading.unknown_profession is None


def test_the_people_one_works_with_are_no_profession_asked_about(kb: KnowledgeBase) -> None:
    assert unknown_profession_in("Muss ich auch mit Pflegekräften klarkommen?", kb) is None
    assert unknown_profession_in("Arbeitet man da zusammen mit den Ärzten?", kb) is None
    assert unknown_profession_in("Was verdient man mit Pflegekräften zusammen?", kb) == "Pflegekräften", "their pay is still asked"


@pytest.mark.parametrize("text", ["und als informatiker im medizinbereich?", "kann man als med.-techn. Informatiker in die beratung gehen?"])
def test_a_wider_title_beside_a_word_of_the_medical_field_names_the_profession(kb: KnowledgeBase, text: str) -> None:
    assert read(kb, text, profession=MI, professions=[MI]).professions == (MTI,)
    assert read(kb, "was verdient ein Informatiker?", profession=MI, professions=[MI]).unknown_profession == "Informatiker"


def test_a_sentence_does_not_end_at_an_abbreviation() -> None:
    assert question_of("Was ist der Unterschied zw. Medizin-Ingenieur und MTI?") == "Was ist der Unterschied zw. Medizin-Ingenieur und MTI?"
    assert question_of("Ich bin bald fertig. Wie sieht der Arbeitsmarkt aus?") == "Wie sieht der Arbeitsmarkt aus?"


def test_der_erstere_picks_of_the_professions_the_message_named_and_both_stay_named_together(kb: KnowledgeBase) -> None:
    reading = read(kb, "Ich schwanke zwischen Medizin-Ingenieur in Duisburg und Medizinisch-Technischer Informatik. Was verdient man beim ersteren?")
    assert reading.professions == (MI,) and reading.anchor == (MI, MTI)
    assert read(kb, "und beim letzteren?", profession=MI, professions=[MI], named_professions=[MI, MTI]).professions == (MTI,)


def test_a_short_question_pointing_back_asks_about_what_the_sentence_before_it_lacks(kb: KnowledgeBase) -> None:
    reading = read(kb, "Meine Frau arbeitet Vollzeit. Deshalb wäre Teilzeit für mich wichtig. Geht das in dem Beruf?", profession=MTI)
    assert reading.topic_gap == "Zu Teilzeit oder Vollzeit sagen die Artikel nichts"
    remote = read(kb, "Ich will raus aus dem Schichtdienst und viel von zu Hause arbeiten. Geht das in der MTI gut?")
    assert remote.topic_gap is None, "the sentence before names a topic of its own"


def test_a_word_before_the_question_for_its_meaning_is_the_term_asked(kb: KnowledgeBase) -> None:
    assert term_asked("qualitätsmanagement, was heißt das genau", kb) == "qualitätsmanagement"
    assert term_asked("PACS?? was is das", kb) == "pacs"


def test_a_question_where_the_answers_come_from_asks_for_the_sources(kb: KnowledgeBase) -> None:
    assert read(kb, "Woher stammen die Zahlen, die Sie genannt haben?", profession=MI).asks_sources
    assert not read(kb, "Wie hoch ist laut Ihrer Quelle das Einstiegsgehalt?", profession=MTI).asks_sources


def test_a_title_after_the_training_the_visitor_has_is_their_own_job(kb: KnowledgeBase) -> None:
    reading = read(kb, "ich hab ne Ausbildung als Fachinformatiker, kann ich da überhaupt in die medizinisch-technische Informatik wechseln?")
    assert reading.unknown_profession is None and reading.professions == (MTI,)


@pytest.mark.parametrize("text", ["wovon hängt das gehalt bei med-inf ab", "i am a nurse and want to go into medical informatics"])
def test_the_visitors_own_names_of_a_field_name_its_profession(kb: KnowledgeBase, text: str) -> None:
    assert read(kb, text, profession=MI, professions=[MI]).professions == (MTI,)


def test_die_erste_picks_the_first_of_the_professions_named_together(kb: KnowledgeBase) -> None:
    named = dict(profession=MTI, professions=[MTI], named_professions=[MI, MTI])
    assert read(kb, "Die erste Spanne von vorhin – ist die pro Monat?", **named).professions == (MI,)
    assert read(kb, "was verdient man die ersten jahre", **named).professions == (MTI,), "die ersten Jahre are no profession"


def test_a_wider_fields_title_with_a_definite_article_after_the_other_profession_names_its_own(kb: KnowledgeBase) -> None:
    after = read(kb, "Und beim Informatiker?", profession=MI, professions=[MI])
    assert after.professions == (MTI,) and after.unknown_profession is None
    assert read(kb, "Und beim Informatiker?").unknown_profession == "Informatiker", "without a conversation about these professions"


def test_figures_quoted_of_another_profession_name_that_profession_too(kb: KnowledgeBase) -> None:
    reading = read(kb, "Ich habe irgendwo 42.000 € gelesen – war das für den Medizin-Ingenieur?")
    assert set(reading.professions) == {MI, MTI}
    assert read(kb, "Als Medizin-Ingenieur steigt man mit 4.800 € ein, oder?").professions == (MI,)


@pytest.mark.parametrize("text,reply", [
    ("Und wie heißt das Universitätsklinikum genau?", "Namen oder Adressen"),
    ("Und 'mehr als 4.800' heißt dann so viel mehr?", "Wie viel mehr genau"),
])
def test_a_gap_pattern_with_sharp_s_matches_the_case_folded_question(kb: KnowledgeBase, text: str, reply: str) -> None:
    reading = read(kb, text, profession=MI)
    assert reply in (reading.topic_gap or reading.pay_gap or "")


def test_a_field_the_visitor_was_in_is_background_not_the_job_asked_about(kb: KnowledgeBase) -> None:
    reading = read(kb, "Was wird denn von mir erwartet, wenn ich vorher in der Pflege war?", profession=MTI, professions=[MTI])
    assert reading.unknown_profession is None and reading.professions == (MTI,)
    assert read(kb, "Was verdient man in der Pflege?", profession=MTI, professions=[MTI]).unknown_profession == "Pflege"


def test_pay_of_the_technology_parks_firms_is_an_employers_pay(kb: KnowledgeBase) -> None:
    reading = read(kb, "Und was zahlt der Technologiepark in Duisburg einem Ingenieur genau?", profession=MTI)
    assert "einzelne Unternehmen" in (reading.employer_gap or "") and reading.professions == (MI,)


def test_a_short_question_pointing_back_asks_for_the_pay_concept_the_sentence_before_names(kb: KnowledgeBase) -> None:
    reading = read(kb, "Meine Tochter möchte wissen, wie hoch der Stundenlohn eines Medizin-Ingenieurs in Duisburg ist. Können Sie das sagen?")
    assert reading.pay_gap and "Stundenlohn" in reading.pay_gap and reading.professions == (MI,)


def test_years_in_the_background_are_asked_about_only_where_the_question_points_at_them(kb: KnowledgeBase) -> None:
    pointed = read(kb, "Mein Mann arbeitet seit zehn Jahren in der Medizininformatik. Was verdient man nach so langer Zeit?")
    assert pointed.level_gap and "Berufsjahren" in pointed.level_gap and pointed.professions == (MTI,)
    background = read(kb, "Ich bin seit zehn Jahren Pflegerin. Was verdient man als Medizin-Ingenieur zum Einstieg?")
    assert background.level_gap is None and background.level == "einstieg"


def test_a_job_named_in_the_sentence_before_is_the_one_in_diesem_beruf(kb: KnowledgeBase) -> None:
    reading = read(kb, "Mein Schwiegersohn ist Medizinphysiker in der Strahlentherapie. Was verdient man in diesem Beruf in Duisburg?")
    assert reading.unknown_profession == "Medizinphysiker"
    assert read(kb, "Meine Tochter will Medizin-Ingenieurin werden. Was verdient man in diesem Beruf?").unknown_profession is None


def test_the_visitors_own_role_before_wuerde_ich_is_not_the_job_asked_about(kb: KnowledgeBase) -> None:
    reading = read(kb, "Als Personalerin würde ich gern wissen, wie hoch Bonuszahlungen für Medizin-Ingenieure üblicherweise ausfallen.")
    assert reading.unknown_profession is None and reading.professions == (MI,) and reading.pay_gap
    assert read(kb, "Was verdient man als Zahnarzt?").unknown_profession == "Zahnarzt"


def test_an_articles_figure_quoted_in_the_question_is_about_pay(kb: KnowledgeBase) -> None:
    assert read(kb, "Gibt es auch Stellen, die unter 42.000 liegen?", profession=MTI).names_pay
    assert not read(kb, "Wie sieht der Markt 2026 aus?", profession=MTI).names_pay


def test_a_message_of_nothing_but_quelle_asks_for_the_sources(kb: KnowledgeBase) -> None:
    assert read(kb, "quelle?", profession=MI).asks_sources and read(kb, "Und die Quelle?", profession=MI).asks_sources
    assert not read(kb, "Wie hoch ist laut Ihrer Quelle das Einstiegsgehalt?", profession=MTI).asks_sources


def test_der_andere_after_a_turn_that_kept_the_profession_is_the_other_of_that_one(kb: KnowledgeBase) -> None:
    other = read(kb, "und der andere?", profession=MTI, professions=[MTI], named_professions=[MTI])
    kept = read(kb, "und mit erfahrung bei dem?", **other.slot_values())
    again = read(kb, "und beim anderen nochmal: wovon hängt das gehalt da ab?", **kept.slot_values())
    assert other.professions == (MI,) and kept.professions == (MI,) and again.professions == (MTI,)
