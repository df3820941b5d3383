"""Relay's Node interface: opaque global ids and `node(id)` dispatch to each type's scoped loader."""

from __future__ import annotations

import base64
import binascii
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

import strawberry

from rapport.core.errors import BadUserInputError

#: Type name -> function returning the object the caller may see, or None.
NodeFetcher = Callable[[Any, uuid.UUID], Awaitable[object | None]]
_FETCHERS: dict[str, NodeFetcher] = {}


@strawberry.interface(description="An object with a globally unique, opaque id (Relay Node).")
class Node:
    """Relay's Node interface."""

    id: strawberry.ID = strawberry.field(description="The opaque global id of the object.")


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
        raise BadUserInputError(f"'{global_id}' is not a valid id.") from error
    if expected is not None and type_name != expected:
        raise BadUserInputError(f"'{global_id}' is not the id of a {expected}.")
    return type_name, value


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
