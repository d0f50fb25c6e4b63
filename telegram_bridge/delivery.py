"""Delivering the assistant's replies to a Telegram chat, with bounded retries."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import timedelta
from typing import AsyncIterator, Awaitable, Callable, List, Optional, Sequence, TypeVar, Union

import httpx
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from .formatting import split_message, to_markdown_v2, to_plain
from .logs import chat_ref
from .rasa_client import Button, Reply

_LOGGER = logging.getLogger(__name__)

T = TypeVar("T")

#: Shown above buttons that came without any text, since Telegram needs a text to attach them to.
CHOOSE_TEXT = "Bitte wählen Sie:"
#: How often the "typing" action is repeated; Telegram shows it for about five seconds.
TYPING_INTERVAL = 4.0
#: Telegram's limit for a button's callback_data, in bytes.
MAX_CALLBACK_DATA = 64
#: Telegram's limit for an uploaded photo, in bytes.
MAX_PHOTO_BYTES = 10 * 1024 * 1024
#: Seconds to download an image from the assistant's chart server.
IMAGE_TIMEOUT = 10.0


class ChatUnreachable(Exception):
    """The chat cannot receive messages (the user blocked the bot, or the chat is gone)."""


@dataclass(frozen=True)
class RetryPolicy:
    """Bounds for retrying a Bot API call.

    Attributes:
        retries: Retries after a timeout or network error (a 5xx included).
        flood_waits: Retries after a 429; each waits the retry_after Telegram names.
        backoff: Seconds before the first network retry; doubled for each further one.
    """

    retries: int = 3
    flood_waits: int = 5
    backoff: float = 0.5


async def call_api(call: Callable[[], Awaitable[T]], policy: RetryPolicy, what: str) -> T:
    """Run the Bot API call ``call``, retrying within ``policy``.

    Raises:
        ChatUnreachable: on a 403 from the Bot API.
        BadRequest: at once, since sending the same request again cannot help.
        TelegramError: when the retries are used up.
    """
    network_failures = 0
    flood_waits = 0
    while True:
        try:
            return await call()
        except RetryAfter as exc:
            if flood_waits >= policy.flood_waits:
                raise
            flood_waits += 1
            wait = _seconds(exc.retry_after)
            _LOGGER.warning("Bot API flood control on %s: waiting %.1f s as told", what, wait)
            await asyncio.sleep(wait)
        except Forbidden as exc:
            raise ChatUnreachable(str(exc)) from exc
        except BadRequest:
            raise
        except NetworkError as exc:
            if network_failures >= policy.retries:
                raise
            wait = policy.backoff * 2**network_failures
            network_failures += 1
            _LOGGER.warning(
                "Bot API call %s failed (%s); retry %d of %d in %.1f s",
                what,
                exc,
                network_failures,
                policy.retries,
                wait,
            )
            await asyncio.sleep(wait)


def _seconds(retry_after: Union[int, float, timedelta]) -> float:
    """Seconds in a RetryAfter's ``retry_after``, which newer library versions give as timedelta."""
    if isinstance(retry_after, timedelta):
        return retry_after.total_seconds()
    return float(retry_after)


class PayloadStore:
    """Maps button payloads to callback data within Telegram's 64-byte limit.

    Short payloads travel as they are, so buttons keep working across restarts; longer ones are
    replaced by a key derived from the payload and kept in a bounded in-memory table.
    """

    PREFIX = "#p:"

    def __init__(self, capacity: int = 10_000) -> None:
        self._capacity = capacity
        self._payloads: "OrderedDict[str, str]" = OrderedDict()

    def encode(self, payload: str) -> str:
        """Return the callback data for ``payload``."""
        if len(payload.encode("utf-8")) <= MAX_CALLBACK_DATA and not payload.startswith(
            self.PREFIX
        ):
            return payload
        key = self.PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self._capacity:
            self._payloads.popitem(last=False)
        return key

    def decode(self, data: str) -> Optional[str]:
        """Return the payload for callback ``data``, or None if it has been forgotten."""
        if not data.startswith(self.PREFIX):
            return data
        return self._payloads.get(data)


