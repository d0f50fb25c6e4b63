"""A Telegram Bot API stand-in on 127.0.0.1 for testing the bridge without internet.

It serves the methods the bridge uses, checks what Telegram checks (the token, MarkdownV2
syntax, the 4,096-character limit, 64-byte callback data), records every call, lets a test
queue updates, and injects errors: 429 with retry_after, 5xx, 403 and timeouts.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, Tuple

from aiohttp import web

TEST_TOKEN = "123456789:AAHfakeTOKENfor-tests_0123456789abcdef"
BOT_USER = {
    "id": 123456789,
    "is_bot": True,
    "first_name": "Karriereberatung",
    "username": "karriere_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_RESERVED = set("_*[]()~`>#+-=|{}.!")


class MarkdownError(ValueError):
    """Text that Telegram would refuse with "can't parse entities"."""


def parse_markdown_v2(text: str) -> Tuple[str, List[Tuple[str, str]]]:
    """Parse Telegram MarkdownV2 as strictly as Telegram does.

    Returns:
        The text a reader sees and the entities as ``(type, covered text)`` pairs (a link's
        type is ``text_link:URL``).

    Raises:
        MarkdownError: on an unescaped reserved character or an unclosed entity.
    """
    out: List[str] = []
    entities: List[Tuple[str, str]] = []
    stack: List[Tuple[str, int]] = []
    i = 0
    at_line_start = True

    def toggle(kind: str) -> None:
        if stack and stack[-1][0] == kind:
            _, start = stack.pop()
            entities.append((kind, "".join(out[start:])))
        elif any(open_kind == kind for open_kind, _ in stack):
            raise MarkdownError(f"Can't parse entities: unclosed {stack[-1][0]} inside {kind}")
        else:
            stack.append((kind, len(out)))

    def read_until(closing: str, start: int) -> Tuple[str, int]:
        content: List[str] = []
        j = start
        while j < len(text):
            if text[j] == "\\" and j + 1 < len(text):
                content.append(text[j + 1])
                j += 2
            elif text.startswith(closing, j):
                return "".join(content), j + len(closing)
            else:
                content.append(text[j])
                j += 1
        raise MarkdownError(f"Can't parse entities: can't find end of the entity at offset {start}")

    while i < len(text):
        char = text[i]
        if char == "\\":
            if i + 1 >= len(text) or not 1 <= ord(text[i + 1]) <= 126:
                raise MarkdownError("Can't parse entities: wrong escape at the end of the text")
            out.append(text[i + 1])
            i += 2
        elif char == "`":
            fence = "```" if text.startswith("```", i) else "`"
            content, i = read_until(fence, i + len(fence))
            entities.append(("pre" if fence == "```" else "code", content))
            out.append(content)
        elif char == "[":
            stack.append(("link", len(out)))
            i += 1
        elif char == "]":
            if not stack or stack[-1][0] != "link" or not text.startswith("(", i + 1):
                raise MarkdownError("Can't parse entities: character ']' is reserved")
            url, i = read_until(")", i + 2)
            _, start = stack.pop()
            entities.append((f"text_link:{url}", "".join(out[start:])))
        elif char in "*~":
            toggle({"*": "bold", "~": "strikethrough"}[char])
            i += 1
        elif char == "_":
            if text.startswith("__", i):
                toggle("underline")
                i += 2
            else:
                toggle("italic")
                i += 1
        elif char == "|" and text.startswith("||", i):
            toggle("spoiler")
            i += 2
        elif char == ">" and at_line_start:
            i += 1
        elif char in _RESERVED:
            raise MarkdownError(
                f"Can't parse entities: character '{char}' is reserved and must be escaped "
                "with the preceding '\\'"
            )
        else:
            out.append(char)
            i += 1
        at_line_start = char == "\n"
    if stack:
        raise MarkdownError(f"Can't parse entities: can't find end of {stack[-1][0]} entity")
    return "".join(out), entities


def utf16_length(text: str) -> int:
    """Length as Telegram counts it."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class ApiCall:
    """One request the bridge made.

    Attributes:
        method: Bot API method name.
        params: The request's parameters, JSON values decoded.
        status: HTTP status answered; None if the request was swallowed (timeout injection).
        at: ``time.monotonic()`` when the request arrived.
        result: The ``result`` answered on success.
    """

    method: str
    params: Dict[str, Any]
    status: Optional[int] = None
    at: float = 0.0
    result: Any = None

    @property
    def chat_id(self) -> Optional[int]:
        """The call's chat, if it has one."""
        value = self.params.get("chat_id")
        return int(value) if value is not None else None


