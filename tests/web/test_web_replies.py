"""What the actions send for the web: the chart with salary answers, and the widget's greeting."""

from __future__ import annotations

import pytest

from actions.actions import ActionCompareSalaries, ActionExplainScope, ActionLookupSalary, WEB_CHANNEL
from actions.knowledge import KnowledgeBase
from test_actions import entity, run, tracker

CHARTS = "https://karriere.example/"


@pytest.fixture(autouse=True)
def chart_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHART_BASE_URL", CHARTS)


def test_salary_answer_sends_the_professions_chart() -> None:
    messages, _ = run(
        ActionLookupSalary(), tracker("ask_salary", "Was verdient ein MTI?", [entity("profession", "mt_informatik")])
    )
    assert messages[0]["image"] == "https://karriere.example/charts/salary.png?profession=mt_informatik"


@pytest.mark.parametrize("text, entities", [
    ("Was verdient ein Bäcker?", [entity("profession", "Bäcker")]),
    ("Was verdient man so?", []),
])
def test_no_chart_without_a_known_professions_figures(text: str, entities: list) -> None:
    messages, _ = run(ActionLookupSalary(), tracker("ask_salary", text, entities))
    assert all(message.get("image") is None for message in messages)


def test_comparison_sends_the_comparison_chart_only_where_both_have_figures() -> None:
    messages, _ = run(ActionCompareSalaries(), tracker("compare_salaries", "Wer verdient mehr?"))
    assert messages[0]["image"] == "https://karriere.example/charts/comparison.png?level=einstieg"
    messages, _ = run(
        ActionCompareSalaries(),
        tracker("compare_salaries", "Und mit Erfahrung?", [entity("level", "erfahrung")]),
    )
    assert messages[0].get("image") is None


def test_widget_greeting_offers_three_example_questions(kb: KnowledgeBase) -> None:
    state = tracker("greet", "/greet")
    state.events.append({"event": "user", "text": "/greet", "input_channel": WEB_CHANNEL})
    messages, _ = run(ActionExplainScope(), state)
    assert messages[0]["text"].startswith("Guten Tag!")
    titles = [button["title"] for button in messages[0]["buttons"]]
    assert len(titles) == 3 and all(title.endswith("?") for title in titles)
    other_channel, _ = run(ActionExplainScope(), tracker("greet", "Hallo"))
    assert other_channel[0]["buttons"] != messages[0]["buttons"], "elsewhere the greeting lists the topics"
