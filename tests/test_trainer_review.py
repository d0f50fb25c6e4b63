"""`make review` against a real SQLite tracker store filled by real conversations with the running assistant."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from html import escape as html_escape
from pathlib import Path
from typing import Callable, Dict, Iterator, List

import pytest
import requests
import yaml

import trainer.review
from tests.conftest import RasaServer
from trainer.review import hash_sender

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HASH_KEY = "review-test-key"
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2"}
# Words the model has never seen; the fixture uses those that the current model sends to the fallback.
NONSENSE = ["Kartoffel Fahrrad Gurke", "asdf jklö", "qwrtz plmkj", "blubb", "zzzz", "xqzv blorptz fnordel", "Lampe Wolke Besen"]
UNHELPFUL_QUESTION = "Was macht ein Medizininformatiker?"
VAGUE = "ähm"


@dataclass
class Store:
    """A tracker store filled by conversations with a real assistant, and what was said in it."""

    server: RasaServer
    senders: Dict[str, str]
    typed: Dict[str, List[str]]

    @property
    def gibberish(self) -> str:
        return self.typed["gibberish"][0]

    @property
    def markup(self) -> str:
        return self.typed["markup"][0]

    def parse(self, text: str) -> Dict:
        return parse(self.server, text)

    def confidence(self, text: str) -> float:
        return max(e["confidence"] for e in self.parse(text)["intent_ranking"] if e["name"] != "nlu_fallback")

    def expected_flags(self, threshold: float) -> Dict[str, List[str]]:
        """Sender name -> the typed messages that review must flag, by what the model itself makes of them."""
        return {
            name: [
                text for text in texts
                if text == UNHELPFUL_QUESTION or self.confidence(text) < threshold
                or self.parse(text)["intent"]["name"] == "nlu_fallback"
            ]
            for name, texts in self.typed.items()
        }

    @property
    def endpoints(self) -> Path:
        return self.server.log_dir / "endpoints.yml"


def parse(server: RasaServer, text: str) -> Dict:
    return requests.post(f"{server.url}/model/parse", params={"token": server.api_token}, json={"text": text}, timeout=30).json()


def falling_back(server: RasaServer, candidates: List[str]) -> List[str]:
    found = [text for text in candidates if parse(server, text)["intent"]["name"] == "nlu_fallback"]
    assert found, f"none of {candidates} goes to the fallback any more: add nonsense the model does not know"
    return found


@pytest.fixture(scope="module")
def store(start_rasa: Callable[..., RasaServer], tmp_path_factory: pytest.TempPathFactory) -> Store:
    server = start_rasa(tracker_db=tmp_path_factory.mktemp("review") / "tracker.db", enable_api=True)
    run = uuid.uuid4().hex[:8]
    senders = {name: f"review-{name}-{run}" for name in ("clean", "gibberish", "unhelpful", "vague", "markup")}

    assert "Guten Tag" in server.say_text(senders["clean"], "Hallo")
    salary = server.say(senders["clean"], "Was verdient ein Medizin-Ingenieur in Duisburg?")
    assert salary[-1]["text"] == "War das hilfreich?"
    assert "danke für Ihre Rückmeldung" in server.say_text(senders["clean"], salary[-1]["buttons"][0]["payload"])
    server.say(senders["clean"], "tschüss")

    gibberish = falling_back(server, NONSENSE)[0]
    markup = falling_back(server, [f"<b>{text}</b>" for text in NONSENSE if text != gibberish])[0]
    [question] = server.say(senders["gibberish"], gibberish)
    assert "nicht sicher" in question["text"]
    # A topic other than the model's best guess, so that what the user confirmed differs from it:
    # the other offered guess, or (where the model offered only one topic) another topic.
    best = next(g["name"] for g in parse(server, gibberish)["intent_ranking"] if g["name"] != "nlu_fallback")
    offered = [
        b["payload"] for b in question["buttons"]
        if b["payload"] != "/ask_capabilities" and b["payload"].split("{")[0] != f"/{best}"
    ]
    server.say(senders["gibberish"], offered[0] if offered else ("/ask_career" if best != "ask_career" else "/ask_remote"))

    duties = server.say(senders["unhelpful"], UNHELPFUL_QUESTION)
    assert duties[-1]["text"] == "War das hilfreich?"
    thanks = server.say_text(senders["unhelpful"], duties[-1]["buttons"][1]["payload"])
    assert "arbeitsagentur.de" in thanks

    server.say(senders["vague"], VAGUE)
    server.say(senders["markup"], markup)
    typed = {
        "clean": ["Hallo", "Was verdient ein Medizin-Ingenieur in Duisburg?", "tschüss"],
        "gibberish": [gibberish], "unhelpful": [UNHELPFUL_QUESTION], "vague": [VAGUE], "markup": [markup],
    }
    return Store(server, senders, typed)


@pytest.fixture(scope="module", autouse=True)
def hash_key() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVIEW_HASH_KEY", HASH_KEY)
        yield


def review(store: Store, out: Path, *args: str) -> int:
    """`make review`'s command line, run in this process (Rasa is imported once for all tests)."""
    return trainer.review.main(["--endpoints", str(store.endpoints), "--out", str(out), "--days", "2", *args])


