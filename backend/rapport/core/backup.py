"""Consistent backups of Rapport's database and their restore into an empty one (`rapport backup` / `restore`).

A backup is one tar file holding `database.dump` (pg_dump's custom format, compressed) and `manifest.json`: when
and from which schema revision it was taken, the row count of every table as of the dump's own snapshot (the counts
and the dump read the same exported snapshot, so they agree even while the service writes), and one stored
ciphertext per encryption key its values were made with. Encrypted columns stay ciphertext in the dump and no key
is ever written into it: a restore needs the same FIELD_ENCRYPTION_KEYS (and BLIND_INDEX_KEY) in its environment,
and refuses to start unless its keys decrypt those samples.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from rapport.core import clock
from rapport.core.crypto import ENCRYPTED_COLUMNS, DecryptionError, vault

FORMAT = 1
DUMP, MANIFEST = "database.dump", "manifest.json"
#: Schemas whose tables a backup holds and a restore compares (the job queue's tables are in `public` too).
SCHEMAS = ("public",)


class BackupError(RuntimeError):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class Manifest:
    """What a backup holds, written beside its dump."""

    created_at: datetime
    revision: str | None
    server_version: str
    tables: dict[str, int]
    #: The major version of the pg_dump that wrote the dump (a restore needs a pg_restore at least as new).
    tool_major: int
    #: One stored ciphertext per key number in use: {"table", "column", "row_id", "value" (base64)}.
    key_samples: list[dict[str, str]] = field(default_factory=list)
    #: The blind index key's check value (a keyed hash of a fixed text): a restore with another key would leave
    #: every exact phone and email lookup silently missing.
    blind_check: str = ""
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        """The manifest as JSON."""
        return {
            "format": self.format,
            "created_at": self.created_at.isoformat(),
            "revision": self.revision,
            "server_version": self.server_version,
            "tables": self.tables,
            "tool_major": self.tool_major,
            "key_samples": self.key_samples,
            "blind_check": self.blind_check,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        """A manifest read back; a file of another format is refused."""
        if data.get("format") != FORMAT:
            raise BackupError(f"This backup's format ({data.get('format')}) is not one this Rapport reads ({FORMAT}).")
        return cls(
            created_at=datetime.fromisoformat(data["created_at"]),
            revision=data.get("revision"),
            server_version=str(data["server_version"]),
            tables={str(k): int(v) for k, v in data["tables"].items()},
            tool_major=int(data["tool_major"]),
            key_samples=list(data.get("key_samples", [])),
            blind_check=str(data.get("blind_check", "")),
        )


def libpq_target(url: str) -> tuple[str, dict[str, str]]:
    """A database URL as libpq tools take it (no SQLAlchemy driver suffix, no password: visible in `ps`), and the
    environment that passes its password (PGPASSWORD) instead."""
    parsed = make_url(url).set(drivername="postgresql")
    environment = {"PGPASSWORD": parsed.password} if parsed.password else {}
    return parsed.set(password=None).render_as_string(hide_password=False), environment


def _major(version_text: str) -> int:
    found = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if found is None:
        raise BackupError(f"Cannot read a PostgreSQL version from {version_text!r}.")
    return int(found.group(1))


def _candidates(name: str) -> Iterable[Path]:
    """Where PostgreSQL's client tools may be: the embedded server's own, Debian's per version, the PATH."""
    try:
        import pgserver  # the embedded PostgreSQL ships its tools

        yield Path(pgserver.__file__).parent / "pginstall" / "bin" / name
    except ImportError:  # pragma: no cover - a dependency of Rapport
        pass
    yield from sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    found = shutil.which(name)
    if found:
        yield Path(found)


def client_tool(name: str, server_major: int) -> tuple[Path, int]:
    """The `pg_dump` or `pg_restore` to use with a server: the lowest version not older than the server's (a newer
    pg_dump reads an older server; an older one refuses)."""
    usable: list[tuple[int, Path]] = []
    for path in _candidates(name):
        if not path.is_file():
            continue
        # a fixed tool's own path from the candidates above, with a fixed argument
        output = subprocess.run([str(path), "--version"], capture_output=True, text=True, check=False).stdout  # noqa: S603
        major = _major(output.split("(PostgreSQL)", 1)[-1])
        if major >= server_major:
            usable.append((major, path))
    if not usable:
        raise BackupError(
            f"No {name} of PostgreSQL {server_major} or newer was found: install the client tools "
            f"(apt-get install postgresql-client-{server_major})."
        )
    major, path = min(usable)
    return path, major


