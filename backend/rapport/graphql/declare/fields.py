"""Declaring fields: plain columns and expressions, and resolver fields generated from their declarations."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import strawberry
from sqlalchemy import select
from sqlalchemy.orm import aliased

from rapport.core import clock
from rapport.graphql.declare.kinds import (
    KEY,
    NOW,
    Column,
    Computed,
    Derived,
    Expression,
    Given,
    Merged,
    Relation,
    Rendered,
    Sensitive,
    Through,
)
from rapport.graphql.declare.loading import load_relation
from rapport.graphql.declare.objects import reveal_sensitive


def column(attribute: str | None = None, *, description: str) -> Any:
    """A plain field read from a model attribute named differently from the field."""
    return strawberry.field(description=description, metadata={KEY: Column(attribute)})


def expression(sql: Callable[[Any], Any], value: Callable[[Any], Any], *, description: str) -> Any:
    """A plain field computed from the row, in SQL (`sql`) and from a loaded row (`value`)."""
    return strawberry.field(description=description, metadata={KEY: Expression(sql, value)})


def relation(spec: Relation, *, description: str) -> Callable[[Callable[..., Any]], Any]:
    """A field whose value is the relation's rows; the decorated stub gives only its arguments and type.

    The stub's body is never run: the rows come from `spec.rows`, batched per request (`load_relation`).
    """

    def wrap(stub: Callable[..., Any]) -> Any:
        @functools.wraps(stub)
        async def resolve(*parent: Any, info: Any, **arguments: Any) -> Any:
            # A type's own field gets its object as `self` (positional); a contributed one as `root` (keyword).
            return await load_relation(info, spec, parent[0] if parent else arguments.pop("root"), arguments)

        return strawberry.field(resolver=resolve, description=description, metadata={KEY: spec})

    return wrap


def through(spec: Relation, field: str, *, description: str) -> Callable[[Callable[..., Any]], Any]:
    """A field whose value is `field` of the one row the relation gives; the decorated stub gives only its type."""

    def wrap(stub: Callable[..., Any]) -> Any:
        @functools.wraps(stub)
        async def resolve(self: Any, info: Any) -> Any:
            row = await load_relation(info, spec, self, {})
            return None if row is None else getattr(row, field)

        return strawberry.field(resolver=resolve, description=description, metadata={KEY: Through(spec, field)})

    return wrap


def derived(sql: Callable[[Any], Any], *, description: str, json: bool = False) -> Callable[[Callable[..., Any]], Any]:
    """A field whose value SQL derives from the row (`Derived`); the decorated stub gives only its type. The
    resolver path reads it for every row of the request at once, with `NOW` bound to the request's clock.
    `json`: an object or list of objects that `sql` gives as JSON in the response's form (`Derived.json`)."""
    spec = Derived(sql, json)

    async def batch(session: Any, rows: Sequence[Any]) -> list[Any]:
        # An alias: the expression's own statements may read the same table (they correlate to the alias).
        entity = aliased(type(rows[0]))
        statement = select(entity.id, sql(entity)).where(entity.id.in_([row.id for row in rows]))
        values = {row[0]: row[1] for row in await session.execute(statement, {NOW.key: clock.now()})}
        return [values.get(row.id) for row in rows]

    def wrap(stub: Callable[..., Any]) -> Any:
        @functools.wraps(stub)
        async def resolve(*parent: Any, info: Any, **arguments: Any) -> Any:
            # A type's own field gets its object as `self` (positional); a contributed one as `root` (keyword).
            root = parent[0] if parent else arguments.pop("root")
            value = await info.context.loaders.get(batch).load(root._row)
            if json:
                # Imported here: json_roots builds on this package.
                from rapport.graphql.json_roots import from_json

                return from_json(info.return_type, value)
            return value

        return strawberry.field(resolver=resolve, description=description, metadata={KEY: spec})

    return wrap


def rendered(
    columns: tuple[str, ...], render: Callable[..., Any], *, description: str, policy: bool = False
) -> Callable[[Callable[..., Any]], Any]:
    """A field rendered from stored columns in the reader's language (`Rendered`), and by their policy too when
    `policy` (`render(locale, policy, *values)`); the decorated stub gives only its type."""
    spec = Rendered(columns, render, policy)

    def wrap(stub: Callable[..., Any]) -> Any:
        @functools.wraps(stub)
        def resolve(self: Any, info: Any) -> Any:
            values = [getattr(self._row, column) for column in columns]
            return spec.value(info.context.locale, info.context.policy, values)

        return strawberry.field(resolver=resolve, description=description, metadata={KEY: spec})

    return wrap


def given(value: Callable[[Any], Any], owner: str, *, description: str) -> Callable[[Callable[..., Any]], Any]:
    """The caller's own value (`Given`): `value(policy)` on the row whose `owner` column is the caller's user id;
    the decorated stub gives only its type."""
    spec = Given(value, owner)

    def wrap(stub: Callable[..., Any]) -> Any:
        @functools.wraps(stub)
        def resolve(self: Any, info: Any) -> Any:
            principal = info.context.principal
            if principal is None or getattr(self._row, owner) != principal.user_id:
                return None
            return value(info.context.policy)

        return strawberry.field(resolver=resolve, description=description, metadata={KEY: spec})

    return wrap


def sensitive(spec: Sensitive, *, description: str) -> Callable[[Callable[..., Any]], Any]:
    """An encrypted field; the decorated stub gives only its type (`list[str]` or `str | None`)."""

    def wrap(stub: Callable[..., Any]) -> Any:
        @functools.wraps(stub)
        def resolve(self: Any, info: Any) -> Any:
            return reveal_sensitive(info.context, spec, self._row)

        return strawberry.field(resolver=resolve, description=description, metadata={KEY: spec})

    return wrap


def computed(why: str, *, description: str) -> Callable[[Callable[..., Any]], Any]:
    """A field computed in Python by the decorated resolver (the compiler does not take it: `why`)."""

    def wrap(resolver: Callable[..., Any]) -> Any:
        return strawberry.field(resolver=resolver, description=description, metadata={KEY: Computed(why)})

    return wrap


def merged(spec: Merged, *, description: str) -> Callable[[Callable[..., Any]], Any]:
    """A connection over a union whose entries the decorated resolver builds, and whose SQL the compiler reads
    from `spec` (`Merged`)."""

    def wrap(resolver: Callable[..., Any]) -> Any:
        return strawberry.field(resolver=resolver, description=description, metadata={KEY: spec})

    return wrap
