"""The Telegram bot: handlers, per-chat ordering and the application wiring."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Awaitable, Dict, List, Optional, cast

from telegram import Update
from telegram.error import InvalidToken, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from actions import answers
from actions.knowledge import KnowledgeBase, knowledge_base
from assistant.privacy_notice import privacy_notice

from .config import Config, ConfigError
from .delivery import (
    ChatUnreachable,
    PayloadStore,
    RetryPolicy,
    call_api,
    send_replies,
    send_text,
    typing,
)
from .logs import chat_ref, configure_logging
from .rasa_client import RasaClient, RasaTimeout, RasaUnavailable, Reply

_LOGGER = logging.getLogger(__name__)

#: Update kinds the bot asks Telegram for; everything else would only be ignored.
ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY]
COMMANDS = (
    "/start – Begrüßung und Datenschutz\n"
    "/hilfe – diese Übersicht\n"
    "/neu – das Gespräch neu beginnen\n"
    "/vergessen – alle gespeicherten Nachrichten dieses Gesprächs löschen"
)
NEW_TEXT = "Gut, wir beginnen von vorn. Was möchten Sie wissen?"
NON_TEXT_TEXT = (
    "Entschuldigung, ich verstehe nur Textnachrichten. Bitte schreiben Sie mir Ihre Frage."
)
UNKNOWN_COMMAND_TEXT = "Diesen Befehl kenne ich nicht. Mit /hilfe sehen Sie, wobei ich helfe."
NO_ANSWER_TEXT = (
    "Dazu habe ich leider keine Antwort. Mit /hilfe sehen Sie, wonach Sie mich fragen können."
)
EXPIRED_BUTTON_TEXT = (
    "Diese Auswahl ist nicht mehr verfügbar. Bitte stellen Sie Ihre Frage noch einmal."
)
UNAVAILABLE_TEXT = (
    "Entschuldigung, der Assistent ist gerade nicht erreichbar. Bitte versuchen Sie es in "
    "ein paar Minuten noch einmal."
)
SLOW_TEXT = (
    "Entschuldigung, die Antwort dauert gerade zu lange. Bitte versuchen Sie es gleich "
    "noch einmal."
)
RESTART_MESSAGE = "/restart"
#: Prefix of the sender ids the bridge gives Rasa: keyed hashes of chat ids, which no one can forge
#: over the public REST webhook without the key.
SENDER_PREFIX = "tg-"


def sender_id(chat_id: int, key: bytes) -> str:
    """The Rasa conversation id of a Telegram chat: a keyed hash, never the chat id itself."""
    return SENDER_PREFIX + hmac.new(key, str(chat_id).encode(), hashlib.sha256).hexdigest()[:32]


def start_text(kb: KnowledgeBase) -> str:
    """The /start text: greeting with the professions of the knowledge base, privacy notice, how to begin."""
    greeting = (
        f"Guten Tag! Ich beantworte Ihre Fragen zu den Berufen {answers.covered_professions(kb)} – Aufgaben, "
        "Gehalt und Arbeitsmarkt – und nenne dazu die Quellen aus den Fachartikeln."
    )
    outro = (
        f"Schreiben Sie einfach Ihre Frage, zum Beispiel: „{answers.example_question(kb)}“ Mit /hilfe sehen Sie "
        "alle Themen, mit /neu beginnen Sie von vorn, mit /vergessen löschen Sie Ihr Gespräch."
    )
    return f"{greeting}\n\n{privacy_notice()}\n\n{outro}"

#: The application type the bridge builds (default context, bot and data types).
BridgeApplication = Application[Any, Any, Any, Any, Any, Any]


@dataclass
class BridgeState:
    """What the handlers share, kept in ``application.bot_data``."""

    config: Config
    rasa: RasaClient
    policy: RetryPolicy
    payloads: PayloadStore = field(default_factory=PayloadStore)
    kb: KnowledgeBase = field(default_factory=knowledge_base)


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """Processes updates of different chats concurrently and those of one chat in order.

    The library's semaphore is sized far above ``limit`` so that it never makes an update
    wait; waiting happens here, on the chat's lock first (asyncio locks are first-come,
    first-served, so a chat's updates keep their order) and then on the shared limit.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(max_concurrent_updates=limit * 1000)
        self._limit = asyncio.BoundedSemaphore(limit)
        self._locks: Dict[int, asyncio.Lock] = {}
        self._waiting: "Counter[int]" = Counter()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Await ``coroutine`` once the update's chat is free and a slot is available."""
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._limit:
                await coroutine
            return
        lock = self._locks.setdefault(chat.id, asyncio.Lock())
        self._waiting[chat.id] += 1
        try:
            async with lock, self._limit:
                await coroutine
        finally:
            self._waiting[chat.id] -= 1
            if not self._waiting[chat.id]:
                del self._waiting[chat.id]
                del self._locks[chat.id]

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to free."""


def help_text(kb: KnowledgeBase) -> str:
    """The /hilfe text: the professions and topics of the knowledge base, an example and the commands."""
    intro = f"Ich kenne mich mit diesen Berufen aus: {answers.covered_professions(kb)}. Fragen Sie mich zum Beispiel zu diesen Themen:"
    topics = [f"• {topic.label}" for topic in kb.topics]
    return "\n".join([intro, *topics]) + f"\n\nBeispiel: „{answers.example_question(kb)}“\n\n{COMMANDS}"


def _state(context: ContextTypes.DEFAULT_TYPE) -> BridgeState:
    return cast(BridgeState, context.bot_data["bridge"])


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Send one of the bridge's own texts to the update's chat."""
    chat_id = cast(int, update.effective_chat and update.effective_chat.id)
    try:
        await send_text(context.bot, chat_id, text, _state(context).policy)
    except ChatUnreachable as exc:
        _LOGGER.warning("%s cannot receive messages (%s); reply dropped", chat_ref(chat_id), exc)
    except TelegramError as exc:
        _LOGGER.error("Could not deliver a reply to %s: %s", chat_ref(chat_id), exc)


