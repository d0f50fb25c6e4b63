"""The careers page and its chat widget in headless Chromium, against the real web, Rasa and action servers."""

from __future__ import annotations

import json
from typing import Any, List

import pytest

from actions import answers
from actions.knowledge import KnowledgeBase
from widget_driver import ROOT, Widget

SALARY_QUESTION = "Was verdient ein Medizin-Ingenieur in Duisburg?"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ATTACKS = [
    '<img src=x onerror="window.__pwned = \'img\'">',
    "<script>window.__pwned = 'script'</script>",
    "[Gehalt ansehen](javascript:window.__pwned='link')",
]


def expected_ranges(kb: KnowledgeBase, profession: str) -> List[str]:
    """The ranges the knowledge base states for a profession, as the replies write them."""
    return [answers.bounds(row, 1) for row in kb.salary_rows(profession)]


def test_page_is_german_and_loads_nothing_from_elsewhere(widget: Widget, rasa_server: Any) -> None:
    response = widget.page.goto(widget.url)
    widget.page.wait_for_selector(".rw-launcher")
    policy = response.headers["content-security-policy"]
    script_policy = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert script_policy.split() == ["script-src", "'self'"]
    assert widget.page.get_attribute("html", "lang") == "de"
    assert "Medizin-Ingenieur" in widget.page.inner_text("h1")
    assert widget.page.locator("script:not([src])").count() == 0, "no inline script on the page"
    charts = widget.page.locator("figure.chart img")
    assert charts.count() == 3
    widget.page.wait_for_function(
        "[...document.querySelectorAll('figure.chart img')].every(img => img.complete && img.naturalWidth > 0)"
    )
    widget.open()
    widget.wait_for_bot_messages(1)
    assert widget.foreign_requests(rasa_server.url) == []
    assert widget.violations() == []
    fonts = widget.page.evaluate("[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)")
    assert any("Inter" in family for family in fonts), "the widget's font comes from the project"


def test_salary_question_shows_the_figures_and_the_chart(widget: Widget, kb: KnowledgeBase) -> None:
    widget.load()
    widget.open()
    greeting = widget.wait_for_bot_text("Guten Tag")
    assert "Quelle" in greeting
    suggestions = widget.page.locator(".rw-reply").all_inner_texts()
    assert len(suggestions) == 3 and answers.example_question(kb) in suggestions
    widget.ask(SALARY_QUESTION)
    answer = widget.wait_for_bot_text(expected_ranges(kb, "medizin_ingenieur")[0])
    for stated in expected_ranges(kb, "medizin_ingenieur"):
        assert stated in answer
    assert "Quelle" in answer
    widget.wait_for_chart("/charts/salary.png?profession=medizin_ingenieur")
    widget.page.wait_for_timeout(500)  # the widget's own scrolling to the newest message ends first
    widget.scroll_to_top(answer[:40])
    widget.screenshot("widget-salary.png")


def test_suggestion_button_is_answered(widget: Widget, kb: KnowledgeBase) -> None:
    widget.load()
    widget.open()
    widget.wait_for_bot_text("Guten Tag")
    widget.page.click(".rw-reply >> text=Welcher Beruf verdient mehr?")
    answer = widget.wait_for_bot_text(expected_ranges(kb, "mt_informatik")[0])
    assert expected_ranges(kb, "medizin_ingenieur")[0] in answer
    assert "Welcher Beruf verdient mehr?" in widget.user_texts()
    widget.wait_for_chart("/charts/comparison.png?level=einstieg")


def test_conversation_survives_a_reload(widget: Widget, kb: KnowledgeBase) -> None:
    widget.load()
    widget.open()
    widget.wait_for_bot_text("Guten Tag")
    widget.ask(SALARY_QUESTION)
    first_range = expected_ranges(kb, "medizin_ingenieur")[0]
    widget.wait_for_bot_text(first_range)
    session = widget.page.evaluate("sessionStorage.getItem('chat_session')")

    widget.page.reload()
    widget.page.wait_for_selector(".rw-launcher")
    if not widget.page.locator(".rw-new-message").count():
        widget.open()
    assert widget.wait_for_bot_text(first_range)
    assert SALARY_QUESTION in widget.user_texts()
    assert json.loads(widget.page.evaluate("sessionStorage.getItem('chat_session')"))["session_id"] == json.loads(session)["session_id"]
    # The follow-up only works if Rasa kept the conversation (profession slot) under the same session.
    widget.ask("Und mit Erfahrung?")
    experienced = next(answers.bounds(r, 1) for r in kb.salary_rows("medizin_ingenieur") if r.level == "erfahrung")
    widget.wait_for_bot_text(experienced)


