"""Key rotation: re-encrypt every ciphertext made with an older key, in batches, while the service runs."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import text

from rapport.core.crypto import ENCRYPTED_COLUMNS, EncryptedColumn, vault
from rapport.core.db import Database

BATCH = 500
#: Progress callback: (column as table.column, rows re-encrypted so far).
Progress = Callable[[str, int], None]


async def _rotate_batch(db: Database, col: EncryptedColumn, current: int) -> int:
    cipher = vault().cipher
    select_sql = text(
        f"SELECT id, {col.stored_as} FROM {col.table} "
        f"WHERE {col.stored_as} IS NOT NULL AND get_byte({col.stored_as}, 1) <> :current "
        f"LIMIT {BATCH} FOR UPDATE SKIP LOCKED"
    )
    update_sql = text(f"UPDATE {col.table} SET {col.stored_as} = :blob WHERE id = :id")
    async with db.write() as session:
        rows = (await session.execute(select_sql, {"current": current})).all()
        for row_id, blob in rows:
            plain = cipher.decrypt(bytes(blob), table=col.table, column=col.column, row_id=row_id)
            fresh = cipher.encrypt(plain, table=col.table, column=col.column, row_id=row_id)
            await session.execute(update_sql, {"blob": fresh, "id": row_id})
    return len(rows)


async def rotate(db: Database, progress: Progress | None = None) -> dict[str, int]:
    """Re-encrypt with the newest key every value made with an older one; returns counts per column.

    Old keys keep decrypting until this finishes; then they can be dropped from FIELD_ENCRYPTION_KEYS.
    """
    current = vault().cipher.current_key_number
    done: dict[str, int] = {}
    for col in ENCRYPTED_COLUMNS:
        name = f"{col.table}.{col.column}"
        done[name] = 0
        while True:
            count = await _rotate_batch(db, col, current)
            done[name] += count
            if progress is not None and count:
                progress(name, done[name])
            if count < BATCH:
                break
    return done


async def pending(db: Database) -> dict[str, int]:
    """How many values per column are still encrypted with an older key."""
    current = vault().cipher.current_key_number
    result: dict[str, int] = {}
    async with db.read() as session:
        for col in ENCRYPTED_COLUMNS:
            sql = text(
                f"SELECT count(*) FROM {col.table} WHERE {col.stored_as} IS NOT NULL "
                f"AND get_byte({col.stored_as}, 1) <> :current"
            )
            result[f"{col.table}.{col.column}"] = int((await session.execute(sql, {"current": current})).scalar_one())
    return result
