"""The Rasa patches (rasa_patches/): Rasa really calls each replacement on a real turn, and a mismatch leaves Rasa alone.

Both run in a fresh Python process, so that what is installed there is only what install() did.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Dict

from actions.knowledge import KnowledgeBase
from tests.conftest import MODEL, ROOT, RasaServer, salary_payload

# A real turn through Rasa's own Agent with the real action server and a SQLite tracker store; each
# replacement install() puts in is wrapped in a counter first, so the counts are Rasa's calls of them.
REAL_TURN = """
import asyncio, functools, json, sys
from collections import Counter
import rasa.core.actions.action as rasa_action
from rasa.core.agent import load_agent
from rasa.core.utils import AvailableEndpoints
from rasa.utils.endpoints import EndpointConfig
import rasa_patches
from rasa_patches import action_failure, action_result_validation, event_types, model_loading, tracker_store_errors

model, action_url, token, db, message = sys.argv[1:]
calls = Counter()

def counted(name, function):
    if asyncio.iscoroutinefunction(function):
        async def wrapper(*args, **kwargs):
            calls[name] += 1
            return await function(*args, **kwargs)
    else:
        def wrapper(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)
    return functools.wraps(function)(wrapper)

action_result_validation.validate_action_result = counted("validate_action_result", action_result_validation.validate_action_result)
model_loading.load_for_prediction = counted("load_for_prediction", model_loading.load_for_prediction)
event_types.resolve_by_type = counted("resolve_by_type", event_types.resolve_by_type)
for name in ("retrieve", "save"):
    setattr(tracker_store_errors, name, counted(name, getattr(tracker_store_errors, name)))
apologising = action_failure.apologising
action_failure.apologising = lambda rasa_run: counted("run_or_apologise", apologising(rasa_run))

installed = rasa_patches.install()
endpoints = AvailableEndpoints(
    action=EndpointConfig(action_url + "/webhook", headers={"X-Action-Token": token}),
    tracker_store=EndpointConfig(type="SQL", dialect="sqlite", db=db),
)

async def turn():
    agent = await load_agent(model_path=model, endpoints=endpoints)
    return await agent.handle_text(message, sender_id="patch-test")

replies = asyncio.run(turn())
print(json.dumps({"installed": installed, "calls": calls, "replies": replies,
                  "timeout": rasa_action.DEFAULT_REQUEST_TIMEOUT}))
"""

# Rasa as another release, and one of its functions already changed by someone else.
MISMATCH = """
import json, logging
import rasa
from rasa.core.actions.action import RemoteAction
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.utils.tensorflow.models import RasaModel
import rasa.core.actions.action as rasa_action
import rasa_patches

logging.basicConfig(level=logging.WARNING)
originals = (RemoteAction.run, RemoteAction._validate_action_result, RasaModel.load.__func__, FailSafeTrackerStore.retrieve,
             rasa_action.DEFAULT_REQUEST_TIMEOUT)
release = rasa.__version__
rasa.__version__ = "3.7.0"
other_release = rasa_patches.install()
after_other_release = (RemoteAction.run, RemoteAction._validate_action_result, RasaModel.load.__func__,
                       FailSafeTrackerStore.retrieve, rasa_action.DEFAULT_REQUEST_TIMEOUT)

rasa.__version__ = release
def someone_elses_check(self, result):
    return True
RemoteAction._validate_action_result = someone_elses_check
changed_function = rasa_patches.install()
print(json.dumps({
    "other_release": other_release,
    "untouched_by_other_release": after_other_release == originals,
    "changed_function": changed_function,
    "someone_elses_check_kept": RemoteAction._validate_action_result is someone_elses_check,
}))
"""


def _run(script: str, *args: str, env: Dict[str, str]) -> subprocess.CompletedProcess:
    """Runs `script` in a fresh Python process in the project folder."""
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2", **env},
    )


def test_rasa_calls_every_installed_replacement_on_a_real_turn(rasa_server: RasaServer, kb: KnowledgeBase, tmp_path: Path) -> None:
    done = _run(REAL_TURN, str(MODEL), rasa_server.action_url, rasa_server.env["ACTION_SERVER_TOKEN"],
                str(tmp_path / "tracker.db"), salary_payload(kb), env={"ACTION_TIMEOUT": "4.5"})
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(result["installed"].values()), result["installed"]
    assert result["timeout"] == 4.5
    for replacement in ("validate_action_result", "resolve_by_type", "load_for_prediction", "run_or_apologise", "retrieve", "save"):
        assert result["calls"].get(replacement, 0) >= 1, f"Rasa never called {replacement}: {result['calls']}"
    texts = [reply.get("text", "") for reply in result["replies"]]
    assert any("€" in text for text in texts), texts


def test_another_rasa_release_or_a_changed_function_leaves_rasa_untouched() -> None:
    done = _run(MISMATCH, env={})
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert not any(result["other_release"].values()), result
    assert result["untouched_by_other_release"]
    assert "written for Rasa 3.6.21, this is Rasa 3.7.0; Rasa's own code stays" in done.stderr
    assert result["changed_function"]["compiled action reply check"] is False
    assert result["someone_elses_check_kept"]
    assert "is not the code it was written for" in done.stderr
    others = {name: on for name, on in result["changed_function"].items() if name != "compiled action reply check"}
    assert all(others.values()), "the other patches still install"
