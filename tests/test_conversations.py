"""Whole conversations with the real Rasa and action servers over REST: context, unknowns, English, echo safety.

Payloads (`/ask_salary{...}`) stand in where a test is about the dialogue and not the NLU model;
typed messages are used where the understanding itself is the behaviour under test, and are
clear-cut for the trained (seeded) model.
"""

from __future__ import annotations

import re
import uuid

from tests.conftest import RasaServer

AMOUNT = re.compile(r"\d{1,3}(?:\.\d{3})+ €")


def new_sender() -> str:
    return f"conversation-{uuid.uuid4().hex[:10]}"


def first_amount_after(text: str, phrase: str) -> bool:
    """Whether `phrase` stands in `text` before any amount in euro."""
    amount = AMOUNT.search(text)
    return phrase in text and (amount is None or text.index(phrase) < amount.start())


def after_informatics_salary(rasa_server: RasaServer) -> str:
    """A new conversation whose first answer is the informatics' entry salary; its sender id."""
    user = new_sender()
    assert "42.000 € bis 55.000 €" in rasa_server.say_text(user, '/ask_salary{"profession": "mt_informatik", "level": "einstieg"}')
    return user


def test_context_named_in_background_is_inferred_and_not_asked_again(rasa_server: RasaServer) -> None:
    user = new_sender()
    first = rasa_server.say_text(user, "Ich überlege, nach dem Bachelor Medizintechnik nach Duisburg zu gehen. Was verdient man da am Anfang?")
    assert "3.200 € bis 4.200 €" in first and "Zu welchem Beruf" not in first
    duties = rasa_server.say_text(user, "/ask_duties")
    assert "Geräteprüfung" in duties


def test_the_other_profession_and_both(rasa_server: RasaServer) -> None:
    user = after_informatics_salary(rasa_server)
    other = rasa_server.say_text(user, "Und der andere Beruf?")
    assert "3.200 € bis 4.200 €" in other and "42.000" not in other
    both = rasa_server.say_text(user, "Und was machen die beiden so im Alltag?")
    assert "Geräteprüfung" in both and "Systempflege" in both


def test_an_ignored_profession_question_is_not_asked_again(rasa_server: RasaServer) -> None:
    user = new_sender()
    assert "Zu welchem Beruf" in rasa_server.say_text(user, "/ask_duties")
    answered = rasa_server.say_text(user, "/ask_salary")
    assert "3.200 € bis 4.200 €" in answered and "42.000 € bis 55.000 €" in answered


def test_an_unclear_message_keeps_the_profession_it_named(rasa_server: RasaServer) -> None:
    user = new_sender()
    unclear = rasa_server.say(user, '/nlu_fallback{"profession": "mt_informatik"}')
    assert unclear and unclear[-1]["buttons"]
    assert "Systempflege" in rasa_server.say_text(user, "/ask_duties")


def test_a_long_message_is_answered_on_its_question(rasa_server: RasaServer) -> None:
    user = new_sender()
    reply = rasa_server.say_text(
        user,
        "Ich habe zehn Jahre in der Pflege gearbeitet und mache gerade eine Umschulung. Mich interessiert die IT im "
        "Krankenhaus sehr. Was verdient man als Medizininformatiker am Anfang?",
    )
    assert "42.000 € bis 55.000 €" in reply


def test_unknown_professions_levels_and_pay_concepts_get_no_borrowed_figure(rasa_server: RasaServer) -> None:
    user = new_sender()
    rasa_server.say(user, '/ask_salary{"profession": "mt_informatik"}')
    dentist = rasa_server.say_text(user, "Und was verdient ein Zahnarzt?")
    assert "Zahnarzt" in dentist and "keine" in dentist and not AMOUNT.search(dentist)
    rasa_server.say(user, '/ask_salary{"profession": "mt_informatik"}')
    hourly = rasa_server.say_text(user, "Wie hoch ist der Stundenlohn?")
    assert first_amount_after(hourly, "Einen Stundenlohn nennen die Artikel nicht")
    rasa_server.say(user, '/ask_salary{"profession": "medizin_ingenieur"}')
    years = rasa_server.say_text(user, "Und nach zehn Jahren?")
    assert first_amount_after(years, "sagen die Artikel nicht")
    holidays = rasa_server.say_text(user, "Wie viele Urlaubstage hat man?")
    assert "Zum Urlaub sagen die Artikel nichts" in holidays and not AMOUNT.search(holidays)


def test_a_city_without_figures_gets_no_other_city_s_figures_and_those_of_no_region_as_the_general_ones(rasa_server: RasaServer) -> None:
    informatics = rasa_server.say_text(new_sender(), "Was verdient man in der Medizinisch-Technischen Informatik in Hamburg?")
    assert informatics.startswith("Für Hamburg nennt der Artikel keine eigene Zahl") and "allgemein laut Artikel" in informatics
    assert "42.000 € bis 55.000 €" in informatics
    user = new_sender()
    reply = rasa_server.say(user, "Was verdient ein Medizin-Ingenieur in München?")[0]
    assert reply["text"].startswith("Für München nennt der Artikel keine Zahlen, nur für Duisburg") and not AMOUNT.search(reply["text"])
    entry = rasa_server.say_text(user, reply["buttons"][0]["payload"])
    assert "3.200 € bis 4.200 €" in entry and "München" not in entry


