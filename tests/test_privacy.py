"""Data protection: deleting one's conversation (REST/Telegram and the widget), retention purge, logs without
message text or ids, and `make review` output that stays valid YAML and scrubbed of personal data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml

from channels import privacy, sessions
from tests.conftest import ROOT, RasaServer, new_sender, stored_events
from tests.widget_client import WidgetClient, run_async
from trainer.scrub import scrub


def event_count(database: Path, sender: str) -> int:
    return len(stored_events(database, sender))


def test_forget_over_rest_deletes_every_event_and_confirms(rasa_server: RasaServer) -> None:
    user = new_sender("forget")
    rasa_server.say(user, "Hallo")
    assert event_count(rasa_server.tracker_db, user) > 0
    reply = requests.post(f"{rasa_server.url}/webhooks/rest/forget", json={"sender": user, "message": ""}, timeout=30)
    assert reply.status_code == 200 and reply.json()[0]["text"] == privacy.FORGOTTEN
    assert event_count(rasa_server.tracker_db, user) == 0


def test_forget_in_the_widget_deletes_that_conversation_only(rasa_server: RasaServer, monkeypatch: pytest.MonkeyPatch) -> None:
    async def scenario() -> tuple:
        async with WidgetClient(rasa_server) as mine, WidgetClient(rasa_server) as other:
            await mine.say("Hallo")
            await other.say("Hallo")
            return mine.session_id, other.session_id

    mine, other = run_async(scenario(), 120)
    forget = f"{rasa_server.url}/webhooks/socketio/forget"
    reply = requests.post(forget, data=mine, headers={"Origin": rasa_server.web_origin}, timeout=30)
    assert reply.status_code == 200 and reply.json()["text"] == privacy.FORGOTTEN
    assert reply.headers["Access-Control-Allow-Origin"] == rasa_server.web_origin
    assert requests.post(forget, data="made-up.token", timeout=30).status_code == 403
    monkeypatch.setenv("SESSION_SECRET", rasa_server.env["SESSION_SECRET"])
    assert event_count(rasa_server.tracker_db, sessions.sender_of(mine)) == 0
    assert event_count(rasa_server.tracker_db, sessions.sender_of(other)) > 0


def test_make_purge_deletes_only_conversations_past_retention(tmp_path: Path) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    database = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(database))
    now = time.time()
    for sender, age_days in (("old", 31), ("recent", 29)):
        tracker = DialogueStateTracker.from_events(sender, [UserUttered("Hallo", timestamp=now - age_days * 86400)])
        run_async(store.save(tracker), 60)
    store.engine.dispose()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{database}"\n')
    done = subprocess.run(
        [sys.executable, "-m", "channels.privacy", "purge", "--endpoints", str(endpoints)], cwd=ROOT,
        capture_output=True, text=True, timeout=120, env={**os.environ, "RETENTION_DAYS": "30"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert event_count(database, "old") == 0 and event_count(database, "recent") > 0


def test_rasa_logs_at_info_carry_no_message_text_and_no_sender_id(rasa_server: RasaServer) -> None:
    user = new_sender("logcheck")
    secret_words = "Geheimwort Zitronenfalter 4711"
    rasa_server.say(user, secret_words)
    rasa_server.say(user, "\x00\u202e" + secret_words)
    logs = (rasa_server.log_dir / "rasa.log").read_text(errors="replace") + (rasa_server.log_dir / "actions.log").read_text(errors="replace")
    assert "Zitronenfalter" not in logs and user not in logs


def test_scrubber_removes_personal_data_and_keeps_the_question() -> None:
    assert scrub("Mail an max.muster@example.org oder 0203 123456, IBAN DE89 3704 0044 0532 0130 00") == (
        "Mail an [E-Mail] oder [Telefon], IBAN [IBAN]"
    )
    assert scrub("Rufen Sie +49 176 12345678 an") == "Rufen Sie [Telefon] an"
    assert scrub("Was verdient man mit 3.200 € bis 4.200 € im Jahr 2024?") == "Was verdient man mit 3.200 € bis 4.200 € im Jahr 2024?"
    assert scrub("Ge\x00halt\u202e") == "Gehalt"


def test_review_output_stays_valid_yaml_and_scrubbed_with_nul_and_rlo_in_the_store(tmp_path: Path) -> None:
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    database = tmp_path / "tracker.db"
    store = SQLTrackerStore(Domain.load(str(ROOT / "domain.yml")), dialect="sqlite", db=str(database))
    hostile = "Gehalt\x00 bitte \u202ean max@example.org"
    parse_data = {"intent": {"name": "nlu_fallback", "confidence": 0.3},
                  "intent_ranking": [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "ask_salary", "confidence": 0.3}]}
    events = [ActionExecuted("action_listen", timestamp=time.time()),
              UserUttered(hostile, {"name": "nlu_fallback", "confidence": 0.3}, parse_data=parse_data, timestamp=time.time())]
    run_async(store.save(DialogueStateTracker.from_events("hostile", events)), 60)
    store.engine.dispose()
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{database}"\n')
    out = tmp_path / "review"
    done = subprocess.run(
        [sys.executable, "-m", "trainer.review", "--endpoints", str(endpoints), "--out", str(out), "--days", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, env={**os.environ, "REVIEW_HASH_KEY": "k"},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    suggestions = yaml.safe_load((out / "nlu_suggestions.yml").read_text(encoding="utf-8"))
    stories = yaml.safe_load((out / "test_stories.yml").read_text(encoding="utf-8"))
    committed = json.dumps([suggestions, stories], ensure_ascii=False)
    assert "Gehalt bitte an [E-Mail]" in committed
    assert "max@example.org" not in committed and "\\u0000" not in committed and "\\u202e" not in committed
