"""A short-lived cache of who is behind a session cookie, emptied everywhere when identities change.

Looking the session up costs a query per request. Triggers (migration 0007) NOTIFY `rapport_principals` when
a session ends or a user, their roles or a team changes; every process's listener then empties its cache, and
the process that made the change empties its own at once. Entries also expire after a few seconds, which
bounds what a lost notification (a listener reconnecting) could leave behind.
"""

from __future__ import annotations

import time
from collections import OrderedDict

from rapport.core.principal import Principal

CHANNEL = "rapport_principals"
MAX_ENTRIES = 10_000


class PrincipalCache:
    """Session-secret digest -> principal, for `ttl_seconds` at most (0: no caching)."""

    def __init__(self, ttl_seconds: float = 10.0) -> None:
        self.ttl_seconds = ttl_seconds
        self._entries: OrderedDict[bytes, tuple[Principal, float]] = OrderedDict()
        #: Moves on at every clear: a lookup that started before a clear must not store what it found.
        self.generation = 0

    def get(self, digest: bytes) -> Principal | None:
        """The cached principal, or None when unknown or expired."""
        found = self._entries.get(digest)
        if found is None:
            return None
        if found[1] < time.monotonic():
            self._entries.pop(digest, None)
            return None
        return found[0]

    def put(self, digest: bytes, principal: Principal, generation: int) -> None:
        """Remember a principal found in the database by a lookup that started at `generation`."""
        if self.ttl_seconds <= 0 or generation != self.generation:
            return  # identities changed while it was being looked up: it may be stale already
        self._entries[digest] = (principal, time.monotonic() + self.ttl_seconds)
        if len(self._entries) > MAX_ENTRIES:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry (identities changed somewhere)."""
        self.generation += 1
        self._entries.clear()


principal_cache = PrincipalCache()
