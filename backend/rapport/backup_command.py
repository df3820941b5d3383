"""`rapport backup FILE` and `rapport restore FILE`: a consistent backup of the database (the embedded one too) and
its restore into an empty database (see `rapport.core.backup` and docs/operations.md)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncEngine

from rapport.config import get_settings
from rapport.core.backup import BackupError, Manifest, backup, restore
from rapport.core.db import create_engine
from rapport.core.logging import configure_logging

console = Console(stderr=True)


def _run(body: Callable[[AsyncEngine, str], Awaitable[Manifest]]) -> Manifest:
    """Run a backup or restore against the configured database (the embedded one without DATABASE_URL)."""
    from rapport.cli import _settings_with_database, _stop_embedded

    configure_logging(get_settings().log_level)
    settings = _settings_with_database()
    url = settings.database_url
    assert url is not None

    async def run() -> Manifest:
        engine = create_engine(url, pool_size=1)
        try:
            return await body(engine, url)
        finally:
            await engine.dispose()

    try:
        return asyncio.run(run())
    except BackupError as error:
        console.print(f"[red]{error}[/red]")
        raise typer.Exit(1) from error
    finally:
        _stop_embedded()


def backup_database(
    file: Annotated[Path, typer.Argument(help="The backup file to write (a tar holding the dump and its manifest).")],
) -> None:
    """Write a consistent backup of the database; encrypted values stay encrypted and no key is written."""
    if file.exists():
        console.print(f"[red]{file} exists: choose a new file name (a backup never overwrites one).[/red]")
        raise typer.Exit(2)
    manifest = _run(lambda engine, url: backup(engine, url, file))
    rows = sum(manifest.tables.values())
    console.print(
        f"Backed up {len(manifest.tables)} tables ({rows} rows, schema revision {manifest.revision}) to {file}. "
        "Keep FIELD_ENCRYPTION_KEYS and BLIND_INDEX_KEY apart from it: a restore needs them."
    )


def restore_database(
    file: Annotated[Path, typer.Argument(help="A file written by `rapport backup`.", exists=True, dir_okay=False)],
) -> None:
    """Restore a backup into an empty database and check every table's rows against the backup's manifest."""
    manifest = _run(lambda engine, url: restore(engine, url, file))
    console.print(
        f"Restored {len(manifest.tables)} tables (schema revision {manifest.revision}, backed up "
        f"{manifest.created_at:%Y-%m-%d %H:%M %Z}); every table's row count matches the backup."
    )
