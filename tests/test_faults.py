"""Real faults, and what the visitor sees: the action server hung (SIGSTOP), killed, refusing; the tracker
database moved away. Every fault gets a German apology in seconds (Rasa's own wait would be 300 s) on
REST, the widget's socket.io and Telegram, and the conversation goes on with its slots afterwards.
"""

from __future__ import annotations

import os
import signal
import socket
import time
from typing import List, Tuple
from urllib.parse import urlsplit


from actions.knowledge import KnowledgeBase
from assistant import messages
from tests.conftest import RasaServer, new_sender, salary_payload, stored_events
from tests.widget_client import WidgetClient, run_async

# Far below Rasa's own 300 s and far above ACTION_TIMEOUT: a reply within it proves the setting is honoured.
REPLY_WITHIN_SECONDS = 20


def texts(replies: List[dict]) -> List[str]:
    return [reply.get("text", "") for reply in replies if reply.get("text")]


def assert_salary_answer(reply_texts: List[str], kb: KnowledgeBase) -> None:
    joined = "\n".join(reply_texts)
    assert "€" in joined and kb.professions[0].name in joined, reply_texts


def test_hung_action_server_gets_an_apology_and_the_slots_survive(fault_server: RasaServer, kb: KnowledgeBase) -> None:
    user = new_sender("fault")
    assert_salary_answer(texts(fault_server.say(user, salary_payload(kb))), kb)
    os.kill(fault_server.actions.pid, signal.SIGSTOP)
    try:
        # No profession in this message: the answer after the fault can only come from the stored slot.
        assert texts(fault_server.say(user, "/ask_salary", timeout=REPLY_WITHIN_SECONDS)) == [messages.ACTION_UNAVAILABLE]
    finally:
        os.kill(fault_server.actions.pid, signal.SIGCONT)
    assert_salary_answer(texts(fault_server.say(user, "/ask_salary")), kb)


def test_hung_action_server_gets_an_apology_in_the_widget(fault_server: RasaServer, kb: KnowledgeBase) -> None:
    async def scenario() -> Tuple[List[str], List[str]]:
        async with WidgetClient(fault_server) as widget:
            assert_salary_answer(texts(await widget.say(salary_payload(kb))), kb)
            os.kill(fault_server.actions.pid, signal.SIGSTOP)
            try:
                during = texts(await widget.say("/ask_salary"))
            finally:
                os.kill(fault_server.actions.pid, signal.SIGCONT)
            return during, texts(await widget.say("/ask_salary"))

    during, after = run_async(scenario(), 120)
    assert during == [messages.ACTION_UNAVAILABLE]
    assert_salary_answer(after, kb)


def test_action_server_killed_then_refusing_then_back(fault_server: RasaServer, kb: KnowledgeBase) -> None:
    user = new_sender("fault")
    assert_salary_answer(texts(fault_server.say(user, salary_payload(kb))), kb)
    fault_server.actions.kill()
    fault_server.actions.wait(timeout=20)
    assert texts(fault_server.say(user, "/ask_salary", timeout=REPLY_WITHIN_SECONDS)) == [messages.ACTION_UNAVAILABLE]

    # Back, but with another secret than Rasa sends: every call is refused with a 401.
    right_token = fault_server.env["ACTION_SERVER_TOKEN"]
    fault_server.env["ACTION_SERVER_TOKEN"] = "not-the-shared-secret"
    try:
        fault_server.restart_actions()
        assert texts(fault_server.say(user, "/ask_salary", timeout=REPLY_WITHIN_SECONDS)) == [messages.ACTION_UNAVAILABLE]
    finally:
        fault_server.env["ACTION_SERVER_TOKEN"] = right_token
    fault_server.actions.terminate()
    fault_server.actions.wait(timeout=20)
    fault_server.restart_actions()
    assert_salary_answer(texts(fault_server.say(user, "/ask_salary")), kb)


def test_tracker_database_moved_away_gets_an_apology_and_nothing_is_lost(fault_server: RasaServer, kb: KnowledgeBase) -> None:
    user = new_sender("fault")
    database = fault_server.tracker_db
    assert_salary_answer(texts(fault_server.say(user, salary_payload(kb))), kb)
    before = stored_events(database, user)
    assert before

    away = database.with_name(database.name + ".away")
    os.replace(database, away)
    try:
        during = texts(fault_server.say(user, "/ask_salary", timeout=REPLY_WITHIN_SECONDS))
    finally:
        os.replace(away, database)
    assert during == [messages.STORE_UNAVAILABLE], "an apology, not a fresh conversation that forgot the profession"

    assert_salary_answer(texts(fault_server.say(user, "/ask_salary")), kb)
    after = stored_events(database, user)
    assert after[: len(before)] == before, "every earlier event is still stored, unchanged"


# Sanic's own keep-alive (5 s) and a little: with it the action server would close the connection before this.
IDLE_SECONDS = 6


def test_action_server_keeps_an_idle_connection_that_rasas_client_may_reuse(rasa_server: RasaServer) -> None:
    """Rasa's aiohttp client reuses a connection for 15 s; one the server closes sooner can fail a visitor's turn."""
    address = urlsplit(rasa_server.action_url)
    request = f"GET /health HTTP/1.1\r\nHost: {address.netloc}\r\nConnection: keep-alive\r\n\r\n".encode()
    with socket.create_connection((address.hostname, address.port), timeout=10) as connection:
        connection.sendall(request)
        assert connection.recv(4096).startswith(b"HTTP/1.1 200")
        time.sleep(IDLE_SECONDS)
        connection.sendall(request)
        assert connection.recv(4096).startswith(b"HTTP/1.1 200")
