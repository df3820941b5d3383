"""Keyset pages of declared rows: cursors from a statement's own order, and the rows after a cursor."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import tuple_
from sqlalchemy.sql.elements import UnaryExpression

from rapport.graphql.declare.kinds import Rows
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


def cursor_kinds(rows: Rows) -> list[Callable[[Any], Any]]:
    """How to read each keyset value of a cursor of these rows (from the SQL types of their order)."""
    columns, _ = _ordering(rows)
    return [_KINDS.get(type(c.type).__name__, cursor_text) for c in columns]


def _cursor_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def cursor_values(rows: Rows, found: Any) -> list[Any]:
    """The keyset values of a loaded row, for its cursor."""
    columns, _ = _ordering(rows)
    return [_cursor_value(getattr(found, c.key)) for c in columns]


def after_position(rows: Rows, position: Sequence[Any] | None) -> Rows:
    """The rows after a keyset position (a connection's `after`), in the rows' own order."""
    if position is None:
        return rows
    columns, descending = _ordering(rows)
    keyset, values = tuple_(*columns), tuple_(*position)
    condition = keyset < values if descending else keyset > values
    return Rows(rows.statement.where(condition), rows.order_by, rows.limit)
