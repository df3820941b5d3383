"""Roots answered by one hand-tuned statement that builds the whole answer as JSON (figures, dashboards).

An aggregate (customers grouped by a dimension, a funnel...) is not rows of a declared table: its repository
writes one statement selecting one JSON value, the answer with every field under its GraphQL name and every value
as the schema's serializer gives it (enum names, decimals as text). Both read paths run that statement:

- the compiler (a `RootField` of shape `"json"`) embeds it and projects what the operation selects, aliases and
  `__typename` included, in SQL;
- the resolver (`json_answer`) reads the same JSON and builds the Strawberry objects from it (`from_json`).

So the figures have one definition, and the differential tests hold the two paths to the same response. A
statement may leave out a costly part nobody reads: the compiler tells its `rows` which of the answer's fields the
operation selects (`selected_fields`); the resolver reads the whole answer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import func
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.types.enum import StrawberryEnumDefinition

from rapport.core import clock
from rapport.core.principal import Principal
from rapport.graphql.declare import NOW, SELECTED, Arguments, RootField, Rows

T = TypeVar("T")


def json_root(
    target: str, rows: Callable[[Principal | None, Arguments], Rows | None], arguments: frozenset[str] = frozenset()
) -> RootField:
    """The compiled root of a field whose statement (`rows(...).statement`) selects its whole answer as JSON."""
    return RootField(target, "json", rows, arguments=arguments)


def selected_fields(arguments: Arguments) -> frozenset[str] | None:
    """The names of the answer's fields the compiled operation reads, at any depth (None: all of them)."""
    selected = arguments.get(SELECTED)
    return None if selected is None else frozenset(selected)


def answer_object(selected: frozenset[str] | None, fields: dict[str, Any]) -> Any:
    """`json_build_object` of the answer's fields (GraphQL name -> SQL value) that the operation reads
    (`selected_fields`; every one when None): a field nobody reads leaves the statement with its subqueries."""
    pairs = [part for name, value in fields.items() if selected is None or name in selected for part in (name, value)]
    return func.json_build_object(*pairs)


async def json_answer(info: Any, rows: Rows, kind: type[T]) -> T:
    """The resolver's answer: the statement's JSON (the request's clock bound to `NOW`) as `kind`'s objects."""
    async with info.context.db.read() as session:
        value = (await session.execute(rows.statement, {NOW.key: clock.now()})).scalar_one()
    return from_json(kind, value)  # type: ignore[no-any-return]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.capitalize() for part in rest)


def as_json(value: Any) -> Any:
    """A Python value of a Strawberry type as the GraphQL response would show it with every field selected (the
    inverse of `from_json`): fields by GraphQL name, enums by name, decimals as text, dates in ISO format."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, list | tuple):
        return [as_json(item) for item in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    definition = getattr(type(value), "__strawberry_definition__", None)
    if definition is None:
        raise TypeError(f"{type(value).__name__} has no JSON form")
    return {
        field.graphql_name or _camel(field.python_name): as_json(getattr(value, field.python_name))
        for field in definition.fields
        if field.base_resolver is None
    }


def from_json(kind: Any, value: Any) -> Any:
    """A JSON value (as the GraphQL response would show it) as the Python value of a Strawberry type `kind`."""
    if value is None:
        return None
    if isinstance(kind, StrawberryOptional):
        return from_json(kind.of_type, value)
    if isinstance(kind, StrawberryList):
        return [from_json(kind.of_type, item) for item in value]
    if isinstance(kind, StrawberryEnumDefinition):
        return kind.wrapped_cls[value]
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind[value]
    if kind is Decimal:
        return Decimal(str(value))
    if kind is datetime:
        return datetime.fromisoformat(value)
    if kind is date:
        return date.fromisoformat(value)
    if kind is float:
        return float(value)
    definition = getattr(kind, "__strawberry_definition__", None)
    if definition is None:
        return value
    fields = {
        field.python_name: from_json(field.type, value.get(field.graphql_name or _camel(field.python_name)))
        for field in definition.fields
        if field.base_resolver is None
    }
    return kind(**fields)
