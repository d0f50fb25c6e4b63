"""The scaled profile with the real servers: two Rasa servers sharing PostgreSQL and Redis, nginx in front.

Every message is an explicit intent payload, so nothing depends on an NLU prediction; the expected
replies are those one Rasa server gives to the same conversation alone, one turn after the other.
The tests run in this order and share one stack; the last one stops a Rasa server for good.
"""

from __future__ import annotations

import asyncio
import json
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

import aiohttp
import pytest
from playwright.sync_api import sync_playwright
from rasa.core.lock_store import LockStore
from rasa.core.utils import read_endpoints_from_path
from rasa.utils.endpoints import EndpointConfig

from actions import answers
from actions.knowledge import KnowledgeBase
from scaled_stack import ScaledStack
from stores.redis_lock_store import AtomicRedisLockStore
from tests.conftest import ROOT
from tests.web.widget_driver import CHROMIUM, CHROMIUM_ARGS, Widget

WEBHOOK = "/webhooks/rest/webhook"
CONVERSATIONS = 50
TURNS = 20
REQUEST_TIMEOUT_SECONDS = 60
OUTAGE_CONVERSATIONS = 10
RECOVERY_TIMEOUT_SECONDS = 60
SEED = 12


def profession_payload(profession: str) -> str:
    return "/ask_salary" + json.dumps({"profession": profession})


def conversation_script(kb: KnowledgeBase, profession: str) -> List[str]:
    """TURNS messages: the profession named once, then topics and levels asked without it.

    Every answer after the first depends on the profession slot set in the first turn, so a server
    that did not see the earlier turns of the conversation would answer differently.
    """
    # Not the comparison: after it the conversation is about every profession, and later answers would be alike.
    follow_ups = [f"/{topic.intent}" for topic in kb.topics if not topic.key.startswith("salary_")]
    follow_ups += ["/ask_salary" + json.dumps({"level": level.key}) for level in kb.levels]
    return [profession_payload(profession)] + (follow_ups * TURNS)[: TURNS - 1]


def replies(messages: List[Dict]) -> List[Dict]:
    """The bot's messages without the recipient id, which differs between conversations."""
    return [{key: value for key, value in message.items() if key != "recipient_id"} for message in messages]


@dataclass
class Outcome:
    """What came back for each turn of one conversation."""

    sender: str
    statuses: List[Optional[int]] = field(default_factory=list)
    replies: List[List[Dict]] = field(default_factory=list)
    errors: List[str] = field(default_factory=list)


async def say(session: aiohttp.ClientSession, url: str, sender: str, message: str, outcome: Outcome) -> None:
    try:
        async with session.post(url + WEBHOOK, json={"sender": sender, "message": message}) as response:
            outcome.statuses.append(response.status)
            outcome.replies.append(replies(await response.json(content_type=None)) if response.status == 200 else [])
    except (aiohttp.ClientError, asyncio.TimeoutError) as error:
        outcome.statuses.append(None)
        outcome.replies.append([])
        outcome.errors.append(f"{type(error).__name__}: {error}")


def session(connections: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=connections),
                                 timeout=aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_SECONDS))


async def converse(scripts: Dict[str, Sequence[str]], pick_url: Callable[[], str]) -> Dict[str, Outcome]:
    """Every conversation at once, each one turn after the other, each turn sent to `pick_url()`."""
    outcomes = {sender: Outcome(sender) for sender in scripts}

    async def one(http: aiohttp.ClientSession, sender: str) -> None:
        for message in scripts[sender]:
            await say(http, pick_url(), sender, message, outcomes[sender])

    async with session(len(scripts)) as http:
        await asyncio.gather(*(one(http, sender) for sender in scripts))
    return outcomes


@pytest.fixture(scope="module")
def professions(kb: KnowledgeBase) -> List[str]:
    return [profession.key for profession in kb.professions]


@pytest.fixture(scope="module")
def reference(scaled: ScaledStack, kb: KnowledgeBase, professions: List[str]) -> Dict[str, List[List[Dict]]]:
    """Per profession, the replies one Rasa server gives to the conversation alone, turn after turn."""
    scripts = {f"reference-{profession}": conversation_script(kb, profession) for profession in professions}
    outcomes = {}
    for sender, script in scripts.items():
        outcomes.update(asyncio.run(converse({sender: script}, lambda: scaled.rasa_urls[0])))
    for outcome in outcomes.values():
        assert outcome.statuses == [200] * TURNS, outcome.errors
        assert all(outcome.replies), "every turn of the reference is answered"
    return {profession: outcomes[f"reference-{profession}"].replies for profession in professions}


