"""Many new rows of one table in one COPY: what an import's chunk writes (hundreds of customers with their contacts,
blind index, tags, audit entries and events) without building an ORM object per row.

Rows are plain mappings keyed by column attribute names. A column no row gives takes its Python-side default as the
ORM would (`default=`), or its server default when it has none; every row of one call gets the same columns. The
rows go through the session's own connection, so they are part of its transaction (and of a savepoint the caller
opened). A refusal by the database is raised as SQLAlchemy's `DBAPIError` (`IntegrityError` for a constraint), as
a flush would raise it, so callers handle both alike.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Column, Table
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

_ABSENT = object()


def _default(column: Column[Any]) -> Any:
    default = column.default
    if default is None or not (default.is_scalar or default.is_callable):
        return _ABSENT
    if default.is_scalar:
        return default.arg  # type: ignore[attr-defined]
    return default.arg(None)  # type: ignore[attr-defined]


async def copy_rows(session: AsyncSession, model: type[Any], rows: Sequence[Mapping[str, Any]]) -> int:
    """COPY `rows` into the table of `model` (a mapped class) within the session's transaction; returns how many were
    written. Objects the session holds are flushed first (the rows may refer to them)."""
    if not rows:
        return 0
    table: Table = model.__table__
    await session.flush()
    given = set().union(*(row.keys() for row in rows))
    unknown = given - {c.key for c in table.columns}
    if unknown:
        raise ValueError(f"{table.name} has no column {sorted(unknown)[0]!r}")
    columns: list[tuple[Column[Any], Any]] = []
    for column in table.columns:
        fallback = _default(column)
        if column.key in given or fallback is not _ABSENT:
            columns.append((column, fallback))
    serialise = session.get_bind().dialect._json_serializer or json.dumps
    records = []
    for row in rows:
        record = []
        for column, fallback in columns:
            value = row.get(column.key, fallback)
            if value is _ABSENT:
                value = None
            elif isinstance(column.type, JSONB) and value is not None:
                value = serialise(value)
            record.append(value)
        records.append(tuple(record))
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = raw.driver_connection
    assert driver is not None
    if not driver.is_in_transaction():  # the driver opens the session's transaction with its first statement
        await connection.exec_driver_sql("SELECT 1")
    statement = f"COPY {table.name} ({', '.join(c.name for c, _ in columns)}) FROM STDIN"
    try:
        await driver.copy_records_to_table(
            table.name, records=records, columns=[c.name for c, _ in columns], schema_name=table.schema
        )
    except Exception as error:
        if getattr(error, "sqlstate", None) is None:
            raise
        refused = IntegrityError if str(getattr(error, "sqlstate", "")).startswith("23") else DBAPIError
        raise refused(statement, None, error) from error
    return len(records)


__all__ = ["copy_rows"]