async def _ask_rasa(
    update: Update, context: ContextTypes.DEFAULT_TYPE, message: str
) -> Optional[List[Reply]]:
    """Send ``message`` to Rasa for the update's chat; on failure apologise and return None."""
    state = _state(context)
    chat_id = cast(int, update.effective_chat and update.effective_chat.id)
    try:
        async with typing(context.bot, chat_id):
            return await state.rasa.send(sender=sender_id(chat_id, state.config.sender_secret), message=message)
    except RasaTimeout as exc:
        _LOGGER.warning("Rasa timed out: %s", exc)
        await _reply(update, context, SLOW_TEXT)
    except RasaUnavailable as exc:
        _LOGGER.warning("Rasa unavailable: %s", exc)
        await _reply(update, context, UNAVAILABLE_TEXT)
    return None


async def _converse(update: Update, context: ContextTypes.DEFAULT_TYPE, message: str) -> None:
    """Pass ``message`` to the assistant and deliver its answer."""
    replies = await _ask_rasa(update, context, message)
    if replies is None:
        return
    if not replies:
        await _reply(update, context, NO_ANSWER_TEXT)
        return
    state = _state(context)
    chat_id = cast(int, update.effective_chat and update.effective_chat.id)
    await send_replies(context.bot, chat_id, replies, state.payloads, state.policy)


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start: greet, say what the assistant knows and how messages are handled."""
    await _reply(update, context, start_text(_state(context).kb))


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/vergessen: delete every stored event of the chat's conversation and confirm it."""
    state = _state(context)
    chat_id = cast(int, update.effective_chat and update.effective_chat.id)
    try:
        replies = await state.rasa.forget(sender_id(chat_id, state.config.sender_secret))
    except RasaUnavailable as exc:
        _LOGGER.warning("Deleting a conversation failed: %s", exc)
        await _reply(update, context, UNAVAILABLE_TEXT)
        return
    await send_replies(context.bot, chat_id, replies, state.payloads, state.policy)


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hilfe: list the topics."""
    await _reply(update, context, help_text(_state(context).kb))


async def on_new(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/neu: restart the chat's conversation in Rasa."""
    replies = await _ask_rasa(update, context, RESTART_MESSAGE)
    if replies is None:
        return
    if replies:
        state = _state(context)
        chat_id = cast(int, update.effective_chat and update.effective_chat.id)
        await send_replies(context.bot, chat_id, replies, state.payloads, state.policy)
    else:
        await _reply(update, context, NEW_TEXT)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A text message: pass it to the assistant."""
    message = update.effective_message
    if message and message.text:
        await _converse(update, context, message.text)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button press: stop the client's spinner, then send the button's payload on."""
    query = update.callback_query
    if query is None:
        return
    state = _state(context)
    try:
        await call_api(query.answer, state.policy, "answerCallbackQuery")
    except (TelegramError, ChatUnreachable) as exc:
        _LOGGER.warning("Could not answer a button press: %s", exc)
    if update.effective_chat is None:
        return
    payload = state.payloads.decode(query.data or "")
    if not payload:
        await _reply(update, context, EXPIRED_BUTTON_TEXT)
        return
    await _converse(update, context, payload)


