"""One and two Rasa servers side by side: the scaled profile (PostgreSQL, Redis, nginx) beside `make run`'s SQLite.

    python -m bench.scaling --out bench/results            # only this part: merged into bench.json, summary.md rewritten
    python -m bench.scaling --smoke --out /tmp/bench-smoke  # a few turns

`make bench` runs it after its other parts. Three set-ups are started at once, each as its make
target starts it, on free loopback ports, with their data in a temporary folder:

    sqlite, 1 server     scripts/run.sh (`make run`)
    scaled, 1 server     scripts/scaled/run.sh with SCALE=1 (`make run-scaled`), through nginx
    scaled, 2 servers    scripts/scaled/run.sh with SCALE=2, through nginx

At each user count they take turns, so that other work on the machine hits them alike. CPU time is
read per process: each Rasa server, the action server, PostgreSQL, Redis and nginx.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from bench import answer_quality, loadgen, servers, summary

SETUPS = ("sqlite, 1 server", "scaled, 1 server", "scaled, 2 servers")
SINGLE, SCALED_ONE, SCALED_TWO = SETUPS
FULL_LOAD: Tuple[Tuple[int, int], ...] = ((10, 3), (50, 1))  # (simulated users, conversations each)
SMOKE_LOAD: Tuple[Tuple[int, int], ...] = ((2, 1),)
WARMUP_TURNS = 10
TIME_LIMIT_SECONDS = 120.0


def _command_line(pid: int) -> List[str]:
    try:
        return [a.decode(errors="replace") for a in Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0") if a]
    except OSError:
        return []


def process_name(pid: int) -> Optional[str]:
    """Which server a process is: 'rasa :PORT' for each Rasa server, else its kind; None for shells and the like."""
    args = _command_line(pid)
    if not args:
        return None
    # PostgreSQL, Redis and nginx rewrite their command lines ("postgres: rasa rasa 127.0.0.1(…) idle").
    program = Path(args[0].split()[0]).name
    for prefix, name in (("postgres", "postgresql"), ("redis-server", "redis"), ("nginx", "nginx")):
        if program.startswith(prefix):
            return name
    role = servers.role_of(pid)
    if role == "rasa_server" and "--port" in args:
        return f"rasa :{args[args.index('--port') + 1]}"
    return "actions" if role == "action_server" else None


def cpu_by_process(service: servers.Service) -> Dict[str, float]:
    """CPU seconds used so far by each server process of the service (PostgreSQL's backends summed)."""
    used: Dict[str, float] = {}
    for pid in servers.descendants(service.process.pid):
        name = process_name(pid)
        if name:
            used[name] = used.get(name, 0.0) + servers.cpu_seconds_of(pid)
    return used


def free_consecutive_ports(count: int) -> int:
    """The first of `count` consecutive free loopback ports (the scaled profile numbers its Rasa servers)."""
    while True:
        base = servers.free_port()
        sockets = []
        try:
            for port in range(base, base + count):
                sock = socket.socket()
                sockets.append(sock)
                sock.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for sock in sockets:
                sock.close()


def start_scaled(work: Path, scale: int, data: Path) -> servers.Service:
    """`scripts/scaled/run.sh` with SCALE servers on free ports and its data in `data`."""
    nginx_port = servers.free_port()
    env = {
        "SCALE": str(scale), "SCALED_DIR": str(data), "SCALED_PORT": str(nginx_port),
        "RASA_BASE_PORT": str(free_consecutive_ports(scale)), "ACTION_PORT": str(servers.free_port()),
        "WEB_PORT": str(servers.free_port()), "DB_PORT": str(servers.free_port()),
        "REDIS_PORT": str(servers.free_port()),
    }
    return servers.launch(f"scaled ({scale})", ["scripts/scaled/run.sh"], work / f"scaled-{scale}.log", env, nginx_port)


async def _measure_one(service: servers.Service, users: int, conversations: int, conversation: Sequence[str],
                       time_limit: float, sender: str) -> Dict[str, object]:
    before = cpu_by_process(service)
    result = await loadgen.load(service.url, users, conversation, conversations, time_limit, sender)
    after = cpu_by_process(service)
    messages = int(result["messages"]) or 1
    result["cpu_ms_per_turn"] = {name: round(1000 * (after[name] - before.get(name, 0.0)) / messages, 1)
                                 for name in sorted(after)}
    return result


def _ratio(a: Optional[float], b: Optional[float]) -> Optional[float]:
    return round(a / b, 2) if a is not None and b else None


def compare(setups: Dict[str, Dict[str, Dict[str, object]]]) -> Dict[str, Dict[str, Optional[float]]]:
    """Per user count: two servers against one (throughput, p95), and the scaled profile against SQLite."""
    out: Dict[str, Dict[str, Optional[float]]] = {}
    for users in setups.get(SCALED_TWO, {}):
        one, two, single = (setups[name].get(users, {}) for name in (SCALED_ONE, SCALED_TWO, SINGLE))
        out[users] = {
            "throughput_ratio_two_to_one": _ratio(two.get("messages_per_second"), one.get("messages_per_second")),
            "p95_ratio_two_to_one": _ratio(two.get("p95_ms"), one.get("p95_ms")),
            "throughput_ratio_scaled_to_sqlite": _ratio(one.get("messages_per_second"), single.get("messages_per_second")),
            "p95_ratio_scaled_to_sqlite": _ratio(one.get("p95_ms"), single.get("p95_ms")),
            "cpu_ms_per_turn_all_processes": {
                name: round(sum(setups[name].get(users, {}).get("cpu_ms_per_turn", {}).values()), 1) for name in SETUPS
            },
        }
    return out


async def _measure(services: Dict[str, servers.Service], load: Sequence[Tuple[int, int]],
                   conversation: Sequence[str], time_limit: float) -> Dict[str, Dict[str, Dict[str, object]]]:
    for name, service in services.items():
        await loadgen.one_user(service.url, conversation[0], WARMUP_TURNS, f"warmup-scaling-{SETUPS.index(name)}")
    results: Dict[str, Dict[str, Dict[str, object]]] = {name: {} for name in services}
    for users, conversations in load:
        for name, service in services.items():
            results[name][str(users)] = await _measure_one(
                service, users, conversations, conversation, time_limit, f"scaling-{SETUPS.index(name)}-{users}")
    return results


def measure(work: Path, smoke: bool, conversation_turns: int) -> Dict[str, object]:
    """Starts the three set-ups, loads them in turn at each user count, stops them; figures and comparisons."""
    conversation = answer_quality.load_question_set()["conversation"][:conversation_turns]
    work = work / "scaling"  # beside, not over, the files of bench/run.py's own servers
    work.mkdir(exist_ok=True)
    services: Dict[str, servers.Service] = {}
    # Not under `work`, whose parent may be closed to Debian's postgres user, which runs PostgreSQL.
    data = Path(tempfile.mkdtemp(prefix="bench-scaled-"))
    data.chmod(0o755)
    try:
        services[SINGLE] = servers.start_project(work, via_make=False)
        services[SCALED_ONE] = start_scaled(work, 1, data / "one")
        services[SCALED_TWO] = start_scaled(work, 2, data / "two")
        for service in services.values():
            servers.wait_for_answer(service)
        load = SMOKE_LOAD if smoke else FULL_LOAD
        setups = asyncio.run(_measure(services, load, conversation, TIME_LIMIT_SECONDS))
    finally:
        for service in services.values():
            service.stop()
        shutil.rmtree(data, ignore_errors=True)
    return {"load": [list(pair) for pair in load], "setups": setups, "comparison": compare(setups)}


def main(argv: Optional[List[str]] = None) -> None:
    args = servers.benchmark_arguments(__doc__.splitlines()[0], "a few turns", argv)
    bench_json = args.out / "bench.json"
    results = json.loads(bench_json.read_text()) if bench_json.exists() else {}
    with tempfile.TemporaryDirectory(prefix="bench-scaling-") as work:
        results["scaling"] = measure(Path(work), args.smoke, 10)
    args.out.mkdir(parents=True, exist_ok=True)
    bench_json.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (args.out / "summary.md").write_text(summary.render(results))
    print(f"wrote the scaling section into {bench_json} and {args.out / 'summary.md'}")


if __name__ == "__main__":
    main()
