"""The bridge's behaviour against the fake Bot API, with a stand-in Rasa it can break or slow."""

from __future__ import annotations

import logging
import re
from typing import Any, Dict, List

import pytest

from bridge_harness import running_bridge, run, sender_of
from fake_bot_api import FakeBotApi
from fake_rasa import FakeRasa
from assistant.privacy_notice import privacy_notice
from telegram_bridge import bot
from telegram_bridge.logs import chat_ref

CHAT = 4711
OTHER_CHAT = 4712
#: Seconds the fake Rasa takes when it must not answer before the bridge gives up.
RASA_NEVER_IN_TIME = 60.0
LONG_PAYLOAD = (
    '/ask_salary{"profession":"medizin_ingenieur","region":"Duisburg","level":"einstieg"}'
)


def test_text_goes_to_rasa_and_the_answer_comes_back_while_typing_shows() -> None:
    async def scenario() -> None:
        async with FakeRasa(delay=0.3) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.queue_text(CHAT, "Was verdient man?")
                assert await api.wait_for_messages(CHAT, 1) == ["Antwort: Was verdient man?"]
                assert rasa.received == [(sender_of(CHAT), "Was verdient man?")]
                actions = api.calls_of("sendChatAction", CHAT)
                assert actions and actions[0].params["action"] == "typing"
                assert actions[0].at < api.calls_of("sendMessage", CHAT)[0].at
                assert api.sent(CHAT)[0].parse_mode == "MarkdownV2"

    run(scenario())


def test_markdown_special_characters_do_not_break_sending() -> None:
    reply = (
        "**Gehalt:** 3.200 € bis 4.200 € _(laut Artikel)_ – snake_case, 2*3=6, "
        "[Quelle](https://example.org/artikel_1) #1 {x} |y| ~z~ > ok `a_b` und ein * und _"
    )
    expected = (
        "Gehalt: 3.200 € bis 4.200 € (laut Artikel) – snake_case, 2*3=6, "
        "Quelle #1 {x} |y| ~z~ > ok a_b und ein * und _"
    )

    async def scenario() -> None:
        async with FakeRasa(responder=lambda s, m: [{"text": reply}]) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.queue_text(CHAT, "Gehalt?")
                await api.wait_for_messages(CHAT, 1)
                message = api.sent(CHAT)[0]
                assert message.text == expected
                assert ("bold", "Gehalt:") in message.entities
                assert ("text_link:https://example.org/artikel_1", "Quelle") in message.entities
                assert len(api.calls_of("sendMessage")) == 1, "accepted at the first try"

    run(scenario())


def test_rejected_markdown_falls_back_to_plain_text() -> None:
    async def scenario() -> None:
        responder = lambda s, m: [{"text": "**Fett** und normal."}]  # noqa: E731
        async with FakeRasa(responder=responder) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.fail("sendMessage", 400, description="Bad Request: can't parse entities: x")
                api.queue_text(CHAT, "Hallo")
                assert await api.wait_for_messages(CHAT, 1) == ["Fett und normal."]
                assert api.sent(CHAT)[0].parse_mode is None

    run(scenario())


def test_a_5000_character_reply_arrives_split_and_complete() -> None:
    sentence = "Satz für Medizin_Ingenieure: 3.200 € (brutto) – mehr? Ja! "
    long_text = (sentence * 90).strip()
    assert len(long_text) >= 5000

    async def scenario() -> None:
        responder = lambda s, m: [{"text": long_text}]  # noqa: E731
        async with FakeRasa(responder=responder) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.queue_text(CHAT, "Erzählen Sie alles")
                await api.wait_for_messages(CHAT, 2)
                await api.wait_for(lambda: not rasa._in_flight, what="the reply to finish")
                texts = api.texts(CHAT)
                assert len(texts) == 2
                assert all(len(text) <= 4096 for text in texts)
                assert texts[0].endswith("!"), "cut after a sentence"
                assert " ".join(texts) == long_text
                assert all(m.parse_mode == "MarkdownV2" for m in api.sent(CHAT)), "no fallback"

    run(scenario())


