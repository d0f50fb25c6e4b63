"""Data protection: deleting a visitor's conversation, purging old ones, and the German privacy notice.

    python -m channels.privacy purge [--endpoints endpoints.yml]   (`make purge`)

Conversations live in the SQL tracker store; `forget` deletes every stored event of one
conversation, `purge` every conversation whose last event is older than RETENTION_DAYS (default 30).
Rasa purges once an hour while it runs (`schedule_retention`, started by the channels).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import time
from pathlib import Path
from typing import Any

from sanic import Blueprint

from assistant.privacy_notice import retention_days

logger = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 3600
FORGOTTEN = "Ihr Gesprächsverlauf ist gelöscht: Ich habe alle gespeicherten Nachrichten dieses Gesprächs entfernt."
FORGET_FAILED = (
    "Entschuldigung, das Löschen hat wegen einer technischen Störung nicht geklappt. "
    "Bitte versuchen Sie es in ein paar Minuten noch einmal."
)


def sql_store(tracker_store: Any) -> Any:
    """Rasa's SQLTrackerStore inside the wrappers Rasa puts around it."""
    while hasattr(tracker_store, "_tracker_store"):
        tracker_store = tracker_store._tracker_store
    if not hasattr(tracker_store, "session_scope"):
        raise TypeError(f"not a SQL tracker store: {type(tracker_store).__name__}")
    return tracker_store


def _delete_conversation(store: Any, sender_id: str) -> int:
    with store.session_scope() as session:
        deleted = session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete()
        session.commit()
    return int(deleted)


def _delete_older_than(store: Any, cutoff: float) -> int:
    import sqlalchemy as sa

    event = store.SQLEvent
    with store.session_scope() as session:
        stale = session.query(event.sender_id).group_by(event.sender_id).having(sa.func.max(event.timestamp) < cutoff)
        deleted = session.query(event).filter(event.sender_id.in_(stale.subquery())).delete(synchronize_session=False)
        session.commit()
    return int(deleted)


async def forget(tracker_store: Any, sender_id: str) -> int:
    """Deletes every stored event of one conversation; returns how many."""
    return await asyncio.to_thread(_delete_conversation, sql_store(tracker_store), sender_id)


async def purge(tracker_store: Any, days: int) -> int:
    """Deletes every conversation with no event in the last `days` days; returns how many events went."""
    deleted = await asyncio.to_thread(_delete_older_than, sql_store(tracker_store), time.time() - days * 86400)
    logger.info("Retention: %d events of conversations older than %d days deleted", deleted, days)
    return deleted


def schedule_retention(blueprint: Blueprint) -> None:
    """Makes the Rasa server that registers `blueprint` purge old conversations every hour while it runs."""

    @blueprint.listener("after_server_start")
    async def start_purging(app: Any, _: Any) -> None:
        if getattr(app.ctx, "retention_task", None) is None:
            app.ctx.retention_task = asyncio.create_task(_purge_forever(app))

    @blueprint.listener("before_server_stop")
    async def stop_purging(app: Any, _: Any) -> None:
        task = getattr(app.ctx, "retention_task", None)
        if task is not None:
            task.cancel()
            app.ctx.retention_task = None


async def _purge_forever(app: Any) -> None:
    while True:
        try:
            await purge(app.ctx.agent.tracker_store, retention_days())
        except Exception as error:  # the next round tries again; the visitors' turns go on meanwhile
            logger.error("Retention purge failed: %s", type(error).__name__)
        await asyncio.sleep(PURGE_INTERVAL_SECONDS)


def open_store(endpoints: Path) -> Any:
    """The SQL tracker store configured in `endpoints`, opened for writing."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.utils.endpoints import read_endpoint_config

    # endpoints.yml names the action server's secret; purging calls no action, so an unset one is empty.
    os.environ.setdefault("ACTION_SERVER_TOKEN", "")
    config = read_endpoint_config(str(endpoints), "tracker_store")
    if config is None or config.type != "SQL":
        raise SystemExit(f"{endpoints}: kein tracker_store mit type: SQL")
    return SQLTrackerStore(domain=Domain.empty(), host=config.url, **config.kwargs)


def main() -> None:
    """`make purge`: deletes the conversations older than RETENTION_DAYS now."""
    parser = argparse.ArgumentParser(prog="python -m channels.privacy")
    parser.add_argument("command", choices=["purge"])
    parser.add_argument("--endpoints", type=Path, default=Path("endpoints.yml"))
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    deleted = asyncio.run(purge(open_store(args.endpoints), retention_days()))
    print(f"{deleted} Ereignisse aus Gesprächen gelöscht, die älter als {retention_days()} Tage sind.")


if __name__ == "__main__":
    main()