async def _run(arguments: list[str], environment: dict[str, str]) -> tuple[int, str]:
    """Run a PostgreSQL client tool without blocking the event loop; its exit code and the end of its stderr."""
    process = await asyncio.create_subprocess_exec(
        *arguments,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        env={**os.environ, **environment},
    )
    _, stderr = await process.communicate()
    return int(process.returncode or 0), stderr.decode(errors="replace").strip()[-2000:]


async def table_names(conn: AsyncConnection) -> list[str]:
    """Every table of Rapport's schemas, as schema.table, sorted."""
    rows = await conn.execute(
        text("SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname = ANY(:schemas) ORDER BY 1"),
        {"schemas": list(SCHEMAS)},
    )
    return [row[0] for row in rows]


async def row_counts(conn: AsyncConnection) -> dict[str, int]:
    """Rows in every table."""
    counts: dict[str, int] = {}
    for table in await table_names(conn):
        schema, name = table.split(".", 1)
        counts[table] = int((await conn.execute(text(f'SELECT count(*) FROM "{schema}"."{name}"'))).scalar_one())
    return counts


async def _revision(conn: AsyncConnection, tables: Iterable[str]) -> str | None:
    if "public.alembic_version" not in tables:
        return None
    return (await conn.execute(text("SELECT version_num FROM alembic_version"))).scalar()


async def _key_samples(conn: AsyncConnection) -> list[dict[str, str]]:
    """One stored ciphertext per key number in use (byte 1 of a value is its key's number), with what decrypting it
    needs besides the key: proof on restore that the environment holds the keys, without holding any key."""
    samples: dict[int, dict[str, str]] = {}
    for col in ENCRYPTED_COLUMNS:
        rows = await conn.execute(
            text(
                f"SELECT DISTINCT ON (get_byte({col.stored_as}, 1)) get_byte({col.stored_as}, 1), id::text, "
                f"{col.stored_as} FROM {col.table} WHERE {col.stored_as} IS NOT NULL"
            )
        )
        for number, row_id, value in rows:
            entry = {"table": col.table, "column": col.column, "row_id": row_id}
            samples.setdefault(int(number), entry | {"value": base64.b64encode(bytes(value)).decode()})
    return [samples[number] for number in sorted(samples)]


def blind_check() -> str:
    """This process's blind index key's check value."""
    return vault().blind.digest("backup-check", "rapport").hex()


def undecryptable(samples: Iterable[dict[str, str]]) -> list[str]:
    """The samples this process's keys cannot decrypt, as table.column."""
    cipher, failed = vault().cipher, []
    for sample in samples:
        try:
            blob = base64.b64decode(sample["value"])
            cipher.decrypt(blob, table=sample["table"], column=sample["column"], row_id=sample["row_id"])
        except (DecryptionError, ValueError, KeyError):
            failed.append(f"{sample.get('table')}.{sample.get('column')}")
    return failed


