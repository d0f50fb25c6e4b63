"""Conversations through the bridge with the real Rasa server and action server behind it."""

from __future__ import annotations

import os
import signal
import uuid
from typing import Any, Dict, List

import httpx

from bridge_harness import running_bridge, run, sender_of
from fake_bot_api import FakeBotApi
from assistant import messages
from channels import privacy
from tests.conftest import stored_events
from telegram_bridge import bot
from telegram_bridge.formatting import to_plain

SALARY_QUESTION = "Was verdient ein Medizin-Ingenieur in Duisburg?"
#: Asks the assistant what it can do; its answer offers the topics as buttons.
BUTTON_QUESTION = "Was können Sie?"
#: The last message of the first salary answer in a conversation.
FEEDBACK_QUESTION = "War das hilfreich?"
#: A real model answers its first messages slower than the fakes.
TIMEOUT = 30.0


async def ask_rasa(url: str, sender: str, message: str) -> List[Dict[str, Any]]:
    """Ask Rasa's REST channel directly, bypassing the bridge."""
    async with httpx.AsyncClient(timeout=TIMEOUT) as client:
        response = await client.post(
            f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}
        )
    response.raise_for_status()
    return list(response.json())


def test_salary_question_gets_the_right_answer(rasa_server: Any) -> None:
    chat = 5001

    async def scenario() -> None:
        async with FakeBotApi() as api:
            async with running_bridge(api, rasa_server.url, rasa_timeout=TIMEOUT):
                api.queue_text(chat, SALARY_QUESTION)
                await api.wait_for(
                    lambda: "4.200" in "\n".join(api.texts(chat)), TIMEOUT, "the salary answer"
                )
                answer = "\n".join(api.texts(chat))
                assert "3.200" in answer and "4.200" in answer
                assert all(message.parse_mode == "MarkdownV2" for message in api.sent(chat))

    run(scenario(), timeout=TIMEOUT + 15)


def test_button_press_is_answered_and_its_payload_answered(rasa_server: Any) -> None:
    chat = 5002

    async def scenario() -> None:
        async with FakeBotApi() as api:
            async with running_bridge(api, rasa_server.url, rasa_timeout=TIMEOUT) as app:
                api.queue_text(chat, BUTTON_QUESTION)
                await api.wait_for(
                    lambda: any(message.buttons for message in api.sent(chat)),
                    TIMEOUT,
                    "an answer with buttons",
                )
                menu = next(message for message in api.sent(chat) if message.buttons)
                title, data = next(
                    (b for b in menu.buttons if b[0] == "Gehalt"), menu.buttons[0]
                )
                payload = app.bot_data["bridge"].payloads.decode(data)
                assert payload, f"button {title!r} carries a payload"

                # What Rasa itself answers to the same two steps, for a fresh conversation.
                sender = f"telegram-test-{uuid.uuid4().hex}"
                await ask_rasa(rasa_server.url, sender, BUTTON_QUESTION)
                replies = await ask_rasa(rasa_server.url, sender, payload)
                expected = [to_plain(reply["text"]) for reply in replies if reply.get("text")]
                assert expected, f"Rasa answers the payload {payload!r}"

                before = len(api.sent(chat))
                query_id = api.queue_callback(chat, data, menu.message_id)
                await api.wait_for(
                    lambda: len(api.sent(chat)) >= before + len(expected),
                    TIMEOUT,
                    "the payload's answer",
                )
                answered = [
                    call for call in api.calls_of("answerCallbackQuery")
                    if call.params.get("callback_query_id") == query_id
                ]
                assert [call.status for call in answered] == [200]
                assert api.texts(chat)[before : before + len(expected)] == expected

    run(scenario(), timeout=2 * TIMEOUT + 15)


def test_hung_action_server_gets_the_assistants_apology_not_no_answer(fault_server: Any) -> None:
    """The action server hangs (SIGSTOP): the chat gets Rasa's apology for the fault, then answers again."""
    chat = 5003

    async def scenario() -> None:
        async with FakeBotApi() as api:
            def salary_answers() -> int:
                return sum("4.200" in text for text in api.texts(chat))

            async with running_bridge(api, fault_server.url, rasa_timeout=TIMEOUT):
                api.queue_text(chat, SALARY_QUESTION)
                await api.wait_for(lambda: salary_answers() == 1, TIMEOUT, "the salary answer")
                await api.wait_for(lambda: FEEDBACK_QUESTION in api.texts(chat), TIMEOUT, "the answer's last message")
                answered = len(api.sent(chat))
                os.kill(fault_server.actions.pid, signal.SIGSTOP)
                try:
                    api.queue_text(chat, SALARY_QUESTION)
                    await api.wait_for(lambda: len(api.sent(chat)) > answered, TIMEOUT, "the apology")
                finally:
                    os.kill(fault_server.actions.pid, signal.SIGCONT)
                apology = api.texts(chat)[answered]
                assert apology == messages.ACTION_UNAVAILABLE
                assert apology not in (bot.NO_ANSWER_TEXT, bot.UNAVAILABLE_TEXT)
                api.queue_text(chat, SALARY_QUESTION)
                await api.wait_for(lambda: salary_answers() == 2, TIMEOUT, "an answer again")

    run(scenario(), timeout=3 * TIMEOUT)


def test_vergessen_deletes_the_chats_conversation_and_confirms(rasa_server: Any) -> None:
    chat = 5004

    async def scenario() -> None:
        async with FakeBotApi() as api:
            async with running_bridge(api, rasa_server.url, rasa_timeout=TIMEOUT):
                api.queue_text(chat, SALARY_QUESTION)
                await api.wait_for(lambda: FEEDBACK_QUESTION in api.texts(chat), TIMEOUT, "the salary answer's last message")
                assert stored_events(rasa_server.tracker_db, sender_of(chat))
                answered = len(api.sent(chat))
                api.queue_text(chat, "/vergessen")
                await api.wait_for(lambda: len(api.sent(chat)) > answered, TIMEOUT, "the confirmation")
                assert api.texts(chat)[answered] == privacy.FORGOTTEN

    run(scenario(), timeout=2 * TIMEOUT + 15)
    assert stored_events(rasa_server.tracker_db, sender_of(chat)) == []