def _menu(sender: str, message: str) -> List[Dict[str, Any]]:
    if message == "Hallo":
        return [
            {
                "recipient_id": sender,
                "text": "Wozu möchten Sie etwas wissen?",
                "buttons": [
                    {"title": "Aufgaben", "payload": "/ask_duties"},
                    {"title": "Gehalt in Duisburg", "payload": LONG_PAYLOAD},
                ],
            }
        ]
    return [{"recipient_id": sender, "text": f"Antwort auf {message}"}]


def test_buttons_become_an_inline_keyboard_and_presses_are_answered() -> None:
    async def scenario() -> None:
        async with FakeRasa(responder=_menu) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.queue_text(CHAT, "Hallo")
                await api.wait_for_messages(CHAT, 1)
                menu = api.sent(CHAT)[0]
                assert [title for title, _ in menu.buttons] == ["Aufgaben", "Gehalt in Duisburg"]
                assert menu.buttons[0][1] == "/ask_duties"

                query_id = api.queue_callback(CHAT, menu.buttons[1][1], menu.message_id)
                texts = await api.wait_for_messages(CHAT, 2)
                assert texts[1] == f"Antwort auf {LONG_PAYLOAD}"
                assert rasa.messages_from(sender_of(CHAT)) == ["Hallo", LONG_PAYLOAD]
                answers = api.calls_of("answerCallbackQuery")
                assert [(a.params["callback_query_id"], a.status) for a in answers] == [
                    (query_id, 200)
                ]
                assert answers[0].at < api.calls_of("sendMessage", CHAT)[1].at

                stale = api.queue_callback(CHAT, "#p:forgotten", menu.message_id)
                texts = await api.wait_for_messages(CHAT, 3)
                assert texts[2] == bot.EXPIRED_BUTTON_TEXT
                assert api.calls_of("answerCallbackQuery")[-1].params["callback_query_id"] == stale
                assert len(rasa.received) == 2

    run(scenario())


CHART = b"\x89PNG\r\n\x1a\n" + b"Gehaltsdiagramm" * 8


def test_images_are_downloaded_and_uploaded_as_photos_in_order() -> None:
    """Telegram cannot fetch the assistant's local chart URLs, so the bridge uploads the bytes."""
    rasa = FakeRasa(images={"diagramm.png": CHART})
    rasa.responder = lambda sender, message: [
        {"text": "Hier ein Bild:"},
        {"image": f"{rasa.url}/images/diagramm.png"},
        {"image": f"{rasa.url}/images/fehlt.png"},
        {"image": "http://127.0.0.1:9/unerreichbar.png"},
        {"image": "kein-link"},
        {"text": "Und weiter."},
    ]

    async def scenario() -> None:
        async with rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.queue_text(CHAT, "Bild?")
                await api.wait_for_messages(CHAT, 3)
                await api.wait_for(lambda: not rasa._in_flight, what="the reply to finish")
                sent = api.sent(CHAT)
                assert [(m.kind, m.text, m.photo) for m in sent] == [
                    ("text", "Hier ein Bild:", None),
                    ("photo", "", CHART),
                    ("text", "Und weiter.", None),
                ]
                assert len(api.calls_of("sendPhoto")) == 1, "images that cannot be had are skipped, not linked"

    run(scenario())


def test_an_image_telegram_refuses_is_skipped_and_the_reply_goes_on() -> None:
    rasa = FakeRasa(images={"diagramm.png": CHART})
    rasa.responder = lambda sender, message: [
        {"text": "Gehalt:", "image": f"{rasa.url}/images/diagramm.png"},
        {"text": "Quelle: Artikel"},
    ]

    async def scenario() -> None:
        async with rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.fail("sendPhoto", 400, description="Bad Request: IMAGE_PROCESS_FAILED")
                api.queue_text(CHAT, "Gehalt?")
                assert await api.wait_for_messages(CHAT, 2) == ["Gehalt:", "Quelle: Artikel"]
                assert [call.status for call in api.calls_of("sendPhoto")] == [400]

    run(scenario())


