"""The reply builders, without Rasa: figures, conversions, comparisons, gaps, and no invented amount."""

from __future__ import annotations

import itertools
import re

import pytest

from actions import answers
from actions.answers import supported_amounts
from actions.knowledge import KnowledgeBase, knowledge_base
from bench.answer_quality import stated_amounts as amounts
from bench.conversations import NO_DATA

SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


def sentence_count(text: str) -> int:
    return len(SENTENCE_END.findall(text))


def test_euro_is_formatted_the_german_way() -> None:
    assert answers.euro(42000) == "42.000 €"
    assert answers.euro(4583.33) == "4.583 €"
    assert answers.euro(800) == "800 €"


def test_medizin_ingenieur_salary_gives_both_levels_region_period_reading_and_source(kb: KnowledgeBase) -> None:
    reply = answers.salary_answer(kb, "medizin_ingenieur")
    assert "3.200 € bis 4.200 €" in reply.text
    assert "mehr als 4.800 €" in reply.text
    assert "Duisburg" in reply.text
    assert "ich lese es als Monatsgehalt" in reply.text
    assert reply.sources == ["000_b4994e3029913fde.txt"]
    rendered = reply.render(kb)
    assert "Quelle: „Medizin Ingenieur Jobs und Stellenangebote in Duisburg“" in rendered
    assert ".txt" not in rendered, "visitors see the article's title, not its file name"


def test_level_narrows_the_answer(kb: KnowledgeBase) -> None:
    entry = answers.salary_answer(kb, "medizin_ingenieur", level="einstieg").text
    experienced = answers.salary_answer(kb, "medizin_ingenieur", level="erfahrung").text
    assert "3.200 €" in entry and "4.800 €" not in entry
    assert "mehr als 4.800 €" in experienced and "3.200 €" not in experienced


def test_month_to_year_says_it_assumes_twelve_salaries(kb: KnowledgeBase) -> None:
    text = answers.salary_answer(kb, "medizin_ingenieur", period="jahr").text
    assert "38.400 € bis 50.400 € im Jahr" in text
    assert "mehr als 57.600 € im Jahr" in text
    assert "12 Gehälter" in text


def test_year_to_month_divides_by_twelve(kb: KnowledgeBase) -> None:
    text = answers.salary_answer(kb, "mt_informatik", period="monat").text
    assert "42.000 € bis 55.000 € brutto im Jahr" in text
    assert "3.500 € bis 4.583 € brutto im Monat" in text
    assert "geteilt durch 12" in text


def test_asking_in_the_stated_period_converts_nothing(kb: KnowledgeBase) -> None:
    text = answers.salary_answer(kb, "mt_informatik", period="jahr").text
    assert "Umgerechnet" not in text and amounts(text) == {42000, 55000}


def test_a_level_without_figure_is_said_plainly_and_no_number_is_extrapolated(kb: KnowledgeBase) -> None:
    reply = answers.salary_answer(kb, "mt_informatik", level="erfahrung", salary_intent="ask_salary")
    assert "Eine Zahl mit Erfahrung und Spezialisierung nennt der Artikel über Medizinisch-Technische Informatik nicht" in reply.text
    assert "Gehaltszahlen nennt der Artikel über Medizinisch-Technische Informatik nur zum Einstieg" in reply.text
    assert amounts(reply.text) == set()
    assert [b["payload"] for b in reply.buttons] == ['/ask_salary{"profession": "mt_informatik", "level": "einstieg"}']


def test_a_remembered_level_without_figure_is_said_before_the_figures_there_are(kb: KnowledgeBase) -> None:
    # "und pro Monat bei der MTI?" after the Medizin-Ingenieur's experienced salary: the level was not asked now.
    text = answers.salary_answer(kb, "mt_informatik", level="erfahrung", period="monat", asked_here=()).text
    assert text.startswith("Eine Zahl mit Erfahrung und Spezialisierung nennt der Artikel über Medizinisch-Technische Informatik nicht")
    assert {42000, 55000} <= amounts(text)


def test_another_city_is_named_as_a_gap_and_only_figures_of_no_region_follow(kb: KnowledgeBase) -> None:
    reply = answers.salary_answer(kb, "medizin_ingenieur", place="München", salary_intent="ask_salary")
    assert reply.text.startswith("Für München nennt der Artikel keine Zahlen, nur für Duisburg.")
    assert "nur für Duisburg, zum Einstieg und mit Erfahrung und Spezialisierung" in reply.text
    assert amounts(reply.text) == set() and len(reply.buttons) == 2
    # The informatics range holds for no region in particular: it is no other city's figure, and follows as the general one.
    national = answers.salary_answer(kb, "mt_informatik", place="Hamburg").text
    assert national.startswith("Für Hamburg nennt der Artikel keine eigene Zahl") and "Großstadt und Provinz" in national
    assert "; allgemein laut Artikel verdienen Sie in der Medizinisch-Technischen Informatik" in national
    assert amounts(national) == {42000, 55000}


