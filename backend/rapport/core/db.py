"""Database foundations: the declarative base, common columns, engines and sessions."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy import DateTime, Integer, MetaData
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import Uuid

from rapport.core import clock
from rapport.core.ids import uuid7
from rapport.core.replica import POSITION, UNREACHABLE, Replica, counted, note_write, parse_lsn, request_writes
from rapport.core.sqlstats import install_statement_counter

log = logging.getLogger("rapport.db")

#: The compiled read path's prepared statements, per connection of its pool: the SQL texts of whole operations
#: run to 10-30 kB, beyond asyncpg's default limit on what it keeps prepared (15 kB). Unkept, each request would
#: parse and plan its statement again (a 25 kB 360° read: ~3 ms on top of ~0.7 ms of execution). The texts hold
#: no caller's values (those are bound), so the same few hundred serve every user.
RAW_STATEMENT_CACHE_SIZE = 512
RAW_MAX_CACHEABLE_STATEMENT = 256 * 1024
#: Settings of the compiled read path's connections. JIT off: PostgreSQL compiles a statement with LLVM when the
#: planner's cost estimate passes `jit_above_cost`, as the generic plans of whole operations' statements (many
#: subqueries, each costed over its whole table) do; that took tens of milliseconds per execution for statements
#: that run in one or two (the agent's home page: 1,460 requests/s with JIT on the whole database, 2,340 with it
#: off; docs/performance.md, "The scheduler's groups").
RAW_SERVER_SETTINGS: dict[str, str] = {"jit": "off"}


def read_pool_options(pooled: bool) -> dict[str, Any]:
    """asyncpg pool options of the compiled read path, the primary's and a replica's alike. Through a pooler in
    transaction mode: no prepared statement outlives its use, and no setting at connection start (PgBouncer refuses
    unknown ones; set JIT on the database)."""
    return {
        "statement_cache_size": 0 if pooled else RAW_STATEMENT_CACHE_SIZE,
        "max_cacheable_statement_size": RAW_MAX_CACHEABLE_STATEMENT,
        "server_settings": {} if pooled else RAW_SERVER_SETTINGS,
    }


NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every table; constraint names are stable through the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: DateTime(timezone=True), uuid.UUID: Uuid()}


class IdMixin:
    """A UUIDv7 primary key."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid7)


class TimestampMixin:
    """`created_at` and `updated_at`, both from the injectable clock."""

    created_at: Mapped[datetime] = mapped_column(default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(default=clock.now, onupdate=clock.now)


class VersionedMixin(TimestampMixin):
    """Optimistic concurrency: each UPDATE checks and bumps `version`; a stale write raises StaleDataError."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


#: Storage options of every GIN index: no pending list, so that no read scans unmerged entries (migration 0020).
GIN_WITH = {"fastupdate": "off"}


def async_url(url: str) -> str:
    """The SQLAlchemy URL with the asyncpg driver for any `postgresql://` style URL."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql+asyncpg").render_as_string(hide_password=False)


def libpq_url(url: str) -> str:
    """A plain libpq URL (for psycopg, procrastinate and psql) for any SQLAlchemy-style URL."""
    parsed = make_url(url)
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False, pooled: bool = False) -> AsyncEngine:
    """An async engine on asyncpg that counts statements for metrics and `X-Rapport-Debug: sql`.

    `pooled`: the URL is a pooler in transaction mode (PgBouncer before 1.21, which knows nothing of prepared
    statements): asyncpg keeps no statement cache, and the statements SQLAlchemy prepares get names of their own,
    so that none meets another client's statement of the same name on a server connection the pooler shares.
    """
    connect_args: dict[str, Any] = {}
    if pooled:
        connect_args = {
            "statement_cache_size": 0,
            "prepared_statement_cache_size": 0,
            "prepared_statement_name_func": _statement_name,
        }
    # Overflow connections are closed when returned, so a pool smaller than the usual concurrency (requests x
    # their concurrent loader batches) churns connections; keep the steady state inside pool_size.
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        pool_recycle=1800,
        echo=echo,
        connect_args=connect_args,
    )
    install_statement_counter(engine.sync_engine)
    return engine


def _statement_name() -> str:
    return f"__rapport_{uuid.uuid4().hex}__"


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded attributes after commit (payloads are built after the unit of work ends)."""
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=True)


@asynccontextmanager
async def unit_of_work(factory: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One transaction: commits when the block ends normally, rolls back on any error."""
    async with factory() as session, session.begin():
        yield session


async def _keep_session_state(connection: asyncpg.Connection) -> None:
    """No reset between uses: the compiled reads and audit COPYs leave no session state (no LISTEN, locks,
    SET or open cursors), and asyncpg's default reset costs a round trip per request."""