def keyboard(buttons: Sequence[Button], payloads: PayloadStore) -> InlineKeyboardMarkup:
    """An inline keyboard with one button a row, since the assistant's titles are long."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(b.title, callback_data=payloads.encode(b.payload))] for b in buttons]
    )


@contextlib.asynccontextmanager
async def typing(bot: Bot, chat_id: int, interval: float = TYPING_INTERVAL) -> AsyncIterator[None]:
    """Show "typing" in the chat until the block ends."""

    async def keep_typing() -> None:
        while True:
            try:
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as exc:
                # Only cosmetic: the reply itself is what matters.
                _LOGGER.debug("sendChatAction failed for chat %s: %s", chat_id, exc)
            await asyncio.sleep(interval)

    task = asyncio.create_task(keep_typing())
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def send_text(
    bot: Bot,
    chat_id: int,
    text: str,
    policy: RetryPolicy,
    reply_markup: Optional[InlineKeyboardMarkup] = None,
) -> None:
    """Send ``text`` (light Markdown) as one or more messages; the keyboard goes on the last one.

    Raises:
        ChatUnreachable: if the chat cannot receive messages.
    """
    chunks = split_message(text) or [CHOOSE_TEXT]
    for index, chunk in enumerate(chunks):
        markup = reply_markup if index == len(chunks) - 1 else None
        await _send_chunk(bot, chat_id, chunk, markup, policy)


async def _send_chunk(
    bot: Bot,
    chat_id: int,
    chunk: str,
    markup: Optional[InlineKeyboardMarkup],
    policy: RetryPolicy,
) -> None:
    """Send one message-sized ``chunk`` as MarkdownV2, or as plain text if Telegram rejects that."""
    try:
        await call_api(
            lambda: bot.send_message(
                chat_id,
                to_markdown_v2(chunk),
                parse_mode=ParseMode.MARKDOWN_V2,
                reply_markup=markup,
            ),
            policy,
            "sendMessage",
        )
    except BadRequest as exc:
        if "can't parse entities" not in str(exc).lower():
            raise
        _LOGGER.warning("Telegram rejected a reply's Markdown (%s); sending plain text", exc)
        await call_api(
            lambda: bot.send_message(chat_id, to_plain(chunk), reply_markup=markup),
            policy,
            "sendMessage",
        )


async def fetch_image(url: str, timeout: float = IMAGE_TIMEOUT) -> Optional[bytes]:
    """The image at ``url``, or None (logged) if it is no http(s) URL, unreachable, no image or too large."""
    if not url.startswith(("http://", "https://")):
        _LOGGER.warning("Skipping an image that is no http(s) URL")
        return None
    try:
        async with httpx.AsyncClient(timeout=timeout) as client, client.stream("GET", url) as response:
            kind = response.headers.get("content-type", "")
            if response.status_code != 200 or not kind.startswith("image/"):
                _LOGGER.warning("Skipping the image at %s: HTTP %d, %s", url, response.status_code, kind or "no type")
                return None
            body = bytearray()
            async for chunk in response.aiter_bytes():
                body.extend(chunk)
                if len(body) > MAX_PHOTO_BYTES:
                    _LOGGER.warning("Skipping the image at %s: larger than %d bytes", url, MAX_PHOTO_BYTES)
                    return None
            return bytes(body)
    except httpx.HTTPError as exc:
        _LOGGER.warning("Skipping the image at %s: %s", url, exc.__class__.__name__)
        return None


async def send_photo(bot: Bot, chat_id: int, url: str, policy: RetryPolicy) -> None:
    """Download the image at ``url`` and upload it as a photo; send nothing if either fails.

    The bridge uploads the bytes because Telegram's servers cannot fetch the assistant's chart URLs,
    which usually point at a server on the same machine or network (localhost by default).

    Raises:
        ChatUnreachable: if the chat cannot receive messages.
    """
    photo = await fetch_image(url)
    if photo is None:
        return
    try:
        await call_api(lambda: bot.send_photo(chat_id, photo=photo), policy, "sendPhoto")
    except BadRequest as exc:
        _LOGGER.warning("Telegram refused an image as a photo (%s); sending nothing in its place", exc)


async def send_replies(
    bot: Bot, chat_id: int, replies: List[Reply], payloads: PayloadStore, policy: RetryPolicy
) -> None:
    """Deliver the assistant's replies to ``chat_id`` in order.

    A reply Telegram refuses or that fails after all retries is logged and skipped; if the chat
    cannot receive messages at all, the remaining replies are dropped.
    """
    for reply in replies:
        try:
            if reply.text or reply.buttons:
                markup = keyboard(reply.buttons, payloads) if reply.buttons else None
                await send_text(bot, chat_id, reply.text or CHOOSE_TEXT, policy, markup)
            if reply.image:
                await send_photo(bot, chat_id, reply.image, policy)
        except ChatUnreachable as exc:
            _LOGGER.warning("%s cannot receive messages (%s); reply dropped", chat_ref(chat_id), exc)
            return
        except TelegramError as exc:
            _LOGGER.error("Could not deliver a reply to %s: %s", chat_ref(chat_id), exc)
