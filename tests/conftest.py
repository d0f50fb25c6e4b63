"""Shared fixtures: the knowledge base, and a real Rasa server with its action server on free ports."""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional, Tuple

import pytest
import requests
import yaml

from actions.knowledge import KnowledgeBase, knowledge_base, load_knowledge_base
from bench.servers import free_port

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
MODEL = ROOT / "models" / "current.tar.gz"
# Where each knowledge file keeps its entries: what docs/KNOWLEDGE.md has a maintainer edit.
KNOWLEDGE_LISTS = {"sources": "sources.yml", "professions": "professions.yml", "salaries": "salary_table.yml",
                   "facts": "facts.yml", "places": "places.yml"}
START_TIMEOUT_SECONDS = 180


@dataclass
class RasaServer:
    """A running Rasa server (REST and socket.io channels, HTTP API) and action server."""

    url: str
    action_url: str
    tracker_db: Path
    log_dir: Path
    processes: List[subprocess.Popen]
    action_args: List[str]
    env: Dict[str, str]
    api_token: Optional[str] = None
    #: The page origin Rasa's socket.io admits (this module's WEB_URL; tests importing `tests.conftest` get another copy).
    web_origin: str = ""

    def stop(self) -> None:
        stop_processes(self.processes)

    @property
    def actions(self) -> subprocess.Popen:
        """The action server process."""
        return self.processes[0]

    def restart_actions(self) -> None:
        """Starts the action server again (after it was killed) and waits until it answers."""
        log = self.log_dir / "actions.log"
        self.processes[0] = start_process(self.action_args, log, self.env)
        wait_until_up(f"{self.action_url}/health", self.processes[0], log)

    def say(self, sender: str, message: str, timeout: float = 30) -> List[Dict]:
        """Sends one message over the REST channel and returns the bot's messages."""
        response = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=timeout
        )
        response.raise_for_status()
        return response.json()

    def say_text(self, sender: str, message: str) -> str:
        """The bot's replies to one message, joined into one text."""
        return "\n".join(m.get("text", "") for m in self.say(sender, message))


def new_sender(prefix: str = "test") -> str:
    """A sender id no other test uses."""
    return f"{prefix}-{uuid.uuid4().hex[:10]}"


def salary_payload(kb: KnowledgeBase) -> str:
    """The explicit salary question for the knowledge base's first profession, as its buttons send it."""
    return f'/ask_salary{{"profession": "{kb.professions[0].key}"}}'


def stored_events(database: Path, sender: str) -> List[Tuple[int, str, str]]:
    """Every event stored for `sender` in a SQLite tracker store: (id, type, JSON data), in order."""
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT id, type_name, data FROM events WHERE sender_id = ? ORDER BY id", (sender,)
        ).fetchall()


# The address of the web tests' page server (tests/web), fixed before any Rasa starts: Rasa admits
# socket.io connections from this origin, and the action server links its salary charts there.
WEB_URL = f"http://127.0.0.1:{free_port()}"


