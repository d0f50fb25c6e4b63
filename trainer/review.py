"""Reads the conversations in the tracker store and writes what a trainer should look at.

    python -m trainer.review [--since 2026-11-01] [--until 2026-11-30] [--threshold 0.7]
                             [--conversation HASH ...] [--endpoints endpoints.yml] [--out results/review]

Writes into --out (under results/, which git ignores):
  nlu_suggestions.yml  every user message with an intent confidence under the threshold, a fallback
                       or a 👎, in Rasa's NLU format under the suggested intent, to correct and merge
                       into data/nlu.yml;
  test_stories.yml     the chosen conversations (by default those with such a message) as end-to-end
                       test stories for tests/;
  report.md, report.html, messages_per_day.png  the overview.

Messages in nlu_suggestions.yml and test_stories.yml, whose contents trainers commit, pass
trainer/scrub.py (e-mail addresses, phone numbers, IBANs, web addresses, invisible characters);
the report shows them as stored (without invisible characters), for the trainer's eyes only.

The tracker store (a `type: SQL` tracker_store in endpoints.yml) is only read; a SQLite file is
opened read-only. Sender ids never appear in the output: each is replaced by a keyed hash, with the
key from REVIEW_HASH_KEY or, where that is unset, from .review_hash_key (made on first use).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import os
import secrets
import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

from trainer import report
from channels.input_checks import clean
from trainer.scrub import scrub

ROOT = Path(__file__).resolve().parent.parent
KEY_FILE = ROOT / ".review_hash_key"
DEFAULT_THRESHOLD = 0.7
DEFAULT_DAYS = 30
MAX_STORIES = 20
FIRST_TO_LOOK_AT = 15

FALLBACK_INTENT = "nlu_fallback"
HELPFUL = "feedback_helpful"
UNHELPFUL = "feedback_unhelpful"
# After an unclear message this action offers the likeliest topics as buttons (actions/actions.py).
CLARIFY_ACTION = "action_clarify"
# Button answers to its question that do not confirm any guess.
NOT_A_CONFIRMATION = {"ask_capabilities", "out_of_scope", FALLBACK_INTENT, HELPFUL, UNHELPFUL}


class ReviewError(Exception):
    """A problem with the input that the trainer can fix; its text says how."""


@dataclass(frozen=True)
class Period:
    """The days under review, both inclusive, in UTC."""

    first: date
    last: date

    def contains(self, timestamp: float) -> bool:
        return self.first <= day_of(timestamp) <= self.last


@dataclass
class Turn:
    """One user message with what the NLU made of it and what the trainer should know about it."""

    conversation: str
    timestamp: float
    text: str
    intent: Optional[str]
    guesses: List[Tuple[str, float]]
    entities: List[Dict[str, Any]]
    unhelpful: bool = False
    confirmed_intent: Optional[str] = None

    @property
    def is_button(self) -> bool:
        """Whether the text is a button payload ("/inform{...}") rather than typed words."""
        return self.text.startswith("/")

    @property
    def confidence(self) -> float:
        return self.guesses[0][1] if self.guesses else 0.0

    @property
    def suggested_intent(self) -> str:
        """The intent the user confirmed by button, else the NLU's best guess other than the fallback."""
        return self.confirmed_intent or (self.guesses[0][0] if self.guesses else FALLBACK_INTENT)

    def reasons(self, threshold: float) -> List[str]:
        """Why a trainer should look at this message (empty if there is no reason)."""
        if self.is_button or self.intent in (HELPFUL, UNHELPFUL):
            return []
        found = []
        if self.unhelpful:
            found.append("👎")
        if self.intent == FALLBACK_INTENT:
            found.append("Fallback")
        if self.confidence < threshold:
            found.append(f"Konfidenz {self.confidence:.2f}")
        return found


@dataclass
class Conversation:
    """One sender's conversation sessions (Rasa trackers) and user turns, known only by a hash."""

    key: str
    sessions: List[Any] = field(default_factory=list)
    turns: List[Turn] = field(default_factory=list)


def day_of(timestamp: float) -> date:
    return datetime.fromtimestamp(timestamp, tz=timezone.utc).date()


def hash_key(key_file: Path = KEY_FILE) -> bytes:
    """The secret that keys the sender hashes: REVIEW_HASH_KEY, or a random key kept in `key_file`."""
    from_environment = os.environ.get("REVIEW_HASH_KEY")
    if from_environment:
        return from_environment.encode()
    if not key_file.exists():
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    return key_file.read_bytes().strip()