def test_reference_replies_depend_on_the_carried_profession(
    reference: Dict[str, List[List[Dict]]], kb: KnowledgeBase, professions: List[str]
) -> None:
    assert len(professions) >= 2
    first, second = (reference[p] for p in professions[:2])
    differing = sum(a != b for a, b in zip(first[1:], second[1:]))
    assert differing >= (TURNS - 1) // 2, "later answers depend on the profession named in the first turn"
    bare_salary = conversation_script(kb, professions[0]).index("/ask_salary")
    for profession in professions:
        text = " ".join(m.get("text", "") for m in reference[profession][bare_salary])
        assert any(answers.bounds(row, 1) in text for row in kb.salary_rows(profession)), text


def check_conversations(scaled: ScaledStack, outcomes: Dict[str, Outcome], scripts: Dict[str, Sequence[str]],
                        expected: Dict[str, List[List[Dict]]]) -> None:
    """Every turn answered as the conversation alone is answered, and every user message stored exactly once."""
    failed = {sender: (o.statuses, o.errors[:2]) for sender, o in outcomes.items() if o.statuses != [200] * len(scripts[sender])}
    assert not failed, failed
    wrong = {sender: next(turn for turn, (got, wanted) in enumerate(zip(outcome.replies, expected[sender])) if got != wanted)
             for sender, outcome in outcomes.items() if outcome.replies != expected[sender]}
    assert not wrong, "answered differently from the conversation alone: " + "; ".join(
        f"{sender} turn {turn} {scripts[sender][turn]}: {outcomes[sender].replies[turn]} instead of {expected[sender][turn]}"
        for sender, turn in list(wrong.items())[:3])
    stored_wrong = [sender for sender, script in scripts.items() if scaled.user_texts(sender) != list(script)]
    assert not stored_wrong, f"user messages lost or duplicated in PostgreSQL: {stored_wrong[:3]}"


def load_scripts(kb: KnowledgeBase, professions: List[str], prefix: str, count: int, turns: int = TURNS) -> Dict[str, List[str]]:
    return {f"{prefix}-{n}": conversation_script(kb, professions[n % len(professions)])[:turns] for n in range(count)}


def expected_replies(scripts: Dict[str, List[str]], professions: List[str],
                     reference: Dict[str, List[List[Dict]]]) -> Dict[str, List[List[Dict]]]:
    return {sender: reference[professions[n % len(professions)]][: len(script)]
            for n, (sender, script) in enumerate(scripts.items())}


def test_concurrent_conversations_on_randomly_chosen_servers(
    scaled: ScaledStack, kb: KnowledgeBase, professions: List[str], reference: Dict[str, List[List[Dict]]]
) -> None:
    scripts = load_scripts(kb, professions, "direct", CONVERSATIONS)
    chooser = random.Random(SEED)
    outcomes = asyncio.run(converse(scripts, lambda: chooser.choice(scaled.rasa_urls)))
    check_conversations(scaled, outcomes, scripts, expected_replies(scripts, professions, reference))


def test_concurrent_conversations_through_nginx(
    scaled: ScaledStack, kb: KnowledgeBase, professions: List[str], reference: Dict[str, List[List[Dict]]]
) -> None:
    scripts = load_scripts(kb, professions, "nginx", CONVERSATIONS)
    commands_before = scaled.redis().info("stats")["total_commands_processed"]
    outcomes = asyncio.run(converse(scripts, lambda: scaled.nginx_url))
    check_conversations(scaled, outcomes, scripts, expected_replies(scripts, professions, reference))
    # Each turn takes and releases the conversation's lock in Redis.
    assert scaled.redis().info("stats")["total_commands_processed"] - commands_before >= CONVERSATIONS * TURNS