def test_commands_and_non_text_messages() -> None:
    def responder(sender: str, message: str) -> List[Dict[str, Any]]:
        return [] if message == "/restart" else [{"text": f"Antwort: {message}"}]

    async def scenario() -> None:
        async with FakeRasa(responder=responder) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.queue_text(CHAT, "/start")
                api.queue_text(CHAT, "/hilfe")
                api.queue_sticker(CHAT)
                api.queue_voice(CHAT)
                api.queue_document(CHAT)
                api.queue_text(CHAT, "/unbekannt")
                api.queue_text(CHAT, "/neu")
                texts = await api.wait_for_messages(CHAT, 7)
                start, hilfe, sticker, voice, document, unknown, new = texts
                for phrase in [
                    "Medizin-Ingenieur in Duisburg",
                    "Medizinisch-Technische Informatik",
                    "Quellen",
                    privacy_notice(),
                    "/vergessen",
                ]:
                    assert phrase in start
                assert "Gehalt" in hilfe and "/neu" in hilfe and "/vergessen" in hilfe
                assert sticker == voice == document == bot.NON_TEXT_TEXT
                assert unknown == bot.UNKNOWN_COMMAND_TEXT
                assert new == bot.NEW_TEXT
                assert rasa.received == [(sender_of(CHAT), "/restart")]

    run(scenario())


def test_empty_answer_from_rasa_gets_a_reply() -> None:
    async def scenario() -> None:
        async with FakeRasa(responder=lambda s, m: []) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.queue_text(CHAT, "???")
                assert await api.wait_for_messages(CHAT, 1) == [bot.NO_ANSWER_TEXT]

    run(scenario())


def test_429_waits_retry_after_then_delivers() -> None:
    async def scenario() -> None:
        async with FakeRasa() as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.fail("sendMessage", 429, retry_after=1)
                api.queue_text(CHAT, "eins")
                assert await api.wait_for_messages(CHAT, 1) == ["Antwort: eins"]
                first, second = api.calls_of("sendMessage", CHAT)
                assert first.status == 429 and second.status == 200
                # A lower bound only: the retry came no earlier than retry_after (a slow machine only adds to it).
                assert second.at - first.at >= 1

    run(scenario())


def test_500_is_retried_and_delivered() -> None:
    async def scenario() -> None:
        async with FakeRasa() as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.fail("sendMessage", 500, times=2)
                api.queue_text(CHAT, "eins")
                assert await api.wait_for_messages(CHAT, 1) == ["Antwort: eins"]
                assert [c.status for c in api.calls_of("sendMessage")] == [500, 500, 200]

    run(scenario())


def test_retries_are_bounded_and_the_bridge_carries_on(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> None:
        async with FakeRasa() as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url, send_retries=2):
                api.fail("sendMessage", 500, times=3)
                api.queue_text(CHAT, "eins")
                await api.wait_for(lambda: len(api.calls_of("sendMessage")) == 3)
                api.queue_text(CHAT, "zwei")
                assert await api.wait_for_messages(CHAT, 1) == ["Antwort: zwei"]
                assert [c.status for c in api.calls_of("sendMessage")] == [500, 500, 500, 200]

    with caplog.at_level(logging.WARNING):
        run(scenario())
    assert f"Could not deliver a reply to {chat_ref(CHAT)}" in caplog.text and not re.search(rf"\b{CHAT}\b", caplog.text)


def test_bot_api_timeout_is_retried_and_delivered_once() -> None:
    async def scenario() -> None:
        async with FakeRasa() as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url, telegram_timeout=0.5):
                api.stall("sendMessage", 1.5)
                api.queue_text(CHAT, "eins")
                assert await api.wait_for_messages(CHAT, 1) == ["Antwort: eins"]
                calls = api.calls_of("sendMessage")
                assert len(calls) == 2 and calls[1].at - calls[0].at >= 0.5

    run(scenario())


