"""Hostile and odd input on the REST and socket.io channels: length limit, invisible characters, typed
payloads, rate limits, and a fuzz run of 1,000 generated messages against the real assistant."""

from __future__ import annotations

import asyncio
import json
import random
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import List

import requests

from actions import answers
from actions.knowledge import KnowledgeBase
from channels.input_checks import MAX_MESSAGE_LENGTH, TOO_LONG, TOO_MANY, InputChecks, clean, is_button_payload
from tests.conftest import RasaServer, new_sender, salary_payload, stored_events
from tests.widget_client import WidgetClient, run_async

FUZZ_REST, FUZZ_SOCKET = 600, 400
MESSAGES_PER_FUZZ_SENDER = 20


def user_texts(database: Path, sender: str) -> List[str]:
    return [json.loads(data)["text"] for _, kind, data in stored_events(database, sender) if kind == "user"]


def test_clean_removes_control_invisible_and_direction_characters() -> None:
    assert clean("Ge\x00halt\u202e?\u200b\u2066\ufeff\x1b[31m\tja\n") == "Gehalt?[31m ja"
    assert clean("Grüße 😀 – €") == "Grüße 😀 – €"


def test_only_the_assistants_own_button_payloads_are_payloads(kb: KnowledgeBase) -> None:
    own = [button["payload"] for button in answers.profession_buttons(kb)]
    own += [answers.payload("ask_salary", profession=p.key, level=l.key) for p in kb.professions for l in kb.levels]
    own += ["/greet", "/feedback_helpful", "/out_of_scope", answers.payload("ask_salary", place="Duisburg")]
    assert all(is_button_payload(payload) for payload in own), [p for p in own if not is_button_payload(p)]
    for typed in ["/restart", "/session_start", "/back", "/some_intent", '/ask_salary{"profession": "baecker"}',
                  '/ask_salary{"level": "chef"}', '/ask_salary{"profession": ["a"]}', "/ask_salary{kaputt",
                  '/ask_salary{"foo": "bar"}', '/ask_salary{"place": "<script>"}', "/ask_salary@0.1"]:
        assert not is_button_payload(typed), typed


def test_rate_limiter_counts_per_sender_and_per_address() -> None:
    checks = InputChecks()
    checks.per_sender.limit, checks.per_address.limit = 3, 5
    assert [checks.refusal("Hallo", "a", "10.0.0.1") for _ in range(4)] == [None, None, None, TOO_MANY]
    # The address has had three messages; two more from other senders reach its limit of five.
    assert [checks.refusal("Hallo", f"s{n}", "10.0.0.1") for n in range(3)] == [None, None, TOO_MANY]
    assert checks.refusal("Hallo", "other", "10.0.0.2") is None


def test_too_long_message_is_refused_in_german_and_not_stored(rasa_server: RasaServer) -> None:
    user = new_sender("input")
    assert rasa_server.say(user, "x" * (MAX_MESSAGE_LENGTH + 1)) == [{"recipient_id": user, "text": TOO_LONG}]
    assert rasa_server.say_text(user, "x" * MAX_MESSAGE_LENGTH) != TOO_LONG
    assert all(len(text) <= MAX_MESSAGE_LENGTH for text in user_texts(rasa_server.tracker_db, user))


def test_invisible_characters_never_reach_the_tracker_store(rasa_server: RasaServer) -> None:
    user = new_sender("input")
    assert rasa_server.say(user, "Hal\x00lo\u202e\u200b Welt\x07")
    assert user_texts(rasa_server.tracker_db, user) == ["Hallo Welt"]


def test_typed_restart_is_plain_text_and_the_conversation_keeps_its_slots(rasa_server: RasaServer, kb: KnowledgeBase) -> None:
    user = new_sender("input")
    profession = kb.professions[0]
    assert profession.name in rasa_server.say_text(user, salary_payload(kb))
    assert rasa_server.say(user, "/restart")
    assert profession.name in rasa_server.say_text(user, "/ask_salary"), "the profession slot survived"
    assert "restart" not in [kind for _, kind, _ in stored_events(rasa_server.tracker_db, user)]


