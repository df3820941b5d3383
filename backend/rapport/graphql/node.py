"""Relay's Node interface: opaque global ids and `node(id)` dispatch to each type's scoped loader."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry
from sqlalchemy import Text, cast, func, literal

from rapport.core.errors import BadUserInputError
from rapport.core.i18n import msg

#: Type name -> function returning the object the caller may see, or None.
NodeFetcher = Callable[[Any, uuid.UUID], Awaitable[object | None]]
_FETCHERS: dict[str, NodeFetcher] = {}


@strawberry.interface(description="An object with a globally unique, opaque id (Relay Node).")
class Node:
    """Relay's Node interface."""

    id: strawberry.ID = strawberry.field(description="The opaque global id of the object.")


def base64url_sql(text: Any) -> Any:
    """SQL: unpadded URL-safe base64 of a text's UTF-8 bytes, as Python's `urlsafe_b64encode(...).rstrip("=")`."""
    raw = func.encode(func.convert_to(text, "UTF8"), "base64")
    return func.translate(func.rtrim(func.replace(raw, "\n", ""), "="), "+/", "-_")


def global_id_sql(type_name: str, column: Any) -> Any:
    """SQL: `to_global_id` of an id column (null stays null)."""
    return base64url_sql(literal(f"{type_name}:").op("||")(cast(column, Text)))


def to_global_id(type_name: str, raw_id: uuid.UUID) -> strawberry.ID:
    """An opaque global id for a row of a type."""
    return strawberry.ID(base64.urlsafe_b64encode(f"{type_name}:{raw_id}".encode()).decode().rstrip("="))


def from_global_id(global_id: str, expected: str | None = None) -> tuple[str, uuid.UUID]:
    """Decode a global id into (type name, uuid); raises BAD_USER_INPUT when malformed or of another type."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        value = uuid.UUID(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise BadUserInputError(msg("'{id}' is not a valid id.", id=global_id)) from error
    if expected is not None and type_name != expected:
        raise BadUserInputError(msg("'{id}' is not the id of a {type}.", id=global_id, type=expected))
    return type_name, value


def raw_id(global_id: str, type_name: str) -> uuid.UUID:
    """The row id inside a global id of `type_name`; BAD_USER_INPUT when malformed or of another type."""
    return from_global_id(global_id, type_name)[1]


def optional_id(global_id: str | None, type_name: str) -> uuid.UUID | None:
    """The row id inside an optional global id of `type_name` (None or an empty string: None)."""
    return raw_id(global_id, type_name) if global_id else None


def install_nodes(fetchers: dict[str, NodeFetcher]) -> None:
    """Let `node(id)` resolve ids of these types (the composition root calls this with the manifests' nodes)."""
    _FETCHERS.update(fetchers)


def register_node(type_name: str, fetch: NodeFetcher) -> None:
    """Let `node(id)` resolve ids of this type through `fetch` (which must apply the caller's scope)."""
    _FETCHERS[type_name] = fetch


async def resolve_node(context: Any, global_id: str) -> object | None:
    """The object behind a global id, or None when it does not exist or the caller may not see it."""
    try:
        type_name, raw_id = from_global_id(global_id)
    except BadUserInputError:
        return None
    fetch = _FETCHERS.get(type_name)
    return None if fetch is None else await fetch(context, raw_id)
