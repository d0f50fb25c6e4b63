"""``python -m telegram_bridge`` as a process: start-up errors, shutdown, webhook, secrecy."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Dict, Optional, Tuple

import httpx
import pytest

from bridge_harness import run, sender_of
from fake_bot_api import TEST_TOKEN, FakeBotApi
from bench.servers import free_port
from fake_rasa import FakeRasa

REPO = Path(__file__).resolve().parents[2]
CHAT = 777
OTHER_TOKEN = "987654321:AAEotherTOKENnobodyKnows_abcdefghijklmn"


def bridge_env(**settings: str) -> Dict[str, str]:
    """The environment for a bridge process: this one's, minus any real Telegram settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "RASA_"))}
    env.update(PYTHONPATH=str(REPO), PYTHONUNBUFFERED="1", LOG_LEVEL="DEBUG")
    env.update(settings)
    return env


def run_bridge_sync(env: Dict[str, str]) -> Tuple[int, str]:
    """Run the bridge to its end; return its exit code and combined output."""
    done = subprocess.run(
        [sys.executable, "-m", "telegram_bridge"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=30, check=False,
    )
    return done.returncode, done.stdout + done.stderr


async def start_bridge(env: Dict[str, str]) -> asyncio.subprocess.Process:
    """Start the bridge as a child process with its output captured."""
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "telegram_bridge", cwd=REPO, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )


async def finish(process: asyncio.subprocess.Process, sig: Optional[int]) -> Tuple[int, str]:
    """Send ``sig`` (if any), wait for the process to end, return exit code and output."""
    if sig is not None:
        process.send_signal(sig)
    try:
        output, _ = await asyncio.wait_for(process.communicate(), 20)
    except asyncio.TimeoutError:
        process.kill()
        output, _ = await process.communicate()
        raise AssertionError(f"bridge did not stop:\n{output.decode()}") from None
    return process.returncode or 0, output.decode()


def test_missing_token_is_a_clear_error() -> None:
    code, output = run_bridge_sync(bridge_env())
    assert code != 0
    assert "TELEGRAM_BOT_TOKEN is not set" in output and "@BotFather" in output
    assert "Traceback" not in output


def test_malformed_token_is_a_clear_error_without_the_token() -> None:
    code, output = run_bridge_sync(bridge_env(TELEGRAM_BOT_TOKEN="12345:secretpart"))
    assert code != 0
    assert "malformed" in output
    assert "secretpart" not in output and "Traceback" not in output


def test_rejected_token_is_a_clear_error_without_the_token() -> None:
    async def scenario() -> Tuple[int, str]:
        async with FakeBotApi() as api:
            env = bridge_env(TELEGRAM_BOT_TOKEN=OTHER_TOKEN, TELEGRAM_API_BASE_URL=api.base_url)
            process = await start_bridge(env)
            result = await finish(process, None)
            assert [call.method for call in api.calls] == ["getMe"]
            return result

    code, output = run(scenario())
    assert code == 1
    assert "rejected TELEGRAM_BOT_TOKEN" in output
    assert OTHER_TOKEN not in output and OTHER_TOKEN.split(":")[1] not in output
    assert "Traceback" not in output


def test_long_polling_process_answers_and_stops_cleanly_on_sigterm() -> None:
    async def scenario() -> Tuple[int, str]:
        async with FakeRasa(delay=1.0) as rasa, FakeBotApi() as api:
            env = bridge_env(
                TELEGRAM_BOT_TOKEN=TEST_TOKEN,
                TELEGRAM_API_BASE_URL=api.base_url,
                RASA_URL=rasa.url,
                TELEGRAM_POLL_TIMEOUT="1",
            )
            process = await start_bridge(env)
            try:
                api.queue_text(CHAT, "Was macht ein Medizin-Ingenieur?")
                await api.wait_for(lambda: bool(rasa.received), 15, "the question to reach Rasa")
            except BaseException:
                process.kill()
                await process.communicate()
                raise
            # SIGTERM arrives while Rasa is still working: the update in hand is finished first.
            code, output = await finish(process, signal.SIGTERM)
            assert api.texts(CHAT) == ["Antwort: Was macht ein Medizin-Ingenieur?"], output
            return code, output

    code, output = run(scenario())
    assert code == 0, output
    assert "Traceback" not in output
    assert "Application.stop() complete" in output
    assert TEST_TOKEN not in output and TEST_TOKEN.split(":")[1] not in output
    assert "Calling Bot API endpoint `sendMessage`" in output, "DEBUG logging was on"