def test_403_blocked_chat_is_logged_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    def responder(sender: str, message: str) -> List[Dict[str, Any]]:
        return [{"text": f"Erstens: {message}"}, {"text": f"Zweitens: {message}"}]

    async def scenario() -> None:
        async with FakeRasa(responder=responder) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.fail("sendMessage", 403, chat_id=CHAT)
                api.queue_text(CHAT, "a")
                api.queue_text(OTHER_CHAT, "b")
                assert await api.wait_for_messages(OTHER_CHAT, 2) == ["Erstens: b", "Zweitens: b"]
                await api.wait_for(lambda: len(rasa.received) == 2)
                api.queue_text(CHAT, "c")
                assert await api.wait_for_messages(CHAT, 2) == ["Erstens: c", "Zweitens: c"]
                statuses = [call.status for call in api.calls_of("sendMessage", CHAT)]
                # No retry after the 403, and the rest of that answer is dropped.
                assert statuses == [403, 200, 200]

    with caplog.at_level(logging.WARNING):
        run(scenario())
    assert f"{chat_ref(CHAT)} cannot receive messages" in caplog.text and not re.search(rf"\b{CHAT}\b", caplog.text)


def test_getupdates_errors_do_not_stop_polling() -> None:
    async def scenario() -> None:
        async with FakeRasa() as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                api.fail("getUpdates", 500, times=2)
                api.queue_text(CHAT, "trotzdem")
                assert await api.wait_for_messages(CHAT, 1) == ["Antwort: trotzdem"]

    run(scenario())


def test_rasa_down_then_back() -> None:
    async def scenario() -> None:
        async with FakeRasa() as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                await rasa.stop()
                api.queue_text(CHAT, "eins")
                assert await api.wait_for_messages(CHAT, 1) == [bot.UNAVAILABLE_TEXT]
                await rasa.start()
                api.queue_text(CHAT, "zwei")
                texts = await api.wait_for_messages(CHAT, 2)
                assert texts[1] == "Antwort: zwei"

    run(scenario())


def test_rasa_slow_then_fast() -> None:
    async def scenario() -> None:
        # Rasa would answer only after a minute: an apology within the wait below can only come
        # from the bridge's own timeout, whatever the machine's speed.
        async with FakeRasa(delay=RASA_NEVER_IN_TIME) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url, rasa_timeout=0.5):
                api.queue_text(CHAT, "eins")
                assert await api.wait_for_messages(CHAT, 1, timeout=RASA_NEVER_IN_TIME / 2) == [bot.SLOW_TEXT]
                assert rasa.messages_from(sender_of(CHAT)) == ["eins"]
                rasa.delay = 0.0
                api.queue_text(CHAT, "zwei")
                texts = await api.wait_for_messages(CHAT, 2)
                assert texts[1] == "Antwort: zwei"

    run(scenario())


def test_twenty_chats_at_once_each_in_order_none_lost() -> None:
    chats = [1000 + index for index in range(20)]
    per_chat = 3

    def delay(sender: str, message: str) -> float:
        # Earlier messages take longer, so only per-chat ordering keeps the replies in order.
        return 0.1 * (per_chat - int(message.rsplit("-", 1)[1]))

    async def scenario() -> None:
        async with FakeRasa(delay=delay) as rasa, FakeBotApi() as api:
            async with running_bridge(api, rasa.url):
                for number in range(per_chat):
                    for chat in chats:
                        api.queue_text(chat, f"frage-{chat}-{number}")
                await api.wait_for(
                    lambda: len(api.sent()) == len(chats) * per_chat, 60, "all replies"
                )
                for chat in chats:
                    assert api.texts(chat) == [
                        f"Antwort: frage-{chat}-{number}" for number in range(per_chat)
                    ]
                    assert rasa.messages_from(sender_of(chat)) == [
                        f"frage-{chat}-{number}" for number in range(per_chat)
                    ]
                # Counted, not timed: at least ten chats were waiting for Rasa at the same moment.
                assert rasa.max_in_flight >= 10, "chats are served concurrently"

    run(scenario())
