"""Connections in SQL: a page's arrays, its `pageInfo` and its cursors, made as the resolvers make them.

A cursor is `rapport.graphql.types.encode_cursor` of the row's keyset values (`rapport.graphql.declare.keyset_of`):
their compact JSON array in unpadded URL-safe base64, computed by PostgreSQL for each row of the page. A request's
cursor (`after`) is read back with the keyset's kinds and bound per request (`cursor_binds`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Text, cast, false, func, literal_column, true
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rapport.graphql.compiler.encode import iso_datetime
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.plan import CompiledSql, ConnectionPart
from rapport.graphql.declare import Rows, keyset_of, keyset_value


def base64url(text: Any) -> Any:
    """Unpadded URL-safe base64 of a text's UTF-8 bytes, as Python's `urlsafe_b64encode(...).rstrip("=")`."""
    raw = func.encode(func.convert_to(text, "UTF8"), "base64")
    return func.translate(func.rtrim(func.replace(raw, "\n", ""), "="), "+/", "-_")


def text_literal(value: str) -> Any:
    return literal_column("'" + value.replace("'", "''") + "'")


def page_array(item: Any, ranked: Any, in_page: Any) -> Any:
    """The JSON array of `item` over the page's rows, in order (empty, not null, without rows)."""
    items = func.json_agg(aggregate_order_by(item, ranked.c._n)).filter(in_page)
    return func.coalesce(items, literal_column("'[]'::json"))


def page_info(part: ConnectionPart, cursor: Any, ranked: Any, in_page: Any, size: int, has_previous: bool) -> Any:
    values: list[Any] = []
    for key, name in part.fields:
        values.append(text_literal(key))
        if name == "hasNextPage":
            values.append(func.count() > size)
        elif name == "hasPreviousPage":
            values.append(true() if has_previous else false())
        elif name in ("startCursor", "endCursor"):
            order = ranked.c._n if name == "startCursor" else ranked.c._n.desc()
            values.append(func.json_agg(aggregate_order_by(cursor, order)).filter(in_page).op("->>")(0))
        else:
            values.append(literal_column("'PageInfo'"))
    return func.json_build_object(*values)


def count_of(rows: Rows, correlate: Any) -> Any:
    # As the resolvers count: every row of the same statement, without order, limit or cursor.
    count = rows.statement.with_only_columns(func.count(), maintain_column_froms=True).order_by(None)
    return (count if correlate is None else count.correlate(correlate)).scalar_subquery()


def cursor_json(rows: Rows, entity: Any) -> Any:
    """A row's cursor as the resolvers make it (`rapport.graphql.types.encode_cursor` of its keyset values): the
    values as a compact JSON array, in unpadded URL-safe base64."""
    values: list[Any] = []
    for attribute in keyset_of(rows).attributes:
        column = keyset_value(entity, attribute, sql=True)
        kind = type(column.type).__name__
        if kind == "DateTime":
            value = iso_datetime(column)
        elif kind in ("Uuid", "UUID", "String", "Text", "Enum", "Unicode"):
            value = cast(column, Text)
        else:
            raise NotCompiled(f"a cursor over a {kind} value")
        values.append(func.coalesce(cast(func.to_json(value), Text), literal_column("'null'")))
    separated: list[Any] = []
    for value in values:
        separated += [text_literal(","), value] if separated else [value]
    return base64url(func.concat(text_literal("["), *separated, text_literal("]")))


def cursor_binds(compiled: CompiledSql, cursors: Mapping[str, list[Any]], binds: dict[str, Any]) -> bool:
    """Read each cursor's values with its keyset's kinds into `binds`; False when one is not a position of that list
    (the resolvers answer BAD_USER_INPUT)."""
    for name, kinds in compiled.cursors:
        try:
            read = [kind(value) for kind, value in zip(kinds, cursors[name], strict=True)]
        except (ValueError, TypeError, OverflowError, KeyError):
            return False
        binds |= {f"{name}{i}": value for i, value in enumerate(read) if value is not None}
    return True
