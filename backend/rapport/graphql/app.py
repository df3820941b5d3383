"""The ASGI GraphQL app: HTTP POST and graphql-transport-ws, authenticated by session cookie or API token."""

from __future__ import annotations

from typing import Any

import orjson
from prometheus_client import Gauge
from starlette.requests import HTTPConnection, Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.schema import BaseSchema
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types.unset import UnsetType

from rapport.config import Settings
from rapport.core.db import Database
from rapport.core.principal import Principal
from rapport.core.security import secret_hash
from rapport.core.sqlstats import StatementStats, current_stats
from rapport.graphql.context import Context
from rapport.graphql.extensions import observe_operation
from rapport.graphql.fastpath import AUTH_SCOPE_KEY, CompiledReads, read_body, replay
from rapport.graphql.loaders import Loaders
from rapport.identity.principals import principal_cache
from rapport.identity.service import SESSION_COOKIE, principal_for_session, principal_for_token

OPEN_WEBSOCKETS = Gauge("rapport_websockets_open", "Open GraphQL websockets")
DEBUG_HEADER = "x-rapport-debug"


def bearer_token(value: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value."""
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


async def authenticate(
    db: Database, connection: HTTPConnection, bearer: str | None
) -> tuple[Principal | None, str | None]:
    """The caller: an API token wins over the session cookie. Returns (principal, session token)."""
    if bearer:
        async with db.write() as session:
            return await principal_for_token(session, bearer), None
    cookie = connection.cookies.get(SESSION_COOKIE)
    if cookie:
        digest = secret_hash(cookie)
        principal = principal_cache.get(digest)
        if principal is None:
            generation = principal_cache.generation
            async with db.read() as session:
                principal = await principal_for_session(session, cookie)
            if principal is not None:
                principal_cache.put(digest, principal, generation)
        return principal, cookie
    return None, None


class RapportGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI app with Rapport's context, authentication and websocket rules."""

    def __init__(self, schema: BaseSchema, settings: Settings, db: Database) -> None:
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.is_development else None,
            allow_queries_via_get=False,
            subscription_protocols=(GRAPHQL_TRANSPORT_WS_PROTOCOL,),
            keep_alive=True,
            keep_alive_interval=15,
            allowed_origins=settings.allowed_origins,
        )
        self.settings = settings
        self.db = db
        self.compiled = CompiledReads(
            schema._schema,  # type: ignore[attr-defined]
            settings,
            db,
            self._authenticate_scope,
            observe_operation,
            tuple(getattr(schema, "limit_rules", ())),
        )

    async def _authenticate_scope(self, scope: Scope) -> tuple[Principal | None, str | None]:
        connection = HTTPConnection(scope)
        return await authenticate(self.db, connection, bearer_token(connection.headers.get("authorization")))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            OPEN_WEBSOCKETS.inc()
            try:
                await super().__call__(scope, receive, send)
            finally:
                OPEN_WEBSOCKETS.dec()
        elif scope["method"] == "GET" and b"query=" in scope.get("query_string", b""):
            # Operations travel by POST only; a GET can be forged by any page (CSRF) or cached by proxies.
            response = PlainTextResponse(
                "GraphQL operations must be sent with POST (application/json).",
                status_code=405,
                headers={"Allow": "POST"},
            )
            await response(scope, receive, send)
        elif scope["method"] == "POST" and self.settings.compiled_reads:
            body, messages = await read_body(receive)
            if not await self.compiled.serve(scope, body, send):
                await super().__call__(scope, replay(messages, receive), send)
        else:
            await super().__call__(scope, receive, send)

    async def get_context(self, request: Request | WebSocket, response: Response | WebSocket) -> Context:
        stats: StatementStats | None = None
        known = request.scope.get(AUTH_SCOPE_KEY)
        if isinstance(request, Request):
            # Statements of the compiled path's authentication count for this request too.
            stats = known[2] if known is not None else StatementStats()
            current_stats.set(stats)
        if known is not None:  # the compiled read path already authenticated this request
            principal, session_token, _ = known
        else:
            principal, session_token = await authenticate(
                self.db, request, bearer_token(request.headers.get("authorization"))
            )
        debug_sql = (
            self.settings.is_development
            and isinstance(request, Request)
            and request.headers.get(DEBUG_HEADER, "").lower() == "sql"
        )
        return Context(
            request=request,
            response=response if isinstance(response, Response) else None,
            settings=self.settings,
            db=self.db,
            principal=principal,
            loaders=Loaders(self.db, principal),
            stats=stats if debug_sql else None,
            session_token=session_token,
        )

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate the socket at `connection_init` (payload `authorization`) or by its session cookie."""
        params = context.connection_params or {}
        raw = params.get("authorization") or params.get("Authorization")
        token = bearer_token(raw) if isinstance(raw, str) else None
        if token:
            context.principal, _ = await authenticate(self.db, context.request, token)
            context.loaders = Loaders(self.db, context.principal)
            context.refresh_policy()
        if context.principal is None:
            raise ConnectionRejectionError({"reason": "Sign in first or pass an API token in connection_init."})
        return {"viewer": context.principal.email}

    async def render_graphql_ide(self, request: Request) -> Response:
        if self.settings.is_production:
            return Response("Not Found", status_code=404)
        return await super().render_graphql_ide(request)

    def decode_json(self, data: str | bytes) -> Any:
        return orjson.loads(data)

    def encode_json(self, data: object) -> str:
        # Text, not bytes: websocket frames of graphql-transport-ws must be text frames.
        return orjson.dumps(data).decode()
