"""Encoding: the SQL that turns a column into the JSON value the schema's serializer would give."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLEnumType, GraphQLList, GraphQLNonNull, GraphQLOutputType, GraphQLScalarType, get_named_type
from sqlalchemy import Float, Text, case, cast, func, literal_column, select
from sqlalchemy.dialects.postgresql import aggregate_order_by

from rapport.graphql.compiler.errors import NotCompiled


def encoder(output_type: GraphQLOutputType) -> Callable[[Any], Any]:
    """The SQL that turns a column into the JSON value the schema's serializer would give."""
    inner = output_type.of_type if isinstance(output_type, GraphQLNonNull) else output_type
    if isinstance(inner, GraphQLList):
        # A PostgreSQL array (or JSON array) of text, integers, booleans or dates, which json_build_object embeds
        # as the serializer gives it (dates as ISO text, whatever DateStyle says).
        item = get_named_type(inner)
        if isinstance(item, GraphQLScalarType) and item.name in ("String", "ID", "Int", "Boolean", "Date"):
            return lambda column: column
        if isinstance(item, GraphQLEnumType):
            members = {str(value.value): name for name, value in item.values.items()}
            return lambda column: _enum_array(column, members)
        raise NotCompiled("lists of values other than text, integers, booleans and dates are not compiled")
    if isinstance(inner, GraphQLNonNull):
        raise NotCompiled("a non-null of a non-null")
    if isinstance(inner, GraphQLEnumType):
        # CASE, not upper(): a stored value that is no member becomes null, as `enum_or_none` makes it.
        names = {str(value.value): name for name, value in inner.values.items()}
        return lambda column: case(names, value=column)
    if isinstance(inner, GraphQLScalarType):
        encoder = _SCALARS.get(inner.name)
        if encoder is not None:
            return encoder
    raise NotCompiled(f"scalar {get_named_type(output_type)} is not compiled")


def _enum_array(column: Any, members: dict[str, str]) -> Any:
    # A stored array of enum values as the JSON array of their names, in order; a value that is no member is left
    # out (as the row's reader leaves it out).
    items = func.unnest(column).table_valued("value", with_ordinality="n").render_derived("enum_items")
    names = func.json_agg(aggregate_order_by(case(members, value=items.c.value), items.c.n))
    known = select(func.coalesce(names, literal_column("'[]'::json"))).where(items.c.value.in_(list(members)))
    listed = known.select_from(items).scalar_subquery()
    return case((column.is_(None), None), else_=listed)


def iso_datetime(column: Any) -> Any:
    # datetime.isoformat() of a UTC value: microseconds only when not zero, "+00:00" at the end.
    text = func.to_char(func.timezone("UTC", column), 'YYYY-MM-DD"T"HH24:MI:SS.US')
    return func.regexp_replace(text, r"\.000000$", "") + "+00:00"


def iso_time(column: Any) -> Any:
    # time.isoformat(): microseconds only when not zero.
    return func.regexp_replace(func.to_char(column, "HH24:MI:SS.US"), r"\.000000$", "")


_SCALARS: dict[str, Callable[[Any], Any]] = {
    "String": lambda c: c,
    "ID": lambda c: c,  # a global id made in SQL (an expression), as text
    "Int": lambda c: c,
    "Boolean": lambda c: c,
    "DateTime": iso_datetime,
    "Date": lambda c: func.to_char(c, "YYYY-MM-DD"),
    "Time": iso_time,
    "Decimal": lambda c: cast(c, Text),
    "Float": lambda c: cast(c, Float),  # double precision: JSON's shortest round-trip text, as Python's repr
    "JSON": lambda c: c,  # a json/jsonb column is embedded as it is stored, as the JSON scalar shows it
}
