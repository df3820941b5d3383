"""The small GraphQL kit every domain's roots use: a node by id, a page with its count, a mutation's outcome.

- `node_by_id`: a root field that fetches one object by its global id through the type's scoped loader;
  null when it does not exist or the caller may not see it (the two answer alike); `node_fetcher`, the same
  for `node(id)` (a manifest's `nodes`).
- `statement_page`: a cursor page of a scoped statement, its keyset cursors computed from the statement's
  own order (the same cursors as declared connections), its `totalCount` counted only when selected.
- `attempt` / `outcome`: run a unit of work; what the user can fix (BAD_USER_INPUT) becomes `userErrors` and
  nothing is written; NOT_FOUND, FORBIDDEN and CONFLICT stay GraphQL errors.
- `rows_of` / `scalar_value`: a list root's objects, a scalar root's value, from the statement the compiler
  embeds.
- `raw_ids` / `enum_values`: a filter's global ids and enum members as the values its SQL compares.
- `filtered_page_root`: the compiled root of a `(first, after, filter)` list, from the same rows the resolver
  pages.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from enum import Enum
from typing import Any, TypeVar

from sqlalchemy import func, literal
from sqlalchemy.ext.asyncio import AsyncSession

from rapport.core import clock
from rapport.core.errors import BadUserInputError, RapportError
from rapport.core.i18n import named, reader_locale
from rapport.core.principal import Principal
from rapport.graphql.declare import (
    NOW,
    Arguments,
    RootField,
    Rows,
    after_position,
    cursor_kinds,
    cursor_values,
    expression,
)
from rapport.graphql.node import from_global_id
from rapport.graphql.types import (
    Connection,
    UserError,
    build_connection,
    decode_keyset,
    page_size,
    page_size_or_none,
)

T = TypeVar("T")
P = TypeVar("P")

#: A scoped batch load by id: given a read session, the caller and ids, one row (or None) per id.
ScopedById = Callable[..., Awaitable[Sequence[Any]]]


def seeded_name(description: str) -> Any:
    """A `name` field of rows whose name may be seeded in every language (`labels`: {"zh-CN": ..., "en": ...}):
    read in the reader's language on both paths (`rapport.core.i18n.reader_locale`), else the name as typed."""
    return expression(
        lambda row: func.coalesce(row.labels.op("->>")(literal(reader_locale.get())), row.name),
        lambda row: named(row.name, row.labels).render(reader_locale.get()),
        description=description,
    )


def user_error(error: BadUserInputError) -> UserError:
    """A UserError for a service error: its input field, message and code (the error's reason when it has
    one, e.g. CLAIM_LIMIT, else BAD_USER_INPUT)."""
    reason = error.extensions.get("reason")
    return UserError.from_error(error, code=str(reason) if reason else None)


async def attempt(body: Callable[[], Awaitable[T]]) -> T | list[UserError]:
    """Run a unit of work; user-fixable errors become UserErrors (nothing was written)."""
    try:
        return await body()
    except BadUserInputError as error:
        return [user_error(error)]


#: Where a request's ASGI scope names the payload objects that the compiled path reads after the write
#: (`rapport.graphql.payloads`): (the mutation field's response key, the payload field's name).
READ_AFTER = "rapport.read_after"


def read_after(info: Any, field: str) -> bool:
    """Whether this mutation's payload object `field` is read by the compiled path after the write: its
    resolver then answers the object's id alone (the selection was reduced to it) and skips reading it back."""
    scope = getattr(info.context.request, "scope", None) or {}
    return (info.path.key, field) in scope.get(READ_AFTER, ())


async def outcome(payload: Callable[..., P], key: str, body: Callable[[], Awaitable[Any]]) -> P:
    """The payload of a mutation: `payload(<key>=result, user_errors=[])`, or `<key>=None` with the errors."""
    result = await attempt(body)
    if isinstance(result, list):
        return payload(**{key: None, "user_errors": result})
    return payload(**{key: result, "user_errors": []})


def node_fetcher(load: ScopedById, to_node: Callable[[Any], T]) -> Callable[[Any, uuid.UUID], Awaitable[T | None]]:
    """The `node(id)` fetch of a type (its manifest's `nodes`): the object through the type's scoped loader, None
    when it does not exist or the caller may not see it."""

    async def fetch(context: Any, raw_id: uuid.UUID) -> T | None:
        row = await context.loaders.scoped(load).load(raw_id)
        return None if row is None else to_node(row)

    return fetch