def hash_sender(sender_id: str, key: bytes) -> str:
    """A short keyed hash of a sender id: stable for one key, not reversible without it."""
    return hmac.new(key, sender_id.encode(), hashlib.sha256).hexdigest()[:12]


def open_tracker_store(endpoints: Path, domain: Any) -> Any:
    """Rasa's SQL tracker store as configured in `endpoints`; a SQLite file is opened read-only."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.utils.endpoints import read_endpoint_config

    # endpoints.yml names the action server's secret; the review calls no action, so an unset one is empty.
    os.environ.setdefault("ACTION_SERVER_TOKEN", "")
    config = read_endpoint_config(str(endpoints), "tracker_store")
    if config is None or config.type != "SQL":
        found = "keinen tracker_store" if config is None else f"tracker_store vom Typ {config.type!r}"
        raise ReviewError(f"{endpoints} nennt {found}; die Durchsicht liest nur einen tracker_store mit type: SQL.")
    kwargs = dict(config.kwargs)
    if kwargs.get("dialect", "sqlite") == "sqlite" and not (config.url and "://" in config.url):
        database = Path(kwargs.get("db", "rasa.db"))
        if not database.is_file():
            raise ReviewError(f"Keine Tracker-Datenbank unter {database.resolve()} (aus {endpoints}).")
        # A file URI with mode=ro: SQLite itself refuses every write.
        kwargs.update(db=database.resolve().as_uri(), query={**(kwargs.get("query") or {}), "mode": "ro", "uri": "true"})
    return SQLTrackerStore(domain=domain, host=config.url, **kwargs)


def _guesses(parse_data: Dict[str, Any]) -> List[Tuple[str, float]]:
    ranking = parse_data.get("intent_ranking") or [parse_data.get("intent") or {}]
    return [
        (entry["name"], float(entry.get("confidence") or 0.0))
        for entry in ranking
        if entry.get("name") and entry["name"] != FALLBACK_INTENT
    ]


def turns_of(session: Any, conversation: str) -> List[Turn]:
    """The user turns of one session, with 👎 and the fallback's button confirmations marked on the turn they concern."""
    from rasa.shared.core.events import ActionExecuted, UserUttered

    turns: List[Turn] = []
    awaiting_confirmation: Optional[Turn] = None
    for event in session.events:
        if isinstance(event, ActionExecuted) and event.action_name == CLARIFY_ACTION and turns and not turns[-1].is_button:
            awaiting_confirmation = turns[-1]
        if not isinstance(event, UserUttered):
            continue
        turn = Turn(
            conversation=conversation,
            timestamp=event.timestamp,
            text=event.text or "",
            intent=event.intent_name,
            guesses=_guesses(event.parse_data or {}),
            entities=[dict(e) for e in event.entities],
        )
        if awaiting_confirmation is not None and turn.is_button and turn.intent not in NOT_A_CONFIRMATION:
            awaiting_confirmation.confirmed_intent = turn.intent
        awaiting_confirmation = None
        if turn.intent == UNHELPFUL:
            rated = next((t for t in reversed(turns) if not t.is_button and t.intent not in (HELPFUL, UNHELPFUL)), None)
            if rated is not None:
                rated.unhelpful = True
        turns.append(turn)
    return turns


async def read_conversations(store: Any, key: bytes) -> List[Conversation]:
    """Every conversation in the store, split into sessions, with sender ids replaced by their hashes."""
    from rasa.shared.core.trackers import get_trackers_for_conversation_sessions

    conversations = []
    for sender_id in sorted(await store.keys()):
        tracker = await store.retrieve_full_tracker(sender_id)
        if tracker is None:
            continue
        conversation = Conversation(hash_sender(sender_id, key))
        for session in get_trackers_for_conversation_sessions(tracker):
            session.sender_id = conversation.key
            conversation.sessions.append(session)
            conversation.turns.extend(turns_of(session, conversation.key))
        conversations.append(conversation)
    return conversations


def flagged_turns(conversations: Sequence[Conversation], period: Period, threshold: float) -> List[Turn]:
    """The messages to look at, 👎 first, then fallbacks, then by rising confidence."""
    found = [
        t for c in conversations for t in c.turns
        if period.contains(t.timestamp) and t.reasons(threshold)
    ]
    return sorted(found, key=lambda t: (not t.unhelpful, t.intent != FALLBACK_INTENT, t.confidence))


