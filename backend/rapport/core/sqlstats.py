"""Counting SQL statements per request (for `extensions.sql`, tests and metrics)."""

from __future__ import annotations

import time
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
    _started: dict[int, float] = field(default_factory=dict)

    def as_extension(self) -> dict[str, float | int]:
        """The `extensions.sql` value: statement count and milliseconds."""
        return {"statements": self.statements, "ms": round(self.seconds * 1000, 3)}


current_stats: ContextVar[StatementStats | None] = ContextVar("rapport_sql_stats", default=None)


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
