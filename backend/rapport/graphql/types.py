"""GraphQL types shared by every domain: user errors and pagination."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import Annotated, Any, Generic, TypeVar

import orjson
import strawberry

from rapport.core.errors import BadUserInputError, RapportError
from rapport.core.i18n import DEFAULT_LOCALE, Message, msg

T = TypeVar("T")

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100

#: The single `input` argument every mutation takes.
INPUT = strawberry.argument(description="The mutation's input.")

#: The Relay pagination arguments, described once for every connection field.
First = Annotated[int | None, strawberry.argument(description="How many items to return (default 20, at most 100).")]
After = Annotated[
    str | None, strawberry.argument(description="Start after this cursor (a previous page's `endCursor`).")
]


def _user_error_message(root: UserError, info: strawberry.Info) -> str:
    """A user error's message in the request's language."""
    return root.text.render(getattr(info.context, "locale", DEFAULT_LOCALE))


@strawberry.type(description="A problem the caller can fix, attached to an input field where it applies.")
class UserError:
    """One user-fixable problem; its message is rendered in the reader's language when the response is written."""

    field: str | None = strawberry.field(description='Input field path, e.g. "email"; null when general.')
    message: str = strawberry.field(
        resolver=_user_error_message, description="What is wrong and how to fix it, for a person."
    )
    code: str = strawberry.field(description="Machine-readable code, e.g. INVALID_CREDENTIALS.")
    text: strawberry.Private[Message]

    @classmethod
    def of(cls, message: str | Message, *, field: str | None = None, code: str) -> UserError:
        """A user error from a message (a literal template, or `msg(template, **params)`)."""
        return cls(field=field, code=code, text=message if isinstance(message, Message) else Message(message))

    @classmethod
    def from_error(cls, error: RapportError, code: str | None = None) -> UserError:
        """A UserError from a service error (its `field` extension names the input field)."""
        field = error.extensions.get("field")
        return cls(field=str(field) if field else None, code=code or error.code.value, text=error.text)


@strawberry.type(description="Where a page of a connection sits in the whole list.")
class PageInfo:
    """Relay page info."""

    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items precede this page.")
    start_cursor: str | None = strawberry.field(description="Cursor of the first item of this page.")
    end_cursor: str | None = strawberry.field(description="Cursor of the last item; pass as `after` for more.")


@strawberry.type(description="An item of a connection with its cursor.")
class Edge(Generic[T]):
    """A Relay edge."""

    cursor: str = strawberry.field(description="Opaque position of this item; pass as `after`.")
    node: T = strawberry.field(description="The item.")


@strawberry.type(description="A page of a list (Relay cursor connection).")
class Connection(Generic[T]):
    """A Relay connection; `totalCount` runs its count query only when asked for."""

    edges: list[Edge[T]] = strawberry.field(description="The items of this page with their cursors.")
    page_info: PageInfo = strawberry.field(description="Whether more items exist and the cursors to get them.")
    _count: strawberry.Private[Callable[[], Awaitable[int]] | None] = None

    @strawberry.field(description="The items of this page, without cursors.")
    def nodes(self) -> list[T]:
        """The nodes of the edges."""
        return [edge.node for edge in self.edges]

    @strawberry.field(description="How many items the whole list holds (visible to the caller).")
    async def total_count(self) -> int:
        """Count lazily; costs one query when selected."""
        if self._count is None:
            return len(self.edges)
        return await self._count()


def value_of(member: Enum | None) -> Any:
    """The stored value of an optional enum member given in an input (None stays None)."""
    return None if member is None else member.value


def page_size(first: int | None) -> int:
    """The page size to use for `first` (default 20; at most 100)."""
    size = page_size_or_none(first)
    if size is None:
        raise BadUserInputError(msg("`first` must be between 0 and {max}.", max=MAX_PAGE_SIZE), field="first")
    return size