@pytest.mark.parametrize("log_level", ["INFO", "DEBUG"])
def test_webhook_mode_checks_the_secret_token_on_every_update(log_level: str) -> None:
    secret = "webhook-secret_42"
    update: Dict[str, object] = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "chat": {"id": CHAT, "type": "private"},
            "from": {"id": CHAT, "is_bot": False, "first_name": "Test"},
            "text": "Hallo per Webhook",
        },
    }

    async def scenario() -> Tuple[int, str]:
        port = free_port()
        async with FakeRasa() as rasa, FakeBotApi() as api:
            env = bridge_env(
                TELEGRAM_BOT_TOKEN=TEST_TOKEN,
                TELEGRAM_API_BASE_URL=api.base_url,
                RASA_URL=rasa.url,
                TELEGRAM_WEBHOOK_URL=f"https://bot.example.org/telegram/{port}",
                TELEGRAM_WEBHOOK_SECRET=secret,
                TELEGRAM_WEBHOOK_LISTEN="127.0.0.1",
                TELEGRAM_WEBHOOK_PORT=str(port),
                LOG_LEVEL=log_level,
            )
            process = await start_bridge(env)
            try:
                await api.wait_for(lambda: bool(api.calls_of("setWebhook")), 15, "setWebhook")
                registered = api.calls_of("setWebhook")[0].params
                assert registered["url"] == f"https://bot.example.org/telegram/{port}"
                assert registered["secret_token"] == secret
                statuses = await post_updates(port, update, secret)
                assert statuses == {"none": 403, "wrong": 403, "right": 200}
                assert await api.wait_for_messages(CHAT, 1) == ["Antwort: Hallo per Webhook"]
                assert rasa.received == [(sender_of(CHAT), "Hallo per Webhook")]
                assert not api.calls_of("getUpdates"), "no polling in webhook mode"
            except BaseException:
                process.kill()
                await process.communicate()
                raise
            return await finish(process, signal.SIGINT)

    code, output = run(scenario())
    assert code == 0, output
    assert TEST_TOKEN not in output and secret not in output
    if log_level == "INFO":
        # At DEBUG, python-telegram-bot logs each rejected request with its traceback.
        assert "Traceback" not in output, output


async def post_updates(port: int, update: Dict[str, object], secret: str) -> Dict[str, int]:
    """POST ``update`` to the webhook without, with a wrong and with the right secret token."""
    url = f"http://127.0.0.1:{port}/telegram/{port}"
    headers = {
        "none": {},
        "wrong": {"X-Telegram-Bot-Api-Secret-Token": "guessed"},
        "right": {"X-Telegram-Bot-Api-Secret-Token": secret},
    }
    for _ in range(100):  # the webhook server may still be starting
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.close()
            break
        except OSError:
            await asyncio.sleep(0.1)
    statuses: Dict[str, int] = {}
    async with httpx.AsyncClient(timeout=5) as client:
        for name, header in headers.items():
            response = await client.post(
                url,
                content=json.dumps(update),
                headers={"Content-Type": "application/json", **header},
            )
            statuses[name] = response.status_code
    return statuses


@pytest.mark.parametrize("variable", ["TELEGRAM_WEBHOOK_SECRET"])
def test_webhook_mode_needs_a_secret(variable: str) -> None:
    code, output = run_bridge_sync(
        bridge_env(TELEGRAM_BOT_TOKEN=TEST_TOKEN, TELEGRAM_WEBHOOK_URL="https://x.example/h")
    )
    assert code != 0 and f"{variable} must be set" in output and "Traceback" not in output
