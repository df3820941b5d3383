"""Database foundations: the declarative base, common columns, engines and sessions."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy import DateTime, Integer, MetaData
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import Uuid

from rapport.core import clock
from rapport.core.ids import uuid7
from rapport.core.sqlstats import install_statement_counter

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
RAW_SERVER_SETTINGS = {"jit": "off"}

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


def create_engine(url: str, *, pool_size: int = 10, echo: bool = False) -> AsyncEngine:
    """An async engine on asyncpg that counts statements for metrics and `X-Rapport-Debug: sql`."""
    # Overflow connections are closed when returned, so a pool smaller than the usual concurrency (requests x
    # their concurrent loader batches) churns connections; keep the steady state inside pool_size.
    engine = create_async_engine(
        async_url(url),
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=False,
        pool_recycle=1800,
        echo=echo,
    )
    install_statement_counter(engine.sync_engine)
    return engine


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
    """The engine and how request code gets sessions: `read()` for queries, `write()` for a unit of work."""

    def __init__(self, engine: AsyncEngine, *, raw_pool_size: int = 10) -> None:
        self.engine = engine
        self.raw_pool_size = raw_pool_size
        self._raw_pool: asyncpg.Pool | None = None
        self._raw_pool_lock = asyncio.Lock()
        self.sessions = session_factory(engine)
        # Reads run in autocommit: no BEGIN and ROLLBACK round trips around each loader's statement.
        self.read_sessions = session_factory(engine.execution_options(isolation_level="AUTOCOMMIT"))

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for reads on its own connection (safe beside concurrent loaders); never commits.

        Each statement sees the database as of its own start (autocommit); a read needing one snapshot across
        several statements uses write() instead.
        """
        async with self.read_sessions() as session:
            yield session

    def write(self) -> Any:
        """A unit of work: commits at the end of the block, rolls back on any error."""
        return unit_of_work(self.sessions)

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
                        statement_cache_size=RAW_STATEMENT_CACHE_SIZE,
                        max_cacheable_statement_size=RAW_MAX_CACHEABLE_STATEMENT,
                        server_settings=RAW_SERVER_SETTINGS,
                    )
        return self._raw_pool

    async def dispose(self) -> None:
        """Close every pooled connection."""
        if self._raw_pool is not None:
            pool, self._raw_pool = self._raw_pool, None
            await pool.close()
        await self.engine.dispose()


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
    "session_factory",
    "unit_of_work",
]
