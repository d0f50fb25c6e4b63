"""Session tokens the server issues to web visitors, and the conversation id each one stands for.

A token is a random value with its HMAC under SESSION_SECRET (or, where that is unset, a key made
at start, so that tokens end with the process). Only tokens the server issued are accepted; the
conversation id in the tracker store is a second HMAC of the token, so that knowing a conversation
id (from a log, the store or a trainer's report) does not give the token that opens it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from typing import Optional

TOKEN_BYTES = 18
SIGNATURE_CHARS = 32
SENDER_PREFIX = "web-"


def _key() -> bytes:
    return (os.environ.get("SESSION_SECRET") or _PROCESS_KEY).encode()


_PROCESS_KEY = secrets.token_hex(32)


def _signature(value: str, purpose: str) -> str:
    return hmac.new(_key(), f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:SIGNATURE_CHARS]


def issue() -> str:
    """A new session token."""
    value = secrets.token_urlsafe(TOKEN_BYTES)
    return f"{value}.{_signature(value, 'token')}"


def valid(token: Optional[object]) -> bool:
    """Whether `token` is one this server issued."""
    if not isinstance(token, str) or token.count(".") != 1:
        return False
    value, signature = token.split(".")
    return hmac.compare_digest(signature, _signature(value, "token"))


def sender_of(token: str) -> str:
    """The conversation id (Rasa sender id) of a valid token."""
    return SENDER_PREFIX + _signature(token, "sender")
