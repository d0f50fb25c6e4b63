"""Profiles one kind of turn of the running assistant with py-spy, as bench/notes.yml was written.

    python -m bench.profile_turn [--message TEXT] [--turns 150] [--out profile.txt]

Starts the project with scripts/run.sh on free ports, warms it up, records the Rasa server with
py-spy while one user sends the message again and again, and prints the functions holding the
largest share of the samples, callees included.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import signal
import subprocess
import tempfile
from pathlib import Path
from typing import Dict, List, Optional

from bench import loadgen, run, servers

SAMPLES_PER_SECOND = 200
WARMUP_TURNS = 20


def _function(frame: str) -> str:
    """'handle_message (rasa/core/processor.py:157)' -> 'handle_message (processor.py)'."""
    name, _, location = frame.partition(" (")
    return f"{name} ({location.split(':')[0].rsplit('/', 1)[-1].rstrip(')')})"


def inclusive_shares(raw: str) -> Dict[str, float]:
    """Share of samples per function ("name (file)") from py-spy's raw output, each counted once per stack."""
    counts: collections.Counter = collections.Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, number = line.rpartition(" ")
        total += int(number)
        frames = {_function(frame) for frame in stack.split(";")}
        counts.update({frame: int(number) for frame in frames})
    return {frame: count / total for frame, count in counts.most_common()} if total else {}


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--message", default=run.SALARY_QUESTION)
    parser.add_argument("--turns", type=int, default=150)
    parser.add_argument("--out", type=Path, default=Path("profile.txt"))
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-profile-") as work:
        service = servers.start_project(Path(work), via_make=False)
        try:
            servers.wait_for_answer(service)
            asyncio.run(loadgen.one_user(service.url, args.message, WARMUP_TURNS, "profile-warmup"))
            rasa_pid = service.pids()["rasa_server"][0]
            spy = subprocess.Popen(
                [str(servers.BIN / "py-spy"), "record", "-p", str(rasa_pid), "-r", str(SAMPLES_PER_SECOND), "-f", "raw",
                 "-o", str(args.out)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            turns = asyncio.run(loadgen.one_user(service.url, args.message, args.turns, "profile"))
            spy.send_signal(signal.SIGINT)
            spy.wait(timeout=60)
        finally:
            service.stop()
    print(loadgen.summarise(turns, sum(t.milliseconds for t in turns) / 1000))
    for frame, share in list(inclusive_shares(args.out.read_text()).items())[: args.top]:
        print(f"{100 * share:5.1f} %  {frame}")


if __name__ == "__main__":
    main()