async def backup(engine: AsyncEngine, url: str, destination: Path) -> Manifest:
    """Write a consistent backup of the database at `url` to `destination` (a tar file).

    The manifest's counts and the dump read one exported snapshot, held open while pg_dump runs.
    """
    async with engine.connect() as conn:
        # the driver opens the transaction itself: its isolation is set here (a BEGIN statement would be ignored)
        await conn.execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)
        snapshot = (await conn.execute(text("SELECT pg_export_snapshot()"))).scalar_one()
        version = str((await conn.execute(text("SHOW server_version"))).scalar_one())
        counts = await row_counts(conn)
        pg_dump, tool_major = client_tool("pg_dump", _major(version))
        manifest = Manifest(
            created_at=clock.now(),
            revision=await _revision(conn, counts),
            server_version=version,
            tables=counts,
            tool_major=tool_major,
            key_samples=await _key_samples(conn),
            blind_check=blind_check(),
        )
        with tempfile.TemporaryDirectory(prefix="rapport-backup-") as work:
            dump = Path(work) / DUMP
            command = [str(pg_dump), "--format=custom", "--no-owner", "--no-acl", f"--snapshot={snapshot}"]
            target, environment = libpq_target(url)
            code, errors = await _run([*command, f"--file={dump}", target], environment)
            if code != 0:
                raise BackupError(f"pg_dump failed: {errors}")
            (Path(work) / MANIFEST).write_text(json.dumps(manifest.to_json(), indent=2))
            destination.parent.mkdir(parents=True, exist_ok=True)
            partial = destination.with_name(destination.name + ".partial")
            partial.unlink(missing_ok=True)
            partial.touch(mode=0o600)  # the whole CRM is in it: readable by its owner only
            with tarfile.open(partial, "w") as archive:
                archive.add(Path(work) / MANIFEST, arcname=MANIFEST)
                archive.add(dump, arcname=DUMP)
            partial.replace(destination)  # a backup file is whole or absent
        await conn.commit()
    return manifest


def read_manifest(source: Path) -> Manifest:
    """The manifest of a backup file."""
    try:
        with tarfile.open(source, "r") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            return Manifest.from_json(json.loads(member.read()))
    except (OSError, KeyError, tarfile.TarError, ValueError) as error:
        raise BackupError(f"{source} is not a Rapport backup ({error}).") from error


def _unpack_dump(source: Path, target: Path) -> None:
    """Copy the archive's dump member, by name, into `target` (no path or link stored in the archive is followed;
    `TarFile.extract(filter=...)` is not in every Python 3.11)."""
    try:
        with tarfile.open(source, "r") as archive:
            dump = archive.extractfile(DUMP)
            if dump is None:
                raise BackupError(f"The backup's {DUMP} is not a file.")
            with dump, open(target, "wb") as written:
                shutil.copyfileobj(dump, written)
    except (OSError, KeyError, tarfile.TarError) as error:
        raise BackupError(f"The backup's {DUMP} cannot be read: {error}") from error


async def restore(engine: AsyncEngine, url: str, source: Path) -> Manifest:
    """Restore a backup into the empty database at `url`, then check every table's row count against the manifest.

    Refuses a database that already has tables, and a backup whose values this process's keys cannot decrypt.
    """
    manifest = read_manifest(source)
    if manifest.blind_check and manifest.blind_check != blind_check():
        raise BackupError(
            "This environment's BLIND_INDEX_KEY is not the one the backup's server used: exact lookups of phones and "
            "emails would find nothing. Restore with that server's BLIND_INDEX_KEY."
        )
    failed = undecryptable(manifest.key_samples)
    if failed:
        raise BackupError(
            f"This environment's FIELD_ENCRYPTION_KEYS cannot decrypt the backup's values ({', '.join(failed)}): "
            "restore with the keys (all of them, in order) of the server the backup came from."
        )
    async with engine.connect() as conn:
        existing = await table_names(conn)
        version = str((await conn.execute(text("SHOW server_version"))).scalar_one())
    if existing:
        raise BackupError(
            f"The target database is not empty ({len(existing)} tables, e.g. {existing[0]}): restore into a new, "
            "empty database."
        )
    pg_restore, _ = client_tool("pg_restore", max(manifest.tool_major, _major(version)))
    with tempfile.TemporaryDirectory(prefix="rapport-restore-") as work:
        await asyncio.to_thread(_unpack_dump, source, Path(work) / DUMP)
        command = [str(pg_restore), "--no-owner", "--no-acl", "--exit-on-error", "--single-transaction"]
        target, environment = libpq_target(url)
        code, errors = await _run([*command, f"--dbname={target}", str(Path(work) / DUMP)], environment)
        if code != 0:
            raise BackupError(f"pg_restore into PostgreSQL {version} failed: {errors}")
    async with engine.connect() as conn:
        counts = await row_counts(conn)
    if counts != manifest.tables:
        differ = sorted(t for t in set(counts) | set(manifest.tables) if counts.get(t) != manifest.tables.get(t))
        raise BackupError(f"The restored tables differ from the backup's manifest: {', '.join(differ[:10])}.")
    return manifest
