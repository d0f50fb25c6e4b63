"""The Markdown summary of a benchmark run: every figure beside its target, and what limits the unmet ones.

The explanations of unmet targets and the record of what was made faster are data, in
bench/notes.yml, written from profiling; this module only lays them out.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import yaml

from bench import conversations

NOTES = Path(__file__).resolve().parent / "notes.yml"
COMPARE: Dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, "<": operator.lt, "==": operator.eq,
}


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    path: Tuple[str, ...]
    relation: str
    value: float
    unit: str = ""


TARGETS = (
    Target("nlu_macro_f1", "held-out intent macro-F1", ("understanding", "results", "project", "intent_macro_f1"), ">=", 0.95),
    Target("nlu_margin", "macro-F1 above Rasa's default config", ("understanding", "macro_f1_points_above_default"), ">=", 3, " points"),
    Target("unsupported_amounts", "replies with an amount the knowledge base does not support", ("answers", "unsupported_amount_replies"), "==", 0),
    Target("conversation_turns", "conversation benchmark: turns right", ("conversations", "share_correct"), ">=", 0.95),
    *(
        Target(f"conversation_{c}", f"conversation benchmark: {c} turns right", ("conversations", "categories", c, "share_correct"), ">=", 0.90)
        for c in ("journey", "long_message", "no_data", "english", "reference", "smalltalk", "single")
    ),
    Target("conversation_amounts", "conversation replies with an unsupported amount", ("conversations", "unsupported_amount_replies"), "==", 0),
    Target("conversation_misattributed", "conversation replies answering an unknown with a known figure", ("conversations", "figure_for_unknown_replies"), "==", 0),
    Target("salary_p50", "salary turn p50, one user", ("latency", "project", "salary", "p50_ms"), "<=", 40, " ms"),
    Target("salary_p95", "salary turn p95, one user", ("latency", "project", "salary", "p95_ms"), "<=", 80, " ms"),
    Target("load10_rate", "throughput at 10 users", ("load", "project", "10", "messages_per_second"), ">=", 50, " msg/s"),
    Target("load10_p95", "p95 at 10 users", ("load", "project", "10", "p95_ms"), "<", 400, " ms"),
    Target("load50_errors", "errors at 50 users", ("load", "project", "50", "errors"), "==", 0),
    Target("load50_empty", "empty replies at 50 users", ("load", "project", "50", "empty_replies"), "==", 0),
    Target("memory", "peak memory of Rasa + action server + Telegram bridge", ("resources", "peak_rss_total_megabytes"), "<", 1200, " MB"),
    Target("startup", "`make run` to first answer (trained model)", ("resources", "make_run_to_first_answer_seconds"), "<", 25, " s"),
    Target("training", "full training", ("understanding", "results", "project", "training_seconds"), "<", 180, " s"),
)


def lookup(results: Dict[str, Any], path: Sequence[str]) -> Optional[Any]:
    node: Any = results
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def figure(value: Any, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.3f}" if abs(value) < 1 else f"{value:.{digits}f}"
    return str(value)


def verdicts(results: Dict[str, Any]) -> List[Tuple[Target, Optional[Any], Optional[bool]]]:
    """Each target with its measured value and whether it is met (None where this run did not measure it)."""
    out = []
    for target in TARGETS:
        value = lookup(results, target.path)
        out.append((target, value, None if value is None else COMPARE[target.relation](value, target.value)))
    return out


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> List[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(figure(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _targets(results: Dict[str, Any]) -> List[str]:
    rows = [
        (t.label, f"{figure(v)}{t.unit}" if v is not None else "not measured", f"{t.relation} {t.value}{t.unit}",
         {True: "met", False: "**not met**", None: "–"}[met])
        for t, v, met in verdicts(results)
    ]
    return ["## Targets", "", *_table(("what", "measured", "target", "status"), rows)]


def _understanding(results: Dict[str, Any]) -> List[str]:
    data = results.get("understanding", {})
    rows = [
        (name, r.get("intent_accuracy"), r.get("intent_macro_f1"), r.get("entity_f1"), r.get("fallback_rate"),
         r.get("training_seconds"), r.get("model_megabytes"))
        for name, r in data.get("results", {}).items()
    ]
    return [
        f"## Understanding ({data.get('examples')} held-out utterances, `{data.get('test_file')}`)", "",
        *_table(("pipeline", "intent accuracy", "macro-F1", "entity F1", "fallback rate", "training s", "model MB"), rows),
        f"Macro-F1 of the project's pipeline to Rasa's default: ratio {figure(data.get('macro_f1_ratio_to_default'))}, "
        f"{figure(data.get('macro_f1_points_above_default'))} points above. Training times of the baselines "
        "may come from Rasa's cache; the project's is a full training with an empty cache.", "",
    ]


def _answers(results: Dict[str, Any]) -> List[str]:
    data = results.get("answers", {})
    lines = [
        "## Answers over REST", "",
        f"{data.get('questions')} questions of `bench/questions.yml`: {data.get('correct')} answered correctly "
        f"(share {figure(data.get('share_correct'))}); replies with an amount the knowledge base does not support: "
        f"{data.get('unsupported_amount_replies')}; HTTP errors: {data.get('errors')}.", "",
    ]
    wrong = data.get("wrong", [])
    if wrong:
        lines += ["Not answered as expected:", ""]
        lines += [f"- „{w['ask']}“: missing {w['missing'] or '–'}, unsupported amounts {w['unsupported_amounts'] or '–'}" for w in wrong]
        lines.append("")
    return lines


def _conversations(results: Dict[str, Any]) -> List[str]:
    data = results.get("conversations", {})
    if not data:
        return []
    lines = [
        "## Conversations", "",
        f"{data.get('conversations')} conversations of `bench/conversations.yml` ({data.get('turns')} turns, written from the "
        f"articles by an author who had not seen the training data): {data.get('correct')} turns right (share "
        f"{figure(data.get('share_correct'), 3)}); multi-turn conversations right throughout: "
        f"{data.get('multi_turn_conversations_all_right')} of {data.get('multi_turn_conversations')}; replies with an "
        f"unsupported amount: {data.get('unsupported_amount_replies')}; a known figure given for something unknown: "
        f"{data.get('figure_for_unknown_replies')}; HTTP errors: {data.get('errors')}.", "",
        "| category | turns | right | share |", "| --- | --- | --- | --- |",
    ]
    lines += [f"| {name} | {c['turns']} | {c['correct']} | {figure(c['share_correct'], 3)} |" for name, c in data.get("categories", {}).items()]
    wrong = data.get("wrong", [])
    if wrong:
        lines += ["", "Turns not right (the benchmark is held out: look at each before adding training data):", ""]
        lines += [f"- [{w['category']}] {w['conversation']}: „{w['user']}“: {'; '.join(w['problems'])}" for w in wrong]
    return lines + [""] + _other_sets(results)


def _other_sets(results: Dict[str, Any]) -> List[str]:
    """The sets by other authors (bench/conversations.py SETS): how the assistant does on conversations it was not tuned on."""
    sets = {name: results[name] for name in conversations.OTHER_AUTHORS if results.get(name)}
    if not sets:
        return []
    categories = sorted({c for data in sets.values() for c in data.get("categories", {})})
    rounds = [name.removeprefix("conversations") for name in conversations.OTHER_AUTHORS if name.startswith("conversations_round")]
    lines = [
        "Sets by other authors, each written after the improvements the sets before it led to (`bench/conversations_unseen.yml`, "
        f"`_final`, `_blind`, `{rounds[0]}` to `{rounds[-1]}`: misses looked at once; `bench/conversations_sealed.yml`: measured once, its turns "
        "not read):", "",
        "| set | turns | right | share | " + " | ".join(categories) + " | unsupported amounts | known figure for an unknown |",
        "| --- " * (len(categories) + 6) + "|",
    ]
    for name, data in sets.items():
        shares = [figure(data.get("categories", {}).get(c, {}).get("share_correct"), 2) for c in categories]
        lines.append(
            f"| {name} | {data.get('turns')} | {data.get('correct')} | {figure(data.get('share_correct'), 3)} | "
            + " | ".join(shares) + f" | {data.get('unsupported_amount_replies')} | {data.get('figure_for_unknown_replies')} |"
        )
    return lines + [""]


CPU_COLUMNS = ("Rasa CPU ms/turn", "actions CPU ms/turn")


def _cpu(run: Dict[str, Any]) -> Tuple[Any, Any]:
    cpu = run.get("cpu_ms_per_turn") or {}
    return cpu.get("rasa_server"), cpu.get("action_server")


def _latency(results: Dict[str, Any]) -> List[str]:
    rows = [
        (server, turn, r.get("messages"), r.get("p50_ms"), r.get("p95_ms"), r.get("p99_ms"), r.get("errors"),
         *_cpu(r))
        for server, turns in results.get("latency", {}).items() for turn, r in turns.items()
    ]
    return ["## Latency per turn (one user, warm, REST on loopback)", "",
            *_table(("server", "turn", "turns", "p50 ms", "p95 ms", "p99 ms", "errors", *CPU_COLUMNS), rows),
            "CPU ms per turn is the processor time the server spent per message, which other work on the "
            "machine changes far less than the wall-clock figures.", ""]


def _load(results: Dict[str, Any]) -> List[str]:
    rows = [
        (server, users, r.get("messages"), r.get("messages_per_second"), r.get("p50_ms"), r.get("p95_ms"),
         r.get("p99_ms"), r.get("errors"), r.get("empty_replies"), "yes" if r.get("cut_by_time_limit") else "no",
         *_cpu(r))
        for server, by_users in results.get("load", {}).items() for users, r in by_users.items()
    ]
    return ["## Throughput and load (10-turn German conversations)", "",
            *_table(("server", "users", "messages", "msg/s", "p50 ms", "p95 ms", "p99 ms", "errors", "empty",
                     "cut by time limit", *CPU_COLUMNS), rows)]


def _resources(results: Dict[str, Any]) -> List[str]:
    data = results.get("resources", {})
    rows = [(server, role, mb) for server, roles in data.get("peak_rss_megabytes_by_service", {}).items() for role, mb in roles.items()]
    rows.append(("project", "telegram_bridge", data.get("peak_rss_megabytes", {}).get("telegram_bridge")))
    training = lookup(results, ("understanding", "results", "project", "training_seconds"))
    return [
        "## Resources", "",
        *_table(("server", "process", "peak RSS MB"), rows),
        f"Started with `{data.get('started_with')}`: first answer after {figure(data.get('make_run_to_first_answer_seconds'))} s"
        f"{' (it retrained first)' if data.get('make_run_retrained') else ''}. Full training: {figure(training)} s. "
        f"Model file: {figure(data.get('model_megabytes'))} MB.", "",
    ]


def _before_after(results: Dict[str, Any], notes: Dict[str, Any]) -> List[str]:
    def pick(server: str, *path: str) -> Any:
        return lookup(results, (path[0], server, *path[1:]))

    measures = (
        ("salary p50 ms", ("latency", "salary", "p50_ms")), ("salary p95 ms", ("latency", "salary", "p95_ms")),
        ("salary: Rasa CPU ms per turn", ("latency", "salary", "cpu_ms_per_turn", "rasa_server")),
        ("greeting p50 ms", ("latency", "greeting", "p50_ms")),
        ("10 users msg/s", ("load", "10", "messages_per_second")), ("10 users p95 ms", ("load", "10", "p95_ms")),
        ("Rasa server peak RSS MB", ("resources", "peak_rss_megabytes_by_service")),
    )
    rows = []
    for label, path in measures:
        if path[0] == "resources":
            before = lookup(results, (*path, "before", "rasa_server"))
            after = lookup(results, (*path, "project", "rasa_server"))
        else:
            before, after = pick("before", *path), pick("project", *path)
        rows.append((label, before, after))
    return [
        "## Making it fast: before and after, in this run", "",
        "Before: the same model and actions under plain `rasa run` with Rasa's own REST channel and defaults. "
        "After: `make run`.", "",
        *_table(("measure", "before", "after"), rows),
        notes.get("changes", "").strip(), "",
    ]


SCALING_PROCESSES = ("actions", "postgresql", "redis", "nginx")


def _scaling_cpu(run: Dict[str, Any]) -> Tuple[Any, ...]:
    """CPU ms per message: each Rasa server's (joined by ' / '), then the action server, PostgreSQL, Redis, nginx."""
    cpu = run.get("cpu_ms_per_turn") or {}
    rasa = " / ".join(figure(ms) for name, ms in sorted(cpu.items()) if name.startswith("rasa :"))
    return (rasa or None, *(cpu.get(name) for name in SCALING_PROCESSES))


