"""Markdown rendering, message splitting, settings and log redaction of the Telegram bridge."""

from __future__ import annotations

import logging
import re

import pytest

from fake_bot_api import MarkdownError, parse_markdown_v2, utf16_length
from telegram_bridge.config import Config, ConfigError
from telegram_bridge.delivery import PayloadStore
from telegram_bridge.formatting import (
    MAX_MESSAGE_LENGTH,
    split_message,
    telegram_length,
    to_markdown_v2,
    to_plain,
)
from telegram_bridge.logs import REDACTED, RedactingFilter

TOKEN = "123456789:AAHfakeTOKENfor-tests_0123456789abcdef"

TRICKY = [
    "Gehalt_in_Duisburg * 2 = mehr?! (ca.) [Klammer] {x} #1 +2 -3 |pipe| ~tilde~ > zitat `code",
    "Ein einzelnes * und ein einzelnes _ und ein Backslash \\ am Ende\\",
    "__init__.py, snake_case und **nicht geschlossen",
    "Preis: 3.200 € – 4.200 € (brutto?) … „Zitat“ 😀",
    "a*b*c_d_e",
    "",
]


@pytest.mark.parametrize("text", TRICKY)
def test_markdown_special_characters_are_escaped(text: str) -> None:
    rendered = to_markdown_v2(text)
    plain, _ = parse_markdown_v2(rendered)
    assert plain == to_plain(text)


def test_every_printable_ascii_character_survives() -> None:
    text = "".join(chr(code) for code in range(32, 127))
    plain, entities = parse_markdown_v2(to_markdown_v2(text))
    assert plain == text
    assert entities == []


def test_light_markdown_becomes_entities() -> None:
    text = (
        "**Gehalt:** etwa *3.200 €* bis _4.200 €_, siehe "
        "[Artikel (2024)](https://example.org/a_(b)) und `job_id`."
    )
    plain, entities = parse_markdown_v2(to_markdown_v2(text))
    assert plain == "Gehalt: etwa 3.200 € bis 4.200 €, siehe Artikel (2024) und job_id."
    assert ("bold", "Gehalt:") in entities
    assert ("italic", "3.200 €") in entities
    assert ("italic", "4.200 €") in entities
    assert ("text_link:https://example.org/a_(b)", "Artikel (2024)") in entities
    assert ("code", "job_id") in entities


def test_fake_server_parser_rejects_what_telegram_rejects() -> None:
    for bad in ["3.200", "a_b", "*offen", "[x](y", "ende\\"]:
        with pytest.raises(MarkdownError):
            parse_markdown_v2(bad)


def test_short_text_is_not_split() -> None:
    assert split_message("Kurz. Und gut.") == ["Kurz. Und gut."]


def test_long_text_splits_at_sentences_and_loses_nothing() -> None:
    sentence = "Das Einstiegsgehalt liegt bei 3.200 € (Duisburg), mit_Erfahrung mehr! "
    text = (sentence * 80).strip()
    assert len(text) > 5000
    chunks = split_message(text)
    assert len(chunks) >= 2
    for chunk in chunks:
        assert telegram_length(to_markdown_v2(chunk)) <= MAX_MESSAGE_LENGTH
        assert chunk.endswith("!")
    assert " ".join(chunks) == text


def test_lines_are_preferred_over_sentences() -> None:
    line = "Zeile ohne Satzende " * 10
    text = "\n".join([line.strip()] * 60)
    chunks = split_message(text, limit=1000)
    assert all(len(to_markdown_v2(chunk)) <= 1000 for chunk in chunks)
    assert "\n".join(chunks) == text


def test_one_endless_word_is_cut_hard() -> None:
    text = "x" * 10_000
    chunks = split_message(text)
    assert [len(chunk) for chunk in chunks] == [4096, 4096, 1808]


def test_emoji_count_double_as_telegram_counts_them() -> None:
    text = "😀" * 3000
    chunks = split_message(text)
    assert all(utf16_length(chunk) <= MAX_MESSAGE_LENGTH for chunk in chunks)
    assert "".join(chunks) == text
    assert len(chunks) == 2


def test_payloads_fit_into_callback_data() -> None:
    store = PayloadStore(capacity=2)
    short = "/ask_salary"
    long = '/ask_salary{"profession":"medizin_ingenieur","region":"Duisburg","level":"einstieg"}'
    assert store.encode(short) == short
    key = store.encode(long)
    assert len(key.encode()) <= 64 and key != long
    assert store.decode(key) == long
    store.encode(long + "1")
    store.encode(long + "2")
    assert store.decode(key) is None, "the oldest long payload is forgotten beyond capacity"


def test_config_reads_environment() -> None:
    config = Config.from_env(
        {
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "RASA_URL": "http://rasa:5005/",
            "TELEGRAM_WEBHOOK_URL": "https://bot.example.org/telegram/hook",
            "TELEGRAM_WEBHOOK_SECRET": "s3cret-value",
            "TELEGRAM_WEBHOOK_PORT": "8081",
        }
    )
    assert config.rasa_url == "http://rasa:5005"
    assert config.api_base_url == "https://api.telegram.org/bot"
    assert config.webhook_path == "telegram/hook"
    assert config.webhook_port == 8081
    assert TOKEN not in repr(config) and "s3cret-value" not in repr(config)


@pytest.mark.parametrize(
    "environ, message",
    [
        ({}, "TELEGRAM_BOT_TOKEN is not set"),
        ({"TELEGRAM_BOT_TOKEN": "123:short"}, "malformed"),
        ({"TELEGRAM_BOT_TOKEN": TOKEN, "RASA_TIMEOUT": "soon"}, "RASA_TIMEOUT must be a number"),
        (
            {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_URL": "https://x.example/hook"},
            "TELEGRAM_WEBHOOK_SECRET must be set",
        ),
        (
            {
                "TELEGRAM_BOT_TOKEN": TOKEN,
                "TELEGRAM_WEBHOOK_URL": "https://x.example/hook",
                "TELEGRAM_WEBHOOK_SECRET": "not allowed!",
            },
            "TELEGRAM_WEBHOOK_SECRET may only",
        ),
    ],
)
def test_config_errors_are_clear(environ: dict, message: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as error:
        Config.from_env(environ)
    assert "short" not in str(error.value)


def test_redacting_filter_hides_token_in_messages_and_tracebacks() -> None:
    records = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Keep()
    handler.addFilter(RedactingFilter([TOKEN, None]))
    logger = logging.getLogger("test_telegram_redaction")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        logger.warning("POST https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"The token `{TOKEN}` was rejected by the server.")
        except RuntimeError:
            logger.exception("start failed")
    finally:
        logger.removeHandler(handler)
    output = "\n".join(records)
    assert TOKEN not in output
    assert output.count(REDACTED) == 2
    assert "was rejected by the server" in output
