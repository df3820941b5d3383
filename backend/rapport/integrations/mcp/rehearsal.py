"""A dry run: the real mutation, run to the end and rolled back.

Every write Rapport makes in a request goes through one unit of work (`Database.write()`, which the GraphQL context's
`write()` uses): the change, its audit, its outbox event (webhooks, live subscriptions: the NOTIFY of its trigger
fires on commit only), the emails it queues (the mail outbox) and its notifications are rows of that one
transaction. A rehearsal hands the executor a database whose units of work are never committed: each is flushed and
its deferred constraints checked, so that what would fail at commit fails here, and every one is rolled back when
the rehearsal ends, after the payload was read. What escapes a rollback in PostgreSQL is a sequence's `nextval`: a
rehearsed ticket consumes its ticket number, so the next real ticket's number skips one (as after any rolled-back
create).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core.db import Database


class RehearsalDatabase(Database):
    """The same database, whose units of work stay open until the rehearsal ends and are then rolled back."""

    def __init__(self, real: Database) -> None:
        super().__init__(real.engine, raw_pool_size=real.raw_pool_size)
        self._real = real
        self._open: list[AsyncSession] = []

    def write(self) -> Any:
        """A unit of work that is flushed and checked at the end of its block, but never committed."""
        return self._rehearsed_unit()

    @asynccontextmanager
    async def _rehearsed_unit(self) -> AsyncIterator[AsyncSession]:
        session = self.sessions()
        self._open.append(session)
        await session.begin()
        yield session
        await session.flush()
        # What a commit would check: constraints declared DEFERRABLE INITIALLY DEFERRED are checked now.
        await session.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))

    async def raw_pool(self) -> asyncpg.Pool:
        """The real database's pool (reads on it see committed rows only, as they would)."""
        return await self._real.raw_pool()

    async def roll_back(self) -> None:
        """Roll back and close every unit of work of the rehearsal."""
        sessions, self._open = self._open, []
        for session in sessions:
            try:
                await session.rollback()
            finally:
                await session.close()


@asynccontextmanager
async def rehearsal(db: Database) -> AsyncIterator[Database]:
    """A database for one dry run: nothing written through it is ever committed."""
    rehearsed = RehearsalDatabase(db)
    try:
        yield rehearsed
    finally:
        await rehearsed.roll_back()
