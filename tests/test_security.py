"""Security: loopback by default, the action server's shared secret and its quiet 500, Rasa's HTTP API off,
and no way into another visitor's widget conversation with a plain socket.io client."""

from __future__ import annotations

import socket
import sqlite3
import uuid
from typing import Callable, Iterator, List, Set

import pytest
import requests

from assistant.action_server import TOKEN_HEADER
from channels import sessions
from channels.input_checks import TOO_MANY
from tests.conftest import ROOT, RasaServer, new_sender
from tests.widget_client import WidgetClient, run_async

ADDRESS_LIMIT = 4


def listening_addresses(port: int) -> Set[str]:
    """The local addresses with a listening TCP socket on `port` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in open(table).read().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.rsplit(":", 1)
            if state == "0A" and int(port_hex, 16) == port:
                raw = bytes.fromhex(address)
                if len(raw) == 4:
                    found.add(socket.inet_ntop(socket.AF_INET, raw[::-1]))
                else:
                    found.add(socket.inet_ntop(socket.AF_INET6, b"".join(raw[i:i + 4][::-1] for i in range(0, 16, 4))))
    return found


def test_action_server_listens_on_loopback_by_default(rasa_server: RasaServer) -> None:
    port = int(rasa_server.action_url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"127.0.0.1"}


def test_action_server_rejects_calls_without_the_shared_secret(rasa_server: RasaServer) -> None:
    call = {"next_action": "action_lookup_salary", "tracker": {"sender_id": "x", "slots": {}, "events": []}, "domain": {}}
    for headers in ({}, {TOKEN_HEADER: "wrong"}):
        response = requests.post(f"{rasa_server.action_url}/webhook", json=call, headers=headers, timeout=30)
        assert response.status_code == 401
    right = {TOKEN_HEADER: rasa_server.env["ACTION_SERVER_TOKEN"]}
    assert requests.post(f"{rasa_server.action_url}/webhook", json=call, headers=right, timeout=30).status_code == 200
    assert requests.get(f"{rasa_server.action_url}/health", timeout=30).status_code == 200


def test_action_server_500_does_not_echo_the_conversation(rasa_server: RasaServer) -> None:
    right = {TOKEN_HEADER: rasa_server.env["ACTION_SERVER_TOKEN"]}
    call = {"next_action": "action_lookup_salary", "tracker": "Vertrauliche Nachricht 0203 123456", "domain": {}}
    response = requests.post(f"{rasa_server.action_url}/webhook", json=call, headers=right, timeout=30)
    assert response.status_code == 500
    assert "Vertrauliche" not in response.text and "0203" not in response.text


def test_rasas_http_api_is_off_by_default(rasa_server: RasaServer) -> None:
    for path in ("/conversations/someone/tracker", "/status", "/model/parse"):
        assert requests.get(f"{rasa_server.url}{path}", timeout=30).status_code in (404, 405), path


@pytest.fixture(scope="module")
def strict_server(start_rasa: Callable[..., RasaServer]) -> Iterator[RasaServer]:
    """An assistant with its HTTP API on (token required) and a per-address limit the tests can reach."""
    server = start_rasa(enable_api=True, env={"RATE_LIMIT_PER_ADDRESS": str(ADDRESS_LIMIT)})
    yield server
    server.stop()


def test_rasas_http_api_when_switched_on_needs_the_token(strict_server: RasaServer) -> None:
    assert requests.get(f"{strict_server.url}/status", timeout=30).status_code == 401
    assert requests.get(f"{strict_server.url}/status", params={"token": strict_server.api_token}, timeout=30).status_code == 200


def test_rate_limit_per_address_on_rest_and_socketio(strict_server: RasaServer) -> None:
    # A new sender for every message: only the address is the same.
    replies = [strict_server.say_text(new_sender("address"), "/greet") for _ in range(ADDRESS_LIMIT + 1)]
    assert TOO_MANY not in replies[:ADDRESS_LIMIT] and replies[ADDRESS_LIMIT] == TOO_MANY

    async def widgets() -> List[str]:
        texts = []
        for _ in range(ADDRESS_LIMIT + 1):
            async with WidgetClient(strict_server) as client:
                before = len(client.received)
                await client.send("/greet")
                await client.wait_for_replies(before + 1)
                texts.append(client.received[before].get("text", ""))
        return texts

    texts = run_async(widgets(), 180)
    assert TOO_MANY not in texts[:ADDRESS_LIMIT] and texts[ADDRESS_LIMIT] == TOO_MANY


def test_a_second_socketio_client_with_anothers_session_id_gets_nothing_of_theirs(
    rasa_server: RasaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SESSION_SECRET", rasa_server.env["SESSION_SECRET"])

    async def scenario() -> str:
        async with WidgetClient(rasa_server) as victim:
            await victim.say("Hallo")
            victim_sender = sessions.sender_of(victim.session_id)
            made_up = uuid.uuid4().hex
            for claimed in (victim_sender, made_up, victim.session_id + "x"):
                async with WidgetClient(rasa_server, session_id=claimed) as intruder:
                    assert intruder.session_id not in (claimed, victim.session_id), "the server issued its own session"
                    seen_by_victim = len(victim.received)
                    # Writing into the victim's conversation by naming its ids in the message itself:
                    for named in (victim.session_id, victim_sender):
                        await intruder.say(f"Eindringling {claimed[:6]}", session_id=named)
                    assert len(victim.received) == seen_by_victim, "the victim got none of the intruder's replies"
            return victim_sender

    victim_sender = run_async(scenario(), 180)
    with sqlite3.connect(rasa_server.tracker_db) as connection:
        intruders = connection.execute(
            "SELECT COUNT(DISTINCT sender_id) FROM events WHERE type_name = 'user' AND data LIKE '%Eindringling%'").fetchone()[0]
        intruded = connection.execute(
            "SELECT COUNT(*) FROM events WHERE sender_id = ? AND data LIKE '%Eindringling%'", (victim_sender,)).fetchone()[0]
        victims = connection.execute("SELECT COUNT(*) FROM events WHERE sender_id = ?", (victim_sender,)).fetchone()[0]
    assert intruders == 3, "each intruder's messages went into a conversation of its own"
    assert victims > 0 and intruded == 0, "nothing of the intruders' went into the victim's conversation"


def test_endpoints_yml_sends_the_action_secret_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from rasa.core.utils import AvailableEndpoints

    monkeypatch.setenv("ACTION_SERVER_TOKEN", "secret-from-env")
    endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))
    assert endpoints.action.headers == {"X-Action-Token": "secret-from-env"}