def test_a_remembered_city_is_said_before_the_figures(kb: KnowledgeBase) -> None:
    text = answers.salary_answer(kb, "medizin_ingenieur", place="München", asked_here=()).text
    assert text.startswith("Für München nennt der Artikel keine Zahlen, nur für Duisburg; laut Artikel verdienen Sie")
    assert {3200, 4200} <= amounts(text)


def test_the_articles_city_is_not_a_gap(kb: KnowledgeBase) -> None:
    assert "keine Zahlen" not in answers.salary_answer(kb, "medizin_ingenieur", place="duisburg").text


def test_employer_notes_come_from_the_table(kb: KnowledgeBase) -> None:
    assert "Bei Konzernstrukturen liegt es laut Artikel manchmal darüber" in answers.salary_answer(
        kb, "mt_informatik", employer_type="konzern"
    ).text
    assert "Eigene Zahlen für Konzerne nennt der Artikel nicht" in answers.salary_answer(
        kb, "medizin_ingenieur", employer_type="konzern"
    ).text


def test_employers_the_figures_are_stated_for_get_them(kb: KnowledgeBase) -> None:
    text = answers.salary_answer(kb, "mt_informatik", employer_type="labor").text
    assert {42000, 55000} <= amounts(text) and "nennt der Artikel nicht" not in text
    assert "Die Spanne nennt der Artikel für Kliniken, Labordienstleister und Forschungsinstitute" in text
    compared = answers.salary_answer(kb, "mt_informatik", employer_type="labor", compared_employers=("labor", "klinik")).text
    assert compared.startswith("Ob Labordienstleister oder Kliniken besser zahlen, sagt der Artikel nicht; laut Artikel")


def test_comparison_puts_both_professions_per_year_and_names_no_winner_for_overlapping_ranges(kb: KnowledgeBase) -> None:
    reply = answers.comparison_answer(kb)
    assert "3.200 € bis 4.200 €" in reply.text and "38.400 € bis 50.400 € im Jahr" in reply.text
    assert "42.000 € bis 55.000 € brutto im Jahr" in reply.text
    assert "überschneiden sich" in reply.text
    assert reply.sources == ["000_b4994e3029913fde.txt", "002_55fe3a8670e25243.txt"]


def test_comparison_without_figures_for_one_side_says_so_first_and_labels_the_other(kb: KnowledgeBase) -> None:
    reply = answers.comparison_answer(kb, level="erfahrung")
    assert reply.text.startswith("Für Medizinisch-Technische Informatik (mit Erfahrung und Spezialisierung) nennen die Artikel keine Zahl")
    assert "als Medizin-Ingenieur in Duisburg mit Erfahrung und Spezialisierung auch mehr als 4.800 €" in reply.text
    assert "in der Medizinisch-Technischen Informatik zum Einstieg etwa 42.000 € bis 55.000 €" in reply.text, "what the other article states, labelled"
    assert amounts(reply.text) == {4800, 57600, 42000, 55000}
    assert reply.sources == ["000_b4994e3029913fde.txt", "002_55fe3a8670e25243.txt"]


def test_topic_answer_quotes_the_fact_and_cites_it(kb: KnowledgeBase) -> None:
    reply = answers.topic_answer(kb, "duties", "medizin_ingenieur")
    assert "Geräteprüfung" in reply.text and reply.sources == ["000_b4994e3029913fde.txt"]


def test_topic_the_article_does_not_cover_says_so_and_offers_the_other_profession(kb: KnowledgeBase) -> None:
    reply = answers.topic_answer(kb, "remote", "medizin_ingenieur")
    assert "sagt der Artikel über Medizin-Ingenieure nichts" in reply.text
    assert reply.sources == []
    assert {"title": "Medizinisch-Technische Informatik", "payload": '/inform{"profession": "mt_informatik"}'} in reply.buttons


def test_unknown_profession_offers_the_known_ones_and_no_figure(kb: KnowledgeBase) -> None:
    reply = answers.unknown_profession(kb, "Bäcker")
    assert reply.text.startswith("Zum Beruf „Bäcker“ nennen die Artikel keine Angaben und keine Zahlen.")
    assert "Medizin-Ingenieur in Duisburg und Medizinisch-Technische Informatik" in reply.text
    assert amounts(reply.text) == set()
    assert [b["title"] for b in reply.buttons] == ["Medizin-Ingenieur", "Medizinisch-Technische Informatik"]


def test_a_gap_comes_first_and_the_figures_after_it_are_labelled(kb: KnowledgeBase) -> None:
    text = answers.salary_answer(kb, "mt_informatik", gap="Einen Stundenlohn nennen die Artikel nicht").text
    assert text.startswith("Einen Stundenlohn nennen die Artikel nicht; laut Artikel verdienen Sie in der Medizinisch-Technischen Informatik")
    assert sentence_count(text) <= 3


def test_comparison_of_mixed_levels_uses_each_sides_row_and_says_how_it_compared(kb: KnowledgeBase) -> None:
    text = answers.comparison_answer(kb, [("medizin_ingenieur", "erfahrung"), ("mt_informatik", "einstieg")]).text
    assert "Medizin-Ingenieur in Duisburg mit Erfahrung und Spezialisierung auch mehr als 4.800 €" in text
    assert "mehr als 57.600 € im Jahr" in text and "42.000 € bis 55.000 € brutto im Jahr" in text
    assert "Medizin-Ingenieur liegt damit höher" in text
    assert "aufs Jahr gerechnet, mit 12 Gehältern" in text and "Monatsgehalt" in text
    assert "3.200" not in text, "the entry row of the experienced side is not shown"