def test_rasa_builds_the_atomic_lock_store_from_the_scaled_endpoints(
    scaled: ScaledStack, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in scaled.env.items():
        monkeypatch.setenv(name, value)
    endpoints = read_endpoints_from_path(str(ROOT / "endpoints.scaled.yml"))
    assert type(LockStore.create(endpoints.lock_store)) is AtomicRedisLockStore


def test_tickets_issued_at_once_by_many_servers_are_all_different(scaled: ScaledStack) -> None:
    config = EndpointConfig(url="127.0.0.1", port=scaled.env["REDIS_PORT"], password=scaled.env["REDIS_PASSWORD"],
                            db=scaled.env["REDIS_DB"])
    stores = [AtomicRedisLockStore(config) for _ in range(8)]
    start = threading.Barrier(len(stores))

    def issue(store: AtomicRedisLockStore) -> List[int]:
        start.wait()
        return [store.issue_ticket("tickets-at-once") for _ in range(25)]

    with ThreadPoolExecutor(len(stores)) as pool:
        tickets = [ticket for issued in pool.map(issue, stores) for ticket in issued]
    assert sorted(tickets) == list(range(len(stores) * 25))
    for ticket in tickets:
        stores[0].cleanup("tickets-at-once", ticket)
    assert stores[0].get_lock("tickets-at-once") is None


def turns_of(events: List[Dict]) -> List[List[Dict]]:
    """The events from each user message up to the next one."""
    turns: List[List[Dict]] = []
    for event in events:
        if event["event"] == "user":
            turns.append([])
        if turns:
            turns[-1].append(event)
    return turns


def test_simultaneous_messages_of_one_conversation_are_processed_one_after_the_other(
    scaled: ScaledStack, kb: KnowledgeBase, professions: List[str]
) -> None:
    senders = [f"simultaneous-{n}" for n in range(5)]
    first, second = profession_payload(professions[0]), profession_payload(professions[1])

    async def both_at_once() -> Dict[str, List[Outcome]]:
        results: Dict[str, List[Outcome]] = {}
        async with session(2 * len(senders)) as http:
            for sender in senders:  # the conversation exists before the two messages race
                await say(http, scaled.rasa_urls[0], sender, "/greet", Outcome(sender))
            for sender in senders:
                pair = [Outcome(sender), Outcome(sender)]
                await asyncio.gather(say(http, scaled.rasa_urls[0], sender, first, pair[0]),
                                     say(http, scaled.rasa_urls[1], sender, second, pair[1]))
                results[sender] = pair
        return results

    for sender, pair in asyncio.run(both_at_once()).items():
        assert [o.statuses for o in pair] == [[200], [200]] and all(o.replies[0] for o in pair), sender
        events = scaled.events(sender)
        assert sorted(e.get("text") for e in events if e["event"] == "user") == sorted(["/greet", first, second])
        for turn in turns_of(events):
            # A turn that ran alone ends by listening before the next user message is stored; two turns
            # run at once interleave their events or lose some of them when saved.
            assert turn[-1].get("name") == "action_listen", (sender, [(e["event"], e.get("name") or e.get("text")) for e in turn])
            assert [e["event"] for e in turn].count("user") == 1


def test_widget_answers_through_nginx_over_socketio(scaled: ScaledStack, kb: KnowledgeBase, professions: List[str]) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make install` installs Debian's chromium package.")
    expected = [answers.bounds(row, 1) for row in kb.salary_rows(professions[0])]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE").new_page()
            sockets: List[str] = []
            page.on("websocket", lambda socket: sockets.append(socket.url))
            widget = Widget(page, scaled.nginx_url)
            widget.load()
            widget.open()
            widget.ask(profession_payload(professions[0]))
            answer = widget.wait_for_bot_text(expected[0])
        finally:
            browser.close()
    assert all(stated in answer for stated in expected)
    socket_origin = scaled.nginx_url.replace("http", "ws", 1)
    assert any(url.startswith(f"{socket_origin}/socket.io/") for url in sockets), sockets
    assert widget.foreign_requests() == [], "page, widget, socket and chart all come through nginx"


def recover(scaled: ScaledStack, probe: str) -> None:
    """Sends messages to every Rasa server until each is answered and stored again, within the time limit."""
    asyncio.run(_recover(scaled, probe))


async def _recover(scaled: ScaledStack, probe: str) -> None:
    deadline = asyncio.get_running_loop().time() + RECOVERY_TIMEOUT_SECONDS
    async with session(1) as http:
        for number, url in enumerate(scaled.rasa_urls):
            sender = f"recovery-{probe}-{number}"
            while True:
                stored_before = len(scaled.user_texts(sender)) if scaled.postgres_ready() else None
                outcome = Outcome(sender)
                await say(http, url, sender, "/greet", outcome)
                stored = len(scaled.user_texts(sender)) if scaled.postgres_ready() else None
                if outcome.statuses == [200] and outcome.replies[0] and stored_before is not None and stored == stored_before + 1:
                    break
                assert asyncio.get_running_loop().time() < deadline, f"{url} did not recover: {outcome}"
                await asyncio.sleep(0.5)


@pytest.mark.parametrize("store", ["postgres", "redis"])
def test_store_restart_is_answered_and_recovered_from(
    scaled: ScaledStack, kb: KnowledgeBase, professions: List[str], store: str
) -> None:
    """Rasa's stock behaviour, as measured: while PostgreSQL is away its FailSafeTrackerStore hands out an
    empty conversation (the reply asks for the profession again; the turn is kept only in that server's
    memory); while Redis is away no lock can be taken and the REST channel apologises."""
    senders = {f"outage-{store}-{n}": professions[n % len(professions)] for n in range(OUTAGE_CONVERSATIONS)}
    bare_salary = "/ask_salary"

    async def each(messages: Dict[str, str]) -> Dict[str, Outcome]:
        outcomes = {sender: Outcome(sender) for sender in messages}
        async with session(len(messages)) as http:
            await asyncio.gather(*(say(http, scaled.nginx_url, s, m, outcomes[s]) for s, m in messages.items()))
        return outcomes

    before = asyncio.run(each({sender: profession_payload(p) for sender, p in senders.items()}))
    assert all(o.statuses == [200] for o in before.values())
    stored_before = {sender: scaled.events(sender) for sender in senders}
    scaled.stop(store)
    try:
        during = asyncio.run(each({sender: bare_salary for sender in senders}))
    finally:
        scaled.start(store)
    # During the outage every message gets a reply: an answer or an apology, never silence or an error.
    for sender, outcome in during.items():
        assert outcome.statuses == [200] and any(m.get("text", "").strip() for m in outcome.replies[0]), (sender, outcome)
    recover(scaled, store)
    after = asyncio.run(each({sender: bare_salary for sender in senders}))
    for sender, profession in senders.items():
        assert after[sender].statuses == [200]
        text = " ".join(m.get("text", "") for m in after[sender].replies[0])
        assert any(answers.bounds(row, 1) in text for row in kb.salary_rows(profession)), (sender, text)
        stored = scaled.events(sender)
        assert stored[: len(stored_before[sender])] == stored_before[sender], "nothing stored before the outage is lost"
    print(f"\n{store} outage replies:", {json.dumps(o.replies[0], ensure_ascii=False)[:200] for o in during.values()})


def test_one_server_stopped_midway_the_other_carries_every_conversation_on(
    scaled: ScaledStack, kb: KnowledgeBase, professions: List[str], reference: Dict[str, List[List[Dict]]]
) -> None:
    turns = 10
    scripts = load_scripts(kb, professions, "failover", 20, turns)
    expected = expected_replies(scripts, professions, reference)
    total = sum(len(script) for script in scripts.values())
    stopped = scaled.rasa_names()[-1]

    async def conversations_while_one_server_stops() -> Dict[str, Outcome]:
        conversations = asyncio.ensure_future(converse(scripts, lambda: scaled.nginx_url))
        while scaled.stored_user_events(list(scripts)) < total // 2:
            assert not conversations.done(), "the conversations ended before half of the turns were stored"
            await asyncio.sleep(0.2)
        await asyncio.get_running_loop().run_in_executor(None, scaled.stop, stopped)
        return await conversations

    outcomes = asyncio.run(conversations_while_one_server_stops())
    assert stopped not in scaled.processes
    interrupted = {}
    for sender, outcome in outcomes.items():
        failed = [turn for turn, status in enumerate(outcome.statuses) if status != 200]
        # Rasa does not finish the turns it is processing when it is stopped: nginx answers those with
        # a 502 (at most one per conversation, since each waits for its reply); every later turn is
        # answered by the other server.
        assert len(failed) <= 1, (sender, outcome.statuses)
        stored = scaled.user_texts(sender)
        if not failed:
            assert outcome.replies == expected[sender], sender
            assert stored == scripts[sender], sender
            continue
        interrupted[sender] = scripts[sender][failed[0]] in stored[failed[0]:failed[0] + 1]
        assert outcome.replies[: failed[0]] == expected[sender][: failed[0]], sender
        assert all(outcome.replies[failed[0] + 1:]), f"{sender}: every turn after the stop is answered"
        unanswered = scripts[sender][: failed[0]] + scripts[sender][failed[0] + 1:]
        assert stored in (scripts[sender], unanswered), f"{sender}: stored exactly once, or not at all if interrupted"
    print(f"\nturns interrupted by the stop: {len(interrupted)} of {total}, of which stored: {sum(interrupted.values())}")
