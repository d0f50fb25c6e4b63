"""Load over Rasa's REST channel with asyncio and aiohttp: latency of one user, and many simulated users.

Every run is bounded twice, by the number of messages and by a deadline after which no new
message is sent; each request has its own timeout. Only loopback URLs are accepted.
"""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence
from urllib.parse import urlparse

import aiohttp

WEBHOOK = "/webhooks/rest/webhook"
REQUEST_TIMEOUT_SECONDS = 30.0
# Senders change after this many turns, as a new visitor would come: trackers stay conversation-sized.
TURNS_PER_CONVERSATION = 10


@dataclass
class Turn:
    """One message and what came back."""

    milliseconds: float
    status: Optional[int]
    texts: List[str]
    error: Optional[str] = None

    @property
    def failed(self) -> bool:
        return self.error is not None or self.status != 200

    @property
    def empty(self) -> bool:
        return not self.failed and not any(text.strip() for text in self.texts)


def _check_loopback(url: str) -> None:
    if urlparse(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load is only sent to loopback addresses, not {url}")


async def say(session: aiohttp.ClientSession, url: str, sender: str, message: str) -> Turn:
    """Sends one message and times it until the whole reply has arrived."""
    started = time.perf_counter()
    try:
        async with session.post(url + WEBHOOK, json={"sender": sender, "message": message}) as response:
            body = await response.json(content_type=None) if response.status == 200 else None
            status = response.status
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
        return Turn((time.perf_counter() - started) * 1000, None, [], f"{type(error).__name__}: {error}")
    texts = [str(m.get("text") or "") for m in body] if isinstance(body, list) else []
    return Turn((time.perf_counter() - started) * 1000, status, texts)


def percentile(sorted_values: Sequence[float], share: float) -> Optional[float]:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(share * len(sorted_values)))
    return round(sorted_values[rank - 1], 1)


def summarise(turns: List[Turn], seconds: float) -> Dict[str, object]:
    """Count, rate, p50/p95/p99 in milliseconds, errors and empty replies of a set of turns."""
    timings = sorted(t.milliseconds for t in turns if not t.failed)
    errors = [t.error or f"HTTP {t.status}" for t in turns if t.failed]
    return {
        "messages": len(turns),
        "seconds": round(seconds, 2),
        "messages_per_second": round(len(turns) / seconds, 1) if seconds > 0 else None,
        "p50_ms": percentile(timings, 0.50),
        "p95_ms": percentile(timings, 0.95),
        "p99_ms": percentile(timings, 0.99),
        "errors": len(errors),
        "empty_replies": sum(t.empty for t in turns),
        "first_errors": sorted(set(errors))[:3],
    }


def client_session(users: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=max(users, 1))
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS))


async def one_user(url: str, message: str, turns: int, sender: str) -> List[Turn]:
    """One user sending `message` again and again, one turn at a time."""
    _check_loopback(url)
    async with client_session(1) as session:
        return [
            await say(session, url, f"{sender}-{number // TURNS_PER_CONVERSATION}", message)
            for number in range(turns)
        ]


async def load(
    url: str, users: int, conversation: Sequence[str], conversations_per_user: int, time_limit: float, sender: str
) -> Dict[str, object]:
    """`users` simulated users at once, each holding `conversations_per_user` conversations one after another.

    A user sends its next message as soon as the previous reply has arrived. After `time_limit`
    seconds no user starts another message; the result says whether that cut the run short.
    """
    _check_loopback(url)
    turns: List[Turn] = []
    started = time.perf_counter()
    deadline = started + time_limit

    async def user(number: int, session: aiohttp.ClientSession) -> None:
        for conversation_number in range(conversations_per_user):
            for message in conversation:
                if time.perf_counter() > deadline:
                    return
                turns.append(await say(session, url, f"{sender}-{number}-{conversation_number}", message))

    async with client_session(users) as session:
        await asyncio.gather(*(user(number, session) for number in range(users)))
    seconds = time.perf_counter() - started
    result = summarise(turns, seconds)
    result.update(users=users, planned_messages=users * conversations_per_user * len(conversation),
                  cut_by_time_limit=len(turns) < users * conversations_per_user * len(conversation))
    return result
