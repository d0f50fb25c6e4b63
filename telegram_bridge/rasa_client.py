"""Client for the assistant's Rasa REST channel."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, List, Optional

import httpx

_LOGGER = logging.getLogger(__name__)


class RasaUnavailable(Exception):
    """Rasa could not be reached or gave no usable answer."""


class RasaTimeout(RasaUnavailable):
    """Rasa did not answer within the configured timeout."""


@dataclass(frozen=True)
class Button:
    """A button offered by the assistant: the title to show and the payload to send back."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message of the assistant's answer, as the REST channel returns it."""

    text: Optional[str] = None
    buttons: List[Button] = field(default_factory=list)
    image: Optional[str] = None


class RasaClient:
    """Sends user messages to Rasa's REST channel and returns the assistant's replies.

    The underlying HTTP client is opened by :meth:`start` and closed by :meth:`close`.
    """

    def __init__(self, base_url: str, timeout: float) -> None:
        self._url = f"{base_url.rstrip('/')}/webhooks/rest/webhook"
        self._forget_url = f"{base_url.rstrip('/')}/webhooks/rest/forget"
        self._timeout = timeout
        self._client: Optional[httpx.AsyncClient] = None

    async def start(self) -> None:
        """Open the HTTP connection pool."""
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=self._timeout)

    async def close(self) -> None:
        """Close the HTTP connection pool."""
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def send(self, sender: str, message: str) -> List[Reply]:
        """Send ``message`` as ``sender`` and return the assistant's replies in order.

        Raises:
            RasaTimeout: if Rasa does not answer in time.
            RasaUnavailable: if Rasa cannot be reached or answers with an error.
        """
        return await self._post(self._url, sender, message)

    async def forget(self, sender: str) -> List[Reply]:
        """Have Rasa delete every stored event of ``sender``'s conversation; returns its confirmation."""
        return await self._post(self._forget_url, sender, "")

    async def _post(self, url: str, sender: str, message: str) -> List[Reply]:
        if self._client is None:
            await self.start()
        assert self._client is not None
        try:
            response = await self._client.post(
                url, json={"sender": sender, "message": message}
            )
        except httpx.TimeoutException as exc:
            raise RasaTimeout(f"Rasa did not answer within {self._timeout:g} s") from exc
        except httpx.HTTPError as exc:
            raise RasaUnavailable(f"Rasa is unreachable: {exc.__class__.__name__}") from exc
        if response.status_code != 200:
            raise RasaUnavailable(f"Rasa answered with HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError as exc:
            raise RasaUnavailable("Rasa answered with invalid JSON") from exc
        if not isinstance(body, list):
            raise RasaUnavailable("Rasa answered with something other than a list of messages")
        return [reply for reply in map(_parse_reply, body) if reply is not None]


def _parse_reply(item: Any) -> Optional[Reply]:
    """Turn one REST channel message into a :class:`Reply`; None for kinds Telegram can't show."""
    if not isinstance(item, dict):
        return None
    text = item.get("text") if isinstance(item.get("text"), str) else None
    image = item.get("image") if isinstance(item.get("image"), str) else None
    buttons = [
        Button(title=str(button["title"]), payload=str(button["payload"]))
        for button in item.get("buttons") or []
        if isinstance(button, dict) and button.get("title") and button.get("payload")
    ]
    if not (text or image or buttons):
        _LOGGER.debug("Skipping a reply Telegram cannot show: keys %s", sorted(item))
        return None
    return Reply(text=text, buttons=buttons, image=image)
