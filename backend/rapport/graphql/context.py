"""The per-request (or per-websocket) GraphQL context."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import strawberry
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette.responses import Response
from starlette.websockets import WebSocket

from rapport.config import Settings
from rapport.core import clock
from rapport.core.authz import policy as authz_policy
from rapport.core.authz.policy import PrincipalPolicy
from rapport.core.db import Database
from rapport.core.errors import UnauthenticatedError
from rapport.core.i18n import DEFAULT_LOCALE
from rapport.core.idempotency import mark_committed
from rapport.core.principal import Principal
from rapport.core.sqlstats import StatementStats
from rapport.graphql.loaders import Loaders

if TYPE_CHECKING:
    from rapport.graphql.sockets import SocketRights


@dataclass
class Context:
    """What resolvers may use: the caller, the database, the request's loaders and settings."""

    request: Request | WebSocket
    response: Response | None
    settings: Settings
    db: Database
    principal: Principal | None
    loaders: Loaders
    stats: StatementStats | None = None
    session_token: str | None = None
    connection_params: dict[str, Any] | None = None
    state: dict[str, Any] = field(default_factory=dict)
    policy: PrincipalPolicy = field(default_factory=lambda: authz_policy.current().for_roles(()))
    sensitive_reads: dict[tuple[str, Any], set[str]] = field(default_factory=dict)
    #: On a websocket: its credential and when its rights were last read (None for HTTP requests).
    rights: SocketRights | None = None
    #: The reader's language (`rapport.core.i18n.request_locale`): errors, userErrors and notifications use it.
    locale: str = DEFAULT_LOCALE
    #: The `Idempotency-Key` this request claimed (`rapport.graphql.idempotency`): marked in each unit of work.
    idempotency_key: uuid.UUID | None = None

    def __post_init__(self) -> None:
        self.refresh_policy()

    def refresh_policy(self) -> None:
        """Take the caller's policy from the policy this process enforces now."""
        roles = self.principal.roles if self.principal is not None else ()
        self.policy = authz_policy.current().for_roles(roles)

    @property
    def viewer(self) -> Principal:
        """The signed-in caller; raises UNAUTHENTICATED when there is none."""
        if self.principal is None:
            raise UnauthenticatedError
        return self.principal

    async def current_viewer(self, event_memo: dict[str, Any] | None = None) -> Principal:
        """The caller as they are now: on a websocket, re-read (with their policy) when identities or the policy
        changed since the last read; raises UNAUTHENTICATED once the socket's session or token stopped working.

        With the per-process memo of an event about to be delivered, changes committed before the event was read
        are heard first (`rapport.graphql.sockets.OpenSockets.fence`).
        """
        if self.rights is not None:
            if event_memo is not None:
                from rapport.graphql.sockets import open_sockets

                await open_sockets.fence(event_memo)
            await self.rights.refresh(self)
        return self.viewer

    @asynccontextmanager
    async def write(self) -> AsyncIterator[AsyncSession]:
        """A unit of work for a mutation: commits when the block ends, rolls back on error.

        Afterwards the request's loaders start afresh, so the payload shows what was just written.
        """
        try:
            async with self.db.write() as session:
                yield session
                if self.idempotency_key is not None:
                    await mark_committed(session, self.idempotency_key, clock.now())
        finally:
            self.loaders = Loaders(self.db, self.principal)

    def read(self) -> Any:
        """A read-only session on its own connection."""
        return self.db.read()

    @property
    def client_address(self) -> str:
        """The caller's network address (behind a proxy: as uvicorn's --proxy-headers reports it)."""
        client = self.request.client
        return client.host if client else "unknown"


#: The resolver `info` argument, typed with Rapport's context.
Info = strawberry.Info[Context, None]