@dataclass
class Reviewed:
    out: Path
    expected: Dict[str, List[str]]


@pytest.fixture(scope="module")
def reviewed(store: Store, tmp_path_factory: pytest.TempPathFactory) -> Reviewed:
    out = tmp_path_factory.mktemp("review-out")
    before = hashlib.sha256(store.server.tracker_db.read_bytes()).hexdigest()
    # Just above the vague message's confidence, so that it counts as low whatever the model makes of it.
    threshold = round(store.confidence(VAGUE) + 0.001, 4)
    assert review(store, out, "--threshold", str(threshold)) == 0
    assert hashlib.sha256(store.server.tracker_db.read_bytes()).hexdigest() == before, "review changed the tracker store"
    return Reviewed(out, store.expected_flags(threshold))


def suggestions(out: Path) -> Dict[str, List[str]]:
    """The NLU suggestions as Rasa's own reader loads them: intent -> texts."""
    from rasa.shared.nlu.training_data.loading import load_data

    data = load_data(str(out / "nlu_suggestions.yml"))
    found: Dict[str, List[str]] = {}
    for message in data.intent_examples:
        found.setdefault(message.get("intent"), []).append(message.get("text"))
    return found


def test_review_finds_exactly_the_fallback_unhelpful_and_low_confidence_messages(store: Store, reviewed: Reviewed) -> None:
    found = suggestions(reviewed.out)
    texts = [text for group in found.values() for text in group]
    assert sorted(texts) == sorted(t for flagged in reviewed.expected.values() for t in flagged)
    assert store.gibberish in texts and store.markup in texts and VAGUE in texts
    assert UNHELPFUL_QUESTION in found["ask_duties"]
    assert not any(text.startswith("/") for text in texts), "button payloads are not training examples"
    assert "nlu_fallback" not in found


def test_a_fallback_confirmed_by_button_is_suggested_under_the_confirmed_intent(store: Store, reviewed: Reviewed) -> None:
    events = requests.get(
        f"{store.server.url}/conversations/{store.senders['gibberish']}/tracker", params={"token": store.server.api_token}, timeout=30
    ).json()["events"]
    confirmed = [e["parse_data"]["intent"]["name"] for e in events if e["event"] == "user" and e["text"].startswith("/")]
    assert store.gibberish in suggestions(reviewed.out)[confirmed[-1]]
    guesses = store.parse(store.gibberish)["intent_ranking"]
    assert confirmed[-1] != next(g["name"] for g in guesses if g["name"] != "nlu_fallback")
    markdown = (reviewed.out / "report.md").read_text(encoding="utf-8")
    assert f"statt {confirmed[-1]} (per Button bestätigt)".replace("_", "\\_") in markdown


