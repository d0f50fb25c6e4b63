"""The web server over HTTP, and Rasa's socket.io channel limited to the page's origin."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp
import pytest
import requests

from actions.knowledge import KnowledgeBase

FOREIGN_ORIGIN = "http://angreifer.example"
FONT = "/vendor/inter/files/inter-latin-400-normal.woff2"


def test_page_has_a_strict_policy_and_no_inline_script(web_server: str, rasa_server: Any) -> None:
    response = requests.get(web_server, timeout=10)
    assert response.status_code == 200
    policy = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert rasa_server.url in policy["connect-src"].split()
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert not re.search(r"<script(?![^>]*\bsrc=)", response.text), "every script is a file"
    assert f'data-rasa-url="{rasa_server.url}"' in response.text


def test_every_chart_is_served_and_unknown_ones_get_a_german_404(web_server: str, kb: KnowledgeBase) -> None:
    for profession in (p.key for p in kb.professions if kb.salary_rows(p.key)):
        response = requests.get(f"{web_server}/charts/salary.png", params={"profession": profession}, timeout=10)
        assert response.status_code == 200 and response.headers["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG")
    assert requests.get(f"{web_server}/charts/comparison.png", timeout=10).status_code == 200
    for path, params in [
        ("/charts/salary.png", {"profession": "baecker"}),
        ("/charts/salary.png", {}),
        ("/charts/comparison.png", {"level": "erfahrung"}),
        ("/gibt-es-nicht", {}),
    ]:
        response = requests.get(f"{web_server}{path}", params=params, timeout=10)
        assert response.status_code == 404
        assert re.search(r"gibt es (nicht|kein)", response.text), response.text
        assert "Content-Security-Policy" in response.headers


def test_widget_bundle_asks_nothing_of_google(web_server: str) -> None:
    response = requests.get(f"{web_server}/vendor/rasa-webchat.js", timeout=10)
    assert response.status_code == 200 and "WebChat" in response.text
    assert "googleapis" not in response.text


@pytest.mark.parametrize("origin, allowed", [("web", True), (FOREIGN_ORIGIN, False)])
def test_font_cors_only_for_the_page_origin(web_server: str, origin: str, allowed: bool) -> None:
    origin = web_server if origin == "web" else origin
    response = requests.get(f"{web_server}{FONT}", headers={"Origin": origin}, timeout=10)
    assert response.status_code == 200
    assert response.headers.get("Access-Control-Allow-Origin") == (origin if allowed else None)


@pytest.mark.parametrize("origin, status", [("web", 200), (FOREIGN_ORIGIN, 400)])
def test_rasa_socketio_polling_only_for_the_page_origin(rasa_server: Any, web_server: str, origin: str, status: int) -> None:
    origin = web_server if origin == "web" else origin
    response = requests.get(
        f"{rasa_server.url}/socket.io/", params={"EIO": "4", "transport": "polling"}, headers={"Origin": origin}, timeout=10
    )
    assert response.status_code == status
    if status == 200:
        assert response.raw.headers.getlist("Access-Control-Allow-Origin") == [origin], "exactly one CORS header"


def test_rasa_socketio_websocket_refuses_a_foreign_page(rasa_server: Any, web_server: str) -> None:
    async def handshake(origin: str) -> int:
        url = f"{rasa_server.url.replace('http', 'ws', 1)}/socket.io/?EIO=4&transport=websocket"
        async with aiohttp.ClientSession() as session:
            try:
                async with session.ws_connect(url, origin=origin, timeout=10) as socket:
                    await socket.close()
                    return 101
            except aiohttp.WSServerHandshakeError as error:
                return error.status

    assert asyncio.run(handshake(web_server)) == 101
    assert asyncio.run(handshake(FOREIGN_ORIGIN)) == 400
