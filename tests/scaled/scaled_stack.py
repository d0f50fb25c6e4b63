"""The running scaled profile in the tests: start and stop its processes, read the stores."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Tuple

import psycopg2
import redis

from tests.conftest import ROOT, start_process, stop_processes, wait_for, wait_until_up

SCRIPTS = ROOT / "scripts" / "scaled"
READY_TIMEOUT_SECONDS = 60


@dataclass
class ScaledStack:
    """The running scaled profile: its processes by name, their logs, and the shared stores."""

    work: Path
    env: Dict[str, str]
    rasa_urls: List[str]
    nginx_url: str
    commands: Dict[str, List[str]]
    processes: Dict[str, subprocess.Popen] = field(default_factory=dict)

    def log(self, name: str) -> Path:
        return self.work / f"{name}.log"

    def start(self, name: str) -> None:
        """Starts one process (a fresh log per start) and waits until it serves."""
        log = self.log(name)
        if log.exists():
            log.rename(self.work / f"{name}.{time.monotonic_ns()}.log")
        process = start_process(self.commands[name], log, self.env)
        self.processes[name] = process
        if name == "postgres":
            wait_for(self.postgres_ready, process, log, READY_TIMEOUT_SECONDS)
        elif name == "redis":
            wait_for(self.redis_ready, process, log, READY_TIMEOUT_SECONDS)
        elif name == "actions":
            wait_until_up(f"http://127.0.0.1:{self.env['ACTION_PORT']}/health", process, log)
        elif name == "web":
            wait_until_up(f"http://127.0.0.1:{self.env['WEB_PORT']}/health", process, log)
        elif name == "nginx":
            wait_until_up(f"{self.nginx_url}/webhooks/rest/", process, log)
        else:
            wait_until_up(f"{self.rasa_urls[int(name.rsplit('-', 1)[1])]}/", process, log)

    def stop(self, name: str) -> None:
        """Stops one process: PostgreSQL with SIGINT (fast shutdown), the others with SIGTERM."""
        process = self.processes.pop(name)
        if name == "postgres":
            process.send_signal(signal.SIGINT)
        stop_processes([process])

    def postgres_ready(self) -> bool:
        try:
            self.query("SELECT 1")
            return True
        except psycopg2.OperationalError:
            return False

    def redis_ready(self) -> bool:
        try:
            return bool(self.redis().ping())
        except redis.RedisError:
            return False

    def redis(self) -> redis.Redis:
        return redis.Redis(host="127.0.0.1", port=int(self.env["REDIS_PORT"]), password=self.env["REDIS_PASSWORD"],
                           db=int(self.env["REDIS_DB"]), socket_timeout=5)

    def query(self, sql: str, *parameters: Any) -> List[Tuple[Any, ...]]:
        """Rows of one query against the tracker store's database (a new connection each time)."""
        connection = psycopg2.connect(host="127.0.0.1", port=self.env["DB_PORT"], user=self.env["DB_USER"],
                                      password=self.env["DB_PASSWORD"], dbname=self.env["DB_DATABASE"],
                                      connect_timeout=5)
        try:
            with connection.cursor() as cursor:
                cursor.execute(sql, parameters)
                return cursor.fetchall() if cursor.description else []
        finally:
            connection.close()

    def events(self, sender: str) -> List[Dict[str, Any]]:
        """The conversation's events as stored, in the order they were stored."""
        rows = self.query("SELECT data FROM events WHERE sender_id = %s ORDER BY id", sender)
        return [json.loads(data) for (data,) in rows]

    def user_texts(self, sender: str) -> List[str]:
        """What the visitor said, as stored: one entry per stored user event."""
        return [event.get("text") for event in self.events(sender) if event["event"] == "user"]

    def stored_user_events(self, senders: List[str]) -> int:
        """How many user messages of these conversations are stored."""
        rows = self.query("SELECT count(*) FROM events WHERE type_name = 'user' AND sender_id = ANY(%s)", senders)
        return int(rows[0][0])

    def rasa_names(self) -> List[str]:
        return [name for name in self.commands if name.startswith("rasa-")]

    def stop_all(self) -> None:
        for name in [n for n in self.processes if n != "postgres"]:
            self.stop(name)
        if "postgres" in self.processes:
            self.stop("postgres")