class Database:
    """The engine and how request code gets sessions: `read()` for queries, `write()` for a unit of work.

    `pooled`: the engine's URL is a pooler in transaction mode (see `create_engine`); `replica`: a streaming replica
    for the compiled reads (rapport.core.replica).
    """

    def __init__(
        self, engine: AsyncEngine, *, raw_pool_size: int = 10, pooled: bool = False, replica: Replica | None = None
    ) -> None:
        self.engine = engine
        self.raw_pool_size = raw_pool_size
        self.pooled = pooled
        self.replica = replica
        self._raw_pool: asyncpg.Pool | None = None
        self._raw_pool_lock = asyncio.Lock()
        self._replica_engine: AsyncEngine | None = None
        self._replica_reads: async_sessionmaker[AsyncSession] | None = None
        self.sessions = session_factory(engine)
        # Reads run in autocommit: no BEGIN and ROLLBACK round trips around each loader's statement. Not through a
        # pooler in transaction mode: there, a statement prepared outside a transaction may be executed on another
        # server connection than the one it was prepared on; a transaction keeps them on one.
        self.read_sessions = (
            self.sessions if pooled else session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))
        )

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reads on its own connection (safe beside concurrent loaders); never commits.

        Each statement sees the database as of its own start (autocommit); a read needing one snapshot across
        several statements uses write() instead.
        """
        async with self.read_sessions() as session:
            yield session

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A unit of work: commits at the end of the block, rolls back on any error."""
        async with unit_of_work(self.sessions) as session:
            yield session
        note_write()  # committed: the request's answer tells its caller where to read from (core.replica)

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection on which each statement commits by itself. Through a pooler in transaction mode, the block is
        one transaction committed at its end instead (a statement prepared outside a transaction may be executed
        on another server connection there): use it for single statements."""
        async with self.engine.connect() as connection:
            if self.pooled:
                async with connection.begin():
                    yield connection
            else:
                yield await connection.execution_options(isolation_level="AUTOCOMMIT")

    async def raw_pool(self) -> asyncpg.Pool:
        """A plain asyncpg pool for the compiled read path (one statement per request, no ORM), made on first use."""
        if self._raw_pool is None:
            async with self._raw_pool_lock:
                if self._raw_pool is None:
                    url = libpq_url(self.engine.url.render_as_string(hide_password=False))
                    self._raw_pool = await asyncpg.create_pool(
                        url,
                        min_size=1,
                        max_size=self.raw_pool_size,
                        reset=_keep_session_state,
                        **read_pool_options(self.pooled),
                    )
        return self._raw_pool

    async def fetch_compiled(self, text: str, args: Sequence[Any]) -> tuple[asyncpg.Record | None, bool]:
        """Run a compiled read: on the replica when there is one that has replayed what the request must see (and
        the request wrote nothing itself), else on the primary. The row, and whether the replica answered."""
        replica, state = self.replica, request_writes.get()
        if replica is not None and replica.usable() and not (state is not None and state.wrote):
            try:
                needed = 0 if state is None else state.min_lsn
                if await replica.fresh(self.position) and await replica.caught_up(needed):
                    row = await replica.fetchrow(text, args)
                    counted(True)
                    return row, True
            except UNREACHABLE as error:
                replica.unreachable(error)
            except asyncpg.PostgresError as error:  # e.g. cancelled by a conflict with recovery: the primary answers
                log.warning("a compiled read failed on the replica (%s); the primary answers", error)
        pool = await self.raw_pool()
        async with pool.acquire() as connection:
            row = await connection.fetchrow(text, *args)
        if replica is not None:
            counted(False)
        return row, False

    async def on_replica(self) -> Database:
        """This database with its ORM reads on the replica, when there is one and it answers (exports: long reads that
        need not see the last second's writes); itself otherwise. Writes and compiled reads are unchanged."""
        replica = self.replica
        if replica is None or not replica.usable():
            return self
        try:
            await replica.replayed_now()  # does it answer?
            if not await replica.fresh(self.position):  # and keep up?
                return self
        except UNREACHABLE as error:
            replica.unreachable(error)
            return self
        except asyncpg.PostgresError as error:  # e.g. still starting up: the primary serves this export
            log.warning("the read replica refused a query (%s); the export reads the primary", error)
            return self
        if self._replica_reads is None:
            engine = create_engine(replica.url, pool_size=2, pooled=replica.pooled)
            self._replica_engine = engine
            self._replica_reads = (
                session_factory(engine)
                if replica.pooled
                else session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))
            )
        return _ReplicaReads(self, self._replica_reads)

    async def replica_status(self) -> dict[str, Any] | None:
        """For /readyz: whether the replica answers and how far behind the primary it is (None: no replica)."""
        if self.replica is None:
            return None
        try:
            async with asyncio.timeout(3):
                replayed = await self.replica.replayed_now()
                behind = max(0, await self.position() - replayed)
        except Exception as error:  # reads go to the primary meanwhile: not a reason to be unready
            return {"reachable": False, "error": type(error).__name__}
        return {"reachable": True, "lag_bytes": behind, "stale": self.replica.stale}

    async def position(self) -> int:
        """The primary's WAL position now (after a commit: at or past that commit)."""
        pool = await self.raw_pool()
        async with pool.acquire() as connection:
            return parse_lsn(await connection.fetchval(POSITION))

    async def dispose(self) -> None:
        """Close every pooled connection."""
        if self._raw_pool is not None:
            pool, self._raw_pool = self._raw_pool, None
            await pool.close()
        if self.replica is not None:
            await self.replica.close()
        if self._replica_engine is not None:
            await self._replica_engine.dispose()
        await self.engine.dispose()


class _ReplicaReads(Database):
    """A database whose `read()` sessions are the replica's; everything else is the primary's."""

    def __init__(self, primary: Database, reads: async_sessionmaker[AsyncSession]) -> None:
        self.__dict__.update(primary.__dict__)
        self._primary = primary
        self.read_sessions = reads

    async def raw_pool(self) -> asyncpg.Pool:
        return await self._primary.raw_pool()

    async def dispose(self) -> None:
        """Nothing of its own to close (the primary closes the replica's engine)."""


__all__ = [
    "GIN_WITH",
    "Base",
    "Database",
    "IdMixin",
    "TimestampMixin",
    "VersionedMixin",
    "async_url",
    "create_engine",
    "libpq_url",
    "read_pool_options",
    "session_factory",
    "unit_of_work",
]
