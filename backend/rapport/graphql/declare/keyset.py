"""Keyset pages of declared rows: cursors from a statement's own order, and the rows after a cursor.

A connection's keyset is `Rows.keyset` when its statement builder gives one, else the columns of its order
(all in one direction, the last unique). Both read paths use the same keyset: the resolvers through
`cursor_values` / `after_position`, the compiler through `keyset_of` (its attributes and `after`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import tuple_
from sqlalchemy.sql.elements import UnaryExpression

from rapport.graphql.declare.kinds import Expression, Keyset, Rows
from rapport.graphql.types import cursor_text, cursor_time, cursor_uuid


def _ordering(rows: Rows) -> tuple[list[Any], bool]:
    """The keyset columns of a relation's order and whether it is descending."""
    columns, directions = [], set()
    for term in rows.order_by:
        if isinstance(term, UnaryExpression) and term.modifier is not None:
            columns.append(term.element)
            directions.add(term.modifier.__name__ == "desc_op")
        else:
            columns.append(term)
            directions.add(False)
    if len(directions) > 1:
        raise TypeError("a connection's order runs in one direction")
    return columns, directions.pop() if directions else False


_KINDS: dict[str, Callable[[Any], Any]] = {"DateTime": cursor_time, "Uuid": cursor_uuid, "UUID": cursor_uuid}


def keyset_of(rows: Rows) -> Keyset:
    """The keyset of these rows: their own, or the columns of their order."""
    if rows.keyset is not None:
        return rows.keyset
    columns, descending = _ordering(rows)

    def after(position: Sequence[Any]) -> Any:
        keyset, values = tuple_(*columns), tuple_(*position)
        return keyset < values if descending else keyset > values

    return Keyset(
        tuple(c.key for c in columns),
        tuple(_KINDS.get(type(c.type).__name__, cursor_text) for c in columns),
        after,
    )


def cursor_kinds(rows: Rows) -> list[Callable[[Any], Any]]:
    """How to read each keyset value of a cursor of these rows."""
    return list(keyset_of(rows).kinds)


def _cursor_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def cursor_values(rows: Rows, found: Any) -> list[Any]:
    """The keyset values of a loaded row, for its cursor."""
    return [_cursor_value(keyset_value(found, attribute, sql=False)) for attribute in keyset_of(rows).attributes]


def keyset_value(row: Any, attribute: str | Expression, *, sql: bool) -> Any:
    """A keyset value of a row: its SQL (of an entity: `sql=True`) or its value (of a loaded row)."""
    if isinstance(attribute, str):
        return getattr(row, attribute)
    return attribute.sql(row) if sql else attribute.value(row)


def after_position(rows: Rows, position: Sequence[Any] | None) -> Rows:
    """The rows after a keyset position (a connection's `after`), in the rows' own order."""
    if position is None:
        return rows
    keyset = keyset_of(rows)
    return Rows(rows.statement.where(keyset.after(position)), rows.order_by, rows.limit, rows.keyset)
