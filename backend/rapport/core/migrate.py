"""Applying Alembic migrations safely when several workers start at once."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
#: Key of the PostgreSQL advisory lock that serialises migrations between processes.
MIGRATION_LOCK_KEY = 0x5241_5050  # "RAPP"


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic compares only Rapport's own tables: procrastinate manages its schema itself."""
    table = getattr(obj, "table", obj)
    table_name = getattr(table, "name", name) or ""
    return not str(table_name).startswith("procrastinate_")


def alembic_config() -> Config:
    """Alembic configuration pointing at backend/migrations (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str | None:
    """The newest migration revision shipped with this code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    """The revision the database is at (None before the first migration)."""
    return MigrationContext.configure(connection).get_current_revision()


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Migrate to head under a session-level advisory lock, released only after the migrations committed.

    A second process starting at the same time waits for the lock, then finds the database at head.
    """
    async with engine.connect() as connection:
        await connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        await connection.commit()
        try:
            await connection.run_sync(_upgrade)
            await connection.commit()
        except BaseException:
            await connection.rollback()
            raise
        finally:
            await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
            await connection.commit()


async def is_at_head(engine: AsyncEngine) -> bool:
    """True when the database's revision is the newest this code ships."""
    async with engine.connect() as connection:
        current = await connection.run_sync(current_revision)
    return current is not None and current == head_revision()
