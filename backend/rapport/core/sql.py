"""SQL building blocks shared by repositories: keyset pagination and top-N rows per parent."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, and_, func, or_, select, text, tuple_
from sqlalchemy.orm import aliased

T = TypeVar("T")
S = TypeVar("S")


def keyset_after(columns: Sequence[Any], values: Sequence[Any], descending: bool) -> ColumnElement[bool]:
    """Rows strictly after a keyset position for `ORDER BY columns` (all ascending or all descending)."""
    if len(columns) != len(values):
        raise ValueError("cursor does not match the sort order")
    if len(columns) == 1:
        first: ColumnElement[bool] = columns[0] < values[0] if descending else columns[0] > values[0]
        return first
    left, right = tuple_(*columns), tuple_(*values)
    return left < right if descending else left > right


def keyset_after_nullable(column: Any, tiebreak: Any, value: Any, tie: Any, descending: bool) -> ColumnElement[bool]:
    """Keyset position for `ORDER BY column (NULLS LAST), tiebreak` where `column` may be NULL."""
    if value is None:
        # Already in the NULL tail: only NULL rows after the tiebreak remain.
        return and_(column.is_(None), tiebreak < tie if descending else tiebreak > tie)
    after = column < value if descending else column > value
    return or_(
        after,
        and_(column == value, tiebreak < tie if descending else tiebreak > tie),
        column.is_(None),
    )


def top_n_per_parent(
    entity: type[T],
    stmt: Select[Any],
    parent: Any,
    order_by: Sequence[Any],
    limit: Any,
) -> Select[T]:
    """The first `limit` rows of `stmt` (which selects `entity`) per parent, in one query.

    ROW_NUMBER() over a partition by parent; the result selects `entity` again, ordered by parent and rank.
    """
    ranked = stmt.add_columns(
        func.row_number().over(partition_by=parent, order_by=list(order_by)).label("_rank")
    ).subquery()
    alias = aliased(entity, ranked)
    return select(alias).where(ranked.c._rank <= limit).order_by(ranked.c[parent.key], ranked.c._rank)


_STATEMENTS: OrderedDict[Hashable, Any] = OrderedDict()
_STATEMENTS_SIZE = 4096


def cached_statement(key: Hashable, build: Callable[[], S]) -> S:
    """A statement built once per key and reused (values go in bind parameters at execution).

    Building a SELECT with subqueries and aliases costs more Python than compiling it (SQLAlchemy caches the
    compiled form, not the object graph); hot loaders reuse theirs. The key must name everything the shape
    depends on, e.g. the caller's `principal_key` for row-scoped statements.
    """
    found = _STATEMENTS.get(key)
    if found is None:
        found = build()
        _STATEMENTS[key] = found
        if len(_STATEMENTS) > _STATEMENTS_SIZE:
            _STATEMENTS.popitem(last=False)
    else:
        _STATEMENTS.move_to_end(key)
    return found


async def referenced_ids(
    session: Any, table: str, ids: Sequence[Any], *, besides: frozenset[str] = frozenset()
) -> set[Any]:
    """Of these ids of `table`, those a row of another table names through a foreign key (tables in `besides`
    not counted): one statement over every referencing column the database knows (new tables count at once)."""
    if not ids:
        return set()
    sites = (
        await session.execute(
            text(
                "SELECT c.conrelid::regclass::text, a.attname FROM pg_constraint c JOIN pg_attribute a "
                "ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey) "
                "WHERE c.contype = 'f' AND c.confrelid = CAST(:table AS regclass)"
            ),
            {"table": table},
        )
    ).all()
    parts = [
        f'SELECT "{column}" AS id FROM "{name}" WHERE "{column}" = ANY(:ids)'
        for name, column in sites
        if name not in besides
    ]
    if not parts:
        return set()
    found = await session.execute(text(" UNION ".join(parts)), {"ids": list(ids)})
    return {row[0] for row in found}