def _scaling(results: Dict[str, Any], notes: Dict[str, Any]) -> List[str]:
    data = results.get("scaling")
    if not data:
        return []
    rows = [
        (setup, users, r.get("messages"), r.get("messages_per_second"), r.get("p50_ms"), r.get("p95_ms"),
         r.get("errors"), r.get("empty_replies"), *_scaling_cpu(r))
        for setup, by_users in data["setups"].items() for users, r in by_users.items()
    ]
    setups = list(data["setups"])
    comparison = [
        (users, c.get("throughput_ratio_two_to_one"), c.get("p95_ratio_two_to_one"),
         c.get("throughput_ratio_scaled_to_sqlite"), c.get("p95_ratio_scaled_to_sqlite"),
         *(c.get("cpu_ms_per_turn_all_processes", {}).get(setup) for setup in setups))
        for users, c in data["comparison"].items()
    ]
    return [
        "## Scaling out: one and two Rasa servers (`python -m bench.scaling`)", "",
        "The same 10-turn conversations against `make run` (SQLite, one Rasa server) and `make run-scaled` "
        "(PostgreSQL tracker store, Redis lock store, nginx in front) with one and with two Rasa servers, "
        "all started at once and loaded in turn at each user count. CPU: milliseconds of processor time "
        "per message of each process.", "",
        *_table(("set-up", "users", "messages", "msg/s", "p50 ms", "p95 ms", "errors", "empty",
                 "Rasa CPU ms (each server)", "actions CPU ms", "PostgreSQL CPU ms", "Redis CPU ms",
                 "nginx CPU ms"), rows),
        *_table(("users", "msg/s two ÷ one server", "p95 two ÷ one", "msg/s scaled ÷ SQLite (one server)",
                 "p95 scaled ÷ SQLite", *(f"CPU ms per message, all processes: {setup}" for setup in setups)),
                comparison),
        " ".join(str(notes.get("scaling", "")).split()), "",
    ]


