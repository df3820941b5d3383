"""Counting SQL statements per request (for `extensions.sql`, tests and metrics).

An operation's own statements are counted apart from the lookup of who is calling (the session or API token
behind the request, usually answered by the principal cache): `extensions.sql.statements` is the operation's,
`extensions.sql.session` the lookup's. A test asserting "one statement" then does not depend on whether a
principal-cache entry happened to expire or be emptied (by any identity change) just before its request.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from prometheus_client import Counter
from sqlalchemy import event
from sqlalchemy.engine import Engine

SQL_STATEMENTS = Counter("rapport_sql_statements_total", "SQL statements executed")


@dataclass
class StatementStats:
    """Statements run and time spent in them, shared by every task of one request."""

    statements: int = 0
    seconds: float = 0.0
    #: Statements that looked up the caller (not the operation's own).
    session: int = 0
    _started: dict[int, float] = field(default_factory=dict)

    def as_extension(self) -> dict[str, float | int]:
        """The `extensions.sql` value: the operation's statement count and milliseconds, and the lookup's count."""
        return {"statements": self.statements, "ms": round(self.seconds * 1000, 3), "session": self.session}


current_stats: ContextVar[StatementStats | None] = ContextVar("rapport_sql_stats", default=None)


@contextmanager
def caller_lookup(stats: StatementStats | None) -> Iterator[None]:
    """Count the statements run inside the block as `stats.session` (the caller's lookup), not as its own
    (with no stats, a socket's: not at all)."""
    lookup = StatementStats()
    token = current_stats.set(lookup)
    try:
        yield
    finally:
        current_stats.reset(token)
        if stats is not None:
            stats.session += lookup.statements


def _before(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    SQL_STATEMENTS.inc()
    stats = current_stats.get()
    if stats is not None:
        stats.statements += 1
        stats._started[id(context)] = time.perf_counter()


def _after(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    stats = current_stats.get()
    if stats is not None:
        started = stats._started.pop(id(context), None)
        if started is not None:
            stats.seconds += time.perf_counter() - started


def install_statement_counter(engine: Engine) -> None:
    """Count every statement the engine runs into the request's StatementStats, if any."""
    event.listen(engine, "before_cursor_execute", _before)
    event.listen(engine, "after_cursor_execute", _after)
