"""In real Chromium: "Meine Daten löschen" deletes the conversation, the privacy notice is linked, and a
second tab that puts someone else's session id into its storage gets a session of its own."""

from __future__ import annotations

import json
from typing import Any

import pytest
from playwright.sync_api import Browser

from actions.knowledge import KnowledgeBase
from assistant.privacy_notice import privacy_notice
from channels import privacy, sessions
from tests.conftest import salary_payload, stored_events
from widget_driver import Widget


def event_count(rasa_server: Any, sender: str) -> int:
    return len(stored_events(rasa_server.tracker_db, sender))


def test_meine_daten_loeschen_deletes_the_conversation_and_confirms(
    widget: Widget, rasa_server: Any, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SESSION_SECRET", rasa_server.env["SESSION_SECRET"])
    widget.load()
    widget.open()
    widget.wait_for_bot_text("Guten Tag")
    widget.ask(salary_payload(kb))
    widget.wait_for_bot_text("€")
    token = json.loads(widget.page.evaluate("sessionStorage.getItem('chat_session')"))["session_id"]
    assert event_count(rasa_server, sessions.sender_of(token)) > 0

    widget.page.get_by_role("button", name="Meine Daten löschen").click()
    widget.page.wait_for_function(
        "text => document.querySelector('.kw-forget-status').innerText === text", arg=privacy.FORGOTTEN, timeout=30_000
    )
    assert event_count(rasa_server, sessions.sender_of(token)) == 0
    privacy_link = widget.page.get_by_role("link", name="Datenschutz").first
    with widget.page.context.expect_page() as notice_page:
        privacy_link.click()
    notice_page.value.wait_for_load_state()
    assert privacy_notice() in notice_page.value.inner_text("main")


def test_a_tab_with_someone_elses_session_id_neither_reads_nor_writes_their_conversation(
    browser: Browser, web_server: str, rasa_server: Any, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SESSION_SECRET", rasa_server.env["SESSION_SECRET"])
    victim_context = browser.new_context(locale="de-DE")
    intruder_context = browser.new_context(locale="de-DE")
    try:
        victim = Widget(victim_context.new_page(), web_server)
        victim.load()
        victim.open()
        victim.wait_for_bot_text("Guten Tag")
        victim.ask(salary_payload(kb))
        victim.wait_for_bot_text("€")
        victim.wait_for_bot_text("hilfreich")  # the answer's last message
        victim_messages = len(victim.bot_texts())
        victim_token = json.loads(victim.page.evaluate("sessionStorage.getItem('chat_session')"))["session_id"]
        victim_sender = sessions.sender_of(victim_token)
        victim_events = event_count(rasa_server, victim_sender)

        # The intruder's tab claims the victim's conversation id, as a leaked log line would show it.
        intruder = Widget(intruder_context.new_page(), web_server)
        intruder.page.add_init_script(
            f"sessionStorage.setItem('chat_session', JSON.stringify({{session_id: {json.dumps(victim_sender)}}}))"
        )
        intruder.load()
        intruder.open()
        intruder.wait_for_bot_text("Guten Tag")
        intruder.ask("Eindringling im Browser")
        intruder.wait_for_bot_messages(2)
        intruder_token = json.loads(intruder.page.evaluate("sessionStorage.getItem('chat_session')"))["session_id"]
        assert intruder_token != victim_sender and sessions.sender_of(intruder_token) != victim_sender
        assert len(victim.bot_texts()) == victim_messages, "the victim's tab got none of the intruder's replies"
        assert event_count(rasa_server, victim_sender) == victim_events, "nothing was written into the victim's conversation"
    finally:
        victim_context.close()
        intruder_context.close()