async def node_by_id(
    info: Any, type_name: str, global_id: str, load: ScopedById, to_node: Callable[[Any], T]
) -> T | None:
    """The object of a global id of `type_name` that the caller may see, through the type's scoped loader.

    A malformed id, the id of another type, a missing or an out-of-scope one: null, all alike (as `node(id)`).
    """
    try:
        raw: uuid.UUID = from_global_id(global_id, type_name)[1]
    except BadUserInputError:
        return None
    row = await info.context.loaders.scoped(load).load(raw)
    return None if row is None else to_node(row)


async def statement_page(
    info: Any,
    rows: Rows,
    first: int | None,
    after: str | None,
    to_node: Callable[[Any], T],
    read: Callable[[], AbstractAsyncContextManager[AsyncSession]] | None = None,
) -> Connection[T]:
    """A page of a scoped statement (`rows`: its order is its keyset), with a lazily counted total; `read` gives the
    sessions it runs in (default: the database's reads)."""
    size = page_size(first)
    position = decode_keyset(after, *cursor_kinds(rows))
    page = after_position(rows, position)
    statement = page.statement.order_by(*page.order_by).limit(size + 1)
    reader = read or info.context.db.read
    async with reader() as session:
        found = list((await session.scalars(statement, {NOW.key: clock.now()})).all())

    async def count() -> int:
        async with reader() as session:  # the same clock as the page (a statement may read `NOW`)
            return int((await session.execute(rows.counted(), {NOW.key: clock.now()})).scalar_one())

    return build_connection(
        found,
        size,
        to_node=to_node,
        cursor_of=lambda row: cursor_values(rows, row),
        has_previous=position is not None,
        count=count,
    )


async def rows_of(info: Any, rows: Rows, to_node: Callable[[Any], T]) -> list[T]:
    """A `"list"` root's objects: its rows in their order, at most `rows.limit` (the statement the compiler embeds,
    the request's clock bound to `NOW`)."""
    statement = rows.statement.order_by(*rows.order_by).offset(rows.offset or None)
    if rows.limit is not None:
        statement = statement.limit(rows.limit)
    async with info.context.db.read() as session:
        return [to_node(row) for row in (await session.scalars(statement, {NOW.key: clock.now()})).all()]


async def scalar_value(info: Any, rows: Rows) -> Any:
    """The one value a scalar root's statement selects (the same statement the compiler embeds), the request's
    clock bound to `NOW`."""
    async with info.context.db.read() as session:
        return (await session.execute(rows.statement, {NOW.key: clock.now()})).scalar_one()


def raw_ids(values: Sequence[str] | None, type_name: str) -> list[uuid.UUID] | None:
    """The row ids of a filter's global ids of `type_name` (None: no such filter); a malformed one answers
    BAD_USER_INPUT."""
    return None if values is None else [from_global_id(value, type_name)[1] for value in values]


def enum_values(values: Sequence[Enum] | None) -> list[str] | None:
    """The stored values of a filter's enum members (None: no such filter)."""
    return None if values is None else [str(value.value) for value in values]


def filtered_page_root(
    target: str, rows_of: Callable[[Principal | None, Any], Rows], filter_type: Callable[..., Any]
) -> RootField:
    """The compiled root of a list taking `first`, `after` and `filter` whose resolver pages
    `rows_of(principal, filter)` (`statement_page`): the same rows for a first page, whatever the filter.

    The filter arrives as the executor coerced it and becomes the resolver's input object (`input_of`); a filter the
    resolver would refuse (a malformed id) is left to the resolvers. The compiler reads `after` itself, through the
    rows' keyset (`rapport.graphql.declare.keyset_of`).
    """

    def rows(principal: Principal | None, arguments: Arguments) -> Rows | None:
        size = page_size_or_none(arguments.get("first"))
        if size is None:
            return None
        try:
            given = input_of(filter_type, arguments.get("filter"))
            found = rows_of(principal, given)
        except (RapportError, TypeError, AttributeError):
            return None
        searched = bool((getattr(given, "search", None) or "").strip())  # a search counts in the page's pass
        return Rows(found.statement, found.order_by, size, found.keyset, count_in_pass=searched, count=found.count)

    return RootField(target, "connection", rows, arguments=frozenset({"first", "after", "filter"}))


def input_of(input_type: Callable[..., T], given: Any) -> T | None:
    """A GraphQL input object as the executor coerced it (a dict by GraphQL names: enum members, datetimes, ids as
    sent) made into its Strawberry input type, as the resolver receives it (None stays None)."""
    return None if given is None else input_type(**{_python_name(k): v for k, v in given.items()})


def _python_name(name: str) -> str:
    """An input field's Python name from its GraphQL name (`openOnly` -> `open_only`)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name)
