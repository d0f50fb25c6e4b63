"""A third profession is an edit of knowledge/: the walk-through of docs/KNOWLEDGE.md, done on a fixture article.

tests/fixtures/third_profession.yml adds "Hörakustiker" (another region, a yearly and a monthly
row, its own facts and cues) to a copy of knowledge/; everything that names, counts or compares
professions must then name and handle three.
"""

from __future__ import annotations

from actions import answers
from actions.answers import supported_amounts
from actions.context import read_turn
from actions.knowledge import KnowledgeBase
from bench.answer_quality import stated_amounts
from telegram_bridge.bot import help_text, start_text
from web.page import render_page
from web.salary_chart import comparison_chart, profession_chart

NAMES = ("Medizin-Ingenieur", "Medizinisch-Technische Informatik", "Hörakustiker")


def test_the_fixture_profession_is_loaded_with_its_own_rows(third_kb: KnowledgeBase) -> None:
    assert tuple(p.name for p in third_kb.professions) == NAMES
    assert {(r.region, r.period, r.period_stated) for r in third_kb.salary_rows("hoerakustik")} == {
        ("Leipzig", "jahr", True), ("Leipzig", "monat", True)
    }


def test_salary_answer_uses_each_rows_own_region_and_period(third_kb: KnowledgeBase) -> None:
    text = answers.salary_answer(third_kb, "hoerakustik").text
    assert "Als Hörakustiker in Leipzig" in text
    assert "30.000 € bis 36.000 € brutto im Jahr" in text and "mehr als 3.400 € im Monat" in text
    assert "Monatsgehalt" not in text and "lese" not in text, "both rows state their period: nothing is read into them"
    yearly = answers.salary_answer(third_kb, "hoerakustik", level="erfahrung", period="jahr").text
    assert "mehr als 40.800 € im Jahr" in yearly and stated_amounts(yearly) <= supported_amounts(third_kb)


def test_comparison_names_all_three(third_kb: KnowledgeBase) -> None:
    reply = answers.comparison_answer(third_kb)
    assert all(name in reply.text for name in NAMES)
    assert "Leipzig" in reply.text and "Duisburg" in reply.text
    assert len(reply.sources) == 3
    assert stated_amounts(reply.text) <= supported_amounts(third_kb)


def test_capabilities_greeting_and_unknown_profession_name_all_three(third_kb: KnowledgeBase) -> None:
    for reply in (answers.capabilities_answer(third_kb), answers.web_greeting(third_kb), answers.unknown_profession(third_kb, "Zahnarzt")):
        assert all(name in reply.text for name in NAMES), reply.text
    assert "zwei" not in answers.capabilities_answer(third_kb).text
    assert len(answers.profession_buttons(third_kb)) == 3


def test_charts_show_every_profession(third_kb: KnowledgeBase) -> None:
    chart = comparison_chart(third_kb, third_kb.common_level())
    assert [label for label, _ in chart.rows] == ["Medizin-Ingenieur (Duisburg)", "Medizinisch-Technische Informatik", "Hörakustiker (Leipzig)"]
    own = profession_chart(third_kb, "hoerakustik")
    assert own.title == "Gehalt laut Artikel: Hörakustiker in Leipzig"
    assert not any("Monatsgehalt" in note for note in own.notes)


def test_careers_page_has_a_section_for_each(third_kb: KnowledgeBase) -> None:
    page = render_page(third_kb, "http://127.0.0.1:5005")
    assert all(f">{name}</h2>" in page for name in NAMES)
    assert "Hörakustiker Jobs in Leipzig (Testartikel)" in page


def test_context_inference_handles_three(third_kb: KnowledgeBase) -> None:
    assert read_turn("Wer passt Hörsysteme an?", [], {}, third_kb).professions == ("hoerakustik",)
    others = read_turn("und die anderen Berufe?", [], {"professions": ["hoerakustik"]}, third_kb).professions
    assert others == ("medizin_ingenieur", "mt_informatik")
    assert len(read_turn("Was verdienen alle Berufe?", [], {}, third_kb).professions) == 3


def test_telegram_help_and_start_name_all_three(third_kb: KnowledgeBase) -> None:
    for text in (help_text(third_kb), start_text(third_kb)):
        assert all(name in text for name in NAMES), text
        assert "zwei" not in text and "beiden" not in text
