"""Connections in SQL: a page's arrays, its `pageInfo` and its cursors, made as the resolvers make them.

A cursor is `rapport.graphql.types.encode_cursor` of the row's keyset values (`rapport.graphql.declare.keyset_of`):
their compact JSON array in unpadded URL-safe base64, computed by PostgreSQL for each row of the page. A request's
cursor (`after`) is read back with the keyset's kinds and bound per request (`cursor_binds`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from graphql import GraphQLList, GraphQLNonNull
from sqlalchemy import JSON, Text, bindparam, case, cast, false, func, literal_column, select, true
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rapport.graphql.compiler.encode import iso_datetime
from rapport.graphql.compiler.errors import NotCompiled
from rapport.graphql.compiler.nodes import CompiledSql, ConnectionPart, ObjectPlan
from rapport.graphql.declare import Rows, keyset_of, keyset_value
from rapport.graphql.node import base64url_sql
from rapport.graphql.types import decode_cursor


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
    # As the resolvers count: the root's own count when it has one, else every row of the same statement, without
    # order, limit or cursor.
    return rows.counted(correlate).scalar_subquery()


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
    return base64url_sql(func.concat(text_literal("["), *separated, text_literal("]")))


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


def json_object(plan: ObjectPlan, source: Any, name: Callable[[str], str]) -> Any:
    """The selected fields of a JSON answer's object (`rapport.graphql.json_roots`): each value read by its field
    name, objects and lists of objects projected in turn (a JSON null stays null)."""
    values: list[Any] = []
    for item in plan.fields:
        values.append(text_literal(item.key))
        if item.kind == "typename":
            values.append(text_literal(plan.projection.type_name))
            continue
        value = source.op("->", return_type=JSON)(text_literal(item.name))
        if item.child is None:
            values.append(value)
        else:
            assert item.definition is not None
            values.append(json_value(item.child, value, item.definition.type, name))
    return func.json_build_object(*values)


def json_fields(plan: ObjectPlan) -> frozenset[str]:
    """The names of the fields `json_object` reads from a JSON answer, at any depth (`declare.SELECTED`)."""
    names: set[str] = set()
    for item in plan.fields:
        if item.kind != "typename":
            names.add(item.name)
        if item.child is not None:
            names |= json_fields(item.child)
    return frozenset(names)


def json_value(plan: ObjectPlan, value: Any, output_type: Any, name: Callable[[str], str]) -> Any:
    """A JSON answer's object, or list of objects, projected (`json_object`); JSON null stays null."""
    inner = output_type.of_type if isinstance(output_type, GraphQLNonNull) else output_type
    if not isinstance(inner, GraphQLList):
        return case((func.json_typeof(value) == "object", json_object(plan, value, name)), else_=None)
    elements = func.json_array_elements(value).table_valued("value", with_ordinality="n").render_derived(name=name("e"))
    each = json_object(plan, elements.c.value, name)
    array = select(func.json_agg(aggregate_order_by(each, elements.c.n))).select_from(elements).scalar_subquery()
    return case((func.json_typeof(value) == "array", func.coalesce(array, literal_column("'[]'::json"))), else_=None)


def after_cursor(
    rows: Rows, name: str, cursor: str, cursors: list[tuple[str, tuple[Callable[[Any], Any], ...]]]
) -> Rows:
    """The rows after a cursor, its keyset values bound per request (`name`0, `name`1...; a null value is part of
    the SQL's shape): the request's values are read with the keyset's kinds when the SQL is used (`cursor_binds`)."""
    keyset = keyset_of(rows)
    values = decode_cursor(cursor) or []
    if len(values) != len(keyset.kinds):
        raise NotCompiled("a cursor of another list")
    position: list[Any] = [
        None if value is None else bindparam(f"{name}{i}", required=False) for i, value in enumerate(values)
    ]
    cursors.append((name, keyset.kinds))
    return replace(rows, statement=rows.statement.where(keyset.after(position)))


def project_json(plan: ObjectPlan, value: Any) -> Any:
    """A JSON value (objects by field name, as `as_json` gives them) projected as `json_object` projects one in SQL:
    each selected field under its response key, `__typename` as the type's name; a list item by item."""
    if value is None:
        return None
    if isinstance(value, list):
        return [project_json(plan, item) for item in value]
    found: dict[str, Any] = {}
    for item in plan.fields:
        if item.kind == "typename":
            found[item.key] = plan.projection.type_name
        else:
            inner = value.get(item.name)
            found[item.key] = inner if item.child is None else project_json(item.child, inner)
    return found
