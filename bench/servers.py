"""The servers the benchmark measures: started on free loopback ports, timed to their first answer, stopped.

Every service runs in its own process group, so that stopping it ends `make`, `scripts/run.sh`
and every server they started, and nothing else. Peak memory is the kernel's high-water mark
of resident memory (VmHWM) of each process, read before the service stops.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import sys
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Mapping, Optional, Sequence

import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
WEBHOOK = "/webhooks/rest/webhook"
START_TIMEOUT_SECONDS = 240
STOP_TIMEOUT_SECONDS = 30
# What the first answer must contain to count: a salary reply states euro amounts.
FIRST_QUESTION = "Was verdient ein Medizin-Ingenieur in Duisburg?"
FIRST_ANSWER_MARK = "€"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def write_endpoints(path: Path, action_port: Optional[int], tracker_db: Optional[Path], action_token: str = "") -> Path:
    """An endpoints.yml for one service: its own action server port (and shared secret) and SQLite file."""
    lines = []
    if action_port:
        lines += ["action_endpoint:", f'  url: "http://127.0.0.1:{action_port}/webhook"']
    if action_port and action_token:
        lines += ["  headers:", f'    X-Action-Token: "{action_token}"']
    if tracker_db:
        lines += ["tracker_store:", "  type: SQL", '  dialect: "sqlite"', f'  db: "{tracker_db}"']
    path.write_text("\n".join(lines) + "\n")
    return path


def descendants(pid: int) -> List[int]:
    """Every descendant of `pid`, read from /proc."""
    parents: Dict[int, List[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        queue.extend(parents.get(current, []))
    return found


def role_of(pid: int) -> Optional[str]:
    """Which server a process is, from its command line; None for make, bash and the like."""
    try:
        args = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    line = " ".join(a.decode(errors="replace") for a in args)
    if "telegram_bridge" in line:
        return "telegram_bridge"
    if "python" not in line:
        return None
    if " -m web" in line:
        return "web_page"
    if " run actions" in line or " -m assistant.action_server" in line:
        return "action_server"
    if " run" in line:
        return "rasa_server"
    return None


def cpu_seconds_of(pid: int) -> float:
    """User and system CPU time of a process so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_rss_megabytes(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    line = next((line for line in status.splitlines() if line.startswith("VmHWM:")), "VmHWM: 0 kB")
    return int(line.split()[1]) / 1024


@dataclass
class Service:
    """A running service: its URL, its process group and its log."""

    name: str
    url: str
    process: subprocess.Popen
    log: Path
    launched_at: float
    first_answer_seconds: Optional[float] = None
    notes: Dict[str, str] = field(default_factory=dict)

    def pids(self) -> Dict[str, List[int]]:
        """The service's server processes by role (rasa_server, action_server, ...)."""
        roles: Dict[str, List[int]] = {}
        for pid in descendants(self.process.pid):
            role = role_of(pid)
            if role:
                roles.setdefault(role, []).append(pid)
        return roles

    def peak_rss_megabytes(self) -> Dict[str, float]:
        """Peak resident memory per server role, summed over that role's processes (Sanic workers)."""
        return {role: round(sum(map(_peak_rss_megabytes, pids)), 1) for role, pids in sorted(self.pids().items())}

    def cpu_seconds(self) -> Dict[str, float]:
        """CPU time used so far per server role: less sensitive to other work on the machine than wall time."""
        return {role: sum(map(cpu_seconds_of, pids)) for role, pids in sorted(self.pids().items())}

    def stop(self) -> None:
        """SIGTERM to the service's process group, SIGKILL to what is left after a grace period."""
        if self.process.poll() is None:
            _signal_group(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        _signal_group(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def log_tail(self, characters: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-characters:] if self.log.exists() else ""


def _signal_group(group: int, sig: int) -> None:
    try:
        os.killpg(group, sig)
    except ProcessLookupError:
        pass


def launch(name: str, args: List[str], log: Path, env: Mapping[str, str], port: int, cwd: Path = ROOT) -> Service:
    """Starts `args` in a new process group with its output in `log`."""
    full_env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2", **env}
    with open(log, "w") as out:
        process = subprocess.Popen(
            args, cwd=cwd, env=full_env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Service(name, f"http://127.0.0.1:{port}", process, log, time.monotonic())


def wait_for_answer(service: Service, message: str = FIRST_QUESTION, mark: str = FIRST_ANSWER_MARK,
                    timeout: float = START_TIMEOUT_SECONDS) -> float:
    """Seconds from launch to the first reply to `message` that contains `mark`; raises if none comes in time.

    Every attempt uses a new sender, so that a failed early attempt leaves no state behind.
    """
    deadline = service.launched_at + timeout
    attempt = 0
    while time.monotonic() < deadline:
        if service.process.poll() is not None:
            raise RuntimeError(f"{service.name} exited with {service.process.returncode}:\n{service.log_tail()}")
        attempt += 1
        try:
            reply = requests.post(
                service.url + WEBHOOK, json={"sender": f"startup-{attempt}", "message": message}, timeout=10
            )
            if reply.status_code == 200 and any(mark in (m.get("text") or "") for m in reply.json()):
                service.first_answer_seconds = time.monotonic() - service.launched_at
                return service.first_answer_seconds
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{service.name} gave no answer within {timeout} s:\n{service.log_tail()}")


def start_project(work: Path, via_make: bool = True) -> Service:
    """The project as `make run` starts it (or scripts/run.sh, which `make run` runs), on free ports, with its own tracker store."""
    rasa_port, action_port = free_port(), free_port()
    action_token = secrets.token_hex(16)
    endpoints = write_endpoints(work / "endpoints-project.yml", action_port, work / "project-tracker.db", action_token)
    env = {"RASA_PORT": str(rasa_port), "ACTION_PORT": str(action_port), "RASA_ENDPOINTS": str(endpoints),
           "WEB_PORT": str(free_port()), "TELEGRAM_BOT_TOKEN": "", "ACTION_SERVER_TOKEN": action_token,
           # the simulated users all come from 127.0.0.1: the per-address limit would measure itself
           "RATE_LIMIT_PER_ADDRESS": "1000000"}
    args = ["make", "--no-print-directory", "run"] if via_make else ["scripts/run.sh"]
    return launch("project (make run)", args, work / "project.log", env, rasa_port)


def start_plain(work: Path, model: Path) -> Service:
    """The 'before': the same model and actions served by plain `rasa run` with Rasa's own REST channel and defaults."""
    rasa_port, action_port = free_port(), free_port()
    endpoints = write_endpoints(work / "endpoints-plain.yml", action_port, work / "plain-tracker.db")
    credentials = work / "credentials-plain.yml"
    credentials.write_text("rest:\n")
    script = (
        f'"{BIN}/rasa" run actions --port {action_port} & '
        f'"{BIN}/rasa" run --model "{model}" --interface 127.0.0.1 --port {rasa_port} '
        f'--endpoints "{endpoints}" --credentials "{credentials}" & wait'
    )
    return launch("project (plain rasa run)", ["bash", "-c", script], work / "plain.log", {}, rasa_port)


def start_reference(work: Path, model: Path) -> Service:
    """The `rasa init` assistant served by one `rasa run` with the REST channel, as its project would."""
    folder = work / "reference"
    folder.mkdir(exist_ok=True)
    (folder / "credentials.yml").write_text("rest:\n")
    port = free_port()
    args = [str(BIN / "rasa"), "run", "--model", str(model), "--interface", "127.0.0.1", "--port", str(port),
            "--credentials", "credentials.yml"]
    return launch("reference (rasa init)", args, work / "reference.log", {}, port, cwd=folder)


def start_telegram_bridge(work: Path, api_base_url: str, token: str, rasa_url: str) -> Service:
    """The Telegram front end, talking to a Bot API stand-in at `api_base_url` and to Rasa at `rasa_url`."""
    env = {
        "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": api_base_url, "RASA_URL": rasa_url,
        "TELEGRAM_POLL_TIMEOUT": "1", "TELEGRAM_WEBHOOK_URL": "", "PYTHONPATH": str(ROOT),
    }
    return launch("telegram bridge", [str(BIN / "python"), "-m", "telegram_bridge"], work / "telegram.log", env, 0)


def benchmark_arguments(description: str, smoke_help: str, argv: Optional[Sequence[str]] = None) -> argparse.Namespace:
    """`--out` and `--smoke` of a benchmark's command line; a SIGTERM then ends the run like Ctrl-C does,
    through the `finally` that stops every server it started."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--smoke", action="store_true", help=smoke_help)
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return args
