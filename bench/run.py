"""`make bench`: understanding, answers, latency, load and resources of the assistant, beside its baselines, in one run.

    python -m bench.run --out bench/results             # the benchmark: about 10 to 15 minutes on 2 cores
    python -m bench.run --smoke --out /tmp/bench-smoke  # a few turns of every part; trains nothing

Every server is started here on free loopback ports and stopped at the end, also on errors:
the project as `make run` starts it (the "after"), the same model under plain `rasa run` with
Rasa's defaults (the "before"), and the `rasa init` reference; then bench/scaling.py sets one and
two Rasa servers of the scaled profile beside `make run`. Results: OUT/bench.json and OUT/summary.md.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Awaitable, Dict, List, Optional, Sequence, Tuple, TypeVar

from actions.knowledge import knowledge_base
from bench import answer_quality, conversations, loadgen, reference, scaling, servers, summary, telegram_memory

ROOT = servers.ROOT
T = TypeVar("T")
MODEL = ROOT / "models" / "current.tar.gz"
GREETING = "Hallo"
SALARY_QUESTION = "Wie viel Gehalt bekommt ein Medizin-Ingenieur in Duisburg?"
REFERENCE_GREETING = "hello"
# The turns timed for one user, per server: the greeting of the `rasa init` bot is its only comparable turn.
LATENCY_TURNS = {
    "project": {"greeting": GREETING, "salary": SALARY_QUESTION},
    "before": {"greeting": GREETING, "salary": SALARY_QUESTION},
    "reference": {"greeting": REFERENCE_GREETING},
}


@dataclass(frozen=True)
class Plan:
    """How much of everything one run does; every count and time limit is here."""

    smoke: bool
    questions: Optional[int]
    conversations: Optional[int]
    warmup_turns: int
    latency_rounds: int
    latency_turns_per_round: int
    conversation_turns: int
    project_load: Tuple[Tuple[int, int], ...]  # (simulated users, conversations each)
    baseline_load: Tuple[int, int]
    load_time_limit_seconds: float
    telegram_chats: int


FULL = Plan(False, None, None, 20, 5, 40, 10, ((1, 3), (10, 3), (50, 1)), (10, 3), 90.0, 5)
SMOKE = Plan(True, 4, 3, 2, 1, 3, 3, ((1, 1), (2, 1)), (2, 1), 30.0, 1)


def machine() -> Dict[str, object]:
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:"))
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.machine())
    return {
        "cores": os.cpu_count(), "memory_gigabytes": round(memory_kb / 1024 ** 2, 1), "cpu": cpu,
        "python": platform.python_version(), "rasa": reference.rasa_version(),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def understanding(work: Path, plan: Plan) -> Dict[str, object]:
    """bench/understanding.py in its own process, so that TensorFlow stays out of the load generator."""
    out, log = work / "understanding.json", work / "understanding.log"
    with open(log, "w") as handle:
        done = subprocess.run(
            [sys.executable, "-m", "bench.understanding", "--out", str(out), *(["--smoke"] if plan.smoke else [])],
            cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT, check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(f"bench.understanding failed:\n{log.read_text(errors='replace')[-3000:]}")
    return json.loads(out.read_text())


SERVER_ROLES = ("rasa_server", "action_server")


async def _turns_and_cpu(service: servers.Service, turns: Awaitable[T]) -> Tuple[T, Dict[str, float]]:
    """What `turns` returns, and the CPU seconds the service's servers spent meanwhile."""
    before = service.cpu_seconds()
    result = await turns
    after = service.cpu_seconds()
    return result, {role: after.get(role, 0.0) - before.get(role, 0.0) for role in SERVER_ROLES}


def _cpu_milliseconds_per_turn(cpu_seconds: Dict[str, float], turns: int) -> Dict[str, Optional[float]]:
    return {role: round(1000 * seconds / turns, 1) if turns else None for role, seconds in cpu_seconds.items()}


async def latency(services: Dict[str, servers.Service], plan: Plan) -> Dict[str, Dict[str, object]]:
    """One user, warm: the servers take turns in rounds, so that the machine's other work hits them alike."""
    cases = [(name, kind, message) for name in services for kind, message in LATENCY_TURNS[name].items()]
    for name, kind, message in cases:
        await loadgen.one_user(services[name].url, message, plan.warmup_turns, f"warmup-{name}-{kind}")
    turns: Dict[Tuple[str, str], List[loadgen.Turn]] = {(name, kind): [] for name, kind, _ in cases}
    cpu: Dict[Tuple[str, str], Dict[str, float]] = {(name, kind): dict.fromkeys(SERVER_ROLES, 0.0) for name, kind, _ in cases}
    for round_number in range(plan.latency_rounds):
        for name, kind, message in cases:
            measured, used = await _turns_and_cpu(services[name], loadgen.one_user(
                services[name].url, message, plan.latency_turns_per_round, f"latency-{name}-{kind}-{round_number}"
            ))
            turns[name, kind] += measured
            cpu[name, kind] = {role: cpu[name, kind][role] + used[role] for role in SERVER_ROLES}
    results: Dict[str, Dict[str, object]] = {name: {} for name in services}
    for (name, kind), measured in turns.items():
        results[name][kind] = {
            **loadgen.summarise(measured, sum(t.milliseconds for t in measured) / 1000),
            "cpu_ms_per_turn": _cpu_milliseconds_per_turn(cpu[name, kind], len(measured)),
        }
    return results


