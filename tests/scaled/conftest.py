"""The scaled profile on free loopback ports, started from its own scripts and endpoints file.

PostgreSQL (scripts/scaled/postgres.sh), Redis (scripts/scaled/redis.sh), the action server, two Rasa
servers reading endpoints.scaled.yml, the careers page and nginx (scripts/scaled/nginx.sh) in front.
Their data goes into a temporary folder that Debian's postgres user can reach; everything is
stopped and removed at the end of the session.
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest

from scaled_stack import SCRIPTS, ScaledStack
from tests.conftest import MODEL, ROOT, free_port

RASA_SERVERS = 2


@pytest.fixture(scope="session")
def scaled() -> Iterator[ScaledStack]:
    """The scaled profile with two Rasa servers; the tests may stop and restart any of its processes."""
    if not MODEL.exists():
        pytest.fail(f"No trained model at {MODEL}: run `make train` (or `make test`, which trains first).")
    if subprocess.run([str(SCRIPTS / "installed.sh")]).returncode != 0:
        pytest.fail("PostgreSQL, Redis or nginx is missing: `make install` installs them (Debian packages).")
    # Not under pytest's tmp_path: its parent is closed to Debian's postgres user, which runs PostgreSQL.
    work = Path(tempfile.mkdtemp(prefix="scaled-test-"))
    work.chmod(0o755)
    rasa_ports = [free_port() for _ in range(RASA_SERVERS)]
    nginx_url = f"http://127.0.0.1:{free_port()}"
    env = {
        "DB_HOST": "127.0.0.1", "DB_PORT": str(free_port()), "DB_USER": "rasa", "DB_DATABASE": "rasa",
        "DB_PASSWORD": secrets.token_hex(16), "PG_DATA": str(work / "pg"),
        "ACTION_SERVER_TOKEN": secrets.token_hex(16), "SESSION_SECRET": secrets.token_hex(16),
        # The load tests send 2,000 messages from one address, far beyond a visitor's limit, and 50 turns
        # at once queue at the one action server on 2 cores for longer than a visitor's 2 s: these tests
        # check order and storage across servers, tests/test_faults.py the timeout.
        "SANIC_REAL_IP_HEADER": "X-Real-IP", "RATE_LIMIT_PER_ADDRESS": "1000000", "ACTION_TIMEOUT": "60",
        "REDIS_HOST": "127.0.0.1", "REDIS_PORT": str(free_port()), "REDIS_DB": "1",
        "REDIS_PASSWORD": secrets.token_hex(16), "REDIS_DATA": str(work / "redis"),
        "ACTION_PORT": str(free_port()), "WEB_PORT": str(free_port()), "NGINX_DIR": str(work / "nginx"),
        "SCALED_PORT": nginx_url.rsplit(":", 1)[1], "RASA_PORTS": " ".join(map(str, rasa_ports)),
        "WEB_ORIGINS": nginx_url, "CHART_BASE_URL": nginx_url, "RASA_SOCKET_URL": nginx_url,
    }
    env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{env['ACTION_PORT']}/webhook"
    commands = {
        "postgres": [str(SCRIPTS / "postgres.sh")],
        "redis": [str(SCRIPTS / "redis.sh")],
        "actions": [sys.executable, "-m", "assistant.action_server", "--port", env["ACTION_PORT"]],
        "web": [sys.executable, "-m", "web", "--host", "127.0.0.1", "--port", env["WEB_PORT"]],
        "nginx": [str(SCRIPTS / "nginx.sh")],
    }
    for number, port in enumerate(rasa_ports):
        commands[f"rasa-{number}"] = [
            sys.executable, "-m", "assistant.serve", "run", "--model", str(MODEL), "--interface", "127.0.0.1", "--port", str(port),
            "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(ROOT / "endpoints.scaled.yml"),
        ]
    stack = ScaledStack(work, env, [f"http://127.0.0.1:{port}" for port in rasa_ports], nginx_url, commands)
    try:
        for name in ("postgres", "redis", "actions", "web"):
            stack.start(name)
        # One after the other: the first creates the tracker store's tables.
        for number in range(RASA_SERVERS):
            stack.start(f"rasa-{number}")
        stack.start("nginx")
        yield stack
    finally:
        stack.stop_all()
        # The servers' logs stay in artifacts/ (not committed) for a look after a failure.
        logs = ROOT / "artifacts" / "scaled-logs"
        shutil.rmtree(logs, ignore_errors=True)
        logs.mkdir(parents=True)
        for log in work.glob("*.log"):
            shutil.copy(log, logs / log.name)
        shutil.rmtree(work, ignore_errors=True)