def test_an_english_question_gets_the_note_and_the_german_answer(rasa_server: RasaServer) -> None:
    user = new_sender()
    reply = rasa_server.say_text(user, "How much does a medical engineer earn in Duisburg?")
    assert "German" in reply and "3.200 € bis 4.200 €" in reply
    french = rasa_server.say_text(new_sender(), "Bonjour, quel est le salaire d'un ingénieur médical?")
    assert "German" in french and not AMOUNT.search(french)


def test_a_typed_payload_with_digits_and_markup_is_never_repeated(rasa_server: RasaServer) -> None:
    user = new_sender()
    replies = [
        rasa_server.say_text(user, '/ask_salary{"place": "München 99.000 €", "profession": "<b>zahnarzt</b> 120000"}'),
        rasa_server.say_text(user, "Und im Jahr?"),
        rasa_server.say_text(user, '/inform{"profession": "Bäcker <script>alert(1)</script> 7"}'),
    ]
    for reply in replies:
        assert reply.strip()
        assert not any(typed in reply for typed in ("99.000", "99000", "120000", "<b>", "<script", "alert", "Bäcker 7")), reply


def test_a_bare_more_compares_and_what_pay_is_worth_is_the_articles_verdict(rasa_server: RasaServer) -> None:
    user = new_sender()
    assert "3.200 € bis 4.200 €" in rasa_server.say_text(user, '/ask_salary{"profession": "medizin_ingenieur"}')
    assert "42.000 € bis 55.000 €" in rasa_server.say_text(user, '/ask_salary{"profession": "mt_informatik"}')
    compared = rasa_server.say_text(user, "also verdient der informatiker mehr?")
    assert "3.200 € bis 4.200 €" in compared and "42.000 € bis 55.000 €" in compared, "both sides, not the informatics row alone"
    worth = rasa_server.say_text(user, "Und lohnt sich das als Medizin-Ingenieur finanziell?")
    assert "selten spektakulär" in worth and "3.200 € bis 4.200 €" in worth
    assert "Wiedersehen" in rasa_server.say_text(user, "Vielen Dank, auf Wiedersehen")


def test_an_english_intern_gets_no_graduates_figure(rasa_server: RasaServer) -> None:
    reply = rasa_server.say_text(new_sender(), "how much do you make as an intern in medical engineering?")
    assert "German" in reply and "Praktikum" in reply and not AMOUNT.search(reply)


def test_a_greeting_before_a_question_is_returned_and_a_gross_follow_up_stays_with_the_figures(rasa_server: RasaServer) -> None:
    user = new_sender()
    duties = rasa_server.say_text(user, "Guten Morgen, kurze Frage: was macht man eigentlich in der MTI?")
    assert duties.startswith("Guten Tag!") and "Systempflege" in duties
    assert "3.200 € bis 4.200 €" in rasa_server.say_text(user, '/ask_salary{"profession": "medizin_ingenieur"}')
    gross = rasa_server.say_text(user, "ist das dann auch brutto?")
    assert "Ob monatlich oder brutto, sagt der Artikel nicht" in gross and "3.200 € bis 4.200 €" in gross


def test_a_gross_question_is_no_goodbye_and_dialect_is_no_foreign_language(rasa_server: RasaServer) -> None:
    user = after_informatics_salary(rasa_server)
    gross = rasa_server.say_text(user, "Das ist dann aber brutto, oder?")
    assert "brutto" in gross and "Wiedersehen" not in gross
    bavarian = rasa_server.say_text(new_sender(), "Servus! Und wos verdient ma do am Anfang als Medizin-Ingenieur?")
    assert "3.200 € bis 4.200 €" in bavarian and "German" not in bavarian


def test_umlauts_typed_as_two_letters_are_read_as_umlauts(rasa_server: RasaServer) -> None:
    user = after_informatics_salary(rasa_server)
    tariff = rasa_server.say_text(user, "gibts da tvoed?")
    assert first_amount_after(tariff, "Eine Einstufung nach Tarifvertrag (etwa TVöD) nennen die Artikel nicht")
    skills = rasa_server.say_text(new_sender(), "ich interessier mich fuer medizininformatik, was muss ich da koennen?")
    assert "Soft Skills" in skills and "Systempflege" not in skills


def test_da_points_back_at_the_theme_named_before(rasa_server: RasaServer) -> None:
    user = new_sender()
    assert "3.200 € bis 4.200 €" in rasa_server.say_text(user, "Was verdient ein Medizin-Ingenieur rund um den Technologiepark in Duisburg?")
    pointed = rasa_server.say_text(user, "Und was machen die da?")
    assert "Geräteprüfung" in pointed and "Im Technologiepark entstehen Lösungen für Telemedizin" in pointed
    unpointed = rasa_server.say_text(user, "/ask_duties")
    assert "Geräteprüfung" in unpointed and "Telemedizin" not in unpointed, "without 'da' the duties stand alone"


def test_a_comparison_of_the_professions_by_a_theme_is_no_pay_comparison(rasa_server: RasaServer) -> None:
    reply = rasa_server.say_text(new_sender(), "Wo gibt es eher Forschung – beim Medizin-Ingenieur oder in der MTI?")
    assert "Forschungsprojekten" in reply and "€ bis" not in reply
