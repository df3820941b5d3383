"""Backups round-trip: `rapport backup` of a seeded database restored into an empty one gives back every table row
for row (encrypted values still ciphertext that the same keys decrypt); a restore refuses a database that is not
empty, keys that cannot decrypt the backup, and a file that is not a backup, each before changing anything."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from rapport.config import Settings
from rapport.core import crypto
from rapport.core.backup import BackupError, backup, read_manifest, restore, table_names
from rapport.core.db import Database, create_engine
from rapport.demo import seed_demo
from tests.conftest import _admin_url


async def _fingerprints(engine: AsyncEngine) -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of all its rows (as text, sorted)."""
    found: dict[str, tuple[int, str]] = {}
    async with engine.connect() as conn:
        for table in await table_names(conn):
            schema, name = table.split(".", 1)
            row = (
                await conn.execute(
                    text(
                        f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                        f'FROM "{schema}"."{name}" t'
                    )
                )
            ).one()
            found[table] = (int(row[0]), str(row[1]))
    return found


@pytest.fixture
async def target(server_url: str) -> AsyncIterator[tuple[AsyncEngine, str]]:
    """A new, empty database on the same server, dropped afterwards."""
    name = f"rapport_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(_admin_url(server_url), pool_size=1)

    async def run(sql: str) -> None:
        async with admin.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))

    await run(f'CREATE DATABASE "{name}"')
    url = make_url(server_url).set(drivername="postgresql", database=name).render_as_string(hide_password=False)
    engine = create_engine(url, pool_size=1)
    try:
        yield engine, url
    finally:
        await engine.dispose()
        await run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.dispose()


async def test_a_backup_restores_every_table_row_for_row(
    db: Database, settings: Settings, target: tuple[AsyncEngine, str], tmp_path: Path
) -> None:
    await seed_demo(db, settings, locale="zh_CN", customers=30, tickets=20)
    assert settings.database_url
    file = tmp_path / "rapport.backup"
    manifest = await backup(db.engine, settings.database_url, file)
    before = await _fingerprints(db.engine)
    assert manifest.tables == {table: count for table, (count, _) in before.items()}
    assert manifest.tables["public.customer"] >= 30 and manifest.revision
    assert manifest.key_samples, "the seed's phones are encrypted: the manifest proves which keys they need"
    with tarfile.open(file) as archive:
        assert sorted(archive.getnames()) == ["database.dump", "manifest.json"]
        dump = archive.extractfile("database.dump")
        assert dump is not None
        keys = settings.field_encryption_keys.split(",")
        assert not any(key.encode() in dump.read() for key in keys if key)  # no key travels with the data

    engine, url = target
    restored = await restore(engine, url, file)
    assert restored.tables == manifest.tables
    assert await _fingerprints(engine) == before  # every row of every table, ciphertexts included


async def test_a_restore_refuses_before_changing_anything(
    db: Database, settings: Settings, target: tuple[AsyncEngine, str], tmp_path: Path
) -> None:
    await seed_demo(db, settings, locale="en", customers=5)
    assert settings.database_url
    file = tmp_path / "rapport.backup"
    await backup(db.engine, settings.database_url, file)
    engine, url = target

    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    with pytest.raises(BackupError, match="not a Rapport backup"):
        await restore(engine, url, not_a_backup)

    previous = crypto.vault()
    crypto.configure("another-key-entirely", settings.blind_index_key)
    try:
        with pytest.raises(BackupError, match="cannot decrypt"):
            await restore(engine, url, file)
    finally:
        crypto.configure(settings.field_encryption_keys, settings.blind_index_key)
    assert crypto.vault().cipher.keys == previous.cipher.keys
    async with engine.connect() as conn:
        assert await table_names(conn) == []  # nothing was restored by the refused attempts

    await restore(engine, url, file)
    fingerprints = await _fingerprints(engine)
    with pytest.raises(BackupError, match="not empty"):
        await restore(engine, url, file)  # a second restore over the first
    assert await _fingerprints(engine) == fingerprints
    # the source database is the one the backup came from: restoring over it is refused too
    with pytest.raises(BackupError, match="not empty"):
        await restore(db.engine, settings.database_url, file)