async def load(services: Dict[str, servers.Service], plan: Plan, conversation: Sequence[str]) -> Dict[str, Dict[str, object]]:
    """The project at every user count; 'before' and the reference at the baseline count, right after the project's."""
    users_for_baselines, conversations_for_baselines = plan.baseline_load
    results: Dict[str, Dict[str, object]] = {name: {} for name in services}

    async def measure(name: str, users: int, conversations: int) -> None:
        service = services[name]
        result, used = await _turns_and_cpu(service, loadgen.load(
            service.url, users, conversation, conversations, plan.load_time_limit_seconds, f"load-{name}-{users}"
        ))
        results[name][str(users)] = {**result, "cpu_ms_per_turn": _cpu_milliseconds_per_turn(used, int(result["messages"]))}

    for users, conversations_each in plan.project_load:
        await measure("project", users, conversations_each)
        if users == users_for_baselines:
            for name in (n for n in services if n != "project"):
                await measure(name, users, conversations_for_baselines)
    return results


def serve_and_measure(work: Path, plan: Plan) -> Dict[str, object]:
    """Starts the servers, measures answers, latency, load and memory, and stops them all."""
    question_set = answer_quality.load_question_set()
    conversation = question_set["conversation"][: plan.conversation_turns]
    reference_model = None if plan.smoke else reference.reference_model(work / "reference-training.log")
    services: Dict[str, servers.Service] = {}
    try:
        model_time = MODEL.stat().st_mtime
        services["project"] = servers.start_project(work, via_make=not plan.smoke)
        first_answer = servers.wait_for_answer(services["project"])
        if reference_model is not None:
            services["before"] = servers.start_plain(work, MODEL)
            services["reference"] = servers.start_reference(work, reference_model)
            servers.wait_for_answer(services["before"])
            servers.wait_for_answer(services["reference"], REFERENCE_GREETING, mark="")
        project_url = services["project"].url
        answers = asyncio.run(answer_quality.evaluate(project_url, question_set["questions"], knowledge_base(), plan.questions))
        held = {
            name: asyncio.run(conversations.evaluate(project_url, conversations.load_conversations(path), knowledge_base(), plan.conversations))
            for name, path in conversations.SETS.items()
        }
        timings = asyncio.run(latency(services, plan))
        loads = asyncio.run(load(services, plan, conversation))
        telegram = asyncio.run(telegram_memory.exercise_bridge(work, project_url, plan.telegram_chats, conversation))
        memory = {name: service.peak_rss_megabytes() for name, service in services.items()}
    finally:
        for service in services.values():
            service.stop()
    project_memory = {role: memory["project"].get(role) for role in ("rasa_server", "action_server")}
    project_memory["telegram_bridge"] = telegram["peak_rss_megabytes"]
    return {
        "answers": answers,
        **held,
        "latency": timings,
        "load": loads,
        "resources": {
            "make_run_to_first_answer_seconds": first_answer,
            "make_run_retrained": MODEL.stat().st_mtime != model_time,
            "started_with": "make run" if not plan.smoke else "scripts/run.sh",
            "peak_rss_megabytes": project_memory,
            "peak_rss_total_megabytes": round(sum(v or 0 for v in project_memory.values()), 1),
            "peak_rss_megabytes_by_service": memory,
            "model_megabytes": round(MODEL.stat().st_size / 1e6, 1),
            "telegram": telegram,
        },
    }


def main(argv: Optional[List[str]] = None) -> None:
    args = servers.benchmark_arguments(__doc__.splitlines()[0], "a few turns of every part; trains nothing", argv)
    plan = SMOKE if args.smoke else FULL
    started = time.monotonic()
    results: Dict[str, object] = {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"), "machine": machine(), "plan": asdict(plan),
    }
    with tempfile.TemporaryDirectory(prefix="bench-") as work:
        print("understanding and training ...", flush=True)
        results["understanding"] = understanding(Path(work), plan)
        print("servers: answers, latency, load, memory ...", flush=True)
        results.update(serve_and_measure(Path(work), plan))
        print("scaling: one and two Rasa servers with PostgreSQL and Redis, beside SQLite ...", flush=True)
        results["scaling"] = scaling.measure(Path(work), plan.smoke, plan.conversation_turns)
    results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]  # type: ignore[index]
    results["bench_seconds"] = round(time.monotonic() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    (args.out / "summary.md").write_text(summary.render(results))
    print(f"wrote {args.out / 'bench.json'} and {args.out / 'summary.md'} in {results['bench_seconds']} s")


if __name__ == "__main__":
    main()