def test_topic_for_several_professions_names_each(kb: KnowledgeBase) -> None:
    reply = answers.topic_answers(kb, "duties", ["medizin_ingenieur", "mt_informatik"])
    assert reply.text.startswith("Medizin-Ingenieur: ") and "\nMedizinisch-Technische Informatik: " in reply.text
    assert "Geräteprüfung" in reply.text and "Systempflege" in reply.text
    assert reply.sources == ["000_b4994e3029913fde.txt", "002_55fe3a8670e25243.txt"]


PROFESSIONS = ["medizin_ingenieur", "mt_informatik"]
LEVELS = [None, "einstieg", "erfahrung"]
PERIODS = [None, "monat", "jahr"]
PLACES = [None, "Duisburg", "München", "Hamburg"]
EMPLOYERS = [None, "konzern", "klinik", "privatklinik"]


@pytest.mark.parametrize("profession,level,period,place,employer", list(itertools.product(PROFESSIONS, LEVELS, PERIODS, PLACES, EMPLOYERS)))
def test_every_salary_reply_is_short_and_states_only_supported_amounts(
    profession: str, level: str, period: str, place: str, employer: str
) -> None:
    kb = knowledge_base()
    text = answers.salary_answer(kb, profession, level, period, place, employer).text
    assert amounts(text) <= supported_amounts(kb), f"unsupported amount in: {text}"
    rows = kb.salary_rows(profession)
    # A place reads another region's figures as its own; the figures of no region are the general ones, said as such.
    other_region = place and any(row.region for row in rows) and not any(row.region == place for row in rows)
    # An employer the article measures against its range ("bei Konzernstrukturen manchmal darüber") gets that range as the general one.
    other_employer = employer and not all(employer in row.employers for row in rows)
    measured = other_employer and all(employer in row.measured_employers for row in rows)
    lacking = other_region or (level and not any(row.level == level for row in rows)) or (other_employer and not measured)
    if lacking:
        assert not amounts(text), f"a figure next to a question about something without figures reads as its answer: {text}"
        assert NO_DATA.search(text) and "Gehaltszahlen nennt der Artikel" in text, text
    else:
        assert amounts(text), "a salary reply for a known profession states the article's figures"
    if (place and not lacking and not any(row.region == place for row in rows)) or (measured and not lacking):
        assert NO_DATA.search(text) and "allgemein laut Artikel" in text, text
    assert sentence_count(text) <= 3, text


@pytest.mark.parametrize("topic", [t.key for t in knowledge_base().topics if not t.key.startswith("salary")])
@pytest.mark.parametrize("profession", PROFESSIONS)
def test_every_topic_reply_is_short_and_states_no_amount_outside_its_source(topic: str, profession: str) -> None:
    kb = knowledge_base()
    reply = answers.topic_answer(kb, topic, profession)
    assert sentence_count(reply.text) <= 3, reply.text
    assert amounts(reply.text) <= supported_amounts(kb)


def test_what_the_article_says_a_salary_is_worth_follows_its_figures_where_asked(kb: KnowledgeBase) -> None:
    asked = answers.salary_answer(kb, "medizin_ingenieur", asks_verdict=True, asks_factors=True).text
    plain = answers.salary_answer(kb, "medizin_ingenieur").text
    assert "solide, aber selten spektakulär" in asked and "3.200 €" in asked and "hängt" not in asked
    assert "spektakulär" not in plain
    assert "spektakulär" not in answers.salary_answer(kb, "mt_informatik", asks_verdict=True).text, "the other article judges no figure"


def test_clauses_of_what_the_articles_lack_make_one_sentence_with_small_openers() -> None:
    said = answers.said_in_turn(["Ob monatlich oder brutto, sagt der Artikel nicht", "Zu Teilzeit oder Vollzeit sagen die Artikel nichts.",
                                 "Nettobeträge nennen die Artikel nicht"])
    assert said == ("Ob monatlich oder brutto, sagt der Artikel nicht; zu Teilzeit oder Vollzeit sagen die Artikel nichts; "
                    "Nettobeträge nennen die Artikel nicht")


def test_a_word_asked_for_is_said_unexplained_as_the_reply_writes_it_and_only_as_a_noun_inside_a_sentence() -> None:
    named = answers.term_unexplained(answers.Reply("Themen sind Patientenakten oder ein neues PACS-System, das läuft."), "pacs")
    assert named.text.startswith("Was „PACS“ genau ist, sagen die Artikel nicht") and NO_DATA.search(named.text)
    opening = answers.Reply("Das hängt vom Haus ab.")
    assert answers.term_unexplained(opening, "das") == opening, "a sentence's first word is no noun the reply names"
    absent = answers.Reply("Remote-Jobs sind im Kommen.")
    assert answers.term_unexplained(absent, "consulting") == absent