def test_attacks_in_user_text_run_nothing(widget: Widget) -> None:
    widget.load()
    widget.open()
    widget.wait_for_bot_text("Guten Tag")
    for count, attack in enumerate(ATTACKS, start=1):
        widget.ask(attack)
        widget.page.wait_for_function(
            "count => document.querySelectorAll('.rw-from-client .rw-message-text').length >= count", arg=count
        )
    widget.wait_for_bot_messages(len(ATTACKS) + 1)
    container = widget.page.locator(".rw-messages-container")
    assert container.locator("img[src='x'], script").count() == 0
    assert container.locator("a[href^='javascript']").count() == 0
    for link in container.locator("a").all():
        link.click()
    assert widget.user_texts()[: len(ATTACKS)] == ATTACKS, "the texts are shown as typed, as text"
    assert widget.page.evaluate("window.__pwned") is None


def test_csp_and_the_widget_stop_script_that_gets_into_the_page(widget: Widget) -> None:
    widget.load()
    widget.open()
    widget.wait_for_bot_text("Guten Tag")
    # What a hostile bot reply or a flaw in the widget could put into the page.
    widget.page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__pwned = 'inline'";
          document.body.appendChild(script);
          const link = document.createElement("a");
          link.id = "hostile";
          link.href = "javascript:window.__pwned = 'link'";
          link.textContent = "Mehr";
          document.querySelector(".rw-messages-container").appendChild(link);
        }"""
    )
    widget.page.wait_for_function("!document.getElementById('hostile').hasAttribute('href')")
    widget.page.click("#hostile")
    assert widget.page.evaluate("window.__pwned") is None
    assert any(v.startswith("script-src") for v in widget.violations()), widget.violations()


def test_widget_works_with_the_keyboard_alone(widget: Widget, kb: KnowledgeBase) -> None:
    widget.load()
    for _ in range(40):
        widget.page.keyboard.press("Tab")
        if widget.page.evaluate("document.activeElement.classList.contains('rw-launcher')"):
            break
    else:
        pytest.fail("Tab never reaches the widget's launcher")
    widget.page.keyboard.press("Enter")
    widget.wait_for_bot_text("Guten Tag")
    assert widget.page.get_attribute(".rw-launcher", "aria-expanded") == "true"
    assert widget.page.evaluate("document.activeElement.classList.contains('rw-new-message')")
    # From the input, Shift+Tab goes back to the last suggestion button.
    widget.page.keyboard.press("Shift+Tab")
    focused = widget.page.evaluate("document.activeElement.innerText")
    assert focused == "Welcher Beruf verdient mehr?"
    widget.page.keyboard.press("Enter")
    widget.wait_for_bot_text(expected_ranges(kb, "mt_informatik")[0])


def test_accessibility_checks_pass(widget: Widget, kb: KnowledgeBase) -> None:
    widget.load()
    widget.open()
    widget.wait_for_bot_text("Guten Tag")
    widget.ask(SALARY_QUESTION)
    widget.wait_for_chart("/charts/salary.png?profession=medizin_ingenieur")
    widget.page.evaluate(AXE.read_text(encoding="utf-8"))
    result = widget.page.evaluate(
        "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    problems = [
        f"{v['id']}: {node['target']}" for v in result["violations"] for node in v["nodes"]
    ]
    assert problems == []
    assert result["passes"], "axe checked something"


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}])
def test_widget_fits_a_phone(browser: Any, web_server: str, kb: KnowledgeBase, viewport: dict) -> None:
    context = browser.new_context(viewport=viewport, is_mobile=True, has_touch=True, locale="de-DE")
    try:
        widget = Widget(context.new_page(), web_server)
        widget.load()
        assert widget.page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        widget.open()
        widget.wait_for_bot_text("Guten Tag")
        widget.ask(SALARY_QUESTION)
        widget.wait_for_chart("/charts/salary.png?profession=medizin_ingenieur")
        box = widget.page.locator(".rw-conversation-container").bounding_box()
        assert box["width"] <= viewport["width"]
        widget.page.wait_for_timeout(500)
        widget.screenshot("widget-phone.png")
    finally:
        context.close()