def encode_cursor(values: Sequence[Any]) -> str:
    """An opaque cursor for a keyset position."""
    return base64.urlsafe_b64encode(orjson.dumps(list(values), default=str)).decode().rstrip("=")


#: A cursor longer than this is not one of ours (ours hold two short values).
MAX_CURSOR_LENGTH = 512
_BAD_CURSOR = "`after` is not a valid cursor; use a cursor from a previous page."


def decode_cursor(cursor: str | None) -> list[Any] | None:
    """The keyset position inside a cursor; BAD_USER_INPUT when it is not one of ours."""
    if cursor is None:
        return None
    try:
        if len(cursor) > MAX_CURSOR_LENGTH or not cursor.isascii():
            raise ValueError(cursor)
        values = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, binascii.Error, orjson.JSONDecodeError) as error:
        raise BadUserInputError(_BAD_CURSOR) from error
    if not isinstance(values, list):
        raise BadUserInputError(_BAD_CURSOR)
    return values


def cursor_text(value: Any) -> str:
    """A text keyset value of a cursor (no NUL: PostgreSQL text cannot hold one)."""
    if not isinstance(value, str) or "\x00" in value:
        raise ValueError(value)
    return value


def cursor_time(value: Any) -> datetime:
    """A timestamp keyset value of a cursor, with its time zone, in PostgreSQL's range."""
    at = datetime.fromisoformat(cursor_text(value))
    if at.tzinfo is None:
        raise ValueError(value)
    return at.astimezone(UTC)  # OverflowError at the ends of the calendar


def cursor_uuid(value: Any) -> uuid.UUID:
    """A row id keyset value of a cursor."""
    return uuid.UUID(cursor_text(value))


def optional(kind: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A keyset value that may be null (a nullable sort column)."""
    return lambda value: None if value is None else kind(value)


def decode_keyset(cursor: str | None, *kinds: Callable[[Any], Any]) -> tuple[Any, ...] | None:
    """The keyset position of a cursor, one value per kind (`cursor_text`, `cursor_time`, `cursor_uuid`...).

    Every cursor a client sends goes through here: anything but a position of exactly this shape answers
    BAD_USER_INPUT before any SQL runs.
    """
    values = decode_cursor(cursor)
    if values is None:
        return None
    if len(values) != len(kinds):
        raise BadUserInputError(_BAD_CURSOR)
    try:
        return tuple(kind(value) for kind, value in zip(kinds, values, strict=True))
    except (ValueError, TypeError, OverflowError) as error:
        raise BadUserInputError(_BAD_CURSOR) from error


def decode_time_cursor(cursor: str | None) -> tuple[datetime, uuid.UUID] | None:
    """A (time, id) keyset position from a cursor of a newest-first list."""
    position = decode_keyset(cursor, cursor_time, cursor_uuid)
    return None if position is None else (position[0], position[1])


def time_cursor(at: datetime, row_id: uuid.UUID) -> tuple[str, str]:
    """The keyset values of a row in a newest-first list."""
    return at.isoformat(), str(row_id)


def build_connection(
    rows: Sequence[Any],
    size: int,
    *,
    to_node: Callable[[Any], T],
    cursor_of: Callable[[Any], Sequence[Any]],
    has_previous: bool,
    count: Callable[[], Awaitable[int]] | None = None,
) -> Connection[T]:
    """A connection from `size + 1` fetched rows (the extra row only tells that a next page exists)."""
    has_next = len(rows) > size
    edges = [Edge(cursor=encode_cursor(cursor_of(row)), node=to_node(row)) for row in rows[:size]]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        _count=count,
    )


def page_size_or_none(first: object) -> int | None:
    """The page size for `first` when it is valid (default 20), else None (the resolver reports the error)."""
    if first is None:
        return DEFAULT_PAGE_SIZE
    if isinstance(first, int) and not isinstance(first, bool) and 0 <= first <= MAX_PAGE_SIZE:
        return first
    return None