def wait_for(ready: Callable[[], bool], process: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT_SECONDS) -> None:
    """Waits until `ready()` holds; fails with the log's tail if the process ends or time runs out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        if ready():
            return
        time.sleep(0.3)
    raise RuntimeError(f"{process.args[:3]} not ready within {timeout} s:\n{log.read_text()[-3000:]}")


def answers_200(url: str) -> Callable[[], bool]:
    def ready() -> bool:
        try:
            return requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            return False
    return ready


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT_SECONDS) -> None:
    """Waits until `url` answers 200."""
    wait_for(answers_200(url), process, log, timeout)


def start_process(args: List[str], log: Path, env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
    """Starts a server process with its output in `log` (appended, so that a restart keeps the earlier lines)."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "WEB_ORIGINS": WEB_URL, "CHART_BASE_URL": WEB_URL, **(env or {})}
    with open(log, "a") as handle:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def stop_processes(processes: List[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def knowledge_with_third_profession(target: Path) -> Path:
    """A copy of knowledge/ in `target` with the fixture article's profession added, as docs/KNOWLEDGE.md describes."""
    shutil.copytree(ROOT / "knowledge", target)
    additions = yaml.safe_load((FIXTURES / "third_profession.yml").read_text(encoding="utf-8"))
    for key, entries in additions.items():
        path = target / KNOWLEDGE_LISTS[key]
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
        content[key].extend(entries)
        path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return target


def article(file: str) -> str:
    """An article's text: one of the two in ../shared/seeds/, or the fixture article of the tests."""
    for directory in (SEEDS, FIXTURES / "seeds"):
        if (directory / file).exists():
            return (directory / file).read_text(encoding="utf-8")
    raise AssertionError(f"{file} is not in {SEEDS}: every source must be one of the articles")


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()


@pytest.fixture(scope="session")
def third_kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """The knowledge base with a third profession from tests/fixtures/."""
    return load_knowledge_base(knowledge_with_third_profession(tmp_path_factory.mktemp("third") / "knowledge"))


@pytest.fixture(scope="session")
def start_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RasaServer]]:
    """Starts action server and Rasa with the trained model on free loopback ports; stops them all at the end."""
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` (or `make test`, which trains first).")
    processes: List[subprocess.Popen] = []
    # The servers handed out: a test may restart a server's action server, which only the server then knows.
    servers: List[RasaServer] = []

    def start(tracker_db: Optional[Path] = None, env: Optional[Dict[str, str]] = None, enable_api: bool = False) -> RasaServer:
        """Starts one assistant; `enable_api` switches Rasa's HTTP API on, with a token as `make run` would."""
        work = tmp_path_factory.mktemp("rasa")
        action_port, rasa_port = free_port(), free_port()
        endpoints = work / "endpoints.yml"
        tracker_db = tracker_db or work / "tracker.db"
        token, api_token = secrets.token_hex(16), secrets.token_hex(16)
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
            f'  headers:\n    X-Action-Token: "{token}"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tracker_db}"\n'
        )
        server_env = {"ACTION_SERVER_TOKEN": token, "SESSION_SECRET": secrets.token_hex(16), **(env or {})}
        action_log, rasa_log = work / "actions.log", work / "rasa.log"
        action_args = [sys.executable, "-m", "assistant.action_server", "--port", str(action_port)]
        actions = start_process(action_args, action_log, server_env)
        processes.append(actions)
        rasa = start_process(
            [sys.executable, "-m", "assistant.serve", "run", "--model", str(MODEL), "--interface", "127.0.0.1",
             "--port", str(rasa_port), "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml"),
             *(["--enable-api", "--auth-token", api_token] if enable_api else [])],
            rasa_log, server_env,
        )
        processes.append(rasa)
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, action_log)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/webhooks/rest/", rasa, rasa_log)
        server = RasaServer(
            f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", tracker_db, work, [actions, rasa],
            action_args, server_env, api_token if enable_api else None, WEB_URL,
        )
        servers.append(server)
        return server

    yield start
    stop_processes(processes + [p for server in servers for p in server.processes if p not in processes])


@pytest.fixture(scope="session")
def rasa_server(start_rasa: Callable[..., RasaServer]) -> RasaServer:
    """One assistant shared by every test that talks to it (each test uses its own sender ids)."""
    # Every test comes from 127.0.0.1, so the per-address limit is lifted here; tests/test_input_limits.py checks it.
    return start_rasa(env={"RATE_LIMIT_PER_ADDRESS": "1000000"})


@pytest.fixture(scope="session")
def fault_server(start_rasa: Callable[..., RasaServer]) -> RasaServer:
    """An assistant of its own for the fault tests, which hang, kill and break its action server and database."""
    return start_rasa(env={"ACTION_TIMEOUT": "2", "RATE_LIMIT_PER_ADDRESS": "1000000"})


@pytest.fixture(scope="session")
def web_server(rasa_server: RasaServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The careers page server (`python -m web`) at WEB_URL, its widget talking to `rasa_server`."""
    log = tmp_path_factory.mktemp("web") / "web.log"
    port = WEB_URL.rsplit(":", 1)[1]
    process = start_process(
        [sys.executable, "-m", "web", "--host", "127.0.0.1", "--port", port, "--rasa-socket-url", rasa_server.url], log
    )
    try:
        wait_until_up(f"{WEB_URL}/health", process, log)
        yield WEB_URL
    finally:
        stop_processes([process])