@dataclass
class SentMessage:
    """A message the bridge delivered (sendMessage or sendPhoto answered with 200)."""

    chat_id: int
    kind: str
    raw: str
    text: str
    entities: List[Tuple[str, str]]
    parse_mode: Optional[str]
    reply_markup: Optional[Dict[str, Any]]
    message_id: int
    photo: Optional[bytes] = None

    @property
    def buttons(self) -> List[Tuple[str, str]]:
        """``(text, callback_data)`` of the inline keyboard, row by row."""
        rows = (self.reply_markup or {}).get("inline_keyboard", [])
        return [(button["text"], button.get("callback_data", "")) for row in rows for button in row]


@dataclass
class _Rule:
    method: str
    status: int
    times: int
    retry_after: Optional[int] = None
    description: Optional[str] = None
    delay: float = 0.0
    chat_id: Optional[int] = None


@dataclass
class FakeBotApi:
    """The fake Bot API server. Use as ``async with FakeBotApi() as api:``."""

    token: str = TEST_TOKEN
    calls: List[ApiCall] = field(default_factory=list)
    webhook: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._updates: List[Dict[str, Any]] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._callback_ids = itertools.count(1)
        self._open_callbacks: set = set()
        self._rules: List[_Rule] = []
        self._changed: Optional[asyncio.Condition] = None
        self._runner: Optional[web.AppRunner] = None
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------

    async def __aenter__(self) -> "FakeBotApi":
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        app.router.add_get("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.5, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._runner is not None
        await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """The URL to give python-telegram-bot as ``base_url`` (the token is appended to it)."""
        return f"http://127.0.0.1:{self.port}/bot"

    # -- queueing updates ------------------------------------------------------------------

    def queue_update(self, update: Dict[str, Any]) -> int:
        """Queue a raw update (its ``update_id`` is set here) and return its id."""
        update_id = next(self._update_ids)
        self._updates.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def make_message(self, chat_id: int, **content: Any) -> Dict[str, Any]:
        """A private-chat message from user ``chat_id`` with ``content`` (text, sticker, ...)."""
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test", "language_code": "de"},
            **content,
        }

    def queue_text(self, chat_id: int, text: str) -> int:
        """Queue a text message; a leading ``/word`` is marked as a bot command."""
        content: Dict[str, Any] = {"text": text}
        if text.startswith("/"):
            length = len(text.split()[0])
            content["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.queue_update({"message": self.make_message(chat_id, **content)})

    def queue_sticker(self, chat_id: int) -> int:
        """Queue a sticker message."""
        sticker = {
            "file_id": "sticker1", "file_unique_id": "s1", "width": 512, "height": 512,
            "is_animated": False, "is_video": False, "type": "regular",
        }
        return self.queue_update({"message": self.make_message(chat_id, sticker=sticker)})

    def queue_voice(self, chat_id: int) -> int:
        """Queue a voice message."""
        voice = {"file_id": "voice1", "file_unique_id": "v1", "duration": 3}
        return self.queue_update({"message": self.make_message(chat_id, voice=voice)})

    def queue_document(self, chat_id: int) -> int:
        """Queue a file."""
        document = {"file_id": "doc1", "file_unique_id": "d1", "file_name": "lebenslauf.pdf"}
        return self.queue_update({"message": self.make_message(chat_id, document=document)})

    def queue_callback(self, chat_id: int, data: str, message_id: int = 1) -> str:
        """Queue a button press on message ``message_id``; returns the callback query id."""
        query_id = f"cq{next(self._callback_ids)}"
        self._open_callbacks.add(query_id)
        message = self.make_message(chat_id, text="…")
        message["message_id"] = message_id
        message["from"] = BOT_USER
        query = {
            "id": query_id,
            "from": {"id": chat_id, "is_bot": False, "first_name": "Test"},
            "chat_instance": f"ci{chat_id}",
            "message": message,
            "data": data,
        }
        self.queue_update({"callback_query": query})
        return query_id

    # -- fault injection -------------------------------------------------------------------

    def fail(
        self,
        method: str,
        status: int,
        *,
        times: int = 1,
        retry_after: Optional[int] = None,
        description: Optional[str] = None,
        chat_id: Optional[int] = None,
    ) -> None:
        """Fail the next ``times`` calls of ``method`` (to ``chat_id`` if given) with ``status``."""
        self._rules.append(_Rule(method, status, times, retry_after, description, 0.0, chat_id))

    def stall(self, method: str, seconds: float, *, times: int = 1) -> None:
        """Hold the next ``times`` calls of ``method`` for ``seconds``, then drop them."""
        self._rules.append(_Rule(method, 0, times, delay=seconds))

    # -- inspection ------------------------------------------------------------------------

    def calls_of(self, method: str, chat_id: Optional[int] = None) -> List[ApiCall]:
        """Recorded calls of ``method``, for ``chat_id`` if given."""
        return [
            call
            for call in self.calls
            if call.method == method and (chat_id is None or call.chat_id == chat_id)
        ]

    def sent(self, chat_id: Optional[int] = None) -> List[SentMessage]:
        """Messages delivered (answered with 200), in order, for ``chat_id`` if given."""
        messages = []
        for call in self.calls:
            if call.status != 200 or call.method not in ("sendMessage", "sendPhoto"):
                continue
            if chat_id is not None and call.chat_id != chat_id:
                continue
            photo = call.params.get("photo")
            raw = call.params.get("text") or (photo if isinstance(photo, str) else "") or ""
            parse_mode = call.params.get("parse_mode")
            text, entities = (
                parse_markdown_v2(raw) if parse_mode == "MarkdownV2" else (raw, [])
            )
            messages.append(
                SentMessage(
                    chat_id=int(call.params["chat_id"]),
                    kind="photo" if call.method == "sendPhoto" else "text",
                    raw=raw,
                    text=text,
                    entities=entities,
                    parse_mode=parse_mode,
                    reply_markup=call.params.get("reply_markup"),
                    message_id=call.result["message_id"],
                    photo=photo if isinstance(photo, bytes) else None,
                )
            )
        return messages

    def texts(self, chat_id: int) -> List[str]:
        """The plain texts delivered to ``chat_id``, in order."""
        return [message.text for message in self.sent(chat_id)]

    async def wait_for(
        self, predicate: Callable[[], bool], timeout: float = 10.0, what: str = "condition"
    ) -> None:
        """Wait until ``predicate()`` holds after a call, failing the test after ``timeout`` s."""
        assert self._changed is not None

        async def waiter() -> None:
            async with self._changed:  # type: ignore[union-attr]
                await self._changed.wait_for(predicate)  # type: ignore[union-attr]

        try:
            await asyncio.wait_for(waiter(), timeout)
        except asyncio.TimeoutError:
            methods = [(call.method, call.status) for call in self.calls[-15:]]
            raise AssertionError(f"timed out waiting for {what}; last calls: {methods}") from None

    async def wait_for_messages(self, chat_id: int, count: int, timeout: float = 10.0) -> List[str]:
        """Wait until ``count`` messages reached ``chat_id`` and return their texts."""
        await self.wait_for(
            lambda: len(self.sent(chat_id)) >= count, timeout, f"{count} messages to {chat_id}"
        )
        return self.texts(chat_id)

    # -- serving ---------------------------------------------------------------------------

    def _notify(self) -> None:
        async def notify() -> None:
            async with self._changed:  # type: ignore[union-attr]
                self._changed.notify_all()  # type: ignore[union-attr]

        asyncio.get_running_loop().create_task(notify())

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = ApiCall(method=method, params=await _read_params(request), at=time.monotonic())
        self.calls.append(call)
        try:
            if request.match_info["token"] != self.token:
                return self._error(call, 401, "Unauthorized")
            rule = self._take_rule(call)
            if rule is not None:
                if rule.delay:
                    await asyncio.sleep(rule.delay)
                    return self._error(call, 504, "Gateway Timeout", swallowed=True)
                description = rule.description or {
                    429: "Too Many Requests: retry after {}".format(rule.retry_after),
                    403: "Forbidden: bot was blocked by the user",
                    500: "Internal Server Error",
                }.get(rule.status, "Error")
                parameters = {"retry_after": rule.retry_after} if rule.retry_after else None
                return self._error(call, rule.status, description, parameters)
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                return self._error(call, 404, "Not Found: method not found")
            try:
                result = await handler(call.params)
            except _ApiError as exc:
                return self._error(call, exc.status, exc.description)
            call.status, call.result = 200, result
            return web.json_response({"ok": True, "result": result})
        finally:
            self._notify()

    def _take_rule(self, call: ApiCall) -> Optional[_Rule]:
        for rule in self._rules:
            if rule.method == call.method and rule.times > 0:
                if rule.chat_id is not None and rule.chat_id != call.chat_id:
                    continue
                rule.times -= 1
                return rule
        return None

    @staticmethod
    def _error(
        call: ApiCall,
        status: int,
        description: str,
        parameters: Optional[Dict[str, Any]] = None,
        swallowed: bool = False,
    ) -> web.Response:
        call.status = None if swallowed else status
        body: Dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    def _message_result(self, chat_id: int, **content: Any) -> Dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": "Test"},
            "from": BOT_USER,
            **content,
        }

    async def _api_getMe(self, params: Dict[str, Any]) -> Any:
        return BOT_USER

    async def _api_getUpdates(self, params: Dict[str, Any]) -> Any:
        if self.webhook.get("url"):
            raise _ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 5.0)
        limit = int(params.get("limit") or 100)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]

        def pending() -> List[Dict[str, Any]]:
            return [u for u in self._updates if u["update_id"] >= offset][:limit]

        if not pending() and timeout > 0:
            assert self._changed is not None
            try:
                async with self._changed:
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(pending())), timeout)
            except asyncio.TimeoutError:
                pass
        return pending()

    async def _api_sendMessage(self, params: Dict[str, Any]) -> Any:
        chat_id = _chat_id(params)
        raw = str(params.get("text") or "")
        text = raw
        if params.get("parse_mode") == "MarkdownV2":
            try:
                text, _ = parse_markdown_v2(raw)
            except MarkdownError as exc:
                raise _ApiError(400, f"Bad Request: {exc}") from None
        if not text.strip():
            raise _ApiError(400, "Bad Request: message text is empty")
        if utf16_length(text) > 4096:
            raise _ApiError(400, "Bad Request: message is too long")
        _check_markup(params.get("reply_markup"))
        return self._message_result(chat_id, text=text)

    async def _api_sendPhoto(self, params: Dict[str, Any]) -> Any:
        chat_id = _chat_id(params)
        photo = params.get("photo") or ""
        if isinstance(photo, bytes):
            if not photo.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")):
                raise _ApiError(400, "Bad Request: IMAGE_PROCESS_FAILED")
        elif not str(photo).startswith(("http://", "https://")):
            raise _ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified")
        size = {"file_id": "photo1", "file_unique_id": "p1", "width": 800, "height": 600}
        return self._message_result(chat_id, photo=[size])

    async def _api_sendChatAction(self, params: Dict[str, Any]) -> Any:
        _chat_id(params)
        return True

    async def _api_answerCallbackQuery(self, params: Dict[str, Any]) -> Any:
        query_id = params.get("callback_query_id")
        if query_id not in self._open_callbacks:
            raise _ApiError(400, "Bad Request: query is too old and response timeout expired")
        self._open_callbacks.discard(query_id)
        return True

    async def _api_setWebhook(self, params: Dict[str, Any]) -> Any:
        self.webhook = {"url": params.get("url", ""), "secret_token": params.get("secret_token")}
        return True

    async def _api_deleteWebhook(self, params: Dict[str, Any]) -> Any:
        self.webhook = {}
        return True

    async def _api_getWebhookInfo(self, params: Dict[str, Any]) -> Any:
        return {
            "url": self.webhook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }


class _ApiError(Exception):
    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.description = description


def _chat_id(params: Dict[str, Any]) -> int:
    try:
        return int(params["chat_id"])
    except (KeyError, TypeError, ValueError):
        raise _ApiError(400, "Bad Request: chat not found") from None


def _check_markup(markup: Any) -> None:
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                raise _ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


_JSON_FIELDS = {"reply_markup", "allowed_updates", "entities"}


async def _read_params(request: web.Request) -> Dict[str, Any]:
    """Parameters from a query string, a JSON body or a form, as the Bot API accepts them."""
    params: Dict[str, Any] = dict(request.query)
    if request.content_type == "application/json":
        params.update(await request.json())
    elif request.can_read_body:
        form = await request.post()
        # An uploaded file (a photo sent as bytes) arrives as a file field; keep its bytes.
        params.update({key: value if isinstance(value, str) else value.file.read() for key, value in form.items()})
    for key in _JSON_FIELDS & params.keys():
        if isinstance(params[key], str):
            params[key] = json.loads(params[key])
    return params