def _cli(*arguments: str, database_url: str) -> subprocess.CompletedProcess[str]:
    environment: dict[str, Any] = {**os.environ, "DATABASE_URL": database_url, "RAPPORT_ENV": "test"}
    done = subprocess.run(
        [sys.executable, "-m", "rapport", *arguments], capture_output=True, text=True, env=environment, check=False
    )
    done.stderr = " ".join(done.stderr.split())  # as one line, however the console wrapped it
    return done


async def test_the_commands_back_up_and_restore(
    db: Database, settings: Settings, target: tuple[AsyncEngine, str], tmp_path: Path
) -> None:
    await seed_demo(db, settings, locale="en", customers=3)
    assert settings.database_url
    file = tmp_path / "nightly.backup"
    done = _cli("backup", str(file), database_url=settings.database_url)
    assert done.returncode == 0, done.stderr
    assert "Backed up" in done.stderr and read_manifest(file).tables["public.customer"] >= 3
    again = _cli("backup", str(file), database_url=settings.database_url)
    assert again.returncode == 2 and "exists" in again.stderr  # a backup never overwrites one
    engine, url = target
    done = _cli("restore", str(file), database_url=url)
    assert done.returncode == 0, done.stderr
    assert "every table's row count matches" in done.stderr
    refused = _cli("restore", str(file), database_url=url)
    assert refused.returncode == 1 and "not empty" in refused.stderr
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM customer"))).scalar_one() >= 3


async def test_the_embedded_database_backs_up_too(target: tuple[AsyncEngine, str], tmp_path: Path) -> None:
    """Without DATABASE_URL the commands use the embedded PostgreSQL in RAPPORT_DATA_DIR (`make run`'s database)."""
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment |= {"RAPPORT_DATA_DIR": str(tmp_path / "data"), "RAPPORT_ENV": "test"}

    def rapport(*arguments: str, **extra: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "rapport", *arguments]
        done = subprocess.run(command, capture_output=True, text=True, env=environment | extra, check=False)
        assert done.returncode == 0, done.stderr[-3000:]
        return done

    rapport("migrate")
    file = tmp_path / "embedded.backup"
    rapport("backup", str(file))
    engine, url = target
    rapport("restore", str(file), DATABASE_URL=url)
    async with engine.connect() as conn:
        revision = (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar_one()
    assert revision == read_manifest(file).revision


async def test_a_backup_taken_while_rapport_writes_agrees_with_its_manifest(
    db: Database, settings: Settings, target: tuple[AsyncEngine, str], tmp_path: Path
) -> None:
    """The manifest's counts and the dump read one snapshot: rows written while the backup runs are in neither."""
    import asyncio

    await seed_demo(db, settings, locale="en", customers=5)
    assert settings.database_url
    done = asyncio.Event()

    async def keep_writing() -> int:
        written = 0
        while not done.is_set():
            async with db.engine.begin() as conn:
                await conn.execute(
                    text("INSERT INTO tag (id, name, color, created_at) VALUES (gen_random_uuid(), :n, 'blue', now())"),
                    {"n": f"w{written}"},
                )
            written += 1
            await asyncio.sleep(0)
        return written

    writer = asyncio.create_task(keep_writing())
    try:
        file = tmp_path / "busy.backup"
        manifest = await backup(db.engine, settings.database_url, file)
    finally:
        done.set()
        written = await writer
    assert written > 0
    engine, url = target
    restored = await restore(engine, url, file)  # raises when a table's rows differ from the manifest's count
    async with engine.connect() as conn:
        tags = (await conn.execute(text("SELECT count(*) FROM tag"))).scalar_one()
    assert tags == manifest.tables["public.tag"] == restored.tables["public.tag"]
    assert oct(file.stat().st_mode & 0o777) == oct(0o600)  # the whole CRM is in it: its owner's alone


async def test_a_restore_with_another_blind_index_key_is_refused(
    db: Database, settings: Settings, target: tuple[AsyncEngine, str], tmp_path: Path
) -> None:
    await seed_demo(db, settings, locale="en", customers=2)
    assert settings.database_url
    file = tmp_path / "rapport.backup"
    await backup(db.engine, settings.database_url, file)
    engine, url = target
    crypto.configure(settings.field_encryption_keys, "another-blind-index-key")
    try:
        with pytest.raises(BackupError, match="BLIND_INDEX_KEY"):
            await restore(engine, url, file)
    finally:
        crypto.configure(settings.field_encryption_keys, settings.blind_index_key)
    async with engine.connect() as conn:
        assert await table_names(conn) == []