def test_rate_limit_per_sender_on_rest_and_socketio(rasa_server: RasaServer) -> None:
    limit = InputChecks().per_sender.limit
    user = new_sender("input")
    replies = [rasa_server.say_text(user, "/greet") for _ in range(limit + 1)]
    assert TOO_MANY not in replies[:limit] and replies[limit] == TOO_MANY

    async def widget() -> List[str]:
        async with WidgetClient(rasa_server) as client:
            for _ in range(limit):
                before = len(client.received)
                await client.send("/greet")
                await client.wait_for_replies(before + 1)
            return [r.get("text") for r in await client.say("/greet")]

    assert run_async(widget(), 300) == [TOO_MANY]


def fuzz_messages(count: int, seed: int, kb: KnowledgeBase) -> List[str]:
    """Random Unicode, long texts, markup, payload lookalikes (valid and broken), control characters, whitespace."""
    rng = random.Random(seed)
    keys = [p.key for p in kb.professions] + ["baecker", "", "x" * 300]
    makers = [
        lambda: "".join(chr(rng.randrange(0x20, 0x30000)) for _ in range(rng.randrange(1, 80))),
        lambda: "".join(chr(rng.randrange(0, 0x20)) for _ in range(rng.randrange(1, 10))) + "Gehalt",
        lambda: "Gehalt? " * rng.randrange(1, 200),
        lambda: rng.choice(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[a](javascript:x)", "{{7*7}}"]),
        lambda: f'/{rng.choice(["ask_salary", "inform", "restart", "greet", "x"])}{{"profession": "{rng.choice(keys)}"}}',
        lambda: "/" + "".join(rng.choice("{}[]\":,/\\ab") for _ in range(rng.randrange(1, 40))),
        lambda: rng.choice(["", " ", "\n", "\u202e\u200b", "😀" * rng.randrange(1, 50), "ﷺ" * 30]),
        lambda: rng.choice(["Was verdient ein Medizin-Ingenieur?", "Hallo", "tschüss", "Und mit Erfahrung?"]),
    ]
    return [rng.choice(makers)() for _ in range(count)]


def test_fuzz_1000_messages_over_rest_and_socketio(rasa_server: RasaServer, kb: KnowledgeBase) -> None:
    messages = fuzz_messages(FUZZ_REST + FUZZ_SOCKET, seed=20261130, kb=kb)
    rest, sockets = messages[:FUZZ_REST], messages[FUZZ_REST:]
    senders = [new_sender("input") for _ in range(FUZZ_REST // MESSAGES_PER_FUZZ_SENDER)]

    def post(numbered: tuple) -> tuple:
        number, message = numbered
        response = requests.post(
            f"{rasa_server.url}/webhooks/rest/webhook",
            json={"sender": senders[number % len(senders)], "message": message}, timeout=60,
        )
        return message, response.status_code, response.json()

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(post, enumerate(rest)))
    server_errors = [(m[:40], status) for m, status, _ in results if status >= 500]
    empty = [m[:40] for m, _, replies in results if not replies or not any(r.get("text") or r.get("image") for r in replies)]
    assert not server_errors and not empty, (server_errors[:5], empty[:5])

    async def widget(batch: List[str]) -> List[str]:
        silent = []
        for start in range(0, len(batch), MESSAGES_PER_FUZZ_SENDER):
            async with WidgetClient(rasa_server) as client:
                for message in batch[start:start + MESSAGES_PER_FUZZ_SENDER]:
                    before = len(client.received)
                    await client.send(message)
                    try:
                        await client.wait_for_replies(before + 1)
                    except asyncio.TimeoutError:
                        silent.append(message[:40])
        return silent

    async def both_widgets() -> List[str]:
        halves = await asyncio.gather(widget(sockets[::2]), widget(sockets[1::2]))
        return halves[0] + halves[1]

    assert run_async(both_widgets(), 600) == []
    assert all(process.poll() is None for process in rasa_server.processes), "no server crashed"
    assert "€" in rasa_server.say_text(new_sender("input"), salary_payload(kb))
