"""Alembic environment: runs on the connection Rapport hands over, or on DATABASE_URL for the alembic CLI."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from rapport.config import get_settings
from rapport.core.db import create_engine
from rapport.core.migrate import include_object
from rapport.models import metadata

config = context.config


def run_migrations(connection: Connection) -> None:
    """Run the migrations in one transaction per run on the given connection."""
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        include_object=include_object,
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_with_own_engine() -> None:
    url = get_settings().database_url
    if not url:
        raise SystemExit("Set DATABASE_URL to run alembic directly, or use `rapport migrate`.")
    engine = create_engine(url, pool_size=1)
    async with engine.connect() as connection:
        await connection.run_sync(run_migrations)
        await connection.commit()
    await engine.dispose()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    asyncio.run(_run_with_own_engine())
