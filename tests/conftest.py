"""Shared fixtures: the knowledge base, and a real Rasa server with its action server on free ports."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Iterator, List, Optional

import pytest
import requests

from actions.knowledge import KnowledgeBase, knowledge_base

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "models" / "current.tar.gz"
BIN = Path(sys.executable).parent
START_TIMEOUT_SECONDS = 180


@dataclass
class RasaServer:
    """A running Rasa server (REST and socket.io channels, HTTP API) and action server."""

    url: str
    action_url: str
    tracker_db: Path
    log_dir: Path
    processes: List[subprocess.Popen]

    def stop(self) -> None:
        stop_processes(self.processes)

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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The address of the web tests' page server (tests/web), fixed before any Rasa starts: Rasa admits
# socket.io connections from this origin, and the action server links its salary charts there.
WEB_URL = f"http://127.0.0.1:{free_port()}"


def wait_until_up(url: str, process: subprocess.Popen, log: Path, timeout: float = START_TIMEOUT_SECONDS) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[:3]} exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up within {timeout} s:\n{log.read_text()[-3000:]}")


def start_process(args: List[str], log: Path, extra_env: Optional[Dict[str, str]] = None) -> subprocess.Popen:
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
           "WEB_ORIGINS": WEB_URL, "CHART_BASE_URL": WEB_URL, **(extra_env or {})}
    with open(log, "w") as handle:
        return subprocess.Popen(args, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)


def stop_processes(processes: List[subprocess.Popen]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    return knowledge_base()


@pytest.fixture(scope="session")
def start_rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., RasaServer]]:
    """Starts action server and Rasa with the trained model on free loopback ports; stops them all at the end."""
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` (or `make test`, which trains first).")
    processes: List[subprocess.Popen] = []

    def start(tracker_db: Optional[Path] = None) -> RasaServer:
        work = tmp_path_factory.mktemp("rasa")
        action_port, rasa_port = free_port(), free_port()
        endpoints = work / "endpoints.yml"
        tracker_db = tracker_db or work / "tracker.db"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{action_port}/webhook"\n'
            f'tracker_store:\n  type: SQL\n  dialect: "sqlite"\n  db: "{tracker_db}"\n'
        )
        action_log, rasa_log = work / "actions.log", work / "rasa.log"
        actions = start_process([str(BIN / "rasa"), "run", "actions", "--port", str(action_port)], action_log)
        processes.append(actions)
        rasa = start_process(
            [str(BIN / "rasa"), "run", "--model", str(MODEL), "--interface", "127.0.0.1", "--port", str(rasa_port),
             "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml"), "--enable-api"],
            rasa_log,
        )
        processes.append(rasa)
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, action_log)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/status", rasa, rasa_log)
        return RasaServer(
            f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", tracker_db, work, [actions, rasa]
        )

    yield start
    stop_processes(processes)


@pytest.fixture(scope="session")
def rasa_server(start_rasa: Callable[..., RasaServer]) -> RasaServer:
    """One assistant shared by every test that talks to it (each test uses its own sender ids)."""
    return start_rasa()


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