def _unmet(results: Dict[str, Any], notes: Dict[str, Any]) -> List[str]:
    unmet = [(t, v) for t, v, met in verdicts(results) if met is False]
    if not unmet:
        return ["## Unmet targets", "", "None.", ""]
    limits = notes.get("limits", {})
    lines = ["## Unmet targets and what limits them", ""]
    for target, value in unmet:
        reason = " ".join(str(limits.get(target.key, "not yet analysed")).split())
        lines.append(f"- **{target.label}**: {figure(value)}{target.unit} (target {target.relation} {target.value}{target.unit}). {reason}")
    return lines + [""]


def render(results: Dict[str, Any]) -> str:
    notes = yaml.safe_load(NOTES.read_text(encoding="utf-8"))
    machine = results.get("machine", {})
    kind = "smoke run (a few turns, nothing trained)" if results.get("plan", {}).get("smoke") else "full run"
    header = [
        "# Benchmark summary", "",
        f"{kind}, {results.get('date')}, {results.get('bench_seconds')} s. Machine: {machine.get('cores')} cores "
        f"({machine.get('cpu')}), {machine.get('memory_gigabytes')} GB memory; Python {machine.get('python')}, "
        f"Rasa {machine.get('rasa')}. Load average at start {machine.get('load_average_at_start')}, at end "
        f"{machine.get('load_average_at_end')} (other work on the machine makes timings noisy; all servers "
        "were measured side by side in this one run). Raw figures: `bench.json`.", "",
    ]
    sections = [header, _targets(results), _unmet(results, notes), _understanding(results), _answers(results), _conversations(results),
                _latency(results), _load(results), _resources(results), _before_after(results, notes),
                _scaling(results, notes)]
    return "\n".join(line for section in sections for line in section).rstrip() + "\n"