async def on_non_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, voice, files and other media: say that only text is understood."""
    await _reply(update, context, NON_TEXT_TEXT)


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bridge does not know."""
    await _reply(update, context, UNKNOWN_COMMAND_TEXT)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an error a handler raised; the bridge carries on with the next update."""
    update_id = update.update_id if isinstance(update, Update) else None
    _LOGGER.error("Error while handling update %s", update_id, exc_info=context.error)


async def _post_init(application: BridgeApplication) -> None:
    await cast(BridgeState, application.bot_data["bridge"]).rasa.start()


async def _post_shutdown(application: BridgeApplication) -> None:
    await cast(BridgeState, application.bot_data["bridge"]).rasa.close()


def build_application(config: Config) -> BridgeApplication:
    """Build the python-telegram-bot application with all handlers."""
    timeout = config.telegram_timeout
    application = (
        ApplicationBuilder()
        .token(config.token)
        .base_url(config.api_base_url)
        .concurrent_updates(PerChatUpdateProcessor(config.max_concurrent_updates))
        .connect_timeout(timeout)
        .read_timeout(timeout)
        .write_timeout(timeout)
        .pool_timeout(timeout)
        .get_updates_connect_timeout(timeout)
        .get_updates_read_timeout(timeout)
        .get_updates_write_timeout(timeout)
        .get_updates_pool_timeout(timeout)
        .job_queue(None)
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    application.bot_data["bridge"] = BridgeState(
        config=config,
        rasa=RasaClient(config.rasa_url, config.rasa_timeout),
        policy=RetryPolicy(retries=config.send_retries, flood_waits=config.flood_waits),
    )
    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(CommandHandler("start", on_start, filters=new_messages))
    application.add_handler(CommandHandler(["hilfe", "help"], on_help, filters=new_messages))
    application.add_handler(CommandHandler("neu", on_new, filters=new_messages))
    application.add_handler(CommandHandler("vergessen", on_forget, filters=new_messages))
    application.add_handler(MessageHandler(new_messages & filters.COMMAND, on_unknown_command))
    application.add_handler(MessageHandler(new_messages & filters.TEXT, on_text))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(
        MessageHandler(new_messages & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_non_text)
    )
    application.add_error_handler(on_error)
    return application


def main() -> int:
    """Run the bridge until SIGTERM or Ctrl-C; return the process exit code."""
    try:
        config = Config.from_env()
    except ConfigError as exc:
        print(f"telegram_bridge: {exc}", file=sys.stderr)
        return 2
    configure_logging([config.token, config.webhook_secret])
    application = build_application(config)
    try:
        if config.webhook_url:
            _LOGGER.info(
                "Webhook mode: listening on %s:%d, Rasa at %s",
                config.webhook_listen,
                config.webhook_port,
                config.rasa_url,
            )
            application.run_webhook(
                listen=config.webhook_listen,
                port=config.webhook_port,
                url_path=config.webhook_path,
                webhook_url=config.webhook_url,
                secret_token=config.webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            _LOGGER.info("Long polling mode, Rasa at %s", config.rasa_url)
            application.run_polling(
                timeout=config.poll_timeout, allowed_updates=ALLOWED_UPDATES
            )
    except InvalidToken:
        _LOGGER.error(
            "The Telegram Bot API rejected TELEGRAM_BOT_TOKEN. Check the token with @BotFather."
        )
        return 1
    except TelegramError as exc:
        _LOGGER.error("Could not start: the Telegram Bot API failed: %s", exc)
        return 1
    except Exception:  # noqa: BLE001 - the last line of defence: log redacted, exit non-zero
        _LOGGER.exception("The Telegram bridge stopped on an unexpected error")
        return 1
    _LOGGER.info("Telegram bridge stopped")
    return 0