def test_report_counts_feedback_and_fallbacks_and_escapes_markup(store: Store, reviewed: Reviewed) -> None:
    markdown = (reviewed.out / "report.md").read_text(encoding="utf-8")
    assert "👍 1, 👎 1" in markdown
    assert "Fallback-Quote" in markdown and "Zuerst ansehen" in markdown
    first_rows = markdown.split("## Zuerst ansehen")[1]
    assert first_rows.index(UNHELPFUL_QUESTION) < first_rows.index(store.gibberish), "👎 comes first"
    html = (reviewed.out / "report.html").read_text(encoding="utf-8")
    assert html_escape(store.markup) in html and store.markup not in html
    assert '<img alt="Nachrichten pro Tag" src="messages_per_day.png"' in html
    assert (reviewed.out / "messages_per_day.png").read_bytes().startswith(b"\x89PNG")


def test_output_never_contains_a_sender_id(store: Store, reviewed: Reviewed) -> None:
    for path in reviewed.out.iterdir():
        content = path.read_bytes()
        for sender in store.senders.values():
            assert sender.encode() not in content, f"{path.name} contains the sender id {sender}"
    stories = (reviewed.out / "test_stories.yml").read_text(encoding="utf-8")
    assert hash_sender(store.senders["unhelpful"], HASH_KEY.encode()) in stories


def story_names(path: Path) -> List[str]:
    return [s["story"] for s in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("stories") or []]


@dataclass
class StoryRun:
    """`rasa test core` over the flagged conversations and one chosen clean conversation, in one run."""

    clean: str
    returncode: int
    output: str
    results: Path


@pytest.fixture(scope="module")
def story_run(store: Store, reviewed: Reviewed, tmp_path_factory: pytest.TempPathFactory) -> StoryRun:
    work = tmp_path_factory.mktemp("stories")
    clean = hash_sender(store.senders["clean"], HASH_KEY.encode())
    assert review(store, work / "chosen", "--conversation", clean) == 0
    (work / "stories").mkdir()
    shutil.copyfile(reviewed.out / "test_stories.yml", work / "stories" / "flagged.yml")
    shutil.copyfile(work / "chosen" / "test_stories.yml", work / "stories" / "chosen.yml")
    result = subprocess.run(
        [str(Path(PYTHON).parent / "rasa"), "test", "core", "--model", "models/current.tar.gz",
         "--stories", str(work / "stories"), "--successes", "--out", str(work / "results")],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=600,
    )
    return StoryRun(clean, result.returncode, result.stdout[-3000:] + result.stderr[-3000:], work / "results")


def test_flagged_conversations_become_test_stories_that_rasa_runs(store: Store, reviewed: Reviewed, story_run: StoryRun) -> None:
    flagged = [store.senders[name] for name, texts in reviewed.expected.items() if texts]
    assert sorted(story_names(reviewed.out / "test_stories.yml")) == sorted(
        f"Gespräch {hash_sender(sender, HASH_KEY.encode())}, Sitzung 1" for sender in flagged
    )
    assert story_run.returncode == 0, story_run.output


def test_a_chosen_clean_conversation_passes_as_a_test_story(story_run: StoryRun) -> None:
    # Rasa appends the file name to the names of stories it read from a folder.
    name = f"Gespräch {story_run.clean}, Sitzung 1 ("
    assert any(n.startswith(name) for n in story_names(story_run.results / "successful_test_stories.yml")), story_run.output
    assert not any(n.startswith(name) for n in story_names(story_run.results / "failed_test_stories.yml"))


def test_a_missing_store_gets_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tmp_path / "none.db"}"\n')
    assert trainer.review.main(["--endpoints", str(endpoints), "--out", str(tmp_path / "out")]) == 2
    assert "Keine Tracker-Datenbank unter" in capsys.readouterr().err
    assert not (tmp_path / "none.db").exists()