def _annotatable(entities: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """Entities with a position in the text and no overlap, which the NLU format can mark up."""
    kept: List[Dict[str, Any]] = []
    for entity in sorted((e for e in entities if "start" in e and "end" in e), key=lambda e: e["start"]):
        if not kept or entity["start"] >= kept[-1]["end"]:
            kept.append({k: entity[k] for k in ("start", "end", "entity", "value") if k in entity})
    return kept


def nlu_suggestions(turns: Sequence[Turn]) -> str:
    """The messages as Rasa NLU YAML, one block per suggested intent, with the entities the NLU found."""
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.message import Message
    from rasa.shared.nlu.training_data.training_data import TrainingData

    seen: Set[Tuple[str, str]] = set()
    messages = []
    for turn in sorted(turns, key=lambda t: t.suggested_intent):
        text = " ".join(scrub(turn.text).split())
        if not text or (turn.suggested_intent, text.casefold()) in seen:
            continue
        seen.add((turn.suggested_intent, text.casefold()))
        entities = _annotatable(turn.entities) if text == turn.text else []
        messages.append(Message(data={"text": text, "intent": turn.suggested_intent, "entities": entities}))
    header = (
        "# Vorschläge aus der Durchsicht: Intent prüfen und korrigieren, Entitäten ergänzen,\n"
        "# dann die Beispiele in data/nlu.yml übernehmen (docs/TRAINING.md).\n"
    )
    if not messages:
        return header + 'version: "3.1"\nnlu: []\n'
    return header + RasaYAMLWriter().dumps(TrainingData(training_examples=messages))


def scrubbed(event: Any) -> Any:
    """A user message with personal data removed (its entity positions go where the text changed); other events as they are."""
    from rasa.shared.core.events import UserUttered

    if not isinstance(event, UserUttered) or event.text is None or scrub(event.text) == event.text:
        return event
    return UserUttered(scrub(event.text), event.intent, [], timestamp=event.timestamp)


def conversation_stories(conversations: Sequence[Conversation], chosen: Set[str], period: Period) -> str:
    """The chosen conversations' sessions within the period as end-to-end test stories (Rasa's own writer)."""
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter
    from rasa.shared.core.training_data.structures import Story

    steps = []
    for conversation in conversations:
        if conversation.key not in chosen:
            continue
        for number, session in enumerate(conversation.sessions, 1):
            if any(isinstance(e, UserUttered) and period.contains(e.timestamp) for e in session.events):
                name = f"Gespräch {conversation.key}, Sitzung {number}"
                steps += Story.from_events([scrubbed(e) for e in session.events], name).story_steps
    if not steps:
        return 'version: "3.1"\nstories: []\n'
    return YAMLStoryWriter().dumps(steps, is_test_story=True)


def _confusions(turns: Sequence[Turn], threshold: float) -> List[Tuple[str, int]]:
    """The pairs of intents the NLU hesitated between, and guesses that users corrected by button."""
    pairs: Counter = Counter()
    for turn in turns:
        if turn.confirmed_intent and turn.guesses and turn.confirmed_intent != turn.guesses[0][0]:
            pairs[f"{turn.guesses[0][0]} statt {turn.confirmed_intent} (per Button bestätigt)"] += 1
        elif len(turn.guesses) > 1 and (turn.intent == FALLBACK_INTENT or turn.confidence < threshold):
            pairs[" / ".join(sorted((turn.guesses[0][0], turn.guesses[1][0])))] += 1
    return pairs.most_common(5)


def shortened(text: str, limit: int = 200) -> str:
    """The text without invisible characters, cut to `limit` characters."""
    text = clean(text)
    return text if len(text) <= limit else text[:limit] + "…"


def review_report(
    conversations: Sequence[Conversation], period: Period, threshold: float, flagged: Sequence[Turn], chart: str
) -> str:
    """The Markdown report: traffic per day, fallback rate, confusions, feedback and the first messages to look at."""
    in_period = [t for c in conversations for t in c.turns if period.contains(t.timestamp)]
    typed = [t for t in in_period if not t.is_button]
    fallbacks = sum(t.intent == FALLBACK_INTENT for t in typed)
    feedback = Counter(t.intent for t in in_period if t.intent in (HELPFUL, UNHELPFUL))
    rate = f"{fallbacks / len(typed):.1%}" if typed else "–"
    lines = [
        f"# Durchsicht der Gespräche {period.first} bis {period.last}",
        "",
        f"{len(in_period)} Nachrichten in {len({t.conversation for t in in_period})} Gesprächen; "
        f"Fallback-Quote {rate} ({fallbacks} von {len(typed)} getippten Nachrichten); "
        f"Rückmeldungen 👍 {feedback[HELPFUL]}, 👎 {feedback[UNHELPFUL]}. "
        f"Zur Durchsicht markiert: {len(flagged)} Nachrichten (Konfidenz unter {threshold}, Fallback oder 👎).",
        "",
        "## Nachrichten und Gespräche pro Tag (UTC)",
        "",
        f"![Nachrichten pro Tag]({chart})",
        "",
        report.markdown_table(
            ["Tag", "Nachrichten", "Gespräche"],
            [[str(day), str(messages), str(senders)] for day, (messages, senders) in per_day_counts(conversations, period).items() if messages],
        ),
        "",
        "## Am häufigsten verwechselte Intents",
        "",
        report.markdown_table(["Intents", "Anzahl"], [[pair, str(n)] for pair, n in _confusions(flagged, threshold)]),
        "",
        "## Zuerst ansehen",
        "",
        report.markdown_table(
            ["Nachricht", "Vorschlag", "Konfidenz", "Grund", "Gespräch"],
            [
                [shortened(t.text), t.suggested_intent, f"{t.confidence:.2f}", ", ".join(t.reasons(threshold)), t.conversation]
                for t in flagged[:FIRST_TO_LOOK_AT]
            ],
        ),
        "",
        "Alle markierten Nachrichten stehen in `nlu_suggestions.yml`, die Gespräche als Teststorys in "
        "`test_stories.yml`; wie es weitergeht, steht in docs/TRAINING.md.",
    ]
    return "\n".join(lines) + "\n"


def per_day_counts(conversations: Sequence[Conversation], period: Period) -> Dict[date, Tuple[int, int]]:
    """Messages and conversations per day, for every day of the period (zero where nothing happened)."""
    counts = {period.first + timedelta(days=n): (0, set()) for n in range((period.last - period.first).days + 1)}
    for conversation in conversations:
        for turn in conversation.turns:
            if period.contains(turn.timestamp):
                messages, senders = counts[day_of(turn.timestamp)]
                counts[day_of(turn.timestamp)] = (messages + 1, senders | {conversation.key})
    return {day: (messages, len(senders)) for day, (messages, senders) in counts.items()}


async def review(
    endpoints: Path, domain_path: Path, out: Path, period: Period, threshold: float, chosen: Optional[Set[str]]
) -> List[Turn]:
    """Reads the store and writes the suggestions, the test stories and the report into `out`; returns the flagged turns."""
    from rasa.shared.core.domain import Domain

    store = open_tracker_store(endpoints, Domain.load(str(domain_path)))
    conversations = await read_conversations(store, hash_key())
    store.engine.dispose()
    flagged = flagged_turns(conversations, period, threshold)
    if chosen is None:
        chosen = set(list(dict.fromkeys(t.conversation for t in flagged))[:MAX_STORIES])
    out.mkdir(parents=True, exist_ok=True)
    (out / "nlu_suggestions.yml").write_text(nlu_suggestions(flagged), encoding="utf-8")
    (out / "test_stories.yml").write_text(conversation_stories(conversations, chosen, period), encoding="utf-8")
    chart = "messages_per_day.png"
    report.per_day_chart(per_day_counts(conversations, period), out / chart)
    markdown = review_report(conversations, period, threshold, flagged, chart)
    (out / "report.md").write_text(markdown, encoding="utf-8")
    (out / "report.html").write_text(report.html_page("Durchsicht der Gespräche", markdown), encoding="utf-8")
    return flagged


def parse_period(since: Optional[str], until: Optional[str], days: int) -> Period:
    last = date.fromisoformat(until) if until else datetime.now(timezone.utc).date()
    first = date.fromisoformat(since) if since else last - timedelta(days=days - 1)
    if first > last:
        raise ReviewError(f"--since {first} liegt nach --until {last}.")
    return Period(first, last)


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    parser.add_argument("--domain", type=Path, default=ROOT / "domain.yml")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "review")
    parser.add_argument("--since", help="erster Tag (JJJJ-MM-TT, UTC)")
    parser.add_argument("--until", help="letzter Tag (JJJJ-MM-TT, UTC), Standard: heute")
    parser.add_argument("--days", type=int, default=DEFAULT_DAYS, help="Tage bis --until, wenn --since fehlt")
    parser.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD, help="Konfidenz, unter der markiert wird")
    parser.add_argument("--conversation", action="append", help="Hash eines Gesprächs für test_stories.yml (mehrfach)")
    args = parser.parse_args(argv)
    try:
        period = parse_period(args.since, args.until, args.days)
        chosen = set(args.conversation) if args.conversation else None
        flagged = asyncio.run(review(args.endpoints, args.domain, args.out, period, args.threshold, chosen))
    except (ReviewError, ValueError) as error:
        print(f"Fehler: {error}", file=sys.stderr)
        return 2
    print(f"{len(flagged)} Nachrichten zur Durchsicht; Ergebnisse in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
