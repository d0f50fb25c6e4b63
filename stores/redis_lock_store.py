"""Rasa's Redis lock store with each change of a conversation's lock made atomically.

Rasa 3.6's `RedisLockStore` changes a lock by reading it, changing it in Python and writing it back
(`issue_ticket`, `finish_serving`, `update_lock`, `cleanup`). Two Rasa servers that take messages of
one conversation at the same moment both read the same lock, both issue the same ticket number, and
process the two turns at once: one turn's events are then lost when the tracker is saved (measured in
tests/scaled; RasaHQ/rasa#9213; Rasa's fix, the `ConcurrentRedisLockStore`, is in Rasa Pro only).
This store keeps Rasa's tickets and their format, and makes every read-change-write one Redis
transaction (WATCH / MULTI / EXEC, retried when another server changed the lock in between).

endpoints.scaled.yml selects it with `lock_store: type: stores.redis_lock_store.AtomicRedisLockStore`
and the same keys as Rasa's `redis` lock store.
"""

from __future__ import annotations

import json
from typing import Callable, Optional, Text, Tuple, TypeVar

import rasa
import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

T = TypeVar("T")
# The read-change-write methods replaced here are those of Rasa 3.6; another Rasa must be checked again.
CHECKED_RASA = "3.6."


class AtomicRedisLockStore(RedisLockStore):
    """`RedisLockStore` whose ticket changes are Redis transactions."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        if not rasa.__version__.startswith(CHECKED_RASA):
            raise RuntimeError(
                f"stores.redis_lock_store was written for Rasa {CHECKED_RASA}x, not {rasa.__version__}: "
                "check whether its lock store still changes locks by reading and writing them back"
            )
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    def _change(self, conversation_id: Text,
                change: Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], T]]) -> T:
        """Applies `change` to the stored lock in one transaction; a returned None lock deletes it."""
        key = self.key_prefix + conversation_id
        with self.red.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(key)
                    stored = pipe.get(key)
                    lock, result = change(TicketLock.from_dict(json.loads(stored)) if stored else None)
                    pipe.multi()
                    if lock is None:
                        pipe.delete(key)
                    else:
                        pipe.set(key, lock.dumps())
                    pipe.execute()
                    return result
                except redis.WatchError:
                    continue  # another server changed the lock meanwhile: read it again

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Issues the next ticket of the conversation's lock, creating the lock if there is none."""

        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}")

    def finish_serving(self, conversation_id: Text, ticket_number: int) -> None:
        def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    def update_lock(self, conversation_id: Text) -> None:
        def remove_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, remove_expired)

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Removes the ticket, and the lock with it when no one else holds a ticket."""

        def finish_and_delete_if_idle(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
                if not lock.is_someone_waiting():
                    lock = None
            return lock, None

        self._change(conversation_id, finish_and_delete_if_idle)
