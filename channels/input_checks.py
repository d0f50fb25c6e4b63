"""What every channel does to a visitor's message before Rasa sees it: clean, limit, check payloads, rate-limit.

- Control characters and invisible or direction-changing Unicode (categories Cc, Cf, Co, Cs, Cn) are
  removed, so they reach neither the tracker store nor the trainers' files; line breaks and tabs
  become spaces.
- A message longer than MAX_MESSAGE_LENGTH characters is not processed; the visitor is told why.
- A typed `/intent{...}` is passed on as a payload only if it is one the assistant's own buttons
  send: an intent of domain.yml with entities whose values the knowledge base knows. Anything else,
  `/restart` included, loses its leading slash and is understood as plain text.
- RATE_LIMIT_PER_SENDER and RATE_LIMIT_PER_ADDRESS messages per minute; beyond, a German reply.
"""

from __future__ import annotations

import json
import os
import re
import time
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Deque, Dict, FrozenSet, Optional

import yaml

from actions.knowledge import knowledge_base

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "domain.yml"
MAX_MESSAGE_LENGTH = 1000
TOO_LONG = (
    f"Ihre Nachricht ist zu lang: Ich kann höchstens {MAX_MESSAGE_LENGTH} Zeichen auf einmal lesen. "
    "Bitte stellen Sie Ihre Frage kürzer."
)
TOO_MANY = "Sie haben gerade sehr viele Nachrichten geschickt. Bitte warten Sie eine Minute, dann antworte ich wieder."
REMOVED_CATEGORIES = {"Cc", "Cf", "Co", "Cs", "Cn"}
SPACES = {"\n", "\r", "\t"}
# Rasa's default intent for unclear text: sending it has the same effect as typing anything unclear.
FALLBACK_INTENT = "nlu_fallback"
PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.DOTALL)
# Places the articles do not name get an honest "no figures for that place", so a place is checked for shape only.
PLACE = re.compile(r"^[^\W\d_](?:[^\W\d_]|[ .'-]){0,59}$")
WINDOW_SECONDS = 60.0
MAX_TRACKED_KEYS = 10_000


def clean(text: str) -> str:
    """The text without control, format (invisible, bidi), private-use or unassigned characters."""
    kept = (" " if char in SPACES else char for char in text)
    return "".join(char for char in kept if unicodedata.category(char) not in REMOVED_CATEGORIES).strip()


@lru_cache(maxsize=1)
def _accepted_intents() -> FrozenSet[str]:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8")) or {}
    names = {next(iter(i)) if isinstance(i, dict) else str(i) for i in domain.get("intents", [])}
    return frozenset(names | {FALLBACK_INTENT})


@lru_cache(maxsize=1)
def _entity_values() -> Dict[str, FrozenSet[str]]:
    kb = knowledge_base()
    return {
        "profession": frozenset(p.key for p in kb.professions),
        "level": frozenset(t.key for t in kb.levels),
        "period": frozenset(t.key for t in kb.periods),
        "employer_type": frozenset(t.key for t in kb.employer_types),
    }


def _known_entity(name: object, value: object) -> bool:
    if not isinstance(name, str) or not isinstance(value, str):
        return False
    if name == "place":
        return bool(PLACE.match(value))
    return value in _entity_values().get(name, frozenset())


def is_button_payload(text: str) -> bool:
    """Whether `text` is a payload the assistant's own buttons could have sent."""
    match = PAYLOAD.match(text)
    if not match or match.group("intent") not in _accepted_intents():
        return False
    if match.group("entities") is None:
        return True
    try:
        entities = json.loads(match.group("entities"))
    except ValueError:
        return False
    return isinstance(entities, dict) and all(_known_entity(name, value) for name, value in entities.items())


def as_plain_text(text: str) -> str:
    """The message as Rasa should read it: a button payload as it is, any other leading slash removed."""
    if text.startswith("/") and not is_button_payload(text):
        return text.lstrip("/ ")
    return text


@dataclass
class RateLimiter:
    """At most `limit` events per key in any `WINDOW_SECONDS`."""

    limit: int
    _seen: Dict[str, Deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def allow(self, key: str) -> bool:
        """Counts one event for `key`; False if the key already had `limit` in the window."""
        now = time.monotonic()
        if len(self._seen) > MAX_TRACKED_KEYS:
            self._forget_idle(now)
        seen = self._seen[key]
        while seen and now - seen[0] > WINDOW_SECONDS:
            seen.popleft()
        if len(seen) >= self.limit:
            return False
        seen.append(now)
        return True

    def _forget_idle(self, now: float) -> None:
        """Drops the keys with no event in the window, so that memory stays bounded."""
        for key in [key for key, seen in self._seen.items() if not seen or now - seen[-1] > WINDOW_SECONDS]:
            del self._seen[key]


@dataclass
class InputChecks:
    """The checks of one channel, with its own rate limits."""

    per_sender: RateLimiter = field(default_factory=lambda: RateLimiter(int(os.environ.get("RATE_LIMIT_PER_SENDER", "30"))))
    per_address: RateLimiter = field(default_factory=lambda: RateLimiter(int(os.environ.get("RATE_LIMIT_PER_ADDRESS", "300"))))

    def refusal(self, text: str, sender: str, address: Optional[str]) -> Optional[str]:
        """The German reply that refuses the message, or None if it may go to Rasa."""
        if len(text) > MAX_MESSAGE_LENGTH:
            return TOO_LONG
        if not self.per_sender.allow(sender) or (address is not None and not self.per_address.allow(address)):
            return TOO_MANY
        return None
